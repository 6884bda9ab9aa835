#!/bin/bash
# `sudo make demo`: ifupdown-token in under a minute, on a fresh Debian 12.
# Installs what it needs (only what is missing), builds, then in two network
# namespaces of its own (a router running radvd, a host running the real
# ifup) plays the Wikimedia story of seed 000, and removes everything it
# created, also on Ctrl-C. Nothing touches this machine's own interfaces,
# /etc/network or /run/network: ifup runs with a private copy of them.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"

if [ "$(id -u)" != 0 ]; then
  echo "The demo creates network namespaces: run it as root, e.g. 'sudo make demo'." >&2
  exit 1
fi

bold() { if [ -t 1 ]; then printf '\n\033[1m%s\033[0m\n' "$*"; else printf '\n%s\n' "$*"; fi; }
say() { printf '%s\n' "$*"; }
indent() { sed 's/^/    /'; }

# ---- What the demo needs, installed only if missing: the one list of the
# project's packages is tests/install-deps (it prints what it installs).
tests/install-deps build system

# ---- Build: as the user who ran sudo when they can write the tree, so that
# out/ stays theirs; else as root.
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] &&
   sudo -u "$SUDO_USER" sh -c 'test -w . && { test ! -e out || test -w out; }'; then
  sudo -u "$SUDO_USER" make -s all
else
  make -s all
fi

# ---- The test harness does the namespaces, ifup's private /etc/network and
# /run, the address recorder and the cleanup (EXIT trap; Ctrl-C exits through it).
. "$TOP/tests/system/lib.sh"
make -s install DESTDIR="$T/stage" >/dev/null
HOOK_DIR=$T/stage/usr/libexec/ifupdown-token
IFTOKEN=$T/stage/usr/sbin/iftoken
PREFIX=2001:db8:861:1    # a documentation prefix standing in for Wikimedia's 2620:0:861:1::/64

setup_pair eno1
start_radvd

# timeline T0 TEND: every address event on eno1, in seconds since T0 (ifup
# started), with a mark at TEND (ifup returned).
timeline() {
  local t0=$1 tend=$2
  # iftoken monitor: TIME new|del IFACE ADDR/LEN scope S FLAGS preferred P valid V
  sed -n 's/^\([0-9-]*\)T\([0-9:]*\)\.\([0-9]*\)Z \(new\|del\) eno1 \([^ ]*\) scope [a-z]* \([^ ]*\) .*$/\1 \2 \3|\4|\5|\6/p' "$T/events" |
  TZ=UTC awk -F'|' -v t0="$t0" -v tend="$tend" '
    function mark() { if (!marked) printf "  %9s  %s\n", sprintf("+%.3fs", tend - t0), "(ifup returned)"; marked = 1 }
    {
      split($1, d, /[- :]/)
      t = mktime(d[1] " " d[2] " " d[3] " " d[4] " " d[5] " " d[6]) + ("0." d[7]) - t0
      addr = $3; flags = $4; gsub(/ +$/, "", flags)
      if ($2 == "del")                what = "removed"
      else if (flags ~ /dadfailed/)   what = "DAD failed: a duplicate"
      else if (flags ~ /tentative/)   what = "added; tentative while DAD runs"
      else if (seen[addr] == "")      what = (flags ~ /dynamic/) ? "added by the kernel from the advertisement (SLAAC)" : "added"
      else if (seen[addr] ~ /tentative/) what = "DAD done: in use"
      else next                       # a refresh by the next advertisement
      seen[addr] = flags
      if (t > tend - t0) mark()
      printf "  %9s  %-34s %s\n", sprintf("+%.3fs", t), addr, what
    }
    END { mark() }'
}

# ======================================================================
bold "ifupdown-token demo: the IPv6 token, set before the link comes up"
say "A router (radvd, advertising $PREFIX::/64) and a host, each in a network"
say "namespace of its own. The host's /etc/network/interfaces, Wikimedia-style"
say "(seed 000): the token lives in the IPv4 stanza, the one that brings the link up."
say "Wikimedia wrote 'pre-up /sbin/ip token set ::208:80:154:23 dev eno1' there;"
say "here 'token auto' derives it from the IPv4 address."

interfaces <<EOF
iface eno1 inet static
    address 208.80.154.23/24
    # the token: ::208:80:154:23, from the IPv4 address above
    token auto
    # the link-local fe80::208:80:154:23 instead of one made from the MAC
    ipv6-link-local token
EOF
bold "The stanza"
indent < "$ETC/interfaces"

start_recorder
t0=$(date +%s.%N)
bold "ifup -v eno1"
out=$(ifupdown ifup -v eno1) || { say "$out" | indent; fail "ifup failed"; }
tend=$(date +%s.%N)
grep -v '^$' <<<"$out" | indent
# The router's next advertisement gives the host its global address.
slaac=$PREFIX:208:80:154:23
has_slaac() { grep -q "inet6 $slaac/64 .*dynamic" <<<"$(in_host ip -6 -o addr show dev eno1 -tentative)"; }
wait_until 15 "no address from the router's advertisement" has_slaac
wait_ra

bold "Every address that appeared on eno1 (recorded by 'iftoken monitor' from before ifup)"
tl=$(timeline "$t0" "$tend")
say "$tl"
others=$(recorded_addresses | grep -v ':208:80:154:23/64$' || true)
if [ -z "$others" ]; then
  say "  No other address, not even for a moment: every one ends in 208:80:154:23."
else
  say "  UNEXPECTED other addresses: $others"
fi

bold "The token, and the default route from the router's advertisement"
in_host ip token get dev eno1 | indent
in_host ip -6 route show default | sed 's/ expires.*//' | indent

# ======================================================================
out=$(ifupdown ifdown eno1) || { say "$out" | indent; fail "ifdown failed"; }
bold "Act two: the seed's failure. Forwarding is on (as on Wikimedia's cloudgw host)"
in_host sysctl -w net.ipv6.conf.eno1.forwarding=1 | indent
say "What the old pre-up line gets from the kernel:"
say "    # ip token set ::208:80:154:23 dev eno1"
ipout=$(in_host ip token set ::208:80:154:23 dev eno1 2>&1) && fail "ip token set succeeded: $ipout"
say "$ipout" | indent
if ! grep -q 'RTNETLINK answers: Invalid argument' <<<"$ipout"; then
  say "    (kernels before 5.12 print only: RTNETLINK answers: Invalid argument)"
fi
say "What ifupdown-token says, for the same stanza ('ifup eno1'):"
out=$(ifupdown ifup eno1) || { say "$out" | indent; fail "ifup failed"; }
say "$out" | indent
say "ifup succeeded: $(in_host ip token get dev eno1)"
out=$(ifupdown ifdown eno1) || { say "$out" | indent; fail "ifdown failed"; }

say "And when a stanza insists on accept_ra 1 (iface eno1 inet6 manual ... accept_ra 1),"
say "the hook refuses before changing anything:"
interfaces <<EOF
iface eno1 inet6 manual
    address $PREFIX:208:80:154:23/64
    accept_ra 1
    token auto
EOF
if out=$(ifupdown ifup eno1); then fail "ifup succeeded: $out"; fi
grep -v '^run-parts:' <<<"$out" | indent

bold "Done: the namespaces and every file the demo made are being removed."
