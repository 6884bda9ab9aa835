#!/bin/bash
# guest: no
# The reader agrees with ifupdown2 and ifupdown-ng themselves on their own
# example and test files (copies in tests/interfaces/ifupdown2/, from the
# ifupdown2 3.0 package's examples, and tests/interfaces/ifupdown-ng/, from
# ifupdown-ng 0.11.3's tests/fixtures): `iftoken check --implementation X
# --parsed` gives the same interfaces with the same options, in the same order
# per interface, as `ifquery -o json` of ifupdown2 (every name of the file,
# each stanza as written) and `ifparse -A` of ifupdown-ng (rendered in
# ifparse's own format); and where one refuses the file, so does the other.
# Both run unpacked (impl.sh): ifquery in a private mount namespace with the
# test's /etc/network, ifparse as it is (it reads only its -i file).
. "$(dirname "$0")/lib.sh"
declare -F impl_fetch >/dev/null || . "$SYS_DIR/impl.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
impl_fetch
ip netns add "$H"   # ifupdown_impl runs ifquery in it; nothing is configured
mkdir -p "$ETC" "$RUNDIR" "$T/noexec"

# compare.py KIND OURS THEIRS: 0 if they agree; prints the difference.
cat > "$T/compare.py" <<'PY'
import json, sys
kind, ours_path, theirs_path = sys.argv[1:]
ours = json.load(open(ours_path))
def ifupdown2(ours, theirs):
    def mine(i):
        config = {}
        for name, value in i["options"]:
            config.setdefault(name, []).append(value)
        return {"name": i["name"], "addr_family": i["family"] or None,
                "addr_method": i["method"] or None,
                "config": {k: v[0] if len(v) == 1 else v for k, v in config.items()}}
    def theirs_one(i):
        return {"name": i["name"], "addr_family": i.get("addr_family"),
                "addr_method": i.get("addr_method"), "config": i.get("config", {})}
    key = lambda i: i["name"]
    return (sorted((mine(i) for i in ours["interfaces"]), key=key),
            sorted((theirs_one(i) for i in json.loads(theirs)), key=key))
# ifparse prints the interfaces in the order of their dependencies, and
# first runs its dependency resolver (not the reader): `requires` gets a
# trailing blank, and each interface it names that the file does not is
# made, with only `use link` (compat_create_interfaces). So: blocks compared
# by name, trailing blanks dropped, those made-up interfaces left out.
def ng(ours, theirs):
    mine = {}
    for i in ours["interfaces"]:
        mine[i["name"]] = (["auto %s" % i["name"]] if i["auto"] else []) + [
            "%s %s" % ("template" if i["template"] else "iface", i["name"])] + [
            ("  %s %s" % (n, v)).rstrip() for n, v in i["options"]]
    blocks = {}
    for block in theirs.strip("\n").split("\n\n"):
        lines = [l.rstrip() for l in block.split("\n")]
        name = next(l for l in lines if l.startswith(("iface ", "template "))).split()[1]
        if name not in mine and lines[1:] == ["  use link"]:
            continue
        blocks[name] = lines
    return sorted(mine.items()), sorted(blocks.items())
a, b = (ifupdown2 if kind == "ifupdown2" else ng)(ours, open(theirs_path).read())
if a != b:
    print("iftoken: %s\n%s:    %s" % (json.dumps(a, indent=1), kind, json.dumps(b, indent=1)))
    sys.exit(1)
PY

failed=0 files=0
# agree KIND FILE: one file; says what differs.
agree() {
  local kind=$1 file=$2 ours_rc theirs_rc names
  files=$((files + 1))
  set +e
  "$IFTOKEN" check --implementation "$kind" -i "$file" --parsed > "$T/ours" 2> "$T/ours.err"
  ours_rc=$?
  if [ "$kind" = ifupdown2 ]; then
    cp "$file" "$ETC/interfaces"
    # every name of an iface or vlan line, read without the reader under test
    names=$(awk '$1 == "iface" || $1 == "vlan" { sub(/:.*/, "", $2); print $2 }' "$file" | sort -u)
    # shellcheck disable=SC2086
    ifupdown_impl ifupdown2 ifquery -o json $names > /dev/null
    theirs_rc=$?
    # its messages come before the JSON document on the same output
    sed -n '/^\[/,$p' "$T/out" > "$T/theirs"
    grep -q '^error:\|^warning: .*line' "$T/out" && theirs_rc=1
  else
    "$IMPL_CACHE/ifupdown-ng/sbin/ifparse" -A -i "$file" -E "$T/noexec" > "$T/theirs" 2> "$T/theirs.err"
    theirs_rc=$?
    [ -s "$T/theirs.err" ] && theirs_rc=1
  fi
  set -e
  if [ $ours_rc -ne 0 ] || [ $theirs_rc -ne 0 ]; then
    if [ $((ours_rc != 0)) -ne $((theirs_rc != 0)) ]; then
      echo "DIFFER $kind $file: iftoken exit $ours_rc, $kind $([ $theirs_rc -ne 0 ] && echo refuses || echo takes it)"
      cat "$T/ours" "$T/out" "$T/theirs.err" 2>/dev/null | head -20 || true
      failed=$((failed + 1))
    fi
    return 0
  fi
  if ! python3 "$T/compare.py" "$kind" "$T/ours" "$T/theirs" > "$T/diff"; then
    echo "DIFFER $kind $file:"; head -60 "$T/diff"
    failed=$((failed + 1))
  fi
}

while IFS= read -r f; do agree ifupdown2 "$f"; done < <(find "$TOP/tests/interfaces/ifupdown2" -type f | sort)
while IFS= read -r f; do agree ifupdown-ng "$f"; done < <(find "$TOP/tests/interfaces/ifupdown-ng" -type f | sort)
note "$files files, $failed differ"
[ "$files" -ge 40 ] || fail "only $files files compared"
[ "$failed" -eq 0 ] || fail "$failed of $files files read differently"
echo PASS
