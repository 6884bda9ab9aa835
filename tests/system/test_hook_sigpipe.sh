#!/bin/bash
# guest: no
# A closed pipe on the hook's stderr (`ifup -v eno1 2>&1 | head -1` once head
# is gone): every message the hook writes fails with EPIPE, and the hook goes
# on, instead of dying of SIGPIPE between its changes and its record (pre-up
# killed so fails the ifup and leaves eno1 half-configured). Here each phase
# runs with stderr on a pipe whose reader has exited: ifup -v and ifdown
# succeed and eno1 ends as it began. Then `iftoken plan` with a 64 KiB
# interface name: exit 2 and one short line, before any file or socket.
# User space only (a signal's disposition): no guest kernel needed.
. "$(dirname "$0")/lib.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"

setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    ipv6-dad-transmits 2
    token ::10
EOF2
for phase in pre-up up down post-down; do
  rm "$ETC/if-$phase.d/ifupdown-token"
  cat > "$ETC/if-$phase.d/ifupdown-token" <<EOP
#!/bin/bash
exec 2> >(exit 0)
wait \$!   # the reader is gone: a write to stderr now raises SIGPIPE
exec "$HOOK_DIR/hook"
EOP
  chmod +x "$ETC/if-$phase.d/ifupdown-token"
done
before=$(iface_state)
ifup_ok -v eno1
grep -qx 'token ::10 dev eno1' <<<"$(in_host ip token get dev eno1)" ||
  fail "the token is not set: $(in_host ip token get dev eno1)"
[ "$(in_host cat /proc/sys/net/ipv6/conf/eno1/dad_transmits)" = 2 ] || fail "dad_transmits not set"
ifdown_ok -v eno1
assert_same "ifdown did not restore eno1" "$before" "$(iface_state)"
[ -z "$(ls -A "$RUNDIR/ifupdown-token" 2>/dev/null)" ] || fail "a record is left: $(ls -A "$RUNDIR/ifupdown-token")"

long=$(head -c 65536 /dev/zero | tr '\0' a)
rc=0
"$IFTOKEN" plan "$long" -i "$ETC/interfaces" > "$T/plan.out" 2> "$T/plan.err" || rc=$?
note "iftoken plan with a 64 KiB name: exit $rc: $(head -c 300 "$T/plan.err")"
[ "$rc" = 2 ] || fail "iftoken plan exited $rc, not 2 (bad usage)"
[ "$(wc -l < "$T/plan.err")" = 1 ] && [ "$(wc -c < "$T/plan.err")" -lt 300 ] ||
  fail "not one short line: $(head -c 300 "$T/plan.err")"
assert_contains "$(cat "$T/plan.err")" "is not a valid interface name: it is longer than 15 bytes (IFNAMSIZ)"
