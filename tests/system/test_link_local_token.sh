#!/bin/bash
# `ipv6-link-local token`: addr_gen_mode none and fe80::IID-of-token added in
# pre-up while the link is down. The only addresses ever recorded are the
# static one and fe80::208:80:154:23, never the MAC-derived link-local; router
# solicitations still go out (from that link-local), and the host still gets
# the advertisement's default route.
. "$(dirname "$0")/lib.sh"
setup_pair eno1
start_radvd
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::208:80:154:23/64
    token auto
    ipv6-link-local token
EOF2
add_probe pre-up
start_recorder
rs_before=$(snmp6 "$R" Icmp6InRouterSolicits)
ifup_ok -v eno1
assert_contains "$out" "ifupdown-token: eno1: addr_gen_mode eui64 -> none"
assert_contains "$out" "ifupdown-token: eno1: address fe80::208:80:154:23/64"
assert_contains "$out" "ifupdown-token: eno1: DAD done for fe80::208:80:154:23"
# pre-up did it all while the link was down.
probe=$(cat "$T/probe.pre-up")
assert_contains "$probe" "state DOWN"
assert_contains "$probe" "fe80::208:80:154:23/64"
# The host solicited (its RS counter) and the router received a solicitation
# from fe80::208:80:154:23 (the router learns the sender as a neighbour).
host_sent_rs() { [ "$(snmp6 "$H" Icmp6OutRouterSolicits eno1)" -ge 1 ]; }
wait_until 10 "eno1 sent no router solicitation" host_sent_rs
router_got_rs() { [ "$(snmp6 "$R" Icmp6InRouterSolicits)" -gt "$rs_before" ]; }
wait_until 10 "the router received no router solicitation" router_got_rs
router_knows_ll() { grep -q '^fe80::208:80:154:23 ' <<<"$(ip -n "$R" -6 neigh show dev rtr0)"; }
wait_until 10 "the router never heard from fe80::208:80:154:23" router_knows_ll
wait_ra
assert_contains "$(in_host ip -6 route show default)" "proto ra"
# Two more advertisements later, still nothing but the two addresses.
two_more_ras
assert_only_addresses "$PREFIX:0:208:80:154:23/64" "fe80::208:80:154:23/64"
got=$(recorded_addresses)
[ "$(wc -l <<<"$got")" = 2 ] || fail "expected exactly the two addresses, recorded: $got"
# ifdown gives the kernel its link-local mode back.
ifdown_ok eno1
[ "$(in_host cat /proc/sys/net/ipv6/conf/eno1/addr_gen_mode)" = 0 ] || fail "addr_gen_mode not restored"
echo PASS
