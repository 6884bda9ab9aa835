"""The ifupdown2 addon shim, loaded as ifupdown2 loads it, with a stand-in for
ifupdown2's moduleBase and a hook that writes down the environment it got."""
import importlib.util
import logging
import os
import sys
import tempfile
import types
import unittest

SHIM = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    '../../hooks/ifupdown2/ifupdown_token.py')


class FakeModuleBase:
    def __init__(self, *args, **kwargs):
        self.logger = logging.getLogger('ifupdown2.test')


def load_shim():
    base = types.ModuleType('ifupdownaddons.modulebase')
    base.moduleBase = FakeModuleBase
    sys.modules['ifupdownaddons'] = types.ModuleType('ifupdownaddons')
    sys.modules['ifupdownaddons.modulebase'] = base
    spec = importlib.util.spec_from_file_location('ifupdown_token_shim', SHIM)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Iface:
    def __init__(self, name, config):
        self.name, self.config, self.addr_family = name, config, ['inet6']


class ShimTest(unittest.TestCase):
    def setUp(self):
        self.shim = load_shim()
        self.dir = tempfile.TemporaryDirectory()
        self.calls = os.path.join(self.dir.name, 'calls')
        hook = os.path.join(self.dir.name, 'hook')
        with open(hook, 'w') as f:
            f.write('#!/bin/sh\nenv | sort >> %s\necho --- >> %s\n' % (self.calls, self.calls))
        os.chmod(hook, 0o755)
        self.shim.HOOK = hook
        self.addon = self.shim.ifupdown_token()

    def tearDown(self):
        self.dir.cleanup()

    def runs(self):
        if not os.path.exists(self.calls):
            return []
        with open(self.calls) as f:
            return [c for c in f.read().split('---\n') if c]

    def test_passes_the_merged_attributes(self):
        self.addon.run(Iface('eth0', {'token': ['::10'], 'dad-attempts': ['1']}), 'pre-up')
        [env] = self.runs()
        self.assertIn('IF_TOKEN=::10\n', env)
        self.assertIn('IF_DAD_ATTEMPTS=1\n', env)
        self.assertIn('PHASE=pre-up\n', env)

    def test_query_operations_do_not_run_the_hook(self):
        for op in ('query-checkcurr', 'query-running', 'query-dependency', 'query-raw'):
            self.addon.run(Iface('eth0', {'token': ['::10']}), op)
        self.assertEqual(self.runs(), [])

    def test_attribute_name_with_equals_is_not_passed(self):
        self.addon.run(Iface('eth0', {'token': ['::10'], 'a=b': ['1'], 'x y': ['2']}), 'pre-up')
        [env] = self.runs()
        self.assertIn('IF_TOKEN=::10\n', env)
        self.assertNotIn('IF_A', env)
        self.assertNotIn('IF_X', env)

    def test_missing_hook_is_told_once_and_fails_nothing(self):
        self.shim.HOOK = os.path.join(self.dir.name, 'gone')
        with self.assertLogs('ifupdown2.test', level='ERROR') as logs:
            for name in ('lo', 'eth0', 'eth1'):
                for op in ('pre-up', 'post-up', 'pre-down', 'post-down'):
                    self.addon.run(Iface(name, {'token': ['::10']}), op)  # raises nothing
        self.assertEqual(len(logs.records), 1)
        self.assertIn('gone is missing', logs.output[0])

    def test_a_failing_hook_fails_the_phase(self):
        with open(self.shim.HOOK, 'w') as f:
            f.write('#!/bin/sh\nexit 1\n')
        with self.assertRaisesRegex(Exception, 'pre-up failed'):
            self.addon.run(Iface('eth0', {'token': ['::10']}), 'pre-up')


if __name__ == '__main__':
    unittest.main()
