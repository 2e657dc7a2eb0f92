#!/bin/bash
# t_life_smtpd_stop.sh - every smtpd is SIGSTOPped: the master runs and
# owns the socket, connect works, no greeting comes. monitor 1 naming the
# listener; stop leaves nothing.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_smtpd_stop N=lsmtpd A=127.0.0.14 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
t_smtp_ok $A $P
smtpds=$(t_pids_comm $N smtpd)
t_check $T "an smtpd is there to stop" yes "$([ -n "$smtpds" ] && echo yes || echo no)"
for p in $smtpds; do kill -STOP "$p"; done
t_answers $T $N 1 1 OCF_RESKEY_smtp_timeout=1
# the proof (accept queue full, every smtpd stopped) or, failing it, the timeout
t_check_reason $T "reason names the listener" "$A:$P: (no greeting within 1 s|[0-9]+ connections? waiting to be accepted, no smtpd accepting \\(smtpd pids? [0-9 ]+ stopped\\))"
# a stopped smtpd neither greets nor refuses: the client waits (the
# connection sits in the accept queue), and the smtpds are still stopped
# when it gives up, so the silence is theirs, not a slow machine's
t_check $T "ground truth: no mail accepted" "no answer in 1 s" "$(T_SMTP_TIMEOUT=1 t_smtp_result $A $P)"
all_stopped() {
	local p
	for p in $smtpds; do [ "$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -c1)" = T ] || return 1; done
}
t_check $T "ground truth: the smtpds were stopped all along" 0 "$(all_stopped; echo $?)"
t_stop $N HA_debug=1
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
# the master's SIGTERM to its process group waits in each stopped smtpd:
# stop continues them once the master is gone, and they leave by it
# instead of lasting out the grace and being killed
t_check $T "stopped smtpds continued: none had to be killed" 0 \
	"$(printf '%s\n' "$T_ERR" | grep -c 'killing the processes of this instance')"
