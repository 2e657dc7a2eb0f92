#!/bin/bash
# t_life_listener_gone.sh - the smtpd service moved to another port by
# master.cf + postfix reload, then master.cf put back without a reload:
# the configured listener refuses connections while the master runs.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_listener_gone N=llisten A=127.0.0.15 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
etc=$(t_etc $N)
cp "$etc/master.cf" "$etc/master.cf.orig"
sed -i "s/^$P /2526 /" "$etc/master.cf"
t_postfix $N reload >/dev/null 2>&1
t_check $T "the service moved" 0 "$(t_wait_for 60 t_smtp_ok $A 2526; echo $?)"
mv "$etc/master.cf.orig" "$etc/master.cf"
t_answers $T $N 1 1
t_check_reason $T "reason names the listener" "$A:$P: connection refused"
t_check $T "ground truth: $A:$P takes no mail" refused "$(T_SMTP_TIMEOUT=2 t_smtp_result $A $P)"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
