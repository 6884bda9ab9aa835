#!/bin/bash
# guest: no
# Debian 12's ansible-core 2.14 runs our collection's module (installed where
# it looks for collections), connection local inside seed 000's host
# namespace: eno1 up with its MAC-derived SLAAC address and Wikimedia's
# hand-written token lines. The first run converts the file and applies it
# live (changed), the second is ok (idempotent), ifdown/ifup then give the
# same state; --check --diff shows the unified diff and changes nothing; a
# refusal fails the task with iftoken's one-line message.
. "$(dirname "$0")/lib.sh"
. "$SYS_DIR/fleet.sh"
[ -x "$IFTOKEN" ] || fail "the iftoken under test is not there: $IFTOKEN"
COLLECTIONS=$SHARE/ansible/collections
[ -d "$COLLECTIONS/ansible_collections/ifupdown_token/ifupdown_token" ] ||
  fail "our collection is not installed under $COLLECTIONS"

cat > "$T/play.yml" <<'EOF2'
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: eno1's token
      ifupdown_token.ifupdown_token.ifupdown_token:
        interface: eno1
        token: "{{ token }}"
        token_wait: 10
EOF2
# playbook TOKEN ARGS...: the play with that token; $rc, $said.
playbook() {
  local token=$1; shift
  in_engine env ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS" ANSIBLE_LOCAL_TEMP="$T/ansible-tmp" \
    ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
    ansible-playbook -i localhost, -e "token=$token" "$@" "$T/play.yml"
  said=$(cat "$T/engine.out")
}

seed000_host

note "first run: changed, with what apply did and check's findings (-v prints the result)"
playbook auto -v
[ "$rc" = 0 ] || fail "the first run exited $rc"
assert_contains "$said" "changed: [localhost]"
assert_contains "$said" "changed=1"
assert_contains "$said" "\"eno1: token $TOKEN\""
assert_contains "$said" "\"eno1: remove address $EUI (built without the token)\""
assert_contains "$said" "\"findings\": ["
assert_converted_and_live

note "second run: ok"
playbook auto
[ "$rc" = 0 ] || fail "the second run exited $rc"
assert_contains "$said" "ok: [localhost]"
assert_contains "$said" "changed=0"

assert_ifdown_ifup_same

note "--check --diff: the diff shown, nothing changed"
before=$(config_and_token)
playbook ::99 --check --diff
[ "$rc" = 0 ] || fail "the --check --diff run exited $rc"
assert_contains "$said" "-    token auto"
assert_contains "$said" "+    token ::99"
assert_contains "$said" "changed: [localhost]"
assert_same "--check changed something" "$before" "$(config_and_token)"

note "a refusal: the task fails with iftoken's message"
playbook 2001:db8::99
[ "$rc" != 0 ] || fail "the play with token 2001:db8::99 succeeded"
assert_contains "$said" "fatal: [localhost]"
assert_contains "$said" "iftoken migrate: eno1: option token: '2001:db8::99': the upper 64 bits are not zero"
assert_same "the refused run changed something" "$before" "$(config_and_token)"
echo PASS
