#!/bin/bash
# guest: no
# Facts about ifupdown 0.8, ifupdown2 3.0.0 and ifupdown-ng 0.11.4 (Debian 12)
# that the hooks depend on. For each implementation: ifup and ifdown
# of one interface with two stanzas (inet static, then inet6 manual with our
# options), an env-dumping script in every if-*.d directory, and our
# integration (impl_hook_links: the if-*.d links, and ifupdown2's addon / ng's
# executor) pointing at env-dumping "hooks". Asserts what each one sees per
# phase: variables, link state and addresses. Then a failing pre-up hook: the
# exit status of ifup and whether the interface still came up.
. "$(dirname "$0")/lib.sh"
declare -F impl_fetch >/dev/null || . "$SYS_DIR/impl.sh"
impl_fetch

# The dumper: one record per run, every line "R<n> <src> ...": via (argv0),
# env (sorted, every variable), link (admin UP/DOWN), addr, token. A source
# fails with status 3 if $T/fail.<src> exists.
cat > "$T/dump.sh" <<'EOD'
src=$1 via=$2 log=$3
env=$(/usr/bin/env | /usr/bin/sort)
PATH=/usr/sbin:/usr/bin:/sbin:/bin
n=$(( $(cat "$log.n" 2>/dev/null || echo 0) + 1 )); echo $n > "$log.n"
{ echo "via $via"
  printf '%s\n' "$env" | grep -E '^[A-Za-z_][A-Za-z0-9_]*=' | sed 's/^/env /'
  case " $(ip -o link show dev "$IFACE" 2>/dev/null | cut -d'<' -f2 | cut -d'>' -f1 | tr , ' ') " in
    *" UP "*) echo "link UP" ;; *) echo "link DOWN" ;; esac
  ip -o addr show dev "$IFACE" 2>/dev/null | awk '{print "addr", $3, $4}'
  ip token get dev "$IFACE" 2>/dev/null | awk '{print "token", $2}'
} | sed "s|^|R$n $src |" >> "$log"
[ -e "$log.fail.$src" ] && { echo "dump: $src fails on purpose" >&2; exit 3; }
exit 0
EOD

# probe_dumpers: env-dumping scripts "00-env" in all eight if-*.d directories
# (src script:<dir>), and $T/hooks/{pre-up,up,down,post-down} (src hook:<name>).
probe_dumpers() {
  local d
  mkdir -p "$T/hooks"
  for d in create pre-up up post-up pre-down down post-down destroy; do
    mkdir -p "$ETC/if-$d.d"
    printf '#!/bin/sh\nexec /bin/sh %s script:%s "$0" %s\n' "$T/dump.sh" "$d" "$T/log" > "$ETC/if-$d.d/00-env"
    chmod +x "$ETC/if-$d.d/00-env"
  done
  for d in pre-up up down post-down; do
    printf '#!/bin/sh\nexec /bin/sh %s hook:%s "$0" %s\n' "$T/dump.sh" "$d" "$T/log" > "$T/hooks/$d"
    chmod +x "$T/hooks/$d"
  done
  rm -f "$T/log" "$T/log.n" "$T"/log.fail.*
}

# The records: ids of SRC's records (in order); lines of record ID; one
# variable of record ID ("<unset>" if absent); the sequence "src PHASE" of all.
ids() { awk -v s="$1" '$2 == s && !seen[$1]++ {print $1}' "$T/log"; }
rec() { awk -v r="$1" '$1 == r' "$T/log" | cut -d' ' -f3-; }
var() {
  awk -v r="$1" -v k="$2" '$1 == r && $3 == "env" && index($4, k "=") == 1 {
    sub("^[^ ]+ [^ ]+ env " k "=", ""); print; found = 1; exit } END { if (!found) print "<unset>" }' "$T/log"
}
sequence() { local r; for r in $(awk '!seen[$1]++ {print $1}' "$T/log"); do echo "$(awk -v r=$r '$1 == r {print $2; exit}' "$T/log") $(var "$r" PHASE)"; done; }
# via SRC PREFIX: the first record of SRC whose argv0 starts with PREFIX.
via() { local r; for r in $(ids "$1"); do rec "$r" | grep -q "^via $2" && { echo "$r"; return 0; }; done; fail "$IMPL: $1 never ran via $2"; }
# first ID: the first record of SRC (fails the test if there is none).
first() { local r; r=$(ids "$1" | head -n1); [ -n "$r" ] || fail "$IMPL: $1 never ran"; echo "$r"; }
expect_var() { local v; v=$(var "$1" "$2"); [ "$v" = "$3" ] || fail "$IMPL: $(rec "$1" | head -n1) ($1): $2='$v', expected '$3'"; }
expect_line() { rec "$1" | grep -qx -- "$2" || fail "$IMPL: record $1 ($(rec "$1" | head -n1)) lacks '$2': $(rec "$1" | grep -v '^env')"; }
expect_no_line() { ! rec "$1" | grep -qx -- "$2" || fail "$IMPL: record $1 ($(rec "$1" | head -n1)) has '$2'"; }
has_v4() { rec "$1" | grep -q '^addr inet 198.51.100.10/24$'; }
has_v6() { rec "$1" | grep -q '^addr inet6 '; }

STANZAS='iface eno1 inet static
    address 198.51.100.10/24

iface eno1 inet6 manual
    token ::10
    ipv6-link-local token'

# run_case IMPL [EXTRA-INET6-LINE]: fresh pair, dumpers, integration, ifup -v
# + ifdown -v; leaves $T/log, $T/up.out, $T/down.out, $UP_RC, $DOWN_RC.
run_case() {
  IMPL=$1
  teardown_pair; impl_reset; setup_pair eno1
  # the pair is empty: no radvd, no RA; only the kernel's own link-local appears
  probe_dumpers
  impl_hook_links "$IMPL" "$T/hooks"
  { echo "$STANZAS"; [ -z "${2:-}" ] || echo "    $2"; } | interfaces
  UP_RC=0 DOWN_RC=0
  ifupdown_impl "$IMPL" ifup -v eno1 > "$T/up.out" 2>&1 || UP_RC=$?
  ifupdown_impl "$IMPL" ifdown -v eno1 > "$T/down.out" 2>&1 || DOWN_RC=$?
  note "$IMPL: ifup rc $UP_RC, ifdown rc $DOWN_RC; runs in order (src PHASE):"
  sequence | sed 's/^/    /'
}

# show ID: a record, for the log of the test (the facts in readable form).
show() { echo "    [$(rec "$1" | head -n1 | cut -d' ' -f2)] $(rec "$1" | grep -v '^via' | grep -v '^env PATH=' | cut -d' ' -f2- | tr '\n' ' ')"; }

# ---------------------------------------------------------------- classic
run_case classic
[ $UP_RC = 0 ] && [ $DOWN_RC = 0 ] || { cat "$T/up.out" "$T/down.out"; fail "classic: ifup $UP_RC ifdown $DOWN_RC"; }
# once per stanza: pre-up hook twice (inet, inet6)
[ "$(ids hook:pre-up | wc -l)" = 2 ] || fail "classic: pre-up hook ran $(ids hook:pre-up | wc -l) times"
r1=$(ids hook:pre-up | sed -n 1p); r2=$(ids hook:pre-up | sed -n 2p)
expect_var "$r1" ADDRFAM inet; expect_var "$r1" METHOD static; expect_var "$r1" IF_TOKEN "<unset>"
expect_line "$r1" "link DOWN"; has_v4 "$r1" && fail "classic: IPv4 address present at the inet pre-up"
expect_var "$r2" ADDRFAM inet6; expect_var "$r2" METHOD manual; expect_var "$r2" IF_TOKEN ::10
expect_var "$r2" IF_IPV6_LINK_LOCAL token; expect_var "$r2" PHASE pre-up; expect_var "$r2" MODE start
expect_var "$r2" LOGICAL eno1; expect_var "$r2" VERBOSITY 1
# the inet stanza's method brought the link up before the inet6 pre-up
expect_line "$r2" "link UP"; has_v4 "$r2" || fail "classic: no IPv4 address at the inet6 pre-up"
expect_var "$(first hook:up)" PHASE post-up
expect_var "$(first hook:down)" PHASE pre-down
expect_var "$(first hook:post-down)" PHASE post-down
[ -z "$(ids script:post-up)$(ids script:pre-down)$(ids script:create)" ] || fail "classic: ran if-post-up.d/if-pre-down.d/if-create.d"
for r in $(ids hook:pre-up) $(ids hook:down); do show "$r"; done

# ---------------------------------------------------------------- ifupdown2
run_case ifupdown2
[ $UP_RC = 0 ] && [ $DOWN_RC = 0 ] || { cat "$T/up.out" "$T/down.out"; fail "ifupdown2: ifup $UP_RC ifdown $DOWN_RC"; }
# the addon replaces the links: every hook record comes from the addon (via the hook itself)
for r in $(ids hook:pre-up) $(ids hook:up) $(ids hook:down) $(ids hook:post-down); do
  rec "$r" | grep -q "^via $T/hooks/" || fail "ifupdown2: hook run through the if-*.d link: $(rec "$r" | head -n1)"
done
[ "$(ids hook:pre-up | wc -l)" = 1 ] || fail "ifupdown2: pre-up hook ran $(ids hook:pre-up | wc -l) times"
a=$(first hook:pre-up)
expect_var "$a" IF_TOKEN ::10; expect_var "$a" IF_IPV6_LINK_LOCAL token; expect_var "$a" IF_ADDRESS 198.51.100.10/24
expect_var "$a" ADDRFAM inet,inet6; expect_var "$a" PHASE pre-up
# the addon's pre-up (after ifupdown2's last pre-up module in addons.conf)
# runs once link, bridge... and address have run: the addresses are there, the
# link is still down
expect_line "$a" "link DOWN"; has_v4 "$a" || fail "ifupdown2: no IPv4 address at the addon's pre-up"
expect_var "$(first hook:up)" PHASE post-up; expect_line "$(first hook:up)" "link UP"
d=$(first hook:down); expect_var "$d" PHASE pre-down; expect_line "$d" "link UP"; has_v4 "$d" || fail "ifupdown2: addresses gone at the addon's pre-down"
expect_var "$(first hook:post-down)" PHASE post-down
# the legacy scripts: run once per op, after the modules of the op: the
# address addon already ran at pre-up (link still down); options of the
# second stanza are lost; ADDRFAM/METHOD are missing in the first script run
s=$(first script:pre-up)
expect_var "$s" IF_TOKEN "<unset>"; expect_var "$s" ADDRFAM "<unset>"; expect_var "$s" METHOD "<unset>"
expect_line "$s" "link DOWN"; has_v4 "$s" || fail "ifupdown2: no IPv4 address at if-pre-up.d"
s=$(first script:up); expect_var "$s" ADDRFAM inet,inet6; expect_var "$s" PHASE up; expect_line "$s" "link UP"
for x in pre-up up post-up pre-down down post-down; do [ -n "$(ids script:$x)" ] || fail "ifupdown2: if-$x.d did not run"; done
s=$(first script:down); expect_line "$s" "link DOWN"; has_v4 "$s" && fail "ifupdown2: IPv4 address still there at if-down.d"
for r in $a $(first hook:up) $d $(first hook:post-down) $(first script:pre-up) $(first script:down); do show "$r"; done

# ifupdown2 without the addon (links only): the hooks run from if-*.d, first stanza only
IMPL=ifupdown2; teardown_pair; impl_reset; setup_pair eno1; probe_dumpers
impl_hook_links ifupdown2 "$T/hooks" links
echo "$STANZAS" | interfaces
ifupdown_impl ifupdown2 ifup eno1 > "$T/up.out" 2>&1 || { cat "$T/up.out"; fail "ifupdown2 (links): ifup failed"; }
a=$(first hook:pre-up); rec "$a" | grep -q "^via /etc/network/if-pre-up.d/ifupdown-token" || fail "ifupdown2 (links): not via the link"
expect_var "$a" IF_TOKEN "<unset>"; expect_var "$a" ADDRFAM "<unset>"; has_v4 "$a" || fail "ifupdown2 (links): no IPv4 address at pre-up"
note "ifupdown2 (links only): pre-up hook"; show "$a"

# ---------------------------------------------------------------- ng
# without `use token`: `token` and `ipv6-link-local` do not select the token executor
run_case ng
[ $UP_RC = 0 ] && [ $DOWN_RC = 0 ] || { cat "$T/up.out" "$T/down.out"; fail "ng: ifup $UP_RC ifdown $DOWN_RC"; }
grep -q 'attempting to run ipv6 executor' "$T/up.out" || fail "ng: ipv6-link-local did not auto-select 'use ipv6'"
! grep -q 'attempting to run token executor' "$T/up.out" || fail "ng: the option 'token' selected the token executor"
for r in $(ids hook:pre-up); do rec "$r" | grep -q "^via /etc/network/if-pre-up.d/" || fail "ng: executor ran without 'use token'"; done
# with `use token`: the executor and the links both run
run_case ng "use token"
[ $UP_RC = 0 ] && [ $DOWN_RC = 0 ] || { cat "$T/up.out" "$T/down.out"; fail "ng: ifup $UP_RC ifdown $DOWN_RC"; }
grep -q 'attempting to run token executor for phase pre-up' "$T/up.out" || fail "ng: token executor not run"
[ "$(ids hook:pre-up | wc -l)" = 2 ] || fail "ng: pre-up hook ran $(ids hook:pre-up | wc -l) times (expected executor + link)"
e=$(ids hook:pre-up | sed -n 1p); l=$(ids hook:pre-up | sed -n 2p)
rec "$e" | grep -q "^via $T/hooks/pre-up" || fail "ng: the first pre-up run is not the executor"
rec "$l" | grep -q "^via /etc/network/if-pre-up.d/ifupdown-token" || fail "ng: the second pre-up run is not the link"
for r in $e $l; do
  expect_var "$r" IF_TOKEN ::10; expect_var "$r" IF_IPV6_LINK_LOCAL token; expect_var "$r" IF_USE token
  expect_var "$r" IF_ADDRESS 198.51.100.10/24; expect_var "$r" METHOD none; expect_var "$r" ADDRFAM "<unset>"
  expect_var "$r" PATH "<unset>"; expect_var "$r" LOGICAL "<unset>"; expect_var "$r" VERBOSE 1
  expect_var "$r" PHASE pre-up; expect_var "$r" MODE start; expect_var "$r" INTERFACES_FILE /etc/network/interfaces
  expect_line "$r" "link DOWN"; has_v4 "$r" && fail "ng: IPv4 address present at pre-up"; has_v6 "$r" && fail "ng: IPv6 address at pre-up"
done
# the executor (via the hook itself) and the link (via /etc/network/if-*.d) per hook
ex() { via "$1" "$T/hooks/"; }
ln_() { via "$1" /etc/network/if-; }
u=$(ex hook:up); expect_var "$u" PHASE post-up; expect_line "$u" "link UP"; has_v4 "$u" || fail "ng: no IPv4 address at post-up"
U=$(ln_ hook:up); expect_var "$U" PHASE up; expect_line "$U" "link UP"; has_v4 "$U" || fail "ng: no IPv4 address at up"
d=$(ex hook:down); expect_var "$d" PHASE pre-down; expect_line "$d" "link UP"; has_v4 "$d" || fail "ng: addresses gone at pre-down"
# the if-down.d link runs in phase down, after the link and static executors' down
D=$(ln_ hook:down); expect_var "$D" PHASE down; expect_line "$D" "link DOWN"; has_v4 "$D" && fail "ng: IPv4 address still there at down"
p=$(ex hook:post-down); expect_var "$p" PHASE post-down; expect_line "$p" "link DOWN"; has_v4 "$p" && fail "ng: IPv4 address left at post-down"
P=$(ln_ hook:post-down); expect_var "$P" PHASE post-down
for x in create pre-up up post-up pre-down down post-down destroy; do [ -n "$(ids script:$x)" ] || fail "ng: if-$x.d did not run"; done
for r in $e $u $U $d $D $p; do show "$r"; done

# ---------------------------------------------------------------- a failing pre-up hook
# classic: fails the interface; ifupdown2 addon: rc 1 but the interface is
# configured anyway; ng (executor and link): ignored, rc 0.
fail_case() {
  IMPL=$1
  teardown_pair; impl_reset; setup_pair eno1; probe_dumpers
  impl_hook_links "$IMPL" "$T/hooks" "${3:-both}"
  { echo "$STANZAS"; [ "$IMPL" != ng ] || echo "    use token"; } | interfaces
  touch "$T/log.fail.hook:pre-up"
  UP_RC=0; ifupdown_impl "$IMPL" ifup eno1 > "$T/up.out" 2>&1 || UP_RC=$?
  LINK_AFTER_UP=$(in_host ip -o link show dev eno1 | grep -o '<[^>]*>')
  ADDR_AFTER_UP=$(in_host ip -o addr show dev eno1 scope global | awk '{print $4}' | tr '\n' ' ')
  note "$IMPL ($2) with a failing pre-up hook: ifup rc $UP_RC, link $LINK_AFTER_UP, addresses: $ADDR_AFTER_UP"
  sed 's/^/    | /' "$T/up.out"
  [ "$UP_RC" = "$2" ] || fail "$IMPL: ifup exit status $UP_RC with a failing pre-up hook, expected $2"
}
fail_case classic 1
assert_contains "$(cat "$T/up.out")" "dump: hook:pre-up fails on purpose"
[ -z "$ADDR_AFTER_UP" ] || fail "classic: the interface was configured despite the failure: $ADDR_AFTER_UP"
fail_case ifupdown2 1
assert_contains "$(cat "$T/up.out")" "ifupdown-token: pre-up failed (exit status 3)"
assert_contains "$ADDR_AFTER_UP" "198.51.100.10/24"
fail_case ng 0
assert_contains "$(cat "$T/up.out")" "dump: hook:pre-up fails on purpose"
assert_contains "$ADDR_AFTER_UP" "198.51.100.10/24"
echo PASS
