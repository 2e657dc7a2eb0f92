#!/bin/bash
# t_two_node_a.sh - two_node.sh in storage layout a, with the hung-smtpd
# section (HANG=1: monitor every 2 s; see there)
LAYOUT=a HANG=1
# shellcheck source-path=SCRIPTDIR source=two_node.sh
. "$(dirname "$0")/two_node.sh"
