#!/bin/bash
# Interface names. (1) A VLAN-style name, eno1.100 (a veth named so): the
# sysctls land in /proc/sys/net/ipv6/conf/eno1.100/ (the dot is literal there;
# the sysctl tool would need eno1/100), are restored by ifdown, and the token
# and address are set. (2) A hostile IFACE (`../x`, 16 bytes, `all`) is refused
# by pre-up and up before any path is built or any socket opened (strace), and
# ignored silently by down and post-down; through the real ifup as far as
# ifupdown lets such a name through (it drops names with '/' itself).
. "$(dirname "$0")/lib.sh"

# ---- 1. eno1.100
setup_pair eno1.100
interfaces <<EOF2
iface eno1.100 inet6 manual
    address $PREFIX::208:80:154:23/64
    token auto
    privext 2
    ipv6-dad-transmits 3
    ipv6-router-solicitations 5
EOF2
add_state_probe post-down
conf() { in_host cat "/proc/sys/net/ipv6/conf/eno1.100/$1"; }
before=$(iface_state)
[ "$(conf use_tempaddr)/$(conf dad_transmits)/$(conf router_solicitations)" = "0/1/-1" ] ||
  fail "unexpected defaults on eno1.100"
ifup_ok -v eno1.100
assert_contains "$out" "ifupdown-token: eno1.100: use_tempaddr 0 -> 2"
[ "$(conf use_tempaddr)" = 2 ] || fail "use_tempaddr did not land in conf/eno1.100"
[ "$(conf dad_transmits)" = 3 ] || fail "dad_transmits did not land in conf/eno1.100"
[ "$(conf router_solicitations)" = 5 ] || fail "router_solicitations did not land in conf/eno1.100"
in_host test ! -e /proc/sys/net/ipv6/conf/eno1 || fail "a conf/eno1 directory exists"
grep -qx 'token ::208:80:154:23 dev eno1.100' <<<"$(in_host ip token get dev eno1.100)" || fail "token not set"
assert_contains "$(in_host ip -6 -o addr show dev eno1.100)" "$PREFIX:0:208:80:154:23/64"
# ifupdown treats eno1.100 as a VLAN and deletes it on ifdown (`ip link del`,
# after post-down); the probe in if-post-down.d sees it restored before that.
ifdown_ok eno1.100
assert_same "eno1.100 not restored by ifdown" "$before" "$(normalise up < "$T/state.post-down")"
teardown_pair

# ---- 2. hostile names
setup_pair eno1
in_host ip link add x type veth peer name x-peer      # a real "x" for ../x to reach
long=abcdefghijklmnop                                 # 16 bytes: one over IFNAMSIZ-1
before=$(netns_state)
for name in ../x "$long" all; do
  case $name in
    ../x) why="it contains '/', ':' or whitespace" ;;
    all) why="'all' and 'default' name the sysctl defaults, not a device" ;;
    *) why="it is longer than 15 bytes (IFNAMSIZ)" ;;
  esac
  for phase in pre-up up down post-down; do
    mode=start; case $phase in down|post-down) mode=stop ;; esac
    rc=0
    run_hook $phase IFACE="$name" LOGICAL="$name" ADDRFAM=inet6 METHOD=manual MODE=$mode PHASE=$phase \
      VERBOSITY=1 IF_TOKEN=::208:80:154:23 IF_ADDRESS="$PREFIX::208:80:154:23/64" IF_PRIVEXT=2 || rc=$?
    hook_out=$(cat "$T/hook.out")
    trace=$(cat "$T/hook.trace")
    case $phase in
      pre-up|up)
        [ "$rc" != 0 ] || fail "$phase accepted IFACE '$name'"
        [ "$hook_out" = "ifupdown-token: $name: error: IFACE '$name' is not a valid interface name: $why" ] ||
          fail "$phase, IFACE '$name': unexpected output: $hook_out" ;;
      *)
        [ "$rc" = 0 ] || fail "$phase failed for IFACE '$name'"
        [ -z "$hook_out" ] || fail "$phase said something for IFACE '$name': $hook_out" ;;
    esac
    assert_not_contains "$trace" "socket("
    assert_not_contains "$trace" "/proc/sys/net"
    assert_not_contains "$trace" "ifupdown-token/"
    assert_not_contains "$trace" "/$name"
  done
done
assert_same "a hook run with a hostile IFACE changed the namespace" "$before" "$(netns_state)"
# The real ifup with the names ifupdown passes on.
for name in "$long" all; do
  interfaces <<EOF2
iface $name inet6 manual
    address $PREFIX::208:80:154:23/64
    token auto
EOF2
  ifup_fails "$name"
  assert_contains "$out" "ifupdown-token: $name: error: IFACE '$name' is not a valid interface name"
  assert_contains "$out" "ifup: failed to bring up $name"
done
assert_same "ifup with a hostile IFACE changed the namespace" "$before" "$(netns_state)"
# Control: the same trace of a valid name shows the socket and the paths, so
# their absence above means something.
run_hook pre-up IFACE=x LOGICAL=x ADDRFAM=inet6 METHOD=manual MODE=start PHASE=pre-up VERBOSITY=0 \
  IF_TOKEN=::208:80:154:23 IF_PRIVEXT=2 || fail "pre-up failed for x: $(cat "$T/hook.out")"
trace=$(cat "$T/hook.trace")
assert_contains "$trace" "socket(AF_NETLINK"
assert_contains "$trace" "/proc/sys/net/ipv6/conf/x/use_tempaddr"
assert_contains "$trace" "/run/ifupdown-token"   # the directory, then the record by name in it
grep -qE 'renameat[0-9]*\([0-9]+, "\.x:tmp\.[0-9]+\.[0-9]+", [0-9]+, "x"' <<<"$trace" || fail "the record of x was not written: $trace"
echo PASS
