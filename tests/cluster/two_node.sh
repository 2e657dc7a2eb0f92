#!/bin/bash
# two_node.sh - failover of ocf:pfkit:postfix between two real cluster
# nodes on one machine, in one storage layout (sourced by the
# t_two_node_<layout>.sh scripts, which set LAYOUT; about 90 s each, a
# minute more with HANG=1;
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
# HANG=1 (set by one layout's script only, to keep the suite short; the
# monitor then runs every 2 s): every smtpd of the active node stopped
# (SIGSTOP; the master and its lock fine), timed until mail is accepted on
# the virtual IP again, for ocf:pfkit:postfix (its monitor sees the
# connections waiting in the accept queue; the group's migration-threshold
# is lifted for the section, as crm-examples set none, so Pacemaker
# restarts mta where it runs: the move on a failure is failover 2's) and,
# with mta switched to ocf:heartbeat:postfix in place, for that agent (which never
# notices: watched for PFKIT_TWO_NODE_HB_WAIT s, 30 by default, then the
# smtpds are continued; PFKIT_TWO_NODE_HB=0 skips heartbeat's part). The
# times are printed, never asserted; the queue is checked as after every
# failover.
#
# Mail in flight: through each event (the standby, the master killed, the
# crash, and both agents' hung smtpd) PFKIT_LOAD_CLIENTS (4) SMTP clients
# send to the virtual IP from the client namespace (smtp_load.py, through
# lib-cluster.sh's c_load_*): from the moment each has had a message
# accepted until each has had one more accepted after the event. Then,
# asserted: every message any client got a 250 for, in this event and the
# ones before, is in the queue of the node that runs the group, and none
# (no queue id) twice; printed: the messages committed but never
# acknowledged (SMTP's duplicate window: a client sends them again) and
# the errors the clients saw. For the planned switchover (standby) of
# ocf:pfkit:postfix that count is asserted 0: its stop drains (the
# transactions in progress finish and are acknowledged). PFKIT_LOAD_CLIENTS=0
# sends none.
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
HANG=${HANG:-0}			# the hung-smtpd section (one layout sets it)
MON=${PFKIT_TWO_NODE_MONITOR:-5s}	# mta's monitor interval
[ "$HANG" = 1 ] && MON=${PFKIT_TWO_NODE_MONITOR:-2s}
HB_WAIT=${PFKIT_TWO_NODE_HB_WAIT:-30}	# how long heartbeat's hang is watched
export T_ADDR_EXTERNAL=1

c_two_node_skip "$T" && exit 0

cleanup() {
	c_load_reap
	c_mail_down
}
trap cleanup EXIT

# --- the two nodes and the shared disk --------------------------------------
c_two_node_up "$T" || exit 1
c_mail_instance "$T" "$INST" "$VIP" "$LAYOUT" "$T_ROOT/$T-disk.img" || exit 1
etc=$c_mail_etc mnt=$c_mail_mnt queue=$c_mail_queue qreal=$c_mail_qreal

c_two_node_start "$T" || exit 1
c_mail_group 1 "$T" "$RA" "$MON"

# where - the node the group runs on, according to node $1
where() {
	c_exec "$1" crm_resource --locate -r mta 2>/dev/null |
		sed -n 's/.*is running on: \(node[0-9]*\).*/\1/p'
}

t0=$(c_now)
c_settle 1
if [ "$(where 1)" = node1 ] && c_mail_ok probe@pfkit.invalid; then
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
# queue_list N - "queue_name queue_id sender" of every message, seen from N,
# but the loads' (queue_list_all: with those)
queue_list() { queue_list_all "$1" | grep -v ' load-'; }
queue_list_all() { c_queue_list "$1" "$etc"; }
sent=0
for i in $(seq 1 "$NMSG"); do
	c_mail_ok "msg$i@pfkit.invalid" && sent=$((sent + 1))
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
queue_quiet() { c_queue_quiet "$1" "$qreal"; }

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

# queue_files N - complete queue files on node N's disk
queue_files() { c_queue_files "$1" "$qreal"; }
# instance_left N - processes on node N whose cwd is the queue
instance_left() {
	t_pids_by_link cwd "$qreal" | grep -cFxf <(c_node_pids "$1")
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
	c_settle "$n"
	t_check "$T" "$what: group runs on node$n" "node$n" "$(where "$n")"
	if disk_only_on "$n"; then t_pass "$T: $what: queue filesystem on node$n only"; else
		t_fail "$T: $what: queue filesystem on node$n only"
	fi
	t_wait_for 60 queue_quiet "$n"
	before=$(printf '%s\n%s\n' "$before" "$(queue_list "$n" | grep " $sender@")" | grep -v '^$' | sort -k3)
	queue_same "$n" "$what"
	t_check "$T" "$what: queue files on the disk = messages" \
		"$(($(printf '%s\n' "$before" | wc -l) + $(queue_list_all "$n" | grep -c ' load-')))" \
		"$(queue_files "$n")"
}

# --- mail in flight ----------------------------------------------------------------
load_tags=()
# load_begin TAG - the clients send to the VIP, each had a message accepted
load_begin() {
	[ "$C_LOAD_CLIENTS" -gt 0 ] || return 0
	c_load_start "$1" "$VIP"
	load_tags+=("$1")
	[ "${2:-}" = nowait ] && return 0
	c_load_flowing "$1" || t_fail "$T: load $1: each of $C_LOAD_CLIENTS clients had a message accepted on $VIP"
}
# load_end TAG - each client had one more accepted, then they stop
load_end() { [ "$C_LOAD_CLIENTS" -gt 0 ] && c_load_stop "$1"; }
# load_account WHAT N - every load so far checked against node N's queue
# (after after_failover: the queue is quiet); sets c_load_window
load_account() {
	local q=$T_ROOT/$T-queue.txt
	c_load_window=""
	[ "$C_LOAD_CLIENTS" -gt 0 ] || return 0
	queue_list_all "$2" >"$q"
	c_load_check "$T" "$1" "$q" "${load_tags[@]}"
	echo "  # in flight: $1: ${c_load_window:-?} committed but never acknowledged"
}

# --- a hung smtpd (HANG=1) -------------------------------------------------------------
# smtpds N - "pid state" of each smtpd of the instance on node N: the
# children of its master named smtpd (one ps, cheap on a loaded machine)
smtpds() {
	local master
	master=$(c_exec "$1" cat "$queue/pid/master.pid" 2>/dev/null | tr -d ' ')
	[ -n "$master" ] || return 0
	ps -o pid=,stat=,comm= --ppid "$master" 2>/dev/null |
		awk '$3 == "smtpd" { print $1, substr($2, 1, 1) }'
}
# hang N - SIGSTOP every smtpd of the instance on node N, the master and
# its lock untouched; again for any the master spawned meanwhile (a probe
# that came while the one stopped was busy), until every one is stopped
# (or gone: the cluster may react before this returns)
hang() {
	local n=$1 list p stopped=0 end=$((SECONDS + 30))
	while [ $SECONDS -lt $end ]; do
		list=$(smtpds "$n")
		# none left after the first stop: the cluster already stopped them
		[ -n "$list" ] || return $((1 - stopped))
		stopped=1
		printf '%s\n' "$list" | grep -qv ' T$' || return 0
		for p in $(printf '%s\n' "$list" | awk '{ print $1 }'); do
			kill -STOP "$p" 2>/dev/null
		done
		t_sleep 0.2
	done
	return 1
}
# unhang N - SIGCONT every smtpd of the instance on node N
unhang() {
	local p
	for p in $(smtpds "$1" | awk '{ print $1 }'); do kill -CONT "$p" 2>/dev/null; done
}
# expect_sender N SENDER - SENDER's messages, as node N's queue lists
# them, are expected after the next failover too
expect_sender() {
	t_wait_for 60 queue_quiet "$1"
	before=$(printf '%s\n%s\n' "$before" "$(queue_list "$1" | grep " $2@")" | grep -v '^$' | sort -k3)
}
# smtpd_ready N SENDER - a message from SENDER accepted on node N (so an
# idle smtpd waits there for the next connection: max_idle), queued
smtpd_ready() {
	local n=$1
	if c_mail_ok "$2@pfkit.invalid" && [ -n "$(smtpds "$n")" ]; then
		expect_sender "$n" "$2"
		return 0
	fi
	t_fail "$T: an smtpd on node$n to stop (mail from $2 accepted)"
	return 1
}

# group_threshold N VALUE - g_mail's migration-threshold, set in node N's
# CIB ("" deletes it: Pacemaker's default, restart in place)
group_threshold() {
	if [ -n "$2" ]; then
		c_exec "$1" crm_resource -r g_mail --meta -p migration-threshold -v "$2"
	else
		c_exec "$1" crm_resource -r g_mail --meta -d migration-threshold
	fi >/dev/null 2>&1
}
# gone PIDS... - none of PIDS exists any more
gone() {
	local p
	for p in "$@"; do [ -d "/proc/$p" ] && return 1; done
	return 0
}

# hang_tests - every smtpd of the active node stopped: the time until mail
# is accepted on the VIP again, for $RA and for ocf:heartbeat:postfix, on
# the same cluster, node, disk and queue (mta's agent switched in place).
# The group has no migration-threshold meanwhile, as in crm-examples: the
# failed mta is restarted on its node. Printed as figures; asserted are
# only the recovery within the operations' timeouts (pfkit), that the
# stopped smtpds are gone, and the queue: every message there once.
hang_tests() {
	local n t0 got tsec hung=()
	tsec=$(c_now)
	n=$(where 1) n=${n#node}
	[ "$n" = 2 ] || n=1

	group_threshold "$n" ""
	smtpd_ready "$n" before-hang || return
	t0=$(c_now)
	hang "$n" || t_fail "$T: every smtpd on node$n stopped"
	read -ra hung < <(smtpds "$n" | awk '{ printf "%s ", $1 }')
	# the clients start once the smtpds are stopped (a busy smtpd would
	# not stop at a moment of no transaction)
	load_begin hang nowait
	if t_wait_for 120 c_mail_ok_at "$n" after-hang@pfkit.invalid; then
		t_pass "$T: every smtpd stopped on node$n ($RA, monitor every $MON): mta restarted there, mail accepted on $VIP after $(c_elapsed "$t0") s (monitor failed after $(c_monitor_failed_after "$n" mta "$t0") s)"
	else
		t_fail "$T: every smtpd stopped on node$n: mail accepted on $VIP within 120 s"
		c_exec "$n" crm_mon -1r
	fi
	got=$(c_op "$n" mta mta_last_failure_0 "" "node$n")
	if printf '%s\n' "$got" | grep -Eq '^1 .*waiting to be accepted, no smtpd accepting'; then
		t_pass "$T: hung smtpd: the monitor's failure on node$n names the waiting connections ($got)"
	else
		t_fail "$T: hung smtpd: the monitor's failure on node$n names the waiting connections (got '${got:-none}')"
	fi
	load_end hang
	after_failover "hung smtpd on node$n (restart in place)" "$n" after-hang
	load_account "hung smtpd on node$n ($RA)" "$n"
	t_check "$T" "hung smtpd: the stopped smtpds (${hung[*]}) are gone" yes \
		"$(gone "${hung[@]}" && echo yes)"
	c_exec "$n" crm_resource --cleanup -r mta >/dev/null 2>&1
	c_settle "$n"

	# the incumbent, on the same node (PFKIT_TWO_NODE_HB=0 skips it: 30 s
	# and two restarts of mta less)
	[ "${PFKIT_TWO_NODE_HB:-1}" = 1 ] && hb_hang_tests "$n"
	group_threshold "$n" 1
	echo "  # timing: the hung-smtpd section took $(c_elapsed "$tsec") s"
}

# hb_hang_tests M - mta's agent switched to ocf:heartbeat:postfix on node M, every
# smtpd stopped there, watched for HB_WAIT s; then continued, mta back to $RA
hb_hang_tests() {
	local m=$1 t0
	c_mta_provider "$m" heartbeat
	c_settle "$m"
	t_check "$T" "mta's agent now ocf:heartbeat:postfix, same group, same node$m" \
		"node$m ocf:heartbeat:postfix" "$(where "$m") $(c_mta_agent "$m")"
	if smtpd_ready "$m" before-hb-hang; then
		t0=$(c_now)
		hang "$m" || t_fail "$T: every smtpd on node$m stopped"
		load_begin hb-hang nowait
		# a figure of the incumbent, either way: nothing of pfkit is
		# asserted by it, so neither outcome is counted as a pass
		if t_wait_for "$HB_WAIT" c_mail_ok hb-hang@pfkit.invalid; then
			t_info "$T: every smtpd stopped on node$m (ocf:heartbeat:postfix, monitor every $MON): mail accepted on $VIP after $(c_elapsed "$t0") s"
		else
			t_info "$T: every smtpd stopped on node$m (ocf:heartbeat:postfix, monitor every $MON): mail not accepted on $VIP, not recovered within $HB_WAIT s (waited $(c_elapsed "$t0") s)"
		fi
		unhang "$m"
		load_end hb-hang
		expect_sender "$m" hb-hang
	fi
	c_mta_provider "$m" "$(printf '%s\n' "$RA" | cut -d: -f2)"
	c_settle "$m"
	t_check "$T" "mta back to $RA on node$m" "node$m $RA" "$(where "$m") $(c_mta_agent "$m")"
	if t_wait_for 60 c_mail_ok after-hb-hang@pfkit.invalid; then
		t_pass "$T: smtpds continued, mta back to $RA: mail accepted on $VIP"
	else
		t_fail "$T: smtpds continued, mta back to $RA: mail accepted on $VIP"
	fi
	after_failover "heartbeat's hang" "$m" after-hb-hang
	load_account "hung smtpd on node$m (ocf:heartbeat:postfix, smtpds continued after $HB_WAIT s)" "$m"
}

probe_without_disk 1 node2
t_check "$T" "queue files on the disk = messages before failover" \
	"$(printf '%s\n' "$before" | wc -l)" "$(queue_files 1)"

# --- failover 1: standby of the active node -------------------------------------
load_begin standby
t0=$(c_now)
c_exec 1 crm_standby -N node1 -v on
if t_wait_for 120 c_mail_ok_at 2 during-standby@pfkit.invalid; then
	t_pass "$T: standby node1: mail accepted on $VIP after $(c_elapsed "$t0") s"
else
	t_fail "$T: standby node1: mail accepted on $VIP within 120 s"
fi
load_end standby
after_failover "standby node1" 2 during-standby
# pfkit's stop drains: the transactions in progress finish, each committed
# message is acknowledged; ocf:heartbeat:postfix's postfix stop may cut
# one between the two: counted, not asserted
load_account "standby node1 (planned switchover)" 2
if [ "$C_LOAD_CLIENTS" -gt 0 ] && [ "$RA" = ocf:pfkit:postfix ]; then
	t_check "$T" "standby node1 (planned switchover): no message committed but unacknowledged (stop drains)" 0 "${c_load_window:-?}"
fi
t_check "$T" "standby node1: no process of the instance left on node1" 0 "$(instance_left 1)"
c_exec 1 crm_standby -N node1 -v off
c_settle 2
t_check "$T" "node1 back online: group stays on node2 (stickiness)" node2 "$(where 2)"
probe_without_disk 2 node1

# --- failover 2: the resource fails (migration-threshold=1) --------------------------
master=$(c_exec 2 cat "$queue/pid/master.pid" 2>/dev/null | tr -d ' ')
load_begin master-kill
t0=$(c_now)
if [ -n "$master" ] && kill -KILL "$master"; then
	if t_wait_for 120 c_mail_ok_at 1 after-failure@pfkit.invalid; then
		t_pass "$T: master $master killed on node2: mail accepted on $VIP at node1 after $(c_elapsed "$t0") s"
	else
		t_fail "$T: master killed on node2: mail accepted on $VIP at node1 within 120 s"
		c_exec 1 crm_mon -1r
	fi
	load_end master-kill
	after_failover "resource failure on node2" 1 after-failure
	load_account "master killed on node2" 1
	t_check "$T" "resource failure: no process of the instance left on node2" 0 "$(instance_left 2)"
else
	t_fail "$T: the master's pid on node2"
	c_load_reap
fi
c_exec 1 crm_resource --cleanup -r mta >/dev/null 2>&1
c_settle 1

[ "$HANG" = 1 ] && hang_tests

# --- failover 3: the active node crashes -------------------------------------------
act=$(where 1) act=${act#node}
[ "$act" = 2 ] || act=1
oth=$((3 - act))
load_begin crash
t0=$(c_now)
c_node_crash "$act"
if t_wait_for 120 c_mail_ok_at "$oth" after-crash@pfkit.invalid; then
	t_pass "$T: crash of node$act (corosync, pacemakerd, all killed): mail accepted on $VIP at node$oth after $(c_elapsed "$t0") s"
else
	t_fail "$T: crash of node$act: mail accepted on $VIP within 120 s"
	c_exec "$oth" crm_mon -1r
fi
load_end crash
after_failover "crash of node$act" "$oth" after-crash
load_account "crash of node$act" "$oth"
c_exec "$oth" crm_mon -1r | sed -n '/Node List/,$p' | sed 's/^/  /'

# --- orderly stop ---------------------------------------------------------------------
t0=$(c_now)
c_node_stop "$oth"
t_check "$T" "node$oth stopped ($(c_elapsed "$t0") s): processes left in it" 0 "$(c_node_pids "$oth" | wc -l)"
