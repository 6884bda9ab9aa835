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
import subprocess

try:
    from ifupdown2.ifupdownaddons.modulebase import moduleBase
except ImportError:
    from ifupdownaddons.modulebase import moduleBase

HOOK = '/usr/libexec/ifupdown-token/hook'


class ifupdown_token(moduleBase):
    _modinfo = {'mhelp': 'the IPv6 token: see ifupdown-token-interfaces(5)', 'attrs': {}}
    overrides_ifupdown_scripts = ['ifupdown-token']

    def get_ops(self):
        return ['pre-up', 'post-up', 'pre-down', 'post-down']

    def run(self, ifaceobj, operation, query_ifaceobj=None, **extra_args):
        env = {'IFACE': ifaceobj.name, 'PHASE': operation,
               'ADDRFAM': ','.join(ifaceobj.addr_family or []),
               'VERBOSE': '1' if self.logger.isEnabledFor(logging.INFO) else '0'}
        for name, values in ifaceobj.config.items():
            env['IF_' + name.upper().replace('-', '_')] = '\n'.join(values)
        status = subprocess.call([HOOK], env=env)
        if status != 0:
            raise Exception('ifupdown-token: %s failed (exit status %d)' % (operation, status))
