#!/usr/bin/python3
"""smtp_load.py - SMTP clients sending mail through a failure, and the
account of what the queue holds afterwards (pfkit's cluster tests).

usage: smtp_load.py run --addr A [--port 25] [--clients 4] --tag TAG
                        --out FILE [--seconds 120] [--messages 400]
                        [--pace 0.05] [--timeout 5]
       smtp_load.py check --queue FILE RECORDS...

run: CLIENTS threads, each sending message after message to ADDR:PORT, one
SMTP session per message (connect, EHLO, MAIL, RCPT, DATA), until SIGTERM
(each then finishes the transaction it is in, bounded by --timeout per
reply), --seconds have passed or it sent --messages: it stops by itself.
Every message is unique: envelope sender and Message-ID are
TAG-c<client>-<n>@pfkit.invalid. One line per message is appended to FILE
once its transaction ended:
    ID SENT_AT CODE STAGE
SENT_AT the epoch seconds the session began; CODE the final reply to the
end of data (250, 4xx, 5xx) or what ended the session before it
(refused, timeout, reset, closed, or the code of an earlier reply);
STAGE the step that ended it (connect, greeting, ehlo, mail, rcpt, data,
eod: after the end of data was sent, awaiting the final reply). Traffic
goes to ADDR only; the caller chooses it inside its own namespaces.

check: QUEUE holds "queue_name queue_id sender" lines (postqueue -j as
the tests read it), RECORDS are run's files. Prints one line per file
(figures of that event) and a total; exits 1 when a message acknowledged
with 250 is missing from the queue or one of the clients' messages (or
any queue id) is listed twice, else 0. A message in the queue whose client saw no 250 is
SMTP's duplicate window (the client will send it again): counted,
reported, not an error.
"""
import argparse
import collections
import os
import signal
import socket
import sys
import threading
import time

STOP = threading.Event()


class Ended(Exception):
    """the session ended before the final reply: code, stage"""

    def __init__(self, code, stage):
        super().__init__(code, stage)
        self.code = code
        self.stage = stage


def reply(f, stage):
    """read one (possibly multi-line) SMTP reply; its 3-digit code"""
    while True:
        try:
            line = f.readline(1024)
        except socket.timeout:
            raise Ended("timeout", stage)
        except OSError:
            raise Ended("reset", stage)
        if not line:
            raise Ended("closed", stage)
        if len(line) < 4 or line[3:4] != b"-":
            return line[:3].decode("ascii", "replace")


def session(addr, port, timeout, ident):
    """one message, one session; the final code and the stage"""
    stage = "connect"
    try:
        s = socket.create_connection((addr, port), timeout=timeout)
    except socket.timeout:
        return "timeout", stage
    except ConnectionRefusedError:
        return "refused", stage
    except OSError as e:
        return "neterr%d" % (e.errno or 0), stage
    try:
        f = s.makefile("rb")
        steps = [
            ("greeting", None, "220"),
            ("ehlo", b"EHLO load.pfkit.invalid\r\n", "250"),
            ("mail", b"MAIL FROM:<%s>\r\n" % ident.encode(), "250"),
            ("rcpt", b"RCPT TO:<rcpt@pfkit.invalid>\r\n", "250"),
            ("data", b"DATA\r\n", "354"),
        ]
        for stage, cmd, want in steps:
            if cmd is not None:
                s.sendall(cmd)
            code = reply(f, stage)
            if code != want:
                return code, stage
        stage = "eod"
        s.sendall(b"From: <%s>\r\nTo: <rcpt@pfkit.invalid>\r\n"
                  b"Subject: %s\r\nMessage-ID: <%s>\r\n\r\n"
                  b"in flight\r\n.\r\n" % ((ident.encode(),) * 3))
        code = reply(f, stage)
        try:
            s.sendall(b"QUIT\r\n")
        except OSError:
            pass
        return code, stage
    except Ended as e:
        return e.code, e.stage
    except socket.timeout:
        return "timeout", stage
    except OSError:
        return "reset", stage
    finally:
        s.close()


def client(args, k, out, lock, deadline):
    """client K: messages until stopped, out of time or of messages"""
    n = 0
    while not STOP.is_set() and n < args.messages and time.time() < deadline:
        n += 1
        ident = "%s-c%d-%d@pfkit.invalid" % (args.tag, k, n)
        t0 = time.time()
        code, stage = session(args.addr, args.port, args.timeout, ident)
        with lock:
            out.write("%s %.3f %s %s\n" % (ident, t0, code, stage))
            out.flush()
        # a refused or failed session is tried again a little later
        # (what a real client does much later); a pace keeps CPU low
        STOP.wait(args.pace if code == "250" else max(args.pace, 0.2))


def run(args):
    """the clients, until each has ended"""
    signal.signal(signal.SIGTERM, lambda *_: STOP.set())
    signal.signal(signal.SIGINT, lambda *_: STOP.set())
    deadline = time.time() + args.seconds
    lock = threading.Lock()
    with open(args.out, "a", encoding="ascii") as out:
        threads = [threading.Thread(target=client,
                                    args=(args, k, out, lock, deadline))
                   for k in range(1, args.clients + 1)]
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():
                t.join(0.5)
    return 0


def check(args):
    """the account of each RECORDS file against the queue"""
    seen = collections.Counter()
    qids = collections.Counter()
    with open(args.queue, encoding="ascii", errors="replace") as q:
        for line in q:
            f = line.split()
            if len(f) == 3:
                seen[f[2]] += 1
                qids[f[1]] += 1
    bad = 0
    total = collections.Counter()
    sent = set()
    for path in args.records:
        acked = lost = window = 0
        errors = collections.Counter()
        missing = []
        with open(path, encoding="ascii", errors="replace") as r:
            for line in r:
                f = line.split()
                if len(f) != 4:
                    continue
                ident, _, code, stage = f
                sent.add(ident)
                if code == "250":
                    acked += 1
                    if seen[ident] == 0:
                        lost += 1
                        missing.append(ident)
                else:
                    errors["%s@%s" % (code, stage)] += 1
                    if seen[ident]:
                        window += 1
        name = os.path.basename(path)
        print("%s: acknowledged %d, lost %d, committed but not "
              "acknowledged %d, client-visible errors %d (%s)" %
              (name, acked, lost, window, sum(errors.values()),
               ", ".join("%s x%d" % e for e in sorted(errors.items()))
               or "none"))
        for ident in missing[:5]:
            print("  missing: %s" % ident)
        total["acked"] += acked
        total["lost"] += lost
        total["window"] += window
    # the clients' messages (the test's own may be sent more than once)
    dup = sorted(i for i, c in seen.items() if c > 1 and i in sent)
    dupq = sorted(i for i, c in qids.items() if c > 1)
    print("total: acknowledged %d, lost %d, committed but not acknowledged "
          "%d, listed twice %d (queue ids twice %d)" %
          (total["acked"], total["lost"], total["window"], len(dup),
           len(dupq)))
    for ident in dup[:5]:
        print("  twice: %s" % ident)
    if total["lost"] or dup or dupq:
        bad = 1
    return bad


def main():
    p = argparse.ArgumentParser(description="SMTP load through a failure")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--addr", required=True)
    r.add_argument("--port", type=int, default=25)
    r.add_argument("--clients", type=int, default=4)
    r.add_argument("--tag", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--seconds", type=float, default=120)
    r.add_argument("--messages", type=int, default=400)
    r.add_argument("--pace", type=float, default=0.05)
    r.add_argument("--timeout", type=float, default=5)
    c = sub.add_parser("check")
    c.add_argument("--queue", required=True)
    c.add_argument("records", nargs="+")
    args = p.parse_args()
    return run(args) if args.cmd == "run" else check(args)


if __name__ == "__main__":
    sys.exit(main())
