/*++
/* NAME
/*	pf_master 3
/* SUMMARY
/*	is the master of THIS instance running; which processes are its
/* SYNOPSIS
/*	#include "pf_master.h"
/*
/*	int	pf_master_status(const char *queue_directory,
/*			const char *daemon_directory,
/*			pf_master_state_t *st, char *why, size_t whylen)
/*
/*	int	pf_master_scan(const char *queue_directory,
/*			const char *daemon_directory, uid_t mail_owner,
/*			const pf_master_procs_t *known,
/*			pf_master_procs_t *out)
/*
/*	void	pf_master_procs_free(pf_master_procs_t *procs)
/*
/*	int	pf_master_member_pids(const pf_master_procs_t *procs,
/*			pid_t **pids)
/*
/*	int	pf_master_instance_pids(const char *queue_directory,
/*			const char *daemon_directory, uid_t mail_owner,
/*			pid_t **pids, size_t *n)
/*
/*	int	pf_master_signal(const char *queue_directory,
/*			const char *daemon_directory, uid_t mail_owner,
/*			const pf_master_proc_t *proc, int sig)
/*
/*	int	pf_master_locate(const char *config_dir,
/*			char *queue_dir, size_t qlen,
/*			char *daemon_dir, size_t dlen)
/*
/*	void	pf_master_pid_list(const pid_t *pids, size_t n,
/*			char *buf, size_t len)
/*
/*	void	pf_master_strangers_why(const char *queue_directory,
/*			const pf_master_procs_t *procs,
/*			char *buf, size_t len)
/*
/*	void	pf_master_set_file_owner(uid_t uid)
/* DESCRIPTION
/*	pf_master_status() answers "is this instance's master running" as
/*	"master -t" does, from the flock() on
/*	$queue_directory/pid/master.pid, without forking, without taking
/*	the lock (a momentary lock by the agent could make a starting
/*	master fail) and without ever creating the file: the lock's holder
/*	is looked up by the file's inode in the lock lines of
/*	/proc/PID/fdinfo of the pid the file names, on the descriptor that
/*	stat() proves to be that file (cheap), else by device and inode in
/*	/proc/locks (whose reading waits for an RCU grace period). Those
/*	lines show the superblock's device, which on btrfs differs from
/*	the st_dev of stat(): the device that mountinfo gives for the pid
/*	file's mount is accepted as well (pf_mount). The
/*	holder counts only when it is a verified master of this instance
/*	(below). A pid read from the file is only reported (st->file_pid),
/*	never trusted.
/*
/*	A verified daemon of this instance is a live process whose
/*	/proc/PID/exe names a file directly in daemon_directory that is
/*	the very file the process runs (same device and inode), a regular
/*	file owned by root and writable by nobody else (a " (deleted)"
/*	suffix, left by a package upgrade that replaced the binary under a
/*	running daemon, is accepted when the image the process runs is such
/*	a file of root's), whose real uid is root's or mail_owner's (local(8)
/*	lowers only its effective uid to the recipient's while it writes a
/*	mailbox), and whose cwd is the queue directory (paths compared as
/*	real paths, and the directory the same here: cwd_here()). A
/*	verified master is a verified daemon called "master" whose real uid
/*	is root's. Another user can start a process with the queue as cwd
/*	and MAIL_CONFIG in its environment, and can even run Postfix's
/*	binaries, but not as root or mail_owner: none of those facts can be
/*	faked by another user.
/*
/*	When no verified master holds the lock, the process table is
/*	searched for a master of this instance anyway (st->orphan): one
/*	whose pid file was removed while it ran still serves mail and must
/*	be found by stop.
/*
/*	pf_master_scan() reads every process once (one snapshot: stat,
/*	exe and cwd of each) and gives the instance's live (not zombie)
/*	processes: every verified daemon (the masters among them), every
/*	process in "known" whose start time is still the one recorded
/*	(proven by an earlier scan of the caller: a delivery command whose
/*	pipe(8) the master's shutdown ended is still the instance's), and
/*	every process that descends from one of those by its parent pid
/*	in the same snapshot, each parent started no later than its child
/*	(a pid reused while the snapshot was read is never taken for the
/*	parent). Delivery commands of pipe(8) and local(8) run as the
/*	recipient, in a session of their own, with MAIL_CONFIG exported:
/*	they are the instance's because they descend from pipe or local.
/*	Processes whose cwd is the queue directory that are not the
/*	instance's are listed apart as strangers, with their real uid:
/*	another user's process, and a delivery command orphaned after its
/*	daemons died (reparented to init or a subreaper: nothing proves
/*	any longer whose it is). The agent's own process is never listed.
/*	With mail_owner (uid_t) -1 (main.cf unreadable, owner unknown),
/*	the daemons' uid is taken from the owner of the queue's "active"
/*	directory, when the queue directory and its "pid" directory are
/*	root's and writable by nobody else.
/*
/*	pf_master_instance_pids() gives the pids of pf_master_scan()'s
/*	members, pf_master_member_pids() those of a scan made before.
/*
/*	pf_master_signal() sends a signal to one process of a scan after
/*	proving, right before, that its pid is still that process: a pidfd
/*	is opened on the pid, the process's start time read again from
/*	/proc/PID/stat must be the scan's (and a daemon must still be a
/*	verified daemon), then the signal goes through the pidfd, which
/*	cannot reach another process. Without pidfd (ENOSYS, a kernel
/*	before 5.3) the same re-verification is done right before kill().
/*
/*	pf_master_locate() serves stop when main.cf cannot be read: it
/*	finds a verified master (or, failing that, a verified daemon whose
/*	uid is the queue's owner, as above) whose environment holds
/*	MAIL_CONFIG=config_dir, as postfix(1) exports it, and whose
/*	executable has a root-owned "master" sibling; the queue directory
/*	is that process's cwd, the daemon directory the directory of its
/*	executable.
/*
/*	pf_master_pid_list() formats pids for a message, cut at a whole
/*	pid ("12 3456", never "12 3456 7"). pf_master_strangers_why()
/*	words the warning about a scan's strangers: each pid with its real
/*	uid (whole entries only), and why they are not the instance's.
/*
/*	/proc is read through pf_proc (whose pf_proc_set_root() is the
/*	unit tests' hook for it). pf_master_set_file_owner() makes the
/*	module take files of that uid as root's; for unit tests.
/* DIAGNOSTICS
/*	pf_master_status(): PF_OK (st->pid is the master), PF_ENOTRUNNING
/*	(why says why: no lock, stale pid file, master without lock),
/*	PF_EINSTALL (queue directory absent), or an errno.
/*	pf_master_scan(), pf_master_instance_pids(): PF_OK or an errno
/*	(ENOMEM, /proc unreadable, a process whose stat cannot be read for
/*	another reason than its exit): a failure to look is never an empty
/*	list.
/*	pf_master_signal(): PF_OK (sent), ESRCH (gone, or no longer the
/*	process the scan proved: not signalled) or an errno.
/*	pf_master_locate(): PF_OK, PF_ENOTRUNNING (looked at every process,
/*	none is the instance's) or an errno (could not look).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "pf_decimal.h"
#include "pf_master.h"
#include "pf_mount.h"
#include "pf_proc.h"
#include "pf_rc.h"

static uid_t file_owner = 0;		/* whose files are root's (tests) */

/* One process as read from /proc (8 KiB: read one at a time). */
typedef struct proc_info {
    pid_t   pid;
    pid_t   ppid;
    char    state;
    bool    exe_deleted;		/* exe had the " (deleted)" suffix */
    unsigned long long start;		/* start time, clock ticks after boot */
    char    exe[PATH_MAX];
    char    cwd[PATH_MAX];
} proc_info_t;

/*
 * One process of a scan's snapshot: what the tree and the verdicts need,
 * decided as the process is read (a node per process of the machine:
 * small, so that a scan touches few pages whatever the process count).
 */
typedef struct proc_node {
    pid_t   pid;			/* 0: gone, a zombie, or the agent */
    pid_t   ppid;
    unsigned long long start;		/* start time, clock ticks after boot */
    bool    daemon;			/* a verified daemon of the instance */
    bool    cwd_named;			/* its working directory's name is the queue's */
} proc_node_t;

/* pf_master_set_file_owner - whose files count as root's (unit tests) */

void    pf_master_set_file_owner(uid_t uid)
{
    file_owner = uid;
}

/* proc_read - everything this module needs about one process */

static int proc_read(pid_t pid, proc_info_t *pi)
{
    pf_proc_stat_t ps;
    int     err;

    memset(pi, 0, sizeof(*pi));
    if ((err = pf_proc_stat(pid, &ps)) != 0)
	return (err);
    if (!ps.has_start)
	return (EINVAL);			/* a process we could not re-prove */
    pi->pid = pid;
    pi->ppid = ps.ppid;
    pi->state = ps.state;
    pi->start = ps.start;
    pf_proc_link(pid, "exe", pi->exe, sizeof(pi->exe), &pi->exe_deleted);
    pf_proc_link(pid, "cwd", pi->cwd, sizeof(pi->cwd), NULL);
    return (0);
}

/* proc_uid - real uid from /proc/PID/status; (uid_t) -1 when unknown */

static uid_t proc_uid(pid_t pid)
{
    pf_proc_status_t ps;

    return (pf_proc_status(pid, &ps) == PF_OK ? ps.uid : (uid_t) -1);
}

/* live - a process read from /proc that has not exited */

static int live(const proc_info_t *pi)
{
    return (pi->pid != 0 && pi->state != 'Z' && pi->state != 'X');
}

/* real_dir - realpath(), or the path as given when that fails */

static void real_dir(const char *path, char *buf, size_t len)
{
    char    tmp[PATH_MAX];

    if (realpath(path, tmp) != NULL)
	snprintf(buf, len, "%s", tmp);
    else
	snprintf(buf, len, "%s", path);
}

/* dir_of - is path directly inside dir */

static int dir_of(const char *dir, const char *path)
{
    size_t  len = strlen(dir);
    const char *slash = strrchr(path, '/');

    return (slash != NULL && (size_t) (slash - path) == len
	    && strncmp(dir, path, len) == 0);
}

/* root_file - a regular file of root's that nobody else may write */

static int root_file(const struct stat *sb)
{
    return (S_ISREG(sb->st_mode) && sb->st_uid == file_owner
	    && (sb->st_mode & (S_IWGRP | S_IWOTH)) == 0);
}

/* root_dir - a directory of root's that nobody else may write */

static int root_dir(const char *path)
{
    struct stat sb;

    return (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)
	    && sb.st_uid == file_owner
	    && (sb.st_mode & (S_IWGRP | S_IWOTH)) == 0);
}

/*
 * exe_trusted - the process runs the file its exe link names, directly in
 * DREAL: a regular file of root's. The name alone is not enough: in a
 * mount namespace of its own another user may show any file under that
 * name; the image the process runs (stat() of /proc/PID/exe) must be the
 * file that is there (same device and inode). A binary replaced by an
 * upgrade under a running daemon (" (deleted)") has no file there any
 * more: its image must then be root's own.
 */
static int exe_trusted(const proc_info_t *pi, const char *dreal)
{
    char    link[PATH_MAX];
    struct stat img, sb;

    if (pi->exe[0] != '/' || !dir_of(dreal, pi->exe))
	return (0);
    if (stat(pf_proc_path(link, sizeof(link), pi->pid, "exe"), &img) != 0 || !root_file(&img))
	return (0);
    if (pi->exe_deleted)
	return (1);
    return (lstat(pi->exe, &sb) == 0 && sb.st_dev == img.st_dev
	    && sb.st_ino == img.st_ino);
}

/*
 * cwd_here - the directory PATH names here is the working directory of
 * process PID. A process of another mount namespace (a container, or
 * another node of a test cluster sharing this kernel) may have a working
 * directory of the same name on a filesystem mounted only there, while here
 * that name is an empty mount point or nothing at all: the name alone would
 * make its processes ours. A working directory removed since (no links
 * left) still counts: its name was this one.
 */
static int cwd_here(pid_t pid, const char *path)
{
    char    link[PATH_MAX];
    struct stat cst, pst;

    if (stat(pf_proc_path(link, sizeof(link), pid, "cwd"), &cst) < 0)
	return (1);				/* gone meanwhile */
    if (stat(path, &pst) < 0)
	return (cst.st_nlink == 0);
    return (cst.st_dev == pst.st_dev && cst.st_ino == pst.st_ino);
}

/*
 * queue_owner - the daemons' uid when mail_owner is unknown: the owner of
 * QREAL/active, taken only where root made the queue (QREAL and QREAL/pid
 * root's and writable by nobody else); (uid_t) -1 otherwise.
 */
static uid_t queue_owner(const char *qreal)
{
    char    path[PATH_MAX + 16];
    struct stat sb;

    if (!root_dir(qreal))
	return ((uid_t) -1);
    snprintf(path, sizeof(path), "%s/pid", qreal);
    if (!root_dir(path))
	return ((uid_t) -1);
    snprintf(path, sizeof(path), "%s/active", qreal);
    if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
	return ((uid_t) -1);
    return (sb.st_uid);
}

/*
 * daemon_verified - a Postfix daemon of this instance (see DESCRIPTION):
 * the cheap string tests first, then exe, cwd and the real uid (root's,
 * or owner's).
 */
static int daemon_verified(const proc_info_t *pi, const char *qreal,
			           const char *dreal, uid_t owner)
{
    uid_t   uid;

    if (!live(pi) || !dir_of(dreal, pi->exe) || strcmp(pi->cwd, qreal) != 0
	|| !exe_trusted(pi, dreal) || !cwd_here(pi->pid, qreal))
	return (0);
    uid = proc_uid(pi->pid);
    return (uid != (uid_t) -1 && (uid == 0 || uid == owner));
}

/* is_master - a verified daemon called "master", run by root */

static int is_master(const proc_info_t *pi, const char *qreal,
		             const char *dreal)
{
    const char *slash = strrchr(pi->exe, '/');

    return (slash != NULL && strcmp(slash, "/master") == 0
	    && daemon_verified(pi, qreal, dreal, 0));
}

/* parse_pid - a positive decimal pid, 0 otherwise */

static pid_t parse_pid(const char *text)
{
    char    digits[32];
    size_t  n = 0;
    long long val;

    /* master.pid is "%*lu\n": blanks around the digits only */
    while (isspace((unsigned char) *text))
	text++;
    while (text[n] && !isspace((unsigned char) text[n]) && n < sizeof(digits) - 1) {
	digits[n] = text[n];
	n++;
    }
    digits[n] = 0;
    for (text += n; isspace((unsigned char) *text); text++)
	 /* void */ ;
    if (*text != 0 || pf_decimal_parse(digits, &val) != PF_OK
	|| val <= 0 || val > INT_MAX)
	return (0);
    return ((pid_t) val);
}

/* read_pid_file - the pid written in master.pid; never creates it */

static pid_t read_pid_file(const char *path)
{
    char    buf[64];
    ssize_t n;
    int     fd;

    if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
	return (0);
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
	return (0);
    buf[n] = 0;
    return (parse_pid(buf));
}

/* same_dev - maj:min is dev, or the device mountinfo gives for the file */

static int same_dev(unsigned maj, unsigned min, dev_t dev, const pf_mount_t *mnt)
{
    /*
     * /proc/locks and fdinfo show the superblock's device; stat() shows
     * what the filesystem reports, which on btrfs is a per-subvolume
     * anonymous device. mountinfo shows the superblock's.
     */
    return ((maj == major(dev) && min == minor(dev))
	    || (mnt != NULL && maj == mnt->major && min == mnt->minor));
}

/* lock_holder - pid holding an flock on dev:ino per /proc/locks, 0 if none */

static pid_t lock_holder(dev_t dev, ino_t ino, const pf_mount_t *mnt)
{
    char    path[PATH_MAX];
    char    line[512];
    FILE   *fp;
    pid_t   holder = 0;

    if ((fp = fopen(pf_proc_path(path, sizeof(path), 0, "locks"), "re")) == NULL)
	return (0);
    while (fgets(line, sizeof(line), fp) != NULL) {
	char    kind[32], mode[32], rw[32];
	unsigned maj, min;
	unsigned long long inode;
	long    pid;
	const char *cp = strchr(line, ':');

	/* "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5678 0 EOF"; waiters: "1: -> ..." */
	if (cp == NULL || strstr(line, "->") != NULL)
	    continue;
	if (sscanf(cp + 1, " %31s %31s %31s %ld %x:%x:%llu", kind, mode, rw,
		   &pid, &maj, &min, &inode) != 7)
	    continue;
	if (strcmp(kind, "FLOCK") != 0 || pid <= 0)
	    continue;
	if (same_dev(maj, min, dev, mnt) && inode == (unsigned long long) ino) {
	    holder = (pid_t) pid;
	    break;
	}
    }
    fclose(fp);
    return (holder);
}

/* fd_lock_holder - pid holding an flock on dev:ino through a file of pid */

static pid_t fd_lock_holder(pid_t pid, dev_t dev, ino_t ino)
{
    char    path[PATH_MAX], name[32];
    char    line[512];
    struct stat sb;
    pf_proc_iter_t it;
    FILE   *fp;
    pid_t   holder = 0;
    int     fd;

    /*
     * Reading /proc/locks takes file_rwsem for writing, which waits for an
     * RCU grace period: 5-15 ms of wall time on every monitor. The pid file
     * names the master; /proc/PID/fdinfo/FD lists the locks held through
     * that open file, read under a spinlock. Ascending fd order: the
     * master opens its pid file early, so this stops after a few entries.
     * Any doubt (no such fd, no lock shown) falls back to /proc/locks.
     */
    if (pf_proc_fd_open(pid, &it) != PF_OK)
	return (0);
    while (holder == 0 && (fd = pf_proc_fd_next(&it)) >= 0) {
	snprintf(name, sizeof(name), "fd/%d", fd);
	if (stat(pf_proc_path(path, sizeof(path), pid, name), &sb) != 0
	    || sb.st_dev != dev || sb.st_ino != ino)
	    continue;
	snprintf(name, sizeof(name), "fdinfo/%d", fd);
	if ((fp = fopen(pf_proc_path(path, sizeof(path), pid, name), "re")) == NULL)
	    continue;
	while (fgets(line, sizeof(line), fp) != NULL) {
	    char    kind[32], mode[32], rw[32];
	    unsigned maj, min;
	    unsigned long long inode;
	    long    lpid;
	    const char *cp;

	    /* "lock:\t1: FLOCK  ADVISORY  WRITE 1234 fe:00:5678 0 EOF" */
	    if (strncmp(line, "lock:", 5) != 0 || strstr(line, "->") != NULL
		|| (cp = strchr(line + 5, ':')) == NULL)
		continue;
	    if (sscanf(cp + 1, " %31s %31s %31s %ld %x:%x:%llu", kind, mode, rw,
		       &lpid, &maj, &min, &inode) != 7)
		continue;
	    /* the fd is this file (stat above): the inode is enough */
	    if (strcmp(kind, "FLOCK") == 0 && lpid > 0
		&& inode == (unsigned long long) ino) {
		holder = (pid_t) lpid;
		break;
	    }
	}
	fclose(fp);
    }
    pf_proc_iter_close(&it);
    return (holder);
}

/* find_orphan - a master of this instance, whatever the lock says */

static pid_t find_orphan(const char *qreal, const char *dreal, pid_t skip,
			         proc_info_t *pi)
{
    pid_t  *pids;
    size_t  n, i;
    pid_t   found = 0;

    if (pf_proc_pids(&pids, &n) != 0)
	return (0);
    for (i = 0; i < n && found == 0; i++)
	if (pids[i] != skip && proc_read(pids[i], pi) == 0
	    && is_master(pi, qreal, dreal))
	    found = pids[i];
    free(pids);
    return (found);
}

/* pf_master_status - is this instance's master running */

int     pf_master_status(const char *queue_directory, const char *daemon_directory,
			         pf_master_state_t *st, char *why, size_t whylen)
{
    char    qreal[PATH_MAX];
    char    dreal[PATH_MAX];
    char    pidfile[PATH_MAX + 32];
    struct stat sb;
    proc_info_t pi;

    memset(st, 0, sizeof(*st));
    if (realpath(queue_directory, qreal) == NULL) {
	int     err = errno;

	snprintf(why, whylen, "queue directory %s: %s", queue_directory,
		 err == ENOENT || err == ENOTDIR ? "not found" : strerror(err));
	return (err == ENOENT || err == ENOTDIR ? PF_EINSTALL : err);
    }
    real_dir(daemon_directory, dreal, sizeof(dreal));
    snprintf(pidfile, sizeof(pidfile), "%s/pid/master.pid", qreal);

    if (lstat(pidfile, &sb) == 0 && S_ISREG(sb.st_mode)) {
	st->file_pid = read_pid_file(pidfile);
	if (st->file_pid == 0
	    || (st->holder = fd_lock_holder(st->file_pid, sb.st_dev, sb.st_ino)) == 0) {
	    pf_mount_t mnt;

	    st->holder = lock_holder(sb.st_dev, sb.st_ino,
				     pf_mount_of(pidfile, &mnt) == PF_OK ? &mnt : NULL);
	}
	st->lock_held = (st->holder != 0);
    }
    if (st->holder && proc_read(st->holder, &pi) == 0
	&& is_master(&pi, qreal, dreal)) {
	st->pid = st->holder;
	st->start = pi.start;
	st->stopped = (pi.state == 'T' || pi.state == 't');
	if (st->stopped)
	    snprintf(why, whylen, "master pid %ld of queue %s: stopped (state T), "
		     "not answering", (long) st->pid, qreal);
	else
	    snprintf(why, whylen, "master pid %ld of queue %s: running",
		     (long) st->pid, qreal);
	return (PF_OK);
    }

    st->orphan = find_orphan(qreal, dreal, st->holder, &pi);
    if (st->orphan) {
	st->start = pi.start;
	st->stopped = (pi.state == 'T' || pi.state == 't');
	snprintf(why, whylen, "master pid %ld of queue %s: runs without the lock "
		 "on file %s (pid file removed or replaced)",
		 (long) st->orphan, qreal, pidfile);
    } else if (st->holder) {
	snprintf(why, whylen, "file %s: locked by pid %ld, which is not this "
		 "instance's master", pidfile, (long) st->holder);
    } else if (st->file_pid && proc_read(st->file_pid, &pi) == 0
	       && pi.state != 'Z' && pi.state != 'X') {
	snprintf(why, whylen, "file %s: PID %ld is not this instance's master "
		 "(stale pid file); Master process of postfix is not running",
		 pidfile, (long) st->file_pid);
    } else if (st->file_pid) {
	snprintf(why, whylen, "PID %ld does not exist. postfix may have "
		 "already stopped", (long) st->file_pid);
    } else {
	snprintf(why, whylen, "Master process of postfix is not running "
		 "(queue %s)", qreal);
    }
    return (PF_ENOTRUNNING);
}

/* Marks of a scan: the PF_MASTER_* reasons, and these. */
#define MARK_UNKNOWN	0		/* not decided yet */
#define MARK_NOT	4		/* not the instance's */
#define MARK_VISITING	5		/* on the parent chain being walked */

/* by_pid - qsort()/bsearch() order of proc_node_t */

static int by_pid(const void *a, const void *b)
{
    pid_t   x = ((const proc_node_t *) a)->pid;
    pid_t   y = ((const proc_node_t *) b)->pid;

    return ((x > y) - (x < y));
}

/* pid_is - bsearch() of a pid among proc_node_t sorted by_pid */

static int pid_is(const void *key, const void *elem)
{
    pid_t   x = *(const pid_t *) key;
    pid_t   y = ((const proc_node_t *) elem)->pid;

    return ((x > y) - (x < y));
}

/* find_proc - the process of the snapshot with this pid, or NULL */

static proc_node_t *find_proc(proc_node_t *procs, size_t n, pid_t pid)
{
    return (pid > 0 ? bsearch(&pid, procs, n, sizeof(*procs), pid_is) : NULL);
}

/* known_has - the caller proved this very process (pid and start time) */

static int known_has(const pf_master_procs_t *known, const proc_node_t *pi)
{
    size_t  i;

    for (i = 0; known && i < known->n_member; i++)
	if (known->member[i].pid == pi->pid && known->member[i].start == pi->start)
	    return (1);
    return (0);
}

/* member_mark - the mark of one of the instance's processes */

static int member_mark(unsigned char m)
{
    return (m == PF_MASTER_DAEMON || m == PF_MASTER_DESCENDANT
	    || m == PF_MASTER_KNOWN);
}

/*
 * descend - decide every undecided process of the snapshot: the
 * instance's (PF_MASTER_DESCENDANT) when its parent chain reaches one of
 * the instance's processes, each parent started no later than its child
 * (a parent pid reused while /proc was read is not the parent), else
 * MARK_NOT. chain has room for n indexes.
 */
static void descend(proc_node_t *procs, unsigned char *mark, size_t n,
		            size_t *chain)
{
    size_t  i, j, len, k;
    unsigned char verdict;
    proc_node_t *parent;

    for (i = 0; i < n; i++) {
	for (len = 0, j = i; j < n && mark[j] == MARK_UNKNOWN;) {
	    chain[len++] = j;
	    mark[j] = MARK_VISITING;
	    parent = find_proc(procs, n, procs[j].ppid);
	    if (parent == NULL || parent->start > procs[j].start)
		j = n;				/* no parent in the snapshot */
	    else
		j = (size_t) (parent - procs);
	}
	verdict = (j < n && member_mark(mark[j])) ? PF_MASTER_DESCENDANT : MARK_NOT;
	for (k = 0; k < len; k++)
	    mark[chain[k]] = verdict;
    }
}

/* procs_add - append one process to a list of n */

static int procs_add(pf_master_proc_t **list, size_t *n, size_t *cap,
		             const proc_node_t *pi, uid_t uid, int how)
{
    if (*n == *cap) {
	size_t  ncap = *cap ? 2 * *cap : 16;
	pf_master_proc_t *np = realloc(*list, ncap * sizeof(**list));

	if (np == NULL)
	    return (ENOMEM);
	*list = np;
	*cap = ncap;
    }
    (*list)[*n].pid = pi->pid;
    (*list)[*n].uid = uid;
    (*list)[*n].start = pi->start;
    (*list)[*n].how = how;
    (*n)++;
    return (0);
}

/* pf_master_procs_free - release what pf_master_scan() found */

void    pf_master_procs_free(pf_master_procs_t *procs)
{
    free(procs->member);
    free(procs->stranger);
    memset(procs, 0, sizeof(*procs));
}

/* pf_master_scan - the instance's processes, and the strangers in its queue */

int     pf_master_scan(const char *queue_directory, const char *daemon_directory,
		               uid_t owner, const pf_master_procs_t *known,
		               pf_master_procs_t *out)
{
    char    qreal[PATH_MAX];
    char    dreal[PATH_MAX];
    proc_info_t pi;
    proc_node_t *procs;
    unsigned char *mark;
    size_t *chain;
    pid_t  *pids;
    size_t  n, i, mcap = 0, scap = 0;
    pid_t   self = getpid();
    int     err = 0;

    memset(out, 0, sizeof(*out));
    real_dir(queue_directory, qreal, sizeof(qreal));
    real_dir(daemon_directory, dreal, sizeof(dreal));
    if (owner == (uid_t) -1)
	owner = queue_owner(qreal);
    if ((err = pf_proc_pids(&pids, &n)) != 0)
	return (err);
    procs = calloc(n ? n : 1, sizeof(*procs));
    mark = calloc(n ? n : 1, 1);
    chain = calloc(n ? n : 1, sizeof(*chain));
    if (procs == NULL || mark == NULL || chain == NULL) {
	err = ENOMEM;
	goto done;
    }
    /* The snapshot: each process read once, and judged as it is read. */
    for (i = 0; i < n; i++) {
	if (pids[i] == self)
	    continue;				/* pid 0: never listed */
	if ((err = proc_read(pids[i], &pi)) != 0 && err != ENOENT)
	    goto done;				/* EMFILE...: cannot be proven foreign */
	err = 0;
	if (!live(&pi))
	    continue;				/* gone or zombie: pid 0 */
	procs[i].pid = pi.pid;
	procs[i].ppid = pi.ppid;
	procs[i].start = pi.start;
	procs[i].daemon = daemon_verified(&pi, qreal, dreal, owner);
	procs[i].cwd_named = (strcmp(pi.cwd, qreal) == 0);
    }
    qsort(procs, n, sizeof(*procs), by_pid);

    /* Verified daemons, and what the caller proved before. */
    for (i = 0; i < n; i++) {
	if (procs[i].pid == 0)
	    mark[i] = MARK_NOT;
	else if (procs[i].daemon)
	    mark[i] = PF_MASTER_DAEMON;
	else if (known_has(known, &procs[i]))
	    mark[i] = PF_MASTER_KNOWN;
    }
    /* Their descendants, by the snapshot's parent pids. */
    descend(procs, mark, n, chain);

    for (i = 0; i < n && err == 0; i++) {
	if (member_mark(mark[i]))
	    err = procs_add(&out->member, &out->n_member, &mcap, &procs[i],
			    (uid_t) -1, mark[i]);
	else if (procs[i].pid != 0 && procs[i].cwd_named
		 && cwd_here(procs[i].pid, qreal))
	    err = procs_add(&out->stranger, &out->n_stranger, &scap, &procs[i],
			    proc_uid(procs[i].pid), PF_MASTER_STRANGER);
    }

done:
    if (err != 0)
	pf_master_procs_free(out);
    free(chain);
    free(procs);
    free(mark);
    free(pids);
    return (err);
}

/* pf_master_member_pids - the members' pids; *pids malloc()ed (NULL: none) */

int     pf_master_member_pids(const pf_master_procs_t *procs, pid_t **pids)
{
    size_t  i;

    *pids = NULL;
    if (procs->n_member == 0)
	return (PF_OK);
    if ((*pids = calloc(procs->n_member, sizeof(**pids))) == NULL)
	return (ENOMEM);
    for (i = 0; i < procs->n_member; i++)
	(*pids)[i] = procs->member[i].pid;
    return (PF_OK);
}

/* pf_master_instance_pids - live processes of this instance */

int     pf_master_instance_pids(const char *queue_directory,
			                const char *daemon_directory, uid_t owner,
			                pid_t **out, size_t *nout)
{
    pf_master_procs_t procs;
    int     err;

    *out = NULL;
    *nout = 0;
    if ((err = pf_master_scan(queue_directory, daemon_directory, owner, NULL,
			      &procs)) != PF_OK)
	return (err);
    if ((err = pf_master_member_pids(&procs, out)) == PF_OK)
	*nout = procs.n_member;
    pf_master_procs_free(&procs);
    return (err);
}

/* pf_master_signal - re-verify one process of a scan, then signal it */

int     pf_master_signal(const char *queue_directory, const char *daemon_directory,
			         uid_t owner, const pf_master_proc_t *proc, int sig)
{
    char    qreal[PATH_MAX];
    char    dreal[PATH_MAX];
    proc_info_t pi;
    int     fd = -1, err;

#ifdef SYS_pidfd_open
    /* the descriptor holds the process that has the pid now, and only it */
    if ((fd = (int) syscall(SYS_pidfd_open, proc->pid, 0)) < 0 && errno != ENOSYS)
	return (errno);
#endif
    /* the process that has the pid now is the one the scan proved */
    err = proc_read(proc->pid, &pi);
    if (err == ENOENT || (err == 0 && (!live(&pi) || pi.start != proc->start)))
	err = ESRCH;
    if (err == 0 && proc->how == PF_MASTER_DAEMON) {
	real_dir(queue_directory, qreal, sizeof(qreal));
	real_dir(daemon_directory, dreal, sizeof(dreal));
	if (!daemon_verified(&pi, qreal, dreal, owner == (uid_t) -1 ?
			     queue_owner(qreal) : owner))
	    err = ESRCH;
    }
    if (err == 0) {
#ifdef SYS_pidfd_send_signal
	if (fd >= 0) {
	    if (syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) < 0)
		err = errno;
	} else
#endif
	/*
	 * No pidfd (ENOSYS: a kernel before 5.3): the pid was verified by its
	 * start time just now, right before kill(). A pid that exits and is
	 * reused between that read and kill() is the window pidfd closes.
	 */
	if (kill(proc->pid, sig) < 0)
	    err = errno;
    }
    if (fd >= 0)
	close(fd);
    return (err);
}

/* environ_has - /proc/PID/environ holds NAME=value (or its real path) */

static int environ_has(pid_t pid, const char *name, const char *value,
		               const char *value_real)
{
    char    env[PATH_MAX];
    char    real[PATH_MAX];

    if (pf_proc_getenv(pid, name, env, sizeof(env)) != PF_OK)
	return (0);
    if (strcmp(env, value) == 0 || strcmp(env, value_real) == 0)
	return (1);
    real_dir(env, real, sizeof(real));
    return (strcmp(real, value_real) == 0);
}

/* has_master_sibling - DIR(exe)/master is a file of root's */

static int has_master_sibling(const char *exe)
{
    char    path[PATH_MAX + 8];
    const char *slash = strrchr(exe, '/');
    struct stat sb;

    if (slash == NULL)
	return (0);
    snprintf(path, sizeof(path), "%.*s/master", (int) (slash - exe), exe);
    return (lstat(path, &sb) == 0 && root_file(&sb));
}

/* pf_master_locate - find the instance by MAIL_CONFIG */

int     pf_master_locate(const char *config_dir, char *queue_dir, size_t qlen,
			         char *daemon_dir, size_t dlen)
{
    char    creal[PATH_MAX];
    char    ddir[PATH_MAX];
    pid_t  *pids;
    size_t  n, i;
    int     pass, found = 0, err;
    pid_t   self = getpid();
    proc_info_t pi;

    real_dir(config_dir, creal, sizeof(creal));
    if ((err = pf_proc_pids(&pids, &n)) != 0)
	return (err);				/* not looked: never "not running" */
    /* Pass 0: a master; pass 1: any daemon of the instance. */
    for (pass = 0; pass < 2 && !found; pass++) {
	for (i = 0; i < n && !found; i++) {
	    const char *base;

	    if (pids[i] == self || proc_read(pids[i], &pi) != 0
		|| !live(&pi) || pi.exe[0] != '/' || pi.cwd[0] != '/')
		continue;
	    base = strrchr(pi.exe, '/') + 1;
	    if (pass == 0 && strcmp(base, "master") != 0)
		continue;
	    snprintf(ddir, sizeof(ddir), "%.*s", (int) (base - 1 - pi.exe), pi.exe);
	    /* a master runs as root; a daemon also as its queue's owner */
	    if (!has_master_sibling(pi.exe)
		|| !environ_has(pids[i], "MAIL_CONFIG", config_dir, creal)
		|| !daemon_verified(&pi, pi.cwd, ddir,
				    pass == 0 ? 0 : queue_owner(pi.cwd)))
		continue;
	    snprintf(queue_dir, qlen, "%s", pi.cwd);
	    snprintf(daemon_dir, dlen, "%s", ddir);
	    found = 1;
	}
    }
    free(pids);
    return (found ? PF_OK : PF_ENOTRUNNING);
}

/* pf_master_strangers_why - a warning naming the strangers of a scan */

void    pf_master_strangers_why(const char *queue_directory,
				        const pf_master_procs_t *procs,
				        char *buf, size_t len)
{
    size_t  used, i;
    int     w;

    w = snprintf(buf, len, "queue %s: not this instance's, never signalled: "
		 "pid (uid)", queue_directory);
    used = (w < 0 ? 0 : (size_t) w >= len ? len - 1 : (size_t) w);
    for (i = 0; i < procs->n_stranger && used + 1 < len; i++) {
	w = snprintf(buf + used, len - used, " %ld (%ld)",
		     (long) procs->stranger[i].pid, (long) procs->stranger[i].uid);
	if (w < 0 || (size_t) w >= len - used) {
	    buf[used] = 0;			/* a whole entry, or none */
	    break;
	}
	used += (size_t) w;
    }
    snprintf(buf + used, len - used, "%s", used + 1 < len ? "; their working "
	     "directory is the queue, but no verified Postfix daemon is among "
	     "their ancestors (another user's process, or a delivery command "
	     "orphaned after its daemons died)" : "");
}

/* pf_master_pid_list - pids as text */

void    pf_master_pid_list(const pid_t *pids, size_t n, char *buf, size_t len)
{
    size_t  used = 0, i;

    buf[0] = 0;
    for (i = 0; i < n && used + 1 < len; i++) {
	int     w = snprintf(buf + used, len - used, "%s%ld", i ? " " : "", (long) pids[i]);

	if (w < 0 || (size_t) w >= len - used) {
	    buf[used] = 0;
	    break;
	}
	used += (size_t) w;
    }
}
