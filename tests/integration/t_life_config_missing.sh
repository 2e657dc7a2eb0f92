#!/bin/bash
# t_life_config_missing.sh - config_dir disappears (shared storage holding
# it is gone). While Postfix runs: probe 1, monitor 5, and stop still finds and
# ends every process (by MAIL_CONFIG). Not running: probe 7, monitor 5,
# stop 0.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_config_missing N=lconf A=127.0.0.30 P=2525
etc=$(t_etc $N)
# shellcheck disable=SC2016 # evaluated when the script exits
t_setup $N $A $P 'mv "$etc.away" "$etc" 2>/dev/null'

t_start $N
t_check $T "start" 0 "$T_RC"
mv "$etc" "$etc.away"
t_answers $T $N 1 5
# a daemon the master starts now dies at once (no main.cf), the master
# throttles its service, and the client waits: no answer, not a refusal.
# The master's own log line is what tells this from a slow server.
t_check $T "ground truth: new daemons cannot read main.cf" "no answer in 3 s" "$(T_SMTP_TIMEOUT=3 t_smtp_result $A $P)"
throttled() { grep -q 'bad command startup -- throttling' "$T_ROOT/$N/maillog" 2>/dev/null; }
t_check $T "ground truth: the master throttles the daemons that cannot start" 0 "$(t_wait_for 30 throttled; echo $?)"
t_stop $N
t_check $T "stop without a configuration" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
t_answers $T $N 7 5
t_check_reason $T "reason names the directory" "$etc"
t_stop $N
t_check $T "stop, nothing running" 0 "$T_RC"
