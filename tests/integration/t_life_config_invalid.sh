#!/bin/bash
# t_life_config_invalid.sh - the configuration becomes invalid everywhere
# while Postfix runs (mail_owner = root): probe and monitor 6, validate-all
# and start 6; stop still ends everything (postfix(1) refuses to run, so
# the master is signalled by pid) and answers 0 only then.
# Then the binary is missing on this node: 5, and stop by pid.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_config_invalid N=linval A=127.0.0.40 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
master=$(t_master_pid $N)
postconf -c "$(t_etc $N)" -e 'mail_owner = root'
t_answers $T $N 6 6
t_check_reason $T "reason names mail_owner" "mail_owner"
t_agent $N validate-all OCF_CHECK_LEVEL=10
t_check $T "validate-all" 6 "$T_RC"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "master gone" 1 "$(t_alive "$master"; echo $?)"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
t_start $N
t_check $T "start refused" 6 "$T_RC"
t_check $T "failed start leaves nothing" "" "$(t_instance_pids $N)"

postconf -c "$(t_etc $N)" -e 'mail_owner = postfix'
t_start $N
t_check $T "start once repaired" 0 "$T_RC"
master=$(t_master_pid $N)
nobin=OCF_RESKEY_binary=/nonexistent/sbin/postfix
t_answers $T $N 1 5 $nobin
t_check_reason $T "reason names the missing command" "/nonexistent/sbin/post(fix|conf)"
t_stop $N $nobin
t_check $T "stop without the binary" 0 "$T_RC"
t_check $T "master gone" 1 "$(t_alive "$master"; echo $?)"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
t_answers $T $N 5 5 $nobin
t_stop $N $nobin
t_check $T "stop without the binary, nothing running" 0 "$T_RC"
