/*++
/* NAME
/*	pf_proc 3
/* SUMMARY
/*	one reader of /proc: a process's stat, links, status, environment;
/*	the process table; a process's children
/* SYNOPSIS
/*	#include "pf_proc.h"
/*
/*	void	pf_proc_set_root(const char *root)
/*
/*	const char *pf_proc_root(void)
/*
/*	char	*pf_proc_path(char *buf, size_t len, pid_t pid,
/*			const char *name)
/*
/*	int	pf_proc_stat_parse(const char *text, pf_proc_stat_t *ps)
/*
/*	int	pf_proc_stat(pid_t pid, pf_proc_stat_t *ps)
/*
/*	int	pf_proc_link(pid_t pid, const char *name, char *buf,
/*			size_t len, bool *deleted)
/*
/*	int	pf_proc_status(pid_t pid, pf_proc_status_t *ps)
/*
/*	int	pf_proc_io(pid_t pid, unsigned long long *bytes)
/*
/*	int	pf_proc_syscall(pid_t pid, long *nr)
/*
/*	int	pf_proc_getenv(pid_t pid, const char *name, char *buf,
/*			size_t len)
/*
/*	int	pf_proc_iter_open(pf_proc_iter_t *it)
/*
/*	pid_t	pf_proc_iter_next(pf_proc_iter_t *it)
/*
/*	void	pf_proc_iter_close(pf_proc_iter_t *it)
/*
/*	int	pf_proc_pids(pid_t **pids, size_t *n)
/*
/*	int	pf_proc_fd_open(pid_t pid, pf_proc_iter_t *it)
/*
/*	int	pf_proc_fd_next(pf_proc_iter_t *it)
/*
/*	int	pf_proc_children(pid_t pid, pid_t **kids, size_t *n)
/*
/*	void	pf_proc_start_time(unsigned long long ticks,
/*			struct timespec *when)
/* DESCRIPTION
/*	The one place that knows the format of the /proc files the agent
/*	reads about processes; it knows nothing of Postfix. Each function
/*	reads one file once.
/*
/*	pf_proc_set_root() makes every reader of /proc (this module, and
/*	pf_file's reopen through /proc/self/fd) read "<root>/..." instead
/*	of /proc (NULL: /proc again); for unit tests, the one test hook.
/*	pf_proc_root() is the root in use, pf_proc_path() the name of
/*	"<root>/<pid>/<name>", or "<root>/<name>" when pid is 0 or less.
/*
/*	pf_proc_stat_parse() parses the text of /proc/PID/stat: the command
/*	name (field 2) lies between the first '(' and the LAST ')', since it
/*	may hold blanks and parentheses itself; after it come the state
/*	(field 3), the parent pid (field 4) and, as field 22, the start
/*	time in clock ticks after boot (ps->has_start says whether it was
/*	there). A command name longer than ps->comm is cut.
/*	pf_proc_stat() reads and parses /proc/PID/stat.
/*
/*	pf_proc_start_time() turns such a start time into wall-clock time
/*	(what a file's mtime is), to within a clock tick: the kernel counts
/*	it on CLOCK_BOOTTIME, and the wall clock's offset from that clock is
/*	read now (a clock step since the process started moves the answer
/*	by the step).
/*
/*	pf_proc_link() reads the symbolic link /proc/PID/<name> ("exe",
/*	"cwd") into buf: the kernel appends " (deleted)" to a file or
/*	directory removed since (a binary replaced by a package upgrade
/*	under a running daemon); that suffix is removed here, and *deleted
/*	(when not NULL) says whether it was there. buf is "" on error.
/*
/*	pf_proc_status() reads /proc/PID/status once: the real uid (the
/*	first number of "Uid:") and the sum of voluntary_ctxt_switches and
/*	nonvoluntary_ctxt_switches (-1 unless both are there).
/*
/*	pf_proc_io() reads /proc/PID/io once: *bytes is the sum of rchar
/*	and wchar, the bytes the process has passed through read() and
/*	write() on any descriptor (sockets, pipes, files) since it began.
/*	It only grows while the process moves data; it is readable by a
/*	process allowed to trace PID (root).
/*
/*	pf_proc_syscall() reads /proc/PID/syscall once: *nr is the number
/*	of the system call the process is blocked in, or -1 when it runs
/*	("running"); readable by a process allowed to trace PID (root).
/*
/*	pf_proc_getenv() copies the value of NAME in /proc/PID/environ
/*	(at most 64 KiB read) into buf.
/*
/*	pf_proc_iter_open(), pf_proc_iter_next() and pf_proc_iter_close()
/*	walk the numeric entries of /proc (pf_proc_iter_next() returns 0
/*	at the end): the one process scan. pf_proc_pids() collects them
/*	into a malloc()ed array.
/*
/*	pf_proc_fd_open() and pf_proc_fd_next() walk the descriptors of a
/*	process, in /proc/PID/fd (pf_proc_fd_next() returns -1 at the end;
/*	pf_proc_iter_close() ends the walk); "fd/N" and "fdinfo/N" are then
/*	read with pf_proc_path() or pf_proc_link().
/*
/*	pf_proc_children() reads /proc/PID/task/PID/children (the children
/*	of the process's main thread) into a malloc()ed array (NULL when
/*	none).
/*
/*	A file under /proc/PID is the kernel's, not another user's: it is
/*	opened by name, read once with a bounded buffer, and never trusted
/*	beyond its format.
/* DIAGNOSTICS
/*	PF_OK, or an errno: pf_proc_stat() gives ENOENT for a process that
/*	is gone (also when it exits while read), EINVAL for a text that
/*	does not parse, EIO for a failed read, the errno of a failed
/*	open (EACCES, EMFILE ...); pf_proc_stat_parse() EINVAL;
/*	pf_proc_status() the same but EINVAL; pf_proc_io() the same, and
/*	EINVAL when a field is missing; pf_proc_syscall() the same, and
/*	EINVAL for a first field that is no number; pf_proc_getenv() ENOENT when NAME is not set, ERANGE
/*	when its value does not fit in buf;
/*	pf_proc_children() ENOENT when the file is not there (a kernel
/*	without it, or the process gone), ENOMEM.
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
#include <time.h>
#include <unistd.h>

#include "pf_decimal.h"
#include "pf_proc.h"
#include "pf_rc.h"

#define DELETED_SUFFIX	" (deleted)"
#define ENVIRON_MAX	65536

static const char *proc_root = "/proc";

/* pf_proc_set_root - read another /proc (unit tests) */

void    pf_proc_set_root(const char *root)
{
    proc_root = root ? root : "/proc";
}

/* pf_proc_root - the /proc in use */

const char *pf_proc_root(void)
{
    return (proc_root);
}

/* pf_proc_path - "<root>/<pid>/<name>", or "<root>/<name>" */

char   *pf_proc_path(char *buf, size_t len, pid_t pid, const char *name)
{
    if (pid > 0)
	snprintf(buf, len, "%s/%ld/%s", proc_root, (long) pid, name);
    else
	snprintf(buf, len, "%s/%s", proc_root, name);
    return (buf);
}

/*
 * read_once - one read() of a /proc file (the kernel makes the text whole
 * at the first read): the bytes read, 0 for a process that exited while
 * read, or -errno (ENOENT for ESRCH; EIO for a read that failed).
 */
static ssize_t read_once(pid_t pid, const char *name, char *buf, size_t len)
{
    char    path[PATH_MAX];
    ssize_t n;
    int     fd, err;

    if ((fd = open(pf_proc_path(path, sizeof(path), pid, name),
		   O_RDONLY | O_CLOEXEC)) < 0)
	return (errno == ESRCH ? -ENOENT : -errno);
    n = read(fd, buf, len - 1);
    err = errno;
    close(fd);
    if (n < 0)
	return (err == ESRCH ? 0 : -EIO);
    buf[n] = 0;
    return (n);
}

/* pf_proc_stat_parse - the fields of /proc/PID/stat the agent uses */

int     pf_proc_stat_parse(const char *text, pf_proc_stat_t *ps)
{
    const char *open, *close, *cp;
    long    ppid;
    char    state;
    int     field;

    memset(ps, 0, sizeof(*ps));
    /* "pid (comm) S ppid ...": comm may hold blanks and parentheses */
    if ((open = strchr(text, '(')) == NULL || (close = strrchr(text, ')')) == NULL
	|| close < open || sscanf(close + 1, " %c %ld", &state, &ppid) != 2)
	return (EINVAL);
    snprintf(ps->comm, sizeof(ps->comm), "%.*s", (int) (close - open - 1),
	     open + 1);
    ps->state = state;
    ps->ppid = (pid_t) ppid;
    /* field 22 is the start time; cp goes to the blank before each field */
    for (field = 2, cp = strchr(close, ' '); cp != NULL && field < 21; field++)
	cp = strchr(cp + 1, ' ');
    if (cp != NULL && sscanf(cp + 1, "%llu", &ps->start) == 1)
	ps->has_start = true;
    else
	ps->start = 0;
    return (PF_OK);
}

/* pf_proc_stat - read and parse /proc/PID/stat */

int     pf_proc_stat(pid_t pid, pf_proc_stat_t *ps)
{
    char    buf[1024];
    ssize_t n;

    memset(ps, 0, sizeof(*ps));
    if ((n = read_once(pid, "stat", buf, sizeof(buf))) == 0)
	return (ENOENT);			/* exited meanwhile */
    if (n < 0)
	return ((int) -n);
    return (pf_proc_stat_parse(buf, ps));
}

/* pf_proc_link - readlink /proc/PID/name, without " (deleted)" */

int     pf_proc_link(pid_t pid, const char *name, char *buf, size_t len,
		             bool *deleted)
{
    char    path[PATH_MAX];
    size_t  slen = sizeof(DELETED_SUFFIX) - 1;
    ssize_t n;

    buf[0] = 0;
    if (deleted)
	*deleted = false;
    if ((n = readlink(pf_proc_path(path, sizeof(path), pid, name), buf,
		      len - 1)) < 0)
	return (errno);
    buf[n] = 0;
    if ((size_t) n > slen && strcmp(buf + n - slen, DELETED_SUFFIX) == 0) {
	buf[n - slen] = 0;
	if (deleted)
	    *deleted = true;
    }
    return (PF_OK);
}

/* status_field - the text after "name" at the start of a line, or NULL */

static const char *status_field(const char *buf, const char *name)
{
    size_t  len = strlen(name);
    const char *cp;

    for (cp = buf; cp != NULL; cp = strchr(cp, '\n'), cp = cp ? cp + 1 : NULL)
	if (strncmp(cp, name, len) == 0)
	    return (cp + len);
    return (NULL);
}

/* pf_proc_status - real uid and context switches from /proc/PID/status */

int     pf_proc_status(pid_t pid, pf_proc_status_t *ps)
{
    char    buf[8192];
    const char *cp;
    unsigned long uid;
    long long vol, nonvol;
    ssize_t n;

    ps->uid = (uid_t) -1;
    ps->switches = -1;
    if ((n = read_once(pid, "status", buf, sizeof(buf))) < 0)
	return ((int) -n);
    if (n == 0)
	return (ENOENT);
    /* "Uid:\treal\teffective\tsaved\tfilesystem" */
    if ((cp = status_field(buf, "Uid:")) != NULL && sscanf(cp, "%lu", &uid) == 1)
	ps->uid = (uid_t) uid;
    if ((cp = status_field(buf, "voluntary_ctxt_switches:")) != NULL
	&& sscanf(cp, "%lld", &vol) == 1
	&& (cp = status_field(buf, "nonvoluntary_ctxt_switches:")) != NULL
	&& sscanf(cp, "%lld", &nonvol) == 1)
	ps->switches = vol + nonvol;
    return (PF_OK);
}

/* pf_proc_io - the bytes read and written, from /proc/PID/io */

int     pf_proc_io(pid_t pid, unsigned long long *bytes)
{
    char    buf[1024];
    const char *cp;
    unsigned long long rchar, wchar;
    ssize_t n;

    *bytes = 0;
    if ((n = read_once(pid, "io", buf, sizeof(buf))) < 0)
	return ((int) -n);
    if (n == 0)
	return (ENOENT);
    if ((cp = status_field(buf, "rchar:")) == NULL || sscanf(cp, "%llu", &rchar) != 1
	|| (cp = status_field(buf, "wchar:")) == NULL || sscanf(cp, "%llu", &wchar) != 1)
	return (EINVAL);
    *bytes = rchar + wchar;
    return (PF_OK);
}

/* pf_proc_syscall - the system call PID is blocked in, -1 running */

int     pf_proc_syscall(pid_t pid, long *nr)
{
    char    buf[256], *end;
    ssize_t n;

    *nr = -1;
    if ((n = read_once(pid, "syscall", buf, sizeof(buf))) < 0)
	return ((int) -n);
    if (n == 0)
	return (ENOENT);
    if (strncmp(buf, "running", 7) == 0)
	return (PF_OK);
    errno = 0;
    *nr = strtol(buf, &end, 10);
    if (end == buf || errno != 0 || *nr < 0 || (*end != ' ' && *end != '\n')) {
	*nr = -1;
	return (EINVAL);
    }
    return (PF_OK);
}

/* pf_proc_getenv - the value of name in /proc/PID/environ */

int     pf_proc_getenv(pid_t pid, const char *name, char *buf, size_t len)
{
    char    path[PATH_MAX];
    char   *env, *cp;
    size_t  nlen = strlen(name);
    size_t  got = 0;
    ssize_t n;
    int     fd, err = ENOENT;

    buf[0] = 0;
    if ((fd = open(pf_proc_path(path, sizeof(path), pid, "environ"),
		   O_RDONLY | O_CLOEXEC)) < 0)
	return (errno);
    if ((env = malloc(ENVIRON_MAX)) == NULL) {
	close(fd);
	return (ENOMEM);
    }
    while (got < ENVIRON_MAX - 1
	   && (n = read(fd, env + got, ENVIRON_MAX - 1 - got)) > 0)
	got += (size_t) n;
    close(fd);
    env[got] = 0;
    for (cp = env; cp < env + got; cp += strlen(cp) + 1)
	if (strncmp(cp, name, nlen) == 0 && cp[nlen] == '=') {
	    /* a value cut to fit could match what the whole one does not */
	    if (strlen(cp + nlen + 1) < len) {
		snprintf(buf, len, "%s", cp + nlen + 1);
		err = PF_OK;
	    } else
		err = ERANGE;
	    break;
	}
    free(env);
    return (err);
}

/* number_name - a directory entry that is a number: digits only, 0..INT_MAX */

static int number_name(const char *name)
{
    long long val;

    if (!isdigit((unsigned char) name[0])
	|| name[strspn(name, "0123456789")] != 0
	|| pf_decimal_parse(name, &val) != PF_OK || val > INT_MAX)
	return (-1);
    return ((int) val);
}

/* walk_open - start a walk of the numeric entries of a directory */

static int walk_open(pf_proc_iter_t *it, const char *dir)
{
    if ((it->dp = opendir(dir)) == NULL)
	return (errno);
    return (PF_OK);
}

/* walk_next - the next numeric entry of the walk, -1 at the end */

static int walk_next(pf_proc_iter_t *it)
{
    struct dirent *de;
    int     num;

    while ((de = readdir(it->dp)) != NULL)
	if ((num = number_name(de->d_name)) >= 0)
	    return (num);
    return (-1);
}

/* pf_proc_iter_open - start a walk of the process table */

int     pf_proc_iter_open(pf_proc_iter_t *it)
{
    return (walk_open(it, proc_root));
}

/* pf_proc_iter_next - the next pid of the walk, 0 at the end */

pid_t   pf_proc_iter_next(pf_proc_iter_t *it)
{
    int     pid;

    while ((pid = walk_next(it)) == 0)
	 /* no pid 0 */ ;
    return (pid > 0 ? (pid_t) pid : 0);
}

/* pf_proc_iter_close - end a walk */

void    pf_proc_iter_close(pf_proc_iter_t *it)
{
    if (it->dp != NULL)
	closedir(it->dp);
    it->dp = NULL;
}

/* pf_proc_fd_open - start a walk of a process's descriptors */

int     pf_proc_fd_open(pid_t pid, pf_proc_iter_t *it)
{
    char    path[PATH_MAX];

    return (walk_open(it, pf_proc_path(path, sizeof(path), pid, "fd")));
}

/* pf_proc_fd_next - the next descriptor of the walk, -1 at the end */

int     pf_proc_fd_next(pf_proc_iter_t *it)
{
    return (walk_next(it));
}

/* pids_add - append a pid to a malloc()ed array */

static int pids_add(pid_t **pids, size_t *n, size_t *cap, pid_t pid)
{
    if (*n == *cap) {
	size_t  ncap = *cap ? 2 * *cap : 256;
	pid_t  *np = realloc(*pids, ncap * sizeof(*np));

	if (np == NULL)
	    return (ENOMEM);
	*pids = np;
	*cap = ncap;
    }
    (*pids)[(*n)++] = pid;
    return (PF_OK);
}

/* pf_proc_pids - every pid of /proc; *pids malloc()ed */

int     pf_proc_pids(pid_t **pids, size_t *n)
{
    pf_proc_iter_t it;
    size_t  cap = 0;
    pid_t   pid;
    int     err;

    *pids = NULL;
    *n = 0;
    if ((err = pf_proc_iter_open(&it)) != PF_OK)
	return (err);
    while (err == PF_OK && (pid = pf_proc_iter_next(&it)) != 0)
	err = pids_add(pids, n, &cap, pid);
    pf_proc_iter_close(&it);
    if (err != PF_OK) {
	free(*pids);
	*pids = NULL;
	*n = 0;
    }
    return (err);
}

/* pf_proc_children - the children of pid's main thread; *kids malloc()ed */

int     pf_proc_children(pid_t pid, pid_t **kids, size_t *n)
{
    char    path[PATH_MAX], name[64];
    size_t  cap = 0;
    long    kid;
    FILE   *fp;
    int     err = PF_OK;

    *kids = NULL;
    *n = 0;
    snprintf(name, sizeof(name), "task/%ld/children", (long) pid);
    if ((fp = fopen(pf_proc_path(path, sizeof(path), pid, name), "re")) == NULL)
	return (errno);
    while (err == PF_OK && fscanf(fp, "%ld", &kid) == 1)
	if (kid > 0 && kid <= INT_MAX)
	    err = pids_add(kids, n, &cap, (pid_t) kid);
    fclose(fp);
    if (err != PF_OK) {
	free(*kids);
	*kids = NULL;
	*n = 0;
    }
    return (err);
}

/* pf_proc_start_time - a start time in clock ticks after boot, as wall time */

void    pf_proc_start_time(unsigned long long ticks, struct timespec *when)
{
    struct timespec real, boot;
    long    hz = sysconf(_SC_CLK_TCK);
    long long ns;

    if (hz <= 0)
	hz = 100;
    clock_gettime(CLOCK_REALTIME, &real);
    clock_gettime(CLOCK_BOOTTIME, &boot);
    /* boot's wall time, then the ticks after it */
    ns = ((long long) real.tv_sec - boot.tv_sec) * 1000000000LL
	+ (real.tv_nsec - boot.tv_nsec)
	+ (long long) (ticks / (unsigned long long) hz) * 1000000000LL
	+ (long long) (ticks % (unsigned long long) hz) * (1000000000LL / hz);
    when->tv_sec = (time_t) (ns / 1000000000LL);
    when->tv_nsec = (long) (ns % 1000000000LL);
}
