#!/bin/bash
# guest: no
# The hosts people run, under ifupdown 0.8, ifupdown2 3.0.0 and ifupdown-ng
# 0.11.4, each with the package's own integration, asserting on the address
# recording: seed 002's stanza (address + netmask 64 + gateway, token auto) and
# the Proxmox layout (vmbr0 over eno1, inet static then inet6 static). Two
# cycles each; the second must equal the first. (A refusal, failing closed, is
# impl_scenarios.sh's scenario_accept_ra_0_refused, run by test_impl_*.)
IMPL=classic
. "$(dirname "$0")/impl_scenarios.sh"
impl_fetch

assert_token_on() {
  local got
  got=$(in_host ip token get dev "$1")
  [ "$got" = "token $2 dev $1" ] || fail "$IMPL: expected token $2 on $1, got: $got"
}

# Seed 002's stanza: ifupdown2 adds ADDR with `netmask 64` as a /64, and
# `token auto` derives from that, as ifupdown and ifupdown-ng do.
scenario_seed002() {
  local before round
  CASE="seed 002 (address + netmask + gateway, token auto)"
  fresh_pair
  interfaces <<EOF
iface eno1 inet6 static
    address $PREFIX::208:80:154:23
    netmask 64
    gateway $PREFIX::1
    token auto
EOF
  start_recorder
  before=$(iface_state)
  for round in 1 2; do
    up_ok eno1
    assert_token ::208:80:154:23
    wait_address "$PREFIX:0:208:80:154:23/64"
    two_more_ras
    no_ff_fe_ever global
    same_up_state "$round"
    down_ok eno1
    nothing_of_ours_left "$before"
  done
}

# Proxmox: the bridge is made by the implementation; the token and the
# link-local from it are in place before vmbr0 first comes up.
scenario_proxmox() {
  local round
  CASE="Proxmox vmbr0 over eno1"
  fresh_pair
  interfaces <<EOF
iface eno1 inet manual

auto vmbr0
iface vmbr0 inet static
    address 198.51.100.10/24
    bridge-ports eno1
    bridge-stp off
    bridge-fd 0

iface vmbr0 inet6 static
    address $PREFIX::208:80:154:23/64
    gateway $PREFIX::1
    token auto
    ipv6-link-local token
EOF
  start_recorder
  # ifupdown2 raises the bridge's ports (eno1) only with its dependencies;
  # ifupdown-ng's bridge executor raises them itself.
  local -a deps=()
  [ "$IMPL" = ifupdown2 ] && deps=(--with-depends)
  _has() { in_host ip -6 -o addr show dev vmbr0 | grep -q " $1 "; }
  for round in 1 2; do
    IFNAME=eno1
    up_ok "${deps[@]}" vmbr0
    IFNAME=vmbr0
    assert_not_contains "$out" "error"
    assert_token_on vmbr0 ::208:80:154:23
    wait_until 10 "$IMPL: $CASE: no fe80::208:80:154:23 on vmbr0" _has fe80::208:80:154:23/64
    wait_until 10 "$IMPL: $CASE: no $PREFIX:0:208:80:154:23 on vmbr0" _has "$PREFIX:0:208:80:154:23/64"
    two_more_ras
    no_ff_fe_ever
    same_up_state "$round"
    down_ok "${deps[@]}" vmbr0
    [ ! -e "$RUNDIR/ifupdown-token/vmbr0" ] || fail "$IMPL: $CASE: a record was left: $(cat "$RUNDIR/ifupdown-token/vmbr0")"
    ! in_host ip link show dev vmbr0 >/dev/null 2>&1 || fail "$IMPL: $CASE: vmbr0 is still there after ifdown"
  done
  IFNAME=eno1
}

# ifupdown 0.8: seed 002 is test_seed002_static_gateway.sh's (its static
# method writes accept_ra 0 and autoconf 0, which ifdown leaves: not ours).
# Its bridge is raised by bridge-utils' if-pre-up.d/bridge before our pre-up,
# so the MAC link-local exists for a moment: that case asserts differently
# and is not written yet.
echo "SKIP: classic: Proxmox vmbr0: bridge-utils raises vmbr0 before our pre-up; this scenario is not written yet"
for IMPL in ifupdown2 ng; do
  scenario_seed002
  scenario_proxmox
done
echo PASS
