#!/bin/bash
# iftoken on a live interface: explain shows each refusal's reason (and a clean
# interface's verdict), set/clear explain instead of EINVAL and change nothing
# when they refuse, monitor reports address events (also as JSON, filtered).
. "$(dirname "$0")/lib.sh"
setup_pair eno1
it() { in_host "$IFTOKEN" "$@" 2>&1; }

# explain IFACE EXIT TEXT: the command's status and a line of its output.
explain_says() {
  local want_rc=$1 text=$2 out rc=0
  out=$(it explain eno1) || rc=$?
  [ "$rc" = "$want_rc" ] || fail "explain exited $rc, not $want_rc: $out"
  assert_contains "$out" "$text"
}
reset_conf() {  # the MTU first: below 1280 the interface has no IPv6 sysctls
  in_host ip link set eno1 arp on mtu 1500
  in_host sysctl -qw net.ipv6.conf.all.forwarding=0 net.ipv6.conf.eno1.forwarding=0 \
    net.ipv6.conf.eno1.accept_ra=1 net.ipv6.conf.eno1.router_solicitations=-1
}

note "explain: clean, then each refusal state"
explain_says 0 "verdict: a token can be set now"
in_host sysctl -qw net.ipv6.conf.all.forwarding=1
explain_says 1 "forwarding           1  (net.ipv6.conf.all.forwarding=1, which the kernel copies to every interface)"
explain_says 1 "verdict: a token cannot be set now: the kernel accepts a token only while eno1 accepts router advertisements, and eno1 has forwarding=1 (from net.ipv6.conf.all.forwarding=1, which the kernel copies to every interface) with accept_ra=1"
reset_conf; in_host sysctl -qw net.ipv6.conf.eno1.accept_ra=0
explain_says 1 "eno1 has accept_ra=0"
reset_conf; in_host sysctl -qw net.ipv6.conf.eno1.router_solicitations=0
explain_says 1 "eno1 has router_solicitations=0, and the kernel refuses a token while router solicitation is disabled"
reset_conf; in_host ip link set eno1 arp off
explain_says 1 "eno1 does no neighbour discovery (IFF_NOARP"
reset_conf; in_host ip link set eno1 mtu 1000
explain_says 1 "eno1 has no IPv6: its MTU 1000 is below IPv6's minimum of 1280"
reset_conf
out=$(in_host "$IFTOKEN" explain lo 2>&1) && fail "explain lo succeeded: $out"
assert_contains "$out" "lo is a loopback device; tokens do not apply to loopback"
out=$(in_host "$IFTOKEN" explain eno9 2>&1) && fail "explain eno9 succeeded: $out"
assert_contains "$out" "interface eno9 does not exist"
json=$(it explain eno1 --json)
assert_contains "$json" '"token_settable":true'

note "explain: addresses and where they came from"
start_radvd
in_host ip link set eno1 up
wait_slaac
explain_says 0 "router advertisement, not tokenized"

note "set: refused without --fix, nothing changed"
in_host ip link set eno1 down
in_host sysctl -qw net.ipv6.conf.eno1.forwarding=1
before=$(iface_state)
out=$(it set eno1 ::208:80:154:23) && fail "set succeeded without --fix: $out"
assert_contains "$out" "with accept_ra=1 (from net.ipv6.conf.eno1.accept_ra); set 'accept_ra 2' in the stanza, or turn forwarding off; or run again with --fix to set accept_ra 2 first"
assert_not_contains "$out" "Invalid argument"
[ "$(iface_state)" = "$before" ] || fail "a refused set changed the interface"
rc=0; out=$(it set eno1 2001:db8::1) || rc=$?
[ "$rc" = 2 ] || fail "set with a bad token exited $rc: $out"
assert_contains "$out" "option token: '2001:db8::1': the upper 64 bits are not zero; the kernel keeps only the lower 64 bits, so write '::1'"

note "set --fix, then clear with RAs off: accept_ra restored"
out=$(it set eno1 ::208:80:154:23 --fix) || fail "set --fix failed: $out"
assert_contains "$out" "eno1: accept_ra 1 -> 2"
assert_contains "$out" "eno1: token ::208:80:154:23"
grep -qx 'token ::208:80:154:23 dev eno1' <<<"$(in_host ip token get dev eno1)" || fail "token not set"
in_host sysctl -qw net.ipv6.conf.eno1.accept_ra=0
out=$(it clear eno1) || fail "clear failed: $out"
assert_contains "$out" "eno1: token cleared (was ::208:80:154:23)"
grep -qx 'token :: dev eno1' <<<"$(in_host ip token get dev eno1)" || fail "token not cleared"
[ "$(in_host cat /proc/sys/net/ipv6/conf/eno1/accept_ra)" = 0 ] || fail "clear left accept_ra changed"

note "monitor: text and JSON, filtered by interface"
in_host ip link add oth0 type veth peer name oth1
bg_host "$IFTOKEN" monitor eno1 --for 2 > "$T/mon.txt"
mon=$BG_PID
bg_host "$IFTOKEN" monitor --json --for 2 > "$T/mon.json"
monj=$BG_PID
sleep 0.5
in_host ip -6 addr add 2001:db8:9::1/64 dev eno1 nodad
in_host ip -6 addr add 2001:db8:9::2/64 dev oth0 nodad
in_host ip -6 addr del 2001:db8:9::1/64 dev eno1
wait_bg "$mon" "$monj"
assert_contains "$(cat "$T/mon.txt")" " new eno1 2001:db8:9::1/64 scope global nodad,permanent preferred forever valid forever"
assert_contains "$(cat "$T/mon.txt")" " del eno1 2001:db8:9::1/64"
assert_not_contains "$(cat "$T/mon.txt")" "2001:db8:9::2"
assert_contains "$(cat "$T/mon.json")" '"event":"new","iface":"oth0"'
assert_contains "$(cat "$T/mon.json")" '"address":"2001:db8:9::2","prefix":64,"scope":"global","flags":"nodad,permanent"'
echo PASS
