#!/bin/bash
# A refusal: explicit `accept_ra 0` with a token in a manual stanza. The
# kernel would refuse the token; ifup must fail before changing anything, with
# one line naming accept_ra and the fix.
. "$(dirname "$0")/lib.sh"
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::10/64
    accept_ra 0
    ipv6-router-solicitations 3
    token ::10
EOF2
before=$(iface_state)
ifup_fails eno1
assert_contains "$out" "ifupdown-token: eno1: error: cannot set token ::10: the kernel accepts a token only while eno1 accepts router advertisements, and eno1 has accept_ra=0 (from this stanza's 'accept_ra 0'); set 'accept_ra 1'"
assert_contains "$out" "ifup: failed to bring up eno1"
[ "$(grep -c '^ifupdown-token:' <<<"$out")" = 1 ] || fail "expected exactly one line from the hook"
after=$(iface_state)
[ "$before" = "$after" ] || fail "the namespace changed:\n$before\nvs\n$after"
[ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "a record was written"
echo PASS
