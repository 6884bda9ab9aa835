# What the Puppet and Ansible tests share (sourced after lib.sh): seed 000's
# host, brought up before the token lines were written, and the engines run
# in the host namespace with this test's /etc/network and /run, finding our
# module and collection where the package installs them (the staging tree
# under test, or the installed package).
SHARE=${HOOK_DIR%/libexec/ifupdown-token}/share
SBIN=$(dirname "$IFTOKEN")
TOKEN=::10:64:0:10
TOKENIZED=$(canon6 "$PREFIX:0:10:64:0:10")

scaled() { awk -v s="${IFT_TIME_SCALE:-1}" -v n="$1" 'BEGIN { w = n * s; printf "%d", (w == int(w)) ? w : int(w) + 1 }'; }
has_addr() { in_host ip -6 -o addr show dev eno1 | awk '{print $4}' | grep -qxF "$1"; }
dad_over() { ! grep -q . <<<"$(in_host ip -6 -o addr show dev eno1 tentative)"; }
token_now() { in_host ip token get dev eno1; }

# in_engine CMD ARGS...: CMD in the host namespace, in a private mount
# namespace with this test's /etc/network and /run, iftoken under test first
# in PATH, HOME in the test's directory; output in $T/engine.out, the exit
# status in $rc.
in_engine() {
  mkdir -p "$T/home"
  rc=0
  ip netns exec "$H" unshare -m sh -c '
    mount --make-rprivate / &&
    mount --bind "$1" /etc/network && mount --bind "$2" /run && shift 2 && exec "$@"' \
    sh "$ETC" "$RUNDIR" env HOME="$T/home" PATH="$SBIN:/usr/sbin:/usr/bin:/sbin:/bin" "$@" \
    > "$T/engine.out" 2>&1 || rc=$?
  note "$* exited $rc: $(cat "$T/engine.out")"
}

# seed000_host: eno1 up by the real ifup from seed 000's stanza without its
# token lines, with the MAC-derived SLAAC address the kernel built from
# radvd's prefix (a host that booted before puppet's augeas added the lines);
# then seed 000's whole file, as Wikimedia's puppet leaves it.
seed000_host() {
  setup_pair eno1
  start_radvd_fast
  interfaces <<EOF2
auto eno1
iface eno1 inet static
    address 10.64.0.10/22
    gateway 10.64.0.1

iface eno1 inet6 manual
EOF2
  ifup_ok eno1
  assert_radvd_fast
  EUI=$(eui64_addr "$PREFIX:0")/64
  wait_until "$(scaled 15)" "the kernel built no MAC-derived address $EUI" has_addr "$EUI"
  interfaces <<EOF2
auto eno1
iface eno1 inet static
    address 10.64.0.10/22
    gateway 10.64.0.1
    pre-up /sbin/ip token set $TOKEN dev eno1
    up ip addr add $TOKENIZED/64 dev eno1

iface eno1 inet6 manual
EOF2
}

# assert_converted_and_live: the file has the options, not the hand-written
# lines; the token is set; the MAC-derived address is gone and the next RA
# built prefix+token.
assert_converted_and_live() {
  local file
  file=$(cat "$ETC/interfaces")
  assert_contains "$file" "    token auto"
  assert_contains "$file" "    token-wait 10"
  ! grep -E '^\s*(pre-up|up) ' <<<"$file" || fail "a hand-written line is left: $file"
  assert_contains "$(token_now)" "token $TOKEN dev eno1"
  ! has_addr "$EUI" || fail "the MAC-derived $EUI is still on eno1: $(in_host ip -6 addr show dev eno1)"
  wait_until "$(scaled 15)" "no prefix+token address $TOKENIZED/64" has_addr "$TOKENIZED/64"
  wait_until "$(scaled 10)" "an address on eno1 stayed tentative" dad_over
}

# assert_ifdown_ifup_same: ifdown then ifup with the file the engine left
# give the state the engine left.
assert_ifdown_ifup_same() {
  local before after
  before=$(iface_state eno1)
  ifdown_ok eno1
  ifup_ok eno1
  wait_until "$(scaled 15)" "no prefix+token address $TOKENIZED/64 after ifup" has_addr "$TOKENIZED/64"
  wait_until "$(scaled 10)" "an address on eno1 stayed tentative" dad_over
  after=$(iface_state eno1)
  assert_same "ifdown/ifup did not give the state the engine left" "$before" "$after"
}

# config_and_token: what a run that changes nothing must leave as it was.
config_and_token() {
  cat "$ETC/interfaces"
  token_now
  find "$RUNDIR/ifupdown-token" -type f -exec cat {} + 2>/dev/null || true
}
