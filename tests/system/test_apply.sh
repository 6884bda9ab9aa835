#!/bin/bash
# iftoken apply on a running interface (the acceptance sequence of apply): eno1
# is brought up by the real ifup from seed 000's stanza without its token line,
# and the kernel builds its MAC-derived (EUI-64) SLAAC address from radvd's
# prefix. Then the stanza gets `token ::10:64:0:10` and, with ifupdown still
# holding eno1 up, `apply --dry-run`, `apply`, `apply --dry-run` exit 1 (the
# change printed), 0, 0 ("nothing to change"): the MAC-derived address is
# gone, the token set, the next RA builds prefix+token, and the link never
# went down (its link-local stayed). ifdown with that file then puts the token
# and every sysctl back to what they were before apply.
. "$(dirname "$0")/lib.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
TOKEN=::10:64:0:10
TOKENIZED=$(canon6 "$PREFIX:0:10:64:0:10")

no_addr() { ! has_addr "$1"; }
# The token and the sysctls of eno1, as iface_state shows them.
settings() { iface_state eno1 | grep -E '^token |^[a-z_0-9]+='; }
link_up() { in_host ip -o link show dev eno1 | grep -q 'state UP'; }

setup_pair eno1
start_radvd_fast
interfaces <<EOF2
auto eno1
iface eno1 inet static
    address 10.64.0.10/22
    gateway 10.64.0.1
EOF2
start_recorder
ifup_ok eno1
assert_radvd_fast
EUI=$(eui64_addr "$PREFIX:0")/64
LL=$(eui64_addr fe80:0:0:0)/64
wait_until "$(scaled 15)" "the kernel built no MAC-derived SLAAC address $EUI" has_addr "$EUI"
wait_until "$(scaled 10)" "an address on eno1 stayed tentative" dad_over
has_addr "$LL" || fail "no EUI-64 link-local $LL on eno1: $(in_host ip -6 addr show dev eno1)"
before=$(settings)
note "before apply: $before"
assert_contains "$before" "token :: dev eno1"
assert_contains "$before" "accept_ra=1"

# The same file, now with the token: ifupdown's state still says eno1 is up.
interfaces <<EOF2
auto eno1
iface eno1 inet static
    address 10.64.0.10/22
    gateway 10.64.0.1
    token $TOKEN
EOF2

note "apply --dry-run: exit 1, the change printed, nothing changed"
apply --dry-run
[ "$rc" = 1 ] || fail "apply --dry-run exited $rc, not 1: $said"
assert_contains "$said" "eno1: would change: token $TOKEN"
assert_contains "$said" "eno1: would change: remove address $EUI (built without the token)"
[ "$(settings)" = "$before" ] || fail "apply --dry-run changed a setting: $(diff <(echo "$before") <(settings))"
has_addr "$EUI" || fail "apply --dry-run removed $EUI"
[ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "apply --dry-run wrote a record: $(cat "$RUNDIR/ifupdown-token/eno1")"

note "apply: exit 0, the token set, the MAC-derived address gone, the link up"
seen=$(wc -l < "$T/events")
apply
[ "$rc" = 0 ] || fail "apply exited $rc: $said"
assert_contains "$said" "eno1: token $TOKEN"
assert_contains "$said" "eno1: remove address $EUI (built without the token)"
grep -qx "token $TOKEN dev eno1" <<<"$(in_host ip token get dev eno1)" ||
  fail "token not set: $(in_host ip token get dev eno1)"
no_addr "$EUI" || fail "$EUI is still on eno1 after apply"
link_up || fail "eno1 is not up after apply: $(in_host ip link show dev eno1)"
has_addr "$LL" || fail "the link-local $LL went away"
record=$(cat "$RUNDIR/ifupdown-token/eno1") || fail "apply wrote no record"
assert_contains "$record" "token :: $TOKEN"
# The next RA: the kernel builds prefix+token, and not the MAC-derived one
# again. The kernel announces an address (RTM_NEWADDR) only once its DAD is
# over, so the recorder sees it then.
wait_until "$(scaled 15)" "no prefix+token address $TOKENIZED/64 after apply" has_addr "$TOKENIZED/64"
wait_until "$(scaled 10)" "an address on eno1 stayed tentative" dad_over
recorded_since() { tail -n +"$((seen + 1))" "$T/events" | grep -qF -- "$1"; }
wait_until "$(scaled 5)" "the recorder saw no new $TOKENIZED/64: $(tail -n +"$((seen + 1))" "$T/events")" \
  recorded_since "new eno1 $TOKENIZED/64 scope global dynamic"
recorded_since "del eno1 $EUI" || fail "the recorder saw no del of $EUI: $(tail -n +"$((seen + 1))" "$T/events")"
two_more_ras
no_addr "$EUI" || fail "$EUI came back after apply"
# No link went down at any time: the link-local was never deleted (a link
# going down flushes it) and the link is up.
! grep -qE " del eno1 ${LL//./\\.}( |$)" "$T/events" ||
  fail "the link-local $LL was deleted: $(grep -F " del eno1 " "$T/events")"
link_up || fail "eno1 is not up: $(in_host ip link show dev eno1)"

note "apply --dry-run again: exit 0, nothing to change"
apply --dry-run
[ "$rc" = 0 ] || fail "apply --dry-run after apply exited $rc, not 0: $said"
assert_contains "$said" "eno1: nothing to change"
assert_not_contains "$said" "would change"

note "ifdown: the token and the sysctls as before apply"
ifdown_ok eno1
after=$(settings)
[ "$after" = "$before" ] || fail "ifdown did not restore the settings from before apply:"$'\n'"$(diff <(echo "$before") <(echo "$after"))"
[ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "ifdown left the record: $(cat "$RUNDIR/ifupdown-token/eno1")"
echo PASS
