#!/bin/bash
# guest: no
# The scenarios of impl_scenarios.sh under ifupdown2 3.0.0, with our addon.
IMPL=ifupdown2
. "$(dirname "$0")/impl_scenarios.sh"
run_all_scenarios
