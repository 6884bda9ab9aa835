# Shared harness of the system tests: a router and a host, each in a network
# namespace created here with a unique name, joined by a veth; radvd on the
# router; the real ifupdown running the hooks on the host inside a private mount
# namespace with its own /etc/network and /run. Everything is removed on exit,
# whether the test passed or not. Nothing touches the host's own interfaces.
set -euo pipefail

SYS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$SYS_DIR/../.." && pwd)
# HOOK_DIR: where the hooks under test live: a `make install DESTDIR=` staging
# tree (default, set by tests/system/run) or the installed package.
: "${HOOK_DIR:=/usr/libexec/ifupdown-token}"
PREFIX=2001:db8:1
ID="${IFT_TEST_TAG:+$IFT_TEST_TAG-}ift$$x$RANDOM"   # the runner's tag: its leak check knows our namespaces
R="$ID-r"          # router namespace
H="$ID-h"          # host namespace
T=$(mktemp -d "/tmp/$ID.XXXX")
ETC="$T/etc/network"
STATE="$T/ifstate"
RUNDIR="$T/run"
RECORDER_PID=      # iftoken monitor's own pid (start_recorder)
BG_PIDS=()         # every background process of the test, by its own pid (bg_host)

cleanup() {
  local rc=$?
  stop_processes
  ip netns del "$H" 2>/dev/null || true
  ip netns del "$R" 2>/dev/null || true
  rm -rf "$T"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "--- $*"; }

# in_host CMD...: run in the host namespace.
in_host() { ip netns exec "$H" "$@"; }

# bg_host CMD...: CMD in the host namespace, in the background, its pid in
# BG_PID. `ip netns exec` execs CMD in place, so that pid is CMD's own: not a
# subshell's (`in_host CMD &`), whose death would leave CMD running and the
# test's namespace alive. Redirect the call: bg_host iftoken monitor > FILE.
# stop_processes ends what is still running, in cleanup and teardown_pair.
bg_host() {
  ip netns exec "$H" "$@" &
  BG_PID=$!
  BG_PIDS+=("$BG_PID")
}

# wait_bg PID...: waits for processes of bg_host that end by themselves and
# forgets them; returns the exit status of the last, as `wait` does.
wait_bg() {
  local rc=0 p q keep=()
  wait "$@" || rc=$?
  for q in "${BG_PIDS[@]}"; do
    for p in "$@"; do [ "$q" = "$p" ] && continue 2; done
    keep+=("$q")
  done
  BG_PIDS=("${keep[@]}")
  return $rc
}

# _alive PID: the process exists and is not a zombie.
_alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $st != Z* ]]; }

# stop_bg: SIGTERM to every process of bg_host still running, SIGKILL after
# 2 s, each waited for. Only children of this shell: never a reused pid.
stop_bg() {
  local p i
  for p in "${BG_PIDS[@]}"; do
    [ "$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')" = "$$" ] || continue
    kill "$p" 2>/dev/null || true
    for i in $(seq 20); do _alive "$p" || break; sleep 0.1; done
    ! _alive "$p" || kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  BG_PIDS=()
  RECORDER_PID=
}

# stop_ns NS: SIGTERM to every process in the network namespace NS (radvd,
# which daemonizes, and anything else a test started there), SIGKILL after
# 2 s; returns once none is left, so that deleting NS really frees it.
stop_ns() {
  local ns=$1 pids i sig
  [ -e "/run/netns/$ns" ] || return 0
  for sig in TERM KILL; do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [ -z "$pids" ] && return 0
    # shellcheck disable=SC2086
    kill -s $sig $pids 2>/dev/null || true
    for i in $(seq 20); do [ -z "$(ip netns pids "$ns" 2>/dev/null || true)" ] && return 0; sleep 0.1; done
  done
  echo "warning: processes left in namespace $ns: $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')" >&2
}

# stop_processes: every process this test started, in the background or in
# its namespaces, ended and waited for (before the namespaces are deleted).
stop_processes() {
  stop_bg
  stop_ns "$H"
  stop_ns "$R"
  rm -f "$T/radvd.pid"
}

# A router with radvd advertising $PREFIX::/64, a host with interface $1
# (default eno1), link down, and the hooks installed in a private /etc/network.
setup_pair() {
  local ifname=${1:-eno1}
  IFNAME=$ifname
  ip netns add "$R"
  ip netns add "$H"
  ip -n "$R" link set lo up
  ip -n "$H" link set lo up
  ip link add rtr0 netns "$R" type veth peer name "$ifname" netns "$H"
  ip netns exec "$R" sysctl -qw net.ipv6.conf.all.forwarding=1
  ip -n "$R" addr add "$PREFIX::1/64" dev rtr0 nodad
  ip -n "$R" link set rtr0 up
  mkdir -p "$ETC" "$STATE" "$RUNDIR"
  local phase
  for phase in create pre-up up down post-down; do   # create: ifupdown-ng's
    mkdir -p "$ETC/if-$phase.d"
    ln -s "$HOOK_DIR/hook" "$ETC/if-$phase.d/ifupdown-token"
  done
}

# start_radvd [AUTONOMOUS]: the router advertises $PREFIX::/64 with the
# autonomous (SLAAC) flag, or without it with `start_radvd off`.
start_radvd() {
  cat > "$T/radvd.conf" <<EOC
interface rtr0 {
  AdvSendAdvert on; MinRtrAdvInterval 3; MaxRtrAdvInterval 4;
  prefix $PREFIX::/64 { AdvOnLink on; AdvAutonomous ${1:-on}; };
};
EOC
  ip netns exec "$R" radvd -C "$T/radvd.conf" -p "$T/radvd.pid" -m logfile -l "$T/radvd.log" -u root
  for _ in $(seq 50); do [ -s "$T/radvd.pid" ] && return 0; sleep 0.1; done
  fail "radvd did not start: $(cat "$T/radvd.log" 2>/dev/null)"
}

# interfaces FILE-CONTENT: the host's /etc/network/interfaces.
interfaces() { cat > "$ETC/interfaces"; }

# A probe hook that runs after ours in one phase directory and appends what it
# sees (link state, token, addresses) to $T/probe.<phase>.
add_probe() {
  local phase=$1
  cat > "$ETC/if-$phase.d/zz-probe" <<EOP
#!/bin/sh
{ echo "== \$IFACE \$ADDRFAM \$PHASE"
  ip -o link show dev "\$IFACE" | grep -o 'state [A-Z]*' || true
  ip token get dev "\$IFACE" 2>/dev/null || true
  ip -6 -o addr show dev "\$IFACE" | awk '{print \$4, \$0 ~ /tentative/ ? "tentative" : ""}'
} >> "$T/probe.$phase"
EOP
  chmod +x "$ETC/if-$phase.d/zz-probe"
}

# ifupdown CMD ARGS...: the real ifup/ifdown on the host, with this test's
# /etc/network and /run bind-mounted over the real ones in a private mount
# namespace. Output goes to $T/out; the exit status is returned.
ifupdown() {
  local cmd=$1; shift
  set +e
  ip netns exec "$H" unshare -m sh -c '
    mount --make-rprivate / &&
    mount --bind "$1" /etc/network && mount --bind "$2" /run && shift 2 && exec "$@"' \
    sh "$ETC" "$RUNDIR" "$cmd" -i /etc/network/interfaces --state-dir "$STATE" "$@" > "$T/out" 2>&1
  local rc=$?
  set -e
  cat "$T/out"
  return $rc
}

# ifup_ok ARGS... / ifup_fails ARGS... / ifdown_ok ARGS...: the real ifup
# (ifdown) ARGS must succeed (must fail); what it said is noted and left in
# $out. CASE, when set, names the case in the messages ("cycle 3").
ifup_ok() { _ifupdown_must 0 ifup "$@"; }
ifup_fails() { _ifupdown_must 1 ifup "$@"; }
ifdown_ok() { _ifupdown_must 0 ifdown "$@"; }
_ifupdown_must() {
  local fails=$1 cmd=$2 rc=0 what; shift 2
  what="${CASE:+$CASE: }$cmd $*"
  out=$(ifupdown "$cmd" "$@") || rc=$?
  note "$what said: $out"
  if [ "$fails" = 0 ] && [ "$rc" != 0 ]; then fail "$what failed (exit $rc): $out"; fi
  if [ "$fails" = 1 ] && [ "$rc" = 0 ]; then fail "$what succeeded: $out"; fi
  return 0
}

# The address-event recorder, `iftoken monitor`: every IPv6 address event in
# the host namespace, from before ifup to the end of the test, one line each:
#   TIME new|del IFACE ADDR/LEN scope SCOPE FLAGS preferred P valid V
# Started only once it is listening.
start_recorder() {
  : > "$T/events"
  bg_host "$IFTOKEN" monitor > "$T/events" 2>&1
  RECORDER_PID=$BG_PID
  local i
  for i in $(seq 50); do
    in_host ip -6 addr add 2001:db8:ffff::$i/128 dev lo nodad
    in_host ip -6 addr del 2001:db8:ffff::$i/128 dev lo
    sleep 0.1
    grep -q "2001:db8:ffff::" "$T/events" && return 0
  done
  fail "address recorder did not start"
}

# Every address that ever appeared on $IFNAME according to the recording.
recorded_addresses() {
  awk -v i="$IFNAME" '$2 == "new" && $3 == i {print $4}' "$T/events" | sort -u
}

# assert_only_addresses ADDR/LEN...: nothing but these ever appeared.
assert_only_addresses() {
  local extra
  extra=$(recorded_addresses | grep -vxF -f <(printf '%s\n' "$@") || true)
  [ -z "$extra" ] || { cat "$T/events"; fail "unexpected address(es) appeared on $IFNAME: $extra"; }
}

# wait_ra: until the host has processed a router advertisement (RA default route).
wait_ra() {
  local i
  for i in $(seq 100); do
    grep -q . <<<"$(in_host ip -6 route show default proto ra)" && return 0
    sleep 0.1
  done
  fail "no router advertisement was processed on $IFNAME within 10 s"
}

# wait_slaac: until the kernel has built an address from the advertised prefix.
wait_slaac() {
  local i
  for i in $(seq 100); do
    grep -q . <<<"$(in_host ip -6 -o addr show dev "$IFNAME" scope global dynamic)" && return 0
    sleep 0.1
  done
  fail "no SLAAC address appeared on $IFNAME within 10 s"
}

# wait_dad_over: until no address on $IFNAME is tentative (10 s at most), so
# that a state dump does not depend on how far the kernel's DAD has come.
wait_dad_over() {
  _dad_over() { ! grep -q . <<<"$(in_host ip -6 -o addr show dev "$IFNAME" tentative)"; }
  wait_until 10 "an address on $IFNAME stayed tentative" _dad_over
}

# two_more_ras: waits until the host has received two more router
# advertisements than it had when called (15 s at most): whatever the first
# one would have brought about has had its chance to show.
two_more_ras() {
  local from
  from=$(snmp6 "$H" Icmp6InRouterAdvertisements)
  _two_more() { [ "$(snmp6 "$H" Icmp6InRouterAdvertisements)" -ge $((from + 2)) ]; }
  wait_until 15 "no further router advertisement arrived" _two_more
}

assert_contains() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }
assert_not_contains() { ! grep -qF -- "$2" <<<"$1" || fail "did not expect '$2' in: $1"; }

# ---- Additions for the scenario tests. The helpers above are unchanged.

# wait_until SECONDS WHAT CMD...: runs CMD every 0.1 s until it succeeds; fails
# the test with WHAT after SECONDS.
wait_until() {
  local secs=$1 what=$2 i; shift 2
  for i in $(seq $((secs * 10))); do
    "$@" && return 0
    sleep 0.1
  done
  fail "$what (not within $secs s)"
}

# snmp6 NS COUNTER [IFACE]: an ICMPv6 counter of a namespace (or of one of its
# interfaces), e.g. snmp6 "$R" Icmp6OutRouterAdvertisements.
snmp6() {
  local file=/proc/net/snmp6
  [ -n "${3:-}" ] && file=/proc/net/dev_snmp6/$3
  awk -v k="$2" '$1 == k {print $2}' <<<"$(ip netns exec "$1" cat "$file")"
}

# start_radvd_fast: radvd advertising about every second. radvd refuses a
# MaxRtrAdvInterval below 4 s unless Mobile IPv6 is on (AdvHomeAgentFlag). It
# reads the interface's settings only once rtr0 has a carrier (the host's link
# is up), and it writes its pid file even if it then rejects them: so once the
# host's link is up, check with assert_radvd_fast.
start_radvd_fast() {
  cat > "$T/radvd.conf" <<EOC
interface rtr0 {
  AdvSendAdvert on; AdvHomeAgentFlag on; MinRtrAdvInterval 0.5; MaxRtrAdvInterval 1;
  prefix $PREFIX::/64 { AdvOnLink on; AdvAutonomous on; };
};
EOC
  ip netns exec "$R" radvd -C "$T/radvd.conf" -p "$T/radvd.pid" -m logfile -l "$T/radvd.log" -u root
  _radvd_started() { [ -s "$T/radvd.pid" ]; }
  wait_until 5 "radvd did not start: $(cat "$T/radvd.log" 2>/dev/null)" _radvd_started
}

# assert_radvd_fast: radvd took the 1 s interval (it logs "using Mobile IPv6
# extensions" when it does) and is still running. Needs the host's link up.
assert_radvd_fast() {
  _radvd_configured() { grep -q 'using Mobile IPv6 extensions' "$T/radvd.log" 2>/dev/null; }
  wait_until 10 "radvd did not take its configuration" _radvd_configured
  ! grep -q 'must be' "$T/radvd.log" || fail "radvd rejected its configuration: $(cat "$T/radvd.log")"
  kill -0 "$(cat "$T/radvd.pid")" 2>/dev/null || fail "radvd is not running: $(cat "$T/radvd.log")"
}

# teardown_pair: what the EXIT trap does, without exiting, so that a test of
# several cases can start each from a fresh pair (setup_pair again).
teardown_pair() {
  stop_processes
  ip netns del "$H" 2>/dev/null || true
  ip netns del "$R" 2>/dev/null || true
  rm -rf "$T/etc" "$STATE" "$RUNDIR" "$T"/probe.* "$T"/state.* "$T/events"
}

# The state dump, one script for every comparison of kernel state: iface_state
# runs it from outside, add_state_probe inside ifupdown (where /run/netns is
# hidden), netns_state for the whole namespace. STATE_SYSCTLS: the IPv6
# sysctls of an interface that the hooks or ifupdown's methods touch, or that
# decide whether the kernel takes a token, and mtu (below 1280 no IPv6 at all).
STATE_SYSCTLS="forwarding accept_ra autoconf use_tempaddr router_solicitations addr_gen_mode dad_transmits accept_dad optimistic_dad use_optimistic disable_ipv6 mtu"
_write_state_script() {
  { echo '#!/bin/sh'; echo "sysctls='$STATE_SYSCTLS'"; cat <<'EOS'
# state.sh IFACE: the link (flags, MTU, operstate; no qdisc, group, qlen),
# the IPv6 addresses with their flags (no lifetimes), the routes of the
# interface (no expiry), the token and the sysctls; for a missing interface,
# what ip says. state.sh --all: the whole namespace: every link as ip shows
# it, every IPv6 address (no lifetimes), every IPv6 route in every table,
# every token, the sysctls of all, default and each interface.
if [ "$1" = --all ]; then
  ip -o link show | sed -e 's/^[0-9]*: //' -e 's/\\.*//'
  ip -6 -o addr show | sed -e 's/^[0-9]*: //' -e 's/ *\\.*//' -e 's/ *valid_lft.*//'
  ip -6 route show table all | sed 's/ expires [0-9]*sec//'
  ip token list
  for d in /proc/sys/net/ipv6/conf/*; do
    for k in $sysctls; do echo "$d/$k=$(cat "$d/$k")"; done
  done
  exit 0
fi
i=$1
ip -o link show dev "$i" 2>&1 | sed -e 's/^[0-9]*: //' -e 's/ qdisc [a-z_]*//' -e 's/ group [a-z]*//' -e 's/ qlen [0-9]*//' -e 's/\\.*//'
ip -6 -o addr show dev "$i" 2>&1 | sed -e 's/^[0-9]*: [^ ]* *//' -e 's/ *\\.*//' -e 's/ *valid_lft.*//' | sort
ip -6 route show dev "$i" 2>&1 | sed 's/ expires [0-9]*sec//' | sort
ip token get dev "$i" 2>&1
for k in $sysctls; do
  echo "$k=$(cat "/proc/sys/net/ipv6/conf/$i/$k" 2>&1)"
done
EOS
  } > "$T/state.sh"
}

# iface_state [IFACE]: that state, now, of $IFNAME or IFACE.
iface_state() {
  [ -f "$T/state.sh" ] || _write_state_script
  in_host sh "$T/state.sh" "${1:-$IFNAME}"
}

# add_state_probe PHASE: a hook that runs after ours in if-PHASE.d and writes
# iface_state of $IFACE to $T/state.PHASE (the last run wins). Used to see the
# state right after our down hook, before ifupdown's own method flushes.
add_state_probe() {
  local phase=$1
  [ -f "$T/state.sh" ] || _write_state_script
  cat > "$ETC/if-$phase.d/zz-state" <<EOP
#!/bin/sh
sh "$T/state.sh" "\$IFACE" > "$T/state.$phase.tmp" && mv "$T/state.$phase.tmp" "$T/state.$phase"
EOP
  chmod +x "$ETC/if-$phase.d/zz-state"
}

# netns_state: the whole host namespace, for "nothing changed": state.sh --all
# and the hooks' records.
netns_state() {
  [ -f "$T/state.sh" ] || _write_state_script
  {
    in_host sh "$T/state.sh" --all
    find "$RUNDIR" -mindepth 1 -printf '%y %P\n' | sort
    find "$RUNDIR" -type f -exec sh -c 'echo "== $1"; cat "$1"' sh {} \;
  } 2>&1
}

# normalise WHAT... < STATE: an iface_state dump without what a comparison
# must leave out, each WHAT exactly:
#   up             the link was brought up (with carrier): its UP,LOWER_UP
#                  flags and "state UP" read as down
#   up-no-carrier  the link was brought up without carrier: NO-CARRIER, UP and
#                  "state LOWERLAYERDOWN" read as down
#   link-locals    every fe80:: address and the fe80::/64 route
#   addr=A/L       the address A/L
#   route=P/L      the route to P/L
#   settings       the token and the sysctls
normalise() {
  local -a e=()
  local w
  for w in "$@"; do
    case $w in
      up) e+=(-e '1s/,UP,LOWER_UP>/>/' -e '1s/state UP/state DOWN/') ;;
      up-no-carrier) e+=(-e '1s/,UP>/>/' -e '1s/NO-CARRIER,//' -e '1s/state LOWERLAYERDOWN/state DOWN/') ;;
      link-locals) e+=(-e '/^inet6 fe80::/d' -e '/^fe80::\/64 /d') ;;
      addr=?*) e+=(-e "\\|^inet6 ${w#addr=} |d") ;;
      route=?*) e+=(-e "\\|^${w#route=} |d") ;;
      settings) e+=(-e '/^token /d' -e '/^[a-z_]*=/d') ;;
      *) fail "normalise: unknown '$w'" ;;
    esac
  done
  sed "${e[@]}"
}

# assert_same WHAT BEFORE AFTER: the two dumps are equal, or the diff is shown.
assert_same() {
  [ "$2" = "$3" ] && return 0
  diff <(echo "$2") <(echo "$3") || true
  fail "$1"
}

# run_hook PHASE VAR=VALUE...: one hook executed directly (as ifupdown would)
# with exactly that environment, in the host namespace and a private mount
# namespace whose /run is this test's, under strace. Output in $T/hook.out,
# the trace in $T/hook.trace; returns the hook's exit status.
run_hook() {
  local phase=$1; shift
  set +e
  ip netns exec "$H" unshare -m sh -c '
    mount --make-rprivate / && mount --bind "$1" /run && shift && exec "$@"' \
    sh "$RUNDIR" strace -f -qq -e trace=socket,open,openat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat \
    -o "$T/hook.trace" env -i "$@" "$HOOK_DIR/hook" > "$T/hook.out" 2>&1
  local rc=$?
  set -e
  return $rc
}

# recorded_lines ADDR: the recorder's lines about one address (appeared,
# changed, "del"), in order.
recorded_lines() { grep -F " $1/" "$T/events" || true; }

# can_bind ADDR: a socket can be bound to ADDR in the host namespace now (a
# tentative address cannot be bound: EADDRNOTAVAIL).
can_bind() {
  in_host perl -MSocket=AF_INET6,SOCK_DGRAM,inet_pton,pack_sockaddr_in6 -e '
    socket(my $s, AF_INET6, SOCK_DGRAM, 0) or die "socket: $!\n";
    bind($s, pack_sockaddr_in6(0, inet_pton(AF_INET6, $ARGV[0]))) or die "bind $ARGV[0]: $!\n";' "$1"
}

# ---- Additions for the iftoken tests (check, plan).

# IFTOKEN: the iftoken installed beside the hooks under test: /usr/sbin/iftoken
# for the package (tests/system/run --installed), else the staging tree's.
: "${IFTOKEN:=${HOOK_DIR%/libexec/ifupdown-token}/sbin/iftoken}"

# run_iftoken ARGS...: iftoken in the host namespace, in a private mount
# namespace whose /run is this test's (where the hooks keep their records).
# stdout in $T/iftoken.out, stderr in $T/iftoken.err; returns its exit status.
run_iftoken() {
  set +e
  ip netns exec "$H" unshare -m sh -c '
    mount --make-rprivate / && mount --bind "$1" /run && shift && exec "$@"' \
    sh "$RUNDIR" "$IFTOKEN" "$@" > "$T/iftoken.out" 2> "$T/iftoken.err"
  local rc=$?
  set -e
  return $rc
}

# canon6 ADDR: ADDR in the form ip prints it (inet_ntop: RFC 5952).
canon6() {
  perl -MSocket=AF_INET6,inet_pton,inet_ntop -e '
    my $a = inet_pton(AF_INET6, $ARGV[0]) or die "not an IPv6 address: $ARGV[0]\n";
    print inet_ntop(AF_INET6, $a), "\n";' "$1"
}

# eui64_addr PREFIX [IFACE]: the address the kernel builds from PREFIX (the
# upper 64 bits, written as four groups, e.g. 2001:db8:1:0 or fe80:0:0:0) and
# the MAC of IFACE (default $IFNAME) in the host: EUI-64, RFC 4291 appendix A.
eui64_addr() {
  local m1 m2 m3 m4 m5 m6
  IFS=: read -r m1 m2 m3 m4 m5 m6 <<<"$(in_host cat "/sys/class/net/${2:-$IFNAME}/address")"
  canon6 "$(printf '%s:%x:%x:%x:%x' "$1" $(( (0x$m1 ^ 2) << 8 | 0x$m2 )) $(( 0x$m3 << 8 | 0xff )) \
            $(( 0xfe << 8 | 0x$m4 )) $(( 0x$m5 << 8 | 0x$m6 )))"
}

# ---- Additions for the fault tests.

# hook_traced PHASE STRACE-OPTION...: from now on, if-PHASE.d runs the hook
# under strace with these options (e.g. -e inject=sendto:signal=KILL:when=3),
# its trace in $T/trace.PHASE (one run: the last wins); hook_plain PHASE puts
# the plain link back. hook_killed PHASE: the last traced run died of SIGKILL.
hook_traced() {
  local phase=$1; shift
  rm -f "$ETC/if-$phase.d/ifupdown-token" "$T/trace.$phase"
  { echo '#!/bin/bash'
    printf 'exec strace -f -qq -o %q' "$T/trace.$phase"
    printf ' %q' "$@" "$HOOK_DIR/hook"
    echo; } > "$ETC/if-$phase.d/ifupdown-token"
  chmod +x "$ETC/if-$phase.d/ifupdown-token"
}
hook_plain() {
  rm -f "$ETC/if-$1.d/ifupdown-token"
  ln -s "$HOOK_DIR/hook" "$ETC/if-$1.d/ifupdown-token"
}
hook_killed() { grep -q '+++ killed by SIGKILL +++' "$T/trace.$1" 2>/dev/null; }

# ---- Shared by the tests of `iftoken apply` on a running $IFNAME.

# scaled S: S seconds times IFT_TIME_SCALE (tests/system/run), rounded up.
scaled() { awk -v s="${IFT_TIME_SCALE:-1}" -v n="$1" 'BEGIN { w = n * s; printf "%d", (w == int(w)) ? w : int(w) + 1 }'; }
# has_addr A/L: $IFNAME has that address now.
has_addr() { in_host ip -6 -o addr show dev "$IFNAME" | awk '{print $4}' | grep -qxF "$1"; }
dad_over() { ! grep -q . <<<"$(in_host ip -6 -o addr show dev "$IFNAME" tentative)"; }
# apply ARGS...: iftoken apply $IFNAME -i FILE ARGS with this test's /run; its
# exit status in $rc, what it printed in $said.
apply() {
  rc=0
  run_iftoken apply "$IFNAME" -i "$ETC/interfaces" "$@" || rc=$?
  said=$(cat "$T/iftoken.out" "$T/iftoken.err")
  note "iftoken apply $IFNAME $* exited $rc: $said"
}
