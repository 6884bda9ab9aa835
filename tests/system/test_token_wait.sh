#!/bin/bash
# token-wait. (1) The Wikimedia layout, an inet static stanza with
# the token and an inet6 manual stanza after it, with `token-wait 10`: ifup
# returns only once the token's SLAAC address is there and usable, 5 runs of
# 5 (ifdown between), and no MAC-derived address ever appears (the link-local
# is the token's too). (2) radvd announces the prefix without the autonomous
# flag: no address can come; ifup still succeeds, after about the bound, and
# the warning names the prefix and the missing flag.
. "$(dirname "$0")/lib.sh"
ADDR=$PREFIX:0:208:80:154:23
scale=${IFT_TIME_SCALE:-1}
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# ---- 1. ifup returns with the address usable, 5 of 5
setup_pair eno1
start_radvd
interfaces <<EOF2
iface eno1 inet static
    address 208.80.154.23/24
    token auto
    token-wait 10
    ipv6-link-local token

iface eno1 inet6 manual
EOF2
start_recorder
for run in 1 2 3 4 5; do
  CASE="run $run"
  start=$(date +%s%N)
  ifup_ok eno1
  took=$(ms_since "$start")
  # Right after ifup: present, global, dynamic (the kernel's), not tentative.
  line=$(in_host ip -6 -o addr show dev eno1 to "$ADDR/128")
  note "$CASE: ifup took $took ms; $line"
  assert_contains "$line" "$ADDR/64 scope global dynamic"
  assert_not_contains "$line" "tentative"
  can_bind "$ADDR" || fail "$CASE: cannot bind to $ADDR right after ifup"
  assert_not_contains "$out" "warning"
  limit=$(awk -v s="$scale" 'BEGIN { printf "%d", 10500 * s }')
  [ "$took" -lt "$limit" ] || fail "$CASE: ifup took $took ms, beyond the bound of 10 s"
  ifdown_ok eno1
done
CASE=
assert_only_addresses "$ADDR/64" "fe80::208:80:154:23/64"
teardown_pair

# ---- 2. a prefix without the autonomous flag: a warning after the bound, not a failure
setup_pair eno1
start_radvd off
interfaces <<EOF2
iface eno1 inet static
    address 208.80.154.23/24
    token auto
    token-wait 8
EOF2
start_recorder
start=$(date +%s%N)
ifup_ok eno1
took=$(ms_since "$start")
note "ifup took $took ms"
assert_contains "$out" "ifupdown-token: eno1: warning: token-wait 8: no address with the token ::208:80:154:23 was usable after 8 s; the advertised prefix $PREFIX::/64 lacks the autonomous flag (A), so no address is built from it: set it on the router (radvd: AdvAutonomous on); ifup goes on without it"
[ "$(grep -c warning <<<"$out")" = 1 ] || fail "expected exactly one warning: $out"
[ "$took" -ge 8000 ] || fail "ifup returned after $took ms, before the bound of 8 s"
limit=$(awk -v s="$scale" 'BEGIN { printf "%d", 11000 * s }')
[ "$took" -lt "$limit" ] || fail "ifup took $took ms: the wait is not bounded by token-wait 8"
[ -z "$(in_host ip -6 -o addr show dev eno1 scope global)" ] || fail "a global address appeared"
ifdown_ok eno1
echo PASS
