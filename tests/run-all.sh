#!/bin/bash
# run-all.sh - README command (2): on a fresh Debian 12 machine, as root,
# install every dependency, build, and run the whole test suite:
#   1. make check: cmocka unit tests, meta-data validation, fuzz corpus replay
#   2. static analysis (cppcheck, shellcheck), the libFuzzer harnesses
#      (make fuzz, 5 s each), then make check again in an
#      ASan+UBSan build
#   3. integration tests against real Postfix instances on 127.x.y.z and
#      cluster tests (real corosync + Pacemaker nodes in network
#      namespaces), in one run of tests/integration/run.sh: T_JOBS (2)
#      integration scripts at once, the cluster scripts beside them (see
#      run.sh for the schedule)
# and print one closing line "N passed, N failed, N skipped", and each
# stage's time.
#
# Skips: a test that cannot run here says SKIP with its reason (an
# integration or cluster script through lib.sh's t_skip, a make check
# script with automake's exit 77, a cmocka case with skip()). Each one is
# listed with its reason and counted as skipped, never as passed. A skip
# that this machine is meant to run fails the run: on a machine that ran
# scripts/install-deps.sh, as root, nothing is expected to skip, unless
# named in PFKIT_SKIPS_EXPECTED (blank-separated test names, the word
# before the reason: scripts/ci-trixie.sh names bench_quick there).
#
# 1 and 2 need nothing of 3 (their own build trees, no root-owned
# service), so they run beside it, after the build and install
# (tests/offline-checks.sh, in a session of its own whose autogroup has
# nice 19): the integration stage keeps the CPU it had, and they take what
# its scripts leave while they wait on Pacemaker's timers and Postfix.
# Their results and times are printed after it; their logs as before.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
log=${PFKIT_TEST_LOG:-/tmp/pfkit-test-logs}
mkdir -p "$log"
passed=0
failed=0
skipped=0
skips=()	# "NAME: reason" of every skip, for the summary
all_t0=$(date +%s)

stage_name="" stage_t0=""
# stage NAME - end the stage before (its time), start NAME
stage() {
	[ -n "$stage_t0" ] && echo "--- $stage_name: $(($(date +%s) - stage_t0)) s"
	stage_name=$*
	stage_t0=$(date +%s)
	printf '\n=== %s\n' "$*"
}

# skip_add NAME REASON - one skip: counted and kept for the summary
skip_add() {
	skipped=$((skipped + 1))
	skips+=("$1: $2")
}

# automake_counts LOG LABEL - add a make check run's totals: its passes and
# failures; each script it skipped (exit 77) and each program's cmocka
# cases skipped (the "[  SKIPPED ] N test(s)" lines offline-checks.sh and
# sanitize-check.sh copy from the unit tests' logs) as skips
automake_counts() {
	local p f line name
	p=$(sed -n 's/^# PASS: *//p' "$1" | tail -n 1)
	f=$(sed -n 's/^# \(FAIL\|ERROR\|XPASS\): *//p' "$1" | awk '{s+=$1} END {print s+0}')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	while read -r line; do
		name=${line#SKIP: }
		skip_add "${name##*/}" "skipped by $2 (exit 77: see its .log)"
	done < <(grep '^SKIP: ' "$1")
	while IFS=: read -r name line; do
		name=${name##*/}
		line=${line#*] }
		skip_add "${name%.log}" "$2: ${line%% *} cmocka cases skipped (see its .log)"
	done < <(grep -E '^[^:]*\.log:\[  SKIPPED \] *[0-9]+ test' "$1")
	return 0
}

# integration_counts FILE - add an integration results file's totals
integration_counts() {
	local name reason
	passed=$((passed + $(grep -c '^PASS' "$1")))
	failed=$((failed + $(grep -c '^FAIL' "$1")))
	while IFS= read -r reason; do
		reason=${reason#SKIP }
		name=${reason%%: *}
		skip_add "$name" "${reason#*: }"
	done < <(grep '^SKIP ' "$1")
	return 0
}

# skips_report - every skip with its reason; one not named in
# PFKIT_SKIPS_EXPECTED is a failure: this machine was meant to run it
skips_report() {
	local s name
	for s in "${skips[@]}"; do
		name=${s%%: *}
		case " ${PFKIT_SKIPS_EXPECTED:-} " in
		*" $name "*) echo "SKIP (expected here): $s" ;;
		*)
			echo "FAIL: unexpected skip (this machine is meant to run it): $s"
			failed=$((failed + 1))
			;;
		esac
	done
}

if [ "$(id -u)" -ne 0 ]; then
	echo "run-all.sh: run as root (it installs packages and runs Postfix)" >&2
	exit 1
fi

stage "dependencies"
"$top/scripts/install-deps.sh" || { echo "dependency installation failed"; exit 1; }

stage "build"
{ autoreconf -fi && ./configure --enable-fatal-warnings && make -j2 all tests/bench/bench-spawn; } >"$log/build.log" 2>&1 \
	|| { tail -n 40 "$log/build.log"; echo "0 passed, 1 failed"; exit 1; }

# offline_start - tests/offline-checks.sh (make check, cppcheck and
# ShellCheck, the sanitizer build's make check) in the background, in a
# session of its own: a process group that offline_stop ends by its pid
offline_pid=""
offline_start() {
	rm -f "$log"/{check,cppcheck,shellcheck,fuzz,sanitize}.{rc,secs}
	setsid -w tests/offline-checks.sh "$log" &
	offline_pid=$!
}
offline_stop() {
	[ -n "$offline_pid" ] || return 0
	kill -TERM -- "-$offline_pid" 2>/dev/null
	wait "$offline_pid" 2>/dev/null
	offline_pid=""
}
trap offline_stop EXIT
trap 'exit 130' INT TERM

# offline_secs NAME - "N s" that part took, or "did not run"
offline_secs() { if [ -f "$log/$1.secs" ]; then echo "$(cat "$log/$1.secs") s"; else echo "did not run"; fi; }
# offline_failed NAME - the part did not end with 0
offline_failed() { [ "$(cat "$log/$1.rc" 2>/dev/null)" != 0 ]; }

# offline_make_check NAME LABEL - the report of one make check run of
# offline_start (NAME: check, sanitize): its time, its test lines and
# counts; a run that failed before its tests (build, copy) counts as one
# failure, never silently
offline_make_check() {
	echo "$2: $(offline_secs "$1")"
	grep -E '^(PASS|FAIL|ERROR|XPASS|SKIP):' "$log/$1.log"
	automake_counts "$log/$1.log" "$2"
	if offline_failed "$1" && ! grep -q '^# \(FAIL\|ERROR\): *[1-9]' "$log/$1.log"; then
		tail -n 20 "$log/$1.log"
		echo "FAIL: $2 exited $(cat "$log/$1.rc" 2>/dev/null || echo '(none)')"
		failed=$((failed + 1))
	fi
}

# offline_report - the results of offline_start's parts, once ended
offline_report() {
	local tool
	offline_make_check check "make check (unit tests, meta-data, corpus replay)"
	if grep -q '^\(FAIL\|ERROR\):' "$log/check.log"; then
		cat tests/unit/*.log 2>/dev/null | grep -E 'FAILED|ERROR' | head -20
	fi
	for tool in cppcheck shellcheck fuzz; do
		if ! offline_failed "$tool"; then
			echo "PASS: make $tool ($(offline_secs "$tool"))"
			passed=$((passed + 1))
		else
			tail -n 20 "$log/$tool.log"
			echo "FAIL: make $tool"
			failed=$((failed + 1))
		fi
	done
	[ -x tests/sanitize-check.sh ] || return 0
	offline_make_check sanitize "make check under ASan+UBSan (tests/sanitize-check.sh)"
}

stage "install"
make install >"$log/install.log" 2>&1 || { tail -n 20 "$log/install.log"; failed=$((failed + 1)); }

offline_start
stage "integration and cluster tests (real Postfix, corosync + Pacemaker; ${T_JOBS:-2} integration scripts at once)"
T_ROOT=/tmp/pfkit-it T_JOBS=${T_JOBS:-2} tests/integration/run.sh
integration_counts /tmp/pfkit-it/results

stage "make check, static analysis (cppcheck, shellcheck), make fuzz (5 s each), make check under ASan+UBSan (beside the integration stage)"
wait "$offline_pid"
offline_pid=""
offline_report

stage "summary"
skips_report
echo "logs in $log"
echo "total time: $(($(date +%s) - all_t0)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
