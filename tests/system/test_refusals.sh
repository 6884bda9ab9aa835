#!/bin/bash
# Every refusal of ifupdown-token-interfaces(5), KERNEL REFUSALS: ifup fails with the hook's own one-line message
# (never a bare errno), and the host namespace is exactly as before: every
# link, address, route, token, the IPv6 sysctls of every interface and of
# all/default, and no record. Each case starts from a fresh namespace pair.
. "$(dirname "$0")/lib.sh"

# refuse CASE IFACE MESSAGE: ifup IFACE must fail with MESSAGE, changing nothing.
refuse() {
  local name=$1 iface=$2 msg=$3 before after out CASE=$1
  before=$(netns_state)
  ifup_fails "$iface"
  assert_contains "$out" "ifupdown-token: $iface: error: $msg"
  assert_contains "$out" "ifup: failed to bring up $iface"
  [ "$(grep -c '^ifupdown-token:' <<<"$out")" = 1 ] || fail "$name: expected exactly one line from the hook: $out"
  assert_not_contains "$out" "RTNETLINK answers"
  after=$(netns_state)
  assert_same "$name: the namespace changed" "$before" "$after"
}

# stanza BODY: an inet6 manual stanza for eno1 with an address and BODY.
stanza() {
  interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::208:80:154:23/64
$(sed 's/^/    /' <<<"$1")
EOF2
}

# 1. Loopback (the loopback rule, not a silent skip: lo's stanza has a token).
setup_pair eno1
interfaces <<EOF2
iface lo inet6 loopback
    token ::1
EOF2
refuse loopback lo "lo is a loopback device; tokens do not apply to loopback"
teardown_pair

# 2. NOARP.
setup_pair eno1
in_host ip link set eno1 arp off
stanza "token auto"
refuse noarp eno1 "eno1 does no neighbour discovery (IFF_NOARP: 'arp off' or a NOARP link type), and the kernel refuses a token there; turn ARP on ('ip link set eno1 arp on') or drop the token"
teardown_pair

# 3. Explicit accept_ra 0.
setup_pair eno1
stanza "accept_ra 0
token auto"
refuse accept_ra0 eno1 "cannot set token ::208:80:154:23: the kernel accepts a token only while eno1 accepts router advertisements, and eno1 has accept_ra=0 (from this stanza's 'accept_ra 0'); set 'accept_ra 1'"
teardown_pair

# 4. Forwarding on through net.ipv6.conf.all.forwarding, explicit accept_ra 1.
setup_pair eno1
in_host sysctl -qw net.ipv6.conf.all.forwarding=1
stanza "accept_ra 1
token auto"
refuse all_forwarding eno1 "cannot set token ::208:80:154:23: the kernel accepts a token only while eno1 accepts router advertisements, and eno1 has forwarding=1 (from net.ipv6.conf.all.forwarding=1, which the kernel copies to every interface) with accept_ra=1 (from this stanza's 'accept_ra 1'); set 'accept_ra 2' in the stanza, or turn forwarding off"
teardown_pair

# 5. router_solicitations 0, from the stanza (so a sysctl write is planned and
#    must not happen) and from the interface.
setup_pair eno1
stanza "ipv6-router-solicitations 0
privext 2
token auto"
refuse rs0_stanza eno1 "cannot set token ::208:80:154:23: eno1 has router_solicitations=0, and the kernel refuses a token while router solicitation is disabled; set 'ipv6-router-solicitations -1' (the default, unlimited) or a count above 0"
teardown_pair
setup_pair eno1
in_host sysctl -qw net.ipv6.conf.eno1.router_solicitations=0
stanza "privext 2
token auto"
refuse rs0_iface eno1 "cannot set token ::208:80:154:23: eno1 has router_solicitations=0, and the kernel refuses a token while router solicitation is disabled; set 'ipv6-router-solicitations -1' (the default, unlimited) or a count above 0"
teardown_pair

# 6. MTU below 1280: the device has no IPv6 at all.
setup_pair eno1
in_host ip link set eno1 mtu 1000
stanza "token auto"
refuse mtu1000 eno1 "eno1 has no IPv6: its MTU 1000 is below IPv6's minimum of 1280; set 'mtu 1280' or more on the link first"
teardown_pair

# 6b. disable_ipv6=1: the address cannot be added.
setup_pair eno1
in_host sysctl -qw net.ipv6.conf.eno1.disable_ipv6=1
stanza "token auto"
refuse disable_ipv6 eno1 "cannot add $PREFIX:0:208:80:154:23/64: IPv6 is disabled on eno1 (disable_ipv6=1); set net.ipv6.conf.eno1.disable_ipv6=0"
teardown_pair

# 7. A missing interface.
setup_pair eno1
interfaces <<EOF2
iface eno9 inet6 manual
    address $PREFIX::208:80:154:23/64
    token auto
EOF2
refuse missing eno9 "interface eno9 does not exist; check the name in the stanza"
teardown_pair

# 8. A token with non-zero upper 64 bits (the kernel would silently drop them).
setup_pair eno1
stanza "token 2001:db8:1::208:80:154:23"
refuse upper_bits eno1 "option token: '2001:db8:1::208:80:154:23': the upper 64 bits are not zero; the kernel keeps only the lower 64 bits, so write '::208:80:154:23'"
teardown_pair

# 9. token :: (sets nothing).
setup_pair eno1
stanza "token ::"
refuse token_zero eno1 "option token: '::': :: sets no token; write 'token none' to opt in without one"
teardown_pair

# 10. token auto on an address that is not a /64.
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::208:80:154:23/80
    token auto
EOF2
refuse auto_not_64 eno1 "option token: 'auto': derives from the first address, $PREFIX:0:208:80:154:23/80, which is not a /64 (the kernel builds SLAAC addresses only for /64 prefixes); write the token explicitly"
echo PASS
