#!/bin/bash
# t_life_quick_start.sh - a start on the queue the last start left (a
# restart, a failover after a crash on the same filesystem) skips
# postfix-script's integrity pass; a queue file whose name is not its
# inode's (what a copy leaves) brings the pass back, and postsuper
# renames it; no message is lost either way.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_quick_start A=127.0.140.1 P=2525 N=qs14
t_setup $N $A $P

ids() { postqueue -c "$(t_etc $N)" -p 2>/dev/null | awk '/^[0-9A-F]+[*!]? /{print $1}' | sort; }
count() { ids | wc -l; }
held() { ids | grep -c '!$'; }
# the pass skipped: by postfix start (the marker; parameters set) or by
# the agent starting the master itself
quick() { printf '%s\n' "$T_ERR" | grep -c -E 'skips its integrity pass|starts without postfix-script.s integrity pass'; }
full() { printf '%s\n' "$T_ERR" | grep -c 'postfix start runs its integrity pass'; }

t_start $N HA_debug=1
t_check $T "first start" 0 "$T_RC"
t_check $T "first start: no stamp yet, full pass" 1 "$(full)"
t_check $T "stamp written" yes "$(if [ -f "$(t_queue $N)/pid/pfkit-queue.stamp" ]; then echo yes; fi)"
for _ in 1 2 3; do t_smtp_ok $A $P; done
has_three() { [ "$(count)" -eq 3 ]; }
t_wait_for 10 has_three
id=$(ids | head -1 | tr -d '*!')
postsuper -c "$(t_etc $N)" -h "$id" 2>/dev/null
t_check $T "3 messages, 1 held" "3 1" "$(count) $(held)"

t_stop $N
t_check $T "stop" 0 "$T_RC"
t_start $N HA_debug=1
t_check $T "restart" 0 "$T_RC"
t_check $T "restart: quick start" "1 0" "$(quick) $(full)"
t_check $T "restart: the master started by the agent, no marker left for the next postfix start" \
	"1 1" "$(printf '%s\n' "$T_ERR" | grep -c 'master -w: done') $(t_exists "$(t_queue $N)/quick-start")"
t_check $T "restart keeps every message" "3 1" "$(count) $(held)"

# a crash: the node dies, the same filesystem is taken over
for pid in $(t_instance_pids $N); do kill -KILL "$pid"; done
t_wait_for 10 t_no_pids $N
t_start $N HA_debug=1
t_check $T "start after a crash" 0 "$T_RC"
t_check $T "after a crash: quick start" "1 0" "$(quick) $(full)"
t_check $T "after a crash: every message" "3 1" "$(count) $(held)"

# a held queue file under a name that is not its inode's, as after a copy
t_stop $N
held_id=$(ids | grep '!$' | tr -d '!')
mv "$(t_queue $N)/hold/$held_id" "$(t_queue $N)/hold/00000FFFFFFF"
touch "$(t_queue $N)/quick-start"	# and a stale marker with it
touch "$T_ROOT/$N/maillog"
chown postfix "$T_ROOT/$N/maillog"
t_start $N HA_debug=1
t_check $T "start with a misnamed queue file" 0 "$T_RC"
t_check $T "misnamed file: full pass" "0 1" "$(quick) $(full)"
t_check $T "misnamed file: reason names it" 1 "$(printf '%s\n' "$T_ERR" | grep -c 'hold/00000FFFFFFF.*name not its short queue ID')"
t_check $T "misnamed file renamed, still held" "3 1" "$(count) $(held)"
t_check $T "renamed after its inode" 1 "$(t_exists "$(t_queue $N)/hold/00000FFFFFFF")"
t_stop $N
t_check $T "stop" 0 "$T_RC"

# a failed start leaves no marker and no stamp: whatever failed, the next
# start runs the whole pass. An option postfix refuses makes it fail
# after the marker was made and before postfix-script would take it.
t_start $N HA_debug=1
t_check $T "start after the repair" 0 "$T_RC"
t_stop $N
t_start $N HA_debug=1 OCF_RESKEY_parameters=-Z
t_check $T "start with an option postfix refuses fails" 1 "$T_RC"
t_check $T "that start had made the marker" "1 0" "$(quick) $(full)"
t_check $T "failed start: no quick-start marker left" 1 "$(t_exists "$(t_queue $N)/quick-start")"
t_check $T "failed start: no stamp left" 1 "$(t_exists "$(t_queue $N)/pid/pfkit-queue.stamp")"
t_check $T "failed start: nothing runs" "" "$(t_instance_pids $N)"
t_start $N HA_debug=1
t_check $T "start after a failed start" 0 "$T_RC"
t_check $T "after a failed start: full pass" "0 1" "$(quick) $(full)"
t_check $T "after a failed start: every message" "3 1" "$(count) $(held)"
t_stop $N
t_check $T "stop" 0 "$T_RC"
