#!/bin/bash
# t_life_queue_dirs.sh - the depth-0 monitor (every recurring one) sees
# queue subdirectories that keep the daemons out although smtpd greets:
# incoming without rwx for mail_owner (cleanup fails: 1, the mode is the
# same on every node that mounts the queue, a restart elsewhere is worth
# trying, never 6), maildrop not group setgid_group (4: this node's
# postdrop gid differs from the shared queue's).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_queue_dirs N=lqdirs A=127.0.132.20 P=2525
t_setup $N $A $P
q=$(t_queue $N)

t_start $N
t_check $T "start" 0 "$T_RC"
chmod 0 "$q/incoming"
# smtpd greets, then waits for a cleanup that cannot create the queue
# file (no answer, not a refusal); the log says why
t_check $T "ground truth: no mail accepted" "no answer in 3 s" "$(T_SMTP_TIMEOUT=3 t_smtp_result $A $P)"
t_maillog_says $T "ground truth: the queue file cannot be created" $N 'incoming.*Permission denied'
t_answers $T $N 1 1
t_check_reason $T "reason names incoming and its mode" "directory $q/incoming: mode 0000"
chmod 0700 "$q/incoming"
t_answers $T $N 0 0

chgrp nogroup "$q/maildrop"
t_answers $T $N 4 4
t_check_reason $T "reason is the kit's postdrop message" "$q/maildrop: The postdrop group id does not match"
chgrp postdrop "$q/maildrop"
t_answers $T $N 0 0
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
