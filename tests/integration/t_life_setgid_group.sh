#!/bin/bash
# t_life_setgid_group.sh - maildrop and public group-owned by another group
# than setgid_group (postdrop gid differs between nodes): SMTP still takes
# mail, local submission would fail; every monitor (depth 0 too) answers 4.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_setgid_group N=lsetgid A=127.0.0.18 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
q=$(t_queue $N)
chgrp nogroup "$q/maildrop" "$q/public"
t_answers $T $N 4 4
t_monitor $N OCF_CHECK_LEVEL=10
t_check $T "depth 10 monitor answers 4" 4 "$T_RC"
t_check_reason $T "reason names maildrop or public" "(maildrop|public)"
t_check $T "ground truth: SMTP still takes mail" accepted "$(t_smtp_result $A $P)"
t_stop_then_refused $T $N
