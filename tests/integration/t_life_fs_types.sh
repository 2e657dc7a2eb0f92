#!/bin/bash
# t_life_fs_types.sh - the queue on ext4, xfs and btrfs (loop-device
# images made here): start finds the master's lock on each, monitor
# answers 0, stop leaves nothing. On btrfs the device numbers of
# /proc/locks and of stat() differ; the lock must still be found.
# A filesystem this kernel or this machine cannot make is skipped, saying so.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_fs_types P=2525
DEVS=()
MNTS=()
cleanup() {
	local m d
	for fs in ext4 xfs btrfs; do t_instance_destroy "lfs$fs"; done
	for m in "${MNTS[@]}"; do umount "$m" 2>/dev/null; rmdir "$m" 2>/dev/null; done
	for d in "${DEVS[@]}"; do losetup -d "$d" 2>/dev/null; done
	rm -f "$T_ROOT"/pf13b-fs-*.img
}
trap cleanup EXIT

n=1
for fs in ext4 xfs btrfs; do
	name=lfs$fs addr=127.0.132.$n
	n=$((n + 1))
	if ! grep -qw "$fs" /proc/filesystems; then
		t_skip "$T" "$fs: not supported by this kernel (/proc/filesystems)"
		continue
	fi
	if ! command -v "mkfs.$fs" >/dev/null; then
		t_skip "$T" "$fs: mkfs.$fs not installed (scripts/install-deps.sh)"
		continue
	fi
	img=$T_ROOT/pf13b-fs-$fs.img mnt=$T_ROOT/pf13b-mnt-$fs
	rm -f "$img"
	truncate -s 320M "$img"
	if ! dev=$(losetup -f --show "$img"); then
		t_skip "$T" "$fs: no loop device available"
		continue
	fi
	DEVS+=("$dev")
	mkdir -p "$mnt"
	if ! "mkfs.$fs" -q "$dev" >/dev/null 2>&1 && ! "mkfs.$fs" "$dev" >/dev/null 2>&1; then
		t_fail "$T: $fs: mkfs.$fs failed"
		continue
	fi
	if ! mount -t "$fs" "$dev" "$mnt"; then
		t_skip "$T" "$fs: cannot mount (kernel refused)"
		continue
	fi
	MNTS+=("$mnt")
	mkdir "$mnt/postfix"
	t_instance_create "$name" "$addr" $P
	postconf -c "$(t_etc "$name")" -e "queue_directory = $mnt/postfix"

	t_start "$name" OCF_RESKEY_queue_mount_point="$mnt"
	t_check $T "$fs: start" 0 "$T_RC"
	[ "$T_RC" = 0 ] || printf '  reason: %s\n' "$(t_reason)"
	t_answers $T "$name" 0 0 OCF_RESKEY_queue_mount_point="$mnt"
	t_check $T "$fs: ground truth: mail accepted" accepted "$(t_smtp_result "$addr" $P)"
	t_stop_gone $T "$name" "$fs: " OCF_RESKEY_queue_mount_point="$mnt"
	t_instance_destroy "$name"
	umount "$mnt"
	t_check $T "$fs: queue filesystem unmounts after stop" 0 $?
done
