#!/bin/bash
# guest: no
# The record's lock: the real ifup and `iftoken apply` of the same stanza on
# one interface, started together, IFT_RACE_CYCLES times (default 100). Both
# read and write /run/ifupdown-token/eno1; without one lock from read to
# write, the one that writes last installs a record made from a text the other
# replaced (entries lost, or an original value that is ours), and with one
# shared temporary name one of them fails. After each cycle the record must
# hold every change with its original value (sorted lines, as the serial run
# writes them), no temporary file is left, and ifdown puts the token and
# every sysctl back.
# User space only (file locking): no guest kernel needed.
. "$(dirname "$0")/lib.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
cycles=${IFT_RACE_CYCLES:-100}

setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    token ::208:80:154:23
    ipv6-router-solicitations 3
    ipv6-dad-transmits 2
    privext 2
    accept_ra 2
EOF2
rec=$RUNDIR/ifupdown-token/eno1
record() { grep -v '^#' "$rec" | sort; }
apply_eno1() {
  ip netns exec "$H" unshare -m sh -c '
    mount --make-rprivate / && mount --bind "$1" /run && shift && exec "$@"' \
    sh "$RUNDIR" "$IFTOKEN" apply eno1 -i "$ETC/interfaces"
}
# The token and the sysctls of eno1: what the record restores.
settings() { iface_state eno1 | grep -E '^token |^[a-z_0-9]+='; }
before=$(settings)

# The serial run: what the record must hold, whichever of the two goes first.
ifup_ok eno1
reference=$(record)
note "the record after ifup: $reference"
ifdown_ok eno1
assert_same "ifdown did not restore eno1" "$before" "$(settings)"

for i in $(seq "$cycles"); do
  CASE="cycle $i"
  apply_eno1 > "$T/apply.out" 2>&1 &
  apply_pid=$!
  ifup_rc=0
  ifupdown ifup eno1 > /dev/null || ifup_rc=$?
  apply_rc=0
  wait "$apply_pid" || apply_rc=$?
  [ "$ifup_rc" = 0 ] || fail "$CASE: ifup failed ($ifup_rc): $(cat "$T/out")"
  [ "$apply_rc" = 0 ] || fail "$CASE: apply failed ($apply_rc): $(cat "$T/apply.out")"
  assert_same "$CASE: the record lost or changed a line" "$reference" "$(record)"
  left=$(find "$RUNDIR/ifupdown-token" -mindepth 1 -name '*tmp*')
  [ -z "$left" ] || fail "$CASE: temporary files left: $left"
  ifdown_ok eno1 > /dev/null
  assert_same "$CASE: ifdown did not restore eno1" "$before" "$(settings)"
done
note "$cycles cycles: the record was whole after each, and ifdown exact"
