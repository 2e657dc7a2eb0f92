#!/bin/bash
# t_life_master_kill.sh - the master is SIGKILLed: its daemons notice and
# exit, the lock is free; the instance reads as cleanly stopped and starts
# again over the stale pid file.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_master_kill N=lmkill A=127.0.0.12 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
master=$(t_master_pid $N)
kill -KILL "$master"
t_check $T "the daemons exit by themselves" 0 "$(t_wait_for 60 t_no_pids $N; echo $?)"
t_answers $T $N 7 7
t_check $T "ground truth: SMTP refused" refused "$(T_SMTP_TIMEOUT=2 t_smtp_result $A $P)"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_start $N
t_check $T "start over the stale pid file" 0 "$T_RC"
t_check $T "SMTP accepts mail again" accepted "$(t_smtp_result $A $P)"
t_stop $N
t_check $T "final stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
