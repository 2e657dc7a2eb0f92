#!/bin/bash
# t_life_ocf_tester.sh - resource-agents' ocf-tester passes on the agent
# (meta-data against ra-api-1.dtd, probe, start, monitor, double start,
# stop, double stop, status, validate-all).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_ocf_tester N=locft A=127.0.0.39 P=2525
# ocf-tester runs the agent's meta-data as nobody ("should be 755"): the
# build tree may be where nobody cannot go (a checkout under /root), so it
# tests a copy in a directory of its own that anyone can enter
ocft=$(mktemp -d /tmp/pfkit-ocft.XXXXXX)
# shellcheck disable=SC2016 # evaluated when the script exits
t_setup $N $A $P 'rm -rf "$ocft"'
chmod 755 "$ocft"
install -m 755 "$AGENT" "$ocft/postfix"

out=$(timeout 300 ocf-tester -n pfktest -o config_dir="$(t_etc $N)" "$ocft/postfix" 2>&1)
rc=$?
t_check $T "ocf-tester passes" 0 "$rc"
[ $rc -eq 0 ] || printf '%s\n' "$out" | tail -20
t_check $T "nothing left after ocf-tester" "" "$(t_instance_pids $N)"
