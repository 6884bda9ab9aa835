#!/bin/bash
# Only what is ours, on the real kernel's SLAAC and routes:
# (a) privacy addresses (use_tempaddr=2, radvd) and a DHCPv6-like lease
#     ($PREFIX::1:77/128, valid_lft 3600, added by ip) on a running eno1:
#     `iftoken apply` with a new token removes only the kernel's MAC-derived
#     SLAAC address; `apply --dry-run` exits 0 right after it, and again after
#     two more advertisements; the lease stays, and temporary addresses are
#     made again and stay.
# (b) two interfaces with a default route of the same metric: ifup eno1
#     (manual, `gateway`) adds its route beside eno2's (IPv6 would replace
#     eno2's with NLM_F_REPLACE: same destination and metric), and ifdown
#     removes only eno1's.
. "$(dirname "$0")/lib.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
TOKEN=::10:64:0:10
TOKENIZED=$(canon6 "$PREFIX:0:10:64:0:10")
LEASE=$(canon6 "$PREFIX::1:77")/128
has_temporary() { grep -q . <<<"$(in_host ip -6 -o addr show dev eno1 temporary)"; }

setup_pair eno1
start_radvd_fast
in_host sysctl -qw net.ipv6.conf.eno1.use_tempaddr=2
interfaces <<EOF2
auto eno1
iface eno1 inet static
    address 10.64.0.10/22
EOF2
ifup_ok eno1
assert_radvd_fast
EUI=$(eui64_addr "$PREFIX:0")/64
wait_until "$(scaled 15)" "the kernel built no MAC-derived SLAAC address $EUI" has_addr "$EUI"
wait_until "$(scaled 10)" "no temporary address on eno1 (use_tempaddr=2)" has_temporary
in_host ip -6 addr add "$LEASE" dev eno1 valid_lft 3600 preferred_lft 3600
wait_until "$(scaled 10)" "an address on eno1 stayed tentative" dad_over

note "(a) apply with a token: only the MAC-derived address goes"
interfaces <<EOF2
auto eno1
iface eno1 inet static
    address 10.64.0.10/22
    token $TOKEN
EOF2
apply
[ "$rc" = 0 ] || fail "apply exited $rc: $said"
assert_contains "$said" "eno1: remove address $EUI (built without the token)"
[ "$(grep -c 'remove address' <<<"$said")" = 1 ] || fail "apply removed more than $EUI: $said"
has_addr "$LEASE" || fail "apply removed the lease $LEASE: $(in_host ip -6 addr show dev eno1)"
apply --dry-run
[ "$rc" = 0 ] || fail "apply --dry-run right after apply exited $rc, not 0: $said"
wait_until "$(scaled 15)" "no prefix+token address $TOKENIZED/64 after apply" has_addr "$TOKENIZED/64"
wait_until "$(scaled 15)" "no temporary address came back after apply" has_temporary
two_more_ras
apply --dry-run
[ "$rc" = 0 ] || fail "apply --dry-run after two more advertisements exited $rc, not 0: $said"
assert_contains "$said" "eno1: nothing to change"
has_addr "$LEASE" || fail "the lease $LEASE is gone: $(in_host ip -6 addr show dev eno1)"
has_temporary || fail "no temporary address is left: $(in_host ip -6 addr show dev eno1)"
ifdown_ok eno1

note "(b) eno2's default route of the same metric stays through ifup and ifdown of eno1"
in_host ip link add eno2 type veth peer name eno2p
in_host ip link set eno2p up
in_host ip link set eno2 up
in_host ip -6 addr add 2001:db8:2::5/64 dev eno2 nodad
in_host ip -6 route add default via 2001:db8:2::1 dev eno2 metric 1024
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::208:80:154:23/64
    gateway $PREFIX::1
    token auto
    dad-attempts 0
EOF2
defaults() { in_host ip -6 route show default; }
ifup_ok eno1
routes=$(defaults)
note "default routes after ifup: $routes"
assert_contains "$routes" "via 2001:db8:2::1 dev eno2"
assert_contains "$routes" "via $PREFIX::1 dev eno1"
ifdown_ok eno1
routes=$(defaults)
note "default routes after ifdown: $routes"
assert_contains "$routes" "via 2001:db8:2::1 dev eno2"
assert_not_contains "$routes" "via $PREFIX::1 dev eno1"
echo PASS
