#!/bin/bash
# lib-root.sh - enter a Debian root in namespaces of its own (sourced by
# scripts/ci-trixie.sh and scripts/ci-deb.sh, bash, as root).
#
# Functions:
#   ci_mounts ROOT          /proc, /sys, a minimal /dev, /run and /tmp inside
#                           ROOT (in a new mount namespace)
#   ci_loop_devices ROOT    the host's loop devices inside ROOT
#   ci_enter LOWER INNER    run shell text INNER in an overlay of LOWER, in
#                           new namespaces (globals: top, logs)

# ci_mounts ROOT - the inside of ROOT as a system needs it; run in the
# new mount namespace, after the pid (and network) namespace is entered
ci_mounts() {
	local r=$1 n
	mountpoint -q "$r" || mount --bind "$r" "$r"
	mount -t proc proc "$r/proc"
	mount -t sysfs sysfs "$r/sys"
	mount -t tmpfs -o mode=755,size=64m tmpfs "$r/dev"
	for n in null zero full random urandom tty; do
		touch "$r/dev/$n"
		mount --bind "/dev/$n" "$r/dev/$n"
	done
	mkdir -p "$r/dev/pts" "$r/dev/shm" "$r/dev/mqueue"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$r/dev/pts"
	ln -s pts/ptmx "$r/dev/ptmx"
	mount -t tmpfs -o mode=1777 tmpfs "$r/dev/shm"
	ln -s /proc/self/fd "$r/dev/fd"
	ln -s /proc/self/fd/0 "$r/dev/stdin"
	ln -s /proc/self/fd/1 "$r/dev/stdout"
	ln -s /proc/self/fd/2 "$r/dev/stderr"
	mount -t tmpfs -o mode=755 tmpfs "$r/run"
	mkdir -p "$r/run/lock"
	chmod 1777 "$r/run/lock"
	mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
	cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
}

# ci_loop_devices ROOT - loop devices for the two-node test's shared disk:
# the host's /dev/loop-control, and nodes for the indices it may hand out;
# and the host's /dev/fuse
ci_loop_devices() {
	local r=$1 i
	[ -e /dev/loop-control ] || modprobe loop 2>/dev/null || true
	[ -e /dev/loop-control ] || return 0
	touch "$r/dev/loop-control"
	mount --bind /dev/loop-control "$r/dev/loop-control"
	for i in $(seq 0 255); do
		mknod -m 660 "$r/dev/loop$i" b 7 "$i"
	done
	chgrp disk "$r"/dev/loop* 2>/dev/null || true
	# /dev/fuse: t_life_smtpd_dstate stalls a read with a FUSE file
	# server of its own (smtpd held in D state for real)
	[ -e /dev/fuse ] || modprobe fuse 2>/dev/null || true
	if [ -c /dev/fuse ]; then
		touch "$r/dev/fuse"
		mount --bind /dev/fuse "$r/dev/fuse"
	fi
}

# ci_enter LOWER INNER - run the shell text INNER in a root made of the
# directory LOWER seen through an overlay (upper layer: a tmpfs), inside
# new mount, pid, network, UTS and IPC namespaces: whatever INNER installs
# or writes there is gone with the namespaces, LOWER stays as it was, and
# runs may share it. The source tree $top is bound read-only at /src,
# $logs at /logs; /build is an empty tmpfs. Exit status: INNER's.
# shellcheck disable=SC2154 # top, logs: set by the script sourcing this
ci_enter() {
	local lower=$1 inner=$2
	# shellcheck disable=SC2016
	unshare --mount --pid --net --uts --ipc --fork --propagation private -- bash -c "
		$(declare -f ci_mounts ci_loop_devices)
		set -e
		mount -t tmpfs -o mode=755 tmpfs /mnt
		mkdir /mnt/upper /mnt/work /mnt/root
		mount -t overlay overlay \
			-o lowerdir='$lower',upperdir=/mnt/upper,workdir=/mnt/work /mnt/root
		r=/mnt/root
		ci_mounts \"\$r\"
		ci_loop_devices \"\$r\"
		mkdir -p \"\$r/src\" \"\$r/logs\" \"\$r/build\"
		mount -t tmpfs -o mode=755 tmpfs \"\$r/build\"
		mount --bind '$top' \"\$r/src\"
		mount -o remount,bind,ro \"\$r/src\"
		mount --bind '$logs' \"\$r/logs\"
		# no DNS server is reachable from the new network namespace: host
		# names come from /etc/hosts alone, so that an unknown name is
		# unknown at once (as on a networked host), not a resolver outage
		sed -i 's/^hosts:.*/hosts: files/' \"\$r/etc/nsswitch.conf\"
		# the root becomes the root of the mount namespace (pivot_root,
		# not chroot): nsenter -m and setns() reset a process's root to
		# its namespace's root, which a chroot would not survive
		mkdir -p \"\$r/.pfkit-oldroot\"
		cd \"\$r\"
		pivot_root . .pfkit-oldroot
		set +e
		exec chroot . /bin/bash -c 'umount -l /.pfkit-oldroot && rmdir /.pfkit-oldroot
$inner'
	"
}
