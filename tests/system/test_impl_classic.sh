#!/bin/bash
# guest: no
# The scenarios of impl_scenarios.sh under ifupdown 0.8.
IMPL=classic
. "$(dirname "$0")/impl_scenarios.sh"
run_all_scenarios
