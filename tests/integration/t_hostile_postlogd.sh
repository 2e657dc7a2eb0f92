#!/bin/bash
# t_hostile_postlogd.sh - a postlogd that no longer reads its socket (a site
# logging with maillog_file): postlogd stopped, its public/postlog socket
# full. Every Postfix program that logs then blocks in send(): smtpd before
# its greeting, postfix-script's "stopping" line, the master as it
# terminates. The agent must still answer each action within its
# deadline, and stop must leave nothing of the instance: monitor answers 1
# naming the listener, stop 0 with no process left; a start after that
# (the stuck socket gone with its reader) answers 0.
# The instance runs in a network namespace of its own (its address, and
# net.unix.max_dgram_qlen at the kernel's default, 10).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib_stock.sh
. "$(dirname "$0")/lib_stock.sh"
T=hostile_postlogd N=hplogd NS=pf-hplogd A=127.0.0.1 P=2525
LIMIT=20000	# t_agent's OCF_RESKEY_CRM_meta_timeout, ms
T_ADDR_EXTERNAL=1
cleanup() {
	t_instance_destroy $N
	t_netns_down $NS
}
trap cleanup EXIT
t_netns_up $NS v6off || { t_fail "$T: network namespace"; exit 1; }
t_netns_agent $NS
t_instance_create $N $A $P
t_timed t_start $N OCF_RESKEY_CRM_meta_timeout=$LIMIT
t_check $T "start" 0 "$T_RC"
has_postlogd() { [ -n "$(t_pids_comm $N postlogd)" ]; }
t_wait_for 10 has_postlogd
plogd=$(t_pids_comm $N postlogd)
t_check $T "a postlogd runs (maillog_file)" 1 "$(echo "$plogd" | grep -c .)"

# postlogd stopped, its socket filled until the kernel refuses more
for p in $plogd; do kill -STOP "$p"; done
queued=$("$T_PY" - "$(t_queue $N)/public/postlog" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.connect(sys.argv[1])
s.setblocking(False)
n = 0
try:
    while n < 100000:
        s.send(b"Jan  1 00:00:00 pfkit t_hostile_postlogd[1]: filler")
        n += 1
except BlockingIOError:
    print("full after", n)
PY
)
t_check $T "postlog socket full" yes "$(case $queued in "full after "*) echo yes ;; *) echo "no ($queued)" ;; esac)"

t_timed t_monitor $N OCF_RESKEY_CRM_meta_timeout=$LIMIT
t_hostile_check $T "monitor, postlogd stuck" 1 $LIMIT "$A:$P"
t_timed t_stop $N OCF_RESKEY_CRM_meta_timeout=$LIMIT
t_hostile_check $T "stop, postlogd stuck" 0 $LIMIT
t_check $T "stop leaves nothing" "" "$(t_instance_pids $N)"
t_timed t_start $N OCF_RESKEY_CRM_meta_timeout=$LIMIT
t_hostile_check $T "start after the stuck postlogd was stopped" 0 $LIMIT
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
