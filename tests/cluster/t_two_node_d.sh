#!/bin/bash
# t_two_node_d.sh - two_node.sh in storage layout d (see there)
LAYOUT=d
# shellcheck source-path=SCRIPTDIR source=two_node.sh
. "$(dirname "$0")/two_node.sh"
