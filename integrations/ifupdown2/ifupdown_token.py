# ifupdown2 addon module: runs the ifupdown-token hooks with the options of the
# interface's merged stanzas. No logic of its own.
#
# Why: ifupdown2 merges all stanzas of an interface into one object, but the
# if-*.d scripts get IF_* from the FIRST stanza only (the environment is built
# when the file is parsed), so `token` in an `inet6` stanza after an `inet` one
# never reaches them; and they run after the address addon, with ADDRFAM/METHOD
# missing in the first run. This module reads the merged object at run time.
#
# Install: /usr/share/ifupdown2/addons/ifupdown_token.py (ifupdown2 imports
# modules only from its own addons directory and /usr/share/ifupdown2/addons),
# and the lines of addons.conf (beside this file) at the TOP of
# /etc/network/ifupdown2/addons.conf (one op's modules run in file order).
# Once loaded, it replaces the /etc/network/if-*.d/ifupdown-token links
# (overrides_ifupdown_scripts), so the hooks do not run twice.
import os
import subprocess

try:
    from ifupdown2.ifupdownaddons.modulebase import moduleBase
except ImportError:
    from ifupdownaddons.modulebase import moduleBase

HOOKS = '/usr/libexec/ifupdown-token'
# ifupdown2 op (also passed as PHASE; the same names as ifupdown's) -> hook, MODE
HOOK_FOR_OP = {'pre-up': ('pre-up', 'start'), 'post-up': ('up', 'start'),
               'pre-down': ('down', 'stop'), 'post-down': ('post-down', 'stop')}
COMMAND_OPTIONS = ('pre-up', 'up', 'post-up', 'pre-down', 'down', 'post-down')


class ifupdown_token(moduleBase):
    _modinfo = {'mhelp': 'runs the ifupdown-token hooks (IPv6 token)', 'attrs': {}}
    overrides_ifupdown_scripts = ['ifupdown-token']

    def get_ops(self):
        return list(HOOK_FOR_OP)

    def run(self, ifaceobj, operation, query_ifaceobj=None, **extra_args):
        if operation not in HOOK_FOR_OP:
            return
        hook, mode = HOOK_FOR_OP[operation]
        env = {'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
               'IFACE': ifaceobj.name, 'LOGICAL': ifaceobj.name,
               'ADDRFAM': ','.join(ifaceobj.addr_family or []),
               'METHOD': ifaceobj.addr_method or '',
               'MODE': mode, 'PHASE': operation}
        for name, values in ifaceobj.config.items():
            if name not in COMMAND_OPTIONS:
                env['IF_' + name.upper().replace('-', '_')] = '\n'.join(values)
        rc = subprocess.call([os.path.join(HOOKS, hook)], env=env)
        if rc != 0:
            raise Exception('ifupdown-token %s hook failed (exit status %d)' % (hook, rc))
