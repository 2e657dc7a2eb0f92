#!/bin/bash
# run.sh - run every tests/integration/t_*.sh and tests/cluster/t_*.sh (or
# those named) against real Postfix, corosync and Pacemaker, as root, and
# print "integration: N passed, N failed, N skipped" (a test that cannot
# run here writes a SKIP line with its reason: lib.sh's t_skip; each one
# is listed at the end, and never counted as a pass).
#
#   tests/integration/run.sh                     all, one at a time
#   T_JOBS=2 tests/integration/run.sh            all, two integration scripts
#                                                at once (run-all.sh does this)
#   tests/integration/run.sh t_life_basic.sh     one script (a path, or a name
#                                                in tests/integration or
#                                                tests/cluster)
#
# Environment:
#   T_ROOT     instances, outputs and results ($T_ROOT/results: "PASS ...",
#              "FAIL ..." and "SKIP ..." lines of every script); /tmp/pfkit-it
#   T_JOBS     integration scripts at once (1: everything one at a time)
#   T_BENCH_LOCK, T_CLUSTER_LOCK  the locks (/tmp/pfkit-bench.lock,
#              /tmp/pfkit-cluster.lock)
#   T_TIMEOUT  seconds one script may take (600); then it is killed with its
#              process group (its EXIT trap cleans up) and counted as FAIL
#
# $T_ROOT/timeline: one line per ended script, "NAME START END" in seconds
# since the run began (where the run's time went).
#
# Schedule when T_JOBS > 1: scripts start longest first (the durations of
# the last run on this machine, $T_ROOT/durations, else tests/durations),
# and at any time there run at most
#   - T_JOBS integration scripts;
#   - t_bench_quick.sh (it drops the page cache and loads both cores, under
#     /tmp/pfkit-bench.lock) never with a script whose answers are bounded
#     by a deadline (t_hostile_*, t_life_smtpd_hung, t_life_smtpd_dstate);
#   - beside those, one single-node cluster script (t_answers,
#     t_single_node, t_cluster_checks, t_cluster_libxml2) under
#     /tmp/pfkit-cluster.lock, and one two-node script, or t_three_node.sh
#     alone in that slot (three nodes, three instances: never beside a
#     two-node script, which it would starve); t_examples and
#     t_pcs_validate work on file CIBs and count as integration scripts;
#   - T_JOBS + 2 scripts in all: once a group (integration, single-node,
#     two-node) has no script left, its slots go to the others: more
#     integration scripts, or a second two-node script (can_start).
# Scripts never share an address, an instance, a network namespace or a
# directory under T_ROOT (docs/architecture.md, "Tests"): run.sh refuses to
# start when two scripts name the same 127.x.y.z address.
#
# Output: each script's output is kept apart and printed whole, headed by
# its counts and duration, in the order of the script list, as soon as it
# and every script before it have ended.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export T_ROOT=${T_ROOT:-/tmp/pfkit-it}
export T_RESULTS=$T_ROOT/results
if [ "$(id -u)" -ne 0 ]; then
	echo "integration tests need root (they run real Postfix instances)" >&2
	exit 1
fi
jobs_max=${T_JOBS:-1}
limit=${T_TIMEOUT:-600}
durations_default=$here/../durations
bench_lock=${T_BENCH_LOCK:-/tmp/pfkit-bench.lock}
cluster_lock=${T_CLUSTER_LOCK:-/tmp/pfkit-cluster.lock}

shopt -s nullglob
all_scripts=("$here"/t_*.sh "$here"/../cluster/t_*.sh)
scripts=()
for a in "$@"; do
	if [ -f "$a" ]; then scripts+=("$a")
	elif [ -f "$here/$a" ]; then scripts+=("$here/$a")
	elif [ -f "$here/../cluster/$a" ]; then scripts+=("$here/../cluster/$a")
	else
		echo "run.sh: no test script $a" >&2
		exit 2
	fi
done
# the cluster tests (tests/cluster) count in the same totals; the two-node
# ones skip themselves when PFKIT_TWO_NODE=0
[ ${#scripts[@]} -gt 0 ] || scripts=("${all_scripts[@]}")

# addr_collisions SCRIPT... - "ADDR: SCRIPT SCRIPT..." for each 127.x.y.z
# address that more than one script names (127.0.0.1 aside: no script adds
# it, and inside a network namespace of a script's own it is that script's)
addr_collisions() {
	local f
	for f in "$@"; do
		grep -oE '(^|[^0-9.])127\.[0-9]+\.[0-9]+\.[0-9]+(/[0-9]+)?' "$f" |
			sed 's/^[^0-9]*//' | grep -v / | grep -vx '127\.0\.0\.1' |
			sort -u | sed "s|\$| $(basename "$f")|"
	done | awk '{ n[$1]++; s[$1] = s[$1] " " $2 }
		END { for (a in n) if (n[a] > 1) print a ":" s[a] }'
}
collisions=$(addr_collisions "${all_scripts[@]}")
if [ -n "$collisions" ]; then
	printf 'run.sh: test scripts share an address, so they cannot run at once:\n%s\n' "$collisions" >&2
	echo "integration: 0 passed, 1 failed"
	exit 1
fi

mkdir -p "$T_ROOT"
outdir=$T_ROOT/run-output
resdir=$T_ROOT/run-results
rm -rf "$outdir" "$resdir"
mkdir -p "$outdir" "$resdir"
: >"$T_RESULTS"
: >"$T_ROOT/timeline"
# the queue tree the first instance builds (lib.sh t_queue_from_template):
# built anew by each run, by this machine's Postfix
rm -rf "$T_ROOT/queue-template"

n=${#scripts[@]}
names=() class=() group=() order=()
for i in "${!scripts[@]}"; do
	names[i]=${scripts[i]##*/}
	# bench, timed (integration, answers bounded by a deadline), locked
	# (cluster, the host's Pacemaker tools), twonode (cluster, nodes in
	# namespaces), threenode (the same, never beside a two-node script)
	# or it (integration)
	case ${names[i]} in
	t_bench_quick.sh) class[i]=bench ;;
	t_hostile_*.sh | t_life_smtpd_hung.sh | t_life_smtpd_dstate.sh) class[i]=timed ;;
	t_two_node_*.sh) class[i]=twonode ;;
	# three nodes, three instances: the two-node group's slot, alone
	t_three_node.sh) class[i]=threenode ;;
	# file CIBs only (pcs -f, crm with CIB_file): no node, no lock
	t_examples.sh | t_pcs_validate.sh) class[i]=it ;;
	*) case ${scripts[i]} in */cluster/*) class[i]=locked ;; *) class[i]=it ;; esac ;;
	esac
	# its group, which shares out the slots (can_start)
	case ${class[i]} in it | timed | bench) group[i]=int ;; threenode) group[i]=twonode ;; *) group[i]=${class[i]} ;; esac
done
if [ "$jobs_max" -gt 1 ]; then
	# longest first: the seconds each took last time here, else in
	# tests/durations, else 20
	mapfile -t order < <({
		cat "$durations_default" "$T_ROOT/durations" 2>/dev/null
		echo "--"
		printf '%s\n' "${names[@]}"
	} | awk '$0 == "--" { list = 1; next }
		!list { d[$1] = $2; next }
		{ print (($1 in d) ? d[$1] : 20), i++ }' | sort -k1,1nr -k2,2n | awk '{ print $2 }')
else
	order=("${!scripts[@]}")
fi

declare -A idx_of_pid=()
pid=() t_start=() secs=() finished=()
pending=("${order[@]}")
running=0
# per group (int: it, timed, bench): its slots, its scripts not yet ended
declare -A quota=([int]=$jobs_max [locked]=1 [twonode]=1) left=([int]=0 [locked]=0 [twonode]=0)
for i in "${!scripts[@]}"; do left[${group[i]}]=$((left[${group[i]}] + 1)); done
# the scripts running now, per class and per group (count keeps both; read
# without a subshell: the loop below looks at every waiting script each
# time one ends)
declare -A running_class=([it]=0 [timed]=0 [bench]=0 [locked]=0 [twonode]=0 [threenode]=0)
declare -A running_in=([int]=0 [locked]=0 [twonode]=0)
next_print=0
run_start=$EPOCHSECONDS

# can_start I HOLD - script I may start now (HOLD: a bench waits for the
# timed scripts to end, so no other timed one starts before it). The
# machine is shared by three groups, each with its slots: T_JOBS for the
# integration scripts, one for the single-node cluster scripts, one for the
# two-node ones. The slots of a group that has nothing left to run go to
# the others (integration scripts, or a second two-node script), so that
# the last minutes of a run use the whole machine.
can_start() {
	local i=$1 hold=$2 g=${group[$1]} own r spare=0 borrowed=0
	if [ "$jobs_max" -le 1 ]; then
		[ "$running" -eq 0 ]
		return
	fi
	for own in int locked twonode; do
		r=${running_in[$own]}
		if [ "${left[$own]}" -eq 0 ]; then
			spare=$((spare + quota[$own]))
		elif [ "$r" -gt "${quota[$own]}" ]; then
			borrowed=$((borrowed + r - quota[$own]))
		fi
	done
	[ "${running_in[$g]}" -lt "${quota[$g]}" ] || [ "$borrowed" -lt "$spare" ] || return 1
	case ${class[i]} in
	it) ;;
	timed) [ "$hold" -eq 0 ] && [ "${running_class[bench]}" -eq 0 ] ;;
	bench) [ "${running_class[timed]}" -eq 0 ] && [ "${running_class[bench]}" -eq 0 ] ;;
	locked) [ "${running_class[locked]}" -eq 0 ] ;;
	twonode) [ "${running_class[twonode]}" -lt 2 ] && [ "${running_class[threenode]}" -eq 0 ] ;;
	threenode) [ "${running_class[twonode]}" -eq 0 ] ;;
	esac
}

# count I DELTA - script I starts (1) or ends (-1)
count() {
	running_class[${class[$1]}]=$((running_class[${class[$1]}] + $2))
	running_in[${group[$1]}]=$((running_in[${group[$1]}] + $2))
	running=$((running + $2))
}

# lock_take I - the lock of script I's class, taken by run.sh without
# waiting (false: another run holds it; the script waits in the queue and
# others start meanwhile): fd 7 /tmp/pfkit-bench.lock, fd 8
# /tmp/pfkit-cluster.lock, held until the script ends and never inherited
# by any script (nor so by the daemons they start)
lock_take() {
	case ${class[$1]} in
	bench) exec 7>>"$bench_lock" && flock -n 7 && return 0; exec 7>&- ;;
	locked) exec 8>>"$cluster_lock" && flock -n 8 && return 0; exec 8>&- ;;
	*) return 0 ;;
	esac
	return 1
}
lock_release() {
	case ${class[$1]} in
	bench) exec 7>&- ;;
	locked) exec 8>&- ;;
	esac
}

# start_one I - script I in the background: its own output and results
# files, a timeout over its whole process group
start_one() {
	local i=$1
	: >"$resdir/$i"
	# the wrapper's "times": CPU of the script and every process it reaped
	# (Pacemaker's daemons and the agents they ran included)
	# shellcheck disable=SC2016 # expanded by the wrapper shell
	T_RESULTS=$resdir/$i timeout -k 180 "$limit" \
		bash -c 'bash "$1"; rc=$?; times >"$2"; exit $rc' run.sh "${scripts[i]}" "$outdir/$i.cpu" \
		</dev/null >"$outdir/$i" 2>&1 7>&- 8>&- &
	pid[i]=$!
	idx_of_pid[$!]=$i
	t_start[i]=$EPOCHSECONDS
	count "$i" 1
}

# finish_one I RC - script I ended with RC: a FAIL line when it timed out
# or exited non-zero
finish_one() {
	local i=$1 rc=$2
	secs[i]=$((EPOCHSECONDS - t_start[i]))
	finished[i]=1
	echo "${names[i]} $((t_start[i] - run_start)) $((t_start[i] - run_start + secs[i]))" >>"$T_ROOT/timeline"
	count "$i" -1
	left[${group[i]}]=$((left[${group[i]}] - 1))
	lock_release "$i"
	case $rc in
	0) ;;
	124 | 137) echo "FAIL ${names[i]}: timed out after $limit s (killed with its process group)" >>"$resdir/$i" ;;
	*) echo "FAIL ${names[i]}: script exited $rc" >>"$resdir/$i" ;;
	esac
}

# cpu_of I - ", cpu N s": user + system seconds of script I and what it
# reaped (empty when it was killed before it could tell)
cpu_of() {
	[ -s "$outdir/$1.cpu" ] || return 0
	sed -n 2p "$outdir/$1.cpu" | tr 'ms' '  ' |
		awk 'NF == 4 { printf ", cpu %d s", $1 * 60 + $2 + $3 * 60 + $4 }'
}

# print_ready - the outputs of the ended scripts that no unended script
# precedes in the list
print_ready() {
	local i p f s
	while [ "$next_print" -lt "$n" ] && [ -n "${finished[next_print]:-}" ]; do
		i=$next_print
		p=$(grep -c '^PASS' "$resdir/$i")
		f=$(grep -c '^FAIL' "$resdir/$i")
		s=$(grep -c '^SKIP' "$resdir/$i")
		echo "# ${names[i]}: $p passed, $f failed, $s skipped, ${secs[i]} s$(cpu_of "$i")"
		cat "$outdir/$i"
		next_print=$((next_print + 1))
	done
}

# stop_all - on INT/TERM: every running script's process group is told to
# end (their EXIT traps clean up), then reaped
stop_all() {
	local i
	trap '' INT TERM
	for i in "${!pid[@]}"; do
		[ -z "${finished[i]:-}" ] && kill -TERM "${pid[i]}" 2>/dev/null
	done
	wait
	echo "run.sh: interrupted" >&2
	exit 130
}
trap stop_all INT TERM

ticker=""
while [ ${#pending[@]} -gt 0 ] || [ "$running" -gt 0 ]; do
	rest=() hold=0 lock_wait=0
	for i in "${pending[@]}"; do
		if ! can_start "$i" "$hold"; then
			[ "${class[i]}" = bench ] && hold=1
			rest+=("$i")
		elif ! lock_take "$i"; then
			# held by another run: the others go on meanwhile
			lock_wait=1
			rest+=("$i")
		else
			start_one "$i"
		fi
	done
	pending=("${rest[@]}")
	# a lock another run holds: look again every 2 s
	if [ "$lock_wait" -eq 1 ] && [ -z "$ticker" ]; then
		sleep 2 7>&- 8>&- &
		ticker=$!
	fi
	done_pid=""
	wait -n -p done_pid
	rc=$?
	if [ -n "$done_pid" ] && [ "$done_pid" = "$ticker" ]; then ticker=""; continue; fi
	if [ -z "$done_pid" ] || [ -z "${idx_of_pid[$done_pid]:-}" ]; then continue; fi
	finish_one "${idx_of_pid[$done_pid]}" "$rc"
	unset "idx_of_pid[$done_pid]"
	print_ready
done
[ -n "$ticker" ] && wait "$ticker"
print_ready

# this run's durations, for the next run's order
for i in "${!scripts[@]}"; do
	printf '%s %s\n' "${names[i]}" "${secs[i]}"
done | cat "$T_ROOT/durations" - 2>/dev/null |
	awk '{ d[$1] = $2 } END { for (k in d) print k, d[k] }' | sort >"$T_ROOT/durations.new"
mv "$T_ROOT/durations.new" "$T_ROOT/durations"

for i in "${!scripts[@]}"; do cat "$resdir/$i"; done >"$T_RESULTS"
pass=$(grep -c '^PASS' "$T_RESULTS")
fail=$(grep -c '^FAIL' "$T_RESULTS")
skip=$(grep -c '^SKIP' "$T_RESULTS")
grep -E '^(FAIL|SKIP)' "$T_RESULTS"
echo "integration: $((n)) scripts in $(($(date +%s) - run_start)) s (T_JOBS=$jobs_max)"
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
