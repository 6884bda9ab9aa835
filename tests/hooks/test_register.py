"""hooks/ifupdown2/register on addons.conf files in a scratch root."""
import os
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REGISTER = os.path.join(HERE, '../../hooks/ifupdown2/register')
OURS = 'pre-up,ifupdown_token\npost-up,ifupdown_token\npre-down,ifupdown_token\npost-down,ifupdown_token\n'
THEIRS = 'pre-up,openvswitch\npre-up,usercmds\nup,address\nup,usercmds\n'
# Registered: post-up, pre-down, post-down first; pre-up after the last pre-up
# module, when the device exists and is still down.
REGISTERED = ('post-up,ifupdown_token\npre-down,ifupdown_token\npost-down,ifupdown_token\n'
              'pre-up,openvswitch\npre-up,usercmds\npre-up,ifupdown_token\nup,address\nup,usercmds\n')


class RegisterTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.TemporaryDirectory()
        self.etc = os.path.join(self.root.name, 'etc/network/ifupdown2')
        os.makedirs(self.etc)
        self.conf = os.path.join(self.etc, 'addons.conf')

    def tearDown(self):
        self.root.cleanup()

    def write(self, text, path=None):
        with open(path or self.conf, 'w', newline='') as f:
            f.write(text)

    def read(self, path=None):
        with open(path or self.conf, newline='') as f:
            return f.read()

    def register(self, op, env=None):
        return subprocess.run([REGISTER, op, self.root.name], capture_output=True, text=True,
                              env=env)

    def test_add_then_remove(self):
        self.write(THEIRS)
        self.assertEqual(self.register('add').returncode, 0)
        self.assertEqual(self.read(), REGISTERED)
        self.assertEqual(self.register('add').returncode, 0)
        self.assertEqual(self.read(), REGISTERED)
        self.assertEqual(self.register('remove').returncode, 0)
        self.assertEqual(self.read(), THEIRS)

    def test_partial_registration_is_repaired(self):
        self.write('post-down,ifupdown_token\n' + THEIRS)
        self.assertEqual(self.register('add').returncode, 0)
        self.assertEqual(self.read(), REGISTERED)

    def test_lines_with_blanks_or_cr_are_ours(self):
        self.write('pre-up,ifupdown_token \r\npost-up,ifupdown_token\t\n'
                   ' pre-down,ifupdown_token\npost-down,ifupdown_token\r\n' + THEIRS)
        self.assertEqual(self.register('add').returncode, 0)
        self.assertEqual(self.read(), REGISTERED)  # one set, not two
        self.write('pre-up,ifupdown_token\r\n' + THEIRS)
        self.assertEqual(self.register('remove').returncode, 0)
        self.assertEqual(self.read(), THEIRS)

    def test_remove_of_a_file_with_only_our_lines(self):
        self.write(OURS)
        self.assertEqual(self.register('remove').returncode, 0)
        self.assertEqual(self.read(), '')

    def test_remove_without_our_lines_leaves_the_file(self):
        self.write('up,address')  # no final newline: not even that is touched
        self.assertEqual(self.register('remove').returncode, 0)
        self.assertEqual(self.read(), 'up,address')

    def test_read_error_in_remove_keeps_addons_conf(self):
        # A grep that prints the first line, then fails as on a read error (EIO).
        bindir = os.path.join(self.root.name, 'bin')
        os.mkdir(bindir)
        self.write('pre-up,ifupdown_token\n' + THEIRS, os.path.join(bindir, 'unused'))
        fake = os.path.join(bindir, 'grep')
        self.write('#!/bin/sh\ncase "$1" in -Eq) exec /bin/grep "$@" ;; esac\n'
                   'eval "f=\\${$#}"; head -n 1 "$f"; echo "grep: $f: Input/output error" >&2; exit 2\n',
                   fake)
        os.chmod(fake, 0o755)
        self.write(OURS + THEIRS)
        env = dict(os.environ, PATH=bindir + ':' + os.environ['PATH'])
        r = self.register('remove', env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('cannot read', r.stderr)
        self.assertEqual(self.read(), OURS + THEIRS)
        self.assertEqual(sorted(os.listdir(self.etc)), ['addons.conf'])  # no temporary left

    def test_symlinked_addons_conf_stays_a_symlink(self):
        target = os.path.join(self.root.name, 'real-addons.conf')
        self.write(THEIRS, target)
        os.symlink('../../../real-addons.conf', self.conf)
        self.assertEqual(self.register('add').returncode, 0)
        self.assertTrue(os.path.islink(self.conf))
        self.assertEqual(self.read(target), REGISTERED)
        self.assertEqual(self.register('remove').returncode, 0)
        self.assertTrue(os.path.islink(self.conf))
        self.assertEqual(self.read(target), THEIRS)

    def test_no_addons_conf_no_ifupdown2(self):
        self.assertEqual(self.register('add').returncode, 0)
        self.assertFalse(os.path.exists(self.conf))


if __name__ == '__main__':
    unittest.main()
