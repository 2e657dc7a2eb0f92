#!/bin/bash
# t_life_queue_mode.sh - queue directory mode 000: the daemons (mail_owner)
# can no longer reach the queue; greeting still works but no mail is
# accepted. monitor fails from a stat(), no queue walk.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_queue_mode N=lqmode A=127.0.0.16 P=2525
# shellcheck disable=SC2016 # evaluated when the script exits
t_setup $N $A $P 'chmod 755 "$(t_queue $N)"'

t_start $N
t_check $T "start" 0 "$T_RC"
chmod 000 "$(t_queue $N)"
t_answers $T $N 1 1
t_check_reason $T "reason names the queue and its mode" "queue directory .*: mode 000"
# smtpd greets, then waits for a cleanup that cannot reach the queue
# (no answer, not a refusal); the log says why
t_check $T "ground truth: no mail accepted" "no answer in 3 s" "$(T_SMTP_TIMEOUT=3 t_smtp_result $A $P)"
t_maillog_says $T "ground truth: the queue cannot be reached" $N 'Permission denied'
t_stop_gone $T $N ""
