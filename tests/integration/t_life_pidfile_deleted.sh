#!/bin/bash
# t_life_pidfile_deleted.sh - master.pid deleted while Postfix runs: the
# master still serves mail but Postfix's commands cannot reach it (its lock
# is on the deleted file). monitor 1; stop finds it by /proc and kills it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_pidfile_deleted N=lpiddel A=127.0.0.32 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
master=$(t_master_pid $N)
rm -f "$(t_queue $N)/pid/master.pid"
t_answers $T $N 1 1
t_check_reason $T "reason names the master without its lock" "master pid $master .*without the lock"
t_check $T "ground truth: still takes mail" accepted "$(t_smtp_result $A $P)"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "master gone" 1 "$(t_alive "$master"; echo $?)"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
t_start $N
t_check $T "start again" 0 "$T_RC"
t_stop $N
t_check $T "stop" 0 "$T_RC"
