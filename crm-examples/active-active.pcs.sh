#!/bin/sh
# active-active.pcs.sh - the configuration of active-active.crm, with pcs:
# instance 1 (/etc/postfix, queue on disk mail1, 192.0.2.25) prefers node1,
# instance 2 (/etc/postfix2, queue on disk mail2, 192.0.2.26) prefers node2;
# each node is the other's backup. See active-active.crm for the Postfix
# side (alternate_config_directories, multi_instance_enable = no).
#
# Usage: sh active-active.pcs.sh [-f CIB_FILE]   (as active-standby.pcs.sh)
set -eu
cib=
[ "${1:-}" = -f ] && cib=${2:?usage: $0 [-f CIB_FILE]}
run_pcs() { if [ -n "$cib" ]; then pcs -f "$cib" "$@"; else pcs "$@"; fi; }

# Fencing: required in production.
run_pcs stonith create fence_node1 fence_ipmilan ip=192.0.2.101 \
	username=admin password=secret lanplus=1 pcmk_host_list=node1 \
	op monitor interval=60s timeout=20s
run_pcs stonith create fence_node2 fence_ipmilan ip=192.0.2.102 \
	username=admin password=secret lanplus=1 pcmk_host_list=node2 \
	op monitor interval=60s timeout=20s
run_pcs constraint location fence_node1 avoids node1
run_pcs constraint location fence_node2 avoids node2

for i in 1 2; do
	conf=/etc/postfix
	[ $i -eq 2 ] && conf=/etc/postfix2
	run_pcs resource create "fs_mail$i" ocf:heartbeat:Filesystem \
		device="/dev/disk/by-label/mail$i" directory="/srv/mail$i" fstype=ext4 \
		op start timeout=60s op stop timeout=60s \
		op monitor interval=20s timeout=40s --group "g_mail$i"
	run_pcs resource create "ip_mail$i" ocf:heartbeat:IPaddr2 \
		ip="192.0.2.$((24 + i))" cidr_netmask=24 \
		op monitor interval=10s timeout=20s --group "g_mail$i"
	# depth 0 every 30 s, depth 10 every 5 min (see active-standby.crm)
	run_pcs resource create "mta$i" ocf:pfkit:postfix config_dir="$conf" \
		queue_mount_point="/srv/mail$i" \
		op start timeout=60s op stop timeout=60s \
		monitor interval=30s timeout=20s \
		monitor interval=300s timeout=30s OCF_CHECK_LEVEL=10 \
		--group "g_mail$i"
	run_pcs constraint location "g_mail$i" prefers "node$i=100"
done
# Keep them apart if possible, together if need be (not -INFINITY).
run_pcs constraint colocation add g_mail2 with g_mail1 -50
