/*++
/* NAME
/*	test_pf_spawn 1
/* SUMMARY
/*	unit tests of pf_spawn: argv only, clean environment, deadlines
/* DESCRIPTION
/*	These run real programs (/bin/echo, /bin/sleep, /usr/bin/env, and
/*	/bin/sh with scripts written here, never with a parameter).
/*	No test times the library: how a wait ended is read from the
/*	result (timed_out, signal, ended_early), whose only alternative
/*	would be the child's own end, far later. A process group a test
/*	leaves behind is killed by the teardown, even after a failure.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "pf_ocf.h"
#include "pf_rc.h"
#include "pf_spawn.h"

/* live_in_group - processes of group pgid that are not zombies */

static int live_in_group(pid_t pgid)
{
    DIR    *dir = opendir("/proc");
    struct dirent *de;
    char    path[300];
    char    buf[512];
    int     live = 0;

    assert_non_null(dir);
    while ((de = readdir(dir)) != NULL) {
	FILE   *fp;
	char   *rp;
	char    st;
	int     ppid, pg;

	if (de->d_name[0] < '1' || de->d_name[0] > '9')
	    continue;
	snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
	if ((fp = fopen(path, "r")) == NULL)
	    continue;
	if (fgets(buf, sizeof(buf), fp) && (rp = strrchr(buf, ')')) != NULL
	    && sscanf(rp + 1, " %c %d %d", &st, &ppid, &pg) == 3
	    && pg == pgid && st != 'Z')
	    live++;
	fclose(fp);
    }
    closedir(dir);
    return (live);
}

static pid_t last_group;			/* the last child's process group */

/* run - pf_spawn_run with a deadline ms from now */

static int run(const char *const *argv, int ms, int flags, pf_spawn_result_t *res)
{
    pf_spawn_opts_t opts = {.argv = argv,.deadline = pf_deadline_after(ms),.flags = flags};
    int     rc = pf_spawn_run(&opts, res);

    last_group = res->pid;
    return (rc);
}

/* kill_left - teardown: end what the last child's group left running */

static int kill_left(void **state)
{
    (void) state;
    if (last_group > 0 && live_in_group(last_group) > 0)
	kill(-last_group, SIGKILL);
    last_group = 0;
    return (0);
}

static void shell_metacharacters_not_interpreted(void **state)
{
    const char *evil = "$(touch /tmp/pf_spawn_pwned) `touch /tmp/pf_spawn_pwned`;"
	" touch /tmp/pf_spawn_pwned | & > /tmp/pf_spawn_pwned '\"";
    const char *argv[] = {"/bin/echo", evil, NULL};
    pf_spawn_result_t res;
    char    expect[512];

    (void) state;
    unlink("/tmp/pf_spawn_pwned");
    assert_int_equal(run(argv, 5000, 0, &res), 0);
    snprintf(expect, sizeof(expect), "%s\n", evil);
    assert_string_equal(res.out, expect);
    assert_int_equal(res.exit_code, 0);
    assert_int_equal(access("/tmp/pf_spawn_pwned", F_OK), -1);
    pf_spawn_result_free(&res);
}

static void child_outliving_deadline_is_killed_and_reaped(void **state)
{
    const char *argv[] = {"/bin/sleep", "30", NULL};
    pf_spawn_result_t res;

    (void) state;
    assert_int_equal(run(argv, 200, 0, &res), PF_ETIMEOUT);
    /* ended by our SIGTERM, not by its own end 30 s later */
    assert_true(res.timed_out);
    assert_int_equal(res.signal, SIGTERM);
    assert_int_equal(res.exit_code, -1);
    /* reaped: the pid no longer exists as our child */
    assert_int_equal(kill(res.pid, 0), -1);
    assert_int_equal(errno, ESRCH);
    pf_spawn_result_free(&res);
}

static void child_ignoring_sigterm_gets_sigkill(void **state)
{
    const char *argv[] = {"/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done", NULL};
    pf_spawn_result_t res;

    (void) state;
    assert_int_equal(run(argv, 200, 0, &res), PF_ETIMEOUT);
    assert_true(res.timed_out);
    assert_int_equal(res.signal, SIGKILL);	/* the loop never ends by itself */
    /*
     * Its whole process group went with it (zombies wait for init). SIGKILL
     * reaches the grandchild asynchronously: allow it a moment to exit.
     */
    for (int i = 0; i < 100 && live_in_group(res.pid) > 0; i++)
	usleep(10000);
    assert_int_equal(live_in_group(res.pid), 0);
    pf_spawn_result_free(&res);
}

static void exec_failure_reports_errno(void **state)
{
    const char *missing[] = {"/nonexistent/postfix", NULL};
    const char *relative[] = {"postfix", NULL};
    char    plain[] = "/tmp/pf_spawn_plainXXXXXX";
    const char *notexec[] = {plain, NULL};
    int     fd;
    pf_spawn_result_t res;

    (void) state;
    assert_int_equal(run(missing, 5000, 0, &res), ENOENT);
    /* an errno: the buffers are already released, a second free is harmless */
    assert_null(res.out);
    assert_null(res.err);
    pf_spawn_result_free(&res);
    assert_int_equal(run(relative, 5000, 0, &res), EINVAL);
    pf_spawn_result_free(&res);
    assert_true((fd = mkstemp(plain)) >= 0);	/* mode 0600: no x bit */
    close(fd);
    assert_int_equal(run(notexec, 5000, 0, &res), EACCES);
    pf_spawn_result_free(&res);
    unlink(plain);
}

static void exit_status_and_streams_captured(void **state)
{
    const char *argv[] = {"/bin/sh", "-c", "echo out; echo err >&2; exit 3", NULL};
    pf_spawn_result_t res;

    (void) state;
    assert_int_equal(run(argv, 5000, 0, &res), 0);
    assert_int_equal(res.exit_code, 3);
    assert_int_equal(res.signal, 0);
    assert_string_equal(res.out, "out\n");
    assert_string_equal(res.err, "err\n");
    pf_spawn_result_free(&res);
}

static void environment_is_clean(void **state)
{
    const char *argv[] = {"/usr/bin/env", NULL};
    const char *extra[] = {"MAIL_CONFIG=/etc/postfix2", NULL};
    pf_spawn_opts_t opts = {.argv = argv,.env = extra,.deadline = pf_deadline_after(5000)};
    pf_spawn_result_t res;

    (void) state;
    setenv("PF_SECRET_TEST", "leak", 1);
    setenv("LD_PRELOAD", "/nonexistent.so", 1);
    assert_int_equal(pf_spawn_run(&opts, &res), 0);
    unsetenv("LD_PRELOAD");
    assert_non_null(strstr(res.out, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"));
    assert_non_null(strstr(res.out, "LC_ALL=C\n"));
    assert_non_null(strstr(res.out, "MAIL_CONFIG=/etc/postfix2\n"));
    assert_null(strstr(res.out, "PF_SECRET_TEST"));
    assert_null(strstr(res.out, "LD_PRELOAD"));
    pf_spawn_result_free(&res);
}

static void descriptors_are_closed(void **state)
{
    const char *argv[] = {"/bin/ls", "/proc/self/fd", NULL};
    pf_spawn_result_t res;
    int     fd = open("/dev/null", O_RDONLY);

    (void) state;
    assert_true(fd >= 0);
    assert_int_equal(dup2(fd, 42), 42);		/* not close-on-exec */
    assert_int_equal(run(argv, 5000, 0, &res), 0);
    close(42);
    close(fd);
    /* ls sees 0, 1, 2 and its own directory descriptor only */
    assert_null(strstr(res.out, "42"));
    assert_string_equal(res.out, "0\n1\n2\n3\n");
    pf_spawn_result_free(&res);
}

static void pty_stderr_is_a_terminal(void **state)
{
    const char *argv[] = {"/bin/sh", "-c",
    "if [ -t 2 ]; then echo tty >&2; else echo notty >&2; fi; [ -t 1 ] || echo pipe", NULL};
    pf_spawn_result_t res;

    (void) state;
    assert_int_equal(run(argv, 5000, PF_SPAWN_PTY_STDERR, &res), 0);
    assert_string_equal(res.err, "tty\n");		/* no \r: removed */
    assert_string_equal(res.out, "pipe\n");
    pf_spawn_result_free(&res);
    assert_int_equal(run(argv, 5000, 0, &res), 0);
    assert_string_equal(res.err, "notty\n");
    pf_spawn_result_free(&res);
}

static void capture_keeps_the_tail(void **state)
{
    const char *argv[] = {"/bin/sh", "-c",
    "i=0; while [ $i -lt 200 ]; do printf 'xxxxxxxxxx' >&2; i=$((i+1)); done; echo LAST >&2", NULL};
    pf_spawn_opts_t opts = {.argv = argv,.deadline = pf_deadline_after(5000),.capture_max = 64};
    pf_spawn_result_t res;

    (void) state;
    assert_int_equal(pf_spawn_run(&opts, &res), 0);
    assert_true(res.err_len <= 64);
    assert_true(res.err_len >= 5);
    assert_string_equal(res.err + res.err_len - 5, "LAST\n");
    pf_spawn_result_free(&res);
}

static void returns_when_child_exits_though_pipe_stays_open(void **state)
{
    /* A daemon started by the child keeps stdout open: do not wait for it. */
    const char *argv[] = {"/bin/sh", "-c", "sleep 20 & echo started", NULL};
    pf_spawn_result_t res;

    (void) state;
    assert_int_equal(run(argv, 60000, 0, &res), 0);
    /* waiting for the pipe would have lasted until the deadline */
    assert_false(res.timed_out);
    assert_string_equal(res.out, "started\n");
    assert_int_equal(res.exit_code, 0);
    pf_spawn_result_free(&res);			/* kill_left ends the sleep */
}

/* after_100ms - an until() predicate that holds 100 ms after it is armed */

static bool after_100ms(void *arg)
{
    return (pf_now_ms() >= *(int64_t *) arg);
}

static void until_ends_the_wait_once_the_goal_is_seen(void **state)
{
    /* like postfix-script's stop: a command that sleeps before it returns */
    const char *argv[] = {"/bin/sleep", "30", NULL};
    int64_t goal = pf_now_ms() + 100;
    pf_spawn_opts_t opts = {.argv = argv,.deadline = pf_deadline_after(10000),
    .until = after_100ms,.until_arg = &goal};
    pf_spawn_result_t res;

    (void) state;
    assert_int_equal(pf_spawn_run(&opts, &res), 0);
    last_group = res.pid;
    /* ended by until(), neither by the deadline nor by the sleep's end */
    assert_true(res.ended_early);
    assert_false(res.timed_out);
    assert_true(pf_now_ms() >= goal);		/* not before the goal held */
    assert_int_equal(kill(res.pid, 0), -1);		/* reaped */
    pf_spawn_result_free(&res);
}

static void last_line_skips_trailing_blank_lines(void **state)
{
    char    buf[16];

    (void) state;
    assert_string_equal(pf_spawn_last_line("a\nb\nfatal: x\n\n", buf, sizeof(buf)), "fatal: x");
    assert_string_equal(pf_spawn_last_line("", buf, sizeof(buf)), "");
    assert_string_equal(pf_spawn_last_line(NULL, buf, sizeof(buf)), "");
    assert_string_equal(pf_spawn_last_line("only", buf, sizeof(buf)), "only");
    assert_string_equal(pf_spawn_last_line("0123456789abcdefghij", buf, sizeof(buf)),
			"0123456789abcde");
}

static void failure_explained_in_one_wording(void **state)
{
    static const struct {
	const char *script;		/* sh -c; NULL: a program not there */
	int     ms;			/* its deadline */
	int     flags;
	const char *none;		/* what silence is called */
	int     rc;			/* pf_spawn_explain() answers */
	const char *why;		/* and says */
    }       cases[] = {
	/* success: nothing said, why untouched */
	{"echo fine", 5000, 0, "failed", PF_OK, "untouched"},
	/* ran and failed: stderr's last line, the status by flag */
	{"echo out; echo 'fatal: x' >&2; exit 3", 5000, 0, "failed",
	PF_ECMD, "prog: fatal: x"},
	{"echo out; echo 'fatal: x' >&2; exit 3", 5000, PF_SPAWN_WHY_STATUS,
	"failed", PF_ECMD, "prog: exit status 3: fatal: x"},
	/* stdout only with its flag; else what the caller calls silence */
	{"echo 'only out'; exit 1", 5000, 0, "no diagnostics", PF_ECMD,
	"prog: no diagnostics"},
	{"echo 'only out'; exit 1", 5000, PF_SPAWN_WHY_STDOUT, "failed",
	PF_ECMD, "prog: only out"},
	{"exit 2", 5000, PF_SPAWN_WHY_STATUS | PF_SPAWN_WHY_STDOUT, "failed",
	PF_ECMD, "prog: exit status 2: failed"},
	/* the deadline, with what it said last; a program that cannot run */
	{"echo waiting >&2; exec sleep 60", 300, 0, "failed", PF_ETIMEOUT,
	"prog: no answer by the deadline (waiting)"},
	{NULL, 5000, 0, "failed", ENOENT, "prog: No such file or directory"},
    };
    const char *argv[] = {"/bin/sh", "-c", NULL, NULL};
    const char *missing[] = {"/nonexistent/postfix", NULL};
    pf_spawn_result_t res;
    char    why[200];
    size_t  i;
    int     rc;

    (void) state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
	argv[2] = cases[i].script;
	strcpy(why, "untouched");
	rc = run(cases[i].script ? argv : missing, cases[i].ms, 0, &res);
	assert_int_equal(pf_spawn_explain(rc, &res, cases[i].flags, "prog",
					  cases[i].none, why, sizeof(why)),
			 cases[i].rc);
	assert_string_equal(why, cases[i].why);
	pf_spawn_result_free(&res);
	kill_left(NULL);
    }
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test_teardown(shell_metacharacters_not_interpreted, kill_left),
	cmocka_unit_test_teardown(child_outliving_deadline_is_killed_and_reaped, kill_left),
	cmocka_unit_test_teardown(child_ignoring_sigterm_gets_sigkill, kill_left),
	cmocka_unit_test_teardown(exec_failure_reports_errno, kill_left),
	cmocka_unit_test_teardown(exit_status_and_streams_captured, kill_left),
	cmocka_unit_test_teardown(environment_is_clean, kill_left),
	cmocka_unit_test_teardown(descriptors_are_closed, kill_left),
	cmocka_unit_test_teardown(pty_stderr_is_a_terminal, kill_left),
	cmocka_unit_test_teardown(capture_keeps_the_tail, kill_left),
	cmocka_unit_test_teardown(returns_when_child_exits_though_pipe_stays_open, kill_left),
	cmocka_unit_test_teardown(until_ends_the_wait_once_the_goal_is_seen, kill_left),
	cmocka_unit_test_teardown(last_line_skips_trailing_blank_lines, kill_left),
	cmocka_unit_test_teardown(failure_explained_in_one_wording, kill_left),
    };

    return (cmocka_run_group_tests_name("pf_spawn", tests, NULL, NULL));
}
