#!/bin/bash
# Stanzas without `token`, the meta runs of `ifup -a` (IFACE=--all) and lo: the
# hooks exit 0 at once, print nothing and never open a socket; a whole
# ifup -a / ifdown -a ends exactly as it does without the hooks installed.
. "$(dirname "$0")/lib.sh"
for hook in pre-up up down post-down; do
  for env in "IFACE=--all ADDRFAM=meta METHOD=none" "IFACE=lo ADDRFAM=inet6 METHOD=loopback" \
             "IFACE=eno1 ADDRFAM=inet6 METHOD=manual IF_ADDRESS=2001:db8::1/64"; do
    trace=$(env -i $env PHASE=$hook MODE=start strace -f -e trace=socket,openat -o /dev/stdout "$HOOK_DIR/hook" 2>&1) \
      || fail "$hook exited non-zero for $env"
    assert_not_contains "$trace" "socket("
    assert_not_contains "$trace" "/proc/sys/net"
    assert_not_contains "$trace" "ifupdown-token:"
  done
done
setup_pair eno1
start_radvd
interfaces <<EOF2
auto lo
iface lo inet loopback

auto eno1
iface eno1 inet6 manual
    address $PREFIX::5/64
    up ip -6 addr add $PREFIX::5/64 dev eno1
iface eno1 inet static
    address 192.0.2.5/24
EOF2
run_cycle() {
  ifup_ok -a
  wait_slaac
  wait_dad_over
  iface_state | grep -v 'proto ra' | sed 's/fe80::[0-9a-f:]*/LL/' > "$T/state.$1"
  ifdown_ok -a
  iface_state | sed 's/fe80::[0-9a-f:]*/LL/' >> "$T/state.$1"
}
run_cycle with
rm "$ETC"/if-*.d/ifupdown-token
run_cycle without
diff "$T/state.with" "$T/state.without" || fail "the hooks changed a host that never mentions token"
ls "$RUNDIR/ifupdown-token" 2>/dev/null && fail "a record was written"
echo PASS
