#!/bin/bash
# Undo on failure: a failed ifup leaves the interface as it was before.
# (1) An address already on the link that ifupdown-token did not add: pre-up
#     refuses before changing anything (sysctls, token, link-local included).
# (2) A failure after every pre-up step was applied: the second address fails
#     DAD in up (the router holds it); the up hook undoes everything the record
#     holds (route, addresses, link-local, addr_gen_mode, token, sysctls) and
#     ifup fails. Compared with the state before ifup, only the link's UP flag
#     differs (ifupdown's manual method brought the link up), plus the kernel's
#     own link-local and its fe80::/64 route if it made one (normalised away).
# (3) The same when the default route fails in up (gateway unreachable).
. "$(dirname "$0")/lib.sh"
TOKENIZED=$PREFIX:0:208:80:154:23

# ---- 1. the address is already there, added by hand
setup_pair eno1
in_host ip -6 addr add "$TOKENIZED/64" dev eno1
in_host sysctl -qw net.ipv6.conf.eno1.accept_ra=0 net.ipv6.conf.eno1.use_tempaddr=1
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::10/64
    address $TOKENIZED/64
    token auto
    privext 0
    ipv6-dad-transmits 2
    ipv6-link-local token
EOF2
before=$(netns_state)
ifup_fails eno1
assert_contains "$out" "ifupdown-token: eno1: error: address $TOKENIZED/64 is already on eno1, and ifupdown-token did not add it; remove it ('ip -6 addr del $TOKENIZED/64 dev eno1') or drop it from the stanza"
assert_contains "$out" "ifup: failed to bring up eno1"
assert_same "the namespace changed although pre-up refused" "$before" "$(netns_state)"
teardown_pair

# ---- 2. DAD of the second address fails in up: everything is undone
setup_pair eno1
ip -n "$R" addr add "$TOKENIZED/64" dev rtr0 nodad      # the duplicate, on the router
in_host sysctl -qw net.ipv6.conf.eno1.accept_ra=0 net.ipv6.conf.eno1.use_tempaddr=1
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::10/64
    address $TOKENIZED/64
    gateway $PREFIX::1
    token ::208:80:154:23
    privext 0
    ipv6-dad-transmits 2
    ipv6-link-local token
EOF2
add_state_probe pre-up
before=$(iface_state)
start_recorder
ifup_fails -v eno1
# pre-up really applied every step (so the undo has something to undo)...
applied=$(cat "$T/state.pre-up")
for want in "token ::208:80:154:23 dev eno1" "fe80::208:80:154:23/64" "$PREFIX::10/64" "$TOKENIZED/64" \
            "accept_ra=1" "use_tempaddr=0" "dad_transmits=2" "addr_gen_mode=1"; do
  assert_contains "$applied" "$want"
done
# ...up failed on the duplicate, naming it (and only it), and undid it all.
assert_contains "$out" "ifupdown-token: eno1: error: duplicate address detection failed for $TOKENIZED: another host on the link already uses it"
assert_not_contains "$out" "detection failed for $PREFIX::10"
assert_contains "$out" "ifupdown-token: eno1: undo: remove default route via $PREFIX::1"
assert_contains "$out" "ifup: failed to bring up eno1"
after=$(iface_state)
assert_not_contains "$after" "fe80::208:80:154:23"
assert_same "ifup failed but did not leave eno1 as before" \
  "$(normalise up link-locals <<<"$before")" "$(normalise up link-locals <<<"$after")"
grep -q 'state UP' <<<"$(head -n 1 <<<"$after")" || fail "expected ifupdown to have brought the link up"
[ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "a record was left behind: $(cat "$RUNDIR/ifupdown-token/eno1")"
# Nothing but the three addresses ever appeared (and, once the undo gave the
# kernel its link-local mode back on the link ifupdown brought up, the
# kernel's own link-local), and all three were deleted.
assert_only_addresses "fe80::208:80:154:23/64" "$PREFIX::10/64" "$TOKENIZED/64" "$(eui64_addr fe80:0:0:0)/64"
for a in "fe80::208:80:154:23" "$PREFIX::10" "$TOKENIZED"; do
  assert_contains "$(recorded_lines "$a" | tail -n 1)" " del eno1 "
done
teardown_pair

# ---- 3. the gateway is unreachable (no address covers it): route fails in up
setup_pair eno1
in_host sysctl -qw net.ipv6.conf.eno1.use_tempaddr=1
interfaces <<EOF2
iface eno1 inet6 manual
    address $TOKENIZED/64
    gateway 2001:db8:9::1
    token auto
    privext 0
EOF2
before=$(iface_state)
ifup_fails eno1
assert_contains "$out" "ifupdown-token: eno1: error: gateway 2001:db8:9::1 is not reachable on eno1: no route covers it; it must lie inside the prefix of an address on eno1 (or be a link-local fe80:: gateway)"
assert_contains "$out" "ifup: failed to bring up eno1"
assert_same "ifup failed on the gateway but did not leave eno1 as before" \
  "$(normalise up link-locals <<<"$before")" "$(normalise up link-locals <<<"$(iface_state)")"
[ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "a record was left behind"
echo PASS
