/*++
/* NAME
/*	test_pf_master 1
/* SUMMARY
/*	unit tests of pf_master against fake /proc trees
/* SYNOPSIS
/*	test_pf_master
/* DESCRIPTION
/*	Each test builds a small /proc look-alike in a temporary directory
/*	(locks, PID/stat, PID/status, PID/exe, PID/cwd, PID/environ), a
/*	queue directory with pid/master.pid and a daemon directory holding
/*	"master" and the daemons the tests run, then points pf_master at it
/*	with pf_proc_set_root(); the fixture's files are the test's
/*	own, so they count as root's (pf_master_set_file_owner()). The lock
/*	line carries the real device and inode of the fixture's pid file.
/*	A process's start time in the fixture is its pid unless a test says
/*	otherwise (fake_proc_as), so parents start before their children.
/*
/*	pf_master_signal() is tried on real child processes of the test,
/*	with syscall() wrapped (-Wl,--wrap=syscall) to answer ENOSYS on
/*	demand, as a kernel without pidfd does.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pf_master.h"
#include "pf_mount.h"
#include "pf_proc.h"
#include "pf_rc.h"

#define NO_OWNER	((uid_t) -1)	/* mail_owner unknown */
#define POSTFIX_UID	107		/* mail_owner in the fixtures */

typedef struct fixture {
    char    root[256];			/* temporary directory */
    char    proc[PATH_MAX];		/* fake /proc */
    char    queue[PATH_MAX];		/* queue directory (real path) */
    char    daemon[PATH_MAX];		/* daemon directory (real path) */
    char    pidfile[PATH_MAX + 32];
} fixture_t;

/* put - write a file */

static void put(const char *path, const char *text)
{
    FILE   *fp = fopen(path, "w");

    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* fake_proc_as - add a process to the fake /proc, with its uid and start */

static void fake_proc_as(fixture_t *fx, long pid, const char *comm, char state,
			         long ppid, long sid, const char *exe,
			         const char *cwd, const char *environ_nul,
			         size_t envlen, unsigned uid,
			         unsigned long long start)
{
    char    dir[PATH_MAX + 32], path[PATH_MAX + 64], buf[PATH_MAX];
    FILE   *fp;

    snprintf(dir, sizeof(dir), "%s/%ld", fx->proc, pid);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/stat", dir);
    /* every field up to 22 (starttime), as the kernel writes them */
    snprintf(buf, sizeof(buf), "%ld (%s) %c %ld %ld %ld 0 -1 4194560 0 0 0 0 "
	     "0 0 0 0 20 0 1 0 %llu 5443584 226\n", pid, comm, state, ppid,
	     sid, sid, start);
    put(path, buf);
    snprintf(path, sizeof(path), "%s/status", dir);
    snprintf(buf, sizeof(buf), "Name:\t%s\nState:\t%c\nPid:\t%ld\n"
	     "PPid:\t%ld\nUid:\t%u\t%u\t%u\t%u\nGid:\t0\t0\t0\t0\n",
	     comm, state, pid, ppid, uid, uid, uid, uid);
    put(path, buf);
    snprintf(path, sizeof(path), "%s/exe", dir);
    assert_int_equal(symlink(exe, path), 0);
    snprintf(path, sizeof(path), "%s/cwd", dir);
    assert_int_equal(symlink(cwd, path), 0);
    if (environ_nul) {
	snprintf(path, sizeof(path), "%s/environ", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fwrite(environ_nul, 1, envlen, fp);
	fclose(fp);
    }
}

/* fake_proc - a process of root's, started at "time" pid */

static void fake_proc(fixture_t *fx, long pid, const char *comm, char state,
		              long ppid, long sid, const char *exe,
		              const char *cwd, const char *environ_nul, size_t envlen)
{
    fake_proc_as(fx, pid, comm, state, ppid, sid, exe, cwd, environ_nul,
		 envlen, 0, (unsigned long long) pid);
}

/* fake_lock - a /proc/locks line on the fixture's pid file */

static void fake_lock(fixture_t *fx, long pid, int waiter)
{
    char    path[PATH_MAX + 16], buf[256];
    struct stat sb;
    FILE   *fp;

    assert_int_equal(stat(fx->pidfile, &sb), 0);
    snprintf(path, sizeof(path), "%s/locks", fx->proc);
    fp = fopen(path, "a");
    assert_non_null(fp);
    /* an unrelated lock first, as on a real system */
    fprintf(fp, "1: POSIX  ADVISORY  WRITE 1 fe:01:999 0 EOF\n");
    snprintf(buf, sizeof(buf), "2: %sFLOCK  ADVISORY  WRITE %ld %02x:%02x:%llu 0 EOF\n",
	     waiter ? "-> " : "", pid, major(sb.st_dev), minor(sb.st_dev),
	     (unsigned long long) sb.st_ino);
    fputs(buf, fp);
    fclose(fp);
}

/* the daemon directory's programs */
static const char *const daemons[] = {"master", "smtpd", "pipe", "local", "qmgr", NULL};

/* setup - empty fake /proc, queue with a pid file naming pid 100 */

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    char    path[PATH_MAX + 32];
    char    tmpl[] = "/tmp/pfkit-test-master.XXXXXX";

    if (fx == NULL || mkdtemp(tmpl) == NULL
	|| realpath(tmpl, fx->root) == NULL) {
	free(fx);
	return (-1);
    }
    snprintf(fx->proc, sizeof(fx->proc), "%s/proc", fx->root);
    snprintf(fx->queue, sizeof(fx->queue), "%s/queue", fx->root);
    snprintf(fx->daemon, sizeof(fx->daemon), "%s/libexec", fx->root);
    mkdir(fx->proc, 0755);
    mkdir(fx->queue, 0755);
    mkdir(fx->daemon, 0755);
    snprintf(path, sizeof(path), "%s/pid", fx->queue);
    mkdir(path, 0755);
    snprintf(fx->pidfile, sizeof(fx->pidfile), "%s/pid/master.pid", fx->queue);
    put(fx->pidfile, "        100\n");
    for (const char *const *d = daemons; *d; d++) {
	snprintf(path, sizeof(path), "%s/%s", fx->daemon, *d);
	put(path, "#!/bin/false\n");
	chmod(path, 0755);
    }
    snprintf(path, sizeof(path), "%s/locks", fx->proc);
    put(path, "");
    pf_proc_set_root(fx->proc);
    pf_master_set_file_owner(geteuid());
    *state = fx;
    return (0);
}

/* remove_one - nftw() callback of teardown */

static int remove_one(const char *path, const struct stat *sb, int flag,
		              struct FTW *ftw)
{
    return (remove(path) < 0 ? -1 : 0);
}

/* teardown - remove the fixture */

static int teardown(void **state)
{
    fixture_t *fx = *state;

    pf_proc_set_root(NULL);
    pf_master_set_file_owner(0);
    nftw(fx->root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(fx);
    return (0);
}

/* master_exe - DAEMON/master */

static const char *master_exe(fixture_t *fx, char *buf, size_t len)
{
    snprintf(buf, len, "%s/master", fx->daemon);
    return (buf);
}

static void lock_held_by_master_is_running(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512];

    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, NULL, 0);
    fake_lock(fx, 100, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)), PF_OK);
    assert_int_equal(st.pid, 100);
    assert_int_equal(st.file_pid, 100);
    assert_true(st.lock_held);
    assert_false(st.stopped);
}

static void no_lock_is_not_running(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    why[512];

    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)),
		     PF_ENOTRUNNING);
    assert_int_equal(st.pid, 0);
    assert_false(st.lock_held);
    assert_int_equal(st.orphan, 0);
}

static void lock_waiter_is_not_a_holder(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512];

    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      "/elsewhere", NULL, 0);
    fake_lock(fx, 100, 1);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)),
		     PF_ENOTRUNNING);
    assert_false(st.lock_held);
}

static void stale_pid_file_live_process_not_running(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    why[512], buf[64];
    pid_t  *pids;
    size_t  n;

    /* The pid file names a live process (this test) that is not a master. */
    snprintf(buf, sizeof(buf), "%ld\n", (long) getpid());
    put(fx->pidfile, buf);
    fake_proc(fx, getpid(), "sleep", 'S', 1, getpid(), "/usr/bin/sleep", "/",
	      NULL, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)),
		     PF_ENOTRUNNING);
    assert_int_equal(st.pid, 0);
    assert_int_equal(st.file_pid, getpid());
    assert_non_null(strstr(why, "not this instance's master"));
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, NO_OWNER, &pids, &n), PF_OK);
    assert_int_equal(n, 0);
}

static void lock_holder_not_master_is_not_running(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    why[512];

    fake_proc(fx, 100, "sleep", 'S', 1, 100, "/usr/bin/sleep", fx->queue, NULL, 0);
    fake_lock(fx, 100, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)),
		     PF_ENOTRUNNING);
    assert_int_equal(st.pid, 0);
    assert_true(st.lock_held);
    assert_int_equal(st.holder, 100);
}

static void master_of_other_queue_is_not_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512];

    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      "/var/spool/postfix", NULL, 0);
    fake_lock(fx, 100, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)),
		     PF_ENOTRUNNING);
    assert_int_equal(st.pid, 0);
}

static void master_exe_deleted_after_upgrade_is_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 32], why[512];

    /*
     * The kernel's link text; stat() of /proc/PID/exe reaches the old
     * image, which the fixture keeps under that name: a file of root's.
     */
    snprintf(exe, sizeof(exe), "%s/master (deleted)", fx->daemon);
    put(exe, "#!/bin/false\n");
    fake_proc(fx, 100, "master", 'S', 1, 100, exe, fx->queue, NULL, 0);
    fake_lock(fx, 100, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)), PF_OK);
    assert_int_equal(st.pid, 100);
}

static void stopped_master_reported(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512];

    fake_proc(fx, 100, "master", 'T', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, NULL, 0);
    fake_lock(fx, 100, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)), PF_OK);
    assert_true(st.stopped);
    assert_non_null(strstr(why, "stopped"));
}

static void master_without_pid_file_is_orphan(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512];

    unlink(fx->pidfile);
    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, NULL, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)),
		     PF_ENOTRUNNING);
    assert_int_equal(st.pid, 0);
    assert_int_equal(st.orphan, 100);
    assert_int_equal(st.file_pid, 0);
}

static void queue_absent_is_install_error(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    path[PATH_MAX + 16], why[512];

    snprintf(path, sizeof(path), "%s/nonexistent", fx->root);
    assert_int_equal(pf_master_status(path, fx->daemon, &st, why, sizeof(why)),
		     PF_EINSTALL);
    assert_non_null(strstr(why, "not found"));
}

static void comm_with_parens_parsed(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512];

    fake_proc(fx, 100, "ma) S 7 7 (ster", 'T', 1, 100,
	      master_exe(fx, exe, sizeof(exe)), fx->queue, NULL, 0);
    fake_lock(fx, 100, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)), PF_OK);
    assert_true(st.stopped);
}

/* fake_fd_lock - fd 3 of pid is the pid file, its fdinfo shows a lock */

static void fake_fd_lock(fixture_t *fx, long pid, unsigned maj, unsigned min)
{
    char    path[PATH_MAX + 32], buf[256];
    struct stat sb;

    assert_int_equal(stat(fx->pidfile, &sb), 0);
    snprintf(path, sizeof(path), "%s/%ld/fd", fx->proc, pid);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/%ld/fd/3", fx->proc, pid);
    assert_int_equal(symlink(fx->pidfile, path), 0);
    snprintf(path, sizeof(path), "%s/%ld/fdinfo", fx->proc, pid);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/%ld/fdinfo/3", fx->proc, pid);
    snprintf(buf, sizeof(buf), "pos:\t0\nflags:\t02100001\nmnt_id:\t30\n"
	     "lock:\t1: FLOCK  ADVISORY  WRITE %ld %02x:%02x:%llu 0 EOF\n",
	     pid, maj, min, (unsigned long long) sb.st_ino);
    put(path, buf);
}

/* fake_mountinfo - a mountinfo holding "/" with device maj:min */

static void fake_mountinfo(fixture_t *fx, unsigned maj, unsigned min)
{
    char    path[PATH_MAX + 16], buf[256];

    snprintf(path, sizeof(path), "%s/mountinfo", fx->root);
    snprintf(buf, sizeof(buf), "21 1 %u:%u / / rw,relatime shared:1 - btrfs "
	     "/dev/vdb rw,space_cache=v2,subvolid=5,subvol=/\n", maj, min);
    put(path, buf);
    pf_mount_set_mountinfo(path);
}

static void btrfs_lock_found_through_fdinfo(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512];

    /* btrfs: the lock line shows the superblock's device, not st_dev */
    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, NULL, 0);
    fake_fd_lock(fx, 100, 0, 0x2d);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)), PF_OK);
    assert_int_equal(st.pid, 100);
    assert_true(st.lock_held);
}

static void btrfs_lock_found_in_proc_locks_by_mount_device(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512], path[PATH_MAX + 16];
    FILE   *fp;
    struct stat sb;

    /* the pid file names no process: /proc/locks, device from mountinfo */
    put(fx->pidfile, "\n");
    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, NULL, 0);
    assert_int_equal(stat(fx->pidfile, &sb), 0);
    snprintf(path, sizeof(path), "%s/locks", fx->proc);
    assert_non_null(fp = fopen(path, "w"));
    fprintf(fp, "1: FLOCK  ADVISORY  WRITE 100 00:2d:%llu 0 EOF\n",
	    (unsigned long long) sb.st_ino);
    fclose(fp);
    pf_mount_set_mountinfo("/nonexistent");
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)),
		     PF_ENOTRUNNING);		/* device unknown: not ours */
    fake_mountinfo(fx, 0, 45);			/* 0x2d */
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)), PF_OK);
    assert_int_equal(st.pid, 100);
    pf_mount_set_mountinfo(NULL);
}

static void unreadable_proc_is_an_error_never_none(void **state)
{
    fixture_t *fx = *state;
    char    path[PATH_MAX + 16], q[PATH_MAX], d[PATH_MAX];
    pid_t  *pids = NULL;
    size_t  n = 0;

    snprintf(path, sizeof(path), "%s/no-proc", fx->root);
    pf_proc_set_root(path);
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, NO_OWNER, &pids, &n),
		     ENOENT);
    assert_null(pids);
    assert_int_not_equal(pf_master_locate("/etc/pfk-a", q, sizeof(q), d, sizeof(d)),
			 PF_OK);
    assert_int_not_equal(pf_master_locate("/etc/pfk-a", q, sizeof(q), d, sizeof(d)),
			 PF_ENOTRUNNING);
    pf_proc_set_root(fx->proc);
}

static void unreadable_process_stat_is_an_error(void **state)
{
    fixture_t *fx = *state;
    char    exe[PATH_MAX + 8], path[PATH_MAX + 32];
    pid_t  *pids = NULL;
    size_t  n = 0;

    /* a stat that is a directory: read() fails with EISDIR, not "gone" */
    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, NULL, 0);
    snprintf(path, sizeof(path), "%s/100/stat", fx->proc);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_not_equal(pf_master_instance_pids(fx->queue, fx->daemon, NO_OWNER,
						 &pids, &n), PF_OK);
    assert_null(pids);
}

/* has_pid - pid in list */

static int has_pid(const pid_t *pids, size_t n, pid_t pid)
{
    for (size_t i = 0; i < n; i++)
	if (pids[i] == pid)
	    return (1);
    return (0);
}

static void instance_pids_proven_only(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], smtpd[PATH_MAX + 8], pipe[PATH_MAX + 8], why[512];
    pid_t  *pids;
    size_t  n;

    snprintf(smtpd, sizeof(smtpd), "%s/smtpd", fx->daemon);
    snprintf(pipe, sizeof(pipe), "%s/pipe", fx->daemon);
    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, NULL, 0);
    fake_proc(fx, 101, "smtpd", 'T', 100, 100, smtpd, fx->queue, NULL, 0);
    fake_proc(fx, 102, "pipe", 'S', 100, 100, pipe, fx->queue, NULL, 0);
    /* delivery command: own session, cwd queue, child of pipe */
    fake_proc(fx, 103, "deliver", 'S', 102, 103, "/usr/bin/perl", fx->queue, NULL, 0);
    /* its child, still in the queue directory */
    fake_proc(fx, 104, "sh", 'S', 103, 103, "/bin/sh", fx->queue, NULL, 0);
    /* merely sitting in the queue directory: not ours */
    fake_proc(fx, 200, "bash", 'S', 1, 200, "/bin/bash", fx->queue, NULL, 0);
    /* a zombie of ours is already gone */
    fake_proc(fx, 105, "smtpd", 'Z', 100, 100, smtpd, fx->queue, NULL, 0);
    /* another instance's daemon */
    fake_proc(fx, 300, "smtpd", 'S', 299, 299, smtpd, "/var/spool/postfix", NULL, 0);
    fake_lock(fx, 100, 0);

    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, NO_OWNER, &pids, &n), PF_OK);
    assert_int_equal(n, 5);
    assert_true(has_pid(pids, n, 100));
    assert_true(has_pid(pids, n, 101));
    assert_true(has_pid(pids, n, 102));
    assert_true(has_pid(pids, n, 103));
    assert_true(has_pid(pids, n, 104));
    assert_false(has_pid(pids, n, 200));
    assert_false(has_pid(pids, n, 300));
    free(pids);
}

static void daemons_left_after_master_killed(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    smtpd[PATH_MAX + 8], why[512];
    pid_t  *pids;
    size_t  n;

    /* master 100 is gone; its daemons keep session 100 and the queue cwd */
    snprintf(smtpd, sizeof(smtpd), "%s/smtpd", fx->daemon);
    fake_proc(fx, 101, "smtpd", 'S', 1, 100, smtpd, fx->queue, NULL, 0);
    fake_proc(fx, 103, "deliver", 'S', 1, 100, "/usr/bin/perl", fx->queue, NULL, 0);
    fake_proc(fx, 200, "bash", 'S', 1, 200, "/bin/bash", fx->queue, NULL, 0);
    /* a pipe(8) command whose pipe died: own session, parent init */
    fake_proc(fx, 104, "sleep", 'S', 1, 104, "/usr/bin/sleep", fx->queue,
	      "MAIL_CONFIG=/etc/x", sizeof("MAIL_CONFIG=/etc/x"));
    /* the same elsewhere is not ours */
    fake_proc(fx, 105, "sleep", 'S', 1, 105, "/usr/bin/sleep", "/",
	      "MAIL_CONFIG=/etc/x", sizeof("MAIL_CONFIG=/etc/x"));
    /* the dead master, a zombie nobody reaps */
    fake_proc(fx, 100, "master", 'Z', 1, 100, "/gone", "/gone", NULL, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)),
		     PF_ENOTRUNNING);
    assert_null(strstr(why, "not this instance's master"));
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, NO_OWNER, &pids, &n), PF_OK);
    /*
     * Issue 24: the daemon left behind is ours by its own facts. The two
     * processes reparented to init (103 in the dead master's session, 104
     * with MAIL_CONFIG) descend from no verified daemon any more: another
     * user can make both (a session id by pid reuse, the environment at
     * will), so they are not ours (orphaned_delivery_command_is_not_ours).
     */
    assert_int_equal(n, 1);
    assert_true(has_pid(pids, n, 101));
    assert_false(has_pid(pids, n, 103));
    assert_false(has_pid(pids, n, 104));
    free(pids);
}

/* mk - a process's path in the fixture: DIR/NAME */

static const char *mk(char *buf, size_t len, const char *dir, const char *name)
{
    int     w = snprintf(buf, len, "%s/%s", dir, name);

    assert_true(w > 0 && (size_t) w < len);
    return (buf);
}

/* locked_master - pid 100 runs exe as uid, queue as cwd, holding the lock */

static void locked_master(fixture_t *fx, const char *exe, unsigned uid)
{
    fake_proc_as(fx, 100, "master", 'S', 1, 100, exe, fx->queue, NULL, 0, uid, 100);
    fake_lock(fx, 100, 0);
}

/* status - pf_master_status() of the fixture's instance */

static int status(fixture_t *fx, pf_master_state_t *st)
{
    char    why[512];

    return (pf_master_status(fx->queue, fx->daemon, st, why, sizeof(why)));
}

/* scan - pf_master_scan() of the fixture's instance */

static void scan(fixture_t *fx, uid_t owner, const pf_master_procs_t *known,
		         pf_master_procs_t *out)
{
    assert_int_equal(pf_master_scan(fx->queue, fx->daemon, owner, known, out), PF_OK);
}

/* member_how - how pid is a member (PF_MASTER_*), -1 when it is not */

static int member_how(const pf_master_procs_t *p, pid_t pid)
{
    for (size_t i = 0; i < p->n_member; i++)
	if (p->member[i].pid == pid)
	    return (p->member[i].how);
    return (-1);
}

/* stranger_uid - the uid a stranger was listed with, -1 when not listed */

static long stranger_uid(const pf_master_procs_t *p, pid_t pid)
{
    for (size_t i = 0; i < p->n_stranger; i++)
	if (p->stranger[i].pid == pid)
	    return ((long) p->stranger[i].uid);
    return (-1);
}

/* mail_config - "MAIL_CONFIG=/etc/pfk-a" with its NUL, as environ holds it */
static const char mail_config[] = "MAIL_CONFIG=/etc/pfk-a";

static void foreign_uid_in_queue_with_mail_config_is_not_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_procs_t p;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8], why[512];
    pid_t  *pids;
    size_t  n;

    /* nobody: "cd $queue && MAIL_CONFIG=... sleep 600", from its own shell */
    fake_proc_as(fx, 500, "bash", 'S', 1, 500, "/bin/bash", "/", NULL, 0, 65534, 500);
    fake_proc_as(fx, 501, "sleep", 'S', 500, 500, "/usr/bin/sleep", fx->queue,
		 mail_config, sizeof(mail_config), 65534, 501);
    /* the same user starting it with setsid, reparented to init */
    fake_proc_as(fx, 502, "sleep", 'S', 1, 502, "/usr/bin/sleep", fx->queue,
		 mail_config, sizeof(mail_config), 65534, 502);
    /* the instance is stopped: nothing of it runs */
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, POSTFIX_UID,
					     &pids, &n), PF_OK);
    assert_int_equal(n, 0);
    assert_null(pids);
    scan(fx, POSTFIX_UID, NULL, &p);
    assert_int_equal(p.n_member, 0);
    assert_int_equal(p.n_stranger, 2);
    assert_int_equal(stranger_uid(&p, 501), 65534);
    assert_int_equal(stranger_uid(&p, 502), 65534);
    assert_int_equal(stranger_uid(&p, 500), -1);	/* not in the queue */
    pf_master_strangers_why(fx->queue, &p, why, sizeof(why));
    assert_non_null(strstr(why, "501 (65534)"));
    assert_non_null(strstr(why, "502 (65534)"));
    assert_non_null(strstr(why, "not this instance's"));
    pf_master_procs_free(&p);

    /* the instance running beside them: still not ours */
    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, mail_config, sizeof(mail_config));
    fake_lock(fx, 100, 0);
    assert_int_equal(pf_master_status(fx->queue, fx->daemon, &st, why, sizeof(why)), PF_OK);
    scan(fx, POSTFIX_UID, NULL, &p);
    assert_int_equal(p.n_member, 1);
    assert_int_equal(member_how(&p, 100), PF_MASTER_DAEMON);
    assert_int_equal(member_how(&p, 501), -1);
    assert_int_equal(member_how(&p, 502), -1);
    pf_master_procs_free(&p);
}

static void foreign_uid_running_a_postfix_binary_is_not_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_procs_t p;
    char    smtpd[PATH_MAX + 8], qmgr[PATH_MAX + 8], q[PATH_MAX], d[PATH_MAX];

    /* anyone may run root's daemon binaries, in the queue, MAIL_CONFIG set */
    fake_proc_as(fx, 600, "smtpd", 'S', 1, 600, mk(smtpd, sizeof(smtpd), fx->daemon,
		 "smtpd"), fx->queue, mail_config, sizeof(mail_config), 65534, 600);
    fake_proc_as(fx, 601, "qmgr", 'S', 1, 601, mk(qmgr, sizeof(qmgr), fx->daemon,
		 "qmgr"), fx->queue, mail_config, sizeof(mail_config), 65534, 601);
    scan(fx, POSTFIX_UID, NULL, &p);
    assert_int_equal(p.n_member, 0);
    assert_int_equal(stranger_uid(&p, 600), 65534);
    pf_master_procs_free(&p);
    /* nor does it make main.cf's instance "found by MAIL_CONFIG" */
    assert_int_equal(pf_master_locate("/etc/pfk-a", q, sizeof(q), d, sizeof(d)),
		     PF_ENOTRUNNING);
}

/* delivery - master 100, local 110 and pipe 120 as root (Debian's master.cf) */

static void delivery(fixture_t *fx)
{
    char    exe[PATH_MAX + 8];

    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, mail_config, sizeof(mail_config));
    fake_proc(fx, 110, "local", 'S', 100, 100, mk(exe, sizeof(exe), fx->daemon, "local"),
	      fx->queue, mail_config, sizeof(mail_config));
    fake_proc(fx, 120, "pipe", 'S', 100, 100, mk(exe, sizeof(exe), fx->daemon, "pipe"),
	      fx->queue, mail_config, sizeof(mail_config));
    fake_lock(fx, 100, 0);
}

static void recipient_child_of_local_or_pipe_is_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_procs_t p;

    delivery(fx);
    /* local(8): "|procmail" of user 1000, own session, queue cwd */
    fake_proc_as(fx, 111, "sh", 'S', 110, 111, "/bin/sh", fx->queue,
		 mail_config, sizeof(mail_config), 1000, 111);
    /* its child, in the recipient's home: still the instance's */
    fake_proc_as(fx, 112, "procmail", 'S', 111, 111, "/usr/bin/procmail",
		 "/home/u", NULL, 0, 1000, 112);
    /* and a grandchild of that */
    fake_proc_as(fx, 113, "formail", 'S', 112, 111, "/usr/bin/formail",
		 "/home/u", NULL, 0, 1000, 113);
    /* pipe(8): user=nobody argv=... */
    fake_proc_as(fx, 121, "sleep", 'S', 120, 121, "/usr/bin/sleep", fx->queue,
		 mail_config, sizeof(mail_config), 65534, 121);
    scan(fx, POSTFIX_UID, NULL, &p);
    assert_int_equal(member_how(&p, 100), PF_MASTER_DAEMON);
    assert_int_equal(member_how(&p, 110), PF_MASTER_DAEMON);
    assert_int_equal(member_how(&p, 120), PF_MASTER_DAEMON);
    assert_int_equal(member_how(&p, 111), PF_MASTER_DESCENDANT);
    assert_int_equal(member_how(&p, 112), PF_MASTER_DESCENDANT);
    assert_int_equal(member_how(&p, 113), PF_MASTER_DESCENDANT);
    assert_int_equal(member_how(&p, 121), PF_MASTER_DESCENDANT);
    assert_int_equal(p.n_member, 7);
    assert_int_equal(p.n_stranger, 0);
    pf_master_procs_free(&p);
}

static void orphaned_delivery_command_is_not_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_procs_t p, known = {0};
    pf_master_proc_t cmd = {.pid = 121, .start = 121, .how = PF_MASTER_DESCENDANT};
    pf_master_proc_t other = {.pid = 121, .start = 99, .how = PF_MASTER_DESCENDANT};

    /* pipe(8) and local(8) died; their commands went to init */
    fake_proc_as(fx, 111, "sh", 'S', 1, 111, "/bin/sh", fx->queue,
		 mail_config, sizeof(mail_config), 1000, 111);
    fake_proc_as(fx, 121, "sleep", 'S', 1, 121, "/usr/bin/sleep", fx->queue,
		 mail_config, sizeof(mail_config), 65534, 121);
    /* its own child: descends from nothing verified either */
    fake_proc_as(fx, 122, "sleep", 'S', 121, 121, "/usr/bin/sleep", fx->queue,
		 NULL, 0, 65534, 122);
    scan(fx, POSTFIX_UID, NULL, &p);
    assert_int_equal(p.n_member, 0);
    assert_int_equal(stranger_uid(&p, 111), 1000);
    assert_int_equal(stranger_uid(&p, 121), 65534);
    assert_int_equal(stranger_uid(&p, 122), 65534);
    pf_master_procs_free(&p);
    /* proven by an earlier scan (stop's, before pipe died): still ours */
    known.member = &cmd;
    known.n_member = 1;
    scan(fx, POSTFIX_UID, &known, &p);
    assert_int_equal(member_how(&p, 121), PF_MASTER_KNOWN);
    assert_int_equal(member_how(&p, 122), PF_MASTER_DESCENDANT);
    assert_int_equal(member_how(&p, 111), -1);
    pf_master_procs_free(&p);
    /* the same pid started at another time is another process */
    known.member = &other;
    scan(fx, POSTFIX_UID, &known, &p);
    assert_int_equal(p.n_member, 0);
    pf_master_procs_free(&p);
}

static void fake_master_outside_daemon_directory_is_not_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    pf_master_procs_t p;
    char    fake[PATH_MAX + 16], path[PATH_MAX + 16];

    /* a "master" of root's elsewhere, holding the lock, queue as cwd */
    snprintf(path, sizeof(path), "%s/elsewhere", fx->root);
    assert_int_equal(mkdir(path, 0755), 0);
    mk(fake, sizeof(fake), path, "master");
    put(fake, "#!/bin/false\n");
    locked_master(fx, fake, 0);
    /* its child, which would be ours if 100 were */
    fake_proc(fx, 101, "smtpd", 'S', 100, 100, "/usr/bin/sleep", fx->queue, NULL, 0);
    assert_int_equal(status(fx, &st), PF_ENOTRUNNING);
    assert_int_equal(st.pid, 0);
    assert_int_equal(st.orphan, 0);
    scan(fx, POSTFIX_UID, NULL, &p);
    assert_int_equal(p.n_member, 0);
    assert_int_equal(p.n_stranger, 2);
    pf_master_procs_free(&p);
}

static void name_in_daemon_directory_that_is_not_the_image_is_not_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    name[PATH_MAX + 16], other[PATH_MAX + 16];

    /*
     * The link names $daemon_directory/master, but the image the process
     * runs is another file (what a mount namespace of its own can show):
     * a symbolic link in the fixture, followed by stat() and not by lstat().
     */
    mk(other, sizeof(other), fx->root, "sleep");
    put(other, "#!/bin/false\n");
    mk(name, sizeof(name), fx->daemon, "master");
    assert_int_equal(unlink(name), 0);
    assert_int_equal(symlink(other, name), 0);
    locked_master(fx, name, 0);
    assert_int_equal(status(fx, &st), PF_ENOTRUNNING);
    assert_int_equal(st.pid, 0);
}

static void daemon_binary_not_roots_is_not_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8];

    locked_master(fx, master_exe(fx, exe, sizeof(exe)), 0);
    assert_int_equal(status(fx, &st), PF_OK);
    /* the same files, owned by someone else than root */
    pf_master_set_file_owner(geteuid() + 1);
    assert_int_equal(status(fx, &st), PF_ENOTRUNNING);
    pf_master_set_file_owner(geteuid());
    /* root's, but writable by its group */
    chmod(exe, 0775);
    assert_int_equal(status(fx, &st), PF_ENOTRUNNING);
}

static void master_not_run_by_root_is_not_ours(void **state)
{
    fixture_t *fx = *state;
    pf_master_state_t st;
    char    exe[PATH_MAX + 8];

    locked_master(fx, master_exe(fx, exe, sizeof(exe)), POSTFIX_UID);
    assert_int_equal(status(fx, &st), PF_ENOTRUNNING);
    assert_int_equal(st.holder, 100);
    assert_int_equal(st.pid, 0);
}

static void daemon_uid_is_root_or_mail_owner(void **state)
{
    fixture_t *fx = *state;
    pf_master_procs_t p;
    char    smtpd[PATH_MAX + 8], path[PATH_MAX + 16];
    unsigned owner = geteuid() ? (unsigned) geteuid() : POSTFIX_UID;

    mk(smtpd, sizeof(smtpd), fx->daemon, "smtpd");
    /* daemons left after their master died, as mail_owner */
    fake_proc_as(fx, 101, "smtpd", 'S', 1, 100, smtpd, fx->queue, NULL, 0, owner, 101);
    fake_proc_as(fx, 102, "smtpd", 'S', 1, 100, smtpd, fx->queue, NULL, 0, 4242, 102);
    scan(fx, owner, NULL, &p);
    assert_int_equal(member_how(&p, 101), PF_MASTER_DAEMON);
    assert_int_equal(member_how(&p, 102), -1);
    pf_master_procs_free(&p);
    /* mail_owner unknown, no queue tree: root's daemons only */
    scan(fx, NO_OWNER, NULL, &p);
    assert_int_equal(p.n_member, 0);
    pf_master_procs_free(&p);
    /* mail_owner unknown: the owner of a root-made queue's "active" */
    mk(path, sizeof(path), fx->queue, "active");
    assert_int_equal(mkdir(path, 0700), 0);
    if (geteuid() == 0)
	assert_int_equal(chown(path, owner, 0), 0);
    scan(fx, NO_OWNER, NULL, &p);
    assert_int_equal(member_how(&p, 101), PF_MASTER_DAEMON);
    assert_int_equal(member_how(&p, 102), -1);
    pf_master_procs_free(&p);
    /* ... and only where nobody but root may write the queue */
    chmod(fx->queue, 0777);
    scan(fx, NO_OWNER, NULL, &p);
    assert_int_equal(p.n_member, 0);
    pf_master_procs_free(&p);
    chmod(fx->queue, 0755);
}

static void reused_parent_pid_is_not_a_parent(void **state)
{
    fixture_t *fx = *state;
    pf_master_procs_t p;

    delivery(fx);
    /*
     * 700's parent died while /proc was read and its pid went to 130, a
     * child of pipe started after 700 itself: no parent of 700's (130
     * started at 900, 700 at 800).
     */
    fake_proc_as(fx, 130, "smtpd", 'S', 120, 100, "/usr/bin/sleep", fx->queue,
		 NULL, 0, 0, 900);
    fake_proc_as(fx, 700, "sleep", 'S', 130, 700, "/usr/bin/sleep", fx->queue,
		 mail_config, sizeof(mail_config), 65534, 800);
    scan(fx, POSTFIX_UID, NULL, &p);
    assert_int_equal(member_how(&p, 130), PF_MASTER_DESCENDANT);
    assert_int_equal(member_how(&p, 700), -1);
    assert_int_equal(stranger_uid(&p, 700), 65534);
    pf_master_procs_free(&p);
}

static void locate_needs_a_verified_daemon(void **state)
{
    fixture_t *fx = *state;
    char    qmgr[PATH_MAX + 8], q[PATH_MAX], d[PATH_MAX], path[PATH_MAX + 16];
    unsigned owner = geteuid() ? (unsigned) geteuid() : POSTFIX_UID;

    /* the master is gone; a daemon of the queue's owner is left */
    mk(path, sizeof(path), fx->queue, "active");
    assert_int_equal(mkdir(path, 0700), 0);
    if (geteuid() == 0)
	assert_int_equal(chown(path, owner, 0), 0);
    fake_proc_as(fx, 130, "qmgr", 'S', 1, 100, mk(qmgr, sizeof(qmgr), fx->daemon, "qmgr"),
		 fx->queue, mail_config, sizeof(mail_config), 4242, 130);
    assert_int_equal(pf_master_locate("/etc/pfk-a", q, sizeof(q), d, sizeof(d)),
		     PF_ENOTRUNNING);
    fake_proc_as(fx, 131, "qmgr", 'S', 1, 100, qmgr, fx->queue, mail_config,
		 sizeof(mail_config), owner, 131);
    assert_int_equal(pf_master_locate("/etc/pfk-a", q, sizeof(q), d, sizeof(d)), PF_OK);
    assert_string_equal(q, fx->queue);
    assert_string_equal(d, fx->daemon);
}

/* __wrap_syscall - the pidfd calls, ENOSYS on demand; pidfd signals counted */

extern long __real_syscall(long number, ...);
extern long __wrap_syscall(long number, ...);
static int no_pidfd;
static int pidfd_signals;

long    __wrap_syscall(long number, ...)
{
    va_list ap;
    long    a[4];

    if (no_pidfd) {
	errno = ENOSYS;
	return (-1);
    }
    /* pidfd_open(pid, flags), pidfd_send_signal(fd, sig, info, flags) */
    va_start(ap, number);
    for (int i = 0; i < 4; i++)
	a[i] = va_arg(ap, long);
    va_end(ap);
    if (number == SYS_pidfd_send_signal)
	pidfd_signals++;
    return (__real_syscall(number, a[0], a[1], a[2], a[3]));
}

/* start_of - field 22 of /proc/PID/stat */

static unsigned long long start_of(pid_t pid)
{
    char    path[64], buf[1024], *cp;
    unsigned long long start = 0;
    FILE   *fp;
    int     field;

    snprintf(path, sizeof(path), "/proc/%ld/stat", (long) pid);
    assert_non_null(fp = fopen(path, "r"));
    assert_non_null(fgets(buf, sizeof(buf), fp));
    fclose(fp);
    assert_non_null(cp = strrchr(buf, ')'));
    for (field = 2; field < 22; field++)
	assert_non_null(cp = strchr(cp + 1, ' '));
    assert_int_equal(sscanf(cp + 1, "%llu", &start), 1);
    return (start);
}

/* sleeper - a child that waits for a signal (a minute at most) */

static pid_t sleeper(void)
{
    pid_t   pid = fork();

    assert_true(pid >= 0);
    if (pid == 0) {
	alarm(60);				/* never outlives a failed test */
	for (;;)
	    pause();
    }
    return (pid);
}

/* signal_proven - pf_master_signal() on a child, as a descendant and as a daemon */

static void signal_proven(fixture_t *fx)
{
    pf_master_proc_t p = {.uid = (uid_t) -1, .how = PF_MASTER_DESCENDANT};
    int     status;

    pf_proc_set_root(NULL);		/* the real /proc */
    p.pid = sleeper();
    p.start = start_of(p.pid) + 1;
    /* the pid is another process than the one proven: not signalled */
    assert_int_equal(pf_master_signal(fx->queue, fx->daemon, NO_OWNER, &p, SIGTERM),
		     ESRCH);
    assert_int_equal(waitpid(p.pid, &status, WNOHANG), 0);
    /* proven a daemon, but no verified daemon now: not signalled */
    p.start--;
    p.how = PF_MASTER_DAEMON;
    assert_int_equal(pf_master_signal(fx->queue, fx->daemon, NO_OWNER, &p, SIGTERM),
		     ESRCH);
    assert_int_equal(waitpid(p.pid, &status, WNOHANG), 0);
    /* the very process: signalled */
    p.how = PF_MASTER_DESCENDANT;
    assert_int_equal(pf_master_signal(fx->queue, fx->daemon, NO_OWNER, &p, SIGTERM),
		     PF_OK);
    assert_int_equal(waitpid(p.pid, &status, 0), p.pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    /* gone (reaped): nothing to signal */
    assert_int_equal(pf_master_signal(fx->queue, fx->daemon, NO_OWNER, &p, SIGTERM),
		     ESRCH);
    pf_proc_set_root(fx->proc);
}

static void signal_goes_through_a_pidfd_to_the_proven_process(void **state)
{
    pidfd_signals = 0;
    signal_proven(*state);
    assert_int_equal(pidfd_signals, 1);
}

static void signal_without_pidfd_verifies_before_kill(void **state)
{
    pidfd_signals = 0;
    no_pidfd = 1;
    signal_proven(*state);
    no_pidfd = 0;
    assert_int_equal(pidfd_signals, 0);
}

static void locate_by_mail_config(void **state)
{
    fixture_t *fx = *state;
    char    exe[PATH_MAX + 8], env[PATH_MAX + 64];
    char    q[PATH_MAX], d[PATH_MAX];
    int     len;

    len = snprintf(env, sizeof(env), "PATH=/bin%cMAIL_CONFIG=/etc/pfk-a%c", 0, 0);
    fake_proc(fx, 100, "master", 'S', 1, 100, master_exe(fx, exe, sizeof(exe)),
	      fx->queue, env, (size_t) len);
    len = snprintf(env, sizeof(env), "MAIL_CONFIG=/etc/pfk-b%c", 0);
    fake_proc(fx, 150, "master", 'S', 1, 150, exe, "/var/spool/b", env, (size_t) len);
    assert_int_equal(pf_master_locate("/etc/pfk-a", q, sizeof(q), d, sizeof(d)), PF_OK);
    assert_string_equal(q, fx->queue);
    assert_string_equal(d, fx->daemon);
    assert_int_equal(pf_master_locate("/etc/pfk-c", q, sizeof(q), d, sizeof(d)),
		     PF_ENOTRUNNING);
}

static void pid_list_fits_or_stops_at_a_whole_pid(void **state)
{
    const pid_t pids[] = {12, 3456, 789012};
    char    buf[64], small[10];

    pf_master_pid_list(pids, 3, buf, sizeof(buf));
    assert_string_equal(buf, "12 3456 789012");
    pf_master_pid_list(pids, 0, buf, sizeof(buf));
    assert_string_equal(buf, "");
    /* "12 3456 7" would mislead: the list ends at the last whole pid */
    pf_master_pid_list(pids, 3, small, sizeof(small));
    assert_string_equal(small, "12 3456");
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(lock_held_by_master_is_running, setup, teardown),
	cmocka_unit_test_setup_teardown(no_lock_is_not_running, setup, teardown),
	cmocka_unit_test_setup_teardown(lock_waiter_is_not_a_holder, setup, teardown),
	cmocka_unit_test_setup_teardown(stale_pid_file_live_process_not_running, setup, teardown),
	cmocka_unit_test_setup_teardown(lock_holder_not_master_is_not_running, setup, teardown),
	cmocka_unit_test_setup_teardown(master_of_other_queue_is_not_ours, setup, teardown),
	cmocka_unit_test_setup_teardown(master_exe_deleted_after_upgrade_is_ours, setup, teardown),
	cmocka_unit_test_setup_teardown(stopped_master_reported, setup, teardown),
	cmocka_unit_test_setup_teardown(master_without_pid_file_is_orphan, setup, teardown),
	cmocka_unit_test_setup_teardown(queue_absent_is_install_error, setup, teardown),
	cmocka_unit_test_setup_teardown(comm_with_parens_parsed, setup, teardown),
	cmocka_unit_test_setup_teardown(instance_pids_proven_only, setup, teardown),
	cmocka_unit_test_setup_teardown(daemons_left_after_master_killed, setup, teardown),
	cmocka_unit_test_setup_teardown(locate_by_mail_config, setup, teardown),
	cmocka_unit_test_setup_teardown(foreign_uid_in_queue_with_mail_config_is_not_ours,
					setup, teardown),
	cmocka_unit_test_setup_teardown(foreign_uid_running_a_postfix_binary_is_not_ours,
					setup, teardown),
	cmocka_unit_test_setup_teardown(recipient_child_of_local_or_pipe_is_ours,
					setup, teardown),
	cmocka_unit_test_setup_teardown(orphaned_delivery_command_is_not_ours,
					setup, teardown),
	cmocka_unit_test_setup_teardown(fake_master_outside_daemon_directory_is_not_ours,
					setup, teardown),
	cmocka_unit_test_setup_teardown(name_in_daemon_directory_that_is_not_the_image_is_not_ours,
					setup, teardown),
	cmocka_unit_test_setup_teardown(daemon_binary_not_roots_is_not_ours, setup, teardown),
	cmocka_unit_test_setup_teardown(master_not_run_by_root_is_not_ours, setup, teardown),
	cmocka_unit_test_setup_teardown(daemon_uid_is_root_or_mail_owner, setup, teardown),
	cmocka_unit_test_setup_teardown(reused_parent_pid_is_not_a_parent, setup, teardown),
	cmocka_unit_test_setup_teardown(locate_needs_a_verified_daemon, setup, teardown),
	cmocka_unit_test_setup_teardown(signal_goes_through_a_pidfd_to_the_proven_process,
					setup, teardown),
	cmocka_unit_test_setup_teardown(signal_without_pidfd_verifies_before_kill,
					setup, teardown),
	cmocka_unit_test_setup_teardown(btrfs_lock_found_through_fdinfo, setup, teardown),
	cmocka_unit_test_setup_teardown(btrfs_lock_found_in_proc_locks_by_mount_device,
					setup, teardown),
	cmocka_unit_test_setup_teardown(unreadable_proc_is_an_error_never_none, setup, teardown),
	cmocka_unit_test_setup_teardown(unreadable_process_stat_is_an_error, setup, teardown),
	cmocka_unit_test(pid_list_fits_or_stops_at_a_whole_pid),
    };

    return (cmocka_run_group_tests(tests, NULL, NULL));
}
