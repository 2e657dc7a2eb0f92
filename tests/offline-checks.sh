#!/bin/bash
# offline-checks.sh - the parts of the suite that need no root-owned
# service and build in trees of their own, one after the other, in a
# configured and built tree: make check (cmocka unit tests, meta-data
# validation, fuzz corpus replay), make cppcheck, make shellcheck, make
# fuzz (each libFuzzer harness built and run for 5 s), then
# tests/sanitize-check.sh (make check again in an ASan+UBSan build).
#
# usage: tests/offline-checks.sh LOG_DIR
#
# Each part NAME writes its output to LOG_DIR/NAME.log, its exit status to
# LOG_DIR/NAME.rc and its seconds to LOG_DIR/NAME.secs (NAME: check,
# cppcheck, shellcheck, fuzz, sanitize); tests/run-all.sh reads them. Run by
# run-all.sh in a session of its own (setsid) beside the integration stage:
# this script first sets its session's autogroup to nice 19, so that the
# kernel gives it only the CPU that the integration tests leave (nice
# alone would yield only within run-all.sh's own autogroup, not to the
# sessions of Postfix and Pacemaker).
set -u
log=${1:?usage: $0 LOG_DIR}
cd "$(dirname "$0")/.." || exit 1
echo 19 >/proc/self/autogroup 2>/dev/null

# part NAME CMD... - CMD at nice 19, its output in LOG_DIR/NAME.log
part() {
	local name=$1 t0=$SECONDS
	shift
	rm -f "$log/$name.rc" "$log/$name.secs"
	nice -n 19 "$@" >"$log/$name.log" 2>&1
	echo $? >"$log/$name.rc"
	echo $((SECONDS - t0)) >"$log/$name.secs"
}
part check make -j2 check
# the cmocka cases skipped inside passing programs, for run-all.sh's count
grep -H -E '^\[  SKIPPED \] *[0-9]+ test' tests/unit/test_*.log >>"$log/check.log" 2>/dev/null
part cppcheck make cppcheck
part shellcheck make shellcheck
part fuzz make fuzz FUZZ_SECONDS=5
[ -x tests/sanitize-check.sh ] && part sanitize tests/sanitize-check.sh
exit 0
