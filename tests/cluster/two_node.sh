#!/bin/bash
# two_node.sh - failover of ocf:pfkit:postfix between two real cluster
# nodes on one machine, in one storage layout (sourced by the
# t_two_node_<layout>.sh scripts, which set LAYOUT; about 90 s each;
# PFKIT_TWO_NODE=0 skips them).
#
# Each node is its own corosync + pacemakerd in its own network and mount
# namespace (lib-cluster.sh); the nodes and a client namespace (.100) share
# a bridge on 198.51.100.0/24. A loop-device ext4 image is the shared disk,
# mounted by ocf:heartbeat:Filesystem on one node at a time (a mount inside
# a node's mount namespace exists for that node only). The group is the
# one of crm-examples/active-standby.crm without the mailbox spool:
# fs_queue, ip_mail (IPaddr2), mta. The layouts:
#   a  the queue directory is the mount point
#   b  the queue directory is below the mount point (MNT/postfix)
#   c  the kit's: queue_directory is a symlink into the mounted disk
#      (SPOOL/postfix -> MNT/postfix), dangling on the node without it
#   d  the configuration on the shared disk too (MNT/postfix-etc), queue
#      below the mount point; a, b and c keep it node-local: each node has
#      its own copy, bound over the config path inside the node
#
# Shown, in each layout: the group starts on a fresh cluster; a probe on
# the node without the disk answers 7 (Pacemaker's record); failover on
# standby of the active node, on a resource failure (the master killed,
# migration-threshold=1) and on a crash of the active node (corosync and
# pacemakerd killed by pid, then the rest of the node: the power cut that
# fencing would guarantee), each timed until mail is accepted on the
# virtual IP at the other node; the messages queued before (deferred and
# on hold) are all there after, each once, under the same queue ids (the
# disk keeps inode numbers), and the queue holds as many files as messages.
#
# Fencing is disabled (stonith-enabled=false): there is no fence device
# between namespaces. Production needs fencing (README).
here=$(cd "$(dirname "$0")" && pwd)
C_ID=tn$LAYOUT
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

T=two_node_$LAYOUT
RA=${PFKIT_CLUSTER_RA:-ocf:pfkit:postfix}
VIP=$C_LAN_NET.10
INST=tn$LAYOUT
NMSG=${PFKIT_TWO_NODE_MESSAGES:-12}
export T_ADDR_EXTERNAL=1

c_two_node_skip "$T" && exit 0

img=$T_ROOT/$T-disk.img
loopdev=
cleanup() {
	c_two_node_down "${mnt:-}" "$loopdev" "$img"
	[ "$LAYOUT" = d ] && t_default_main_cf_del "$mnt/postfix-etc"
	t_instance_destroy "$INST"
}
trap cleanup EXIT

# --- the two nodes and the shared disk --------------------------------------
c_two_node_up "$T" || exit 1

t_instance_create "$INST" "$VIP" 25
etc=$(t_etc "$INST")
mnt=$T_ROOT/$INST/mnt		# the shared disk's mount point
postconf -c "$etc" -e "mynetworks = 127.0.0.0/8 $C_LAN_NET.0/24"
truncate -s 64M "$img"
mkfs.ext4 -q -F "$img"
loopdev=$(losetup --find --show "$img") || { t_fail "$T: loop device"; exit 1; }
rm -rf "$(t_queue "$INST")"
mkdir -p "$mnt"
# what the disk holds, written through a mount of the host's own
mount "$loopdev" "$mnt" || { t_fail "$T: mount the disk"; exit 1; }
case $LAYOUT in
a)	queue=$mnt qreal=$mnt ;;
b | d)	queue=$mnt/postfix qreal=$mnt/postfix ;;
c)	queue=$T_ROOT/$INST/spool/postfix qreal=$mnt/postfix
	mkdir -p "$(dirname "$queue")"
	ln -s "$mnt/postfix" "$queue" ;;
esac
[ "$LAYOUT" = a ] || mkdir -p "$mnt/postfix"
postconf -c "$etc" -e "queue_directory = $queue"
if [ "$LAYOUT" = d ]; then
	t_default_main_cf_del "$etc"
	cp -a "$etc" "$mnt/postfix-etc"
	rm -rf "$etc"
	etc=$mnt/postfix-etc
	t_default_main_cf_add "$etc"
fi
umount "$mnt"
t_pass "$T: shared disk $loopdev (ext4 image), layout $LAYOUT: queue_directory $queue, config $etc"

if [ "$LAYOUT" != d ]; then
	# node-local configuration: each node its own copy, bound over $etc
	for n in 1 2; do
		cp -a "$etc" "$T_ROOT/$INST/etc-node$n"
		c_node_bind "$n" "$T_ROOT/$INST/etc-node$n" "$etc"
	done
	echo "# $n" >>"$T_ROOT/$INST/etc-node2/main.cf"
	if [ "$(c_exec 1 tail -n 1 "$etc/main.cf")" != "$(c_exec 2 tail -n 1 "$etc/main.cf")" ]; then
		t_pass "$T: configuration node-local: each node reads its own copy of $etc"
	else
		t_fail "$T: configuration node-local"
	fi
fi

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
	params device="$loopdev" directory="$mnt" fstype=ext4 \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=10s timeout=40s
primitive ip_mail IPaddr2 \\
	params ip=$VIP cidr_netmask=24 nic=eth0 \\
	op monitor interval=5s timeout=20s
primitive mta $RA \\
	params config_dir="$etc" queue_mount_point="$mnt" \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=5s timeout=20s
group g_mail fs_queue ip_mail mta \\
	meta resource-stickiness=100 migration-threshold=1
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
if c_exec 1 findmnt -n "$mnt" >/dev/null && ! c_exec 2 findmnt -n "$mnt" >/dev/null; then
	t_pass "$T: queue filesystem mounted on node1, not on node2"
else
	t_fail "$T: queue filesystem mounted on node1 only"
fi

# --- messages waiting in the queue --------------------------------------------
# queue_list N - "queue_name queue_id sender" of every message, seen from N
queue_list() {
	c_exec "$1" postqueue -c "$etc" -j 2>/dev/null |
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
	c_exec 1 postsuper -c "$etc" -h "$id" >/dev/null 2>&1
done
# ... and the probe message of the start check
before=$(queue_list 1)
nhold=$(printf '%s\n' "$before" | grep -c '^hold ')
ndef=$(printf '%s\n' "$before" | grep -c '^deferred ')
echo "  queue before failover: $ndef deferred, $nhold on hold"
waiting=no
[ "$nhold" -gt 0 ] && [ "$ndef" -gt 0 ] && waiting=yes
t_check "$T" "messages waiting: some deferred, some on hold" yes "$waiting"

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

# queue_files N - the number of queue files (messages) on node N's disk
queue_files() {
	c_exec "$1" find "$qreal/incoming" "$qreal/active" "$qreal/deferred" \
		"$qreal/hold" "$qreal/maildrop" -type f 2>/dev/null | wc -l
}
# instance_left N - processes on node N whose cwd is the queue
instance_left() {
	local p
	for p in $(c_node_pids "$1"); do
		[ "$(readlink "/proc/$p/cwd")" = "$qreal" ] && echo "$p"
	done | wc -l
}
# disk_only_on N - the disk is mounted on node N, not on the other
disk_only_on() { c_exec "$1" findmnt -n "$mnt" >/dev/null && ! c_exec "$((3 - $1))" findmnt -n "$mnt" >/dev/null; }
# probe_without_disk ASK NODE - a real probe on NODE, which has not the
# disk, answers 7 (never 5, 6 or 1) in Pacemaker's record
probe_without_disk() {
	local got
	got=$(c_probe "$1" mta "$2")
	t_check "$T" "probe of mta on $2 (no disk there) answers 7 (Pacemaker's record: ${got:-none})" 7 "${got%% *}"
}
# after_failover WHAT N SENDER - mail accepted at N, the disk there only,
# nothing left on the other node, the queue as before plus SENDER's message
after_failover() {
	local what=$1 n=$2 sender=$3
	settle "$n"
	t_check "$T" "$what: group runs on node$n" "node$n" "$(where "$n")"
	if disk_only_on "$n"; then t_pass "$T: $what: queue filesystem on node$n only"; else
		t_fail "$T: $what: queue filesystem on node$n only"
	fi
	t_wait_for 60 queue_quiet "$n"
	before=$(printf '%s\n%s\n' "$before" "$(queue_list "$n" | grep " $sender@")" | grep -v '^$' | sort -k3)
	queue_same "$n" "$what"
	t_check "$T" "$what: queue files on the disk = messages" \
		"$(printf '%s\n' "$before" | wc -l)" "$(queue_files "$n")"
}

probe_without_disk 1 node2
t_check "$T" "queue files on the disk = messages before failover" \
	"$(printf '%s\n' "$before" | wc -l)" "$(queue_files 1)"

# --- failover 1: standby of the active node -------------------------------------
t0=$(c_now)
c_exec 1 crm_standby -N node1 -v on
if t_wait_for 120 mail_ok_at 2 during-standby@pfkit.invalid; then
	t_pass "$T: standby node1: mail accepted on $VIP after $(c_elapsed "$t0") s"
else
	t_fail "$T: standby node1: mail accepted on $VIP within 120 s"
fi
after_failover "standby node1" 2 during-standby
t_check "$T" "standby node1: no process of the instance left on node1" 0 "$(instance_left 1)"
c_exec 1 crm_standby -N node1 -v off
settle 2
t_check "$T" "node1 back online: group stays on node2 (stickiness)" node2 "$(where 2)"
probe_without_disk 2 node1

# --- failover 2: the resource fails (migration-threshold=1) --------------------------
t0=$(c_now)
master=$(c_exec 2 cat "$queue/pid/master.pid" 2>/dev/null | tr -d ' ')
if [ -n "$master" ] && kill -KILL "$master"; then
	if t_wait_for 120 mail_ok_at 1 after-failure@pfkit.invalid; then
		t_pass "$T: master $master killed on node2: mail accepted on $VIP at node1 after $(c_elapsed "$t0") s"
	else
		t_fail "$T: master killed on node2: mail accepted on $VIP at node1 within 120 s"
		c_exec 1 crm_mon -1r
	fi
	after_failover "resource failure on node2" 1 after-failure
	t_check "$T" "resource failure: no process of the instance left on node2" 0 "$(instance_left 2)"
else
	t_fail "$T: the master's pid on node2"
fi
c_exec 1 crm_resource --cleanup -r mta >/dev/null 2>&1
settle 1

# --- failover 3: the active node crashes -------------------------------------------
t0=$(c_now)
c_node_crash 1
if t_wait_for 120 mail_ok_at 2 after-crash@pfkit.invalid; then
	t_pass "$T: crash of node1 (corosync, pacemakerd, all killed): mail accepted on $VIP at node2 after $(c_elapsed "$t0") s"
else
	t_fail "$T: crash of node1: mail accepted on $VIP within 120 s"
	c_exec 2 crm_mon -1r
fi
after_failover "crash of node1" 2 after-crash
c_exec 2 crm_mon -1r | sed -n '/Node List/,$p' | sed 's/^/  /'

# --- orderly stop ---------------------------------------------------------------------
t0=$(c_now)
c_node_stop 2
t_check "$T" "node2 stopped ($(c_elapsed "$t0") s): processes left in it" 0 "$(c_node_pids 2 | wc -l)"
