#!/usr/bin/env python3
# bench.py - pfkit (ocf:pfkit:postfix) against ocf:heartbeat:postfix, side by side
#
# SYNOPSIS
#	make bench			(full run, ~10 minutes)
#	make bench-quick		(BENCH_QUICK=1, a few minutes)
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
import platform
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
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
LISTENERS = [(ADDR, p) for p in PORTS]


T_BEGIN = time.monotonic()


def log(msg):
    """log - progress to stderr, so stdout stays the report"""
    print("bench: [%5.1fs] %s" % (time.monotonic() - T_BEGIN, msg),
          file=sys.stderr, flush=True)


def now():
    """now - CLOCK_MONOTONIC in ns (the clock of the kernel's event stamps)"""
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


# --- process events (netlink connector) ---------------------------------

PROC_EVENT_FORK, PROC_EVENT_EXEC, PROC_EVENT_EXIT = 1, 2, 0x80000000


class ProcEvents:
    """ProcEvents - every fork/exit of the system, with kernel timestamps"""

    def __init__(self):
        self.events = []        # (what, ts_ns, a, b, c, d)
        self.lock = threading.Lock()
        self.lost = 0
        self.ok = False
        try:
            s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 11)
            try:
                s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)  # SO_RCVBUFFORCE
            except OSError:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
            s.bind((0, 1))                      # CN_IDX_PROC group
            op = struct.pack("=I", 1)           # PROC_CN_MCAST_LISTEN
            cn = struct.pack("=IIIIHH", 1, 1, 0, 0, len(op), 0) + op
            s.send(struct.pack("=IHHII", 16 + len(cn), 3, 0, 0, 0) + cn)
        except OSError as e:
            log("process events connector unavailable (%s): no process counts" % e)
            return
        self.sock = s
        self.ok = True
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        """_reader - parse connector messages as they come"""
        while True:
            try:
                d = self.sock.recv(1 << 16)
            except OSError:                     # ENOBUFS: events dropped
                self.lost += 1
                continue
            off = 0
            while off + 16 <= len(d):
                nlen = struct.unpack_from("=I", d, off)[0]
                if nlen < 16:
                    break
                p = off + 16 + 20               # nlmsghdr + cn_msg
                if p + 16 <= off + nlen:
                    what, _cpu, ts = struct.unpack_from("=IIQ", d, p)
                    if what in (PROC_EVENT_FORK, PROC_EVENT_EXIT, PROC_EVENT_EXEC):
                        a = struct.unpack_from("=4i", d, p + 16)
                        with self.lock:
                            self.events.append((what, ts) + a)
                off += (nlen + 3) & ~3

    def mark(self):
        """mark - drop old events; return the position of the next one"""
        with self.lock:
            del self.events[:]
            return 0

    def since(self, pos):
        with self.lock:
            return list(self.events[pos:])

    def wait_exit(self, pid, timeout=2.0):
        """wait_exit - until the exit event of pid has arrived"""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for e in self.since(0):
                if e[0] == PROC_EVENT_EXIT and e[2] == pid and e[3] == pid:
                    return True
            time.sleep(0.0005)
        return False


def tree_forks(events, root, until_ts=None):
    """tree_forks - processes forked in root's tree, before until_ts"""
    tree = {root}
    n = 0
    for e in events:
        if e[0] != PROC_EVENT_FORK:
            continue
        if until_ts is not None and e[1] > until_ts:
            break
        _w, _ts, _ppid, ptgid, cpid, ctgid = e
        if ptgid in tree and cpid == ctgid:
            tree.add(ctgid)
            n += 1
    return n


# --- the instance --------------------------------------------------------

def sh_lib(cmd, timeout=120):
    """sh_lib - run a lib.sh function in bash, with our T_ROOT"""
    env = dict(os.environ, T_ROOT=T_ROOT, T_RESULTS=os.path.join(T_ROOT, "results"))
    return subprocess.run(["bash", "-c", 'source "$0"; ' + cmd, LIB_SH],
                          env=env, timeout=timeout)


def instance_pids():
    """instance_pids - processes whose working directory is the queue"""
    q = os.path.realpath(QUEUE)
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            if os.readlink("/proc/%s/cwd" % d) == q:
                out.append(int(d))
        except OSError:
            pass
    return out


def greet(addr, port, timeout=1.0):
    """greet - connect, read the full 220 greeting; True when it came"""
    try:
        with socket.create_connection((addr, port), timeout=timeout) as s:
            buf = b""
            while True:
                d = s.recv(4096)
                if not d:
                    return False
                buf += d
                lines = buf.split(b"\r\n")
                for ln in lines[:-1]:
                    if ln[:4] == b"220 ":
                        s.sendall(b"QUIT\r\n")
                        return True
                    if ln[:4] != b"220-":
                        return False
    except OSError:
        return False


def wait_until(pred, timeout, step=0.01):
    """wait_until - poll pred, bounded"""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()


def all_greet():
    return all(greet(a, p) for a, p in LISTENERS)


def instance_create():
    """instance_create - lib.sh's instance, every listener, hold all mail"""
    r = sh_lib("t_instance_create %s %s %d" % (NAME, ADDR, PORTS[0]))
    if r.returncode != 0 or not os.path.isdir(ETC):
        raise SystemExit("bench: t_instance_create failed")
    for p in PORTS[1:]:
        subprocess.run(["postconf", "-c", ETC, "-M",
                        "%d/inet=%d inet n - n - - smtpd" % (p, p)], check=True)
    # No reverse DNS for the probe's address: this machine has no DNS, and
    # a lookup that times out (5 s, now and then) would time the resolver,
    # not the agent. A site with DNS answers it in about a millisecond.
    subprocess.run(["postconf", "-c", ETC, "-e",
                    "smtpd_peername_lookup = no",
                    "smtpd_data_restrictions = check_client_access static:HOLD",
                    "smtpd_client_connection_count_limit = 0",
                    "default_process_limit = 200"], check=True)


def instance_start():
    if not instance_pids():
        subprocess.run([POSTFIX, "-c", ETC, "start"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=1800)
    if not wait_until(all_greet, 30):
        raise SystemExit("bench: the instance did not greet on every listener")


def instance_stop():
    """instance_stop - SIGTERM to the master, then by pid what is left"""
    pids = instance_pids()
    if not pids:
        return
    subprocess.run([POSTFIX, "-c", ETC, "stop"], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=60)
    if not wait_until(lambda: not instance_pids(), 10):
        for p in instance_pids():
            try:
                os.kill(p, 9)
            except OSError:
                pass
        wait_until(lambda: not instance_pids(), 10)


def queue_count():
    n = 0
    for sub in ("maildrop", "incoming", "active", "deferred", "hold"):
        for root, _dirs, files in os.walk(os.path.join(QUEUE, sub)):
            n += len(files)
    return n


# --- filling the queue ---------------------------------------------------

def smtp_reply(f):
    """smtp_reply - one (possibly multi-line) reply; its code"""
    while True:
        ln = f.readline()
        if not ln:
            raise OSError("connection closed")
        if ln[3:4] != b"-":
            return int(ln[:3])


def fill_conn(port, count, errors):
    """fill_conn - count messages over one pipelined SMTP session"""
    try:
        s = socket.create_connection((ADDR, port), timeout=60)
        f = s.makefile("rb")
        if smtp_reply(f) != 220:
            raise OSError("no greeting")
        s.sendall(b"EHLO bench.pfkit.invalid\r\n")
        smtp_reply(f)
        env = (b"MAIL FROM:<bench@pfkit.invalid>\r\n"
               b"RCPT TO:<rcpt@pfkit.invalid>\r\nDATA\r\n")
        body = (b"From: bench@pfkit.invalid\r\nTo: rcpt@pfkit.invalid\r\n"
                b"Subject: pfkit bench\r\n\r\nheld by the benchmark\r\n.\r\n")
        s.sendall(env)
        for i in range(count):
            if smtp_reply(f) != 250 or smtp_reply(f) != 250 or smtp_reply(f) != 354:
                raise OSError("envelope refused")
            # end of data and the next envelope in one write (RFC 2920)
            s.sendall(body + (env if i + 1 < count else b""))
            if smtp_reply(f) != 250:
                raise OSError("message refused")
        s.sendall(b"QUIT\r\n")
        s.close()
    except OSError as e:
        errors.append(str(e))


def queue_fill(target):
    """queue_fill - bring the queue to target messages; seconds taken"""
    have = queue_count()
    need = target - have
    if need <= 0:
        return 0.0, have
    conns = 8
    per_msgs = 2000
    t0 = time.monotonic()
    errors = []
    while need > 0 and len(errors) < 10 and time.monotonic() - t0 < 600:
        batch = min(need, conns * per_msgs)
        threads = []
        for i in range(conns):
            c = batch // conns + (1 if i < batch % conns else 0)
            if c:
                t = threading.Thread(target=fill_conn,
                                     args=(PORTS[i % len(PORTS)], c, errors))
                t.start()
                threads.append(t)
        for t in threads:
            t.join(timeout=600)
        need = target - queue_count()
    if errors:
        log("queue fill: %d connection(s) failed, first: %s" % (len(errors), errors[0]))
    return time.monotonic() - t0, queue_count()


# --- filling the queue fast: copies of one real message --------------------

BIG_TOKEN = b"big0000000"       # in the template's sender; same length in copies


def big_sender(i):
    """big_sender - the sender token of copy i (as long as BIG_TOKEN)"""
    return b"big%07d" % i


def big_template():
    """big_template - one real message, accepted over SMTP and held: its
    queue file's bytes, owner and mode; the copies differ only in the
    sender token, which keeps every record's length (and so the offsets
    the size record gives)"""
    addr = (BIG_TOKEN + b"@pfkit.invalid").decode()
    s = socket.create_connection((ADDR, PORTS[0]), timeout=30)
    f = s.makefile("rb")
    ok = smtp_reply(f) == 220
    for cmd, code in ((b"EHLO bench.pfkit.invalid", 250),
                      (b"MAIL FROM:<" + addr.encode() + b">", 250),
                      (b"RCPT TO:<rcpt@pfkit.invalid>", 250), (b"DATA", 354),
                      (b"From: " + addr.encode() + b"\r\nTo: rcpt@pfkit.invalid\r\n"
                       b"Subject: pfkit bench, big queue\r\n\r\nheld by the benchmark\r\n.", 250),
                      (b"QUIT", 221)):
        if not ok:
            break
        s.sendall(cmd + b"\r\n")
        ok = smtp_reply(f) == code
    s.close()
    if not ok:
        raise SystemExit("bench: the template message was refused")
    hold = os.path.join(QUEUE, "hold")

    def found():
        for name in os.listdir(hold):
            with open(os.path.join(hold, name), "rb") as fh:
                data = fh.read()
            if BIG_TOKEN in data:
                st = os.stat(os.path.join(hold, name))
                return {"data": data, "uid": st.st_uid, "gid": st.st_gid,
                        "mode": st.st_mode & 0o7777, "name": name}
        return None
    t = None
    end = time.monotonic() + 30
    while t is None and time.monotonic() < end:
        t = found()
        time.sleep(0.05)
    if t is None:
        raise SystemExit("bench: the template message is not in the hold queue")
    log("template: hold/%s, %d bytes, mode %o" % (t["name"], len(t["data"]), t["mode"]))
    return t


def queue_fill_fast(target, tmpl, next_i):
    """queue_fill_fast - copies of the template into the hold queue, each
    named as Postfix names a queue file (short queue ID: 5 hex digits of
    microseconds, the inode number in hex), so that the queue is as
    Postfix would have written it; (seconds, queued, next index)"""
    hold = os.path.join(QUEUE, "hold")
    tmp = os.path.join(T_ROOT, NAME, "fill.tmp")   # same filesystem, outside the queue
    have = queue_count()
    t0 = time.monotonic()
    i = next_i
    data = tmpl["data"]
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    while have < target:
        fd = os.open(tmp, flags, 0o600)
        try:
            os.write(fd, data.replace(BIG_TOKEN, big_sender(i)))
            ino = os.fstat(fd).st_ino
            os.fchown(fd, tmpl["uid"], tmpl["gid"])
            os.fchmod(fd, tmpl["mode"])
        finally:
            os.close(fd)
        os.rename(tmp, os.path.join(hold, "%05X%X" % (time.time_ns() // 1000 % 1000000, ino)))
        have += 1
        i += 1
    return time.monotonic() - t0, queue_count(), i


def queue_names():
    """queue_names - the set of queue file paths (relative to the queue)"""
    out = set()
    for sub in ("maildrop", "incoming", "active", "deferred", "hold"):
        for root, _dirs, files in os.walk(os.path.join(QUEUE, sub)):
            r = os.path.relpath(root, QUEUE)
            out.update(os.path.join(r, f) for f in files)
    return out


def showq_senders():
    """showq_senders - (messages, distinct senders) as postqueue -j lists them"""
    p = subprocess.run(["postqueue", "-c", ETC, "-j"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, timeout=1800)
    n = 0
    senders = set()
    for ln in p.stdout.splitlines():
        m = json.loads(ln)
        n += 1
        senders.add(m["sender"])
    return n, len(senders)


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


ERRFILE = os.path.join(T_ROOT, "agent.stderr")
SPAWN = os.environ.get("BENCH_SPAWN", os.path.join(
    os.environ.get("top_builddir", TOP), "tests", "bench", "bench-spawn"))


def run_agent(pe, agent, action, extra):
    """run_agent - one action as Pacemaker would run it, through bench-spawn"""
    path = AGENTS[agent]
    env = agent_env(extra)
    pos = pe.mark() if pe.ok else 0
    lost = pe.lost
    # no timeout of our own: a start on a big queue may run for minutes,
    # and how long is the figure (Pacemaker's timeout is the action's)
    p = subprocess.run([SPAWN, ERRFILE, path, action], env=env,
                       stdout=subprocess.PIPE)
    f = p.stdout.split()
    if p.returncode != 0 or len(f) != 7:
        raise SystemExit("bench: bench-spawn failed for %s %s" % (agent, action))
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


CHEAP = [
    ("monitor", "monitor", {"OCF_RESKEY_CRM_meta_interval": "30000"}),
    ("probe", "monitor", {"OCF_RESKEY_CRM_meta_interval": "0"}),
    # level 10: this node's checks and postfix check, what heartbeat's
    # validate-all always does (pfkit's default level 0 runs nothing)
    ("validate-all", "validate-all", {"OCF_CHECK_LEVEL": "10"}),
]


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


def drop_caches():
    """drop_caches - a cold page cache; False when the kernel refused"""
    os.sync()
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError as e:
        log("drop_caches: %s: the cold figures are warm ones" % e)
        return False


def bench_start(pe, agent, before=None):
    """bench_start - start from stopped: greeting times and return time"""
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
    # the start timeout the meta-data advertises, as Pacemaker would pass it
    r = run_agent(pe, agent, "start", {"OCF_RESKEY_CRM_meta_timeout": START_TIMEOUT_MS})
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
    instance_start()
    tracked = set(instance_pids())
    r = run_agent(pe, agent, "stop", {})
    # every tracked process and its children must exit; bounded
    exits = {}
    tree = set(tracked)
    # a stop that said 0 gets 10 s for the stragglers to be seen; else none
    end = time.monotonic() + (10 if r["rc"] == 0 else 0)
    while time.monotonic() < end:
        tree = set(tracked)
        exits = {}
        for e in pe.since(0):
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
    out = {a: {"start": [], "stop": []} for a in ORDER}
    for i in range(n):
        order = ORDER if i % 2 == 0 else ORDER[::-1]
        for a in order:
            out[a]["start"].append(bench_start(pe, a))
            out[a]["stop"].append(bench_stop(pe, a))
    return out


# --- report --------------------------------------------------------------

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


METRICS = [("wall_ms", "wall ms", 2), ("cpu_ms", "cpu ms", 2),
           ("procs", "procs", 0), ("rss_kb", "maxrss KiB", 0)]
LIFE_KEYS = (("start", ("greet_ms", "return_ms", "lag_ms", "cpu_ms", "procs")),
             ("stop", ("return_ms", "gone_ms", "lag_ms", "cpu_ms", "procs")))


def queue_rows(S):
    """queue_rows - (level, action, metric, pfkit, heartbeat, pf/hb) as text"""
    for level in sorted(S["queue"], key=int):
        for act, _, _ in CHEAP:
            for m, label, dg in METRICS:
                pf = S["queue"][level]["pfkit"][act][m]
                hb = S["queue"][level]["heartbeat"][act][m]
                r = ratio(pf, hb)
                yield (level, act, label, fmt(pf, dg), fmt(hb, dg),
                       "n/a" if r is None else "%.4f" % r)


def cold_rows(S):
    """cold_rows - (level, agent, metric, figure, '', '') as text"""
    for level in sorted(S.get("cold", {}), key=int):
        for a in COLD_AGENTS:
            for k in ("greet_ms", "return_ms"):
                yield (level, a, k.replace("_ms", " ms"),
                       fmt(S["cold"][level][a][k], 0), "", "")


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


def report(results, fills, info):
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
    for a in ORDER if results["life"] else []:
        S["life"][a] = {}
        for act, keys in LIFE_KEYS:
            S["life"][a][act] = {k: summary(results["life"][a][act], k) for k in keys}
            S["life"][a][act]["rcs"] = sorted({r["rc"] for r in results["life"][a][act]})

    w = sys.stdout.write
    w("pfkit benchmark: ocf:pfkit:postfix vs ocf:heartbeat:postfix, one Postfix instance\n")
    w("machine: %s, %s cores, kernel %s, postfix %s, resource-agents %s\n" % (
        info.get("cpu"), info["nproc"], info["kernel"], info.get("postfix"),
        info.get("resource_agents")))
    w("listeners: %s; runs: %d per cheap action, %d starts/stops; median [min-max]\n\n" % (
        " ".join("%s:%d" % l for l in LISTENERS), N_CHEAP, N_LIFE))
    hdr = "%-7s %-13s %-11s %-26s %-26s %s\n"
    w(hdr % ("queue", "action", "metric", "pfkit", "heartbeat", "pf/hb"))
    for row in queue_rows(S):
        w(hdr % row)
    fl = S["floor"]
    w(hdr % ("0", "floor", "wall ms", fmt(fl["wall_ms"]), "(%s: fork+exec+exit)" % FLOOR, ""))
    w(hdr % ("0", "floor", "cpu ms", fmt(fl["cpu_ms"]), "", ""))
    w("\n")
    for act, keys in LIFE_KEYS if S["life"] else []:
        for k in keys:
            pf = S["life"]["pfkit"][act][k]
            hb = S["life"]["heartbeat"][act][k]
            r = ratio(pf, hb) if k != "lag_ms" else None
            w(hdr % ("-", act, k.replace("_ms", " ms"), fmt(pf, 0 if k == "procs" else 1),
                     fmt(hb, 0 if k == "procs" else 1), "n/a" if r is None else "%.4f" % r))
    if S.get("cold"):
        w("\ncold-cache start (page cache dropped before each): greet ms / return ms\n")
        w(hdr % ("queue", "agent", "metric", "median [min-max]", "", ""))
        for row in cold_rows(S):
            w(hdr % row)
    for ln in big_lines(results.get("big"), False):
        w(ln + "\n")
    w("\nstart: greet = spawn until every listener sent 220; lag = return - greet\n")
    w("stop: gone = spawn until the last instance process exited; lag = return - gone\n")
    w("cpu: agent + reaped descendants (the daemonised master is not counted)\n\n")
    for f in fills:
        w("queue fill to %d: %.1f s (%.0f msg/s), %d queued\n" % (
            f["target"], f["seconds"], f["rate"], f["queued"]))
    T = targets(S)
    w("\ntargets (informational; never an exit status):\n")
    for t in T:
        v = target_value(t)
        w("  %-4s %-64s %s%s\n" % ("PASS" if t["pass"] else "MISS", t["target"], v,
                                  "  [%s]" % t["note"] if t.get("note") else ""))
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


def big_lines(big, md):
    """big_lines - the big-queue section as text (md: Markdown) lines"""
    if not big:
        return []
    L = [""]
    if md:
        L += ["Big queue (copies of one held message, written straight into "
              "the hold queue), one cold start per agent and level:", "",
              "| queued | agent | rc | greet ms | return ms |", "|---:|---|---:|---:|---:|"]
    else:
        L += ["big queue (copies of one held message), cold start, one per agent and level:",
              "%-8s %-11s %-3s %-10s %s" % ("queue", "agent", "rc", "greet ms", "return ms")]
    for level in sorted(big["cold"], key=int):
        for a, runs in big["cold"][level].items():
            for r in runs:
                g = "n/a" if r.get("greet_ms") is None else "%.0f" % r["greet_ms"]
                row = (level, a, r["rc"], g, "%.0f" % r["return_ms"])
                L.append(("| %s | %s | %d | %s | %s |" if md else "%-8s %-11s %-3d %-10s %s") % row)
    for level, runs in big["stop"].items():
        for r in runs:
            lag = "n/a" if r.get("lag_ms") is None else "%.1f" % r["lag_ms"]
            gone = "n/a" if r.get("gone_ms") is None else "%.0f" % r["gone_ms"]
            L.append("%sstop at %s queued: rc=%d, return %.0f ms, last process gone %s ms, "
                     "lag %s ms, %d left%s" % ("- " if md else "", level, r["rc"], r["return_ms"],
                                               gone, lag, r["left"], "" if md else ""))
    for f in big["fills"]:
        L.append("%squeue fill to %d: %.1f s (%.0f messages/s)" % (
            "- " if md else "", f["target"], f["seconds"], f["rate"]))
    for c in big["checks"]:
        L.append("%sat %d: %d queue files before the starts, %d after, the same files: %s" % (
            "- " if md else "", c["level"], c["files_before"], c["files_after"],
            "yes" if c["same_files"] else "NO"))
    q = big.get("showq", {})
    L.append("%spostqueue lists %s messages, %s distinct senders (%.0f s); %s queue files" % (
        "- " if md else "", q.get("messages"), q.get("senders"), q.get("seconds", 0), q.get("files")))
    rl = big.get("released", {})
    L.append("%sreleased and flushed %s: delivery tried for %d of %d" % (
        "- " if md else "", " ".join(rl.get("qids", [])), len(rl.get("tried", [])),
        len(rl.get("qids", []))))
    return L


def markdown(S, T, info, fills):
    """markdown - the figures as docs/benchmarks.md shows them"""
    L = []
    a = L.append
    a("Measured %s UTC on: %s, %s cores (nproc), kernel %s, Postfix %s, "
      "resource-agents %s; load average %s at the start, %s at the end; "
      "%d runs per cheap action, %d starts and stops per agent; %.0f s in all." % (
          time.strftime("%Y-%m-%d %H:%M", time.gmtime()), info.get("cpu"),
          info["nproc"], info["kernel"], info.get("postfix"),
          info.get("resource_agents"), " ".join(info["loadavg_start"]),
          " ".join(info.get("loadavg_end", [])), N_CHEAP, N_LIFE, info["seconds"]))
    a("")
    a("Median [min-max]; pf/hb is the ratio of the medians.")
    a("")
    a("| queued | action | metric | pfkit | heartbeat | pf/hb |")
    a("|---:|---|---|---:|---:|---:|")
    for row in queue_rows(S):
        a("| %s | %s | %s | %s | %s | %s |" % row)
    fl = S["floor"]
    a("| 0 | `%s` (floor) | wall ms | %s | | |" % (FLOOR, fmt(fl["wall_ms"])))
    a("| 0 | `%s` (floor) | cpu ms | %s | | |" % (FLOOR, fmt(fl["cpu_ms"])))
    a("")
    a("| action | metric | pfkit | heartbeat |")
    a("|---|---|---:|---:|")
    for act, keys in LIFE_KEYS if S["life"] else []:
        for k in keys:
            dg = 0 if k == "procs" else 1
            a("| %s | %s | %s | %s |" % (act, k.replace("_ms", " ms"),
                                         fmt(S["life"]["pfkit"][act][k], dg),
                                         fmt(S["life"]["heartbeat"][act][k], dg)))
    a("")
    if S.get("cold"):
        a("Cold-cache start (page cache dropped before each start), median "
          "[min-max] of %d: pfkit-full is pfkit before the queue stamp "
          "(postfix-script's whole integrity pass), pfkit is the start on the "
          "same filesystem (quick start)." % N_COLD)
        a("")
        a("| queued | agent | greet ms | return ms |")
        a("|---:|---|---:|---:|")
        for level in sorted(S["cold"], key=int):
            for ag in COLD_AGENTS:
                c = S["cold"][level][ag]
                a("| %s | %s | %s | %s |" % (level, ag, fmt(c["greet_ms"], 0),
                                             fmt(c["return_ms"], 0)))
        a("")
    L.extend(big_lines(S.get("big"), True))
    for f in fills:
        a("Queue fill to %d: %.1f s (%.0f messages/s)." % (f["target"], f["seconds"], f["rate"]))
    a("")
    a("| target | this run | |")
    a("|---|---:|---|")
    for t in T:
        v = target_value(t)
        if t.get("note"):
            v += "; " + t["note"]
        a("| %s | %s | %s |" % (t["target"], v, "PASS" if t["pass"] else "MISS"))
    return "\n".join(L) + "\n"


def strip_raw(results):
    """strip_raw - per-run values for the JSON, without timestamps"""
    def clean(r):
        return {k: v for k, v in r.items() if k not in ("t0", "t1", "stderr")}
    out = {"queue": {}, "life": {}, "floor": [clean(r) for r in results["floor"]]}
    for level, acts in results["queue"].items():
        out["queue"][level] = {a: {act: [clean(r) for r in runs]
                                   for act, runs in acts[a].items()} for a in ORDER}
    for a in ORDER:
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
    info = machine()
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
        # a million queue files take minutes to remove
        sh_lib("t_instance_destroy %s" % NAME, timeout=3600)
    with open("/proc/loadavg") as f:
        info["loadavg_end"] = f.read().split()[:3]
    info["seconds"] = round(time.monotonic() - t_begin, 1)
    info["proc_events_lost"] = pe.lost
    S, T, bad = report(results, fills, info)
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
            f.write(markdown(S, T, info, fills))
        sys.stdout.write("markdown: %s\n" % md)
    if "--json-stdout" in sys.argv[1:]:
        json.dump(doc, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 1 if (STRICT and bad) else 0


if __name__ == "__main__":
    sys.exit(main())
