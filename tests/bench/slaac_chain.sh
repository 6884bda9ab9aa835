#!/bin/bash
# The chain from link-up to a usable token address, link by link, measured in
# a namespace pair with radvd (root; what token-wait waits for):
#   tests/bench/slaac_chain.sh [RUNS]
# Per run, in ms after
# `ip link set up`: the link-local's DAD done (address event), the kernel's
# first RS (Icmp6OutRouterSolicits), the first RA processed
# (Icmp6InRouterAdvertisements), its prefix (RTM_NEWPREFIX), and the token's
# SLAAC address usable (RTM_NEWADDR without tentative).
# Timestamps: `ip -ts monitor` for events, a 2 ms poll of /proc/net/dev_snmp6
# for the ICMPv6 counters. Sysctls at their defaults: router_solicitation_delay
# 1 s (the kernel's random DAD start delay, addrconf_dad_kick), dad_transmits 1,
# retrans_time 1 s, rtr_solicit_interval 4 s.
# What it showed (6.18, radvd 2.19): the kernel sends
# its first RS in the same millisecond as the link-local's DAD ends
# (addrconf_dad_completed()), so an RS of the hook's own cannot come sooner;
# and before then a raw ICMPv6 socket cannot send one at all: with only a
# tentative link-local, source selection fails (EADDRNOTAVAIL).
HOOK_DIR=/nonexistent
. "$(dirname "$0")/../system/lib.sh"
RUNS=${1:-5}
TOKEN=::208:80:154:23

ms() { perl -e 'printf "%d", ($ARGV[0] - $ARGV[1]) * 1000' "$1" "$2"; }

# counters FILE: every change of the RS/RA counters of eno1, epoch-stamped.
counters() {
  in_host perl -MTime::HiRes=time,sleep -e '
    my %last; $| = 1;
    while (1) {
      open my $f, "<", "/proc/net/dev_snmp6/eno1" or exit 0;
      while (<$f>) {
        my ($k, $v) = split;
        next unless $k =~ /^Icmp6(OutRouterSolicits|InRouterAdvertisements)$/;
        printf "%.6f %s %d\n", time, $1, $v if defined $last{$k} && $last{$k} != $v;
        $last{$k} = $v;
      }
      close $f; sleep 0.002;
    }' > "$1"
}

printf '%-4s %8s %8s %8s %8s %8s\n' run ll_done rs_out ra_in prefix slaac
for run in $(seq "$RUNS"); do
  setup_pair eno1
  start_radvd
  in_host ip token set "$TOKEN" dev eno1
  bg_host ip -ts monitor address prefix > "$T/mon"; mon=$BG_PID
  counters "$T/cnt" & cnt=$!
  sleep 0.5
  t0=$(date +%s.%N)
  in_host ip link set eno1 up
  for _ in $(seq 1000); do
    in_host ip -6 -o addr show dev eno1 | grep -v tentative | grep -q "$PREFIX:0:208:80:154:23" && break
    sleep 0.01
  done
  t1=$(date +%s.%N)
  sleep 0.2
  kill "$cnt" 2>/dev/null; wait "$cnt" 2>/dev/null || true
  stamp() {  # the first monitor line matching $1, as epoch seconds
    local l; l=$(grep -m1 -- "$1" "$T/mon" | sed -n 's/^\[\([^]]*\)\].*/\1/p')
    [ -n "$l" ] && date -d "$l" +%s.%N || echo "$t0"
  }
  ll=$(stamp 'fe80::.*scope link *$')  # the link-local's first event: after its DAD
  pfx=$(stamp 'prefix ')
  first() { awk -v k="$1" '$2 == k {print $1; exit}' "$T/cnt"; }
  rs=$(first OutRouterSolicits); ra=$(first InRouterAdvertisements)
  printf '%-4s %8s %8s %8s %8s %8s\n' "$run" "$(ms "$ll" "$t0")" "$(ms "${rs:-$t0}" "$t0")" \
    "$(ms "${ra:-$t0}" "$t0")" "$(ms "$pfx" "$t0")" "$(ms "$t1" "$t0")"
  [ -n "${BENCH_DEBUG:-}" ] && cat "$T/mon" "$T/cnt"
  teardown_pair
done
