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
ID="ift$$x$RANDOM"
R="$ID-r"          # router namespace
H="$ID-h"          # host namespace
T=$(mktemp -d "/tmp/$ID.XXXX")
ETC="$T/etc/network"
STATE="$T/ifstate"
RUNDIR="$T/run"
RECORDER_PID=
RADVD_PID=

cleanup() {
  local rc=$?
  [ -n "$RECORDER_PID" ] && kill "$RECORDER_PID" 2>/dev/null || true
  [ -f "$T/radvd.pid" ] && kill "$(cat "$T/radvd.pid")" 2>/dev/null || true
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
  for phase in pre-up up down; do
    mkdir -p "$ETC/if-$phase.d"
    ln -s "$HOOK_DIR/$phase" "$ETC/if-$phase.d/ifupdown-token"
  done
  mkdir -p "$ETC/if-post-down.d"
}

start_radvd() {
  cat > "$T/radvd.conf" <<EOC
interface rtr0 {
  AdvSendAdvert on; MinRtrAdvInterval 3; MaxRtrAdvInterval 4;
  prefix $PREFIX::/64 { AdvOnLink on; AdvAutonomous on; };
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

# The address-event recorder: every IPv6 address event in the host namespace,
# from before ifup to the end of the test. Started only once it is listening.
start_recorder() {
  : > "$T/events"
  in_host ip -6 -ts monitor address > "$T/events" 2>&1 &
  RECORDER_PID=$!
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
  grep -v '^Deleted' "$T/events" | grep " $IFNAME " | grep -o 'inet6 [^ ]*' | awk '{print $2}' | sort -u
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

# The full state of the host interface that a test compares: addresses (no
# lifetimes), routes, token, link flags, and the sysctls the hooks touch.
dump_state() {
  {
    in_host ip -o link show dev "$IFNAME" | grep -o '<[^>]*>.*state [A-Z]*' | sed 's/ qdisc [a-z_]*//'
    in_host ip -6 -o addr show dev "$IFNAME" | awk '{print $4, $5, $6}' | sort
    in_host ip -6 route show dev "$IFNAME" | sed 's/ expires [0-9]*sec//' | sort
    in_host ip token get dev "$IFNAME"
    local k
    for k in forwarding accept_ra autoconf use_tempaddr router_solicitations addr_gen_mode dad_transmits accept_dad disable_ipv6; do
      echo "$k=$(in_host cat "/proc/sys/net/ipv6/conf/$IFNAME/$k")"
    done
  } 2>&1
}

assert_contains() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }
assert_not_contains() { ! grep -qF -- "$2" <<<"$1" || fail "did not expect '$2' in: $1"; }
