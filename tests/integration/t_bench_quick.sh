#!/bin/bash
# t_bench_quick.sh - the benchmark runs end to end (BENCH_QUICK=1, a few minutes:
# its cold-cache starts drop the page cache)
#
# Not a timing test: it checks that tests/bench/bench.py measured every
# figure for both agents against a real instance, that both agents answered
# 0 to every action, and that its JSON is complete. Figures are never judged.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"
top_builddir=${top_builddir:-$(cd "$here/../.." && pwd)}
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
spawn=$top_builddir/tests/bench/bench-spawn
T=bench_quick
if [ "${PFKIT_BENCH_QUICK:-1}" = 0 ]; then
	t_skip "$T" "PFKIT_BENCH_QUICK=0 (scripts/ci-trixie.sh sets it in the Debian 13 root: no process events connector there)"
	exit 0
fi

[ -x "$spawn" ] || make -C "$top_builddir" tests/bench/bench-spawn >/dev/null 2>&1
t_check $T "bench-spawn is built" yes "$([ -x "$spawn" ] && echo yes || echo no)"

json=$T_ROOT/bench-quick.json
rm -f "$json"
# fewer runs than make bench-quick (1 of each cheap action, 1 start and
# stop, 200 queued): the suite checks that every figure is measured, and
# the benchmark's CPU is taken from the scripts running beside it
out=$(BENCH_QUICK=1 BENCH_N=1 BENCH_N_LIFE=1 BENCH_QUEUE="0 200" BENCH_COLD_QUEUE="0 200" \
	BENCH_STRICT=1 BENCH_JSON=$json BENCH_SPAWN=$spawn AGENT=$AGENT \
	timeout 600 "$T_PY" "$top_srcdir/tests/bench/bench.py" 2>&1)
rc=$?
t_check $T "bench.py exits 0 (both agents answered 0 everywhere)" 0 $rc
[ $rc -eq 0 ] || printf '%s\n' "$out" | tail -15

# every figure measured for both agents, none missing
missing=$("$T_PY" - "$json" <<'PY' 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
miss = []
for level, per in d["summary"]["queue"].items():
    for agent in ("pfkit", "heartbeat"):
        for action, m in per[agent].items():
            for k, v in m.items():
                if v is None:
                    miss.append("%s/%s/%s/%s" % (level, agent, action, k))
for agent in ("pfkit", "heartbeat"):
    for action, m in d["summary"]["life"][agent].items():
        for k, v in m.items():
            if v is None:
                miss.append("life/%s/%s/%s" % (agent, action, k))
for level, per in d["summary"].get("cold", {}).items():
    for agent, m in per.items():
        for k, v in m.items():
            if v is None:
                miss.append("cold/%s/%s/%s" % (level, agent, k))
if len(d["summary"].get("cold", {})) < 2:
    miss.append("a cold start level")
if len(d["summary"]["queue"]) < 2:
    miss.append("a queue level")
if len(d["targets"]) < 7:
    miss.append("targets")
print(" ".join(miss))
PY
)
t_check $T "JSON holds every figure for both agents" "" "$missing"
t_check $T "the bench instance is gone" no "$([ -d "$T_ROOT/bench" ] && echo yes || echo no)"
