/*++
/* NAME
/*	pf_qstamp 3
/* SUMMARY
/*	is this the queue the last start left, with every file name right
/* SYNOPSIS
/*	#include "pf_qstamp.h"
/*
/*	int	pf_qstamp_name_matches(const char *name, ino_t ino)
/*
/*	int	pf_qstamp_parse(const char *text, unsigned long long *self,
/*			const char **body)
/*
/*	void	pf_qstamp_diff(const char *stamp, const char *now,
/*			char *out, size_t len)
/*
/*	int	pf_qstamp_body(const pf_conf_t *conf, char *buf, size_t len,
/*			char *why, size_t whylen)
/*
/*	int	pf_qstamp_check(const pf_conf_t *conf, char *why, size_t whylen)
/*
/*	int	pf_qstamp_write(const pf_conf_t *conf, char *why, size_t whylen)
/*
/*	void	pf_qstamp_remove(const pf_conf_t *conf)
/*
/*	int	pf_qstamp_quick_start(const pf_conf_t *conf, bool marker,
/*			bool *proven, char *why,
/*			size_t whylen)
/* DESCRIPTION
/*	Postfix names a queue file after its inode number. A queue copied
/*	file by file to another filesystem (or another directory) has the
/*	old names on new inodes, and postsuper, run by postfix-script's
/*	check-fatal before the master starts, must rename them. That pass
/*	reads every queue file, so its cost grows with the queue. After a
/*	failover on the same shared or replicated filesystem every name is
/*	still right, and the pass is not needed. This module tells the two
/*	apart, cheaply (a few dozen stat() calls and directory reads,
/*	whatever the queue size).
/*
/*	The stamp, $queue_directory/pid/pfkit-queue.stamp, is written
/*	after every successful start (when every queue file is named after
/*	its inode: postsuper just checked them, or this module proved it,
/*	and the running Postfix names new files right). It records:
/* .IP \(bu
/*	its own inode number: a copy of the stamp is a new file with
/*	another inode, whatever tool made it (cp, rsync, tar, a backup);
/* .IP \(bu
/*	the filesystem type (statfs f_type) and, on ext2/3/4 and btrfs,
/*	whose f_fsid is derived from the filesystem UUID and so is the
/*	same on every node, f_fsid (elsewhere f_fsid may be a device
/*	number that differs between nodes, and is not compared);
/* .IP \(bu
/*	the inode numbers of the queue directory and of each directory
/*	postfix-script's check-fatal would create if missing (a missing
/*	one means that pass is needed);
/* .IP \(bu
/*	mail_version, hash_queue_names, hash_queue_depth and
/*	enable_long_queue_ids: postsuper moves or renames files when they
/*	change.
/* .PP
/*	pf_qstamp_check() compares the stamp with the queue as it is now,
/*	and then looks at a sample of queue files: up to PF_QSTAMP_SAMPLE
/*	entries of each of incoming, active, hold, maildrop and deferred
/*	(and of each hashed subdirectory) must be short queue IDs whose
/*	inode part is their inode number. A long queue ID is not checked
/*	and fails the proof. Those directories belong to mail_owner: each
/*	is opened relative to its parent's descriptor with O_NOFOLLOW and
/*	read from its own descriptor, and no entry is followed (a symbolic
/*	link there fails the proof, never followed). Any difference, a
/*	missing or unreadable stamp: PF_EFAIL, the first difference in why.
/*
/*	pf_qstamp_name_matches() is that name test, pure.
/*
/*	pf_qstamp_parse() reads a stamp file's text (NUL-terminated):
/*	PF_OK with the inode it says it was written on (*self) and *body
/*	pointing into text at the rest, or PF_EPARSE (not a stamp), pure.
/*	pf_qstamp_diff() words the first line of stamp that now does not
/*	have ("stamp \"...\", now \"...\""), pure.
/*
/*	pf_qstamp_write() writes the stamp atomically (temporary file,
/*	fsync, rename: the rename keeps the inode the stamp records),
/*	unless the stamp there is no copy and already says exactly that
/*	(the start it follows was a proven one): a start then writes and
/*	syncs nothing on the shared storage.
/*
/*	pf_qstamp_remove() removes it, and $queue_directory/quick-start
/*	with it: the next "postfix start", the agent's or anyone's, runs
/*	the full integrity pass. A failed start calls it.
/*
/*	pf_qstamp_quick_start(), before a start, sets *proven when
/*	pf_qstamp_check() proves the queue. With marker (a start through
/*	"postfix start"), it then creates $queue_directory/quick-start:
/*	postfix-script's start skips its integrity pass (check-fatal,
/*	check-warn) only when that file exists. A marker that cannot be
/*	made is only a warning, and *proven false: the pass then runs.
/*	Without marker (the caller starts the master itself, skipping the
/*	pass), and whenever the queue is not proven, any such file is
/*	removed (whoever left it: "postfix quick-stop", a copy of the
/*	queue), so that the next "postfix start" checks the queue.
/*
/*	What this cannot see: files added to a queue whose stamp and
/*	directories were left in place (a copy tool that excluded the
/*	stamp) and that the sample misses. Removing the stamp (or
/*	running "postfix check") makes the next start run the full pass.
/* DIAGNOSTICS
/*	pf return codes; why names the object first.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "pf_file.h"
#include "pf_log.h"
#include "pf_qstamp.h"
#include "pf_rc.h"

#define STAMP_MAGIC	"pfkit-qstamp 1\n"
#define STAMP_MAX	4096
#define EXT_MAGIC	0xEF53
#define BTRFS_MAGIC	0x9123683E
#define MAX_DEPTH	4		/* hash_queue_depth limit */

/* What check-fatal (post-install create-missing) would create. */
static const char *const queue_dirs[] = {
    "active", "bounce", "corrupt", "defer", "deferred", "flush", "hold",
    "incoming", "maildrop", "pid", "private", "public", "saved", "trace",
};

/* Directories of queue files named after their inodes. */
static const char *const sample_dirs[] = {
    "incoming", "active", "hold", "maildrop", "deferred",
};

/* pf_qstamp_name_matches - short queue ID naming this inode */

int     pf_qstamp_name_matches(const char *name, ino_t ino)
{
    const char *cp;
    unsigned long long v = 0;

    /* MQID_SH: 5 upper-case hex digits of microseconds, the inode in hex */
    if (strlen(name) <= 5 || strlen(name) > 5 + 16)
	return (0);
    for (cp = name; *cp; cp++)
	if (!isxdigit((unsigned char) *cp) || islower((unsigned char) *cp))
	    return (0);
    for (cp = name + 5; *cp; cp++)
	v = v * 16 + (unsigned) (isdigit((unsigned char) *cp) ? *cp - '0'
				 : *cp - 'A' + 10);
    return (v == (unsigned long long) ino);
}

/* append - add a formatted line to the body; 0 or ENOSPC */

static int append(char *buf, size_t len, size_t *used, const char *fmt,...)
	__attribute__((format(printf, 4, 5)));

static int append(char *buf, size_t len, size_t *used, const char *fmt,...)
{
    va_list ap;
    int     w;

    va_start(ap, fmt);
    w = vsnprintf(buf + *used, len - *used, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t) w >= len - *used)
	return (ENOSPC);
    *used += (size_t) w;
    return (0);
}

/* pf_qstamp_body - the stamp for the queue as it is now, but its inode */

int     pf_qstamp_body(const pf_conf_t *conf, char *buf, size_t len,
		               char *why, size_t whylen)
{
    const char *q = conf->queue_directory;
    char    path[PATH_MAX];
    struct statfs fs;
    struct stat sb;
    size_t  used = 0, i;
    int     err;

    if (statfs(q, &fs) < 0 || stat(q, &sb) < 0)
	return (pf_rc_why(errno, why, whylen, "queue directory %s: %s", q,
			  strerror(errno)));
    if (fs.f_type == EXT_MAGIC || (unsigned long) fs.f_type == BTRFS_MAGIC)
	err = append(buf, len, &used, "fs %lx %x:%x\n", (unsigned long) fs.f_type,
		     (unsigned) fs.f_fsid.__val[0], (unsigned) fs.f_fsid.__val[1]);
    else
	err = append(buf, len, &used, "fs %lx -\n", (unsigned long) fs.f_type);
    err = err ? err : append(buf, len, &used, "queue %llu\n",
			     (unsigned long long) sb.st_ino);
    for (i = 0; err == 0 && i < sizeof(queue_dirs) / sizeof(queue_dirs[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", q, queue_dirs[i]);
	if (lstat(path, &sb) < 0 || !S_ISDIR(sb.st_mode))
	    return (pf_rc_why(PF_EINSTALL, why, whylen, "queue directory %s: "
			      "%s", path, errno == ENOENT ? "missing" :
			      "not a directory"));
	err = append(buf, len, &used, "dir %s %llu\n", queue_dirs[i],
		     (unsigned long long) sb.st_ino);
    }
    err = err ? err : append(buf, len, &used, "version %s\nhash %s;%s\n"
			     "long_ids %s\n",
			     conf->mail_version ? conf->mail_version : "",
			     conf->hash_queue_names ? conf->hash_queue_names : "",
			     conf->hash_queue_depth ? conf->hash_queue_depth : "",
			     conf->enable_long_queue_ids ?
			     conf->enable_long_queue_ids : "");
    if (err)
	return (pf_rc_why(err, why, whylen, "queue %s: stamp too long", q));
    return (PF_OK);
}

/* pf_qstamp_diff - the first line of a that b does not have, for why */

void    pf_qstamp_diff(const char *a, const char *b, char *out, size_t len)
{
    size_t  n;

    while (*a && *a == *b) {
	if (*a == '\n') {
	    a++, b++;
	    continue;
	}
	/* back to the start of this line when they part in it */
	n = strcspn(a, "\n");
	if (strncmp(a, b, n) == 0 && b[n] == a[n]) {
	    a += n;
	    b += n;
	} else
	    break;
    }
    snprintf(out, len, "stamp \"%.*s\", now \"%.*s\"", (int) strcspn(a, "\n"),
	     a, (int) strcspn(b, "\n"), b);
}

/*
 * sample_dir - a few queue files of the directory name under parent (path
 * for the reasons), or of its hashed subdirectories. The queue
 * subdirectories belong to mail_owner: each is opened with openat() and
 * O_NOFOLLOW relative to its parent's descriptor and read from that
 * descriptor, so a subdirectory swapped for a symbolic link between the
 * readdir() that saw it and its open is refused, never followed; a file's
 * inode is read with fstatat() without following it either.
 */
static int sample_dir(int parent, const char *name, const char *path,
		              int depth, char *why, size_t whylen)
{
    DIR    *dp;
    struct dirent *de;
    struct stat sb;
    char    sub[PATH_MAX];
    int     fd, files = 0, rc = PF_OK;

    if ((rc = pf_file_open_under(parent, name, O_RDONLY, S_IFDIR, &fd,
				 &sb)) != PF_OK)
	return (rc == ENOENT ? PF_OK
		: sb.st_mode ? pf_rc_why(PF_EFAIL, why, whylen, "queue "
					 "directory %s: %s, not a directory: "
					 "not followed", path,
					 pf_file_type(sb.st_mode))
		: pf_rc_why(PF_EFAIL, why, whylen, "queue directory %s: %s",
			    path, strerror(rc)));
    if ((dp = fdopendir(fd)) == NULL) {
	rc = errno;
	close(fd);
	return (pf_rc_why(PF_EFAIL, why, whylen, "queue directory %s: %s",
			  path, strerror(rc)));
    }
    while (rc == PF_OK && files < PF_QSTAMP_SAMPLE && (de = readdir(dp)) != NULL) {
	if (de->d_name[0] == '.')
	    continue;
	if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= (int) sizeof(sub)
	    || fstatat(dirfd(dp), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
	    continue;
	if (S_ISDIR(sb.st_mode)) {
	    /* a hashed subdirectory: one hex digit per level */
	    if (depth < MAX_DEPTH)
		rc = sample_dir(dirfd(dp), de->d_name, sub, depth + 1, why, whylen);
	    continue;
	}
	files++;
	if (!S_ISREG(sb.st_mode))
	    rc = pf_rc_why(PF_EFAIL, why, whylen, "queue file %s: %s, not a "
			   "queue file: not followed", sub, pf_file_type(sb.st_mode));
	else if (!pf_qstamp_name_matches(de->d_name, sb.st_ino))
	    rc = pf_rc_why(PF_EFAIL, why, whylen, "queue file %s: inode %llu, "
			   "name not its short queue ID", sub,
			   (unsigned long long) sb.st_ino);
    }
    closedir(dp);
    return (rc);
}

/* pf_qstamp_parse - a stamp file's text: its own inode, then its body */

int     pf_qstamp_parse(const char *text, unsigned long long *self,
			        const char **body)
{
    int     skip = 0;

    if (strncmp(text, STAMP_MAGIC, strlen(STAMP_MAGIC)) != 0
	|| sscanf(text + strlen(STAMP_MAGIC), "self %llu\n%n", self, &skip) != 1
	|| skip == 0)
	return (PF_EPARSE);
    *body = text + strlen(STAMP_MAGIC) + skip;
    return (PF_OK);
}

/*
 * stamp_load - the stamp at path, read once into file (len bytes): PF_OK
 * with *stamped at its body when it is a stamp written on the inode it
 * has now (not a copy); PF_EFAIL with why otherwise
 */
static int stamp_load(const char *path, char *file, size_t len,
		              const char **stamped, char *why, size_t whylen)
{
    unsigned long long self;
    struct stat sb;
    ssize_t got;
    int     fd, rc;

    if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
	return (pf_rc_why(PF_EFAIL, why, whylen, "file %s: %s", path,
			  errno == ENOENT ? "none (no start recorded here)"
			  : strerror(errno)));
    got = read(fd, file, len - 1);
    rc = fstat(fd, &sb);
    close(fd);
    if (got < 0 || rc < 0)
	return (pf_rc_why(PF_EFAIL, why, whylen, "file %s: %s", path,
			  strerror(errno)));
    file[got] = 0;
    if (pf_qstamp_parse(file, &self, stamped) != PF_OK)
	return (pf_rc_why(PF_EFAIL, why, whylen, "file %s: not a pfkit stamp",
			  path));
    if (self != (unsigned long long) sb.st_ino)
	return (pf_rc_why(PF_EFAIL, why, whylen, "file %s: inode %llu, "
			  "written as %llu: a copy", path,
			  (unsigned long long) sb.st_ino, self));
    return (PF_OK);
}

/* pf_qstamp_check - the queue is the one the last start left, in place */

int     pf_qstamp_check(const pf_conf_t *conf, char *why, size_t whylen)
{
    char    path[PATH_MAX], dir[PATH_MAX];
    char    file[STAMP_MAX], body[STAMP_MAX], diff[256];
    const char *stamped;
    size_t  i;
    int     fd, rc;

    snprintf(path, sizeof(path), "%s/%s", conf->queue_directory, PF_QSTAMP_FILE);
    if (stamp_load(path, file, sizeof(file), &stamped, why, whylen) != PF_OK)
	return (PF_EFAIL);
    if ((rc = pf_qstamp_body(conf, body, sizeof(body), why, whylen)) != PF_OK)
	return (PF_EFAIL);
    if (strcmp(stamped, body) != 0) {
	pf_qstamp_diff(stamped, body, diff, sizeof(diff));
	return (pf_rc_why(PF_EFAIL, why, whylen, "queue %s: not where it was "
			  "last started: %s", conf->queue_directory, diff));
    }
    /* the queue directory is root's: its own name may be a link */
    if ((fd = open(conf->queue_directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
	return (pf_rc_why(PF_EFAIL, why, whylen, "queue directory %s: %s",
			  conf->queue_directory, strerror(errno)));
    rc = PF_OK;
    for (i = 0; rc == PF_OK && i < sizeof(sample_dirs) / sizeof(sample_dirs[0]); i++) {
	snprintf(dir, sizeof(dir), "%s/%s", conf->queue_directory, sample_dirs[i]);
	rc = sample_dir(fd, sample_dirs[i], dir, 0, why, whylen);
    }
    close(fd);
    return (rc == PF_OK ? PF_OK : PF_EFAIL);
}

typedef struct {
    const char *body;
} stamp_ctx_t;

/* stamp_fill - the stamp file: it names its own inode, then the body */

static int stamp_fill(int fd, void *vctx)
{
    const stamp_ctx_t *ctx = vctx;
    char    file[STAMP_MAX + 64];
    struct stat sb;
    int     n;

    /* rename() keeps the inode: the stamp's own, as the check reads it */
    if (fstat(fd, &sb) < 0)
	return (errno);
    n = snprintf(file, sizeof(file), STAMP_MAGIC "self %llu\n%s",
		 (unsigned long long) sb.st_ino, ctx->body);
    if (n < 0 || n >= (int) sizeof(file))
	return (ENOSPC);
    if (write(fd, file, (size_t) n) != n)
	return (EIO);
    return (0);
}

/* pf_qstamp_write - record the queue as it is now */

int     pf_qstamp_write(const pf_conf_t *conf, char *why, size_t whylen)
{
    char    path[PATH_MAX];
    char    body[STAMP_MAX], file[STAMP_MAX];
    const char *stamped;
    stamp_ctx_t ctx;
    int     rc;

    if ((rc = pf_qstamp_body(conf, body, sizeof(body), why, whylen)) != PF_OK)
	return (rc);
    snprintf(path, sizeof(path), "%s/%s", conf->queue_directory, PF_QSTAMP_FILE);
    /* the stamp there says it already: no write, no fsync on shared storage */
    if (stamp_load(path, file, sizeof(file), &stamped, why, whylen) == PF_OK
	&& strcmp(stamped, body) == 0)
	return (PF_OK);
    why[0] = 0;
    ctx.body = body;
    if ((rc = pf_file_replace(path, 0644, stamp_fill, &ctx, NULL)) != 0)
	return (pf_rc_why(rc, why, whylen, "file %s: %s", path, strerror(rc)));
    return (PF_OK);
}

/* pf_qstamp_remove - forget the recorded start, and any marker */

void    pf_qstamp_remove(const pf_conf_t *conf)
{
    char    path[PATH_MAX];

    snprintf(path, sizeof(path), "%s/%s", conf->queue_directory, PF_QSTAMP_FILE);
    (void) unlink(path);
    snprintf(path, sizeof(path), "%s/quick-start", conf->queue_directory);
    (void) unlink(path);
}

/*
 * marker_gone - no quick-start marker at path (the next postfix start
 * checks and repairs the queue); PF_EFAIL with why when it stays
 */
static int marker_gone(const char *path, char *why, size_t whylen)
{
    struct stat sb;

    if (lstat(path, &sb) < 0)
	return (errno == ENOENT ? PF_OK
		: pf_rc_why(PF_EFAIL, why, whylen, "file %s: %s", path,
			    strerror(errno)));
    if (unlink(path) < 0)
	return (pf_rc_why(PF_EFAIL, why, whylen, "file %s: cannot remove it, "
			  "postfix start would skip its queue repair: %s",
			  path, strerror(errno)));
    pf_notice("file %s: removed, so that postfix start checks and repairs "
	      "the queue", path);
    return (PF_OK);
}

/* pf_qstamp_quick_start - skip postfix-script's integrity pass if safe */

int     pf_qstamp_quick_start(const pf_conf_t *conf, bool marker, bool *proven,
			              char *why, size_t whylen)
{
    char    path[PATH_MAX + 16], cause[512];
    int     fd;

    /*
     * postfix-script start skips check-fatal (postsuper's renaming of
     * queue files after their inode numbers, a walk of the whole queue)
     * and check-warn when this file exists. Whoever left it ("postfix
     * quick-stop", a copy of the queue), it is this decision that counts:
     * the marker is there only when pf_qstamp proves that the queue is
     * where the last start here left it, and only for a start through
     * postfix-script (one that bypasses it leaves no marker behind for
     * the next "postfix start").
     */
    snprintf(path, sizeof(path), "%s/quick-start", conf->queue_directory);
    *proven = (pf_qstamp_check(conf, cause, sizeof(cause)) == PF_OK);
    if (*proven && !marker) {
	pf_info("queue %s: on the filesystem and in the directories of the "
		"last start, queue file names sampled right: the master "
		"starts without postfix-script's integrity pass",
		conf->queue_directory);
	return (marker_gone(path, why, whylen));
    }
    if (*proven) {
	if ((fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0) {
	    pf_warn("file %s: %s; postfix start runs its integrity pass",
		    path, strerror(errno));
	    *proven = false;
	    return (PF_OK);
	}
	close(fd);
	pf_info("queue %s: on the filesystem and in the directories of the "
		"last start, queue file names sampled right: postfix start "
		"skips its integrity pass (quick-start)", conf->queue_directory);
	return (PF_OK);
    }
    pf_info("%s; postfix start runs its integrity pass", cause);
    return (marker_gone(path, why, whylen));
}
