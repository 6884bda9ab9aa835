#!/bin/bash
# iftoken migrate on seed 000 (Wikimedia's puppet output): the original file,
# with its `pre-up ip token set` and `up ip addr add` of the token's own SLAAC
# address, and the migrated one (`token auto`, `token-wait 10`) bring eno1 up
# to the same token, the same global addresses and the same default routes;
# with the migrated file no MAC-derived (EUI-64) global address ever appears,
# the SLAAC address is there when ifup returns, and `iftoken check` is clean.
. "$(dirname "$0")/lib.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
TOKENIZED=$PREFIX:0:10:64:0:10

# state_now: what the comparison is about, in a stable form: the token, the
# global addresses (no flags, no lifetimes), the default routes (no expiry).
state_now() {
  in_host ip token get dev eno1
  in_host ip -6 -o addr show dev eno1 scope global | awk '{print $4}' | sort
  in_host ip -6 route show default | sed 's/ expires [0-9]*sec//'
  in_host ip -4 route show default
}

setup_pair eno1
start_radvd
interfaces <<EOF2
auto eno1
iface eno1 inet static
    address 10.64.0.10/22
    gateway 10.64.0.1
    pre-up /sbin/ip token set ::10:64:0:10 dev eno1
    up ip addr add $TOKENIZED/64 dev eno1

iface eno1 inet6 manual
EOF2
cp "$ETC/interfaces" "$T/original"
start_recorder

# ---- 1. The original: the reference state.
ifup_ok eno1
wait_ra
wait_dad_over
original=$(state_now)
note "original: $original"
assert_contains "$original" "token ::10:64:0:10 dev eno1"
assert_contains "$original" "$TOKENIZED/64"
ifdown_ok eno1
# What the original left behind (it has no `down ip token del`) would hide
# whether the migrated file sets the token itself.
in_host ip token set :: dev eno1

# ---- 2. The migration: stdout only, the file untouched, a second run a no-op.
"$IFTOKEN" migrate -i "$ETC/interfaces" > "$T/migrated" 2> "$T/migrate.err" ||
  fail "iftoken migrate failed: $(cat "$T/migrate.err")"
cmp -s "$ETC/interfaces" "$T/original" || fail "iftoken migrate changed its input"
[ ! -s "$T/migrate.err" ] || fail "iftoken migrate reported: $(cat "$T/migrate.err")"
migrated=$(cat "$T/migrated")
note "migrated: $migrated"
assert_contains "$migrated" "    token auto"
assert_contains "$migrated" "    token-wait 10"
active=$(grep -v '^[[:space:]]*#' "$T/migrated")  # its comments quote what they replace
assert_not_contains "$active" "ip token"
assert_not_contains "$active" "ip addr"
"$IFTOKEN" migrate -i "$T/migrated" > "$T/migrated2" 2>/dev/null
cmp -s "$T/migrated" "$T/migrated2" || fail "migrating the migrated file changed it: $(diff "$T/migrated" "$T/migrated2")"

# ---- 3. The migrated file: the same state, no EUI-64 address on the way.
cp "$T/migrated" "$ETC/interfaces"
add_probe pre-up
seen_before=$(wc -l < "$T/events")
ifup_ok eno1
at_return=$(in_host ip -6 -o addr show dev eno1 scope global)
probe=$(cat "$T/probe.pre-up")
assert_contains "$probe" "state DOWN"
assert_contains "$probe" "token ::10:64:0:10 dev eno1"
# token-wait (which replaced the static line) held ifup until the address was there.
assert_contains "$at_return" "$TOKENIZED/64"
wait_ra
wait_dad_over
now=$(state_now)
[ "$now" = "$original" ] || fail "migrated state differs:"$'\n'"$(diff <(echo "$original") <(echo "$now"))"
eui64=$(eui64_addr "$PREFIX:0")
since=$(tail -n +"$((seen_before + 1))" "$T/events")
assert_not_contains "$since" "$eui64"
assert_contains "$since" "new eno1 $TOKENIZED/64 scope global dynamic"

# ---- 4. iftoken check is clean on the migrated file.
run_iftoken check -i "$T/migrated" ||
  fail "iftoken check -i MIGRATED failed: $(cat "$T/iftoken.out" "$T/iftoken.err")"
ifdown_ok eno1
echo PASS
