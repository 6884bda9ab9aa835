#!/bin/bash
# Seed 002: inet6 static with address / netmask 64 / gateway and the stray
# `endpoint any`, plus a token. The static method adds the address and the
# route and writes accept_ra=0; ifup must work, and so must a second ifup after
# ifdown (the field failure: accept_ra=0 left by the first made
# `ip token set` refuse).
. "$(dirname "$0")/lib.sh"
setup_pair eno1
start_radvd
interfaces <<EOF2
iface eno1 inet6 static
    address $PREFIX::c:1
    netmask 64
    endpoint any
    gateway $PREFIX::1
    token ::c:1
EOF2
start_recorder
for round in 1 2; do
  CASE="round $round"
  ifup_ok eno1
  grep -q "default via $PREFIX::1 dev eno1" <<<"$(in_host ip -6 route show default)" || fail "no default route"
  # iproute2 prints ::c:1 in the IPv4-compatible form.
  grep -qxE 'token ::(c:1|0\.12\.0\.1) dev eno1' <<<"$(in_host ip token get dev eno1)" || fail "token not set"
  sleep 4  # at least one advertisement
  ll=$(in_host ip -6 -o addr show dev eno1 scope link | awk '{print $4}')
  assert_only_addresses "$PREFIX::c:1/64" "$ll"
  ifdown_ok eno1
  [ "$(in_host cat /proc/sys/net/ipv6/conf/eno1/accept_ra)" = 0 ] || fail "expected the method's accept_ra=0 to stay"
done
grep -qx "$PREFIX::c:1/64" <<<"$(recorded_addresses)" || fail "static address never appeared"
echo PASS
