#!/bin/bash
# Stanza order. (1) An `inet` stanza comes first and brings the link up; an
# advertisement arrives and the kernel builds its MAC-derived (EUI-64) SLAAC
# address before the inet6 stanza's pre-up runs; that pre-up sets the token,
# removes the EUI-64 address and warns that `token` belongs in the first
# stanza. (2) The Wikimedia layout: `token auto` in the inet stanza itself
# (208.80.154.23 -> ::208:80:154:23): the token is set while the link is down
# and no EUI-64 global address ever appears.
. "$(dirname "$0")/lib.sh"
TOKENIZED=$PREFIX:0:208:80:154:23

# ---- 1. inet first, token in the inet6 stanza
setup_pair eno1
start_radvd
# The inet stanza's `up` waits (bounded) until the kernel has built a SLAAC
# address and finished its DAD, so the EUI-64 address is in use when the
# inet6 stanza's pre-up runs.
interfaces <<EOF2
iface eno1 inet static
    address 192.0.2.23/24
    up for i in \$(seq 100); do [ -n "\$(ip -6 -o addr show dev eno1 scope global dynamic -tentative)" ] && exit 0; sleep 0.1; done; exit 1
iface eno1 inet6 manual
    token ::208:80:154:23
EOF2
add_probe pre-up
start_recorder
ifup_ok eno1
assert_contains "$out" "ifupdown-token: eno1: warning: eno1 was already up when this stanza's pre-up ran (an earlier stanza brought it up), so addresses without the token may have appeared; put 'token' in the first stanza of eno1"
# The EUI-64 address the kernel builds from the link's MAC.
eui64=$(eui64_addr "$PREFIX:0")
# The pre-up of the inet6 stanza saw the link up with the EUI-64 address: the
# scenario really happened.
assert_contains "$(cat "$T/probe.pre-up")" "state UP"
assert_contains "$(recorded_lines "$eui64")" "new eno1 $eui64/64 scope global dynamic"
# It was removed, and the tokenized address appeared (the token set on an up
# link sends a router solicitation, so it comes with the next advertisement).
has_tokenized() { grep -q "new eno1 $TOKENIZED/64 scope global dynamic" "$T/events"; }
wait_until 10 "the tokenized address $TOKENIZED never appeared" has_tokenized
assert_contains "$(recorded_lines "$eui64")" " del eno1 "
# Two more advertisements later, the EUI-64 address has not come back.
two_more_ras
last=$(recorded_lines "$eui64" | tail -n 1)
assert_contains "$last" " del eno1 "
now=$(in_host ip -6 -o addr show dev eno1 scope global)
assert_not_contains "$now" "$eui64"
assert_contains "$now" "$TOKENIZED/64"
grep -qx 'token ::208:80:154:23 dev eno1' <<<"$(in_host ip token get dev eno1)" || fail "token not set"
ll=$(in_host ip -6 -o addr show dev eno1 scope link | awk '{print $4}')
assert_only_addresses "$eui64/64" "$TOKENIZED/64" "$ll"
ifdown_ok eno1
grep -qx 'token :: dev eno1' <<<"$(in_host ip token get dev eno1)" || fail "token not cleared by ifdown"
teardown_pair

# ---- 2. The Wikimedia layout: token auto in the inet stanza, the only stanza
setup_pair eno1
start_radvd
interfaces <<EOF2
iface eno1 inet static
    address 208.80.154.23/24
    token auto
EOF2
add_probe pre-up
start_recorder
ifup_ok -v eno1
assert_contains "$out" "ifupdown-token: eno1: token ::208:80:154:23"
assert_not_contains "$out" "warning"
probe=$(cat "$T/probe.pre-up")
assert_contains "$probe" "state DOWN"
assert_contains "$probe" "token ::208:80:154:23 dev eno1"
wait_slaac
# Two more advertisements after the first SLAAC address: nothing else comes.
two_more_ras
ll=$(in_host ip -6 -o addr show dev eno1 scope link | awk '{print $4}')
[ "$(wc -l <<<"$ll")" = 1 ] || fail "expected one link-local, got: $ll"
assert_only_addresses "$TOKENIZED/64" "$ll"
grep -qx "$TOKENIZED/64" <<<"$(recorded_addresses)" || fail "the tokenized address never appeared"
echo PASS
