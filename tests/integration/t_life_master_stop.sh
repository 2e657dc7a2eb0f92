#!/bin/bash
# t_life_master_stop.sh - the master is SIGSTOPped (hung): monitor fails,
# stop escalates to SIGKILL of this instance's processes and leaves none.
# An idle smtpd may still take one more message: the ground truth is
# recorded as observed.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_master_stop N=lmstop A=127.0.0.13 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
t_smtp_ok $A $P
master=$(t_master_pid $N)
kill -STOP "$master"
t_check $T "ground truth: the idle smtpd still takes one message" accepted "$(t_smtp_result $A $P)"
t_answers $T $N 1 1 OCF_RESKEY_smtp_timeout=2
t_check_reason $T "reason names the stopped master" "master pid $master .*stopped"
t0=$(t_ms)
t_stop $N
t1=$(t_ms)
t_check $T "stop of a hung master" 0 "$T_RC"
echo "# timing: stop of a hung master took $((t1 - t0)) ms"
t_check $T "master killed" 1 "$(t_alive "$master"; echo $?)"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
t_answers $T $N 7 7
