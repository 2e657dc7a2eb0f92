/*++
/* NAME
/*	pf_qscan 3
/* SUMMARY
/*	a bounded count of the queue, and the oldest deferred message
/* SYNOPSIS
/*	#include "pf_qscan.h"
/*
/*	int	pf_qscan_run(const char *queue_dir, pf_deadline_t deadline,
/*			pf_qscan_t *out, char *why, size_t whylen)
/*
/*	int	pf_qscan_arrival(const unsigned char *buf, size_t len,
/*			time_t *sec)
/* DESCRIPTION
/*	pf_qscan_run() counts the messages of the queues incoming, active,
/*	deferred, hold and maildrop under queue_dir, and finds the arrival
/*	time of the oldest deferred message. It reports facts; what they
/*	mean is the caller's question.
/*
/*	A message is a regular file. Postfix hashes the queues that
/*	hash_queue_names lists into hash_queue_depth levels of
/*	subdirectories named after one character of the queue ID (a hex
/*	digit, or with enable_long_queue_ids a letter or digit): in every
/*	queue, a subdirectory whose name is one letter or digit is walked,
/*	down to PF_QSCAN_MAX_DEPTH levels, so the parameters need not be
/*	known. Every other entry (a symbolic link, a FIFO, a socket, a
/*	directory of another name or deeper) is counted in other, never
/*	followed nor opened. Files whose name starts with "." are skipped.
/*	An incoming file that cleanup(8) is still writing counts as a
/*	message.
/*
/*	The queue subdirectories belong to mail_owner: each is opened
/*	relative to its parent's descriptor with pf_file_open_under()
/*	(O_NOFOLLOW, the type checked on the descriptor) and read from that
/*	descriptor; a deferred file is opened the same way, as a regular
/*	file only.
/*
/*	The arrival time of a deferred message is not its file's mtime,
/*	which the queue manager sets to the time of the next delivery
/*	attempt. It is the message's own 'T' (arrival time) record, which
/*	cleanup(8) writes near the start of the file: the first
/*	PF_QSCAN_HEAD bytes (4 KiB) are read and parsed by
/*	pf_qscan_arrival(). When they hold no such record (a file being
/*	rewritten, an unknown format), the file's birth time (statx()
/*	STATX_BTIME, where the filesystem records one) stands in for it; a
/*	file with neither counts in undated. oldest_from says which source
/*	gave oldest_deferred: PF_QSCAN_TIME_RECORD, PF_QSCAN_TIME_BTIME,
/*	or PF_QSCAN_TIME_NONE when no deferred message was dated. A
/*	deferred file that disappears before it is opened (the queue
/*	manager moved it) is not counted.
/*
/*	The walk ends at the deadline: what was counted until then is
/*	reported with complete false. Its cost is one readdir() per queue
/*	and subdirectory, and one open and 4 KiB read per deferred
/*	message.
/*
/*	pf_qscan_arrival() parses the records of a queue file's first len
/*	bytes, as Postfix's rec_get() reads them (a type byte; the data
/*	length in 7-bit groups, least significant first, the high bit set
/*	on every group but the last, at most 32 bits; the data), and
/*	returns the seconds of the first REC_TYPE_TIME ('T') record
/*	("seconds microseconds", or "seconds" from older versions), seen
/*	before the content starts (REC_TYPE_MESG 'M') or the end record
/*	('E'). Pure: the fuzzer's target.
/* DIAGNOSTICS
/*	pf_qscan_run(): PF_OK, or an errno when queue_dir cannot be opened,
/*	with why. A queue directory that cannot be read (not a directory,
/*	a link, no permission) leaves complete false and is named in why
/*	("queue directory /q/deferred: a symbolic link, not a directory:
/*	not followed"); when the deadline cut the walk, why says so.
/*
/*	pf_qscan_arrival(): PF_OK, or PF_EPARSE when no well-formed 'T'
/*	record lies in the buffer before the content (a positive number
/*	of seconds that fits a time_t).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_file.h"
#include "pf_qscan.h"
#include "pf_rc.h"

/* record types, as Postfix's rec_type.h */
#define REC_TYPE_TIME	'T'
#define REC_TYPE_MESG	'M'
#define REC_TYPE_END	'E'

/* parse_seconds - the leading seconds of a 'T' record's data */

static int parse_seconds(const unsigned char *cp, size_t len, time_t *sec)
{
    uint64_t v = 0;
    size_t  i;

    /* "%ld %ld" (seconds, microseconds), or "%ld" before Postfix 2.3 */
    for (i = 0; i < len && isdigit(cp[i]); i++) {
	v = v * 10 + (uint64_t) (cp[i] - '0');
	if (v > (uint64_t) INT64_MAX / 10 || i >= 18)
	    return (PF_EPARSE);
    }
    if (i == 0 || v == 0 || (i < len && cp[i] != ' '))
	return (PF_EPARSE);
    if (sizeof(time_t) < sizeof(int64_t) && v > (uint64_t) INT32_MAX)
	return (PF_EPARSE);
    *sec = (time_t) v;
    return (PF_OK);
}

/* pf_qscan_arrival - the first 'T' record's seconds, before the content */

int     pf_qscan_arrival(const unsigned char *buf, size_t len, time_t *sec)
{
    size_t  off = 0, dlen;
    unsigned shift;
    int     type;

    while (off < len) {
	type = buf[off++];
	for (dlen = 0, shift = 0; /* void */ ; shift += 7) {
	    if (shift >= 32 || off >= len)
		return (PF_EPARSE);		/* as rec_get(): too many bits */
	    dlen |= (size_t) (buf[off] & 0177) << shift;
	    if ((buf[off++] & 0200) == 0)
		break;
	}
	if (dlen > len - off)
	    return (PF_EPARSE);			/* past what was read */
	if (type == REC_TYPE_TIME)
	    return (parse_seconds(buf + off, dlen, sec));
	if (type == REC_TYPE_MESG || type == REC_TYPE_END)
	    return (PF_EPARSE);
	off += dlen;
    }
    return (PF_EPARSE);
}

typedef struct scan {
    pf_qscan_t *out;
    pf_deadline_t deadline;
    bool    stopped;			/* the deadline passed */
    char   *why;
    size_t  whylen;
} scan_t;

/* note - the first reason the scan is incomplete */

static void note(scan_t *sc, const char *fmt, const char *path,
		         const char *cause)
{
    sc->out->complete = false;
    if (sc->why != NULL && sc->whylen > 0 && sc->why[0] == 0)
	snprintf(sc->why, sc->whylen, fmt, path, cause);
}

/* file_birth - statx() birth time of fd, when the filesystem keeps one */

static bool file_birth(int fd, time_t *sec)
{
#ifdef STATX_BTIME
    struct statx stx;

    if (statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &stx) == 0
	&& (stx.stx_mask & STATX_BTIME) && stx.stx_btime.tv_sec > 0) {
	*sec = (time_t) stx.stx_btime.tv_sec;
	return (true);
    }
#endif
    return (false);
}

/* date_file - a deferred message's arrival; false when it disappeared */

static bool date_file(scan_t *sc, int dfd, const char *name)
{
    unsigned char head[PF_QSCAN_HEAD];
    pf_qscan_time_t from = PF_QSCAN_TIME_NONE;
    struct stat st;
    time_t  sec = 0;
    ssize_t got;
    int     fd, rc;

    rc = pf_file_open_under(dfd, name, O_RDONLY, S_IFREG, &fd, &st);
    if (rc == ENOENT)
	return (false);				/* moved meanwhile */
    if (rc == PF_OK) {
	while ((got = pread(fd, head, sizeof(head), 0)) < 0 && errno == EINTR)
	     /* void */ ;
	if (got > 0 && pf_qscan_arrival(head, (size_t) got, &sec) == PF_OK)
	    from = PF_QSCAN_TIME_RECORD;
	else if (file_birth(fd, &sec))
	    from = PF_QSCAN_TIME_BTIME;
	close(fd);
    }
    if (from == PF_QSCAN_TIME_NONE) {
	sc->out->undated++;
    } else if (sc->out->oldest_from == PF_QSCAN_TIME_NONE
	       || sec < sc->out->oldest_deferred) {
	sc->out->oldest_deferred = sec;
	sc->out->oldest_from = from;
    }
    return (true);
}

/* hashed_name - a hash subdirectory's name: one letter or digit */

static bool hashed_name(const char *name)
{
    return (isalnum((unsigned char) name[0]) && name[1] == 0);
}

/* walk - count the regular files of one queue directory, hashed below */

static void walk(scan_t *sc, int parent, const char *name, const char *path,
		         int depth, long *count, bool dated)
{
    struct dirent *de;
    struct stat st;
    char    sub[PATH_MAX];
    DIR    *dp;
    int     fd, rc, type;

    if ((rc = pf_file_open_under(parent, name, O_RDONLY, S_IFDIR, &fd,
				 &st)) != PF_OK) {
	if (rc == ENOENT && depth == 0)
	    return;				/* no such queue: empty */
	if (st.st_mode != 0 || rc == ELOOP)
	    note(sc, "queue directory %s: %s, not a directory: not followed",
		 path, st.st_mode ? pf_file_type(st.st_mode) : "a symbolic link");
	else
	    note(sc, "queue directory %s: %s", path, strerror(rc));
	return;
    }
    if ((dp = fdopendir(fd)) == NULL) {
	note(sc, "queue directory %s: %s", path, strerror(errno));
	close(fd);
	return;
    }
    while (!sc->stopped && (de = readdir(dp)) != NULL) {
	if (de->d_name[0] == '.')
	    continue;
	if (pf_deadline_left(sc->deadline) <= 0) {
	    sc->stopped = true;
	    note(sc, "queue %s: %s", path, "the scan's time ran out here");
	    break;
	}
	type = de->d_type;
	if (type == DT_UNKNOWN)
	    type = fstatat(dirfd(dp), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ?
		DT_UNKNOWN : S_ISREG(st.st_mode) ? DT_REG :
		S_ISDIR(st.st_mode) ? DT_DIR : DT_LNK;
	if (type == DT_DIR && depth < PF_QSCAN_MAX_DEPTH
	    && hashed_name(de->d_name)) {
	    snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
	    walk(sc, dirfd(dp), de->d_name, sub, depth + 1, count, dated);
	} else if (type == DT_REG) {
	    if (!dated || date_file(sc, dirfd(dp), de->d_name))
		++*count;
	} else if (type != DT_UNKNOWN) {
	    sc->out->other++;			/* never followed nor opened */
	}
    }
    closedir(dp);
}

/* pf_qscan_run - count the queues, date the oldest deferred message */

int     pf_qscan_run(const char *queue_dir, pf_deadline_t deadline,
		             pf_qscan_t *out, char *why, size_t whylen)
{
    const struct {
	const char *name;
	size_t  off;
	bool    dated;
    }       queues[] = {
	{"incoming", offsetof(pf_qscan_t, incoming), false},
	{"active", offsetof(pf_qscan_t, active), false},
	{"deferred", offsetof(pf_qscan_t, deferred), true},
	{"hold", offsetof(pf_qscan_t, hold), false},
	{"maildrop", offsetof(pf_qscan_t, maildrop), false},
    };
    char    path[PATH_MAX];
    scan_t  sc;
    size_t  i;
    int     qfd, err;

    memset(out, 0, sizeof(*out));
    out->complete = true;
    if (why != NULL && whylen > 0)
	why[0] = 0;
    /* the queue directory itself is root's: its own name may be a link */
    if ((qfd = open(queue_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
	err = errno;
	out->complete = false;
	return (pf_rc_why(err, why, whylen, "queue directory %s: %s",
			  queue_dir, strerror(err)));
    }
    sc.out = out;
    sc.deadline = deadline;
    sc.stopped = false;
    sc.why = why;
    sc.whylen = whylen;
    for (i = 0; i < sizeof(queues) / sizeof(queues[0]) && !sc.stopped; i++) {
	snprintf(path, sizeof(path), "%s/%s", queue_dir, queues[i].name);
	walk(&sc, qfd, queues[i].name, path, 0,
	     (long *) ((char *) out + queues[i].off), queues[i].dated);
    }
    close(qfd);
    return (PF_OK);
}
