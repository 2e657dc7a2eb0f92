# report.py - the figures as text, Markdown and targets
#
# SYNOPSIS
#	import report
#
# DESCRIPTION
#	summary() reduces runs to median [min-max]; table() is the one
#	table renderer, fixed-width text or Markdown from the same rows;
#	report() prints the text report and returns the summary, the
#	targets and the unexpected exit codes; markdown() is the same
#	figures as docs/benchmarks.md shows them.
# LICENSE
#	GPL-2.0-or-later

import os
import platform
import statistics
import subprocess
import sys
import time

from config import (ALONE, CHEAP, COLD_AGENTS, FLOOR, LIFE_KEYS, LISTENERS, METRICS,
                    N_CHEAP, N_COLD, N_LIFE, ORDER)


def summary(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals),
            "max": max(vals), "n": len(vals)}


def fmt(s, digits=2):
    if s is None:
        return "n/a"
    if all(float(s[k]).is_integer() for k in ("median", "min", "max")) and digits == 0:
        return "%d [%d-%d]" % (s["median"], s["min"], s["max"])
    return "%.*f [%.*f-%.*f]" % (digits, s["median"], digits, s["min"], digits, s["max"])


def ratio(a, b):
    if a is None or b is None or not b["median"]:
        return None
    return a["median"] / b["median"]




def table(cols, rows, md):
    """table - the one table renderer: cols are (title, width, right),
    rows tuples of text; Markdown (md) or fixed-width text lines"""
    rows = [tuple("" if x is None else str(x) for x in r) for r in rows]
    if md:
        out = []
        for r in [tuple(c[0] for c in cols)] + rows:
            ln = "| %s |" % " | ".join(r)
            while "|  |" in ln:
                ln = ln.replace("|  |", "| |")
            out.append(ln)
        out.insert(1, "|%s|" % "|".join("---:" if c[2] else "---" for c in cols))
        return out
    out = []
    for r in [tuple(c[0] for c in cols)] + rows:
        out.append(" ".join("%-*s" % (c[1], x) for c, x in zip(cols, r)).rstrip())
    return out


QUEUE_COLS = (("queued", 7, True), ("action", 19, False), ("metric", 11, False),
              ("pfkit", 26, True), ("heartbeat", 26, True), ("pf/hb", 0, True))


def queue_rows(S):
    """queue_rows - (level, action, metric, pfkit, heartbeat, pf/hb), then
    the floor"""
    for level in sorted(S["queue"], key=int):
        for act, _, _ in CHEAP:
            for m, label, dg in METRICS:
                pf = S["queue"][level]["pfkit"][act][m]
                hb = S["queue"][level]["heartbeat"][act][m]
                r = ratio(pf, hb)
                yield (level, act, label, fmt(pf, dg), fmt(hb, dg),
                       "n/a" if r is None else "%.4f" % r)
    fl = S["floor"]
    yield ("0", "`%s` (floor)" % FLOOR, "wall ms", fmt(fl["wall_ms"]), "", "")
    yield ("0", "`%s` (floor)" % FLOOR, "cpu ms", fmt(fl["cpu_ms"]), "", "")


LIFE_COLS = (("action", 7, False), ("metric", 11, False), ("pfkit", 26, True),
             ("heartbeat", 26, True), ("Postfix alone", 0, True))


def life_rows(S):
    """life_rows - (action, metric, pfkit, heartbeat, Postfix alone) of
    start and stop"""
    alone = S["life"].get(ALONE)
    for act, keys in LIFE_KEYS if S["life"] else []:
        for k in keys:
            dg = 0 if k == "procs" else 1
            yield (act, k.replace("_ms", " ms"), fmt(S["life"]["pfkit"][act][k], dg),
                   fmt(S["life"]["heartbeat"][act][k], dg),
                   fmt(alone[act][k], dg) if alone else "n/a")


def over_alone(S):
    """over_alone - what pfkit's start and stop add to Postfix's own (the
    medians: pfkit's return against Postfix alone's last greeting, or its
    last exit), the lines under the life table"""
    alone = S["life"].get(ALONE)
    if not alone:
        return []
    out = []
    for act, mine, theirs, what in (
            ("start", "return_ms", "greet_ms", "master -w until every listener greets"),
            ("stop", "return_ms", "gone_ms", "SIGKILL to the master until the last process left")):
        pf, al = S["life"]["pfkit"][act][mine], alone[act][theirs]
        if pf is None or al is None:
            continue
        out.append("%s: pfkit returns %.1f ms after it began; Postfix alone (%s) "
                   "takes %.1f ms: the agent's own part is %.1f ms (medians)." % (
                       act, pf["median"], what, al["median"], pf["median"] - al["median"]))
    return out


COLD_COLS = (("queued", 7, True), ("agent", 11, False), ("greet ms", 26, True),
             ("return ms", 0, True))


def cold_rows(S):
    """cold_rows - (level, agent, greet, return) of the cold starts"""
    for level in sorted(S.get("cold", {}), key=int):
        for a in COLD_AGENTS:
            c = S["cold"][level][a]
            yield (level, a, fmt(c["greet_ms"], 0), fmt(c["return_ms"], 0))


BIG_COLS = (("queued", 8, True), ("agent", 11, False), ("rc", 3, True),
            ("greet ms", 10, True), ("return ms", 0, True))


def big_rows(big):
    """big_rows - (level, agent, rc, greet, return) of each big cold start"""
    for level in sorted(big["cold"], key=int):
        for a, runs in big["cold"][level].items():
            for r in runs:
                yield (level, a, r["rc"], "n/a" if r.get("greet_ms") is None
                       else "%.0f" % r["greet_ms"], "%.0f" % r["return_ms"])


def big_notes(big):
    """big_notes - the big section's stops, fills and checks, one a line"""
    for level, runs in big["stop"].items():
        for r in runs:
            yield ("stop at %s queued: rc=%d, return %.0f ms, last process gone %s ms, "
                   "lag %s ms, %d left" % (
                       level, r["rc"], r["return_ms"],
                       "n/a" if r.get("gone_ms") is None else "%.0f" % r["gone_ms"],
                       "n/a" if r.get("lag_ms") is None else "%.1f" % r["lag_ms"], r["left"]))
    for f in big["fills"]:
        yield "queue fill to %d: %.1f s (%.0f messages/s)" % (
            f["target"], f["seconds"], f["rate"])
    for c in big["checks"]:
        yield "at %d: %d queue files before the starts, %d after, the same files: %s" % (
            c["level"], c["files_before"], c["files_after"], "yes" if c["same_files"] else "NO")
    q = big.get("showq", {})
    yield "postqueue lists %s messages, %s distinct senders (%.0f s); %s queue files" % (
        q.get("messages"), q.get("senders"), q.get("seconds", 0), q.get("files"))
    rl = big.get("released", {})
    yield "released and flushed %s: delivery tried for %d of %d" % (
        " ".join(rl.get("qids", [])), len(rl.get("tried", [])), len(rl.get("qids", [])))


def big_lines(big, md):
    """big_lines - the big-queue section: its table, then its notes"""
    if not big:
        return []
    L = ["", "Big queue (copies of one held message, written straight into the "
         "hold queue), one cold start per agent and level:", ""]
    L += table(BIG_COLS, big_rows(big), md)
    L += [""] + [("- " if md else "") + n for n in big_notes(big)]
    return L


TARGET_COLS = (("target", 66, False), ("this run", 48, True), ("", 0, False))


def target_rows(T):
    """target_rows - (target, figure and note, PASS or MISS)"""
    for t in T:
        v = target_value(t)
        if t.get("note"):
            v += "; " + t["note"]
        yield (t["target"], v, "PASS" if t["pass"] else "MISS")


def target_value(t):
    """target_value - a target's figure as text, with its maximum"""
    v = "n/a" if t["value"] is None else "%s %s" % (t["value"], t["unit"])
    if t.get("max") is not None:
        v += " (max %s)" % t["max"]
    return v


def machine():
    info = {"nproc": os.cpu_count(), "kernel": platform.release()}
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    info["cpu"] = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        info["postfix"] = subprocess.run(
            ["postconf", "-dh", "mail_version"], capture_output=True,
            text=True).stdout.strip()
    except OSError:
        pass
    try:
        info["resource_agents"] = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "resource-agents"],
            capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    with open("/proc/loadavg") as f:
        info["loadavg_start"] = f.read().split()[:3]
    return info


def unexpected_rcs(results):
    """unexpected_rcs - (agent, where, action, rc, stderr) of every odd answer"""
    bad = []
    for a in ORDER:
        for level, acts in results["queue"].items():
            for action, runs in acts[a].items():
                for r in runs:
                    if r["rc"] != 0:
                        bad.append((a, "queue=%s" % level, action, r["rc"], r.get("stderr", "")))
        for action, runs in results["life"].get(a, {}).items():
            for r in runs:
                if r["rc"] != 0:
                    bad.append((a, "life", action, r["rc"], r.get("stderr", "")))
    for level, per in results.get("cold", {}).items():
        for a, runs in per.items():
            for r in runs:
                if r["rc"] != 0:
                    bad.append((a, "cold queue=%s" % level, "start", r["rc"],
                                r.get("stderr", "")))
    big = results.get("big") or {}
    for level, per in big.get("cold", {}).items():
        for a, runs in per.items():
            bad.extend((a, "big queue=%s" % level, "start", r["rc"], r.get("stderr", ""))
                       for r in runs if r["rc"] != 0)
    for level, runs in big.get("stop", {}).items():
        bad.extend(("pfkit", "big queue=%s" % level, "stop", r["rc"], r.get("stderr", ""))
                   for r in runs if r["rc"] != 0)
    return bad


def cold_target(S, t):
    """cold_target - start at the largest cold level within 1.5x empty"""
    levels = sorted(int(x) for x in S.get("cold", {}))
    if len(levels) < 2 or levels[0] != 0:
        return
    top = str(levels[-1])
    for a in ("pfkit", "pfkit-full"):
        r = ratio(S["cold"][top][a]["greet_ms"], S["cold"]["0"][a]["greet_ms"])
        bad = sorted({rc for lv in ("0", top) for rc in S["cold"][lv][a]["rcs"] if rc})
        t.append({"target": "%s: cold start-to-greeting at %s queued <= 1.5x empty"
                  % (a, top), "value": None if r is None else round(r, 2),
                  "unit": "x", "pass": r is not None and r <= 1.5 and not bad
                  and int(top) >= 200000,
                  "note": ("answered %s" % bad) if bad else
                  (None if int(top) >= 200000 else "needs the 200000 level")})


def targets(S):
    """targets - the issue's goals, from this run's figures"""
    t = []
    q0 = S["queue"].get("0")
    cold_target(S, t)
    if not S["queue"] or not S["life"]:
        return t

    def answered(entries):
        """answered - a figure counts only if every run answered 0"""
        bad = sorted({rc for e in entries for rc in e["rcs"] if rc != 0})
        return None if not bad else "pfkit answered %s" % ",".join(map(str, bad))

    def add(d, entries):
        why = answered(entries)
        if why:
            d["pass"] = False
            d["note"] = why + ("; " + d["note"] if d.get("note") else "")
        t.append(d)

    def speed(action, metric, label):
        pf = q0["pfkit"][action][metric] if q0 else None
        hb = q0["heartbeat"][action][metric] if q0 else None
        r = ratio(hb, pf)
        best = ratio(hb, S["floor"][metric])
        add({"target": "%s >= 100x faster than heartbeat (%s)" % (action, label),
             "value": None if r is None else round(r, 1), "unit": "x",
             "pass": r is not None and r >= 100,
             "note": None if best is None else
             "an empty program would reach %.0fx" % best},
            [q0["pfkit"][action], q0["heartbeat"][action]] if q0 else [])

    for action in ("monitor", "probe"):
        speed(action, "wall_ms", "wall")
        speed(action, "cpu_ms", "cpu")
    mx = None
    for level, per in S["queue"].items():
        p = per["pfkit"]["monitor"]["procs"]
        if p is not None:
            mx = p["max"] if mx is None else max(mx, p["max"])
    add({"target": "depth-0 monitor spawns 0 processes (max over all runs)",
         "value": mx, "unit": "procs", "pass": mx == 0},
        [per["pfkit"]["monitor"] for per in S["queue"].values()])
    levels = sorted(int(x) for x in S["queue"])
    top = levels[-1]
    r = None
    if q0 and top > 0:
        r = ratio(S["queue"][str(top)]["pfkit"]["monitor"]["wall_ms"],
                  q0["pfkit"]["monitor"]["wall_ms"])
    add({"target": "monitor at %d queued <= 1.2x empty (wall)" % top,
         "value": None if r is None else round(r, 2), "unit": "x",
         "pass": r is not None and r <= 1.2 and top >= 50000,
         "note": None if top >= 50000 else "needs the 50000 level (full run)"},
        [S["queue"][str(top)]["pfkit"]["monitor"]] + ([q0["pfkit"]["monitor"]] if q0 else []))
    for action, limit, after in (("start", 50, "every listener greets"),
                                 ("stop", 100, "the last process exits")):
        lag = S["life"]["pfkit"][action]["lag_ms"]
        add({"target": "%s returns <= %d ms after %s (median)" % (action, limit, after),
             "value": None if lag is None else round(lag["median"], 1), "unit": "ms",
             "max": None if lag is None else round(lag["max"], 1),
             "pass": lag is not None and lag["median"] <= limit},
            [S["life"]["pfkit"][action]])
    return t



def summarise(results):
    """summarise - the summary (medians and ranges) of every figure"""
    S = {"queue": {}, "life": {}}
    for level, acts in results["queue"].items():
        S["queue"][level] = {a: {act: dict({m: summary(runs, m) for m, _, _ in METRICS},
                                           rcs=sorted({r["rc"] for r in runs}))
                                 for act, runs in acts[a].items()} for a in ORDER}
    S["floor"] = {m: summary(results["floor"], m) for m, _, _ in METRICS} \
        if results.get("floor") else {m: None for m, _, _ in METRICS}
    S["cold"] = {}
    for level, per in results.get("cold", {}).items():
        S["cold"][level] = {a: dict({k: summary(runs, k) for k in ("greet_ms", "return_ms")},
                                    rcs=sorted({r["rc"] for r in runs}))
                            for a, runs in per.items()}
    if results.get("big"):
        S["big"] = results["big"]
    for a in ORDER + [ALONE] if results["life"] else []:
        if a not in results["life"]:
            continue
        S["life"][a] = {}
        for act, keys in LIFE_KEYS:
            S["life"][a][act] = {k: summary(results["life"][a][act], k) for k in keys}
            S["life"][a][act]["rcs"] = sorted({r["rc"] for r in results["life"][a][act]})
    return S


def tables(S, T, fills, md):
    """tables - every table and note of the report, text or Markdown"""
    L = []
    if S["queue"]:
        L += ["Median [min-max]; pf/hb is the ratio of the medians.", ""]
        L += table(QUEUE_COLS, queue_rows(S), md) + [""]
    if S["life"]:
        L += table(LIFE_COLS, life_rows(S), md) + [""]
        alone = over_alone(S)
        L += alone + ([""] if alone else [])
    if S.get("cold"):
        L += ["Cold-cache start (page cache dropped before each start), median "
              "[min-max] of %d: pfkit-full is pfkit before the queue stamp "
              "(postfix-script's whole integrity pass), pfkit is the start on the "
              "same filesystem (quick start)." % N_COLD, ""]
        L += table(COLD_COLS, cold_rows(S), md) + [""]
    L += big_lines(S.get("big"), md)
    for f in fills:
        L.append("Queue fill to %d: %.1f s (%.0f messages/s)." % (
            f["target"], f["seconds"], f["rate"]))
    if T:
        L += [""] + table(TARGET_COLS, target_rows(T), md)
    return L


def report(results, fills, info):
    """report - print the text report; (summary, targets, unexpected rcs)"""
    S = summarise(results)
    T = targets(S)
    w = sys.stdout.write
    w("pfkit benchmark: ocf:pfkit:postfix vs ocf:heartbeat:postfix, one Postfix instance\n")
    w("machine: %s, %s cores, kernel %s, postfix %s, resource-agents %s\n" % (
        info.get("cpu"), info["nproc"], info["kernel"], info.get("postfix"),
        info.get("resource_agents")))
    w("listeners: %s; runs: %d per cheap action, %d starts/stops; median [min-max]\n\n" % (
        " ".join("%s:%d" % l for l in LISTENERS), N_CHEAP, N_LIFE))
    for ln in tables(S, T, fills, False):
        w(ln + "\n")
    w("\nstart: greet = spawn until every listener sent 220; lag = return - greet\n")
    w("stop: gone = spawn until the last instance process exited; lag = return - gone\n")
    w("cpu: agent + reaped descendants (the daemonised master is not counted)\n")
    w("targets are informational; never an exit status\n")
    bad = unexpected_rcs(results)
    if bad:
        w("\nunexpected exit codes (%d runs):\n" % len(bad))
        seen = set()
        for a, where, act, rc, err in bad:
            if (a, act, rc) in seen:
                continue
            seen.add((a, act, rc))
            w("  %s %s %s: rc=%d %s\n" % (a, where, act, rc,
                                          err.strip().splitlines()[-1:] if err else ""))
    return S, T, bad


def markdown(S, T, info, fills):
    """markdown - the figures as docs/benchmarks.md shows them"""
    L = ["Measured %s UTC on: %s, %s cores (nproc), kernel %s, Postfix %s, "
         "resource-agents %s; load average %s at the start, %s at the end; "
         "%d runs per cheap action, %d starts and stops per agent; %.0f s in all." % (
             time.strftime("%Y-%m-%d %H:%M", time.gmtime()), info.get("cpu"),
             info["nproc"], info["kernel"], info.get("postfix"),
             info.get("resource_agents"), " ".join(info["loadavg_start"]),
             " ".join(info.get("loadavg_end", [])), N_CHEAP, N_LIFE, info["seconds"]), ""]
    return "\n".join(L + tables(S, T, fills, True)) + "\n"
