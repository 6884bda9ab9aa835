# ifupdown2 addon module: hands each interface, its stanzas merged, to the
# ifupdown-token hook, which does everything (ifupdown-token-interfaces(5)).
#
# ifupdown2's if-*.d scripts get IF_* of an interface's FIRST stanza only, so
# a `token` written in an inet6 stanza after an inet one never reaches them;
# an addon sees the merged stanzas. Installed in /usr/share/ifupdown2/addons
# and registered in /etc/network/ifupdown2/addons.conf by ./register: its
# pre-up after ifupdown2's own pre-up modules, once they have created the
# device (bridge, vlan, bond, vxlan) and while it is still down. While it is
# loaded, ifupdown2 skips the /etc/network/if-*.d/ifupdown-token links.
import logging
import os
import re
import subprocess

try:
    from ifupdown2.ifupdownaddons.modulebase import moduleBase
except ImportError:
    from ifupdownaddons.modulebase import moduleBase

HOOK = '/usr/libexec/ifupdown-token/hook'
OPS = ['pre-up', 'post-up', 'pre-down', 'post-down']
# Every option of ours is such a name; anything else (`a=b` cannot even be an
# environment variable's name) is not passed on.
ATTR_NAME = re.compile(r'[A-Za-z0-9_-]+\Z')


class ifupdown_token(moduleBase):
    _modinfo = {'mhelp': 'the IPv6 token: see ifupdown-token-interfaces(5)', 'attrs': {}}
    overrides_ifupdown_scripts = ['ifupdown-token']
    # A missing hook is told once per ifupdown2 run, not once per interface
    # and phase, and fails nothing: this addon is called for every interface,
    # and failing them all (lo and the management interface too) for a file of
    # ours would take the host off the network; the message names the fix.
    hook_missing_told = False

    def get_ops(self):
        return OPS

    def run(self, ifaceobj, operation, query_ifaceobj=None, **extra_args):
        # ifupdown2 also calls every module for query-checkcurr, query-running
        # and the like: the hook changes the kernel, so it is not run for them.
        if operation not in OPS:
            return
        if not os.access(HOOK, os.X_OK):
            if not ifupdown_token.hook_missing_told:
                ifupdown_token.hook_missing_told = True
                self.logger.error('ifupdown-token: %s is missing: no interface gets its IPv6 '
                                  'token or its undo; reinstall ifupdown-token, or take the '
                                  'addon out with "%s remove"'
                                  % (HOOK, '/usr/share/ifupdown-token/register-ifupdown2-addon'))
            return
        env = {'IFACE': ifaceobj.name, 'PHASE': operation,
               'ADDRFAM': ','.join(ifaceobj.addr_family or []),
               'VERBOSE': '1' if self.logger.isEnabledFor(logging.INFO) else '0'}
        for name, values in ifaceobj.config.items():
            if ATTR_NAME.match(name):
                env['IF_' + name.upper().replace('-', '_')] = '\n'.join(values)
        status = subprocess.call([HOOK], env=env)
        if status != 0:
            raise Exception('ifupdown-token: %s failed (exit status %d)' % (operation, status))
