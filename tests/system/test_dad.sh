#!/bin/bash
# DAD. (1) The peer (router) namespace already holds the address: the up hook,
# waiting by address events, reports DAD failure for that address and ifup
# fails. (2) `dad-attempts 0`: the address is added with nodad and is usable at
# once, while the link is still down in pre-up, never tentative. (3) No
# carrier, so DAD cannot finish: up gives up after dad-attempts x dad-interval
# (0.5 s here) with its own message, not after the default 6 s.
. "$(dirname "$0")/lib.sh"
ADDR=$PREFIX::208:80:154:23

# ---- 1. duplicate on the link
setup_pair eno1
ip -n "$R" addr add "$ADDR/64" dev rtr0 nodad
interfaces <<EOF2
iface eno1 inet6 manual
    address $ADDR/64
    token auto
EOF2
start_recorder
ifup_fails eno1
assert_contains "$out" "ifupdown-token: eno1: error: duplicate address detection failed for $PREFIX:0:208:80:154:23: another host on the link already uses it; find it (ip -6 neigh) or pick another address"
assert_contains "$out" "ifup: failed to bring up eno1"
assert_not_contains "$out" "did not finish"
# The kernel really saw the duplicate (the failure is not a timeout or a guess).
assert_contains "$(recorded_lines "$PREFIX:0:208:80:154:23")" "dadfailed"
teardown_pair

# ---- 2. dad-attempts 0: nodad, usable at once
setup_pair eno1
interfaces <<EOF2
iface eno1 inet6 manual
    address $ADDR/64
    dad-attempts 0
    token auto
EOF2
# A hook after ours in pre-up binds a socket to the address: only possible
# if it is not tentative, and the link is still down there.
cat > "$ETC/if-pre-up.d/zz-bind" <<EOP
#!/bin/sh
{ ip -o link show dev eno1 | grep -o 'state [A-Z]*'
  perl -MSocket=AF_INET6,SOCK_DGRAM,inet_pton,pack_sockaddr_in6 -e '
    socket(my \$s, AF_INET6, SOCK_DGRAM, 0) or die "socket: \$!\n";
    bind(\$s, pack_sockaddr_in6(0, inet_pton(AF_INET6, "$ADDR"))) or die "bind: \$!\n";
    print "bound\n";' 2>&1
} > "$T/bind.pre-up"
exit 0
EOP
chmod +x "$ETC/if-pre-up.d/zz-bind"
start_recorder
ifup_ok -v eno1
assert_contains "$out" "ifupdown-token: eno1: address $PREFIX:0:208:80:154:23/64 nodad"
assert_not_contains "$out" "DAD done"
bind=$(cat "$T/bind.pre-up")
assert_contains "$bind" "state DOWN"
assert_contains "$bind" "bound"
can_bind "$ADDR" || fail "cannot bind to $ADDR right after ifup"
lines=$(recorded_lines "$PREFIX:0:208:80:154:23")
[ -n "$lines" ] || fail "the address was never recorded"
assert_not_contains "$lines" "tentative"
assert_contains "$lines" "nodad"
ifdown_ok eno1
teardown_pair

# ---- 3. no carrier: DAD cannot finish; the wait is bounded by the stanza
setup_pair eno1
ip -n "$R" link set rtr0 down                      # eno1 gets no carrier
interfaces <<EOF2
iface eno1 inet6 manual
    address $ADDR/64
    dad-attempts 5
    dad-interval 0.1
    token auto
EOF2
before=$(iface_state)
start=$(date +%s%N)
ifup_fails eno1
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
note "ifup took $elapsed_ms ms"
assert_contains "$out" "ifupdown-token: eno1: error: DAD for $PREFIX:0:208:80:154:23 did not finish within 500 ms (dad-attempts x dad-interval); check that eno1 has carrier, or raise dad-attempts"
# 4000 ms, times IFT_TIME_SCALE (tests/system/run) on slow machines.
limit_ms=$(awk -v s="${IFT_TIME_SCALE:-1}" 'BEGIN { printf "%d", 4000 * s }')
[ "$elapsed_ms" -lt "$limit_ms" ] || fail "ifup took $elapsed_ms ms (bound $limit_ms ms): the wait is not bounded by dad-attempts x dad-interval"
after=$(iface_state)
assert_same "the timed-out ifup did not undo everything" \
  "$(normalise up-no-carrier link-locals <<<"$before")" "$(normalise up-no-carrier link-locals <<<"$after")"
echo PASS
