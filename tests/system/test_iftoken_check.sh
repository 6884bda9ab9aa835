#!/bin/bash
# iftoken check and iftoken plan on the seed stanzas (tests/checks/), against
# live kernel states in a namespace pair: exactly the expected findings
# (FILE:LINE: level: IFACE: text), the exit statuses, the planned actions;
# nothing in the namespace changes. After a real ifup, check predicts the same
# findings for the next ifup as before it (the hooks' record is taken into
# account).
. "$(dirname "$0")/lib.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
CHECKS=$TOP/tests/checks

# assert_lines WHAT OUTPUT EXPECTED...: OUTPUT has exactly as many lines as
# EXPECTED, and line i starts with EXPECTED[i].
assert_lines() {
  local what=$1 out=$2 i=0 line; shift 2
  local -a lines
  mapfile -t lines <<<"$out"
  [ -z "$out" ] && lines=()
  [ ${#lines[@]} = $# ] || fail "$what: expected $# lines, got ${#lines[@]}:"$'\n'"$out"
  for line in "$@"; do
    [[ "${lines[$i]}" == "$line"* ]] || fail "$what: line $((i + 1)) is"$'\n'"  ${lines[$i]}"$'\n'"expected to start with"$'\n'"  $line"
    i=$((i + 1))
  done
}

# check_rc RC ARGS...: `iftoken ARGS...` exits with RC.
check_rc() {
  local want=$1 rc=0; shift
  run_iftoken "$@" || rc=$?
  [ "$rc" = "$want" ] || fail "iftoken $*: exit status $rc, expected $want: $(cat "$T/iftoken.out" "$T/iftoken.err")"
}

setup_pair eno1
# A second host interface for seed 002's eth0, on its own veth to the router.
ip link add rtr1 netns "$R" type veth peer name eth0 netns "$H"
ip -n "$R" link set rtr1 up
# The cloudgw story: forwarding on via `all`, which the kernel copies to every
# interface; accept_ra stays 1.
in_host sysctl -qw net.ipv6.conf.all.forwarding=1
before=$(netns_state)

S0=$CHECKS/seed000 S0C=$CHECKS/seed000-converted S2=$CHECKS/seed002

# ---- check
note "check seed 000 (the pre-up 'ip token set' of the Wikimedia stanza, forwarding via all)"
check_rc 1 check -i "$S0"
assert_lines "check seed000" "$(cat "$T/iftoken.out")" \
  "$S0:8: error: eno1: option pre-up: '/sbin/ip token set ::10:192:20:18 dev eno1' sets the token itself, before ifupdown-token's hook runs, and the kernel will refuse it with EINVAL: at the next ifup, eno1 has forwarding=1 (from net.ipv6.conf.all.forwarding=1" \
  "$S0:9: warning: eno1: forwarding is on (from net.ipv6.conf.all.forwarding=1" \
  "$S0:10: warning: eno1: address 2620:0:860:118:10:192:20:18/64 is prefix+token and autoconf is 1 on eno1"
[ "$(cat "$T/iftoken.err")" = "1 error, 2 warnings" ] || fail "summary: $(cat "$T/iftoken.err")"

note "check seed 000 converted: warnings only, exit 0; --strict: 1"
check_rc 0 check -i "$S0C"
assert_lines "check seed000-converted" "$(cat "$T/iftoken.out")" \
  "$S0C:6: warning: eno1: forwarding is on (from net.ipv6.conf.all.forwarding=1, which the kernel copies to every interface): accept_ra 1 -> 2" \
  "$S0C:7: warning: eno1: address 2620:0:860:118:10:192:20:18/64 is prefix+token and autoconf is 1 on eno1"
check_rc 1 check --strict -i "$S0C"

note "check seed 000 as written (no token option): the line is refused, 'token auto' replaces it"
S0O=$CHECKS/seed000-original
check_rc 1 check -i "$S0O"
assert_lines "check seed000-original" "$(grep -v ': note: ' "$T/iftoken.out")" \
  "$S0O:7: error: eno1: option pre-up: '/sbin/ip token set ::10:64:0:10 dev eno1' sets the token itself, and the kernel will refuse it with EINVAL: at the next ifup, eno1 has forwarding=1"
assert_contains "$(cat "$T/iftoken.out")" "replace the line with 'token auto'"

note "check --root: a host image's sysctl.d turns forwarding on; the refusal names that file and line"
check_rc 1 check --root "$CHECKS/root-seed000"
assert_lines "check --root" "$(cat "$T/iftoken.out")" \
  "/etc/network/interfaces:7: error: eno1: option pre-up: '/sbin/ip token set ::10:64:0:10 dev eno1' sets the token itself, and the kernel will refuse it with EINVAL: at boot, eno1 has forwarding=1 (from net.ipv6.conf.all.forwarding = 1 at /etc/sysctl.d/90-router.conf:2)"

note "migrate seed 000, then check the result: no error"
check_rc 0 migrate -i "$S0O"
cp "$T/iftoken.out" "$T/migrated"
check_rc 0 check -i "$T/migrated"
assert_contains "$(cat "$T/iftoken.err")" "0 errors"

note "check --env: what each stanza gives the hooks, after ifupdown's conversions"
check_rc 0 check --root "$CHECKS/root-seed000" --env eno1
env_out=$(cat "$T/iftoken.out")
for want in "# /etc/network/interfaces:4: iface eno1 inet static" IF_ADDRESS=10.64.0.10 \
    IF_NETMASK=255.255.252.0 IF_GATEWAY=10.64.0.1 METHOD=static ADDRFAM=inet \
    "# /etc/network/interfaces:10: iface eno1 inet6 manual" METHOD=manual; do
  grep -qxF -- "$want" <<<"$env_out" || fail "check --env: no line '$want' in: $env_out"
done

note "check seed 002 (endpoint any under static; the gateway's accept_ra 0)"
check_rc 0 check -i "$S2"
seed002_findings=$(cat "$T/iftoken.out")
assert_lines "check seed002" "$seed002_findings" \
  "$S2:6: warning: eth0: option endpoint: 'any' does nothing in this inet6 static stanza: it is an option of inet tunnel, inet6 tunnel and inet6 v4tunnel, not of inet6 static; remove it" \
  "$S2:7: warning: eth0: eth0 has forwarding=1 and accept_ra=0 after the static method ran" \
  "$S2:8: warning: eth0: forwarding is on (from net.ipv6.conf.all.forwarding=1"
check_rc 0 check -i "$S2" --json
json=$(cat "$T/iftoken.out")
for want in '"errors": 0,' '"warnings": 3,' '"notes": 0' \
    "{\"file\": \"$S2\", \"line\": 6, \"level\": \"warning\", \"iface\": \"eth0\", \"text\": \"option endpoint: 'any' does nothing"; do
  assert_contains "$json" "$want"
done
[ "$(grep -c '"level": "warning"' <<<"$json")" = 3 ] || fail "json: $json"

note "check: an interface asked for, usage errors"
check_rc 1 check -i "$S2" eno1
assert_lines "check eno1 in seed002" "$(cat "$T/iftoken.out")" "$S2: error: eno1: no iface stanza for eno1"
check_rc 2 check -i "$T/no-such-file"
check_rc 2 check --no-such-option
check_rc 0 check --help

# ---- plan
note "plan seed 002: accept_ra made effective, the token, then the static method"
check_rc 0 plan eth0 -i "$S2"
assert_lines "plan seed002" "$(cat "$T/iftoken.out")" \
  "$S2:3: iface eth0 inet6 static" \
  "  pre-up: accept_ra 1 -> 2" \
  "  pre-up: token ::c:1" \
  "  warning: forwarding is on (from net.ipv6.conf.all.forwarding=1" \
  "  then the inet6 static method writes accept_ra 0, autoconf 0, adds 2001:db8:1::c:1/64 and brings eth0 up"

note "plan: the inet stanza brings the link up before the inet6 stanza's pre-up"
check_rc 0 plan eno1 -i "$CHECKS/stanza-order"
assert_lines "plan stanza-order" "$(cat "$T/iftoken.out")" \
  "$CHECKS/stanza-order:2: iface eno1 inet static: no token option, ifupdown-token does nothing" \
  "  then the inet static method brings eno1 up" \
  "$CHECKS/stanza-order:4: iface eno1 inet6 manual" \
  "  pre-up: accept_ra 1 -> 2" \
  "  pre-up: token ::208:80:154:23" \
  "  warning: forwarding is on" \
  "  warning: eno1 was already up when this stanza's pre-up ran" \
  "  then the inet6 manual method brings eno1 up"

note "plan: an explicit accept_ra 1 with forwarding on is refused"
check_rc 1 plan eno1 -i "$CHECKS/manual-accept-ra"
assert_lines "plan manual-accept-ra" "$(cat "$T/iftoken.out")" \
  "$CHECKS/manual-accept-ra:3: iface eno1 inet6 manual" \
  "  error: cannot set token ::10: the kernel accepts a token only while eno1 accepts router advertisements, and eno1 has forwarding=1" \
  "  ifup stops here"
check_rc 0 plan eth0 -i "$S2" --json
assert_contains "$(cat "$T/iftoken.out")" '"actions": ["accept_ra 1 -> 2", "token ::c:1"],'
check_rc 1 plan eno9 -i "$S2"
check_rc 2 plan

after=$(netns_state)
assert_same "check and plan changed the namespace" "$before" "$after"

# ---- after a real ifup, check predicts the next ifup just the same
note "ifup eth0 with seed 002, then check again"
cp "$S2" "$ETC/interfaces"
ifup_ok eth0
[ "$(in_host cat /proc/sys/net/ipv6/conf/eth0/accept_ra)" = 0 ] || fail "the static method did not write accept_ra 0"
[ -s "$RUNDIR/ifupdown-token/eth0" ] || fail "no record of the hooks"
check_rc 0 check -i "$S2"
assert_same "check after ifup" "$seed002_findings" "$(cat "$T/iftoken.out")"
check_rc 0 plan eth0 -i "$S2"
assert_contains "$(cat "$T/iftoken.out")" "note: eth0 is up now"
ifdown_ok eth0
echo PASS
