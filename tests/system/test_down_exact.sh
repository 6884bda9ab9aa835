#!/bin/bash
# Down is exact. ifdown runs our down hook (link still up: it removes our
# routes and addresses), then ifupdown's own method down (manual: flush every
# address of a plain name, link down), then our post-down hook (token,
# addr_gen_mode, sysctls). Probe hooks that run right after ours (zz-state in
# if-down.d and if-post-down.d) show the state at each of those two points.
# (1) An address added by hand after ifup survives our down hook, as does the
#     kernel's link-local; after post-down, eno1 is exactly as before ifup.
# (2) /etc/network/interfaces edited between ifup and ifdown: ifdown still
#     removes exactly what ifup added (from the record), nothing of the new file.
# (3) ifdown (--force) without a prior ifup: our hooks change nothing, not even
#     a token, a link-local mode and settings made by hand.
. "$(dirname "$0")/lib.sh"
TOKENIZED=$PREFIX:0:208:80:154:23
HAND=2001:db8:2::99

# ---- 1. an address added by hand survives
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $TOKENIZED/64
    gateway $PREFIX::1
    token auto
    privext 2
    ipv6-dad-transmits 2
EOF2
add_state_probe down
add_state_probe post-down
before=$(iface_state)
start_recorder
ifup_ok eno1
up=$(iface_state)
for want in "inet6 $TOKENIZED/64" "default via $PREFIX::1" "token ::208:80:154:23" "use_tempaddr=2" "dad_transmits=2"; do
  assert_contains "$up" "$want"
done
kernel_ll=$(in_host ip -6 -o addr show dev eno1 scope link | awk '{print $4}')
[ -n "$kernel_ll" ] || fail "no kernel link-local after ifup"
in_host ip -6 addr add "$HAND/64" dev eno1
ifdown_ok eno1
probe=$(cat "$T/state.down")
note "right after our down hook: $probe"
assert_contains "$probe" "state UP"                 # the method's down has not run yet
assert_contains "$probe" "inet6 $HAND/64 scope global"
assert_contains "$probe" "inet6 $kernel_ll scope link"
assert_not_contains "$probe" "$TOKENIZED"
assert_not_contains "$probe" "default via"
# Besides the hand address (and its prefix route) and the kernel's link-local,
# only what post-down restores may still differ from the state before ifup.
left_out=(up "addr=$kernel_ll" route=fe80::/64 "addr=$HAND/64" route=2001:db8:2::/64 settings)
assert_same "our down hook left something of ours, or removed something not ours" \
  "$(normalise "${left_out[@]}" <<<"$before")" "$(normalise "${left_out[@]}" <<<"$probe")"
assert_same "post-down did not restore eno1 exactly" "$before" "$(cat "$T/state.post-down")"
assert_same "eno1 after ifdown differs from before ifup" "$before" "$(iface_state)"
[ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "record left behind after ifdown"
# Nothing but these three ever appeared on eno1.
assert_only_addresses "$TOKENIZED/64" "$HAND/64" "$kernel_ll"
teardown_pair

# ---- 2. the file is edited between ifup and ifdown
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $TOKENIZED/64
    gateway $PREFIX::1
    token auto
    privext 2
    ipv6-link-local token
EOF2
add_state_probe down
add_state_probe post-down
before=$(iface_state)
start_recorder
ifup_ok eno1
up=$(iface_state)
for want in "inet6 $TOKENIZED/64" "inet6 fe80::208:80:154:23/64" "default via $PREFIX::1" \
            "token ::208:80:154:23" "use_tempaddr=2" "addr_gen_mode=1"; do
  assert_contains "$up" "$want"
done
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::beef/64
    gateway $PREFIX::fffe
    token ::beef
    accept_ra 2
    privext 1
    ipv6-link-local eui64
EOF2
ifdown_ok eno1
probe=$(cat "$T/state.down")
note "right after our down hook: $probe"
assert_contains "$probe" "state UP"
for gone in "$TOKENIZED" "fe80::208:80:154:23" "default via"; do assert_not_contains "$probe" "$gone"; done
assert_not_contains "$probe" "$PREFIX::beef"
assert_same "post-down did not undo the ifup of the old file exactly" "$before" "$(cat "$T/state.post-down")"
assert_same "eno1 after ifdown differs from before ifup" "$before" "$(iface_state)"
assert_only_addresses "$TOKENIZED/64" "fe80::208:80:154:23/64"
teardown_pair

# ---- 3. ifdown without a prior ifup
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $TOKENIZED/64
    token auto
    privext 0
    ipv6-link-local token
EOF2
add_state_probe down
add_state_probe post-down
in_host ip link set eno1 up
in_host sysctl -qw net.ipv6.conf.eno1.use_tempaddr=2 net.ipv6.conf.eno1.addr_gen_mode=3
in_host ip token set ::99 dev eno1
in_host ip -6 addr add "$TOKENIZED/64" dev eno1 nodad
in_host ip -6 addr add "$HAND/64" dev eno1 nodad
wait_dad_over  # the kernel's own link-locals: no longer tentative when the probe looks (slow guests)
before=$(iface_state)
ifdown_ok --force -v eno1
assert_contains "$out" "run-parts: executing /etc/network/if-down.d/ifupdown-token"
assert_contains "$out" "run-parts: executing /etc/network/if-post-down.d/ifupdown-token"
assert_not_contains "$out" "ifupdown-token:"
assert_same "ifdown without ifup: our down hook changed eno1" "$before" "$(cat "$T/state.down")"
# After the method's flush and link down, what our post-down would restore is
# still as it was made by hand.
settings() { grep -E '^(token |[a-z_]+=)'; }
assert_same "ifdown without ifup: post-down changed a setting" \
  "$(settings <<<"$before")" "$(settings < "$T/state.post-down")"
echo PASS
