#!/bin/bash
# guest: no
# The real ifup exports to an if-pre-up.d hook exactly the environment
# recorded in tests/stanzas/ifup-env, for every stanza listed there. The unit
# test method_model/matches_the_recorded_ifup holds HookEnvironment() to the
# same record (without root): together they hold iftoken's model of ifupdown
# to the real thing. And for each stanza, `iftoken check --env IFACE -i FILE`
# prints exactly the environment the real ifup exported to the hook: every
# variable (the IF_* options and the rest), compared after decoding the
# quoting check --env gives a value that does not fit one plain word
# (Shown(): a JSON-style string, as for a repeated option joined by newlines)
# and rendering both as the record does. The ifups run in a network namespace
# of their own, on throwaway veths, with a private /etc/network and /run.
#   test_ifup_env_matches_ifup.sh [--write]   --write: record what ifup exports now
. "$(dirname "$0")/lib.sh"
RECORD=$TOP/tests/stanzas/ifup-env
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
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

# check_env IFACE NTH FILE: what `iftoken check --env IFACE -i FILE` prints
# for the NTH stanza of IFACE, in render_dump's form: each value quoted by
# Shown() decoded (a JSON string of UTF-8), then escaped as the record
# escapes, sorted.
CHECKED=0 QUOTED=0  # stanzas compared; of which with a quoted value
check_env() {
  "$IFTOKEN" check --env "$1" -i "$3" > "$T/check-env" 2> "$T/check-env.err" ||
    fail "iftoken check --env $1 -i $3 failed: $(cat "$T/check-env.err")"
  perl -MJSON::PP -e '
    my ($nth, $file) = @ARGV;
    my $json = JSON::PP->new->utf8->allow_nonref;
    open(my $in, "<", $file) or die "$file: $!\n";
    my ($n, @v) = (0);
    while (my $line = <$in>) {
      chomp $line;
      if ($line =~ /^# /) { $n++; next; }
      next unless $n == $nth;
      my ($k, $v) = $line =~ /^([^=]+)=(.*)$/ or die "not NAME=VALUE: $line\n";
      if ($v =~ /^"/) { $v = $json->decode($v); utf8::encode($v); }
      $v =~ s/\\/\\\\/g; $v =~ s/\n/\\n/g; $v =~ s/([\x00-\x1f\x7f])/sprintf("\\x%02x", ord $1)/ge;
      push @v, "$k=$v";
    }
    $n >= $nth or die "no stanza $nth in $file\n";
    print "$_\n" for sort @v;' "$2" "$T/check-env"
}

# ifup on every probe of one file of the record, in a fresh namespace; prints
# that file's part of the record. Each environment the real ifup exported is
# also held against iftoken check --env's.
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
      render_dump "$T/dump/env.$i" > "$T/real-env"
      check_env "$iface" "$nth" "$TOP/$file" > "$T/checked-env" || fail "check_env $iface $nth $file failed"
      diff -u "$T/real-env" "$T/checked-env" >&2 ||
        fail "iftoken check --env $iface -i $file, stanza $nth, differs from what the real ifup exported (+: check --env)"
      CHECKED=$((CHECKED + 1))
      ! grep -q '^[A-Z_0-9]*="' "$T/check-env" || QUOTED=$((QUOTED + 1))
      cat "$T/real-env"
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
[ "$CHECKED" = "$(grep '^probe ' "$actual" | grep -vc ' no-hook$')" ] ||
  fail "iftoken check --env was compared on $CHECKED stanzas only"
[ "$QUOTED" -gt 0 ] || fail "no stanza had a value check --env quotes (a repeated option): the decoding went untested"
note "iftoken check --env matched the real ifup on $CHECKED stanzas ($QUOTED with a quoted value)"

if [ "${1:-}" = --write ]; then
  cp "$actual" "$RECORD"
  echo "wrote $RECORD"
fi
diff -u "$RECORD" "$actual" || fail "the real ifup exports something else than $RECORD records (+: the real ifup)"
echo PASS
