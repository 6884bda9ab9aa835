#!/bin/bash
# SIGKILL at every kernel write of every phase. For each
# phase (pre-up, up, down, post-down), each syscall the hook reaches the
# kernel with (sendto: every netlink request; write: every sysctl, record and
# message write; recvmsg: a netlink reply, i.e. just after the kernel made the
# change) and N = 1, 2, ... until the phase runs to its end: bring the link to
# the state before that phase, run it with SIGKILL delivered on entry to its
# N-th such syscall (strace -e inject=SYSCALL:signal=KILL:when=N; the syscall
# itself is not made), then
#   - recovery: the real ifdown (ifdown --force when ifupdown recorded nothing,
#     as after a failed ifup): it must succeed and leave the namespace exactly
#     as before the first ifup, every change undone, no record left;
#   - a fresh ifup (which must succeed: nothing of the killed run stands in its
#     way) with the token set, and an ifdown: the namespace as before again.
# For kills in pre-up and up also without ifdown in between: the next ifup
# takes the record over, and its ifdown restores everything.
# The stanza makes every kind of change: sysctls (forwarding, accept_ra,
# autoconf, router_solicitations), the token, addr_gen_mode, the token's
# link-local address, a static address (nodad: dad-attempts 0, so no DAD
# wait) and a default route. No radvd: nothing but the hooks changes the link.
. "$(dirname "$0")/lib.sh"
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::208:80:154:23/64
    gateway $PREFIX::1
    token auto
    autoconf 0
    ipv6-link-local token
    ipv6-forwarding 1
    ipv6-router-solicitations 3
    dad-attempts 0
EOF2

# The namespace, less what ifupdown-token does not own and a full cycle
# changes anyway: the qdisc (noop until a veth is first up, then noqueue)
# and the state directory itself (created once, 0700, and kept).
host_state() { netns_state | sed -e 's/ qdisc [a-z_]* / /' | grep -vx 'd ifupdown-token'; }
configured() { [ -n "$(ifupdown ifquery --state eno1)" ]; }
quiet() { "$@" > /dev/null 2>&1 || true; }

before=$(host_state)
# A clean cycle first: the stanza makes every kind of change.
ifup_ok eno1
up_state=$(iface_state)
for want in "token ::208:80:154:23 dev eno1" "inet6 fe80::208:80:154:23/64" "inet6 $PREFIX:0:208:80:154:23/64" \
            "default via $PREFIX::1" "forwarding=1" "accept_ra=2" "autoconf=0" "router_solicitations=3" "addr_gen_mode=1"; do
  assert_contains "$up_state" "$want"
done
ifdown_ok eno1
assert_same "a clean ifup/ifdown did not restore the namespace" "$before" "$(host_state)"

# IFT_KILL_STRIDE=K: kill at every K-th write only (1, every one, natively; a
# slow guest uses more: each traced run costs ptrace stops).
stride=${IFT_KILL_STRIDE:-1}
kills=0 tmp_left=0
declare -A points=()
for phase in pre-up up down post-down; do
  for sc in sendto write recvmsg; do
    for takeover in no yes; do
      case $phase:$takeover in pre-up:yes | up:yes | *:no) ;; *) continue ;; esac
      n=1
      while :; do
        CASE="$phase, SIGKILL at $sc #$n"
        [ $takeover = no ] || CASE="$CASE, then ifup again"
        # The state before the phase.
        case $phase in down | post-down) quiet ifupdown ifup eno1 ;; esac
        hook_traced "$phase" -e trace=sendto,write,recvmsg -e "inject=$sc:signal=KILL:when=$n"
        rc=0
        case $phase in
          pre-up | up) ifupdown ifup eno1 > /dev/null || rc=$? ;;
          *) ifupdown ifdown eno1 > /dev/null || rc=$? ;;
        esac
        said=$(cat "$T/out")
        hook_plain "$phase"
        killed=no
        if hook_killed "$phase"; then
          killed=yes
          kills=$((kills + 1))
          points[$phase]=$(( ${points[$phase]:-0} + 1 ))
          case $phase in pre-up | up) [ $rc != 0 ] || fail "$CASE: ifup succeeded although its $phase hook was killed: $said" ;; esac
        else
          [ $rc = 0 ] || fail "$CASE: no kill, yet the phase failed: $said"
        fi
        if [ $takeover = no ]; then
          # Recovery by ifdown: everything the killed run did is undone. A
          # kill on entry to the write of a record's temporary file leaves
          # that empty file behind (the next record write replaces it): not
          # a change of the host, so left out here, though counted.
          if configured; then ifdown_ok eno1; else ifdown_ok --force eno1; fi
          after=$(host_state)
          if grep -qx 'f ifupdown-token/.eno1.tmp' <<<"$after"; then
            tmp_left=$((tmp_left + 1))
            after=$(grep -vx -e 'f ifupdown-token/.eno1.tmp' -e "== $RUNDIR/ifupdown-token/.eno1.tmp" <<<"$after")
          fi
          assert_same "$CASE: ifdown did not restore the namespace (the killed run said: $said)" \
            "$before" "$after"
        elif configured; then
          # Not killed: the ifup went through; nothing to take over.
          ifdown_ok eno1
          assert_same "$CASE: ifdown did not restore the namespace" "$before" "$(host_state)"
          break
        fi
        # A fresh ifup works, with the token, and its ifdown restores all.
        ifup_ok eno1
        assert_contains "$(in_host ip token get dev eno1)" "token ::208:80:154:23 dev eno1"
        assert_same "$CASE: the next ifup did not configure eno1 as a clean one does" \
          "$up_state" "$(iface_state)"
        ifdown_ok eno1
        assert_same "$CASE: the next ifup/ifdown did not restore the namespace (the killed run said: $said)" \
          "$before" "$(host_state)"
        [ $killed = yes ] || break
        n=$((n + stride))
      done
    done
  done
done
CASE=
note "kill points per phase: pre-up ${points[pre-up]:-0}, up ${points[up]:-0}, down ${points[down]:-0}, post-down ${points[post-down]:-0}"
# Every phase was really interrupted, at every change it makes.
[ "${points[pre-up]:-0}" -ge $((30 / stride)) ] || fail "pre-up was killed at only ${points[pre-up]:-0} points"
for phase in up down post-down; do
  [ "${points[$phase]:-0}" -ge $(( (5 + stride - 1) / stride )) ] || fail "$phase was killed at only ${points[$phase]:-0} points"
done
note "an empty .eno1.tmp was left after the recovering ifdown $tmp_left times (gone after the next ifup)"
echo "PASS ($kills kills)"
