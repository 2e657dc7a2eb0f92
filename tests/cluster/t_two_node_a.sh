#!/bin/bash
# t_two_node_a.sh - two_node.sh in storage layout a (see there)
LAYOUT=a
# shellcheck source-path=SCRIPTDIR source=two_node.sh
. "$(dirname "$0")/two_node.sh"
