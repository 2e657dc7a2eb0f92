#!/bin/bash
# cluster-failover.sh - how soon mail is accepted again on the virtual IP
# after a switchover, a node crash and a killed Postfix master, for
# ocf:pfkit:postfix (the agent built in this tree) and
# ocf:heartbeat:postfix, in one run on the same two nodes (a benchmark run
# by hand, as root; never by CI, never asserted):
#
#   make bench-failover
#   BENCH_ROUNDS=5 T_ROOT=/tmp/pfkit-bench-fo tests/bench/cluster-failover.sh
#
# The cluster is the one of tests/cluster/two_node.sh in the kit's layout
# (c: queue_directory a symlink into the mounted disk), built by the same
# lib-cluster.sh functions: two real corosync + Pacemaker nodes in
# namespaces of their own on one bridge, the client in a third, no
# fencing, the group fs_queue (Filesystem) ip_mail (IPaddr2) mta with
# migration-threshold=1; mta monitored every BENCH_MONITOR (2s, so that a
# killed master is seen soon). Pacemaker's throttling on CPU load is lifted
# (load-threshold), so that other work on the machine does not slow the
# actions down. Each round runs, for each agent (mta's agent switched in
# place, Pacemaker restarting it; the order of the agents alternates round
# by round, so both see the same machine state), three events, each timed
# from the act to the first message accepted on the VIP at the node that
# takes over (the client polls every BENCH_POLL s, 0.05; each poll starts
# a few processes, a few ms of CPU):
#   switchover   crm_standby of the active node (on again after)
#   master kill  the master of the active node killed (SIGKILL, its pid
#                read from master.pid and proven to be the node's); the
#                group moves; also timed: the failed monitor, from that
#                node's Pacemaker log, and the rest after it
#   crash        the active node killed whole (lib-cluster.sh's
#                c_node_crash), then made anew and started again
# BENCH_ROUNDS (3) rounds. Printed: each event as it ends; then min, median
# and max per event per agent and heartbeat/pfkit of the medians; the
# switchover as Pacemaker recorded it (exec-time of each resource's stop
# on the old node and start on the new one, from the lrm_rsc_op entries
# of the CIB status), medians, with the agent's share (mta stop + mta
# start); Pacemaker's version; the load average at the start and the end.
#
# Runs under the bench lock (T_BENCH_LOCK, /tmp/pfkit-bench.lock: no other
# benchmark beside it). Exits 0 when it measured, an event that failed
# counted and printed as such; 1 when it could not (not root, no
# corosync, the cluster or the group would not come up).
here=$(cd "$(dirname "$0")" && pwd)
lock=${T_BENCH_LOCK:-/tmp/pfkit-bench.lock}
if [ -z "${BENCH_LOCKED:-}" ]; then
	flock -n "$lock" true || echo "cluster-failover: waiting for $lock (another benchmark)" >&2
	# -o: the lock stays with flock, not with the daemons the bench starts
	BENCH_LOCKED=1 exec flock -o "$lock" bash "$0" "$@"
fi

export T_ROOT=${T_ROOT:-/tmp/pfkit-bench-failover}
C_ID=fo
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../cluster/lib-cluster.sh
. "$here/../cluster/lib-cluster.sh"
export T_ADDR_EXTERNAL=1	# IPaddr2 brings the VIP up, in a node

T=failover_bench
ROUNDS=${BENCH_ROUNDS:-3}
MON=${BENCH_MONITOR:-2s}
POLL=${BENCH_POLL:-0.05}
VIP=$C_LAN_NET.10
WAIT=120			# seconds an event may take before it counts as failed
AGENTS=(ocf:pfkit:postfix ocf:heartbeat:postfix)
out=$T_ROOT/failover
samples=$out/samples		# "AGENT KEY SECONDS" lines

c_cluster_skip "$T" PFKIT_TWO_NODE && exit 1
cleanup() { c_mail_down; }
trap cleanup EXIT

rm -rf "$out"
mkdir -p "$out"
: >"$samples"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "cluster-failover: Pacemaker $(c_pcmk_version), $ROUNDS rounds, layout c, mta monitored every $MON, polled every $POLL s, $(nproc) cores"
echo "  ocf:pfkit:postfix: $AGENT"
echo "load average at the start: $load_start"

# --- the cluster, as two_node.sh builds it ------------------------------------
c_two_node_up "$T" || exit 1
c_mail_instance "$T" fo "$VIP" c "$T_ROOT/$T-disk.img" || exit 1
c_two_node_start "$T" || exit 1
c_exec 1 crm_attribute --type crm_config --name load-threshold --update 10000% ||
	exit 1
c_mail_group 1 "$T" "${AGENTS[0]}" "$MON"
c_settle 1
if ! c_wait_started 1 mta node1 60 || ! c_mail_ok first@pfkit.invalid; then
	t_fail "$T: the group started on node1 and took mail"
	c_exec 1 crm_mon -1r
	exit 1
fi

# --- measuring ------------------------------------------------------------------
# record AGENT KEY SECONDS - one sample
record() { echo "$1 $2 $3" >>"$samples"; }

# active - the number of the node the group runs on (both are up)
active() {
	local n
	n=$(c_where 1 mta)
	n=${n#node}
	printf '%s\n' "${n:-0}"
}

# mail_at N SENDER - within WAIT s, mail from SENDER accepted on the VIP at
# node N, polled every POLL s (t_wait_for's pauses grow to 200 ms)
mail_at() {
	local end=$((SECONDS + WAIT))
	until c_mail_ok_at "$1" "$2@pfkit.invalid"; do
		[ $SECONDS -ge $end ] && return 1
		t_sleep "$POLL"
	done
}

# failed AGENT EVENT N - the event did not end in mail at node N: counted,
# the cluster's state shown, mta's failures cleared
failed() {
	record "$1" "$2-failed" 1
	echo "  $2 ($1): no mail accepted on $VIP at node$3 within $WAIT s"
	c_exec "$3" crm_mon -1r | sed 's/^/    /'
	c_exec "$3" crm_resource --cleanup -r mta >/dev/null 2>&1
	c_settle "$3"
}

# recorded OLD NEW T0 - "RSC OP EXEC QUEUE" (seconds) of the switchover's
# stops on node OLD and starts on node NEW, in the order they ran, from the
# lrm_rsc_op entries of node NEW's CIB status (the newest of each kind, if
# it changed at T0 or after; "n/a" when none did)
recorded() {
	c_exec "$2" cibadmin -Q -o status 2>/dev/null | "$T_PY" -c '
import sys, xml.etree.ElementTree as ET
old, new, t0 = sys.argv[1], sys.argv[2], int(float(sys.argv[3]))
status = ET.fromstring(sys.stdin.read())
order = [("mta", "stop", old), ("ip_mail", "stop", old), ("fs_queue", "stop", old),
         ("fs_queue", "start", new), ("ip_mail", "start", new), ("mta", "start", new)]
for rsc, op, node in order:
    found = None
    for state in status.iter("node_state"):
        if state.get("uname") != node:
            continue
        for res in state.iter("lrm_resource"):
            if res.get("id") != rsc:
                continue
            for o in res.iter("lrm_rsc_op"):
                if o.get("operation") == op and int(o.get("last-rc-change", "0")) >= t0 and \
                        (found is None or int(o.get("call-id")) > int(found.get("call-id"))):
                    found = o
    if found is None:
        print(rsc, op, "n/a", "n/a")
    else:
        print(rsc, op, int(found.get("exec-time")) / 1000, int(found.get("queue-time")) / 1000)
' "node$1" "node$2" "$3"
}

# add A B - A + B
add() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }

# switchover AGENT - the active node in standby until mail is accepted at
# the other; Pacemaker's record of each resource's part; standby off again
switchover() {
	local a b t0 s rsc op ex qu share=0 sum=0 queued=0 line=""
	a=$(active) b=$((3 - a))
	t0=$(c_now)
	c_exec "$a" crm_standby -N "node$a" -v on
	if mail_at "$b" switchover; then
		s=$(c_elapsed "$t0")
		record "$1" switchover "$s"
		c_settle "$b"
		while read -r rsc op ex qu; do
			line="$line, $rsc $op $ex"
			[ "$ex" != n/a ] || continue
			record "$1" "sw:$rsc:$op" "$ex"
			sum=$(add "$sum" "$ex") queued=$(add "$queued" "$qu")
			[ "$rsc" = mta ] && share=$(add "$share" "$ex")
		done < <(recorded "$a" "$b" "$t0")
		record "$1" sw:share "$share"
		record "$1" sw:sum "$sum"
		record "$1" sw:queued "$queued"
		echo "  switchover node$a -> node$b: $s s (Pacemaker's record, exec-time s${line}; queue-time $queued s)"
	else
		failed "$1" switchover "$b"
	fi
	c_exec "$b" crm_standby -N "node$a" -v off
	c_settle "$b"
}

# master_kill AGENT - the master of the active node killed until mail is
# accepted at the other; mta's failure cleared after
master_kill() {
	local a b t0 s det master
	a=$(active) b=$((3 - a))
	master=$(c_exec "$a" cat "$c_mail_queue/pid/master.pid" 2>/dev/null | tr -d ' ')
	# only a pid inside node a's namespaces: a master this bench started
	if [ -z "$master" ] || ! c_node_pids "$a" | grep -qx -- "$master"; then
		echo "  master kill ($1): no master of node$a's instance found"
		record "$1" master-kill-failed 1
		return
	fi
	t0=$(c_now)
	kill -KILL "$master"
	if mail_at "$b" master-kill; then
		s=$(c_elapsed "$t0")
		det=$(c_monitor_failed_after "$a" mta "$t0" 'error|not running')
		record "$1" master-kill "$s"
		if [ "$det" != n/a ]; then
			record "$1" master-kill-detect "$det"
			record "$1" master-kill-after "$(awk -v a="$s" -v b="$det" 'BEGIN { printf "%.2f", a - b }')"
		fi
		echo "  master $master killed on node$a: mail at node$b after $s s (monitor failed after $det s)"
		c_settle "$b"
		c_exec "$b" crm_resource --cleanup -r mta >/dev/null 2>&1
		c_settle "$b"
	else
		failed "$1" master-kill "$b"
	fi
}

# renew N - node N, crashed, made anew and started, the cluster whole again
renew() {
	c_node_renew "$1" 2 && c_mail_etc_bind "$1" && c_node_start "$1" &&
		t_wait_for 60 c_members "$1" 2 && t_wait_for 30 c_members "$((3 - $1))" 2 &&
		c_settle "$1"
}

# crash AGENT - the active node crashed until mail is accepted at the
# other; the crashed node back after (false when it would not come back)
crash() {
	local a b t0 s
	a=$(active) b=$((3 - a))
	t0=$(c_now)
	c_node_crash "$a"
	if mail_at "$b" crash; then
		s=$(c_elapsed "$t0")
		record "$1" crash "$s"
		echo "  crash of node$a: mail at node$b after $s s"
		c_settle "$b"
	else
		failed "$1" crash "$b"
	fi
	renew "$a" || { echo "  node$a would not come back after its crash"; return 1; }
}

# use AGENT - mta run by AGENT (in place), the group settled
use() {
	[ "$(c_mta_agent 1)" = "$1" ] && return 0
	c_mta_provider 1 "$(printf '%s\n' "$1" | cut -d: -f2)"
	c_settle 1
	[ "$(c_mta_agent 1)" = "$1" ] && c_mail_ok "use-$(printf '%s\n' "$1" | cut -d: -f2)@pfkit.invalid"
}

ok=1
for r in $(seq 1 "$ROUNDS"); do
	order=("${AGENTS[@]}")
	[ $((r % 2)) -eq 0 ] && order=("${AGENTS[1]}" "${AGENTS[0]}")
	for agent in "${order[@]}"; do
		echo "round $r, $agent:"
		if ! use "$agent"; then
			echo "  mta would not run with $agent"
			ok=0
			break 2
		fi
		switchover "$agent"
		master_kill "$agent"
		crash "$agent" || { ok=0; break 2; }
	done
done

# --- the report --------------------------------------------------------------------
# stats AGENT KEY - "n min median max" of the samples, "0" when none
stats() {
	awk -v a="$1" -v k="$2" '$1 == a && $2 == k { print $3 }' "$samples" | sort -g |
		awk '{ v[NR] = $1 } END {
			if (NR == 0) { print 0; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%d %.2f %.2f %.2f\n", NR, v[1], m, v[NR] }'
}
# median AGENT KEY - the median alone ("n/a" when no sample)
median() {
	local s
	read -ra s < <(stats "$1" "$2")
	if [ "${s[0]}" -gt 0 ]; then printf '%s\n' "${s[2]}"; else echo n/a; fi
}
# failures AGENT EVENT - how often EVENT failed with AGENT
failures() { awk -v a="$1" -v k="$2-failed" '$1 == a && $2 == k' "$samples" | wc -l; }

echo
echo "seconds until mail is accepted on the VIP again ($ROUNDS rounds):"
printf '  %-34s %-22s %3s %6s %6s %6s %s\n' event agent n min median max failed
for ev in switchover master-kill master-kill-detect master-kill-after crash; do
	case $ev in
	master-kill-detect) label="master kill: monitor failed" ;;
	master-kill-after) label="master kill: after the failure" ;;
	*) label=$ev ;;
	esac
	for agent in "${AGENTS[@]}"; do
		read -ra s < <(stats "$agent" "$ev")
		[ "${s[0]}" -gt 0 ] || s=(0 - - -)
		printf '  %-34s %-22s %3s %6s %6s %6s %s\n' "$label" "$agent" "${s[@]}" "$(failures "$agent" "$ev")"
	done
done
echo "heartbeat/pfkit, medians:"
for ev in switchover master-kill master-kill-after crash; do
	awk -v e="$ev" -v p="$(median "${AGENTS[0]}" "$ev")" -v h="$(median "${AGENTS[1]}" "$ev")" 'BEGIN {
		if (p + 0 > 0 && h + 0 > 0) printf "  %-34s %.2f (%s s / %s s)\n", e, h / p, h, p
		else printf "  %-34s n/a\n", e }'
done

echo "switchover, Pacemaker's record (exec-time, median of the rounds, s):"
for agent in "${AGENTS[@]}"; do
	line=""
	for k in mta:stop ip_mail:stop fs_queue:stop fs_queue:start ip_mail:start mta:start; do
		line="$line, ${k%%:*} ${k#*:} $(median "$agent" "sw:$k")"
	done
	echo "  $agent: ${line#, }"
	echo "    the agent's share (mta stop + mta start) $(median "$agent" sw:share), all six $(median "$agent" sw:sum), queue-time $(median "$agent" sw:queued)"
done
echo "load average at the start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "samples: $samples"
[ "$ok" = 1 ]
