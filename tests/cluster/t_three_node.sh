#!/bin/bash
# t_three_node.sh - three Postfix instances active/active on three real
# cluster nodes, one of them a Pacemaker Remote node (PFKIT_THREE_NODE=0
# skips it; PFKIT_THREE_NODE_REMOTE=0 makes node3 a full corosync node).
#
# Nodes 1 and 2 run corosync + pacemakerd, node3 pacemaker-remoted (how
# Pacemaker grows past corosync's membership: the cluster reaches it by
# the ocf:pacemaker:remote resource node3, with a shared authkey, and its
# agents' CIB and attribute calls go through that connection); each node
# has its own network and mount namespaces (lib-cluster.sh) on the client's
# bridge. Instance i (1..3) has its own address (.1i, IPaddr2), queue disk
# (a loop-device ext4 image mounted by Filesystem: the queue directory is
# the mount point) and config directory; group g_mail<i> prefers node<i>,
# and the groups keep apart by colocations of -50 as
# crm-examples/active-active.crm does. Where resources run is read from
# crm_mon --output-as=xml (Pacemaker is the oracle), a restart from the
# call-id of mta<i>_last_0 in the CIB status.
#
# Shown: the three groups start, each on its node, and accept mail on
# their addresses; a switchover of g_mail2 (crm_resource --move to node1)
# moves it and leaves the two others untouched (same node, same master
# pid, same call-id: no restart); a crash of node1 (corosync and
# pacemakerd killed by pid, then the rest of the node: lib-cluster.sh's
# c_node_crash) moves the instances it ran. The connection to node3
# prefers node2 (when the crashed node held it, Pacemaker re-probes every
# resource of node3 once it runs elsewhere, before it starts anything
# there: 39 s instead of 27 s to failover in a run here, both throttled). During the switchover and the
# crash PFKIT_LOAD_CLIENTS (2) SMTP clients per instance send to its
# address (smtp_load.py): every message acknowledged is in the queue of
# the node that runs its instance afterwards, none twice; the messages
# committed but never acknowledged (SMTP's duplicate window) and the
# errors the clients saw are printed; for the planned switchover that
# count is asserted 0 (the agent's stop drains).
#
# Fencing is disabled (stonith-enabled=false): there is no fence device
# between namespaces. Production needs fencing (README).
here=$(cd "$(dirname "$0")" && pwd)
C_ID=th
PFKIT_LOAD_CLIENTS=${PFKIT_LOAD_CLIENTS:-2}
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

T=three_node
RA=${PFKIT_CLUSTER_RA:-ocf:pfkit:postfix}
REMOTE=${PFKIT_THREE_NODE_REMOTE:-1}
export T_ADDR_EXTERNAL=1	# IPaddr2 brings the addresses up, in the nodes

c_cluster_skip "$T" PFKIT_THREE_NODE && exit 0
if [ "$REMOTE" = 1 ] && [ ! -x "$C_REMOTED" ]; then
	t_skip "$T: node3 a Pacemaker Remote node" "no $C_REMOTED (scripts/install-deps.sh unpacks it from the package pacemaker-remote); node3 is a full node"
	REMOTE=0
fi
full=3 remote=0
[ "$REMOTE" = 1 ] && full=2 remote=1

loops=()
cleanup() {
	local i
	c_load_reap
	# nothing is asserted of an orderly stop here (two_node.sh does it):
	# the nodes go as in a crash, a minute sooner than through pacemakerd
	for i in 3 2 1; do c_node_crash "$i"; done
	c_cluster_down 3
	for i in "${!loops[@]}"; do
		losetup -d "${loops[i]}"
		rm -f "$T_ROOT/$T-disk$i.img"
	done
	for i in 1 2 3; do t_instance_destroy "th$i"; done
}
trap cleanup EXIT
tstart=$(c_now)

# --- three instances, each with its disk --------------------------------------
vip() { printf '%s.1%s\n' "$C_LAN_NET" "$1"; }
mnt() { printf '%s\n' "$T_ROOT/th$1/mnt"; }
for i in 1 2 3; do
	t_instance_create "th$i" "$(vip "$i")" 25
	postconf -c "$(t_etc "th$i")" -e "mynetworks = 127.0.0.0/8 $C_LAN_NET.0/24" \
		"queue_directory = $(mnt "$i")"
	rm -rf "$(t_queue "th$i")"
	mkdir -p "$(mnt "$i")"
	# 64 MB, as two_node's disk: on 32 MB the queue's filesystem is below
	# twice smtpd's queue_minfree and every monitor answers degraded; on
	# Pacemaker 3.0 a recurring monitor whose first answer is degraded
	# keeps its record pending, and each crm_resource --wait ran its 120 s
	truncate -s 64M "$T_ROOT/$T-disk$i.img"
	mkfs.ext4 -q -F "$T_ROOT/$T-disk$i.img"
	loops[i]=$(losetup --find --show "$T_ROOT/$T-disk$i.img") ||
		{ t_fail "$T: loop device $i"; exit 1; }
done

# --- the nodes ------------------------------------------------------------------
c_cluster_up "$T" "$full" "$remote" || exit 1
if [ "$remote" = 1 ]; then
	c_remote_key 1 2 3 || { t_fail "$T: Pacemaker Remote authkey"; exit 1; }
fi
t0=$(c_now)
for n in $(seq 1 "$full"); do c_node_start "$n" & done
[ "$remote" = 1 ] && c_remote_start 3
wait
if t_wait_for 60 c_members 1 "$full"; then
	t_pass "$T: $full corosync nodes online with quorum after $(c_elapsed "$t0") s"
else
	t_fail "$T: $full corosync nodes online"
	c_exec 1 crm_mon -1
	exit 1
fi

conf() {
	local i
	[ "$remote" = 1 ] && cat <<EOC
primitive node3 ocf:pacemaker:remote \\
	params server=$C_LAN_NET.3 \\
	op monitor interval=5s timeout=30s
location l_node3_conn node3 100: node2
EOC
	for i in 1 2 3; do
		cat <<EOC
primitive fs_mail$i Filesystem \\
	params device="${loops[i]}" directory="$(mnt "$i")" fstype=ext4 \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=60s timeout=40s
primitive ip_mail$i IPaddr2 \\
	params ip=$(vip "$i") cidr_netmask=24 nic=eth0 \\
	op monitor interval=60s timeout=20s
primitive mta$i $RA \\
	params config_dir="$(t_etc "th$i")" queue_mount_point="$(mnt "$i")" \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=10s timeout=20s
group g_mail$i fs_mail$i ip_mail$i mta$i \\
	meta resource-stickiness=100
location l_mail${i}_home g_mail$i 100: node$i
EOC
	done
	# Pacemaker throttles its actions when the machine's load is high
	# (load-threshold, 80 % by default): here that load is the other
	# nodes' and the other tests' on the same cores, never one node's own
	cat <<EOC
property load-threshold=10000%
colocation c_mail_apart_12 -50: g_mail2 g_mail1
colocation c_mail_apart_13 -50: g_mail3 g_mail1
colocation c_mail_apart_23 -50: g_mail3 g_mail2
EOC
}
conf | c_crm_load 1
t_check "$T" "crm configure load update (three groups, homes node1..3, apart by -50)" 0 $?

# on N RSC - the node RSC runs on, per node N's crm_mon
on() { c_placement "$1" | awk -v r="$2" '$1 == r { print $2 }'; }
# homes N - "g1 g2 g3": the node each mta runs on, per node N
homes() { printf '%s %s %s\n' "$(on "$1" mta1)" "$(on "$1" mta2)" "$(on "$1" mta3)"; }
mail_ok() { t_smtp_send "$(vip "$1")" 25 "$2" rcpt@pfkit.invalid 5 c_lan_exec; }
# mail_ok_at N I - instance I's address is up in node N (so the old node
# has let it go) and accepts a message
mail_ok_at() {
	c_exec "$1" ip -4 -o addr show dev eth0 | grep -q " $(vip "$2")/" &&
		mail_ok "$2" "probe$2@pfkit.invalid"
}
# master N I - the master pid of instance I, read in node N
master() { c_exec "$1" cat "$(mnt "$2")/pid/master.pid" 2>/dev/null | tr -d ' '; }
# callid N I NODE - call-id of mta<I>_last_0 on NODE (its last start or
# stop), per node N's CIB status
callid() { c_op_callid "$1" "mta$2" "mta$2_last_0" "" "$3"; }
# quiet N I - no message of instance I in the incoming or active queue
quiet() { c_queue_quiet "$1" "$(mnt "$2")"; }
# account ASK WHAT I TAG... - the loads TAG... of instance I against the
# queue of the node that runs it
account() {
	local ask=$1 what=$2 i=$3 node q=$T_ROOT/$T-queue$3.txt
	shift 3
	node=$(on "$ask" "mta$i")
	# a message just accepted is deferred a moment later
	t_wait_for 30 quiet "${node#node}" "$i"
	c_queue_list "${node#node}" "$(t_etc "th$i")" >"$q"
	c_load_check "$T" "$what, instance $i on $node" "$q" "$@"
	t_check "$T" "$what, instance $i: queue files on its disk = messages listed" "$(wc -l <"$q")" \
		"$(c_queue_files "${node#node}" "$(mnt "$i")")"
	c_exec "${node#node}" find "$(mnt "$i")/incoming" -type f ! -perm -u=x -printf '  # incomplete (a transaction cut): %P, %s bytes\n' 2>/dev/null
	echo "  # in flight: $what, instance $i: ${c_load_window:-?} committed but never acknowledged"
}

t0=$(c_now)
if [ "$remote" = 1 ]; then
	if t_wait_for 60 c_running_on 1 node3 node2; then
		t_pass "$T: remote node node3 (pacemaker-remoted) connected, its connection on node2"
	else
		t_fail "$T: remote node node3 connected"
	fi
fi
c_settle 1
got=$(homes 1)
if [ "$got" = "node1 node2 node3" ] && t_wait_for 30 mail_ok_at 1 1 &&
	t_wait_for 30 mail_ok_at 2 2 && t_wait_for 30 mail_ok_at 3 3; then
	t_pass "$T: the three groups started on node1, node2, node3 in $(c_elapsed "$t0") s; mail accepted on each address"
else
	t_fail "$T: the three groups on their nodes (got '$got') and accepting mail"
	c_exec 1 crm_mon -1r
	exit 1
fi
c_exec 1 crm_mon -1 | sed -n '/Node List/,/Full List/p' | sed 's/^/  /'

# --- switchover of one instance ----------------------------------------------------
m1=$(master 1 1) m3=$(master 3 3)
k1=$(callid 1 1 node1) k3=$(callid 1 3 node3)
c_load_start move2 "$(vip 2)"
# the instances that stay: a message every 0.2 s per client is enough to
# see them undisturbed
c_load_start move2-i1 "$(vip 1)" 0.2
c_load_start move2-i3 "$(vip 3)" 0.2
for t in move2 move2-i1 move2-i3; do
	c_load_flowing "$t" || t_fail "$T: load $t: the clients had mail accepted"
done
t0=$(c_now)
c_exec 1 crm_resource --move -r g_mail2 -N node1 >/dev/null 2>&1
if t_wait_for 120 mail_ok_at 1 2; then
	t_pass "$T: g_mail2 moved to node1: mail accepted on $(vip 2) after $(c_elapsed "$t0") s"
else
	t_fail "$T: g_mail2 moved to node1: mail accepted on $(vip 2) within 120 s"
fi
for t in move2 move2-i1 move2-i3; do c_load_stop "$t"; done
c_settle 1
t_check "$T" "switchover of g_mail2: mta1 mta2 mta3 run on node1 node1 node3 (Pacemaker's record)" "node1 node1 node3" "$(homes 1)"
t_check "$T" "switchover of g_mail2: mta1 untouched (master pid, call-id of its last start)" \
	"$m1 $k1" "$(master 1 1) $(callid 1 1 node1)"
t_check "$T" "switchover of g_mail2: mta3 untouched (master pid, call-id of its last start)" \
	"$m3 $k3" "$(master 3 3) $(callid 1 3 node3)"
account 1 "switchover of g_mail2 (planned)" 2 move2
# the agent's stop drains: every committed message was acknowledged
if [ "$C_LOAD_CLIENTS" -gt 0 ] && [ "$RA" = ocf:pfkit:postfix ]; then
	t_check "$T" "switchover of g_mail2 (planned): no message committed but unacknowledged (stop drains)" 0 "${c_load_window:-?}"
fi
account 1 "switchover of g_mail2 (untouched)" 1 move2-i1
account 1 "switchover of g_mail2 (untouched)" 3 move2-i3

# --- crash of node1, which runs two instances now -----------------------------------
m3=$(master 3 3)
c_load_start crash-i1 "$(vip 1)"
c_load_start crash-i2 "$(vip 2)"
c_load_start crash-i3 "$(vip 3)" 0.2	# the instance that stays
for i in 1 2 3; do c_load_flowing "crash-i$i" || t_fail "$T: the clients of instance $i had mail accepted"; done
t0=$(c_now)
c_node_crash 1
# mail_ok_any I - instance I's address accepts mail, wherever it runs
mail_ok_any() { mail_ok "$1" "after-crash$1@pfkit.invalid"; }
if t_wait_for 120 mail_ok_any 1 && t_wait_for 120 mail_ok_any 2; then
	t_pass "$T: crash of node1: mail accepted on $(vip 1) and $(vip 2) after $(c_elapsed "$t0") s"
else
	t_fail "$T: crash of node1: mail accepted on $(vip 1) and $(vip 2) within 120 s"
	c_exec 2 crm_mon -1r
fi
for i in 1 2 3; do c_load_stop "crash-i$i"; done
c_settle 2
got=$(homes 2)
case $got in
node[23]\ node[23]\ node3) t_pass "$T: crash of node1: mta1 mta2 mta3 run on $got (Pacemaker's record)" ;;
*) t_fail "$T: crash of node1: its instances moved to node2 and node3 (got '$got')" ;;
esac
account 2 "crash of node1" 1 move2-i1 crash-i1
account 2 "crash of node1" 2 move2 crash-i2
account 2 "crash of node1" 3 move2-i3 crash-i3
echo "  # mta3 on node3 after the crash: master $(master 3 3) (before: $m3)"
c_exec 2 crm_mon -1 | sed -n '/Node List/,$p' | sed 's/^/  /'
echo "  # timing: $T took $(c_elapsed "$tstart") s"
