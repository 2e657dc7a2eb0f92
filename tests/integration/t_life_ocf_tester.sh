#!/bin/bash
# t_life_ocf_tester.sh - resource-agents' ocf-tester passes on the agent
# (meta-data against ra-api-1.dtd, probe, start, monitor, double start,
# stop, double stop, status, validate-all).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_ocf_tester N=locft A=127.0.0.39 P=2525
t_instance_create $N $A $P
trap 't_instance_destroy $N' EXIT

out=$(timeout 300 ocf-tester -n pfktest -o config_dir="$(t_etc $N)" "$AGENT" 2>&1)
rc=$?
t_check $T "ocf-tester passes" 0 "$rc"
[ $rc -eq 0 ] || printf '%s\n' "$out" | tail -20
t_check $T "nothing left after ocf-tester" "" "$(t_instance_pids $N)"
