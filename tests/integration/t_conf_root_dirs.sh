#!/bin/bash
# t_conf_root_dirs.sh - a queue_directory or daemon_directory of "/" (or a
# symbolic link to it) or a relative path would make every process working
# or living there look like the instance's, and stop would kill it: the
# configuration is refused as invalid (6, the parameter named) by every
# action but stop, which finds the instance by MAIL_CONFIG only and leaves
# an unrelated process working in "/" alone (0). From a node-local
# config_dir with queue_mount_point set the answer is 5, by the fault-scope
# rule (pf_answer_scope(), with the fact from pf_agent_conf_scope()).
#
# Every refused case runs in a PID and mount namespace of this test's,
# whose root filesystem is read-only: a bystander (a sleep working in "/",
# MAIL_CONFIG in its environment, as Postfix's delivery commands have it)
# is the only process there besides the agent, so an agent that got this
# wrong could kill nothing outside it, nor build a queue tree in "/".
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=conf_root_dirs A=127.0.162.3 P=2525 N=normroot
t_instance_create $N $A $P
ETC=$(t_etc $N)
mnt=$T_ROOT/$N/mnt
mkdir -p "$mnt"
ln -sfn / "$T_ROOT/$N/root-link"
cp "$ETC/main.cf" "$ETC/main.cf.good"
holder='' init=''
cleanup() {
	# the namespace's init: every process of the namespace ends with it
	[ -n "$init" ] && kill -KILL "$init" 2>/dev/null
	[ -n "$holder" ] && wait "$holder" 2>/dev/null
	cp "$ETC/main.cf.good" "$ETC/main.cf"
	t_instance_destroy $N
}
trap cleanup EXIT

# the namespace: PID 1 a sleep (its init, which its own processes cannot
# signal), PID 2 the bystander, a sleep whose working directory is "/"
# and whose environment names this instance's MAIL_CONFIG (an
# administrator's job started from a shell that exported it)
# shellcheck disable=SC2016 # $0: expanded by the namespace's shell
unshare --pid --fork --mount-proc /bin/sh -c \
	'cd / && MAIL_CONFIG="$0" sleep 3600 & exec sleep 3600' "$ETC" 2>/dev/null &
holder=$!
ns_ready() {
	local c
	c=$(cat "/proc/$holder/task/$holder/children" 2>/dev/null) || return 1
	init=${c%% *}
	[ -n "$init" ] && pidns=$(readlink "/proc/$init/ns/pid") || return 1
	[ "$(t_pids_by_link ns/pid "$pidns" | wc -l)" -ge 2 ]
}
pidns=''
t_wait_for 10 ns_ready
bystander=$(t_pids_by_link ns/pid "$pidns" | grep -vx "$init")
t_check $T "the bystander works in /" / "$(readlink "/proc/$bystander/cwd")"
nsenter -t "$init" -m mount -t tmpfs pfkit-norm "$mnt"
# and the root filesystem read-only there: an agent that ran "postfix
# check" or "postfix start" on queue_directory = / would otherwise build
# a queue tree at the root of this machine
nsenter -t "$init" -m mount -o remount,bind,ro /
# (read from the mount table: T_ROOT may be a filesystem of its own, as
# /tmp is in scripts/ci-trixie.sh's root, so a write there proves nothing)
t_check $T "the namespace's root filesystem is read-only" ro \
	"$(awk '$5 == "/" { o = $6 } END { split(o, f, ","); print f[1] }' "/proc/$init/mountinfo")"

real_agent=$AGENT
wrap=$T_ROOT/$N/agent-in-ns
cat >"$wrap" <<EOW
#!/bin/sh
exec nsenter -t $init -p -m -- "$AGENT" "\$@"
EOW
chmod 755 "$wrap"
AGENT=$wrap

# refused PARAM VALUE - every action with PARAM = VALUE in main.cf
refused() {
	local param=$1 value=$2 re
	cp "$ETC/main.cf.good" "$ETC/main.cf"
	postconf -c "$ETC" -e "$param = $value"
	re="^file $ETC/main.cf: parameter $param: \"$value\" is "
	t_agent $N validate-all OCF_CHECK_LEVEL=10
	t_check $T "$param = $value: validate-all" 6 "$T_RC"
	t_check_reason $T "$param = $value: validate-all's reason" "$re"
	t_start $N
	t_check $T "$param = $value: start" 6 "$T_RC"
	t_check_reason $T "$param = $value: start's reason" "$re"
	t_answers $T $N 6 6
	t_stop $N
	t_check $T "$param = $value: stop" 0 "$T_RC"
	t_check $T "$param = $value: the bystander in / lives" yes \
		"$(t_alive "$bystander" && echo yes)"
	t_agent $N validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_queue_mount_point="$mnt"
	t_check $T "$param = $value: node-local config_dir, queue_mount_point set: 5" 5 "$T_RC"
}

refused queue_directory /
refused queue_directory //tmp/..
refused queue_directory "$T_ROOT/$N/root-link"
refused queue_directory queue
refused daemon_directory /
refused daemon_directory sbin

# the same instance, its directories right, outside the namespace: it
# runs and stops
cp "$ETC/main.cf.good" "$ETC/main.cf"
AGENT=$real_agent
t_start $N
t_check $T "directories right: start" 0 "$T_RC"
t_stop $N
t_check $T "directories right: stop" 0 "$T_RC"
t_check $T "the bystander in / lives on" yes "$(t_alive "$bystander" && echo yes)"
