#!/bin/bash
# t_life_queue_owner.sh - queue subdirectories owned by nobody (a shared
# queue written with another node's postfix uid): smtpd greets, but every
# monitor (depth 0 stat()s the queue's directories) answers 4 (this node's
# problem, never 6).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_queue_owner N=lqowner A=127.0.0.17 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
q=$(t_queue $N)
for d in active bounce corrupt defer deferred flush hold incoming private saved trace; do
	[ -d "$q/$d" ] && chown nobody "$q/$d"
done
t_answers $T $N 4 4
t_monitor $N OCF_CHECK_LEVEL=10
t_check $T "depth 10 monitor answers 4" 4 "$T_RC"
t_check_reason $T "reason names the directory and owner" "$q/[a-z]+"
# smtpd greets, then waits for a cleanup that cannot create the queue
# file (no answer, not a refusal); the log says why
t_check $T "ground truth: no mail accepted" "no answer in 3 s" "$(T_SMTP_TIMEOUT=3 t_smtp_result $A $P)"
t_maillog_says $T "ground truth: the queue file cannot be created" $N 'Permission denied'
t_stop_then_refused $T $N
