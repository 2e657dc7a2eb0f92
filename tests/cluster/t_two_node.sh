#!/bin/bash
# t_two_node.sh - failover of ocf:pfkit:postfix between two real cluster
# nodes on one machine (about 35 s; part of the default run, PFKIT_TWO_NODE=0
# skips it).
#
# Each node is its own corosync + pacemakerd in its own network and mount
# namespace (lib-cluster.sh); the nodes and a client namespace (.100) share
# a bridge on 198.51.100.0/24. A loop-device ext4 image is the shared disk
# holding the queue, mounted by ocf:heartbeat:Filesystem on one node at a
# time (a mount inside a node's mount namespace exists for that node only).
# The group is the one of crm-examples/active-standby.crm without the
# mailbox spool: fs_queue, ip_mail (IPaddr2), mta.
#
# Shown: failover on standby of the active node, then on a crash of the
# active node (corosync and pacemakerd killed by pid, then the rest of the
# node: the power cut that fencing would guarantee), each timed until mail
# is accepted on the virtual IP at the other node; the messages queued
# before (deferred and on hold) are all there after, each once, under the
# same queue ids (the disk keeps inode numbers).
#
# Fencing is disabled (stonith-enabled=false): there is no fence device
# between namespaces. Production needs fencing (README).
here=$(cd "$(dirname "$0")" && pwd)
C_ID=tn
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

T=two_node
RA=${PFKIT_CLUSTER_RA:-ocf:pfkit:postfix}
VIP=$C_LAN_NET.10
INST=tn1
NMSG=${PFKIT_TWO_NODE_MESSAGES:-12}
export T_ADDR_EXTERNAL=1

if [ "${PFKIT_TWO_NODE:-1}" = 0 ]; then
	echo "# $T: skipped (PFKIT_TWO_NODE=0)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v corosync >/dev/null || ! command -v losetup >/dev/null; then
	echo "# $T: skipped (needs root, corosync, pacemaker, losetup)"
	exit 0
fi

img=$T_ROOT/$T-disk.img
loopdev=
cleanup() {
	c_node_destroy 1
	c_node_destroy 2
	c_lan_destroy
	[ -n "$loopdev" ] && losetup -d "$loopdev"
	rm -f "$img"
	t_instance_destroy "$INST"
}
trap cleanup EXIT

# --- the two nodes and the shared disk --------------------------------------
c_lan_create || { t_fail "$T: client/bridge namespace"; exit 1; }
for n in 1 2; do
	c_node_create "$n" || { t_fail "$T: node $n namespaces"; exit 1; }
	c_lan_link "$n" "$C_LAN_NET.$n"
done
c_corosync_conf "$C_LAN_NET.1" "$C_LAN_NET.2"
for n in 1 2; do
	# no fence device exists between namespaces (see the header)
	c_cib_seed "$n" stonith-enabled=false dc-deadtime=5s
done

t_instance_create "$INST" "$VIP" 25
postconf -c "$(t_etc "$INST")" -e "mynetworks = 127.0.0.0/8 $C_LAN_NET.0/24"
truncate -s 64M "$img"
mkfs.ext4 -q -F "$img"
loopdev=$(losetup --find --show "$img") || { t_fail "$T: loop device"; exit 1; }
t_pass "$T: shared disk $loopdev (ext4 image), two nodes, bridge $C_LAN_NET.0/24"

t0=$(c_now)
c_node_start 1 & c_node_start 2 & wait
if t_wait_for 60 c_members 1 2 && t_wait_for 30 c_members 2 2; then
	t_pass "$T: both nodes online with quorum (two_node) after $(c_elapsed "$t0") s"
else
	t_fail "$T: both nodes online"
	c_exec 1 crm_mon -1
	exit 1
fi
c_exec 1 corosync-quorumtool -s | grep -E 'Flags|Quorate' | sed 's/^/  /'

c_exec 1 crm configure load update - <<EOC
primitive fs_queue Filesystem \\
	params device="$loopdev" directory="$(t_queue "$INST")" fstype=ext4 \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=10s timeout=40s
primitive ip_mail IPaddr2 \\
	params ip=$VIP cidr_netmask=24 nic=eth0 \\
	op monitor interval=5s timeout=20s
primitive mta $RA \\
	params config_dir="$(t_etc "$INST")" \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=5s timeout=20s
group g_mail fs_queue ip_mail mta \\
	meta resource-stickiness=100
location l_mail_home g_mail 50: node1
EOC
t_check "$T" "crm configure load update (group fs_queue ip_mail mta, home node1)" 0 $?

settle() { c_exec "$1" crm_resource --wait --timeout=120s >/dev/null 2>&1; }
mail_ok() { c_lan_exec swaks --server "$VIP" --port 25 --from "$1" \
	--to rcpt@pfkit.invalid --timeout 5 --silent 2 >/dev/null 2>&1; }
# mail_ok_at N SENDER - the VIP is on node N (so the old node has let it
# go) and a message sent to it is accepted
mail_ok_at() {
	c_exec "$1" ip -4 -o addr show dev eth0 | grep -q " $VIP/" && mail_ok "$2"
}
# where - the node the group runs on, according to node $1
where() {
	c_exec "$1" crm_resource --locate -r mta 2>/dev/null |
		sed -n 's/.*is running on: \(node[0-9]*\).*/\1/p'
}

t0=$(c_now)
settle 1
if [ "$(where 1)" = node1 ] && mail_ok probe@pfkit.invalid; then
	t_pass "$T: group started on node1 in $(c_elapsed "$t0") s; mail to $VIP accepted from the client"
else
	t_fail "$T: group started on node1 and mail accepted"
	c_exec 1 crm_mon -1r
	exit 1
fi
# the queue is mounted on node1 only
if c_exec 1 findmnt -n "$(t_queue "$INST")" >/dev/null && ! c_exec 2 findmnt -n "$(t_queue "$INST")" >/dev/null; then
	t_pass "$T: queue filesystem mounted on node1, not on node2"
else
	t_fail "$T: queue filesystem mounted on node1 only"
fi

# --- messages waiting in the queue --------------------------------------------
# queue_list N - "queue_name queue_id sender" of every message, seen from N
queue_list() {
	c_exec "$1" postqueue -c "$(t_etc "$INST")" -j 2>/dev/null |
		python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    print(m["queue_name"], m["queue_id"], m["sender"])' | sort -k3
}
sent=0
for i in $(seq 1 "$NMSG"); do
	mail_ok "msg$i@pfkit.invalid" && sent=$((sent + 1))
done
t_check "$T" "$NMSG messages accepted on $VIP" "$NMSG" "$sent"
# Wait until each was processed (deferred: nothing leaves this machine),
# then put the first third on hold.
all_deferred() { [ "$(queue_list 1 | grep -c ' msg[0-9]*@' )" -eq "$NMSG" ] &&
	! queue_list 1 | grep -qE '^(incoming|active) '; }
t_wait_for 60 all_deferred
for id in $(queue_list 1 | grep -E ' msg([0-9])@' | awk '{print $2}' | head -n $((NMSG / 3))); do
	c_exec 1 postsuper -c "$(t_etc "$INST")" -h "$id" >/dev/null 2>&1
done
# ... and the probe message of the start check
before=$(queue_list 1)
nhold=$(printf '%s\n' "$before" | grep -c '^hold ')
ndef=$(printf '%s\n' "$before" | grep -c '^deferred ')
echo "  queue before failover: $ndef deferred, $nhold on hold"
[ "$nhold" -gt 0 ] && [ "$ndef" -gt 0 ]
t_check "$T" "messages waiting: some deferred, some on hold" 0 $?

# queue_quiet N - no message in the incoming or active queue (node N)
queue_quiet() { ! queue_list "$1" | grep -qE '^(incoming|active) '; }

# queue_same N WHAT - the queue seen from node N is the one of before
queue_same() {
	local after dup
	# a message just accepted is deferred a moment later
	t_wait_for 60 queue_quiet "$1"
	after=$(queue_list "$1")
	dup=$(printf '%s\n' "$after" | awk '{print $3}' | sort | uniq -d)
	if [ "$after" = "$before" ] && [ -z "$dup" ]; then
		t_pass "$T: $2: all $(printf '%s\n' "$before" | wc -l) queued messages present on $(c_name "$1"), none duplicated, same queue ids and queues"
	else
		t_fail "$T: $2: queue on $(c_name "$1") differs (duplicates: ${dup:-none})"
		diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -10
	fi
}

# --- failover 1: standby of the active node -------------------------------------
t0=$(c_now)
c_exec 1 crm_standby -N node1 -v on
if t_wait_for 120 mail_ok_at 2 during-standby@pfkit.invalid; then
	t_pass "$T: standby node1: mail accepted on $VIP after $(c_elapsed "$t0") s"
else
	t_fail "$T: standby node1: mail accepted on $VIP within 120 s"
fi
settle 2
t_check "$T" "standby node1: group runs on node2" node2 "$(where 2)"
if c_exec 2 findmnt -n "$(t_queue "$INST")" >/dev/null && ! c_exec 1 findmnt -n "$(t_queue "$INST")" >/dev/null; then
	t_pass "$T: standby node1: queue filesystem moved to node2"
else
	t_fail "$T: standby node1: queue filesystem on node2 only"
fi
t_check "$T" "standby node1: no process of the instance left on node1" 0 \
	"$(for p in $(c_node_pids 1); do [ "$(readlink "/proc/$p/cwd")" = "$(t_queue "$INST")" ] && echo "$p"; done | wc -l)"
t_wait_for 60 queue_quiet 2
before=$(printf '%s\n%s\n' "$before" "$(queue_list 2 | grep ' during-standby@')" | grep -v '^$' | sort -k3)
queue_same 2 "after standby failover"
c_exec 1 crm_standby -N node1 -v off
settle 2
t_check "$T" "node1 back online: group stays on node2 (stickiness)" node2 "$(where 2)"

# --- failover 2: the active node crashes -------------------------------------------
t0=$(c_now)
c_node_crash 2
if t_wait_for 120 mail_ok_at 1 after-crash@pfkit.invalid; then
	t_pass "$T: crash of node2 (corosync, pacemakerd, all killed): mail accepted on $VIP at node1 after $(c_elapsed "$t0") s"
else
	t_fail "$T: crash of node2: mail accepted on $VIP within 120 s"
	c_exec 1 crm_mon -1r
fi
settle 1
t_check "$T" "after crash: group runs on node1" node1 "$(where 1)"
t_wait_for 60 queue_quiet 1
before=$(printf '%s\n%s\n' "$before" "$(queue_list 1 | grep ' after-crash@')" | grep -v '^$' | sort -k3)
queue_same 1 "after crash failover"
c_exec 1 crm_mon -1r | sed -n '/Node List/,$p' | sed 's/^/  /'

# --- orderly stop ---------------------------------------------------------------------
t0=$(c_now)
c_node_stop 1
left=$(c_node_pids 1 | wc -l)
t_check "$T" "node1 stopped ($(c_elapsed "$t0") s): processes left in it" 0 "$left"
