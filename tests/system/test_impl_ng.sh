#!/bin/bash
# guest: no
# The scenarios of impl_scenarios.sh under ifupdown-ng 0.11.4.
IMPL=ng
. "$(dirname "$0")/impl_scenarios.sh"
run_all_scenarios
