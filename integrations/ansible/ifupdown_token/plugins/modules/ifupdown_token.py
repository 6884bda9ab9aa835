# -*- coding: utf-8 -*-
# A thin shim over iftoken(8): iftoken decides, validates and refuses; this
# module only calls it and reports (iftoken(8), CONFIGURATION MANAGEMENT).
# Copyright: 2026 ifupdown-token developers; GPL-2.0-or-later.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ifupdown_token
short_description: The IPv6 token and identity of an ifupdown interface
description:
  - Sets the C(token) and the other ifupdown-token options of the stanza of
    I(interface) that holds its token (else its first stanza) with
    C(iftoken migrate --set), which also rewrites hand-written C(ip token)
    lines and keeps every other byte of the file, then brings the running
    interface there with C(iftoken apply), without taking the link down.
  - Check mode asks C(iftoken apply --dry-run); diff mode shows
    C(iftoken migrate --diff). A refusal fails with iftoken's one-line message.
options:
  interface: {description: The interface, e.g. eno1., type: str, required: true}
  token: {description: "auto, ::IID or none.", type: str}
  token_wait: {description: Seconds ifup waits for the token's SLAAC address (token-wait)., type: str}
  options: {description: "Other options of that stanza, e.g. {ipv6-forwarding: 0}.", type: dict, default: {}}
  state:
    description: present sets the options; absent removes them (and the token) from the stanza.
    type: str
    choices: [present, absent]
    default: present
  path: {description: The interfaces(5) file., type: path, default: /etc/network/interfaces}
author: ifupdown-token developers
'''

EXAMPLES = r'''
- name: eno1's token from its IPv4 address
  ifupdown_token.ifupdown_token.ifupdown_token:
    interface: eno1
    token: auto
    token_wait: 10
'''

RETURN = r'''
applied: {description: What iftoken apply changed (or would change), one line each., type: list, returned: always}
findings: {description: "iftoken check --json's findings for the interface.", type: list, returned: always}
'''

import os
import json
import tempfile

from ansible.module_utils.basic import AnsibleModule


def settings(p):
    wanted = dict((k, '' if v is None else str(v)) for k, v in p['options'].items())
    if p['token'] is not None:
        wanted['token'] = p['token']
    if p['token_wait'] is not None:
        wanted['token-wait'] = p['token_wait']
    if p['state'] == 'absent':
        wanted = dict((k, '') for k in wanted)
    args = []
    for k, v in wanted.items():
        args += ['--set', '%s=%s' % (k, v)]
    return args


def last_line(text):
    lines = [l for l in text.strip().splitlines() if l]
    return lines[-1] if lines else ''


def main():
    module = AnsibleModule(
        argument_spec=dict(
            interface=dict(type='str', required=True),
            token=dict(type='str'),
            token_wait=dict(type='str'),
            options=dict(type='dict', default={}),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            path=dict(type='path', default='/etc/network/interfaces'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    iftoken = module.get_bin_path('iftoken', required=True)
    iface, path = p['interface'], p['path']
    migrate = [iftoken, 'migrate', '-i', path, '--iface', iface] + settings(p)

    def run(args, ok=(0,)):
        rc, out, err = module.run_command(args)
        if rc not in ok:
            module.fail_json(msg=last_line(err) or last_line(out), rc=rc, cmd=args)
        return rc, out, err

    _, diff, _ = run(migrate + ['--diff'])
    _, new_text, _ = run(migrate)
    file_changed = diff != ''
    if file_changed and not module.check_mode:
        run(migrate + ['--in-place'])

    # The live state, judged on the file as it is (check mode: as it would be).
    judged = path
    if file_changed and module.check_mode:
        fd, judged = tempfile.mkstemp(prefix='interfaces.', dir=module.tmpdir)
        with os.fdopen(fd, 'w') as f:
            f.write(new_text)
    applied, live_changed = [], False
    if p['state'] == 'present':
        rc, out, err = run([iftoken, 'apply', iface, '-i', judged, '--dry-run'], ok=(0, 1))
        live_changed = rc == 1
        if live_changed and 'would change' not in out:
            module.fail_json(msg=last_line(err) or last_line(out), rc=rc)
        applied = [l for l in out.splitlines() if 'would change' in l]
        if live_changed and not module.check_mode:
            _, out, _ = run([iftoken, 'apply', iface, '-i', path])
            applied = out.splitlines()

    _, out, _ = run([iftoken, 'check', '-i', judged, '--json', iface], ok=(0, 1))
    findings = json.loads(out).get('findings', []) if out.strip() else []
    result = dict(changed=file_changed or live_changed, applied=applied, findings=findings)
    if module._diff and file_changed:
        result['diff'] = dict(prepared=diff)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
