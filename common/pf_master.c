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
/*	int	pf_master_instance_pids(const char *queue_directory,
/*			const char *daemon_directory,
/*			const pf_master_state_t *st,
/*			pid_t **pids, size_t *n)
/*
/*	int	pf_master_locate(const char *config_dir,
/*			char *queue_dir, size_t qlen,
/*			char *daemon_dir, size_t dlen)
/*
/*	void	pf_master_pid_list(const pid_t *pids, size_t n,
/*			char *buf, size_t len)
/*
/*	void	pf_master_set_proc_root(const char *root)
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
/*	holder counts only when it is a master of this instance: its
/*	/proc/PID/exe is $daemon_directory/master (a " (deleted)" suffix,
/*	left by a package upgrade that replaced the binary under a running
/*	master, is ignored: that is still our master) and its cwd is the
/*	queue directory (both compared as real paths). A pid read from the
/*	file is only reported (st->file_pid), never trusted.
/*
/*	When no verified master holds the lock, the process table is
/*	searched for a master of this instance anyway (st->orphan): one
/*	whose pid file was removed while it ran still serves mail and must
/*	be found by stop.
/*
/*	pf_master_instance_pids() lists the live (not zombie) processes of
/*	this instance: every master of this instance (exe and cwd as
/*	above), every process in a session led by one of them, processes
/*	whose cwd is the queue directory and that are Postfix daemons
/*	(executable in daemon_directory) or that belong to the session
/*	named by the pid file (daemons left behind by a killed master keep
/*	its session id) or that carry MAIL_CONFIG in their environment
/*	(postfix(1) sets it for the master, which passes it to everything
/*	it starts, delivery commands included, even after their parent
/*	died), and processes whose cwd is the queue directory that descend
/*	from any of those (delivery commands of pipe(8) run
/*	in a session of their own). The agent's own process is never
/*	listed.
/*
/*	pf_master_locate() serves stop when main.cf cannot be read: it
/*	finds a master (or, failing that, a daemon) whose environment holds
/*	MAIL_CONFIG=config_dir, as postfix(1) exports it, and whose
/*	executable has a "master" sibling; the queue directory is that
/*	process's cwd, the daemon directory the directory of its
/*	executable.
/*
/*	pf_master_pid_list() formats pids for a message, cut at a whole
/*	pid ("12 3456", never "12 3456 7").
/*
/*	pf_master_set_proc_root() makes the module read another tree than
/*	/proc ("<root>/locks", "<root>/<pid>/stat" ...); for unit tests.
/* DIAGNOSTICS
/*	pf_master_status(): PF_OK (st->pid is the master), PF_ENOTRUNNING
/*	(why says why: no lock, stale pid file, master without lock),
/*	PF_EINSTALL (queue directory absent), or an errno.
/*	pf_master_instance_pids(): PF_OK or an errno (ENOMEM, /proc
/*	unreadable, a process whose stat cannot be read for another reason
/*	than its exit): a failure to look is never an empty list.
/*	pf_master_locate(): PF_OK, PF_ENOTRUNNING (looked at every process,
/*	none is the instance's) or an errno (could not look).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "pf_decimal.h"
#include "pf_master.h"
#include "pf_mount.h"
#include "pf_rc.h"

#define DELETED_SUFFIX	" (deleted)"

static const char *proc_root = "/proc";

/* One process as read from /proc. */
typedef struct proc_info {
    pid_t   pid;
    pid_t   ppid;
    pid_t   sid;
    char    state;
    char    exe[PATH_MAX];
    char    cwd[PATH_MAX];
} proc_info_t;

/* pf_master_set_proc_root - read another /proc (unit tests) */

void    pf_master_set_proc_root(const char *root)
{
    proc_root = root ? root : "/proc";
}

/* strip_deleted - remove the " (deleted)" the kernel appends */

static void strip_deleted(char *path)
{
    size_t  len = strlen(path);
    size_t  slen = sizeof(DELETED_SUFFIX) - 1;

    if (len > slen && strcmp(path + len - slen, DELETED_SUFFIX) == 0)
	path[len - slen] = 0;
}

/* proc_link - readlink /proc/PID/name, without " (deleted)"; "" on error */

static int proc_link(pid_t pid, const char *name, char *buf, size_t len)
{
    char    path[PATH_MAX];
    ssize_t n;

    buf[0] = 0;
    snprintf(path, sizeof(path), "%s/%ld/%s", proc_root, (long) pid, name);
    if ((n = readlink(path, buf, len - 1)) < 0)
	return (errno);
    buf[n] = 0;
    strip_deleted(buf);
    return (0);
}

/* proc_stat - ppid, session and state from /proc/PID/stat */

static int proc_stat(pid_t pid, proc_info_t *pi)
{
    char    path[PATH_MAX];
    char    buf[1024];
    const char *cp;
    long    ppid, pgrp, sid;
    char    state;
    ssize_t n;
    int     fd;

    snprintf(path, sizeof(path), "%s/%ld/stat", proc_root, (long) pid);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
	return (errno == ESRCH ? ENOENT : errno);
    n = read(fd, buf, sizeof(buf) - 1);
    if (n < 0 && errno == ESRCH)
	n = 0;
    close(fd);
    if (n == 0)
	return (ENOENT);			/* exited meanwhile */
    if (n < 0)
	return (EIO);
    buf[n] = 0;
    /* comm may hold blanks and parentheses: parse after the last ')' */
    if ((cp = strrchr(buf, ')')) == NULL
	|| sscanf(cp + 1, " %c %ld %ld %ld", &state, &ppid, &pgrp, &sid) != 4)
	return (EINVAL);
    pi->pid = pid;
    pi->ppid = (pid_t) ppid;
    pi->sid = (pid_t) sid;
    pi->state = state;
    return (0);
}

/* proc_read - everything this module needs about one process */

static int proc_read(pid_t pid, proc_info_t *pi)
{
    int     err;

    memset(pi, 0, sizeof(*pi));
    if ((err = proc_stat(pid, pi)) != 0)
	return (err);
    proc_link(pid, "exe", pi->exe, sizeof(pi->exe));
    proc_link(pid, "cwd", pi->cwd, sizeof(pi->cwd));
    return (0);
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

    snprintf(link, sizeof(link), "%s/%ld/cwd", proc_root, (long) pid);
    if (stat(link, &cst) < 0)
	return (1);				/* gone meanwhile */
    if (stat(path, &pst) < 0)
	return (cst.st_nlink == 0);
    return (cst.st_dev == pst.st_dev && cst.st_ino == pst.st_ino);
}

/* cwd_is - the process's working directory is QREAL, by name and here */

static int cwd_is(const proc_info_t *pi, const char *qreal)
{
    return (strcmp(pi->cwd, qreal) == 0 && cwd_here(pi->pid, qreal));
}

/* is_master - exe is DAEMON_DIR/master and cwd is QUEUE (real paths) */

static int is_master(const proc_info_t *pi, const char *qreal,
		             const char *dreal)
{
    return (pi->state != 'Z' && pi->state != 'X'
	    && dir_of(dreal, pi->exe) && strcmp(strrchr(pi->exe, '/'), "/master") == 0
	    && cwd_is(pi, qreal));
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

    snprintf(path, sizeof(path), "%s/locks", proc_root);
    if ((fp = fopen(path, "re")) == NULL)
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
    char    path[PATH_MAX];
    char    line[512];
    struct stat sb;
    struct dirent *de;
    DIR    *dp;
    FILE   *fp;
    pid_t   holder = 0;

    /*
     * Reading /proc/locks takes file_rwsem for writing, which waits for an
     * RCU grace period: 5-15 ms of wall time on every monitor. The pid file
     * names the master; /proc/PID/fdinfo/FD lists the locks held through
     * that open file, read under a spinlock. Ascending fd order: the
     * master opens its pid file early, so this stops after a few entries.
     * Any doubt (no such fd, no lock shown) falls back to /proc/locks.
     */
    snprintf(path, sizeof(path), "%s/%ld/fd", proc_root, (long) pid);
    if ((dp = opendir(path)) == NULL)
	return (0);
    while (holder == 0 && (de = readdir(dp)) != NULL) {
	if (!isdigit((unsigned char) de->d_name[0]))
	    continue;
	snprintf(path, sizeof(path), "%s/%ld/fd/%s", proc_root, (long) pid, de->d_name);
	if (stat(path, &sb) != 0 || sb.st_dev != dev || sb.st_ino != ino)
	    continue;
	snprintf(path, sizeof(path), "%s/%ld/fdinfo/%s", proc_root, (long) pid,
		 de->d_name);
	if ((fp = fopen(path, "re")) == NULL)
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
    closedir(dp);
    return (holder);
}

/* proc_pids - every numeric entry of /proc; *out malloc()ed */

static int proc_pids(pid_t **out, size_t *n)
{
    DIR    *dp;
    struct dirent *de;
    pid_t  *pids = NULL;
    size_t  cap = 0;

    *out = NULL;
    *n = 0;
    if ((dp = opendir(proc_root)) == NULL)
	return (errno);
    while ((de = readdir(dp)) != NULL) {
	pid_t   pid = parse_pid(de->d_name);

	if (pid == 0 || !isdigit((unsigned char) de->d_name[0]))
	    continue;
	if (*n == cap) {
	    pid_t  *np = realloc(pids, (cap = cap ? 2 * cap : 256) * sizeof(*pids));

	    if (np == NULL) {
		free(pids);
		closedir(dp);
		return (ENOMEM);
	    }
	    pids = np;
	}
	pids[(*n)++] = pid;
    }
    closedir(dp);
    *out = pids;
    return (0);
}

/* find_orphan - a master of this instance, whatever the lock says */

static pid_t find_orphan(const char *qreal, const char *dreal, pid_t skip)
{
    pid_t  *pids;
    size_t  n, i;
    pid_t   found = 0;
    proc_info_t pi;

    if (proc_pids(&pids, &n) != 0)
	return (0);
    for (i = 0; i < n && found == 0; i++)
	if (pids[i] != skip && proc_read(pids[i], &pi) == 0
	    && is_master(&pi, qreal, dreal))
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
	st->stopped = (pi.state == 'T' || pi.state == 't');
	if (st->stopped)
	    snprintf(why, whylen, "master pid %ld of queue %s: stopped (state T), "
		     "not answering", (long) st->pid, qreal);
	else
	    snprintf(why, whylen, "master pid %ld of queue %s: running",
		     (long) st->pid, qreal);
	return (PF_OK);
    }

    st->orphan = find_orphan(qreal, dreal, st->holder);
    if (st->orphan) {
	if (proc_read(st->orphan, &pi) == 0)
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

static int environ_has(pid_t pid, const char *name, const char *value,
		               const char *value_real);

/* pf_master_instance_pids - live processes of this instance */

int     pf_master_instance_pids(const char *queue_directory,
			                const char *daemon_directory,
			                const pf_master_state_t *st,
			                pid_t **out, size_t *nout)
{
    char    qreal[PATH_MAX];
    char    dreal[PATH_MAX];
    proc_info_t *procs;
    unsigned char *mine;
    pid_t  *pids;
    size_t  n, i, j, found = 0;
    pid_t   self = getpid();
    int     err, changed;

    *out = NULL;
    *nout = 0;
    real_dir(queue_directory, qreal, sizeof(qreal));
    real_dir(daemon_directory, dreal, sizeof(dreal));
    if ((err = proc_pids(&pids, &n)) != 0)
	return (err);
    procs = calloc(n ? n : 1, sizeof(*procs));
    mine = calloc(n ? n : 1, 1);
    if (procs == NULL || mine == NULL) {
	free(procs);
	free(mine);
	free(pids);
	return (ENOMEM);
    }
    for (i = 0; i < n; i++) {
	if (pids[i] == self) {
	    procs[i].pid = 0;
	    continue;
	}
	if ((err = proc_read(pids[i], &procs[i])) != 0 && err != ENOENT) {
	    /* EMFILE, ENOMEM...: this process cannot be proven foreign */
	    free(procs);
	    free(mine);
	    free(pids);
	    return (err);
	}
	if (err != 0 || procs[i].state == 'Z' || procs[i].state == 'X')
	    procs[i].pid = 0;			/* gone or zombie */
    }

    /* Masters of this instance, and their sessions. */
    for (i = 0; i < n; i++)
	if (procs[i].pid && (is_master(&procs[i], qreal, dreal)
			     || (st && (procs[i].pid == st->pid
					|| procs[i].pid == st->orphan))))
	    mine[i] = 2;			/* a master */
    for (i = 0; i < n; i++) {
	int     in_queue;

	if (procs[i].pid == 0 || mine[i])
	    continue;
	in_queue = cwd_is(&procs[i], qreal);
	for (j = 0; j < n && !mine[i]; j++)
	    if (mine[j] == 2 && procs[i].sid == procs[j].pid)
		mine[i] = 1;
	if (in_queue && (dir_of(dreal, procs[i].exe)
			 || (st && st->file_pid && procs[i].sid == st->file_pid)
			 || environ_has(procs[i].pid, "MAIL_CONFIG", NULL, NULL)))
	    mine[i] = 1;
    }
    /* Descendants in the queue directory (pipe(8) commands). */
    do {
	changed = 0;
	for (i = 0; i < n; i++) {
	    if (procs[i].pid == 0 || mine[i] || !cwd_is(&procs[i], qreal))
		continue;
	    for (j = 0; j < n; j++)
		if (mine[j] && procs[j].pid == procs[i].ppid) {
		    mine[i] = 1;
		    changed = 1;
		    break;
		}
	}
    } while (changed);

    for (i = 0; i < n; i++)
	if (procs[i].pid && mine[i])
	    pids[found++] = procs[i].pid;
    free(procs);
    free(mine);
    if (found == 0) {
	free(pids);
	pids = NULL;
    }
    *out = pids;
    *nout = found;
    return (PF_OK);
}

/* environ_has - /proc/PID/environ holds NAME=value (value NULL: NAME) */

static int environ_has(pid_t pid, const char *name, const char *value,
		               const char *value_real)
{
    char    path[PATH_MAX];
    char    buf[65536];
    size_t  nlen = strlen(name);
    ssize_t got;
    size_t  len = 0;
    char   *cp;
    int     fd;

    snprintf(path, sizeof(path), "%s/%ld/environ", proc_root, (long) pid);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
	return (0);
    while (len < sizeof(buf) - 1
	   && (got = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
	len += (size_t) got;
    close(fd);
    buf[len] = 0;
    for (cp = buf; cp < buf + len; cp += strlen(cp) + 1) {
	if (strncmp(cp, name, nlen) == 0 && cp[nlen] == '=') {
	    char    real[PATH_MAX];

	    if (value == NULL)
		return (1);			/* present, whatever its value */
	    cp += nlen + 1;
	    if (strcmp(cp, value) == 0 || strcmp(cp, value_real) == 0)
		return (1);
	    real_dir(cp, real, sizeof(real));
	    return (strcmp(real, value_real) == 0);
	}
    }
    return (0);
}

/* has_master_sibling - DIR(exe)/master exists */

static int has_master_sibling(const char *exe)
{
    char    path[PATH_MAX + 8];
    const char *slash = strrchr(exe, '/');
    struct stat sb;

    if (slash == NULL)
	return (0);
    snprintf(path, sizeof(path), "%.*s/master", (int) (slash - exe), exe);
    return (stat(path, &sb) == 0 && S_ISREG(sb.st_mode));
}

/* pf_master_locate - find the instance by MAIL_CONFIG */

int     pf_master_locate(const char *config_dir, char *queue_dir, size_t qlen,
			         char *daemon_dir, size_t dlen)
{
    char    creal[PATH_MAX];
    pid_t  *pids;
    size_t  n, i;
    int     pass, found = 0, err;
    pid_t   self = getpid();
    proc_info_t pi;

    real_dir(config_dir, creal, sizeof(creal));
    if ((err = proc_pids(&pids, &n)) != 0)
	return (err);				/* not looked: never "not running" */
    /* Pass 0: a master; pass 1: any daemon of the instance. */
    for (pass = 0; pass < 2 && !found; pass++) {
	for (i = 0; i < n && !found; i++) {
	    const char *base;

	    if (pids[i] == self || proc_read(pids[i], &pi) != 0
		|| pi.state == 'Z' || pi.exe[0] != '/' || pi.cwd[0] != '/')
		continue;
	    base = strrchr(pi.exe, '/') + 1;
	    if (pass == 0 && strcmp(base, "master") != 0)
		continue;
	    if (!has_master_sibling(pi.exe)
		|| !environ_has(pids[i], "MAIL_CONFIG", config_dir, creal)
		|| !cwd_here(pids[i], pi.cwd))
		continue;
	    snprintf(queue_dir, qlen, "%s", pi.cwd);
	    snprintf(daemon_dir, dlen, "%.*s", (int) (base - 1 - pi.exe), pi.exe);
	    found = 1;
	}
    }
    free(pids);
    return (found ? PF_OK : PF_ENOTRUNNING);
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
