#!/bin/bash
# run-all.sh - README command (2): on a fresh Debian 12 machine, as root,
# install every dependency, build, and run the whole test suite:
#   1. make check: cmocka unit tests, meta-data validation, fuzz corpus replay
#   2. static analysis (cppcheck, shellcheck), then make check again in an
#      ASan+UBSan build
#   3. integration tests against real Postfix instances on 127.x.y.z and
#      cluster tests (real corosync + Pacemaker nodes in network
#      namespaces), in one run of tests/integration/run.sh: T_JOBS (2)
#      integration scripts at once, the cluster scripts beside them (see
#      run.sh for the schedule)
# and print one closing line "N passed, N failed", and each stage's time.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
log=${PFKIT_TEST_LOG:-/tmp/pfkit-test-logs}
mkdir -p "$log"
passed=0
failed=0
all_t0=$(date +%s)

stage_name="" stage_t0=""
# stage NAME - end the stage before (its time), start NAME
stage() {
	[ -n "$stage_t0" ] && echo "--- $stage_name: $(($(date +%s) - stage_t0)) s"
	stage_name=$*
	stage_t0=$(date +%s)
	printf '\n=== %s\n' "$*"
}

# automake_counts LOG - add a make check run's totals
automake_counts() {
	local p f
	p=$(sed -n 's/^# PASS: *//p' "$1" | tail -n 1)
	f=$(sed -n 's/^# \(FAIL\|ERROR\|XPASS\): *//p' "$1" | awk '{s+=$1} END {print s+0}')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	return 0
}

# integration_counts FILE - add an integration results file's totals
integration_counts() {
	passed=$((passed + $(grep -c '^PASS' "$1")))
	failed=$((failed + $(grep -c '^FAIL' "$1")))
	return 0
}

if [ "$(id -u)" -ne 0 ]; then
	echo "run-all.sh: run as root (it installs packages and runs Postfix)" >&2
	exit 1
fi

stage "dependencies"
"$top/scripts/install-deps.sh" || { echo "dependency installation failed"; exit 1; }

stage "build"
{ autoreconf -fi && ./configure --enable-fatal-warnings && make -j2; } >"$log/build.log" 2>&1 \
	|| { tail -n 40 "$log/build.log"; echo "0 passed, 1 failed"; exit 1; }

stage "make check (unit tests, meta-data, corpus replay)"
make -j2 check >"$log/check.log" 2>&1
grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):' "$log/check.log"
automake_counts "$log/check.log"
if grep -q '^\(FAIL\|ERROR\):' "$log/check.log"; then
	cat tests/unit/*.log 2>/dev/null | grep -E 'FAILED|ERROR' | head -20
fi

stage "static analysis (make cppcheck, make shellcheck)"
for tool in cppcheck shellcheck; do
	if make "$tool" >"$log/$tool.log" 2>&1; then
		echo "PASS: make $tool"
		passed=$((passed + 1))
	else
		tail -n 20 "$log/$tool.log"
		echo "FAIL: make $tool"
		failed=$((failed + 1))
	fi
done

if [ -x tests/sanitize-check.sh ]; then
	stage "make check under ASan+UBSan"
	tests/sanitize-check.sh >"$log/sanitize.log" 2>&1
	san_rc=$?
	grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):' "$log/sanitize.log"
	automake_counts "$log/sanitize.log"
	# a build or copy that failed before make check counts, never silently
	if [ "$san_rc" -ne 0 ] && ! grep -q '^# \(FAIL\|ERROR\): *[1-9]' "$log/sanitize.log"; then
		tail -n 20 "$log/sanitize.log"
		echo "FAIL: tests/sanitize-check.sh exited $san_rc"
		failed=$((failed + 1))
	fi
fi

stage "install"
make install >"$log/install.log" 2>&1 || { tail -n 20 "$log/install.log"; failed=$((failed + 1)); }

stage "integration and cluster tests (real Postfix, corosync + Pacemaker; ${T_JOBS:-2} integration scripts at once)"
T_ROOT=/tmp/pfkit-it T_JOBS=${T_JOBS:-2} tests/integration/run.sh
integration_counts /tmp/pfkit-it/results

stage "summary"
echo "logs in $log"
echo "total time: $(($(date +%s) - all_t0)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
