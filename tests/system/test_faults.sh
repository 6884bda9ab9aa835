#!/bin/bash
# Faults of an operator's worst day:
# (a) a netlink reply lost after the kernel made the change (EAGAIN on the
#     receive, what SO_RCVTIMEO gives): pre-up fails, says "every change of
#     this pre-up was undone", and the namespace is as before; at the reply of
#     each change pre-up makes; the failed step's message says what happened
#     (no reply), not that the kernel refused it;
# (b) the same with ENOBUFS on that receive;
# (c) /run full (a tiny tmpfs, filled): pre-up refuses with one line naming the
#     record file and never asks the kernel for a change; with and without the
#     state directory already there;
# (d) /run read-only: the same;
# (e) 40 interfaces brought up by 40 concurrent ifups, then down by 40
#     concurrent ifdowns: all succeed, each has its token while up, and
#     afterwards no record is left and the namespace is as before.
# The mounts of (c) and (d) are made in the private mount namespace of that
# one ifup, over the test's /run: they vanish with it. The wording checks of
# (a)-(d) are reported at the end, so that they hide no other fault.
. "$(dirname "$0")/lib.sh"
setup_pair eno1

# The namespace, less the qdisc (noop until a veth is first up, then noqueue)
# and the state directory itself (created once, 0700, and kept).
host_state() { netns_state | sed -e 's/ qdisc [a-z_]* / /' | grep -vx 'd ifupdown-token'; }
hook_lines() { grep '^ifupdown-token: ' <<<"$1" || true; }
# The kernel changes a traced hook asked for: netlink requests that change
# (RTM_NEW*, RTM_SET*, RTM_DEL*) and sysctls opened for writing.
changes_asked() {
  grep -E 'nlmsg_type=RTM_(NEW|SET|DEL)|/proc/sys/[^"]*", O_WRONLY' "$T/trace.$1" || true
}

# ---- (a), (b): a reply lost, or ENOBUFS, after a change of pre-up
interfaces <<EOF2
iface eno1 inet6 manual
    address $PREFIX::208:80:154:23/64
    gateway $PREFIX::1
    token auto
    ipv6-link-local token
    ipv6-router-solicitations 3
    dad-attempts 0
EOF2
before=$(host_state)
# A clean, traced pre-up: which receive answers which change.
hook_traced pre-up -e trace=sendto,recvmsg
ifup_ok eno1
ifdown_ok eno1
assert_same "a clean ifup/ifdown did not restore the namespace" "$before" "$(host_state)"
# The K-th recvmsg that reads the reply to a change request (the request before it).
replies=$(awk '/ sendto\(/ { change = /nlmsg_type=RTM_(NEW|SET)/ }
               / recvmsg\(/ { n++; if (change) print n; change = 0 }' "$T/trace.pre-up")
[ "$(wc -w <<<"$replies")" -ge 4 ] || fail "expected at least 4 changes by netlink in pre-up, found the replies: $replies"
note "pre-up's replies to changes: receives ${replies//$'\n'/ }"
untruthful="" not_one_line=""
for err in EAGAIN ENOBUFS; do
  for k in $replies; do
    CASE="$err on receive #$k of pre-up"
    hook_traced pre-up -e trace=sendto,recvmsg -e "inject=recvmsg:error=$err:when=$k"
    ifup_fails eno1
    grep -q "recvmsg(.*= -1 $err .*(INJECTED)" "$T/trace.pre-up" || fail "$CASE: nothing was injected: $(cat "$T/trace.pre-up")"
    lines=$(hook_lines "$out")
    assert_contains "$lines" "ifupdown-token: eno1: error: every change of this pre-up was undone"
    # The failed step is named with what happened to it: its reply was lost
    # (or the receive failed), not refused; the kernel had made the change.
    step=$(grep -v 'every change of this pre-up was undone' <<<"$lines" || true)
    case $err in EAGAIN) cause='ETIMEDOUT|timed out|no reply|reply was lost' ;; *) cause='ENOBUFS|No buffer space' ;; esac
    if ! grep -qE "$cause" <<<"$step" || grep -q 'refused' <<<"$step"; then
      untruthful+="$CASE: $step"$'\n'
    fi
    assert_not_contains "$lines" "undo: "
    assert_same "$CASE: pre-up said every change was undone, but the namespace differs" "$before" "$(host_state)"
    # Nothing stands in the way of the next ifup.
    hook_plain pre-up
    ifup_ok eno1
    ifdown_ok eno1
    assert_same "$CASE: the next ifup/ifdown did not restore the namespace" "$before" "$(host_state)"
  done
done
CASE=

# ---- (c), (d): /run full, /run read-only
# ifup_run SETUP ARGS...: ifup ARGS with the test's /etc/network and /run
# (as ifupdown does) and then the shell code SETUP run over /run in that
# private mount namespace; what /run holds afterwards in $T/runlist. Output
# in $out, the exit status returned.
ifup_run() {
  local setup=$1 rc=0; shift
  out=$(ip netns exec "$H" unshare -m sh -c '
    mount --make-rprivate / &&
    mount --bind "$1" /etc/network && mount --bind "$2" /run && eval "$3" || exit 99
    list=$4
    shift 4
    "$@"; rc=$?
    find /run -mindepth 1 -printf "%y %m %P\n" | sort > "$list"
    exit $rc' \
    sh "$ETC" "$RUNDIR" "$setup" "$T/runlist" ifup -i /etc/network/interfaces --state-dir "$STATE" "$@" 2>&1) || rc=$?
  note "$CASE: ifup $* said: $out"
  [ $rc != 99 ] || fail "$CASE: could not prepare /run: $out"
  return $rc
}
interfaces <<EOF2
iface eno1 inet6 manual
    token ::208:80:154:23
    ipv6-link-local token
    ipv6-router-solicitations 3
    dad-attempts 0
EOF2
# This stanza gives no warning: a clean run says nothing at all.
rm -rf "$RUNDIR/ifupdown-token"
ifup_ok eno1
[ -z "$(hook_lines "$out")" ] || fail "the stanza of (c) and (d) gives warnings: $out"
ifdown_ok eno1
rm -rf "$RUNDIR/ifupdown-token"
before=$(host_state)
# A tmpfs over /run (the test's own /run stays as it is), filled; the state
# directory made first or not; /run read-only: a read-only bind of the test's
# own (empty) /run, or a tmpfs holding the state directory, made read-only.
TMPFS='mount -n -t tmpfs -o size=8k,mode=755 tmpfs /run'
FILL='{ dd if=/dev/zero of=/run/fill bs=1k 2>/dev/null; [ $? != 0 ]; }'
DIR='mkdir -m 700 /run/ifupdown-token'
for c in "full:$TMPFS && $FILL" "full, with the state directory:$TMPFS && $DIR && $FILL" \
         "read-only:mount -n -o remount,bind,ro /run" \
         "read-only, with the state directory:$TMPFS && $DIR && mount -n -o remount,ro /run"; do
  CASE="/run ${c%%:*}"
  hook_traced pre-up -e trace=sendto,openat,write,renameat
  rc=0
  ifup_run "${c#*:}" eno1 || rc=$?
  [ $rc != 0 ] || fail "$CASE: ifup succeeded"
  lines=$(hook_lines "$out")
  # One line: the refusal. (Not also "every change of this pre-up was
  # undone": there was none. Checked last, like the messages of (a), (b).)
  [ "$(wc -l <<<"$lines")" = 1 ] || not_one_line+="$CASE: $lines"$'\n'
  case $c in
    full*) why="No space left on device" ;;
    *) why="Read-only file system" ;;
  esac
  assert_contains "$lines" "ifupdown-token: eno1: error: cannot write /run/ifupdown-token/eno1 ("
  assert_contains "$lines" "$why"
  assert_contains "$out" "ifup: failed to bring up eno1"
  asked=$(changes_asked pre-up)
  [ -z "$asked" ] || fail "$CASE: pre-up asked the kernel for changes although it could not record them: $asked"
  # Nothing left in /run but what was there (no record, no temporary file).
  assert_not_contains "$(cat "$T/runlist")" "eno1"
  assert_same "$CASE: the namespace changed" "$before" "$(host_state)"
  [ ! -e "$RUNDIR/ifupdown-token" ] || fail "$CASE: the test's own /run was written to"
done
hook_plain pre-up
CASE=

# ---- (e): 40 interfaces up and down, in parallel
N=40
{
  for i in $(seq $N); do
    ip link add "pr$i" netns "$R" type veth peer name "pe$i" netns "$H"
    ip -n "$R" link set "pr$i" up
    cat <<EOF2

iface pe$i inet6 manual
    address 2001:db8:$i::10/64
    token ::208:80:154:$i
    ipv6-link-local token
    ipv6-router-solicitations 3
    dad-attempts 0
EOF2
  done
} > "$ETC/interfaces"
# No state directory yet: the 40 hooks race to create it.
rm -rf "$RUNDIR/ifupdown-token"
before=$(host_state)
# ifupdown_all CMD: CMD pe1 ... CMD peN, all at once, each in its own private
# mount namespace as ifupdown() does; each must succeed.
ifupdown_all() {
  local cmd=$1 i pids=() failed=
  for i in $(seq $N); do
    bg_host unshare -m sh -c '
      mount --make-rprivate / &&
      mount --bind "$1" /etc/network && mount --bind "$2" /run && shift 2 && exec "$@"' \
      sh "$ETC" "$RUNDIR" "$cmd" -i /etc/network/interfaces --state-dir "$STATE" "pe$i" > "$T/out.$i" 2>&1
    pids+=("$BG_PID")
  done
  for i in $(seq $N); do
    wait_bg "${pids[$((i - 1))]}" || failed+=" pe$i: $(cat "$T/out.$i");"
  done
  [ -z "$failed" ] || fail "$N concurrent ${cmd}s: some failed:$failed"
}
start=$(date +%s)
ifupdown_all ifup
note "$N concurrent ifups took $(( $(date +%s) - start )) s"
tokens=$(in_host ip token list)
for i in $(seq $N); do
  assert_contains "$tokens" "token ::208:80:154:$i dev pe$i"
  st=$(iface_state "pe$i")
  assert_contains "$st" "inet6 2001:db8:$i::10/64"
  assert_contains "$st" "inet6 fe80::208:80:154:$i/64"
  assert_contains "$st" "router_solicitations=3"
  assert_contains "$st" "state UP"
  [ -f "$RUNDIR/ifupdown-token/pe$i" ] || fail "no record for pe$i"
done
ifupdown_all ifdown
left=$(find "$RUNDIR/ifupdown-token" -mindepth 1)
[ -z "$left" ] || fail "records left after $N concurrent ifdowns: $left"
assert_same "$N concurrent ifup/ifdown did not leave the namespace as before" "$before" "$(host_state)"
# Checked last, so that a wrong message hides no other fault; both reported.
wrong=""
[ -z "$untruthful" ] || wrong+="after a lost reply, pre-up said the kernel refused a change it had made (or did not say what happened):"$'\n'"$untruthful"
[ -z "$not_one_line" ] || wrong+="with /run full or read-only, pre-up said more than the one line of its refusal:"$'\n'"$not_one_line"
[ -z "$wrong" ] || fail "$wrong"
echo PASS
