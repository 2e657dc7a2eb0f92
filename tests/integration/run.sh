#!/bin/bash
# run.sh - run every tests/integration/t_*.sh and tests/cluster/t_*.sh (or
# those named) against real
# Postfix, as root, and print "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
export T_ROOT=${T_ROOT:-/tmp/pfkit-it}
export T_RESULTS=$T_ROOT/results
mkdir -p "$T_ROOT"
: >"$T_RESULTS"
if [ "$(id -u)" -ne 0 ]; then
	echo "integration tests need root (they run real Postfix instances)" >&2
	exit 1
fi
shopt -s nullglob
scripts=("$@")
# the cluster tests (tests/cluster) count in the same totals; the two-node
# one skips itself when PFKIT_TWO_NODE=0
[ ${#scripts[@]} -gt 0 ] || scripts=("$here"/t_*.sh "$here"/../cluster/t_*.sh)
# T_JOBS=N runs up to N scripts at once (each uses its own addresses and
# instances); their output is printed script by script, in order.
jobs_max=${T_JOBS:-1}
outdir=$T_ROOT/run-output
mkdir -p "$outdir"
run_one() {
	local t=$1 out
	out=$outdir/$(basename "$1").out
	{
		echo "# $(basename "$t")"
		timeout 600 bash "$t" || echo "FAIL $(basename "$t"): script exited $?" >>"$T_RESULTS"
	} >"$out" 2>&1
}
pids=()
for t in "${scripts[@]}"; do
	if [ "$jobs_max" -le 1 ]; then
		run_one "$t"
		cat "$outdir/$(basename "$t").out"
		continue
	fi
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
	run_one "$t" &
	pids+=($!)
done
if [ "$jobs_max" -gt 1 ]; then
	wait "${pids[@]}"
	for t in "${scripts[@]}"; do cat "$outdir/$(basename "$t").out"; done
fi
pass=$(grep -c '^PASS' "$T_RESULTS")
fail=$(grep -c '^FAIL' "$T_RESULTS")
grep '^FAIL' "$T_RESULTS"
echo "integration: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
