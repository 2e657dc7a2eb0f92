#!/usr/bin/python3
"""fake_smtp.py - a hostile SMTP server for pfkit's probe tests.

usage: fake_smtp.py [--tls CERT KEY] [--lifetime SECONDS] ADDR PORT MODE

Listens on ADDR:PORT (loopback 127.0.0.70-127.0.0.89 or ::1 only: the test
address range of the hardening tests) and answers every connection the way
MODE says. Prints "ready" on stdout once listening; exits after --lifetime
seconds (default 60) whatever happens, so that a forgotten server never
outlives its test. With --tls, each connection first does a TLS handshake
(wrapper mode, like smtps) and MODE then applies inside TLS.

Modes:
  ok          a correct multi-line 220 greeting, 250 to EHLO, 221 to QUIT
  nogreet     accept and say nothing
  slow        a correct greeting sent one byte per second
  longline    "220 " followed by a 1 MiB line
  endless     "220-..." continuation lines without end
  nocrlf      "220 ready" and no end of line, connection kept open
  421         "421 service not available"
  554         "554 no SMTP service here"
  garbage     binary bytes without end of line, then more
  reset       accept, then reset the connection (RST)
  close       accept, then close the connection cleanly
"""
import ipaddress
import os
import socket
import ssl
import sys
import threading
import time

MODES = ("ok", "nogreet", "slow", "longline", "endless", "nocrlf", "421",
         "554", "garbage", "reset", "close")


def allowed(addr):
    """Only the hardening tests' own loopback addresses."""
    ip = ipaddress.ip_address(addr)
    if ip.version == 6:
        return ip == ipaddress.ip_address("::1")
    return ipaddress.ip_address("127.0.0.70") <= ip <= ipaddress.ip_address("127.0.0.89")


def send_all(conn, data):
    try:
        conn.sendall(data)
        return True
    except OSError:
        return False


def serve(conn, mode, deadline):
    """Answer one client the way mode says, until the deadline at most."""
    conn.settimeout(max(0.1, deadline - time.monotonic()))
    try:
        if mode == "ok":
            send_all(conn, b"220-fake.pfkit.invalid ESMTP\r\n220 ready\r\n")
            buf = b""
            while time.monotonic() < deadline:
                data = conn.recv(4096)
                if not data:
                    break
                buf += data
                while b"\r\n" in buf:
                    line, buf = buf.split(b"\r\n", 1)
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        send_all(conn, b"250-fake.pfkit.invalid\r\n250 8BITMIME\r\n")
                    elif verb == b"QUIT":
                        send_all(conn, b"221 bye\r\n")
                        return
                    else:
                        send_all(conn, b"502 not here\r\n")
        elif mode == "nogreet":
            while time.monotonic() < deadline and conn.recv(4096):
                pass
        elif mode == "slow":
            for byte in b"220 slow.pfkit.invalid ESMTP\r\n":
                if not send_all(conn, bytes([byte])):
                    return
                time.sleep(1)
        elif mode == "longline":
            send_all(conn, b"220 " + b"x" * (1024 * 1024) + b"\r\n")
        elif mode == "endless":
            line = b"220-" + b"y" * 70 + b"\r\n"
            while time.monotonic() < deadline and send_all(conn, line * 64):
                time.sleep(0.001)
        elif mode == "nocrlf":
            send_all(conn, b"220 ready")
            while time.monotonic() < deadline and conn.recv(4096):
                pass
        elif mode in ("421", "554"):
            text = {"421": b"421 fake.pfkit.invalid service not available\r\n",
                    "554": b"554 no SMTP service here\r\n"}[mode]
            send_all(conn, text)
            while time.monotonic() < deadline and conn.recv(4096):
                pass
        elif mode == "garbage":
            junk = bytes(range(256)).replace(b"\n", b"\x00")
            while time.monotonic() < deadline and send_all(conn, junk):
                time.sleep(0.01)
        elif mode == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            b"\x01\x00\x00\x00\x00\x00\x00\x00")
        elif mode == "close":
            pass
    except (OSError, ssl.SSLError):
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main(argv):
    tls = None
    lifetime = 60.0
    args = argv[1:]
    while args and args[0].startswith("--"):
        if args[0] == "--tls" and len(args) >= 3:
            tls = (args[1], args[2])
            args = args[3:]
        elif args[0] == "--lifetime" and len(args) >= 2:
            lifetime = min(float(args[1]), 600.0)
            args = args[2:]
        else:
            break
    if len(args) != 3 or args[2] not in MODES:
        sys.stderr.write(__doc__)
        return 2
    addr, port, mode = args[0], int(args[1]), args[2]
    if not allowed(addr):
        sys.stderr.write("fake_smtp.py: %s: not a test address\n" % addr)
        return 2
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    lsock = socket.socket(family, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((addr, port))
    lsock.listen(16)
    ctx = None
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls[0], tls[1])
    deadline = time.monotonic() + lifetime
    print("ready", flush=True)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        lsock.settimeout(left)
        try:
            conn, _ = lsock.accept()
        except socket.timeout:
            break
        if ctx is not None:
            try:
                conn.settimeout(5)
                conn = ctx.wrap_socket(conn, server_side=True)
            except (OSError, ssl.SSLError):
                conn.close()
                continue
        threading.Thread(target=serve, args=(conn, mode, deadline),
                         daemon=True).start()
    lsock.close()
    # daemon threads die with us: nothing outlives the lifetime
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
