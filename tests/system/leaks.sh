# shellcheck shell=bash
# The runner's leak check (tests/system/run): a test must leave no process and
# no network namespace behind; one that does fails, and what it left is
# removed so that the next test starts clean.
#
# Processes. The runner is a child subreaper (prctl PR_SET_CHILD_SUBREAPER,
# kept across execve; leaks_subreaper re-execs the runner through perl to set
# it): whatever a test leaves running — a daemon that forked away, the real
# process behind a killed subshell (`in_host iftoken monitor &`), something in
# a namespace whose name is gone — is reparented to the runner, not to init.
# So once the test has exited, every process below the runner is a leftover.
# Also counted: any process whose environment holds the test's IFT_TEST_TAG
# (should the subreaper be unavailable).
#
# Namespaces. Each test runs with IFT_TEST_TAG set, and lib.sh begins its
# namespaces' names with "TAG-": a name in /run/netns new since the test began
# that does is a leftover. Any other new name is only noted: it may be another
# run's (unit tests, the bench, a demo, a second system-test run, often at the
# same time on a shared machine), and removing it would break that run. (A
# process in such a namespace is still found if the test left it running.)
#
#   leaks_subreaper "$@"     first thing in the runner
#   leaks_before             before each test
#   leaks_after TAG          after it: 0 if clean; else prints what was left
#                            ("    left behind: ..."), removes it, returns 1

leaks_subreaper() {
  [ "${IFT_SUBREAPER_PID:-}" = $$ ] && return 0
  if ! perl -e 'require "syscall.ph"' 2>/dev/null; then
    echo "tests/system/run: perl's syscall.ph is missing: leftover processes are found by IFT_TEST_TAG only" >&2
    return 0
  fi
  IFT_SUBREAPER_PID=$$ exec perl -e '
    require "syscall.ph";
    syscall(SYS_prctl(), 36, 1, 0, 0, 0) == 0   # PR_SET_CHILD_SUBREAPER, 1
      or warn "tests/system/run: prctl(PR_SET_CHILD_SUBREAPER): $!\n";
    exec { $ARGV[0] } @ARGV or die "tests/system/run: exec $ARGV[0]: $!\n";' bash "$0" "$@"
}

_netns_names() { ip netns list 2>/dev/null | awk '{print $1}' | sort; }

leaks_before() { LEAK_NETNS_BEFORE=$(_netns_names); }

# _ppid PID: REPLY = the parent of PID, unless PID is gone (or a zombie).
# Builtins only: no child process that would itself show up below the runner.
_ppid() {
  local line
  { IFS= read -r line < "/proc/$1/stat"; } 2>/dev/null || return 1
  line=${line##*) }
  set -- $line
  [ "$1" != Z ] || return 1
  REPLY=$2
}

# _below PID: BELOW = every live process below PID (builtins only).
_below() {
  local -A parent=()
  local d p pp
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    _ppid "$p" && parent[$p]=$REPLY
  done
  BELOW=()
  local -a todo=("$1")
  while [ ${#todo[@]} -gt 0 ]; do
    pp=${todo[0]}; todo=("${todo[@]:1}")
    for p in "${!parent[@]}"; do
      if [ "${parent[$p]}" = "$pp" ]; then BELOW+=("$p"); todo+=("$p"); fi
    done
  done
}

# _describe PID: "PID ARGS (network namespace ...)".
_describe() {
  local p=$1 args ns name f where
  args=$({ tr '\0' ' ' < "/proc/$p/cmdline"; } 2>/dev/null)
  ns=$(readlink "/proc/$p/ns/net" 2>/dev/null) || { echo "$p (gone meanwhile)"; return 0; }
  if [ "$ns" = "$(readlink /proc/$$/ns/net)" ]; then
    where="the runner's network namespace"
  else
    name=
    for f in /run/netns/*; do
      [ -e "$f" ] && [ "net:[$(stat -L -c %i "$f" 2>/dev/null)]" = "$ns" ] && name=${f##*/}
    done
    if [ -n "$name" ]; then where="network namespace $name"
    else where="network namespace $ns, whose name is gone: the process alone keeps it alive"; fi
  fi
  echo "$p ${args% } (in $where)"
}

# _stop PID...: SIGTERM, then SIGKILL after 2 s, until each is gone.
_stop() {
  local sig i p left
  for sig in TERM KILL; do
    kill -s $sig "$@" 2>/dev/null
    for i in $(seq 20); do
      left=
      for p in "$@"; do _ppid "$p" && left=1; done
      [ -z "$left" ] && return 0
      sleep 0.1
    done
  done
}

leaks_after() {
  local tag=$1 p ns
  local -a found=() pids=() tagged=()
  # Processes: below the runner (the test has exited), or carrying the tag.
  _below $$
  mapfile -t tagged < <(grep -lzx -- "IFT_TEST_TAG=$tag" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3)
  for p in $(printf '%s\n' "${BELOW[@]}" "${tagged[@]}" | sort -un); do
    [ "$p" = $$ ] && continue
    _ppid "$p" || continue
    pids+=("$p")
    found+=("process $(_describe "$p")")
  done
  [ ${#pids[@]} = 0 ] || _stop "${pids[@]}"
  # Namespaces.
  for ns in $(comm -13 <(echo "$LEAK_NETNS_BEFORE") <(_netns_names)); do
    if [[ $ns == "$tag"-* ]]; then
      found+=("network namespace $ns")
      mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null)
      for p in "${pids[@]}"; do found+=("process $(_describe "$p")"); done
      [ ${#pids[@]} = 0 ] || _stop "${pids[@]}"
      ip netns del "$ns" 2>/dev/null || found+=("(and $ns could not be deleted)")
    else
      echo "    note: network namespace $ns appeared during the test; without the test's tag it may be another run's: not counted"
    fi
  done
  [ ${#found[@]} = 0 ] && return 0
  printf '    left behind: %s\n' "${found[@]}"
  return 1
}
