#!/bin/bash
# t_two_node_c.sh - two_node.sh in storage layout c (see there)
LAYOUT=c
# shellcheck source-path=SCRIPTDIR source=two_node.sh
. "$(dirname "$0")/two_node.sh"
