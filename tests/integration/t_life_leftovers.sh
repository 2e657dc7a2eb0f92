#!/bin/bash
# t_life_leftovers.sh - daemons left after the master was SIGKILLed: a
# pipe(8) delivery command (own session, cwd in the queue) and its pipe
# daemon outlive the master. monitor 1, stop kills them, and only them.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_leftovers N=lleft A=127.0.0.34 P=2525
t_setup $N $A $P

etc=$(t_etc $N)
postconf -c "$etc" -e 'relay_domains = pfkit.invalid slow.pfkit.invalid' \
	'transport_maps = inline:{slow.pfkit.invalid=slowpipe:}'
postconf -c "$etc" -M 'slowpipe/unix=slowpipe unix - n n - - pipe user=nobody argv=/bin/sleep 600'
t_start $N
t_check $T "start" 0 "$T_RC"
t_smtp_send $A $P a@pfkit.invalid x@slow.pfkit.invalid
has_cmd() { [ -n "$(t_pids_comm $N sleep)" ]; }
t_check $T "delivery command running" 0 "$(t_wait_for 60 has_cmd; echo $?)"
cmd=$(t_pids_comm $N sleep)
kill -KILL "$(t_master_pid $N)"
sleep 0.5
t_check $T "delivery command outlived the master" 0 "$(t_alive "$cmd"; echo $?)"
t_answers $T $N 1 1
t_check_reason $T "reason lists the processes" "not running, but processes of this instance are: .*$cmd"
t_check $T "ground truth: SMTP refused" refused "$(T_SMTP_TIMEOUT=2 t_smtp_result $A $P)"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "delivery command killed" 1 "$(t_alive "$cmd"; echo $?)"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
t_answers $T $N 7 7
