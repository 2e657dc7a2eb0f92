#!/usr/bin/python3
"""stall_fs.py - a read-only FUSE filesystem whose reads can be held.

usage: stall_fs.py [--lifetime SECONDS] MOUNTPOINT CONTROL LOG FILE...

Mounts a filesystem at MOUNTPOINT (as root, by mount(2) on /dev/fuse: no
libfuse, no fusermount) that holds one read-only copy of each FILE, under
its base name, and serves it as a disk would, until told to stall: the
I/O stall of a replicated or network block device (DRBD, iSCSI,
multipath, NFS) under a file a process reads.

CONTROL is a FIFO this program creates and reads lines from:
  hold      from now on every READ request is held (not answered)
  release   answer every held READ, and stop holding
LOG gets one line per event, flushed at once: "ready" once mounted,
"held read pid=N" for each READ held (N: the reading process, as the
kernel names it), "released N" when N held reads were answered.

A process whose read is held waits in uninterruptible sleep (state D in
/proc/PID/stat), as on a stalled disk: the filesystem asks the kernel for
asynchronous reads (FUSE_ASYNC_READ), the kernel's readahead sends them,
and the reader waits for the page lock, killable but not interruptible.

It exits after --lifetime seconds (default 120) whatever happens, on
SIGTERM, or when the filesystem is unmounted; on the way out it detaches
the mount, which also ends every held read with an error.
"""
import ctypes
import errno
import os
import select
import signal
import stat
import struct
import sys
import time

# opcodes of the FUSE protocol (linux/fuse.h)
LOOKUP, FORGET, GETATTR, OPEN, READ, STATFS, RELEASE = 1, 2, 3, 14, 15, 17, 18
FLUSH, INIT, OPENDIR, READDIR, RELEASEDIR, ACCESS = 25, 26, 27, 28, 29, 34
INTERRUPT, DESTROY, BATCH_FORGET = 36, 38, 42
FUSE_ASYNC_READ = 1 << 0
IN_HEADER = struct.Struct("<IIQQIIIHH")		# fuse_in_header, 40 bytes
OUT_HEADER = struct.Struct("<IiQ")		# fuse_out_header, 16 bytes
ROOT = 1
VALID = 3600					# entries and attributes never change


class Files:
    """The files served: inode numbers from 2, contents read once."""

    def __init__(self, paths):
        self.by_name = {}
        self.by_ino = {}
        for i, path in enumerate(paths):
            with open(path, "rb") as f:
                data = f.read()
            name = os.path.basename(path).encode()
            self.by_name[name] = i + 2
            self.by_ino[i + 2] = (name, data)

    def attr(self, ino):
        """fuse_attr of an inode: the root directory or a file."""
        now = int(time.time())
        if ino == ROOT:
            mode, size, nlink = stat.S_IFDIR | 0o755, 0, 2
        else:
            mode, size, nlink = stat.S_IFREG | 0o644, len(self.by_ino[ino][1]), 1
        return struct.pack("<QQQQQQIIIIIIIIII", ino, size, (size + 511) // 512,
                           now, now, now, 0, 0, 0, mode, nlink, 0, 0, 0, 4096, 0)


class Server:
    """One mounted filesystem and its request loop."""

    def __init__(self, mnt, control, log, files):
        self.mnt = mnt.encode()
        self.files = files
        self.holding = False
        self.held = []				# (unique, ino, offset, size)
        self.log = open(log, "a", encoding="ascii")
        if not os.path.exists(control):
            os.mkfifo(control, 0o600)
        # read and write: never an EOF when a writer closes
        self.ctl = os.open(control, os.O_RDWR | os.O_NONBLOCK)
        self.ctl_buf = b""
        self.fd = os.open("/dev/fuse", os.O_RDWR)
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                               ctypes.c_ulong, ctypes.c_char_p]
        libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
        self.libc = libc
        opts = ("fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other,"
                "default_permissions" % self.fd).encode()
        ms_nosuid, ms_nodev = 2, 4
        if libc.mount(b"pfkit-stall", self.mnt, b"fuse.pfkit-stall",
                      ms_nosuid | ms_nodev, opts) != 0:
            raise OSError(ctypes.get_errno(), "mount " + mnt)

    def say(self, text):
        self.log.write(text + "\n")
        self.log.flush()

    def reply(self, unique, data=b"", err=0):
        try:
            os.write(self.fd, OUT_HEADER.pack(OUT_HEADER.size + len(data), -err,
                                              unique) + data)
        except OSError as e:			# the request was aborted
            if e.errno not in (errno.ENOENT, errno.ENODEV):
                raise

    def read_reply(self, unique, ino, offset, size):
        if ino not in self.files.by_ino:
            self.reply(unique, err=errno.EBADF)
            return
        self.reply(unique, self.files.by_ino[ino][1][offset:offset + size])

    def readdir(self, offset):
        entries = [(ROOT, b".", 4), (ROOT, b"..", 4)]
        entries += [(ino, name, 8) for name, ino in self.files.by_name.items()]
        out = b""
        for i, (ino, name, kind) in enumerate(entries):
            if i < offset:
                continue
            ent = struct.pack("<QQII", ino, i + 1, len(name), kind) + name
            out += ent + b"\0" * (-len(ent) % 8)
        return out

    def control(self):
        """Commands from CONTROL, one a line."""
        try:
            self.ctl_buf += os.read(self.ctl, 4096)
        except BlockingIOError:
            return
        while b"\n" in self.ctl_buf:
            line, self.ctl_buf = self.ctl_buf.split(b"\n", 1)
            if line.strip() == b"hold":
                self.holding = True
                self.say("holding")
            elif line.strip() == b"release":
                self.holding = False
                held, self.held = self.held, []
                for h in held:
                    self.read_reply(*h)
                self.say("released %d" % len(held))

    def request(self, buf):
        """One request; False when the filesystem is done."""
        length, op, unique, ino, _uid, _gid, pid, _ext, _pad = IN_HEADER.unpack_from(buf)
        body = buf[IN_HEADER.size:length]
        files = self.files
        if op == INIT:
            _major, minor, max_readahead, flags = struct.unpack_from("<IIII", body)
            self.reply(unique, struct.pack("<IIIIHHIIHHI28x", 7, min(minor, 31),
                                           max_readahead, flags & FUSE_ASYNC_READ,
                                           16, 12, 131072, 1, 0, 0, 0))
        elif op == LOOKUP:
            name = body.split(b"\0", 1)[0]
            if ino != ROOT or name not in files.by_name:
                self.reply(unique, err=errno.ENOENT)
            else:
                child = files.by_name[name]
                self.reply(unique, struct.pack("<QQQQII", child, 0, VALID, VALID, 0, 0)
                           + files.attr(child))
        elif op == GETATTR:
            self.reply(unique, struct.pack("<QII", VALID, 0, 0) + files.attr(ino))
        elif op in (OPEN, OPENDIR):
            flags = struct.unpack_from("<I", body)[0]
            if flags & os.O_ACCMODE != os.O_RDONLY:
                self.reply(unique, err=errno.EROFS)
            else:				# no FOPEN_KEEP_CACHE: every open reads
                self.reply(unique, struct.pack("<QIi", 0, 0, 0))
        elif op == READ:
            _fh, offset, size = struct.unpack_from("<QQI", body)
            if self.holding:
                self.held.append((unique, ino, offset, size))
                self.say("held read pid=%d" % pid)
            else:
                self.read_reply(unique, ino, offset, size)
        elif op == READDIR:
            _fh, offset, size = struct.unpack_from("<QQI", body)
            self.reply(unique, self.readdir(offset)[:size])
        elif op == STATFS:
            self.reply(unique, struct.pack("<QQQQQIIII24x", 0, 0, 0, 0, 0, 4096, 255,
                                           4096, 0))
        elif op in (RELEASE, RELEASEDIR, FLUSH, ACCESS):
            self.reply(unique)
        elif op in (FORGET, BATCH_FORGET, INTERRUPT):
            pass				# no answer expected
        elif op == DESTROY:
            self.reply(unique)
            return False
        else:
            self.reply(unique, err=errno.ENOSYS)
        return True

    def run(self, lifetime):
        end = time.monotonic() + lifetime
        self.say("ready")
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([self.fd, self.ctl], [], [], left)
            if self.ctl in ready:
                self.control()
            if self.fd not in ready:
                continue
            try:
                buf = os.read(self.fd, 131072 + 4096)
            except OSError as e:
                if e.errno in (errno.ENOENT, errno.EINTR, errno.EAGAIN):
                    continue
                break				# ENODEV: unmounted
            if not self.request(buf):
                break

    def close(self):
        mnt_detach = 2
        self.libc.umount2(self.mnt, mnt_detach)
        os.close(self.fd)			# aborts what is still held


def main(argv):
    lifetime = 120.0
    if len(argv) > 2 and argv[1] == "--lifetime":
        lifetime = float(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) < 5:
        sys.exit(__doc__)
    server = Server(argv[1], argv[2], argv[3], Files(argv[4:]))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.run(lifetime)
    finally:
        server.close()


if __name__ == "__main__":
    main(sys.argv)
