#!/bin/bash
# t_life_queue_mount.sh - queue_mount_point names the shared filesystem's
# mount point and the queue directory is that mount point. Unmounted (an
# empty local directory): validate-all and start answer 5 and build no
# local queue there, a probe 7, a recurring monitor 5; never 6. Once an
# ext4 image is mounted there: start 0, monitor 0, stop 0. A master that
# runs on the local directory is seen too: probe 1, monitor 5.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_queue_mount N=lqmount A=127.0.132.10 P=2525
MNT=$T_ROOT/pf13b-qmount IMG=$T_ROOT/pf13b-qmount.img DEV='' SPOOL=''
cleanup() {
	t_instance_destroy $N
	umount "$MNT" 2>/dev/null
	[ -n "$DEV" ] && losetup -d "$DEV"
	rm -rf "$MNT" "$IMG"
	[ -n "$SPOOL" ] && rm -rf "$SPOOL"
}
trap cleanup EXIT
t_instance_create $N $A $P
mkdir -p "$MNT"
postconf -c "$(t_etc $N)" -e "queue_directory = $MNT"
QM=OCF_RESKEY_queue_mount_point=$MNT

t_agent $N validate-all OCF_CHECK_LEVEL=10 "$QM" HA_debug=1
t_check $T "unmounted: validate-all answers 5" 5 "$T_RC"
t_check_reason $T "reason names the mount point" "queue_mount_point $MNT: not mounted"
# its report goes on, but never runs postfix check (which would build one)
t_check $T "unmounted: validate-all builds no local queue" "" "$(ls -A "$MNT")"
t_check $T "unmounted: validate-all says postfix check did not run" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c '^SKIPPED: postfix check: not run')"
t_start $N "$QM"
t_check $T "unmounted: start answers 5" 5 "$T_RC"
t_check $T "unmounted: no local queue built" "" "$(ls -A "$MNT")"
t_check $T "unmounted: nothing runs" "" "$(t_instance_pids $N)"
t_answers $T $N 7 5 "$QM"

# a master already running on the local directory (started by hand)
t_postfix $N start >/dev/null 2>&1
t_answers $T $N 1 5 "$QM"
t_stop $N "$QM"
t_check $T "stop of the local master" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
find "$MNT" -mindepth 1 -delete

truncate -s 64M "$IMG"
DEV=$(losetup -f --show "$IMG") || { t_fail "$T: loop device"; exit 1; }
mkfs.ext4 -q "$DEV" || { t_fail "$T: mkfs.ext4 of $DEV"; exit 1; }
mount "$DEV" "$MNT" || { t_fail "$T: mount $DEV on $MNT"; exit 1; }
# local(8) delivers to mail_spool_directory on this node's root filesystem
# while the queue is on the shared one: a warning, not a refusal. The spool
# must really be on the root filesystem: T_ROOT may be on a tmpfs (a /tmp
# of its own, as in the Debian 13 root), so a directory on "/" is made.
for d in /var/tmp /var/lib /srv /opt; do
	[ "$(findmnt -n -o TARGET --target "$d" 2>/dev/null)" = / ] || continue
	SPOOL=$(mktemp -d "$d/pfkit-$N-spool.XXXXXX") && break
done
[ -n "$SPOOL" ] || t_fail "$T: no directory on the root filesystem for the spool"
postconf -c "$(t_etc $N)" -e "mail_spool_directory = $SPOOL"
t_agent $N validate-all OCF_CHECK_LEVEL=10 "$QM" HA_debug=1
t_check $T "mounted: validate-all" 0 "$T_RC"
# one line of the report (the log, on stderr with HA_debug=1, says it too)
t_check $T "mounted: warns of the node-local mailbox spool" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c "^WARNING: mail_spool_directory $SPOOL: on this node's root filesystem")"
postconf -c "$(t_etc $N)" -e "home_mailbox = Maildir/"
t_agent $N validate-all OCF_CHECK_LEVEL=10 "$QM" HA_debug=1
t_check $T "no warning when local(8) does not use the spool" 0 \
	"$(printf '%s\n' "$T_ERR" | grep -c "mail_spool_directory")"
t_start $N "$QM"
t_check $T "mounted: start" 0 "$T_RC"
t_answers $T $N 0 0 "$QM"
t_check $T "mounted: ground truth: mail accepted" accepted "$(t_smtp_result $A $P)"
t_stop $N "$QM"
t_check $T "mounted: stop" 0 "$T_RC"
t_check $T "mounted: nothing left" "" "$(t_instance_pids $N)"
