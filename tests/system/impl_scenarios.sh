# The same stanzas under ifupdown 0.8, ifupdown2 and ifupdown-ng:
# sourced by test_impl_<name>.sh with IMPL set to classic, ifupdown2 or ng.
# Each scenario runs on a fresh router/host pair with radvd and the address
# recorder, the way the package integrates with IMPL (the if-*.d links; under
# ifupdown2 also its addon, registered at the top of addons.conf), and asserts
# on the recording: the token, no MAC-derived address ever, nothing of ours
# left after ifdown, and a second ifup/ifdown identical to the first.
. "$(dirname "$0")/lib.sh"
declare -F impl_fetch >/dev/null || . "$SYS_DIR/impl.sh"
[ "$IMPL" = classic ] || impl_fetch

# fresh_pair: a new pair with our integration for $IMPL and the recorder.
fresh_pair() {
  teardown_pair
  impl_reset
  setup_pair eno1
  [ "$IMPL" = ifupdown2 ] && impl_hook_links ifupdown2 "$HOOK_DIR/hook" native
  start_radvd
}

# up_ok ARGS / down_ok ARGS / up_refused ARGS: $IMPL's ifup/ifdown; what it
# said is noted and left in $out. A refusal fails ifup under ifupdown and
# ifupdown2; ifupdown-ng 0.11.4 ignores the hooks' exit status.
up_ok() { _impl_must 0 ifup "$@"; }
down_ok() { _impl_must 0 ifdown "$@"; }
up_refused() {
  if [ "$IMPL" = ng ]; then _impl_must 0 ifup "$@"; else _impl_must 1 ifup "$@"; fi
}
_impl_must() {
  local fails=$1 cmd=$2 rc=0; shift 2
  out=$(ifupdown_impl "$IMPL" "$cmd" "$@") || rc=$?
  note "$IMPL ${CASE:+$CASE: }$cmd $* (exit $rc) said: $out"
  if [ "$fails" = 0 ] && [ "$rc" != 0 ]; then fail "$IMPL: $cmd $* failed (exit $rc): $out"; fi
  if [ "$fails" = 1 ] && [ "$rc" = 0 ]; then fail "$IMPL: $cmd $* succeeded: $out"; fi
  return 0
}

assert_token() {
  local got
  got=$(in_host ip token get dev eno1)
  [ "$got" = "token $1 dev eno1" ] || fail "$IMPL: expected token $1, got: $got"
}

# The kernel's EUI-64 addresses of eno1 (RFC 4291 appendix A).
no_mac_derived_global() {
  local mac
  mac=$(eui64_addr "$PREFIX:0")
  ! recorded_addresses | grep -qx "$mac/64" || { cat "$T/events"; fail "$IMPL: the MAC-derived $mac appeared"; }
}
no_mac_derived_link_local() {
  local mac
  mac=$(eui64_addr fe80:0:0:0)
  ! recorded_addresses | grep -qx "$mac/64" || { cat "$T/events"; fail "$IMPL: the MAC-derived $mac appeared"; }
}

# no_ff_fe_ever [global]: no MAC-derived interface identifier (RFC 4291
# appendix A: ff:fe in its middle) on $IFNAME, ever, from any MAC (a bridge
# has a random one before its first port joins); `global`: link-locals aside
# (a stanza without ipv6-link-local keeps the kernel's).
no_ff_fe_ever() {
  local bad
  bad=$(recorded_addresses | { if [ "${1:-}" = global ]; then grep -v '^fe80:'; else cat; fi; } |
        grep -E ':[0-9a-f]{0,2}ff:fe[0-9a-f]{0,2}:[0-9a-f]{1,4}/' || true)
  [ -z "$bad" ] || { cat "$T/events"; fail "$IMPL: ${CASE:-}: MAC-derived address(es) on $IFNAME: $bad"; }
}

# up_state: the interface after ifup, without what the router's advertisements
# time (lifetimes, RA routes), to compare one ifup with the next.
up_state() { iface_state | grep -v 'proto ra' | sed 's/ \(valid\|preferred\)_lft [^ ]*//g'; }

# same_up_state ROUND: up_state is kept in round 1, and must be the same after;
# each taken once DAD is over (ifupdown2 and ifupdown-ng return from ifup
# before their addresses' DAD ends: "tentative" is a moment, not a state).
same_up_state() {
  _dad_over() { ! in_host ip -6 -o addr show dev "$IFNAME" tentative | grep -q .; }
  wait_until 10 "$IMPL: ${CASE:-}: an address on $IFNAME is still tentative" _dad_over
  [ "$1" = 1 ] && FIRST_UP=$(up_state)
  assert_same "$IMPL: ${CASE:-}: the second ifup differs from the first" "$FIRST_UP" "$(up_state)"
}

# nothing_of_ours_left BEFORE: after ifdown the interface's settings are what
# they were before the first ifup, and there is no record.
nothing_of_ours_left() {
  local now
  now=$(iface_state | normalise up link-locals)
  assert_same "$IMPL: after ifdown the interface is not as before ifup" "$(normalise up link-locals <<<"$1")" "$now"
  [ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "$IMPL: a record was left: $(cat "$RUNDIR/ifupdown-token/eno1")"
}

# wait_address ADDR/LEN: until eno1 has it (from SLAAC or the implementation).
wait_address() {
  _has_address() { in_host ip -6 -o addr show dev eno1 | grep -q " $1 "; }
  wait_until 10 "$IMPL: $1 never appeared on eno1: $(in_host ip -6 -o addr show dev eno1)" _has_address "$1"
}

# ---- the scenarios

# inet6 static + token auto: the token is set before the link comes up, and the
# SLAAC address the kernel builds is the static one. FORWARDING=1 first sets
# forwarding=1, accept_ra=1, under which `ip token set` fails with EINVAL.
scenario_static_token_auto() {
  local forwarding=${1:-0} before round
  CASE="static, token auto, forwarding=$forwarding"
  fresh_pair
  [ "$forwarding" = 1 ] && in_host sysctl -qw net.ipv6.conf.eno1.forwarding=1 net.ipv6.conf.eno1.accept_ra=1
  interfaces <<EOF
iface eno1 inet6 static
    address $PREFIX::208:80:154:23/64
    autoconf 1
    token auto
EOF
  start_recorder
  before=$(iface_state)
  for round in 1 2; do
    if [ "$round" = 1 ]; then
      up_ok -v eno1   # ifup -v: one line per action (VERBOSITY, or VERBOSE)
      assert_contains "$out" "ifupdown-token: eno1: token ::208:80:154:23"
    else
      up_ok eno1
      assert_not_contains "$out" "ifupdown-token: eno1: token ::208:80:154:23"
    fi
    [ "$forwarding" = 1 ] && assert_contains "$out" "warning: forwarding is on (from net.ipv6.conf.eno1.forwarding=1"
    assert_token ::208:80:154:23
    wait_address "$PREFIX:0:208:80:154:23/64"
    two_more_ras
    no_mac_derived_global
    down_ok eno1
    nothing_of_ours_left "$before"
  done
}

# inet6 manual with the address, the gateway, token auto and the link-local
# from the token: not even the link-local shows the MAC.
scenario_manual_link_local_token() {
  local before round
  CASE="manual, ipv6-link-local token"
  fresh_pair
  interfaces <<EOF
iface eno1 inet6 manual
    address $PREFIX::208:80:154:23/64
    gateway $PREFIX::1
    token auto
    ipv6-link-local token
EOF
  start_recorder
  before=$(iface_state)
  for round in 1 2; do
    up_ok eno1
    assert_token ::208:80:154:23
    wait_address "$PREFIX:0:208:80:154:23/64"
    wait_address "fe80::208:80:154:23/64"
    assert_contains "$(in_host ip -6 route show default)" "default via $PREFIX::1 dev eno1"
    two_more_ras
    same_up_state "$round"
    down_ok eno1
    nothing_of_ours_left "$before"
  done
  no_mac_derived_global
  no_mac_derived_link_local
}

# ifup of the interfaces file on stdin: the token ::198:51:100:10 and the
# address SLAAC builds with it, never a MAC-derived one; ifdown leaves nothing.
slaac_with_the_token() {
  local before
  fresh_pair
  interfaces
  start_recorder
  before=$(iface_state)
  up_ok eno1
  assert_token ::198:51:100:10
  wait_address "$PREFIX:0:198:51:100:10/64"
  two_more_ras
  no_mac_derived_global
  down_ok eno1
  nothing_of_ours_left "$before"
}

# The Wikimedia layout: the token in the inet stanza, which brings the link up
# first (token auto: 198.51.100.10 -> ::198:51:100:10), then an inet6 stanza.
scenario_wikimedia_layout() {
  CASE="Wikimedia layout"
  slaac_with_the_token <<EOF
iface eno1 inet static
    address 198.51.100.10/24
    token auto
iface eno1 inet6 manual
EOF
}

# The token written in an inet6 stanza after an inet one: ifupdown2's if-*.d
# scripts never see it (their IF_* come from the first stanza); its addon does.
scenario_token_in_a_later_inet6_stanza() {
  CASE="token in a later inet6 stanza"
  slaac_with_the_token <<EOF
iface eno1 inet static
    address 198.51.100.10/24
iface eno1 inet6 manual
    token ::198:51:100:10
EOF
}

# token-wait: ifup returns with the token's SLAAC address already
# usable (global, dynamic, not tentative), with no wait of the test's own.
scenario_token_wait() {
  local line
  CASE="token-wait"
  fresh_pair
  interfaces <<EOF
iface eno1 inet static
    address 198.51.100.10/24
    token auto
    token-wait 10
iface eno1 inet6 manual
EOF
  start_recorder
  up_ok eno1
  line=$(in_host ip -6 -o addr show dev eno1 to "$PREFIX:0:198:51:100:10/128")
  assert_contains "$line" "$PREFIX:0:198:51:100:10/64 scope global dynamic"
  assert_not_contains "$line" "tentative"
  assert_not_contains "$out" "token-wait"
  no_mac_derived_global
  down_ok eno1
}

# A refusal: `accept_ra 0` with a token, explained in one line before anything
# of ours changes. ifupdown fails the interface and leaves the link down;
# ifupdown2 and ifupdown-ng bring it up regardless, so there the hook keeps the
# kernel from building addresses from the MAC (not even a link-local) and the
# line says so; ifdown gives every value back. Twice, the same.
scenario_accept_ra_0_refused() {
  local before round
  CASE="accept_ra 0"
  fresh_pair
  interfaces <<EOF
iface eno1 inet6 manual
    address $PREFIX::10/64
    accept_ra 0
    token ::10
EOF
  start_recorder
  before=$(iface_state)
  for round in 1 2; do
    up_refused eno1
    assert_contains "$out" "ifupdown-token: eno1: error: cannot set token ::10: the kernel accepts a token only while eno1 accepts router advertisements, and eno1 has accept_ra=0 (from this stanza's 'accept_ra 0'); set 'accept_ra 1'"
    [ "$(grep -c 'ifupdown-token: eno1: ' <<<"$out")" = 1 ] || fail "$IMPL: expected exactly one line from the hook: $out"
    assert_token ::
    if [ "$IMPL" = classic ]; then
      assert_not_contains "$out" "addr_gen_mode"
      [ ! -e "$RUNDIR/ifupdown-token/eno1" ] || fail "$IMPL: a record was written"
      assert_same "$IMPL: the refusal changed something" "$before" "$(iface_state)"
    else
      assert_contains "$out" "; $([ "$IMPL" = ng ] && echo ifupdown-ng || echo ifupdown2) brings eno1 up regardless, so until ifdown it builds no address from its MAC (addr_gen_mode none, autoconf 0)"
      in_host ip link show dev eno1 | grep -q ',UP' || fail "$IMPL: expected $IMPL to bring eno1 up"
      two_more_ras
      down_ok eno1
      nothing_of_ours_left "$before"
    fi
    no_ff_fe_ever
  done
}

run_all_scenarios() {
  scenario_static_token_auto 0
  scenario_static_token_auto 1
  scenario_manual_link_local_token
  scenario_wikimedia_layout
  scenario_token_in_a_later_inet6_stanza
  scenario_token_wait
  scenario_accept_ra_0_refused
  echo PASS
}
