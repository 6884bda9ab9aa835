#!/bin/bash
# `ipv6-link-local token`: addr_gen_mode none and fe80::IID-of-token added in
# pre-up while the link is down. The only addresses ever recorded are the
# static one and fe80::208:80:154:23, never the MAC-derived link-local; router
# solicitations still go out (from that link-local), and the host still gets
# the advertisement's default route. (2) The token's stanza second, after an
# inet stanza brought the link up with the kernel's EUI-64 link-local: pre-up
# adds fe80::IID and deletes the kernel's, so that after ifup only fe80::IID
# is left; ifdown/ifup cycles converge to that.
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
teardown_pair

# ---- 2. the token's stanza second: the kernel's link-local is replaced
setup_pair eno1
start_radvd
# The inet stanza's `up` waits (bounded) until the kernel's own link-local has
# finished DAD, so that it is in use when the inet6 stanza's pre-up runs.
interfaces <<EOF2
iface eno1 inet static
    address 192.0.2.23/24
    up for i in \$(seq 50); do [ -n "\$(ip -6 -o addr show dev eno1 scope link -tentative)" ] && exit 0; sleep 0.1; done; exit 1
iface eno1 inet6 manual
    token ::208:80:154:23
    ipv6-link-local token
EOF2
start_recorder
eui_ll=$(eui64_addr fe80:0:0:0)
link_locals() { in_host ip -6 -o addr show dev eno1 scope link | awk '{print $4}' | sort | tr '\n' ' '; }
for cycle in 1 2 3; do
  CASE="cycle $cycle"
  ifup_ok -v eno1
  assert_contains "$out" "ifupdown-token: eno1: remove address $eui_ll/64 (the kernel's link-local)"
  assert_contains "$out" "ifupdown-token: eno1: DAD done for fe80::208:80:154:23"
  [ "$(link_locals)" = "fe80::208:80:154:23/64 " ] || fail "$CASE: link-locals after ifup: $(link_locals)"
  # Two more advertisements later the kernel has made no other.
  two_more_ras
  [ "$(link_locals)" = "fe80::208:80:154:23/64 " ] || fail "$CASE: link-locals later: $(link_locals)"
  # The token's address came from the advertisements, sent from fe80::IID.
  assert_contains "$(in_host ip -6 -o addr show dev eno1 scope global)" "$PREFIX:0:208:80:154:23/64"
  ifdown_ok eno1
  note "$CASE: after ifdown: $(iface_state | tr '\n' ';')"
  [ -z "$(in_host ip -6 -o addr show dev eno1)" ] || fail "$CASE: ifdown left addresses: $(in_host ip -6 -o addr show dev eno1)"
  [ "$(in_host cat /proc/sys/net/ipv6/conf/eno1/addr_gen_mode)" = 0 ] || fail "$CASE: addr_gen_mode not restored"
  [ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "$CASE: ifdown left the record"
done
# The kernel's link-local came back at each link-up (the inet stanza's), and
# went at each of our pre-ups: the recording shows it appearing three times.
[ "$(grep -c "new eno1 $eui_ll/64" "$T/events")" -ge 3 ] || fail "the kernel's link-local did not come back at each ifup"
echo PASS
