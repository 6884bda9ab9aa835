# shellcheck shell=bash
# The other ifupdown implementations, for the system tests: ifupdown2
# 3.0.0 and ifupdown-ng 0.11.4 of Debian 12. Both conflict with ifupdown, so they
# are never installed: `apt-get download` + `dpkg -x` into out/impl/<pkg> once,
# then run from there in the test's private mount namespace, where the test's
# /etc/network and /run are bind-mounted over the real ones.
# Sourced by lib.sh after its own definitions; uses $TOP, $T, $ETC, $STATE,
# $RUNDIR, $H, fail and ifupdown from there.
#
#   impl_fetch                         download + unpack once (safe concurrently)
#   ifupdown_impl IMPL CMD ARGS...     IMPL classic|ifupdown2|ng, CMD ifup|ifdown|ifquery:
#                                      output in $T/out and printed, exit status returned
#   impl_hook_links IMPL HOOK [WAY]    our integration in the test's $ETC (see below)
#   impl_reset                         forget the per-test files (after teardown_pair)

IMPL_CACHE=${IMPL_CACHE:-$TOP/out/impl}
IMPL_PYTHON=/usr/bin/python3   # not the python3 of PATH: ifupdown2 is Debian's, for Debian's python
# The versions measured (Debian 12); any other candidate is used with a warning.
declare -A IMPL_VERSION=([ifupdown2]=3.0.0-1.1 [ifupdown-ng]='0.11.4~rc1-1+b2')
IMPL_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin   # systemd's
IMPL_INTEGRATIONS="$TOP/hooks"

# impl_fetch: out/impl/ifupdown2 and out/impl/ifupdown-ng, each the unpacked
# package (plus .version). Unpacked in a temporary directory and renamed, so
# concurrent runs never see half a tree. Checks that Debian's python3 can
# import what ifupdown2 needs (its Depends: python3:any, iproute2 — nothing else).
impl_fetch() {
  local pkg tmp ver
  mkdir -p "$IMPL_CACHE"
  for pkg in ifupdown2 ifupdown-ng; do
    [ -f "$IMPL_CACHE/$pkg/.version" ] && continue
    tmp=$(mktemp -d "$IMPL_CACHE/.$pkg.XXXXXX")
    if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$pkg=${IMPL_VERSION[$pkg]}") > "$tmp/log" 2>&1; then
      echo "impl_fetch: $pkg ${IMPL_VERSION[$pkg]} is not available, using the candidate" >&2
      (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$pkg") >> "$tmp/log" 2>&1 ||
        { cat "$tmp/log" >&2; rm -rf "$tmp"; fail "impl_fetch: apt-get download $pkg failed"; }
    fi
    dpkg-deb -x "$tmp"/*.deb "$tmp/root" || { rm -rf "$tmp"; fail "impl_fetch: dpkg -x $pkg failed"; }
    if [ "$pkg" = ifupdown2 ]; then
      # Its sbin/ifup is an absolute link to /usr/share/ifupdown2/ifupdown2, and
      # it picks the operation from the name it was called by.
      mkdir "$tmp/root/bin"
      for ver in ifup ifdown ifquery ifreload; do
        ln -s ../usr/share/ifupdown2/__main__.py "$tmp/root/bin/$ver"
      done
    fi
    dpkg-deb -f "$tmp"/*.deb Version > "$tmp/root/.version"
    mv -T "$tmp/root" "$IMPL_CACHE/$pkg" 2>/dev/null || true   # another run may have won
    rm -rf "$tmp"
    [ -f "$IMPL_CACHE/$pkg/.version" ] || fail "impl_fetch: $IMPL_CACHE/$pkg is incomplete"
  done
  "$IMPL_PYTHON" -c 'import argparse, ipaddress, json, socket, struct, subprocess, threading' ||
    fail "impl_fetch: $IMPL_PYTHON lacks a module ifupdown2 needs"
}

# _impl_prepare IMPL: the implementation's own files for this test, made once:
# ifupdown2: $ETC/ifupdown2/{ifupdown2.conf,addons.conf}, its state dir
#   $T/ifupdown2/state, and $T/ifupdown2/addons (copies of its addon modules; bound
#   over the unpacked addons directory, so that a module can be added per test);
# ng: $ETC/ifupdown-ng.conf, $T/ng/executors (links to its executors; given as
#   -E), its state file $T/ng/ifstate (its locks are <statefile>.<iface>.lock).
_impl_prepare() {
  local f
  case $1 in
    classic) ;;
    ifupdown2)
      [ -d "$T/ifupdown2/addons" ] && return 0
      [ -f "$IMPL_CACHE/ifupdown2/.version" ] || impl_fetch
      mkdir -p "$ETC/ifupdown2" "$T/ifupdown2/state" "$T/ifupdown2/addons"
      # copies, not links: the links would point into the directory they hide
      cp "$IMPL_CACHE"/ifupdown2/usr/share/ifupdown2/addons/*.py "$T/ifupdown2/addons/"
      # The packaged addons.conf without the bond module: it runs `modprobe -q
      # bonding` when it loads, and loading bonding makes bond0 in the host's
      # initial network namespace.
      grep -vx '[a-z-]*,bond' "$IMPL_CACHE/ifupdown2/etc/network/ifupdown2/addons.conf" > "$ETC/ifupdown2/addons.conf"
      # The packaged ifupdown2.conf, with the state in the test's directory.
      sed "s|^state_dir=.*|state_dir=$T/ifupdown2/state/|" \
        "$IMPL_CACHE/ifupdown2/etc/network/ifupdown2/ifupdown2.conf" > "$ETC/ifupdown2/ifupdown2.conf"
      grep -qx 'addon_scripts_support=1' "$ETC/ifupdown2/ifupdown2.conf" || fail "ifupdown2.conf: no addon_scripts_support=1"
      grep -qx 'use_daemon=no' "$ETC/ifupdown2/ifupdown2.conf" || fail "ifupdown2.conf: not use_daemon=no"
      ;;
    ng)
      [ -d "$T/ng/executors" ] && return 0
      [ -f "$IMPL_CACHE/ifupdown-ng/.version" ] || impl_fetch
      mkdir -p "$T/ng/executors"
      for f in "$IMPL_CACHE"/ifupdown-ng/usr/libexec/ifupdown-ng/*; do
        ln -s "$f" "$T/ng/executors/"
      done
      cp "$IMPL_CACHE/ifupdown-ng/etc/network/ifupdown-ng.conf" "$ETC/ifupdown-ng.conf"
      ;;
    *) fail "unknown ifupdown implementation '$1' (classic|ifupdown2|ng)" ;;
  esac
}

# impl_reset: removes what _impl_prepare made under $T (teardown_pair removes
# $T/etc), so that a test of several cases starts each one afresh.
impl_reset() { rm -rf "$T/ifupdown2" "$T/ng" "$T/addons.conf.new"; }

# ifupdown_impl IMPL CMD ARGS...: that implementation's CMD (ifup, ifdown,
# ifquery) on the host namespace, with the test's /etc/network and /run (a
# private mount namespace), -i /etc/network/interfaces, its state under $T, and
# the environment systemd would give it (only PATH). classic is lib.sh's
# ifupdown. Output in $T/out (and printed); returns the exit status.
ifupdown_impl() {
  local impl=$1 cmd=$2 rc; shift 2
  case $cmd in ifup|ifdown|ifquery) ;; *) fail "ifupdown_impl: unknown command '$cmd'" ;; esac
  [ "$impl" = classic ] && { ifupdown "$cmd" "$@"; return; }
  _impl_prepare "$impl"
  mkdir -p "$RUNDIR/network"   # ifupdown2 locks /run/network/.lock
  local -a run
  if [ "$impl" = ifupdown2 ]; then
    run=("$IMPL_PYTHON" "$IMPL_CACHE/ifupdown2/bin/$cmd" -i /etc/network/interfaces "$@")
  else
    run=("$IMPL_CACHE/ifupdown-ng/sbin/$cmd" -i /etc/network/interfaces
         -E "$T/ng/executors" -S "$T/ng/ifstate" "$@")
  fi
  set +e
  ip netns exec "$H" unshare -m sh -c '
    mount --make-rprivate / && cd / &&
    mount --bind "$1" /etc/network && mount --bind "$2" /run &&
    { [ -z "$3" ] || mount --bind "$3" "$4"; } && shift 4 && exec "$@"' \
    sh "$ETC" "$RUNDIR" \
    "$([ "$impl" = ifupdown2 ] && echo "$T/ifupdown2/addons")" \
    "$IMPL_CACHE/ifupdown2/usr/share/ifupdown2/addons" \
    env -i PATH="$IMPL_PATH" "${run[@]}" > "$T/out" 2>&1
  rc=$?
  set -e
  cat "$T/out"
  return $rc
}

# impl_hook_links IMPL HOOK [WAY]: installs our integration for IMPL into the
# test. HOOK is a directory with pre-up, up, down, post-down (like $HOOK_DIR),
# or one executable for all four. WAY:
#   links   $ETC/if-{pre-up,up,down,post-down}.d/ifupdown-token -> HOOK (what
#           the package ships for every implementation; the only way for classic);
#   native  ifupdown2: the addon hooks/ifupdown2/ifupdown_token.py in its
#             addons directory, registered at the top of addons.conf by
#             hooks/ifupdown2/register (it then overrides the links, so
#             both can be there);
#           ng: an executor `token` in the executor directory, for the probe
#             (it runs only for stanzas with `use token`);
#   both    links and native (the default for ifupdown2 and ng).
# The copies point at HOOK instead of /usr/libexec/ifupdown-token.
impl_hook_links() {
  local impl=$1 hook=$2 way=${3:-both} phase target
  [ "$impl" = classic ] && way=links
  case $way in links|native|both) ;; *) fail "impl_hook_links: unknown way '$way'" ;; esac
  _impl_prepare "$impl"
  if [ "$way" != native ]; then
    for phase in create pre-up up down post-down; do
      target=$hook; [ -d "$hook" ] && target=$hook/$phase
      # (a directory of per-phase programs may have none for create)
      [ -e "$target" ] || { rm -f "$ETC/if-$phase.d/ifupdown-token"; continue; }
      mkdir -p "$ETC/if-$phase.d"
      ln -sfn "$target" "$ETC/if-$phase.d/ifupdown-token"
    done
  fi
  [ "$way" = links ] && return 0
  local hooks=$hook one=
  [ -d "$hook" ] || { hooks=$(dirname "$hook"); one=$(basename "$hook"); }
  case $impl in
    ifupdown2)
      if [ -d "$hook" ]; then   # a directory of per-phase programs (the probe's dumpers)
        sed -e "s|^HOOK = .*|HOOK = (lambda op: '$hook/' + {'pre-up': 'pre-up', 'post-up': 'up', 'pre-down': 'down', 'post-down': 'post-down'}[op])|" \
            -e "s|subprocess.call(\[HOOK\]|subprocess.call([HOOK(operation)]|" \
            -e "s|os.access(HOOK,|os.access(HOOK(operation),|" \
          "$IMPL_INTEGRATIONS/ifupdown2/ifupdown_token.py" > "$T/ifupdown2/addons/ifupdown_token.py"
      else
        sed -e "s|^HOOK = .*|HOOK = '$hook'|" \
          "$IMPL_INTEGRATIONS/ifupdown2/ifupdown_token.py" > "$T/ifupdown2/addons/ifupdown_token.py"
      fi
      "$IMPL_INTEGRATIONS/ifupdown2/register" add "$T"   # $ETC is $T/etc/network
      ;;
    ng)
      # An executor (ifupdown-executor(7)) calling HOOK per phase: for the
      # probe only. The package integrates with ifupdown-ng by the links alone
      # (README: an executor runs only for stanzas that say `use token`).
      { echo '#!/bin/sh'
        echo 'case "$PHASE" in pre-up) p=pre-up ;; post-up) p=up ;; pre-down) p=down ;; post-down) p=post-down ;; *) exit 0 ;; esac'
        if [ -d "$hook" ]; then echo "exec '$hook/'\$p"; else echo "PHASE=\$p exec '$hook'"; fi
      } > "$T/ng/executors/token"
      chmod +x "$T/ng/executors/token"
      ;;
  esac
}
