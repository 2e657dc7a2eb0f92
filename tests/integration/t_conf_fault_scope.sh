#!/bin/bash
# t_conf_fault_scope.sh - a configuration error is the whole cluster's (6)
# only when the configuration directory is on the queue's shared
# filesystem; in a node-local configuration directory it may be this
# node's alone (mail_owner uid 0 in this node's passwd...): 5, so that
# Pacemaker tries another node. The queue is on a tmpfs the test mounts,
# standing in for the shared disk.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=conf_fault_scope N=cscope A=127.0.133.1 P=2525
t_instance_create $N $A $P
shared=$T_ROOT/$N/shared
cleanup() {
	findmnt -n "$shared" >/dev/null && umount "$shared"
	t_default_main_cf_del "$shared/etc"
	t_instance_destroy $N
}
trap cleanup EXIT
mkdir -p "$shared"
mount -t tmpfs -o size=16m pfkit-scope "$shared" || { t_fail "$T: tmpfs for the queue"; exit 1; }
mkdir -p "$shared/queue"
# t_instance_pids looks in $T_ROOT/NAME/queue
rm -rf "$(t_queue $N)"
ln -s "$shared/queue" "$(t_queue $N)"
etc=$(t_etc $N)
postconf -c "$etc" -e "queue_directory = $shared/queue" 'mail_owner = root'

# node-local configuration (the test's own directory, not on the tmpfs)
t_agent $N validate-all OCF_CHECK_LEVEL=10 HA_debug=1
t_check $T "node-local config, mail_owner root: validate-all" 5 "$T_RC"
t_check_reason $T "the reason names mail_owner" "mail_owner"
t_check $T "node-local config: the log says why not 6" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c "not on the queue's shared filesystem" || true)"
t_answers $T $N 5 5
t_start $N
t_check $T "node-local config: start refused on this node" 5 "$T_RC"
t_check $T "node-local config: nothing runs" "" "$(t_instance_pids $N)"

# the same configuration on the shared filesystem: every node reads it
cp -a "$etc" "$shared/etc"
t_default_main_cf_add "$shared/etc"
t_agent $N validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_config_dir="$shared/etc"
t_check $T "shared config, mail_owner root: validate-all" 6 "$T_RC"
t_answers $T $N 6 6 OCF_RESKEY_config_dir="$shared/etc"
t_start $N OCF_RESKEY_config_dir="$shared/etc"
t_check $T "shared config: start refused everywhere" 6 "$T_RC"

# repaired: it runs, and stop leaves nothing on the tmpfs
postconf -c "$shared/etc" -e 'mail_owner = postfix'
t_start $N OCF_RESKEY_config_dir="$shared/etc"
t_check $T "shared config repaired: start" 0 "$T_RC"
t_stop $N OCF_RESKEY_config_dir="$shared/etc"
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
