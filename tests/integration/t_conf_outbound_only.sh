#!/bin/bash
# t_conf_outbound_only.sh - an outbound-only (relay) instance: Debian's
# stock master.cf with its smtpd inet service removed, so only pickup,
# qmgr and the unix delivery services run. It is valid; start waits for
# the master's queue manager, monitor checks the master, its lock and a
# live qmgr (woken if missing) instead of an SMTP greeting.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib_stock.sh
. "$(dirname "$0")/lib_stock.sh"
T=conf_outbound_only N=coutonly
trap 't_instance_destroy $N' EXIT
t_stock_create $N loopback-only
ETC=$(t_etc $N)
sed -i -e 's/^smtp  *inet /#&/' "$ETC/master.cf"
t_check $T "no inet service left" "" "$(postconf -c "$ETC" -M 2>/dev/null | awk '$2 == "inet"')"

t_agent $N validate-all OCF_CHECK_LEVEL=10
t_check $T "validate-all: valid" 0 "$T_RC"
t_answers $T $N 7 7
t_start $N
t_check $T "start" 0 "$T_RC"
t_check $T "a queue manager runs after start" 1 "$(t_pids_comm $N qmgr | wc -l)"
t_answers $T $N 0 0
t_monitor $N OCF_CHECK_LEVEL=20
t_check $T "monitor depth 20 (no EHLO to send)" 0 "$T_RC"

# a queue manager gone for a moment: woken, as postqueue -f would
q=$(t_pids_comm $N qmgr)
[ -n "$q" ] && kill -KILL "$q"
t_wait_for 5 sh -c "! kill -0 $q 2>/dev/null"
t_monitor $N
t_check $T "monitor after qmgr was killed" 0 "$T_RC"
q2=$(t_pids_comm $N qmgr)
t_check $T "the master runs a new qmgr" 1 "$(echo "$q2" | grep -cv "^$q\$")"

# a queue manager the master cannot run again (its binary gone): no mail
# leaves, the monitor fails
postconf -c "$ETC" -F 'qmgr/unix/command = pfkit-gone/qmgr'
t_postfix $N reload >/dev/null 2>&1
t_wait_for 10 grep -q 'reload -- version' "$T_ROOT/$N/maillog"
for p in $(t_pids_comm $N qmgr); do kill -KILL "$p"; done
t_monitor $N
t_check $T "monitor without a queue manager" 1 "$T_RC"
t_check_reason $T "reason names the queue manager" "queue manager \(service qmgr/unix\) not running under master pid [0-9]+"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
