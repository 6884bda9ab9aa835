"""The maintainer scripts' calls of the registration, run in a mount namespace
of their own where /usr/share/ifupdown-token holds a stand-in that writes
down how it was called."""
import os
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN = os.path.join(HERE, '../../debian')


def registrations(script, argument):
    """The arguments the script passed to register-ifupdown2-addon, one call a line."""
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, 'log')
        inner = ('set -e; mount -t tmpfs none /usr/share; mkdir /usr/share/ifupdown-token; '
                 'printf "#!/bin/sh\\necho \\"\\$*\\" >> %s\\n" > /usr/share/ifupdown-token/register-ifupdown2-addon; '
                 'chmod 755 /usr/share/ifupdown-token/register-ifupdown2-addon; '
                 'sh %s %s' % (log, os.path.join(DEBIAN, script), argument))
        subprocess.run(['unshare', '--map-root-user', '--mount', 'sh', '-c', inner], check=True)
        return open(log).read() if os.path.exists(log) else ''


class MaintainerScriptsTest(unittest.TestCase):
    def test_postinst_registers(self):
        for arg in ('configure', 'triggered', 'abort-remove', 'abort-deconfigure'):
            with self.subTest(arg=arg):
                self.assertEqual(registrations('ifupdown-token.postinst', arg), 'add\n')

    def test_postinst_abort_upgrade_leaves_it(self):
        # prerm upgrade did not take the addon out.
        self.assertEqual(registrations('ifupdown-token.postinst', 'abort-upgrade'), '')

    def test_prerm_deregisters(self):
        for arg in ('remove', 'deconfigure'):
            with self.subTest(arg=arg):
                self.assertEqual(registrations('ifupdown-token.prerm', arg), 'remove\n')
        self.assertEqual(registrations('ifupdown-token.prerm', 'upgrade'), '')


if __name__ == '__main__':
    unittest.main()
