# instance.py - the Postfix instance both agents act on, and its queue
#
# SYNOPSIS
#	import instance
#
# DESCRIPTION
#	The instance is made, started, stopped and removed through the
#	integration tests' lib.sh (t_instance_create, t_postfix,
#	t_instance_destroy), so the bench runs what the tests run. Its
#	processes are found here, in Python (lib.sh's t_instance_pids forks
#	once per process; the bench polls for them). The queue is filled
#	over SMTP (queue_fill) or with copies of one real held message
#	(big_template, queue_fill_fast), counted and listed (queue_count,
#	queue_names, showq_senders). greet() and all_greet() read the
#	listeners' 220; drop_caches() empties the page cache.
# LICENSE
#	GPL-2.0-or-later

import json
import os
import socket
import subprocess
import threading
import time

from config import (ADDR, ETC, LIB_SH, LISTENERS, NAME, PORTS, QUEUE, T_ROOT, log)


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


def daemon_directory():
    """daemon_directory - where the instance's master is (postconf -h)"""
    return subprocess.run(["postconf", "-c", ETC, "-h", "daemon_directory"], check=True,
                          capture_output=True, text=True).stdout.strip()


def all_greet():
    """all_greet - every listener sends its 220"""
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


def instance_destroy():
    """instance_destroy - nothing of the instance left (lib.sh)"""
    # a million queue files take minutes to remove
    sh_lib("t_instance_destroy %s" % NAME, timeout=3600)


def instance_start():
    """instance_start - postfix start unless it runs; every listener greets"""
    if not instance_pids():
        # postfix start: its integrity pass may take minutes on a big queue
        sh_lib("t_postfix %s start >/dev/null 2>&1" % NAME, timeout=1800)
    if not wait_until(all_greet, 30):
        raise SystemExit("bench: the instance did not greet on every listener")


def instance_stop():
    """instance_stop - SIGTERM to the master, then by pid what is left"""
    pids = instance_pids()
    if not pids:
        return
    sh_lib("t_postfix %s stop >/dev/null 2>&1" % NAME, timeout=60)
    if not wait_until(lambda: not instance_pids(), 10):
        for p in instance_pids():
            try:
                os.kill(p, 9)
            except OSError:
                pass
        wait_until(lambda: not instance_pids(), 10)


def queue_count():
    """queue_count - queue files (messages) in every queue"""
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

