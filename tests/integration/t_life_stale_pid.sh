#!/bin/bash
# t_life_stale_pid.sh - master.pid names a live process that is not this
# instance's master (stale file from another node, pid reused): "not
# running", and that process is never signalled, by stop or start.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_stale_pid N=lstale A=127.0.0.31 P=2525
# shellcheck disable=SC2016 # evaluated when the script exits
t_setup $N $A $P '[ -z "${other:-}" ] || kill "$other" 2>/dev/null'

t_start $N
t_check $T "start" 0 "$T_RC"
t_stop $N
t_check $T "stop" 0 "$T_RC"
(cd / && exec sleep 600) &
other=$!
printf '%*d\n' 10 "$other" >"$(t_queue $N)/pid/master.pid"
t_answers $T $N 7 7
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "the unrelated process was not signalled by stop" 0 "$(t_alive $other; echo $?)"
t_start $N
t_check $T "start over the stale file" 0 "$T_RC"
t_check $T "SMTP accepts mail" accepted "$(t_smtp_result $A $P)"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "the unrelated process is still alive" 0 "$(t_alive $other; echo $?)"
t_check $T "its state is not stopped" S "$(sed 's/.*) //' /proc/$other/stat | cut -c1)"
