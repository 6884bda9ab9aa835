#!/bin/bash
# The real ifup exports to an if-pre-up.d hook exactly the environment
# recorded in tests/stanzas/ifup-env, for every stanza listed there. The unit
# test method_model/matches_the_recorded_ifup holds HookEnvironment() to the
# same record (without root): together they hold iftoken's model of ifupdown
# to the real thing. The ifups run in a network namespace of their own, on
# throwaway veths, with a private /etc/network and /run.
#   test_ifup_env_matches_ifup.sh [--write]   --write: record what ifup exports now
. "$(dirname "$0")/lib.sh"
RECORD=$TOP/tests/stanzas/ifup-env
for tool in ifup ip unshare env perl; do
  command -v "$tool" >/dev/null || fail "$tool not found: install ifupdown, iproute2, util-linux, coreutils, perl"
done

mkdir -p "$T"/etc/if-{pre-up,up,down,post-down}.d "$T/run" "$T/state" "$T/dump"
# The only hook: at the IFUPDOWN_NTH-th stanza of the interface (ifupdown
# passes IFUPDOWN_* through from its caller) it dumps its environment and
# fails, so that stanza's method never runs; the earlier stanzas pass, and
# their methods run.
cat > "$T/etc/if-pre-up.d/dump" <<EOH
#!/bin/sh
n=\$(( \$(cat "$T/dump/count" 2>/dev/null || echo 0) + 1 ))
echo \$n > "$T/dump/count"
[ "\$n" = "\$IFUPDOWN_NTH" ] || exit 0
env -0 > "$T/dump/env"
exit 1
EOH
chmod 755 "$T/etc/if-pre-up.d/dump"
# One ifup per "IFACE NTH DEVICE" triple, on a fresh veth when DEVICE is 1;
# the dump of the i-th goes to dump/env.i. Runs in a private mount namespace.
cat > "$T/run-ifup" <<'EOR'
set -u
T=$1 FILE=$2; shift 2
mount --make-rprivate / && mount --bind "$T/etc" /etc/network && mount --bind "$T/run" /run || exit 97
# No DAD: settle-dad.sh of a static stanza passes at once.
sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 || exit 98
i=0
while [ $# -gt 0 ]; do
  IF=$1 NTH=$2 DEV=$3; shift 3
  if [ "$DEV" = 1 ]; then
    ip link del "$IF" 2>/dev/null
    ip link add "$IF" type veth peer name "p$i" || exit 99
  fi
  rm -f "$T/dump/env" "$T/dump/count" "$T"/state/*
  IFUPDOWN_NTH=$NTH ifup --no-mappings -i "$FILE" --state-dir "$T/state" "$IF" >/dev/null 2>&1
  [ -f "$T/dump/env" ] && mv "$T/dump/env" "$T/dump/env.$i"
  i=$((i + 1))
done
EOR

# A dump as the record writes it: sorted, without what the hook's own /bin/sh
# and the runner add, \\ \n \xHH escaped.
render_dump() {
  perl -0 -ne '
    chomp;
    next if /^(PWD|OLDPWD|SHLVL|_|IFUPDOWN_NTH)=/;
    s/\\/\\\\/g; s/\n/\\n/g; s/([\x00-\x1f\x7f])/sprintf("\\x%02x", ord $1)/ge;
    push @v, $_;
    END { print "$_\n" for sort @v }' "$1"
}

# ifup on every probe of one file of the record, in a fresh namespace; prints
# that file's part of the record.
run_file() {
  local file=$1; shift
  local -a probes=("$@") args=()
  local p iface nth device i
  for p in "${probes[@]}"; do
    read -r iface nth device _ <<<"$p"
    args+=("$iface" "$nth" "$([ "$device" = device ] && echo 1 || echo 0)")
  done
  rm -f "$T"/dump/env.*
  ip netns del "$H" 2>/dev/null || true
  ip netns add "$H"
  ip -n "$H" link set lo up
  ip netns exec "$H" unshare -m sh "$T/run-ifup" "$T" "$TOP/$file" "${args[@]}" \
    || fail "the ifup runner failed on $file ($?)"
  echo "file $file"
  for i in "${!probes[@]}"; do
    read -r iface nth device _ <<<"${probes[$i]}"
    if [ -f "$T/dump/env.$i" ]; then
      echo "probe $iface $nth $device"
      render_dump "$T/dump/env.$i"
    else
      echo "probe $iface $nth $device no-hook"
    fi
  done
}

# The record as the real ifup gives it now, with the record's comments.
actual=$T/ifup-env
grep '^#' "$RECORD" > "$actual"
file= probes=()
while IFS= read -r line; do
  case $line in
    "file "*) [ -n "$file" ] && run_file "$file" "${probes[@]}" >> "$actual"
              file=${line#file } probes=() ;;
    "probe "*) probes+=("${line#probe }") ;;
  esac
done < "$RECORD"
[ -n "$file" ] && run_file "$file" "${probes[@]}" >> "$actual"
[ "$(grep -c '^probe ' "$actual")" -gt 0 ] || fail "no probe in $RECORD"

if [ "${1:-}" = --write ]; then
  cp "$actual" "$RECORD"
  echo "wrote $RECORD"
fi
diff -u "$RECORD" "$actual" || fail "the real ifup exports something else than $RECORD records (+: the real ifup)"
echo PASS
