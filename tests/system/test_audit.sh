#!/bin/bash
# guest: no
# iftoken audit, each finding from a real state on a real kernel: eno1 with
# the hooks (token ::10, link-local fe80::10), eno2 with an inet6 stanza but
# no token, so that its SLAAC and link-local addresses are MAC-derived; then
# a token changed by hand (against the stanzas and against the record), a
# record ifdown cannot read, a stanza the next ifup refuses. Each output is
# checked: text lines, Nagios (exit status, status line with perfdata), JSON,
# and the Prometheus file as node_exporter's own textfile collector reads it.
. "$(dirname "$0")/lib.sh"
setup_pair eno1
IFNAME=eno2
ip link add rtr1 netns "$R" type veth peer name eno2 netns "$H"
ip -n "$R" addr add 2001:db8:2::1/64 dev rtr1 nodad
ip -n "$R" link set rtr1 up
cat > "$T/radvd.conf" <<EOC
interface rtr0 {
  AdvSendAdvert on; AdvHomeAgentFlag on; MinRtrAdvInterval 0.5; MaxRtrAdvInterval 1;
  prefix $PREFIX::/64 { AdvOnLink on; AdvAutonomous on; };
};
interface rtr1 {
  AdvSendAdvert on; AdvHomeAgentFlag on; MinRtrAdvInterval 0.5; MaxRtrAdvInterval 1;
  prefix 2001:db8:2::/64 { AdvOnLink on; AdvAutonomous on; };
};
EOC
ip netns exec "$R" radvd -C "$T/radvd.conf" -p "$T/radvd.pid" -m logfile -l "$T/radvd.log" -u root
GOOD="iface eno1 inet6 manual
    token ::10
    ipv6-link-local token
iface eno2 inet6 manual"
interfaces <<<"$GOOD"
ifup_ok eno1
ifup_ok eno2
_slaac_both() {
  grep -q "$PREFIX::10/64" <<<"$(in_host ip -6 -o addr show dev eno1 scope global)" &&
    grep -q . <<<"$(in_host ip -6 -o addr show dev eno2 scope global dynamic)"
}
wait_until 10 "no SLAAC address on eno1 and eno2" _slaac_both
ENO2_GLOBAL=$(eui64_addr 2001:db8:2:0 eno2)
ENO2_LL=$(eui64_addr fe80:0:0:0 eno2)
# The test's interfaces file (run_iftoken binds only /run over the real one).
audit() { run_iftoken audit -i "$ETC/interfaces" "$@"; }

note "text: eno2's MAC-derived addresses, nothing about eno1"
rc=0; audit || rc=$?
out=$(cat "$T/iftoken.out")
[ "$rc" = 1 ] || fail "audit exited $rc: $out $(cat "$T/iftoken.err")"
assert_contains "$out" "ifupdown-token: eno2: $ENO2_GLOBAL/64 (scope global) is MAC-derived, the EUI-64 of this interface's MAC; valid "
assert_contains "$out" "ifupdown-token: eno2: $ENO2_LL/64 (scope link) is MAC-derived"
assert_not_contains "$out" "ifupdown-token: eno1:"
assert_contains "$out" "iftoken audit: 2 interfaces, 1 critical, 1 warning"
[ "$(wc -l < "$T/iftoken.out")" = 3 ] || fail "not one line per finding and a summary: $out"

note "nagios: CRITICAL, one status line with perfdata, exit 2"
rc=0; audit --nagios || rc=$?
[ "$rc" = 2 ] || fail "--nagios exited $rc: $(cat "$T/iftoken.out")"
head -1 "$T/iftoken.out" | grep -Eq '^IFTOKEN CRITICAL - [^|]+ \| critical=1 warning=1 mac_derived_global=1 mac_derived_link_local=1 token_mismatch=0 refused=0 interfaces=2$' ||
  fail "status line: $(head -1 "$T/iftoken.out")"
rc=0; audit eno1 --nagios || rc=$?
[ "$rc" = 0 ] || fail "--nagios for eno1 alone exited $rc: $(cat "$T/iftoken.out")"
head -1 "$T/iftoken.out" | grep -Eq '^IFTOKEN OK - 1 interface, 0 critical, 0 warnings \| critical=0 ' ||
  fail "status line: $(head -1 "$T/iftoken.out")"

note "json: one document"
audit --json || true
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = {i["interface"]: i for i in d["interfaces"]}
assert e["eno1"]["token_matches"] is True and e["eno1"]["link_local_matches"] is True, e["eno1"]
assert e["eno1"]["record"] == "matches", e["eno1"]
assert e["eno2"]["mac_derived"] == {"global": 1, "link_local": 1}, e["eno2"]
f = [x for x in d["findings"] if x["scope"] == "global"][0]
assert f["kind"] == "mac-derived" and f["own_mac"] and f["age_seconds"] is not None, f
assert d["critical"] == 1 and d["warnings"] == 1, d
' "$T/iftoken.out" || fail "json: $(cat "$T/iftoken.out")"

note "a token changed by hand: against the stanzas and against the record"
in_host ip token set ::99 dev eno1
rc=0; audit eno1 || rc=$?
out=$(cat "$T/iftoken.out")
[ "$rc" = 1 ] || fail "audit exited $rc: $out"
assert_contains "$out" "ifupdown-token: eno1: the kernel's token is ::99, the stanzas ask for ::10: set by hand or up without the hooks; fix: iftoken apply eno1"
assert_contains "$out" "ifupdown-token: eno1: the record says ifupdown-token set token ::10, the kernel has ::99"

note "prometheus: the file as node_exporter's textfile collector reads it"
mkdir -p "$T/textfile"
audit --prometheus="$T/textfile/ifupdown_token.prom" || true
[ "$(ls -A "$T/textfile")" = ifupdown_token.prom ] || fail "left beside the file: $(ls -A "$T/textfile")"
bg_host prometheus-node-exporter --web.listen-address=127.0.0.1:9100 --collector.disable-defaults \
  --collector.textfile --collector.textfile.directory="$T/textfile" 2> "$T/node_exporter.log"
_metrics() { in_host curl -sf http://127.0.0.1:9100/metrics > "$T/metrics"; }
wait_until 10 "node_exporter did not answer: $(cat "$T/node_exporter.log")" _metrics
metrics=$(cat "$T/metrics")
assert_contains "$metrics" 'node_textfile_scrape_error 0'
assert_contains "$metrics" 'ifupdown_token_mac_derived_addresses{interface="eno2",scope="global"} 1'
assert_contains "$metrics" 'ifupdown_token_mac_derived_addresses{interface="eno1",scope="global"} 0'
assert_contains "$metrics" 'ifupdown_token_token_matches{interface="eno1"} 0'
assert_contains "$metrics" 'ifupdown_token_record_matches{interface="eno1",record="differs"} 0'
assert_contains "$metrics" 'ifupdown_token_refused_at_next_ifup{interface="eno1"} 0'
assert_contains "$metrics" 'ifupdown_token_audit_findings{severity="critical"} 2'

note "a record ifdown cannot read, a stanza the next ifup refuses"
in_host ip token set ::10 dev eno1
cp "$RUNDIR/ifupdown-token/eno1" "$T/record"
printf 'index 2\ntok\n' > "$RUNDIR/ifupdown-token/eno1"
interfaces <<<"${GOOD/token ::10/token ::zz}"
rc=0; audit eno1 --nagios || rc=$?
out=$(cat "$T/iftoken.out")
[ "$rc" = 2 ] || fail "--nagios exited $rc: $out"
assert_contains "$out" "ifupdown-token: eno1: ifdown cannot undo: "
assert_contains "$out" "ifupdown-token: eno1: the next ifup refuses: $ETC/interfaces:2: error: eno1: option token: '::zz'"
head -1 "$T/iftoken.out" | grep -Eq '\| critical=2 warning=0 .* refused=1 interfaces=1$' || fail "status line: $(head -1 "$T/iftoken.out")"
cp "$T/record" "$RUNDIR/ifupdown-token/eno1"
interfaces <<<"$GOOD"

note "unknown: an unreadable file is exit 3 with --nagios"
rc=0; run_iftoken audit -i "$T/missing" --nagios || rc=$?
[ "$rc" = 3 ] || fail "--nagios on a missing file exited $rc"
grep -Eq '^IFTOKEN UNKNOWN - ' "$T/iftoken.out" || fail "unknown: $(cat "$T/iftoken.out")"
ifdown_ok eno1
ifdown_ok eno2
echo PASS
