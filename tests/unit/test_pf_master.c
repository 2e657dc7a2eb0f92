/*++
/* NAME
/*	test_pf_master 1
/* SUMMARY
/*	unit tests of pf_master against fake /proc trees
/* SYNOPSIS
/*	test_pf_master
/* DESCRIPTION
/*	Each test builds a small /proc look-alike in a temporary directory
/*	(locks, PID/stat, PID/exe, PID/cwd, PID/environ), a queue directory
/*	with pid/master.pid and a daemon directory holding "master", then
/*	points pf_master at it with pf_master_set_proc_root(). The lock
/*	line carries the real device and inode of the fixture's pid file.
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
#include <sys/sysmacros.h>
#include <unistd.h>

#include "pf_master.h"
#include "pf_mount.h"
#include "pf_rc.h"

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

/* fake_proc - add a process to the fake /proc */

static void fake_proc(fixture_t *fx, long pid, const char *comm, char state,
		              long ppid, long sid, const char *exe,
		              const char *cwd, const char *environ_nul, size_t envlen)
{
    char    dir[PATH_MAX + 32], path[PATH_MAX + 64], buf[PATH_MAX];
    FILE   *fp;

    snprintf(dir, sizeof(dir), "%s/%ld", fx->proc, pid);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/stat", dir);
    snprintf(buf, sizeof(buf), "%ld (%s) %c %ld %ld %ld 0 -1 4194560 0 0\n",
	     pid, comm, state, ppid, sid, sid);
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
    snprintf(path, sizeof(path), "%s/master", fx->daemon);
    put(path, "#!/bin/false\n");
    snprintf(path, sizeof(path), "%s/locks", fx->proc);
    put(path, "");
    pf_master_set_proc_root(fx->proc);
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

    pf_master_set_proc_root(NULL);
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
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, &st, &pids, &n), PF_OK);
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

    snprintf(exe, sizeof(exe), "%s/master (deleted)", fx->daemon);
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
    pf_master_set_proc_root(path);
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, NULL, &pids, &n),
		     ENOENT);
    assert_null(pids);
    assert_int_not_equal(pf_master_locate("/etc/pfk-a", q, sizeof(q), d, sizeof(d)),
			 PF_OK);
    assert_int_not_equal(pf_master_locate("/etc/pfk-a", q, sizeof(q), d, sizeof(d)),
			 PF_ENOTRUNNING);
    pf_master_set_proc_root(fx->proc);
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
    assert_int_not_equal(pf_master_instance_pids(fx->queue, fx->daemon, NULL,
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
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, &st, &pids, &n), PF_OK);
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
    assert_int_equal(pf_master_instance_pids(fx->queue, fx->daemon, &st, &pids, &n), PF_OK);
    assert_int_equal(n, 3);
    assert_true(has_pid(pids, n, 101));
    assert_true(has_pid(pids, n, 103));
    assert_true(has_pid(pids, n, 104));
    free(pids);
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
	cmocka_unit_test_setup_teardown(btrfs_lock_found_through_fdinfo, setup, teardown),
	cmocka_unit_test_setup_teardown(btrfs_lock_found_in_proc_locks_by_mount_device,
					setup, teardown),
	cmocka_unit_test_setup_teardown(unreadable_proc_is_an_error_never_none, setup, teardown),
	cmocka_unit_test_setup_teardown(unreadable_process_stat_is_an_error, setup, teardown),
	cmocka_unit_test(pid_list_fits_or_stops_at_a_whole_pid),
    };

    return (cmocka_run_group_tests(tests, NULL, NULL));
}
