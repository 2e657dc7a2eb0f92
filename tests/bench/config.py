# config.py - what the benchmark measures and where, from its environment
#
# SYNOPSIS
#	from config import ...
#
# DESCRIPTION
#	Every setting of tests/bench/bench.py (see its header for the
#	environment variables), the agents, the actions, the metrics, and
#	log(), the progress line on stderr.
# LICENSE
#	GPL-2.0-or-later

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
LIB_SH = os.path.join(TOP, "tests", "integration", "lib.sh")

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
N_CHEAP = int(os.environ.get("BENCH_N", "5" if QUICK else "30"))
N_LIFE = int(os.environ.get("BENCH_N_LIFE", "2" if QUICK else "10"))
QUEUE_LEVELS = [int(x) for x in os.environ.get(
    "BENCH_QUEUE", "0 500" if QUICK else "0 10000 50000").split()]
COLD_LEVELS = [int(x) for x in os.environ.get(
    "BENCH_COLD_QUEUE", "0 500" if QUICK else "0 50000 200000").split()]
N_COLD = int(os.environ.get("BENCH_N_COLD", "1" if QUICK else "3"))
SECTIONS = set(os.environ.get("BENCH_SECTIONS", "cheap life cold").split())
COLD_AGENTS = ["pfkit", "pfkit-full", "heartbeat"]
BIG_LEVELS = [int(x) for x in os.environ.get(
    "BENCH_BIG_QUEUE", "200000 1000000").split()]
BIG_AGENTS = os.environ.get("BENCH_BIG_AGENTS", "pfkit pfkit-full heartbeat").split()
BIG_STOP_AT = int(os.environ.get("BENCH_BIG_STOP_AT", "200000"))
N_BIG_STOP = int(os.environ.get("BENCH_N_BIG_STOP", "3"))
START_TIMEOUT_MS = "60000"      # agents/pf_metadata.c: <action name="start" timeout="60s">
STAMP = os.path.join(os.environ.get("T_ROOT", "/tmp/pfkit-bench"), "bench",
                     "queue", "pid", "pfkit-queue.stamp")
T_ROOT = os.environ.get("T_ROOT", "/tmp/pfkit-bench")
ADDR = os.environ.get("BENCH_ADDR", "127.0.0.60")
PORTS = [int(p) for p in os.environ.get("BENCH_PORTS", "25 587").split()]
NAME = "bench"
ETC = os.path.join(T_ROOT, NAME, "etc")
QUEUE = os.path.join(T_ROOT, NAME, "queue")
JSON_PATH = os.environ.get("BENCH_JSON", os.path.join(T_ROOT, "bench.json"))
STRICT = os.environ.get("BENCH_STRICT", "") not in ("", "0")
POSTFIX = "/usr/sbin/postfix"

# the machine's floor: fork + exec + exit of the smallest program, measured
# the same way; no agent that is a program of its own can go below it
FLOOR = "/bin/true"

AGENTS = {
    "floor": FLOOR,
    "pfkit": os.environ.get("AGENT", os.path.join(TOP, "agents", "ocf-postfix")),
    "heartbeat": os.environ.get(
        "HB_AGENT", "/usr/lib/ocf/resource.d/heartbeat/postfix"),
}
ORDER = ["pfkit", "heartbeat"]
# the life section's third column: Postfix's own start (master -w until
# every listener greets) and stop (SIGKILL to the master until the last
# process left), with no agent: what no agent's start or stop can beat
ALONE = "postfix-alone"
LISTENERS = [(ADDR, p) for p in PORTS]


T_BEGIN = time.monotonic()

def log(msg):
    """log - progress to stderr, so stdout stays the report"""
    print("bench: [%5.1fs] %s" % (time.monotonic() - T_BEGIN, msg),
          file=sys.stderr, flush=True)



ERRFILE = os.path.join(T_ROOT, "agent.stderr")
SPAWN = os.environ.get("BENCH_SPAWN", os.path.join(
    os.environ.get("top_builddir", TOP), "tests", "bench", "bench-spawn"))


CHEAP = [
    ("monitor", "monitor", {"OCF_RESKEY_CRM_meta_interval": "30000"}),
    ("probe", "monitor", {"OCF_RESKEY_CRM_meta_interval": "0"}),
    # level 10: this node's checks and postfix check, what heartbeat's
    # validate-all always does (pfkit's default level 0 runs nothing)
    ("validate-all", "validate-all", {"OCF_CHECK_LEVEL": "10"}),
]

METRICS = [("wall_ms", "wall ms", 2), ("cpu_ms", "cpu ms", 2),
           ("procs", "procs", 0), ("rss_kb", "maxrss KiB", 0)]
LIFE_KEYS = (("start", ("greet_ms", "return_ms", "lag_ms", "cpu_ms", "procs")),
             ("stop", ("return_ms", "gone_ms", "lag_ms", "cpu_ms", "procs")))
