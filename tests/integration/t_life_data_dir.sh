#!/bin/bash
# t_life_data_dir.sh - data_directory not writable by mail_owner: depth 10
# answers 4; start is refused on this node (4) and leaves nothing.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_data_dir N=ldata A=127.0.0.33 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
data=$T_ROOT/$N/data
chown root:root "$data"
chmod 755 "$data"
t_answers $T $N 0 0
t_monitor $N OCF_CHECK_LEVEL=10
t_check $T "depth 10 monitor answers 4" 4 "$T_RC"
t_check_reason $T "reason names data_directory" "$data"
t_check $T "ground truth: SMTP takes mail" accepted "$(t_smtp_result $A $P)"
t_stop_then_refused $T $N
