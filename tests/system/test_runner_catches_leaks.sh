#!/bin/bash
# The runner's leak check (tests/system/leaks.sh) catches leaks: tests/system/run
# on three fixtures (tests/system/fixtures/) that all pass by themselves. One
# leaves a process in a namespace whose name is gone (what `in_host iftoken
# monitor &` did), one leaves a namespace; both must be reported as FAIL with
# what they left, which must then be gone. The third, lib.sh's namespace pair
# with radvd and the address recorder, leaves nothing and must PASS.
. "$(dirname "$0")/lib.sh"
FIX=$SYS_DIR/fixtures
mkdir -p "$T/fixture"
rc=0
out=$(FIXTURE_OUT=$T/fixture "$SYS_DIR/run" --hook-dir "$HOOK_DIR" \
        "$FIX/leak_process.sh" "$FIX/leak_netns.sh" "$FIX/no_leak.sh" 2>&1) || rc=$?
note "the runner said: $out"
[ "$rc" != 0 ] || fail "the runner exited 0 although two fixtures leaked"
pid=$(cat "$T/fixture/pid")
ns=$(cat "$T/fixture/netns")
assert_contains "$out" "FAIL leak_process ("
assert_contains "$out" "): it passed, but left a process or a network namespace behind"
assert_contains "$out" "    left behind: process $pid sleep 600 (in network namespace net:["
assert_contains "$out" "whose name is gone: the process alone keeps it alive)"
assert_contains "$out" "FAIL leak_netns ("
assert_contains "$out" "    left behind: network namespace $ns"
assert_contains "$out" "PASS no_leak ("
assert_contains "$out" "system: 1 passed, 2 failed"
# What they left is gone.
if [ -e "/proc/$pid" ] && grep -qa 'sleep' "/proc/$pid/cmdline" 2>/dev/null; then fail "process $pid is still there"; fi
! ip netns list | grep -q -- "^$ns\b" || fail "namespace $ns is still there"
echo PASS
