#!/usr/bin/env python3
# bench.py - pfkit (ocf:pfkit:postfix) against ocf:heartbeat:postfix, side by side
#
# SYNOPSIS
#	make bench			(full run)
#	make bench-quick		(BENCH_QUICK=1)
#	(how long each takes: docs/benchmarks.md, the one place that says)
#	AGENT=agents/ocf-postfix python3 tests/bench/bench.py [--json-stdout]
#
# DESCRIPTION
#	Both agents act on the same real Postfix instance, made with the
#	integration tests' lib.sh (t_instance_create) on lo addresses, in one
#	run, interleaved run by run so that both see the same machine noise.
#	It is a benchmark, not a test: it prints figures and exits 0 whatever
#	they are. It exits 1 only when it could not measure (not root, no
#	agent, the instance would not start), or, with BENCH_STRICT=1, when an
#	agent answered an unexpected exit code.
#
#	This file runs the agents and the sections; next to it: config.py
#	(every setting), events.py (the kernel's process events), instance.py
#	(the Postfix instance, through lib.sh, and its queue) and report.py
#	(summaries, the one table renderer for text and Markdown, targets).
#
#	How each figure is taken:
#	wall	CLOCK_MONOTONIC (time.perf_counter_ns) just before posix_spawn
#		(vfork+exec: no copy of this interpreter) to just after wait4.
#	cpu	ru_utime + ru_stime from wait4(): the agent and every
#		descendant it (or they) reaped. A daemonised process (the
#		Postfix master that start leaves behind) is not counted.
#	procs	processes created by the agent and its descendants while the
#		agent ran, counted from the kernel's process events connector
#		(netlink NETLINK_CONNECTOR / CN_IDX_PROC): every fork event
#		whose parent is in the agent's tree, threads excluded. Exact,
#		and it costs the measured processes nothing (no ptrace).
#	rss	ru_maxrss from wait4(): the largest peak RSS of the agent or
#		any one reaped descendant (KiB), not a sum.
#	start	"greet": from spawn until the last listener has sent its 220
#		greeting, seen by one poller thread per listener that connects
#		every millisecond from the moment of the spawn; "return": until
#		the agent returns; "lag" = return - greet.
#	stop	"return": until the agent returns; "gone": until the last
#		process of the instance (those whose cwd was the queue
#		directory when stop began, and their children) exited, from the
#		exit events' kernel timestamps; "lag" = return - gone.
#
#	cold start: at each BENCH_COLD_QUEUE level, per agent, the instance
#		is stopped, the page cache dropped (sync; echo 3 >
#		/proc/sys/vm/drop_caches: root only, as the whole bench), and
#		"greet" and "return" of start are taken as above: a node
#		taking over a queue it has never read. "pfkit-full" is pfkit
#		with its queue stamp removed first, so that postfix start runs
#		postfix-script's whole integrity pass: what pfkit did before
#		the stamp (the "before" figure); "pfkit" is the start on the
#		same filesystem (the stamp proves it: quick start).
#
#	big queue (BENCH_SECTIONS=big, not in the default run): one real
#		message is accepted over SMTP (held), and copies of its queue
#		file, each with its own sender (big0000001@...: same length, so
#		every record offset holds), are written straight into the hold
#		queue, each named after its inode as Postfix names a queue file
#		(a million in minutes, where SMTP needs hours). At each
#		BENCH_BIG_QUEUE level: a cold start per BENCH_BIG_AGENTS agent;
#		at BENCH_BIG_STOP_AT and on the empty queue first,
#		BENCH_N_BIG_STOP stops as above. Every start gets the start
#		timeout the meta-data advertises (60 s). The set
#		of queue files is compared before and after the starts, and at
#		the end postqueue must list every message once (one sender
#		each), and a few released and flushed messages must reach the
#		queue manager's delivery attempt (the maillog's "to=" line).
#
#	Queue levels: the instance puts every accepted message on hold
#	(smtpd_data_restrictions = static:HOLD), so nothing runs behind the
#	measurements; it is filled over SMTP with PIPELINING, several
#	connections at once, many messages per connection, and emptied with
#	postsuper -d ALL at the end.
#
# ENVIRONMENT
#	AGENT		pfkit agent (default: agents/ocf-postfix of this tree)
#	HB_AGENT	/usr/lib/ocf/resource.d/heartbeat/postfix
#	T_ROOT		/tmp/pfkit-bench
#	BENCH_ADDR	127.0.0.60	BENCH_PORTS	"25 587" (one smtpd each)
#	BENCH_QUICK=1	5 runs, 2 starts/stops, queue levels 0 and 500 (full: 30,
#		10, 0 10000 50000)
#	BENCH_N, BENCH_N_LIFE, BENCH_QUEUE ("0 10000 50000")	override
#	BENCH_COLD_QUEUE ("0 50000 200000"; quick: "0 500"), BENCH_N_COLD (3;
#		quick: 1): cold-cache start-to-greeting at those queue sizes
#	BENCH_SECTIONS	"cheap life cold" (default), "big" (opt-in): which parts run
#	BENCH_BIG_QUEUE ("200000 1000000"), BENCH_BIG_AGENTS ("pfkit
#		pfkit-full heartbeat"), BENCH_BIG_STOP_AT (200000),
#		BENCH_N_BIG_STOP (3): the big-queue section
#	BENCH_JSON	where to write the JSON (default: $T_ROOT/bench.json)
#	BENCH_STRICT=1	exit 1 if an agent answered an unexpected code
#	BENCH_MD	also write the figures as Markdown there (docs/benchmarks.md)
#	BENCH_SPAWN	the bench-spawn program (built by make bench)
# LICENSE
#	GPL-2.0-or-later
import json
import os
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
import report  # noqa: E402  (the modules next to this script)
from config import (ALONE, AGENTS, BIG_AGENTS, BIG_LEVELS, BIG_STOP_AT, CHEAP, COLD_AGENTS,
                    COLD_LEVELS, ERRFILE, ETC, JSON_PATH, LISTENERS, N_BIG_STOP,
                    N_CHEAP, N_COLD, N_LIFE, NAME, ORDER, POSTFIX, QUEUE, QUEUE_LEVELS, QUICK,
                    SECTIONS, SPAWN, STAMP, START_TIMEOUT_MS, STRICT, T_ROOT, log)
from events import PROC_EVENT_EXIT, PROC_EVENT_FORK, ProcEvents, now, tree_forks
from instance import (all_greet, big_template, daemon_directory, drop_caches, greet,
                      instance_create,
                      instance_destroy, instance_pids, instance_start, instance_stop,
                      queue_count, queue_fill, queue_fill_fast, queue_names,
                      showq_senders, wait_until)


# --- running an agent ----------------------------------------------------

def agent_env(extra):
    env = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "OCF_ROOT": "/usr/lib/ocf",
        "OCF_RESOURCE_INSTANCE": NAME,
        "OCF_RESKEY_config_dir": ETC,
        "OCF_RESKEY_binary": POSTFIX,
        "OCF_RESKEY_CRM_meta_timeout": "20000",
        "HA_LOGFACILITY": "none",
    }
    env.update(extra)
    return env



def run_agent(pe, agent, action, extra):
    """run_agent - one action as Pacemaker would run it, through bench-spawn"""
    return run_spawn(pe, [AGENTS[agent], action], agent_env(extra))


def run_spawn(pe, argv, env):
    """run_spawn - one command through bench-spawn: its times and processes"""
    pos = pe.mark() if pe.ok else 0
    lost = pe.lost
    # no timeout of our own: a start on a big queue may run for minutes,
    # and how long is the figure (Pacemaker's timeout is the action's)
    p = subprocess.run([SPAWN, ERRFILE] + argv, env=env,
                       stdout=subprocess.PIPE)
    f = p.stdout.split()
    if p.returncode != 0 or len(f) != 7:
        raise SystemExit("bench: bench-spawn failed for %s" % " ".join(argv))
    pid, rc, t0, t1, ut, st, rss = (int(x) for x in f)
    procs = None
    if pe.ok and pe.wait_exit(pid) and pe.lost == lost:
        procs = tree_forks(pe.since(pos), pid)
    res = {"rc": rc, "t0": t0, "t1": t1,
           "wall_ms": (t1 - t0) / 1e6,
           "cpu_ms": (ut + st) / 1e3,
           "procs": procs, "rss_kb": rss}
    if rc != 0:
        try:
            with open(ERRFILE, errors="replace") as fh:
                res["stderr"] = fh.read()[-600:]
        except OSError:
            pass
    return res



def bench_cheap(pe, n, floor=None):
    """bench_cheap - n runs of each cheap action per agent, interleaved"""
    out = {a: {name: [] for name, _, _ in CHEAP} for a in ORDER}
    for i in range(n):
        for name, action, extra in CHEAP:
            order = ORDER if i % 2 == 0 else ORDER[::-1]
            for a in order:
                out[a][name].append(run_agent(pe, a, action, extra))
            if floor is not None:
                floor.append(run_agent(pe, "floor", name, extra))
    return out


def poll_listener(addr, port, deadline, result, idx):
    """poll_listener - time of the first full 220 greeting on one listener"""
    while now() < deadline[0]:
        if greet(addr, port, timeout=min(5.0, max(0.05, (deadline[0] - now()) / 1e9))):
            result[idx] = now()
            return
        time.sleep(0.001)



def bench_start(pe, agent, before=None):
    """bench_start - start from stopped: greeting times and return time"""
    return timed_start(pe, lambda: run_agent(
        pe, agent, "start", {"OCF_RESKEY_CRM_meta_timeout": START_TIMEOUT_MS}), before)


def postfix_alone_start(pe):
    """postfix_alone_start - Postfix's own part of a start, no agent: the
    master as postfix-script's quick path runs it (master -c DIR -w), until
    every listener greets. No start of any agent can be sooner."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "MAIL_CONFIG": ETC}
    return timed_start(pe, lambda: run_spawn(
        pe, [os.path.join(daemon_directory(), "master"), "-c", ETC, "-w"], env))


def timed_start(pe, spawn, before=None):
    """timed_start - from stopped, spawn(): greeting times and return time"""
    instance_stop()
    if before is not None:
        before()
    greets = [None] * len(LISTENERS)
    deadline = [now() + 3600 * 10**9]      # until the agent returns, then 5 s
    # daemon threads: a signal that ends the bench never waits for them
    threads = [threading.Thread(target=poll_listener,
                                args=(a, p, deadline, greets, i), daemon=True)
               for i, (a, p) in enumerate(LISTENERS)]
    for t in threads:
        t.start()
    r = spawn()
    # a failed start ends the polling; a good one gets 5 s to be seen
    deadline[0] = now() + (5 * 10**9 if r["rc"] == 0 else 0)
    for t in threads:
        t.join(timeout=10)
    r["return_ms"] = r["wall_ms"]
    if all(g is not None for g in greets):
        last = max(greets)
        r["greet_ms"] = (last - r["t0"]) / 1e6
        r["lag_ms"] = (r["t1"] - last) / 1e6
    else:
        r["greet_ms"] = r["lag_ms"] = None
    return r


def bench_stop(pe, agent):
    """bench_stop - stop from running: return time and last-exit time"""
    return timed_stop(pe, lambda: run_agent(pe, agent, "stop", {}))


def postfix_alone_stop(pe):
    """postfix_alone_stop - Postfix's own part of a stop, no agent: SIGKILL
    to the master (postfix drain), until every process has left. Its
    "return" is the kill() itself."""
    def kill_master():
        with open(os.path.join(QUEUE, "pid", "master.pid")) as f:
            pid = int(f.read().split()[0])
        t0 = now()
        os.kill(pid, signal.SIGKILL)
        t1 = now()
        return {"rc": 0, "t0": t0, "t1": t1, "wall_ms": (t1 - t0) / 1e6,
                "cpu_ms": None, "procs": None, "rss_kb": None}
    return timed_stop(pe, kill_master)


def timed_stop(pe, spawn):
    """timed_stop - from running, spawn(): return time and last-exit time"""
    instance_start()
    tracked = set(instance_pids())
    r = spawn()
    # every tracked process and its children must exit; bounded
    exits = {}
    tree = set(tracked)
    pos = 0             # events come in order: each is looked at once
    # a stop that said 0 gets 10 s for the stragglers to be seen; else none
    end = time.monotonic() + (10 if r["rc"] == 0 else 0)
    while time.monotonic() < end:
        new = pe.since(pos)
        pos += len(new)
        for e in new:
            if e[0] == PROC_EVENT_FORK and e[3] in tree and e[4] == e[5]:
                tree.add(e[5])
            elif e[0] == PROC_EVENT_EXIT and e[2] == e[3] and e[3] in tree:
                exits[e[3]] = e[1]
        if len(exits) == len(tree):
            break
        time.sleep(0.005)
    left = instance_pids()
    r["return_ms"] = r["wall_ms"]
    r["left"] = len(left)
    if exits and len(exits) == len(tree) and not left:
        last = max(exits.values())
        r["gone_ms"] = (last - r["t0"]) / 1e6
        r["lag_ms"] = (r["t1"] - last) / 1e6
    else:
        r["gone_ms"] = r["lag_ms"] = None
    if left:
        instance_stop()
    return r


def bench_cold(pe, n, agents=None):
    """bench_cold - start-to-greeting on a cold cache, per agent"""
    agents = agents or COLD_AGENTS
    out = {a: [] for a in agents}
    for i in range(n):
        order = agents if i % 2 == 0 else agents[::-1]
        for a in order:
            def before(full=(a == "pfkit-full")):
                if full:
                    try:
                        os.unlink(STAMP)
                    except FileNotFoundError:
                        pass
                drop_caches()
            r = bench_start(pe, "pfkit" if a == "pfkit-full" else a, before)
            log("cold start %s: rc=%d greet %s ms, return %.0f ms" % (
                a, r["rc"], "n/a" if r["greet_ms"] is None else "%.0f" % r["greet_ms"],
                r["return_ms"]))
            out[a].append(r)
    return out


def released_seen(qids):
    """released_seen - qids whose delivery the queue manager tried (maillog)"""
    try:
        with open(os.path.join(T_ROOT, NAME, "maillog"), errors="replace") as f:
            log_text = f.read()
    except OSError:
        return set()
    return {q for q in qids if ("%s: to=<rcpt@pfkit.invalid>" % q) in log_text}


def restamp(pe):
    """restamp - pfkit's stamp back after a pfkit-full start that failed
    (it removes the stamp first): pfkit starts once more, warm, and writes
    it after its full pass; else the next level's quick start is none"""
    if "pfkit-full" not in BIG_AGENTS or os.path.exists(STAMP):
        return
    r = bench_start(pe, "pfkit")
    log("big: pfkit start to write the stamp again: rc=%d in %.0f ms" % (r["rc"], r["return_ms"]))


def bench_big(pe):
    """bench_big - start (cold) at each BIG level, stop at BIG_STOP_AT; the
    queue's files are the same ones before and after every start, and
    Postfix lists every message once at the end"""
    out = {"cold": {}, "stop": {}, "fills": [], "checks": []}
    level0 = queue_count()
    log("big: %d cold start(s) at %d queued" % (len(BIG_AGENTS), level0))
    out["cold"][str(level0)] = bench_cold(pe, 1, BIG_AGENTS)
    restamp(pe)
    # stops at this level too: what the stop at BIG_STOP_AT compares with
    log("big: %d stops at %d queued" % (N_BIG_STOP, level0))
    out["stop"][str(level0)] = [bench_stop(pe, "pfkit") for _ in range(N_BIG_STOP)]
    instance_start()
    tmpl = big_template()
    nxt = 1
    for level in BIG_LEVELS:
        log("big: filling the queue to %d (copies of the template)" % level)
        had = queue_count()
        secs, have, nxt = queue_fill_fast(level, tmpl, nxt)
        out["fills"].append({"target": level, "seconds": secs, "queued": have,
                             "rate": (have - had) / secs if secs else 0.0})
        log("big: %d queued after %.1f s" % (have, secs))
        names = queue_names()
        if level == BIG_STOP_AT:
            log("big: %d stops at %d queued" % (N_BIG_STOP, have))
            out["stop"][str(level)] = [bench_stop(pe, "pfkit") for _ in range(N_BIG_STOP)]
            for r in out["stop"][str(level)]:
                log("big: stop rc=%d return %.0f ms, lag %s ms" % (
                    r["rc"], r["return_ms"], "n/a" if r["lag_ms"] is None else "%.1f" % r["lag_ms"]))
        out["cold"][str(level)] = bench_cold(pe, 1, BIG_AGENTS)
        restamp(pe)
        instance_start()
        after = queue_names()
        out["checks"].append({"level": level, "files_before": len(names),
                              "files_after": len(after), "same_files": names == after})
        log("big: %d queue files before the starts, %d after, the same ones: %s" % (
            len(names), len(after), names == after))
    # Postfix's own view: every message once, every copy's sender once
    t0 = time.monotonic()
    n, distinct = showq_senders()
    out["showq"] = {"messages": n, "senders": distinct,
                    "seconds": time.monotonic() - t0, "files": queue_count()}
    log("big: postqueue lists %d messages, %d distinct senders (%.0f s); %d files" % (
        n, distinct, out["showq"]["seconds"], out["showq"]["files"]))
    # deliverable: a few copies released and flushed; the queue manager
    # reads each and tries the recipient (deferred: nothing leaves here)
    qids = sorted(os.listdir(os.path.join(QUEUE, "hold")))[:: max(1, n // 3)][:3]
    for q in qids:
        subprocess.run(["postsuper", "-c", ETC, "-H", q], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60)
        subprocess.run(["postqueue", "-c", ETC, "-i", q], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60)
    wait_until(lambda: released_seen(qids) == set(qids), 120, 0.5)
    out["released"] = {"qids": qids, "tried": sorted(released_seen(qids))}
    log("big: released %s; delivery tried for %d" % (" ".join(qids), len(out["released"]["tried"])))
    return out


def bench_life(pe, n):
    """bench_life - n starts and stops per agent, and of Postfix alone"""
    out = {a: {"start": [], "stop": []} for a in ORDER + [ALONE]}
    for i in range(n):
        order = ORDER if i % 2 == 0 else ORDER[::-1]
        for a in order:
            out[a]["start"].append(bench_start(pe, a))
            out[a]["stop"].append(bench_stop(pe, a))
        out[ALONE]["start"].append(postfix_alone_start(pe))
        out[ALONE]["stop"].append(postfix_alone_stop(pe))
    return out


def strip_raw(results):
    """strip_raw - per-run values for the JSON, without timestamps"""
    def clean(r):
        return {k: v for k, v in r.items() if k not in ("t0", "t1", "stderr")}
    out = {"queue": {}, "life": {}, "floor": [clean(r) for r in results["floor"]]}
    for level, acts in results["queue"].items():
        out["queue"][level] = {a: {act: [clean(r) for r in runs]
                                   for act, runs in acts[a].items()} for a in ORDER}
    for a in ORDER + [ALONE]:
        out["life"][a] = {act: [clean(r) for r in runs]
                          for act, runs in results["life"].get(a, {}).items()}
    out["cold"] = {level: {a: [clean(r) for r in runs] for a, runs in per.items()}
                   for level, per in results.get("cold", {}).items()}
    return out


def on_signal(signum, _frame):
    """on_signal - end through main()'s finally, which removes the instance"""
    raise SystemExit("bench: signal %d" % signum)


def main():
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if os.geteuid() != 0:
        raise SystemExit("bench: must run as root (it runs a real Postfix instance)")
    if not os.access(SPAWN, os.X_OK):
        raise SystemExit("bench: %s is not built (make bench builds it)" % SPAWN)
    for a, p in AGENTS.items():
        if not os.access(p, os.X_OK):
            raise SystemExit("bench: agent %s: %s is not executable" % (a, p))
    os.makedirs(T_ROOT, exist_ok=True)
    t_begin = time.monotonic()
    info = report.machine()
    pe = ProcEvents()
    results = {"queue": {}, "life": {}}
    fills = []
    log("creating instance %s on %s" % (NAME, " ".join("%s:%d" % l for l in LISTENERS)))
    instance_create()
    try:
        instance_start()
        # warm every smtpd once so the first measured run is not special
        all_greet()
        cheap = set(QUEUE_LEVELS) if "cheap" in SECTIONS else set()
        cold = set(COLD_LEVELS) if "cold" in SECTIONS else set()
        results["floor"] = []
        results["cold"] = {}
        if "cheap" in SECTIONS:
            cheap.add(0)
            log("queue 0: %d runs of monitor, probe, validate-all per agent" % N_CHEAP)
            results["queue"]["0"] = bench_cheap(pe, N_CHEAP, results["floor"])
        if "life" in SECTIONS:
            log("start/stop: %d each per agent" % N_LIFE)
            results["life"] = bench_life(pe, N_LIFE)
        instance_start()
        for level in sorted(cheap | cold):
            if level > 0:
                log("filling the queue to %d messages" % level)
                secs, have = queue_fill(level)
                fills.append({"target": level, "seconds": secs, "queued": have,
                              "rate": (have / secs) if secs else 0.0})
            else:
                have = queue_count()
            all_greet()
            if level in cheap and level > 0:
                log("queue %d: %d runs per action per agent" % (have, N_CHEAP))
                results["queue"][str(level)] = bench_cheap(pe, N_CHEAP)
            if level in cold:
                log("queue %d: %d cold starts per agent" % (have, N_COLD))
                results["cold"][str(level)] = bench_cold(pe, N_COLD)
                instance_start()
        subprocess.run(["postsuper", "-c", ETC, "-d", "ALL"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        if "big" in SECTIONS:
            results["big"] = bench_big(pe)
    finally:
        instance_destroy()
    with open("/proc/loadavg") as f:
        info["loadavg_end"] = f.read().split()[:3]
    info["seconds"] = round(time.monotonic() - t_begin, 1)
    info["proc_events_lost"] = pe.lost
    S, T, bad = report.report(results, fills, info)
    doc = {"machine": info,
           "config": {"quick": QUICK, "n_cheap": N_CHEAP, "n_life": N_LIFE,
                      "n_cold": N_COLD, "cold_levels": COLD_LEVELS,
                      "sections": sorted(SECTIONS),
                      "queue_levels": QUEUE_LEVELS, "listeners": LISTENERS,
                      "agents": AGENTS},
           "summary": S, "targets": T, "fills": fills,
           "unexpected_rc": [{"agent": a, "where": w, "action": act, "rc": rc}
                             for a, w, act, rc, _ in bad],
           "runs": strip_raw(results)}
    with open(JSON_PATH, "w") as f:
        json.dump(doc, f, indent=1)
    sys.stdout.write("\nJSON: %s (%.0f s in all)\n" % (JSON_PATH, info["seconds"]))
    md = os.environ.get("BENCH_MD")
    if md:
        with open(md, "w") as f:
            f.write(report.markdown(S, T, info, fills))
        sys.stdout.write("markdown: %s\n" % md)
    if "--json-stdout" in sys.argv[1:]:
        json.dump(doc, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 1 if (STRICT and bad) else 0


if __name__ == "__main__":
    sys.exit(main())
