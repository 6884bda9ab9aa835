#!/bin/bash
# Optimistic DAD (RFC 4429), `ipv6-optimistic-dad 1`. (1) pre-up adds the
# address and the token's link-local with IFA_F_OPTIMISTIC (optimistic_dad and
# use_optimistic 1 first): right after ifup they are optimistic, bindable and
# chosen as source addresses, and ifup returns without waiting for the ~1-2 s
# of DAD; DAD then completes, and ifdown removes them and restores both
# sysctls. (2) A duplicate (the peer holds the address) found before up runs
# (a stanza `up sleep` lets the kernel's first probe go out) fails ifup with
# the error naming the address, and everything is undone. (3) A duplicate
# found after up returned: ifup succeeded; `iftoken explain` shows the address
# dadfailed. (4) `dad-attempts 0` with it is refused before anything changes.
. "$(dirname "$0")/lib.sh"
ADDR=$PREFIX::208:80:154:23
SHOWN=$PREFIX:0:208:80:154:23
LL=fe80::208:80:154:23
sysctl_of() { in_host cat "/proc/sys/net/ipv6/conf/$IFNAME/$1"; }
flags_of() { in_host ip -6 -o addr show dev "$IFNAME" | awk -v a="$1" '$4 == a {for (i = 5; i <= NF; i++) printf "%s ", $i}'; }

# ---- 1. optimistic: usable at once, ifup does not wait for DAD
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $ADDR/64
    token auto
    ipv6-link-local token
    ipv6-optimistic-dad 1
EOF2
start_recorder
start=$(date +%s%N)
ifup_ok -v eno1
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
# What the kernel shows right after ifup: still in DAD, but optimistic.
flags=$(flags_of "$SHOWN/64")
ll_flags=$(flags_of "$LL/64")
route=$(in_host ip -6 route get "$PREFIX::99")
bind_ok=yes; can_bind "$ADDR" 2>/dev/null || bind_ok=no
note "ifup took $elapsed_ms ms; $SHOWN: $flags; $LL: $ll_flags; $route"
assert_contains "$out" "ifupdown-token: eno1: optimistic_dad 0 -> 1"
assert_contains "$out" "ifupdown-token: eno1: use_optimistic 0 -> 1"
assert_contains "$out" "ifupdown-token: eno1: address $SHOWN/64 optimistic"
assert_contains "$out" "ifupdown-token: eno1: address $LL/64 optimistic"
assert_contains "$out" "ifupdown-token: eno1: DAD running for $SHOWN, usable meanwhile (optimistic, RFC 4429): not waited for"
assert_not_contains "$out" "DAD done"
assert_contains "$flags" "optimistic"
assert_contains "$flags" "tentative"
assert_contains "$ll_flags" "optimistic"
[ $bind_ok = yes ] || fail "cannot bind to the optimistic $ADDR right after ifup"
assert_contains "$route" "src $SHOWN"     # use_optimistic: ipv6_dev_get_saddr() picks it
# The kernel's DAD takes its random start delay (up to 1 s) plus 1 s; ifup
# returned well before: bound 800 ms, times IFT_TIME_SCALE on slow machines.
limit_ms=$(awk -v s="${IFT_TIME_SCALE:-1}" 'BEGIN { printf "%d", 800 * s }')
[ "$elapsed_ms" -lt "$limit_ms" ] || fail "ifup took $elapsed_ms ms (bound $limit_ms ms): it waited for DAD"
wait_dad_over
flags=$(flags_of "$SHOWN/64")
assert_not_contains "$flags" "optimistic"
assert_not_contains "$flags" "dadfailed"
assert_contains "$(cat "$RUNDIR/ifupdown-token/eno1")" "use_optimistic"
assert_only_addresses "$SHOWN/64" "$LL/64"
ifdown_ok eno1
[ -z "$(in_host ip -6 -o addr show dev eno1 scope global)" ] || fail "ifdown left the address"
[ "$(sysctl_of optimistic_dad)" = 0 ] || fail "optimistic_dad not restored"
[ "$(sysctl_of use_optimistic)" = 0 ] || fail "use_optimistic not restored"
[ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "ifdown left the record"
teardown_pair

# ---- 2. a duplicate found before up runs: ifup fails naming the address
setup_pair eno1
ip -n "$R" addr add "$ADDR/64" dev rtr0 nodad
interfaces <<EOF2
iface eno1 inet6 manual
    address $ADDR/64
    token auto
    ipv6-optimistic-dad 1
    up sleep 1.5
EOF2
before=$(iface_state)
start_recorder
ifup_fails eno1
assert_contains "$out" "ifupdown-token: eno1: error: duplicate address detection failed for $SHOWN: another host on the link already uses it; find it (ip -6 neigh) or pick another address"
assert_contains "$out" "ifupdown-token: eno1: error: every change of this ifup was undone"
assert_contains "$(recorded_lines "$SHOWN")" "dadfailed"
after=$(iface_state)
assert_same "the failed ifup did not undo everything" \
  "$(normalise up link-locals <<<"$before")" "$(normalise up link-locals <<<"$after")"
teardown_pair

# ---- 3. a duplicate found after up returned: ifup succeeded; explain shows it
setup_pair eno1
ip -n "$R" addr add "$ADDR/64" dev rtr0 nodad
interfaces <<EOF2
iface eno1 inet6 manual
    address $ADDR/64
    token auto
    ipv6-optimistic-dad 1
EOF2
start_recorder
rc=0; out=$(ifupdown ifup eno1) || rc=$?
note "ifup (exit $rc) said: $out"
if [ $rc != 0 ]; then
  # The kernel's random start delay was short enough for up to see it (rare).
  assert_contains "$out" "duplicate address detection failed for $SHOWN"
else
  failed() { grep -q dadfailed <<<"$(flags_of "$SHOWN/64")"; }
  wait_until 5 "DAD of $SHOWN never failed" failed
  run_iftoken explain eno1 || true
  note "iftoken explain: $(cat "$T/iftoken.out")"
  assert_contains "$(grep -F "$SHOWN/64" "$T/iftoken.out")" "dadfailed"
  assert_contains "$(grep -F "$SHOWN/64" "$T/iftoken.out")" "DAD failed: another host on the link uses it"
  ifdown_ok eno1
  [ -z "$(in_host ip -6 -o addr show dev eno1 scope global)" ] || fail "ifdown left the address"
fi
teardown_pair

# ---- 4. with dad-attempts 0: refused, nothing changed
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $ADDR/64
    token auto
    dad-attempts 0
    ipv6-optimistic-dad 1
EOF2
before=$(iface_state)
ifup_fails eno1
assert_contains "$out" "ifupdown-token: eno1: error: option ipv6-optimistic-dad: '1': optimistic DAD is still DAD, and 'dad-attempts 0' adds the addresses without DAD (nodad); drop one of the two options"
after=$(iface_state)
assert_same "the refused ifup changed something" "$before" "$after"
[ -z "$(in_host ip -6 -o addr show dev eno1 scope global)" ] || fail "the refused ifup added an address"
[ "$(sysctl_of optimistic_dad)" = 0 ] || fail "the refused ifup wrote optimistic_dad"
echo PASS
