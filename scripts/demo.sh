#!/bin/bash
# demo.sh - pfkit in a real single-node Pacemaker cluster, on this machine,
# without touching its network or its cluster configuration.
#
# Usage (as root, after install-deps.sh, the build and "make install"):
#   scripts/demo.sh          start: corosync + pacemakerd in a network and
#                            mount namespace of their own (pfkit-demo-n1),
#                            a demo Postfix instance managed by
#                            ocf:pfkit:postfix behind an IPaddr2 address
#                            (198.51.100.25, inside that namespace only),
#                            its queue on a "shared disk" (a loop-device
#                            ext4 image) mounted by ocf:heartbeat:Filesystem,
#                            crm_mon -1, and a test message through it;
#                            exits non-zero, saying why, when any of it
#                            does not work
#
# The storage layout is the commercial Postfix kit's: the disk is mounted at
# MNT, the queue lives in MNT/postfix, and queue_directory is a symlink
# SPOOL/postfix -> MNT/postfix, which dangles while the disk is not mounted
# (as on a standby node).
#   scripts/demo.sh status   crm_mon -1 and the demo queue
#   scripts/demo.sh stop     stop everything (by pid) and remove it
#
# Everything lives under $PFKIT_DEMO_ROOT (default /tmp/pfkit-demo). Commands to
# look around while it runs are printed at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
export T_ROOT=${PFKIT_DEMO_ROOT:-/tmp/pfkit-demo}
export T_RESULTS=$T_ROOT/results
export T_ADDR_EXTERNAL=1
C_NS=pfkit-demo
C_ID=demo
# the installed agent (make install) if there is one, else the build's
INSTALLED=/usr/lib/ocf/resource.d/pfkit/postfix
if [ -x "$INSTALLED" ] && [ -z "${AGENT:-}" ]; then
	AGENT=$INSTALLED
	C_AGENT=""
fi
# shellcheck source-path=SCRIPTDIR source=../tests/integration/lib.sh
. "$top/tests/integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../tests/cluster/lib-cluster.sh
. "$top/tests/cluster/lib-cluster.sh"

VIP=$C_LAN_NET.25
INST=demo
RA=ocf:pfkit:postfix

say() { printf '\n== %s\n' "$*"; }
# die MSG - the demo does not run: say why, and how to clean up, exit 1
die() {
	printf '\ndemo.sh: the demo does NOT run: %s\n' "$*" >&2
	[ -e "$(c_dir 1)/holder.pid" ] && echo "scripts/demo.sh stop removes what it started" >&2
	exit 1
}

# in_node CMD... - show and run CMD inside the demo node
in_node() {
	printf '# %s\n' "$*"
	c_exec 1 "$@"
}

demo_stop() {
	say "stopping the demo cluster (pacemakerd stops the resources first)"
	c_node_destroy 1
	[ -s "$T_ROOT/loopdev" ] && losetup -d "$(cat "$T_ROOT/loopdev")" 2>/dev/null
	t_default_main_cf_del "$(t_etc "$INST")" multi_instance_directories
	t_instance_destroy "$INST"
	if [ -e "$T_ROOT/postfix.service-was-enabled" ]; then
		systemctl enable postfix.service >/dev/null 2>&1 &&
			echo "postfix.service enabled again, as it was before the demo"
	fi
	rm -rf "$T_ROOT"
	echo "demo removed: no process, namespace or file of it is left"
}

demo_queue() {
	say "the demo instance's queue (nothing leaves this machine: mail stays deferred)"
	in_node postqueue -c "$(t_etc "$INST")" -p
}

demo_status() {
	in_node crm_mon -1r
	demo_queue
}

demo_start() {
	[ "$(id -u)" -eq 0 ] || die "run as root"
	for c in corosync pacemakerd crm pcs swaks postfix losetup mkfs.ext4 systemctl; do
		command -v "$c" >/dev/null || die "$c not installed: run scripts/install-deps.sh"
	done
	[ -x "$AGENT" ] || die "agent $AGENT not found: build (make) or install (make install) first"
	if [ -e "$(c_dir 1)/holder.pid" ]; then
		echo "the demo already runs; 'scripts/demo.sh stop' removes it"
		demo_status
		return 0
	fi
	say "agent: $AGENT"

	say "a node: network + mount namespace $C_NS-n1, corosync (knet) on 127.0.0.1"
	c_node_create 1 || die "cannot create the node's namespaces"
	c_dummy 1 "$C_LAN_NET.1"
	c_corosync_conf 127.0.0.1
	# A single node has no peer to fence it and the demo no fence device;
	# a production cluster must have fencing (see README).
	c_cib_seed 1 stonith-enabled=false dc-deadtime=2s
	t_instance_create "$INST" "$VIP" 25
	postconf -c "$(t_etc "$INST")" -e "mynetworks = 127.0.0.0/8 $C_LAN_NET.0/24" \
		"myhostname = mail.demo.pfkit.invalid" "multi_instance_name = pfkit-demo"
	# a postmulti instance, as "postmulti -e create" makes one: systemd's
	# postfix.service would start it at boot (Debian's generator)
	t_default_main_cf_add "$(t_etc "$INST")" multi_instance_directories

	say "a cluster node never starts Postfix at boot: systemd must not"
	if [ "$(systemctl is-enabled postfix.service 2>/dev/null)" = enabled ]; then
		systemctl disable postfix.service 2>&1 | sed 's/^/  /'
		touch "$T_ROOT/postfix.service-was-enabled"
		echo "postfix.service disabled (demo.sh stop enables it again)"
	else
		echo "postfix.service is not enabled"
	fi

	say "the shared disk: an ext4 image on a loop device, the kit's layout"
	mnt=$T_ROOT/$INST/mnt
	spool=$T_ROOT/$INST/spool
	truncate -s 64M "$T_ROOT/disk.img"
	mkfs.ext4 -q -F "$T_ROOT/disk.img" || die "mkfs.ext4 failed"
	loopdev=$(losetup --find --show "$T_ROOT/disk.img") || die "no loop device"
	echo "$loopdev" >"$T_ROOT/loopdev"
	rm -rf "$(t_queue "$INST")"
	mkdir -p "$mnt" "$spool"
	if ! { mount "$loopdev" "$mnt" && mkdir -p "$mnt/postfix" && umount "$mnt"; }; then
		die "cannot prepare $loopdev"
	fi
	ln -s "$mnt/postfix" "$spool/postfix"
	postconf -c "$(t_etc "$INST")" -e "queue_directory = $spool/postfix"
	echo "disk $loopdev, mounted by Filesystem at $mnt"
	echo "queue_directory = $spool/postfix -> $mnt/postfix (dangling until mounted)"
	t0=$(c_now)
	c_node_start 1 || die "corosync did not start (see $(c_dir 1)/corosync.log)"
	c_wait_online 1 60 || die "pacemaker did not come up (see $(c_dir 1)/fs/var/log/pacemaker)"
	echo "cluster up in $(c_elapsed "$t0") s"

	say "the agent's meta-data and validate-all, through Pacemaker's tools"
	in_node crm_resource --show-metadata "$RA" | sed -n '/<shortdesc/{p;q}'
	in_node crm_resource --show-metadata "$RA" |
		sed -n 's/.*<parameter name="\([^"]*\)".*/  parameter \1/p'
	in_node crm_resource --validate --class ocf --provider pfkit --agent postfix \
		--option config_dir="$(t_etc "$INST")"

	say "resources: group mail = Filesystem $mnt + IPaddr2 $VIP + $RA (demo instance $(t_etc "$INST"))"
	c_crm_load 1 <<EOC || die "crm configure load update failed"
primitive fs_queue Filesystem \\
	params device="$loopdev" directory="$mnt" fstype=ext4 \\
	op start timeout=60s interval=0 op stop timeout=60s interval=0 \\
	op monitor interval=20s timeout=40s
primitive ip_mail IPaddr2 \\
	params ip=$VIP cidr_netmask=24 nic=dummy0 \\
	op monitor interval=10s timeout=20s
primitive mta $RA \\
	params config_dir="$(t_etc "$INST")" queue_mount_point="$mnt" \\
	op start timeout=60s interval=0 op stop timeout=60s interval=0 \\
	op monitor interval=10s timeout=20s \\
	op monitor interval=300s timeout=30s OCF_CHECK_LEVEL=10
group mail fs_queue ip_mail mta
EOC
	in_node crm configure show mail
	c_exec 1 crm_resource --wait --timeout=120s
	in_node crm_mon -1r
	c_running_on 1 mta node1 || die "the group did not start: see crm_mon above and $(c_dir 1)/fs/var/log/pacemaker"

	say "a test message to the cluster address $VIP:25"
	if out=$(in_node swaks --server "$VIP" --port 25 --from demo@pfkit.invalid \
		--to postmaster@pfkit.invalid --header "Subject: pfkit demo" --timeout 10); then
		printf '%s\n' "$out" | grep -E '^(# |<- +250 .*queued|<- +220 )'
		echo "accepted."
	else
		printf '%s\n' "$out" | tail -n 5
		die "the test message was NOT accepted: see $T_ROOT/$INST/maillog and crm_mon"
	fi
	demo_queue
	local h
	c_holder_to h 1 || die "node 1 has no namespace holder: see $(c_dir 1)"
	cat <<EOM

The demo runs. Look around with, for example:
  nsenter -t $h -m -n crm_mon -1r
  nsenter -t $h -m -n crm_resource --force-check -r mta
  nsenter -t $h -m cat $spool/postfix/pid/master.pid   # then kill that pid: Pacemaker restarts it

Trouble ahead, not yet an outage: the monitor answers 190 ("degraded"),
Pacemaker keeps Postfix running and shows why. Make any of these, then
look at crm_mon's failed actions within 10 s:
  nsenter -t $h -m dd if=/dev/zero of=$mnt/filler bs=1M count=30   # the queue disk short of space
  postconf -c $(t_etc "$INST") -e 'smtpd_banner = \$myhostname ESMTP edited'   # main.cf changed, not reloaded
  systemctl enable postfix.service   # would start the demo instance at boot, outside the cluster
Then: nsenter -t $h -m -n crm_mon -1rf. Put right (rm the filler, postfix -c
$(t_etc "$INST") reload, systemctl disable postfix.service), then
nsenter -t $h -m -n crm_resource --cleanup -r mta clears the entry.
Stop and remove everything:  scripts/demo.sh stop
EOM
}

case ${1:-start} in
start) demo_start ;;
stop) demo_stop ;;
status) demo_status ;;
*) die "usage: demo.sh [start|status|stop]" ;;
esac
