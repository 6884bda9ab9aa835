#!/bin/bash
# inet6 manual owning everything: the hooks add the address (pre-up), the
# default route and wait for DAD by events (up), and undo exactly that (down).
# Only the static address and the link-local may ever appear; three
# ifup/ifdown cycles end in the same state. autoconf 0: the static address is
# prefix+token, so with SLAAC an advertisement arriving between our down hook
# and the method's flush would add it again (seen under a slow guest).
. "$(dirname "$0")/lib.sh"
setup_pair eno1
start_radvd
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::208:80:154:23/64
    gateway $PREFIX::1
    autoconf 0
    token auto
EOF2
add_probe up
add_probe down
add_probe post-down
start_recorder
before=$(iface_state)
for round in 1 2 3; do
  CASE="round $round"
  ifup_ok -v eno1
  assert_contains "$out" "ifupdown-token: eno1: address $PREFIX:0:208:80:154:23/64"
  assert_contains "$out" "ifupdown-token: eno1: DAD done for $PREFIX:0:208:80:154:23"
  # When our up hook returned, DAD was over: the probe after it sees nothing tentative.
  probe=$(tail -n 4 "$T/probe.up")
  assert_contains "$probe" "$PREFIX:0:208:80:154:23/64"
  assert_not_contains "$probe" "$PREFIX:0:208:80:154:23/64 tentative"
  wait_ra
  routes=$(in_host ip -6 route show default)
  assert_contains "$routes" "default via $PREFIX::1 dev eno1 metric 1024"
  grep -qx 'token ::208:80:154:23 dev eno1' <<<"$(in_host ip token get dev eno1)" || fail "token not set"
  wait_dad_over     # (iface_state shows the flags)
  up_state=$(iface_state | grep -v 'proto ra')
  [ "$round" = 1 ] && first_up=$up_state
  [ "$up_state" = "$first_up" ] || fail "round $round up state differs:\n$up_state\nvs\n$first_up"
  in_host ip -6 addr add 2001:db8:2::99/64 dev eno1   # by hand: not ours
  ifdown_ok eno1
  # Right after our down hook (before the method's flush): ours gone, theirs kept.
  assert_not_contains "$(tail -n 5 "$T/probe.down")" "$PREFIX:0:208:80:154:23"
  assert_contains "$(tail -n 5 "$T/probe.down")" "2001:db8:2::99/64"
  # The token is restored in post-down, once the method has taken the link down:
  # cleared while up, the next advertisement would build an EUI-64 address.
  assert_contains "$(tail -n 5 "$T/probe.down")" "token ::208:80:154:23 dev eno1"
  assert_contains "$(tail -n 5 "$T/probe.post-down")" "token :: dev eno1"
  down_state=$(iface_state)
  [ "$down_state" = "$before" ] || fail "round $round: state after ifdown differs from before ifup:\n$down_state\nvs\n$before"
  [ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "record left behind after ifdown"
done
ll=$(recorded_addresses | grep '^fe80::' || true)
assert_only_addresses "$PREFIX:0:208:80:154:23/64" "2001:db8:2::99/64" $ll
[ "$(echo "$ll" | wc -l)" = 1 ] || fail "more than one link-local appeared: $ll"
echo PASS
