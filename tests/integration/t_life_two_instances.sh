#!/bin/bash
# t_life_two_instances.sh - two instances on different addresses are
# started, monitored and stopped independently.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_two_instances A1=127.0.0.35 A2=127.0.0.36 P=2525
t_setup ltwo1 $A1 $P
t_setup ltwo2 $A2 $P

t_start ltwo1
t_check $T "start 1" 0 "$T_RC"
t_answers $T ltwo2 7 7
t_start ltwo2
t_check $T "start 2" 0 "$T_RC"
t_stop_gone $T ltwo1 "1: "
t_answers $T ltwo2 0 0
t_check $T "2 takes mail while 1 is stopped" accepted "$(t_smtp_result $A2 $P)"
t_start ltwo1
t_check $T "start 1 again" 0 "$T_RC"
m1=$(t_master_pid ltwo1)
t_stop ltwo2
t_check $T "stop 2" 0 "$T_RC"
t_check $T "nothing of 2 left" "" "$(t_instance_pids ltwo2)"
t_check $T "1 untouched by stop of 2" "$m1" "$(t_master_pid ltwo1)"
t_answers $T ltwo1 0 0
t_check $T "1 takes mail" accepted "$(t_smtp_result $A1 $P)"
t_stop ltwo1
t_check $T "stop 1" 0 "$T_RC"
