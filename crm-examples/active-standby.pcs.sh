#!/bin/sh
# active-standby.pcs.sh - the configuration of active-standby.crm, with pcs:
# one Postfix instance on one node at a time, queue and mailbox spool each
# on a shared disk, service address 192.0.2.25. See active-standby.crm for
# why each piece is there.
#
# Usage: sh active-standby.pcs.sh             apply to the running cluster
#        sh active-standby.pcs.sh -f FILE     write into a CIB file instead;
#        to apply it in one step later:
#          pcs cluster cib FILE && sh active-standby.pcs.sh -f FILE &&
#          pcs cluster cib-push FILE --config
set -eu
cib=
[ "${1:-}" = -f ] && cib=${2:?usage: $0 [-f CIB_FILE]}
run_pcs() { if [ -n "$cib" ]; then pcs -f "$cib" "$@"; else pcs "$@"; fi; }

# Fencing: required in production (a silent node may still have the queue
# mounted). Replace with your own devices.
run_pcs stonith create fence_node1 fence_ipmilan ip=192.0.2.101 \
	username=admin password=secret lanplus=1 pcmk_host_list=node1 \
	op monitor interval=60s timeout=20s
run_pcs stonith create fence_node2 fence_ipmilan ip=192.0.2.102 \
	username=admin password=secret lanplus=1 pcmk_host_list=node2 \
	op monitor interval=60s timeout=20s
run_pcs constraint location fence_node1 avoids node1
run_pcs constraint location fence_node2 avoids node2

# The queue, then the mailbox spool on its own disk, then the address, then
# Postfix: the group's order; it stops in reverse.
run_pcs resource create fs_queue ocf:heartbeat:Filesystem \
	device=/dev/disk/by-label/mailqueue directory=/var/spool/postfix fstype=ext4 \
	op start timeout=60s op stop timeout=60s op monitor interval=20s timeout=40s \
	--group g_mail
run_pcs resource create fs_spool ocf:heartbeat:Filesystem \
	device=/dev/disk/by-label/mailspool directory=/var/mail fstype=ext4 \
	op start timeout=60s op stop timeout=60s op monitor interval=20s timeout=40s \
	--group g_mail
run_pcs resource create ip_mail ocf:heartbeat:IPaddr2 \
	ip=192.0.2.25 cidr_netmask=24 op monitor interval=10s timeout=20s \
	--group g_mail
# Depth 0 every 30 s: lock + 220 greeting on every listener, no process
# spawned; depth 10 every 5 min: ownership of queue and data directories.
run_pcs resource create mta ocf:pfkit:postfix config_dir=/etc/postfix \
	queue_mount_point=/var/spool/postfix \
	op start timeout=60s op stop timeout=60s \
	monitor interval=30s timeout=20s \
	monitor interval=300s timeout=30s OCF_CHECK_LEVEL=10 \
	--group g_mail
run_pcs resource meta g_mail resource-stickiness=100
run_pcs constraint location g_mail prefers node1=50
# keep the group off a node the agent marked: its postfix uid or postdrop
# gid differs from the owners of the shared queue (README.md)
run_pcs constraint location g_mail rule score=-INFINITY defined pfkit-mta-ids-mismatch
