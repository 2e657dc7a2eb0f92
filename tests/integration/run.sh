#!/bin/bash
# run.sh - run every tests/integration/t_*.sh (or those named) against real
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
[ ${#scripts[@]} -gt 0 ] || scripts=("$here"/t_*.sh)
for t in "${scripts[@]}"; do
	echo "# $(basename "$t")"
	timeout 600 bash "$t" || echo "FAIL $(basename "$t"): script exited $?" >>"$T_RESULTS"
done
pass=$(grep -c '^PASS' "$T_RESULTS")
fail=$(grep -c '^FAIL' "$T_RESULTS")
grep '^FAIL' "$T_RESULTS"
echo "integration: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
