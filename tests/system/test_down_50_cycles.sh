#!/bin/bash
# 50 ifup/ifdown cycles with radvd advertising about every second: every ifup
# ends in the state of the first ifup, every ifdown in the state of the first
# ifdown (which is the state before the first ifup), and the recording of the
# whole run holds no address but the static one and the one link-local.
. "$(dirname "$0")/lib.sh"
CYCLES=${IFT_CYCLES:-50}       # fewer on slow machines (tests/kernels/run)
# The bound on the link-local's DAD, 5 s times IFT_TIME_SCALE (tests/system/run).
LL_WAIT=$(awk -v s="${IFT_TIME_SCALE:-1}" 'BEGIN { w = 5 * s; printf "%d", (w == int(w)) ? w : int(w) + 1 }')
TOKENIZED=$PREFIX:0:208:80:154:23
setup_pair eno1
start_radvd_fast
interfaces <<EOF2
iface eno1 inet6 manual
    address $TOKENIZED/64
    gateway $PREFIX::1
    token auto
EOF2
start_recorder
before=$(iface_state)
ras_at_start=$(snmp6 "$R" Icmp6OutRouterAdvertisements)
start=$(date +%s)
# The up state without what depends on advertisement timing: the RA's routes
# and the lifetimes (iface_state has none). The kernel's link-local runs its
# own DAD beside ours: wait (bounded) until that is over, so that its
# "tentative" flag does not depend on timing. Ours must be done already.
ll_settled() { ! grep -q tentative <<<"$(in_host ip -6 -o addr show dev eno1 scope link)"; }
for cycle in $(seq "$CYCLES"); do
  CASE="cycle $cycle"
  ifup_ok eno1
  assert_not_contains "$(in_host ip -6 -o addr show dev eno1 scope global)" "tentative"
  wait_until "$LL_WAIT" "the kernel's link-local on eno1 stayed tentative" ll_settled
  up=$(iface_state | grep -v 'proto ra')
  if [ "$cycle" = 1 ]; then
    first_up=$up
    assert_contains "$up" "inet6 $TOKENIZED/64 scope global"
    assert_contains "$up" "token ::208:80:154:23"
    assert_contains "$up" "default via $PREFIX::1"
    assert_radvd_fast
  fi
  assert_same "cycle $cycle: the state after ifup differs from the first" "$first_up" "$up"
  ifdown_ok eno1
  down=$(iface_state)
  [ "$cycle" = 1 ] && first_down=$down
  assert_same "cycle $cycle: the state after ifdown differs from the first" "$first_down" "$down"
done
elapsed=$(( $(date +%s) - start ))
assert_same "the state after the first ifdown differs from the state before ifup" "$before" "$first_down"
# radvd really advertised about every second through the run.
ras=$(( $(snmp6 "$R" Icmp6OutRouterAdvertisements) - ras_at_start ))
note "$CYCLES cycles in $elapsed s; radvd sent $ras advertisements; eno1 received $(snmp6 "$H" Icmp6InRouterAdvertisements eno1)"
# (It sends only while eno1 is up, so about once per second of the up time.)
[ "$ras" -ge $(( elapsed / 3 )) ] || fail "radvd sent only $ras advertisements in $elapsed s"
[ "$(snmp6 "$H" Icmp6InRouterAdvertisements eno1)" -ge $(( CYCLES / 2 )) ] ||
  fail "eno1 received fewer advertisements than half the cycles"
ll=$(recorded_addresses | grep '^fe80::' || true)
[ "$(wc -l <<<"$ll")" = 1 ] || fail "more than one link-local appeared: $ll"
assert_only_addresses "$TOKENIZED/64" "$ll"
echo PASS
