#!/bin/bash
# t_two_node_b.sh - two_node.sh in storage layout b (see there)
LAYOUT=b
# shellcheck source-path=SCRIPTDIR source=two_node.sh
. "$(dirname "$0")/two_node.sh"
