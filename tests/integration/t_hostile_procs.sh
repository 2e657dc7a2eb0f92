#!/bin/bash
# t_hostile_procs.sh - other users' processes in the queue directory
# (issue 24). The queue directory is world-searchable: a process of nobody
# started as "cd $queue && MAIL_CONFIG=$config_dir sleep 600" (here a shell
# that starts its sleep again whenever it ends) is not the instance's: the
# probe of the stopped instance answers 7, start and monitor 0, stop 0 and
# the process is still there, never signalled. A real pipe(8) delivery
# command (user nobody, a script and its child sleep) running while stop
# runs IS the instance's: stop kills it. The same command orphaned after
# its daemons died (pipe killed) is no longer provably the instance's: the
# probe answers 7, stop 0 and leaves it, both naming its pid and uid in a
# warning.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=hostile_procs N=hprocs A=127.0.160.1 P=2525
t_instance_create $N $A $P
etc=$(t_etc $N)
queue=$(readlink -f "$(t_queue $N)")
nobody=$(id -u nobody)
stranger=""	# our child: the nobody shell in the queue directory
orphans=()	# delivery commands the test left to itself (not our children)
cleanup() {
	local p kids=""
	# the shell first, then its sleep: it would start another one
	[ -z "$stranger" ] || kids=$(children "$stranger")
	for p in $stranger $kids "${orphans[@]}"; do kill -KILL "$p" 2>/dev/null; done
	[ -z "$stranger" ] || { wait "$stranger"; } 2>/dev/null
	t_instance_destroy $N
}
trap cleanup EXIT

# a delivery command of pipe(8) as user nobody: a script and its child
slowcmd=$T_ROOT/$N/slowcmd
printf '#!/bin/sh\n/bin/sleep 600\n' >"$slowcmd"
chmod 755 "$slowcmd"
postconf -c "$etc" -e 'relay_domains = pfkit.invalid slow.pfkit.invalid' \
	'transport_maps = inline:{slow.pfkit.invalid=slowpipe:}'
postconf -c "$etc" -M "slowpipe/unix=slowpipe unix - n n - - pipe user=nobody argv=$slowcmd"

# children PID - the pids of PID's children, blank-separated
children() {
	local -a c=()
	read -r -a c 2>/dev/null <"/proc/$1/task/$1/children"
	echo "${c[*]}"
}
# in_queue PID - PID's working directory is the queue directory
in_queue() { [ "$(readlink "/proc/$1/cwd")" = "$queue" ]; }
# ours_left - processes in the queue directory other than those this test
# left there itself (the stranger and its child, orphaned commands)
ours_left() {
	local p keep
	keep=" $stranger $(children "$stranger") ${orphans[*]} "
	for p in $(t_instance_pids $N); do
		[[ $keep == *" $p "* ]] || echo "$p"
	done
}
# warned PID - the last agent run named PID, of nobody, in its warning
warned() { printf '%s\n' "$T_ERR" | grep -q "not this instance's, never signalled: .* $1 ($nobody)"; }

# --- another user's process in the queue directory --------------------------
# shellcheck disable=SC2016 # expanded by the shell of nobody
setpriv --reuid=nobody --regid=nogroup --clear-groups env MAIL_CONFIG="$etc" \
	sh -c 'cd "$1" || exit 1; while :; do sleep 600 & wait $!; done' sh "$queue" \
	</dev/null >/dev/null 2>&1 &
stranger=$!
has_child() { [ -n "$(children "$stranger")" ] && in_queue "$stranger"; }
t_check $T "nobody's shell runs in the queue directory" 0 "$(t_wait_for 10 has_child; echo $?)"
t_check $T "... as nobody" "$nobody" "$(awk '/^Uid:/ { print $2 }' "/proc/$stranger/status")"
t_check $T "... with MAIL_CONFIG=$etc" 1 "$(tr '\0' '\n' <"/proc/$stranger/environ" | grep -cx "MAIL_CONFIG=$etc")"
sleeper=$(children "$stranger")

t_probe $N HA_debug=1
t_check $T "probe of the stopped instance answers 7" 7 "$T_RC"
t_check $T "probe names nobody's process in a warning" 0 "$(warned "$stranger"; echo $?)"
t_monitor $N
t_check $T "recurring monitor answers 7" 7 "$T_RC"
t_stop $N
t_check $T "stop of the stopped instance" 0 "$T_RC"
t_check $T "nobody's process not signalled" 0 "$(t_alive "$sleeper"; echo $?)"

t_start $N
t_check $T "start beside nobody's process" 0 "$T_RC"
t_answers $T $N 0 0
t_stop $N HA_debug=1
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing of the instance left" "" "$(ours_left)"
t_check $T "nobody's shell still there" 0 "$(t_alive "$stranger"; echo $?)"
t_check $T "its sleep never signalled (the same pid)" "$sleeper" "$(children "$stranger")"
t_check $T "stop names it in a warning" 0 "$(warned "$stranger"; echo $?)"
t_answers $T $N 7 7

# --- a delivery command of the instance while stop runs ---------------------
# cmd_of - the pipe(8) delivery command (the script) running now
cmd_of() {
	local p
	for p in $(t_pids_comm $N slowcmd); do
		[ "$(awk '/^Uid:/ { print $2 }' "/proc/$p/status" 2>/dev/null)" = "$nobody" ] && echo "$p"
	done
}
# has_cmd - one delivery command (cmd) runs, with its child
has_cmd() { cmd=$(cmd_of) && [[ $cmd =~ ^[0-9]+$ ]] && [ -n "$(children "$cmd")" ]; }
t_start $N
t_check $T "start" 0 "$T_RC"
t_check $T "mail for the slow pipe accepted" 0 "$(t_smtp_send $A $P a@pfkit.invalid x@slow.pfkit.invalid; echo $?)"
t_wait_for 60 has_cmd
t_check $T "delivery command and its child run" 0 $?
cmd_child=$(children "$cmd")
t_check $T "delivery command: own session, as nobody, in the queue" "$cmd $nobody 0" \
	"$(awk '{ print $6 }' "/proc/$cmd/stat") $(awk '/^Uid:/ { print $2 }' "/proc/$cmd/status") $(in_queue "$cmd"; echo $?)"
t_stop $N
t_check $T "stop with a delivery running" 0 "$T_RC"
t_check $T "delivery command killed by stop" 1 "$(t_alive "$cmd"; echo $?)"
t_check $T "its child killed by stop" 1 "$(t_alive "$cmd_child"; echo $?)"
t_check $T "nothing of the instance left" "" "$(ours_left)"
t_check $T "nobody's process still not signalled" "$sleeper" "$(children "$stranger")"
# the killed delivery is deferred: not delivered again at the next start
t_bounded "postsuper -d ALL" postsuper -c "$etc" -d ALL >/dev/null 2>&1

# --- a delivery command orphaned after its daemons died ---------------------
t_start $N
t_check $T "start again" 0 "$T_RC"
t_check $T "second mail for the slow pipe accepted" 0 "$(t_smtp_send $A $P b@pfkit.invalid y@slow.pfkit.invalid; echo $?)"
t_wait_for 60 has_cmd
t_check $T "second delivery command runs" 0 $?
cmd_child=$(children "$cmd")
orphans=("$cmd" "$cmd_child")
pipe=$(awk '{ print $4 }' "/proc/$cmd/stat")
kill -KILL "$(t_master_pid $N)"
for p in $(ours_left); do kill -KILL "$p"; done
none_of_ours() { [ -z "$(ours_left)" ]; }
t_check $T "its daemons gone (master and pipe killed)" 0 "$(t_wait_for 20 none_of_ours; echo $?)"
t_check $T "the command reparented, still running" "yes 0" \
	"$([ "$(awk '{ print $4 }' "/proc/$cmd/stat")" != "$pipe" ] && echo yes) $(t_alive "$cmd"; echo $?)"
t_probe $N HA_debug=1
t_check $T "orphaned command: probe answers 7" 7 "$T_RC"
t_check $T "probe names the orphaned command in a warning" 0 "$(warned "$cmd"; echo $?)"
t_monitor $N
t_check $T "orphaned command: recurring monitor answers 7" 7 "$T_RC"
t_stop $N HA_debug=1
t_check $T "orphaned command: stop" 0 "$T_RC"
t_check $T "stop names the orphaned command in a warning" 0 "$(warned "$cmd"; echo $?)"
t_check $T "orphaned command and its child not signalled" "0 0" \
	"$(t_alive "$cmd"; echo $?) $(t_alive "$cmd_child"; echo $?)"

# --- the test ends what it left, by pid -------------------------------------
kill -KILL "$cmd" "$cmd_child"
gone() { ! t_alive "$1"; }
t_check $T "orphaned command ended by the test" 0 "$(t_wait_for 10 gone "$cmd_child"; echo $?)"
orphans=()
{ kill -KILL "$stranger"; wait "$stranger"; } 2>/dev/null
kill -KILL "$sleeper"
t_check $T "nobody's process ended by the test" 0 "$(t_wait_for 10 gone "$sleeper"; echo $?)"
stranger=""
t_check $T "nothing left in the queue directory" "" "$(t_instance_pids $N)"
