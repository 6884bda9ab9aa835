#!/bin/bash
# Seed 000 (Wikimedia): inet6 static + token auto on an interface with
# forwarding=1 and accept_ra=1, where `pre-up ip token set` failed with
# "RTNETLINK answers: Invalid argument". ifup must succeed, set the token
# before the link comes up, warn about forwarding, and no EUI-64 global
# address may ever appear.
. "$(dirname "$0")/lib.sh"
setup_pair eno1
start_radvd
in_host sysctl -qw net.ipv6.conf.eno1.forwarding=1 net.ipv6.conf.eno1.accept_ra=1
interfaces <<EOF2
iface eno1 inet6 static
    address $PREFIX::208:80:154:23/64
    autoconf 1
    token auto
EOF2
add_probe pre-up
start_recorder
ifup_ok eno1
assert_contains "$out" "warning: forwarding is on (from net.ipv6.conf.eno1.forwarding=1"
assert_contains "$out" "accept_ra 1 -> 2"
probe=$(cat "$T/probe.pre-up")
assert_contains "$probe" "state DOWN"
assert_contains "$probe" "token ::208:80:154:23 dev eno1"
wait_ra
sleep 1  # let the kernel act on the advertisement's prefix (SLAAC)
grep -qx 'token ::208:80:154:23 dev eno1' <<<"$(in_host ip token get dev eno1)" || fail "token not set"
ll=$(in_host ip -6 -o addr show dev eno1 scope link | awk '{print $4}')
assert_only_addresses "$PREFIX:0:208:80:154:23/64" "$ll"
grep -qx "$PREFIX:0:208:80:154:23/64" <<<"$(recorded_addresses)" || fail "static address never appeared"
echo PASS
