#!/bin/bash
# The silent traps of ifupdown-token-interfaces(5): the kernel accepts these without a word and
# then does something the user did not mean. ifup succeeds, and the up hook
# (not pre-up) prints the one warning for the trap, and no other warning. A
# stanza without a trap gets no warning at all.
. "$(dirname "$0")/lib.sh"
A=$PREFIX::208:80:154:23
TOKENIZED=$PREFIX:0:208:80:154:23

# trap_case NAME WARNING: ifup the stanza in $ETC/interfaces; WARNING empty: none at all.
UP_LINE="run-parts: executing /etc/network/if-up.d/ifupdown-token"
trap_case() {
  local name=$1 want=$2 out up_part pre_part warnings CASE=$1
  ifup_ok -v eno1
  assert_contains "$out" "$UP_LINE"
  up_part=$(sed -n "\\|^$UP_LINE\$|,\$p" <<<"$out")
  pre_part=$(sed "\\|^$UP_LINE\$|,\$d" <<<"$out")
  warnings=$(grep '^ifupdown-token: eno1: warning: ' <<<"$up_part" || true)
  if [ -z "$want" ]; then
    [ -z "$(grep 'warning' <<<"$out" || true)" ] || fail "$name: unexpected warning: $out"
    return 0
  fi
  [ "$warnings" = "ifupdown-token: eno1: warning: $want" ] ||
    fail "$name: expected exactly this warning from up:
  $want
got:
$warnings"
  assert_not_contains "$pre_part" "$want"
}

# 0. Control: a token alone, with the kernel defaults: nothing to warn about.
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    token ::208:80:154:23
EOF2
trap_case control ""
teardown_pair

# 1. autoconf 0: the token shapes nothing.
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    autoconf 0
    token ::208:80:154:23
EOF2
trap_case autoconf0 "autoconf is 0 on eno1: the token shapes no global address (the kernel uses it only for SLAAC addresses of /64 prefixes)"
teardown_pair

# 2. The static address is prefix+token and autoconf is 1: every RA rewrites
#    its lifetimes (shown here too: after an advertisement it is no longer
#    "forever").
setup_pair eno1
start_radvd
interfaces <<EOF2
iface eno1 inet6 static
    address $A/64
    autoconf 1
    token auto
EOF2
trap_case static_is_token "address $TOKENIZED/64 is prefix+token and autoconf is 1 on eno1: every router advertisement overwrites its lifetimes, and it is deprecated, then deleted, if advertisements stop; 'autoconf 0' keeps it permanent (the default route still comes from RAs with accept_ra 1 or 2)"
wait_ra
finite() { grep -q 'valid_lft [0-9]*sec' <<<"$(in_host ip -6 addr show dev eno1 to "$A/128")"; }
wait_until 10 "the advertisement did not touch the static address's lifetime" finite
teardown_pair

# 3. privext: temporary addresses beside the token's.
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    privext 2
    token ::208:80:154:23
EOF2
trap_case privext "use_tempaddr is 2 on eno1: temporary addresses will appear beside the token's ('privext 0' turns them off)"
teardown_pair

# 4. addr_gen_mode random: the link-local does not follow the token.
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    ipv6-link-local random
    token ::208:80:154:23
EOF2
trap_case addr_gen_mode_random "addr_gen_mode is random on eno1: the token wins for global addresses only; the link-local still uses random"
teardown_pair

# 5. An address that is not a /64 (SLAAC never uses the token for it). Its
# interface identifier differs from the token: one equal to it would also be
# prefix+token for the advertised /64, whatever its own length.
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address 2001:db8:2::5/80
    token ::208:80:154:23
EOF2
trap_case not_64 "address 2001:db8:2::5/80 is not a /64: the kernel builds SLAAC addresses only for /64 prefixes, so the token never applies to this prefix"
teardown_pair

# 6. An address whose lower 64 bits differ from the token.
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::5/64
    token ::208:80:154:23
EOF2
trap_case iid_differs "address $PREFIX::5/64 has interface identifier ::5, not the token ::208:80:154:23: SLAAC will add $TOKENIZED beside it"
teardown_pair

# 7. Forwarding on and the static method's accept_ra 1 after pre-up raised it
#    to 2: RAs are ignored again.
setup_pair eno1
in_host sysctl -qw net.ipv6.conf.eno1.forwarding=1
interfaces <<EOF2
iface eno1 inet6 static
    address $PREFIX::5/64
    accept_ra 1
    autoconf 1
    token ::5
EOF2
trap_case forwarding_accept_ra1 "eno1 has forwarding=1 and accept_ra=1 after the static method ran: the kernel ignores router advertisements, so the token shapes no address; set 'accept_ra 2'"
echo PASS
