#!/bin/bash
# guest: no
# Debian 12's puppet 7 applies our module (installed where its modulepath
# looks) on seed 000's host: eno1 up with its MAC-derived SLAAC address and
# Wikimedia's hand-written token lines in the file. `ifupdown_token::mapped`
# (the replacement of interface::add_ip6_mapped): the first run converts the
# file (iftoken migrate --set) and applies it live (iftoken apply); the second
# reports no change; `puppet resource` lists eno1; ifdown/ifup then give
# the same state; after a hand change of the token, --noop reports the drift
# and changes nothing.
. "$(dirname "$0")/lib.sh"
. "$SYS_DIR/fleet.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
[ -d "$SHARE/puppet/modules/ifupdown_token" ] || fail "our puppet module is not installed under $SHARE/puppet/modules"

# puppet ARGS...: puppet apply of the manifest with --detailed-exitcodes
# (0 no change, 2 changes, 4/6 failures), its state in the test's directory.
puppet_apply() {
  mkdir -p "$T/puppet"
  in_engine puppet apply --detailed-exitcodes --color=false --certname ift-test \
    --confdir "$T/puppet/etc" --vardir "$T/puppet/var" --rundir "$T/puppet/run" \
    --logdir "$T/puppet/log" --codedir "$T/puppet/code" \
    --modulepath "$SHARE/puppet/modules" "$@" "$T/site.pp"
}
echo "ifupdown_token::mapped { 'eno1': }" > "$T/site.pp"

seed000_host

note "first run: converted and applied"
puppet_apply
[ "$rc" = 2 ] || fail "the first puppet run exited $rc, not 2 (changes)"
said=$(cat "$T/engine.out")
assert_contains "$said" "Ifupdown_token_interface[eno1]/token"
assert_contains "$said" "eno1: remove address $EUI (built without the token)"
assert_converted_and_live

note "second run: no change"
puppet_apply
[ "$rc" = 0 ] || fail "the second puppet run exited $rc, not 0 (no change)"
assert_not_contains "$(cat "$T/engine.out")" "Ifupdown_token_interface[eno1]"

note "puppet resource lists eno1 as the file has it, in sync"
in_engine puppet resource --color=false --certname ift-test --confdir "$T/puppet/etc" \
  --vardir "$T/puppet/var" --rundir "$T/puppet/run" --logdir "$T/puppet/log" \
  --codedir "$T/puppet/code" --modulepath "$SHARE/puppet/modules" ifupdown_token_interface
[ "$rc" = 0 ] || fail "puppet resource exited $rc"
listed=$(grep -v Facter "$T/engine.out")
assert_contains "$listed" "ifupdown_token_interface { 'eno1':"
assert_contains "$listed" "token      => 'auto',"
assert_contains "$listed" "token_wait => '10',"
assert_contains "$listed" "applied    => 'true',"

assert_ifdown_ifup_same

note "a hand change, then --noop: the drift reported, nothing changed"
in_host ip token set ::99 dev eno1
before=$(config_and_token)
puppet_apply --noop
said=$(cat "$T/engine.out")
assert_contains "$said" "Ifupdown_token_interface[eno1]/applied"
assert_contains "$said" "eno1: would change: token $TOKEN"
assert_contains "$said" "(noop)"
assert_same "puppet --noop changed something" "$before" "$(config_and_token)"
echo PASS
