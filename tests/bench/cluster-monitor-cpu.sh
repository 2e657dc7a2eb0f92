#!/bin/bash
# cluster-monitor-cpu.sh - the CPU the depth-0 monitors of N Postfix
# instances cost one cluster node per minute, every instance monitored
# every INTERVAL, for ocf:pfkit:postfix and then ocf:heartbeat:postfix on
# the same node and instances (a benchmark run by hand, not a test):
#
#   T_ROOT=/tmp/pfkit-bench-mc tests/bench/cluster-monitor-cpu.sh [N [INTERVAL [SECONDS]]]
#
# (defaults 10 instances, 10 s, 60 s). One real corosync + Pacemaker node in
# namespaces of its own (tests/cluster/lib-cluster.sh), no fencing; the
# instances listen on 127.0.0.1:2501.. inside the node. Measured: the
# children's CPU time (cutime + cstime) pacemaker-execd accumulates over
# SECONDS, that is every agent call it reaped with all their descendants,
# and execd's own CPU beside it. Pacemaker's throttling on CPU load is
# lifted (load-threshold), so that other work on the machine does not slow
# the monitors down.
here=$(cd "$(dirname "$0")" && pwd)
C_ID=mc
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../cluster/lib-cluster.sh
. "$here/../cluster/lib-cluster.sh"
N=${1:-10} IV=${2:-10} SECS=${3:-60}
export T_ADDR_EXTERNAL=1	# 127.0.0.1 of the node's own namespace

[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 1; }
cleanup() {
	local i
	c_node_destroy 1
	for i in $(seq 1 "$N"); do t_instance_destroy "mc$i"; done
}
trap cleanup EXIT

c_node_create 1 || exit 1
c_corosync_conf 127.0.0.1
c_cib_seed 1 stonith-enabled=false dc-deadtime=2s load-threshold=10000% || exit 1
for i in $(seq 1 "$N"); do t_instance_create "mc$i" 127.0.0.1 $((2500 + i)); done
c_node_start 1
c_wait_online 1 60 || { echo "node not online" >&2; exit 1; }
for i in $(seq 1 "$N"); do
	cat <<EOC
primitive mta$i ocf:pfkit:postfix \\
	params config_dir="$(t_etc "mc$i")" \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=${IV}s timeout=20s
EOC
done | c_crm_load 1 || exit 1

# execd_ticks - "children own" CPU clock ticks of the node's pacemaker-execd
execd_ticks() {
	local p
	for p in $(c_node_pids 1); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = pacemaker-execd ] || continue
		awk '{ print $16 + $17, $14 + $15 }' "/proc/$p/stat"
		return
	done
}
# measure AGENT - the CPU per minute of SECONDS of AGENT's monitors
measure() {
	local a b hz
	hz=$(getconf CLK_TCK)
	c_settle 1 300
	t_sleep "$IV"		# every monitor rescheduled after the starts
	read -ra a < <(execd_ticks)
	t_sleep "$SECS"
	read -ra b < <(execd_ticks)
	awk -v c0="${a[0]}" -v c1="${b[0]}" -v o0="${a[1]}" -v o1="${b[1]}" \
		-v hz="$hz" -v s="$SECS" -v n="$N" -v iv="$IV" -v ag="$1" 'BEGIN {
		printf "%s: %d instances, monitor every %d s: agents %.2f s CPU per minute (%.1f ms per call), pacemaker-execd itself %.2f s per minute\n",
			ag, n, iv, (c1 - c0) / hz * 60 / s, (c1 - c0) / hz * 1000 / (n * s / iv), (o1 - o0) / hz * 60 / s }'
}
measure ocf:pfkit:postfix
for i in $(seq 1 "$N"); do
	c_exec 1 cibadmin --modify --scope resources \
		--xml-text "<primitive id=\"mta$i\" provider=\"heartbeat\"/>" >/dev/null 2>&1
done
measure ocf:heartbeat:postfix
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
