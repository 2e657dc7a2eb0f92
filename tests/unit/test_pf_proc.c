/*++
/* NAME
/*	test_pf_proc 1
/* SUMMARY
/*	unit tests of pf_proc: the one reader of /proc
/* DESCRIPTION
/*	A fake /proc in a temporary directory (pf_proc_set_root()): stat
/*	lines whose command name holds blanks and parentheses, exe links
/*	with and without the kernel's " (deleted)", status, environ and
/*	children files, a process's fd directory, and entries of /proc
/*	that are not processes. The
/*	real /proc is read once, for the test's own process.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_proc.h"
#include "pf_rc.h"

static char root[] = "/tmp/pfkit-proc-XXXXXX";

/* put - write a file under the fake /proc, its directories made */

static void put(const char *rel, const char *text, size_t len)
{
    char    path[PATH_MAX], cmd[PATH_MAX + 32];
    FILE   *fp;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
    assert_int_equal(system(cmd), 0);
    assert_non_null(fp = fopen(path, "w"));
    assert_int_equal(fwrite(text, 1, len, fp), len);
    fclose(fp);
}

/* put_text - put() a NUL-terminated text */

static void put_text(const char *rel, const char *text)
{
    put(rel, text, strlen(text));
}

/* link_at - a symbolic link under the fake /proc */

static void link_at(const char *rel, const char *target)
{
    char    path[PATH_MAX];

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
    (void) state;
    snprintf(root, sizeof(root), "/tmp/pfkit-proc-XXXXXX");
    if (mkdtemp(root) == NULL)
	return (-1);
    pf_proc_set_root(root);
    return (0);
}

static int teardown(void **state)
{
    char    cmd[PATH_MAX];

    (void) state;
    pf_proc_set_root(NULL);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return (system(cmd) == 0 ? 0 : -1);
}

/* stat_line - a /proc/PID/stat line as the kernel writes it */

static void stat_line(char *buf, size_t len, const char *comm, char st,
		              unsigned long long start)
{
    snprintf(buf, len, "4321 (%s) %c 77 4321 4321 0 -1 4194560 0 0 0 0 0 0 "
	     "0 0 20 0 1 0 %llu 5443584 226\n", comm, st, start);
}

static void stat_comm_is_read_up_to_the_last_parenthesis(void **state)
{
    pf_proc_stat_t ps;
    char    line[512];

    (void) state;
    /* a command name may hold ") S 1 " itself: only the last ')' ends it */
    stat_line(line, sizeof(line), "evil) S 1 (x", 'D', 987654);
    assert_int_equal(pf_proc_stat_parse(line, &ps), PF_OK);
    assert_string_equal(ps.comm, "evil) S 1 (x");
    assert_int_equal(ps.state, 'D');
    assert_int_equal(ps.ppid, 77);
    assert_true(ps.has_start);
    assert_true(ps.start == 987654ULL);
    stat_line(line, sizeof(line), "smtp d", 'S', 5);
    assert_int_equal(pf_proc_stat_parse(line, &ps), PF_OK);
    assert_string_equal(ps.comm, "smtp d");
    assert_true(ps.start == 5);
}

static void stat_without_start_time_says_so(void **state)
{
    pf_proc_stat_t ps;

    (void) state;
    assert_int_equal(pf_proc_stat_parse("100 (qmgr) S 1 100 100 0 -1\n", &ps),
		     PF_OK);
    assert_int_equal(ps.state, 'S');
    assert_int_equal(ps.ppid, 1);
    assert_false(ps.has_start);
    assert_true(ps.start == 0);
}

static void stat_that_does_not_parse_is_einval(void **state)
{
    pf_proc_stat_t ps;

    (void) state;
    assert_int_equal(pf_proc_stat_parse("", &ps), EINVAL);
    assert_int_equal(pf_proc_stat_parse("12 smtpd S 1", &ps), EINVAL);
    assert_int_equal(pf_proc_stat_parse("12 (smtpd)", &ps), EINVAL);
    assert_int_equal(pf_proc_stat_parse("12 (smtpd) S", &ps), EINVAL);
    assert_int_equal(pf_proc_stat_parse("12 )smtpd( S 1", &ps), EINVAL);
}

static void stat_of_a_process_gone_is_enoent(void **state)
{
    pf_proc_stat_t ps;
    char    line[512];

    (void) state;
    assert_int_equal(pf_proc_stat(4321, &ps), ENOENT);
    /* exited while read: the kernel gives an empty text */
    put_text("4321/stat", "");
    assert_int_equal(pf_proc_stat(4321, &ps), ENOENT);
    stat_line(line, sizeof(line), "master", 'S', 42);
    put_text("4321/stat", line);
    assert_int_equal(pf_proc_stat(4321, &ps), PF_OK);
    assert_string_equal(ps.comm, "master");
    assert_true(ps.start == 42);
    put_text("4321/stat", "4321 (master\n");
    assert_int_equal(pf_proc_stat(4321, &ps), EINVAL);
}

/* link_is - pf_proc_link() of pid 10's name gives want, deleted or not */

static void link_is(const char *name, const char *want, bool want_deleted)
{
    char    buf[PATH_MAX];
    bool    deleted = !want_deleted;

    assert_int_equal(pf_proc_link(10, name, buf, sizeof(buf), &deleted), PF_OK);
    assert_string_equal(buf, want);
    assert_int_equal(deleted, want_deleted);
}

static void link_loses_the_deleted_suffix_and_says_so(void **state)
{
    char    buf[PATH_MAX];
    bool    deleted = true;

    (void) state;
    put_text("10/stat", "");
    link_at("10/exe", "/usr/lib/postfix/sbin/qmgr");
    link_at("10/cwd", "/var/spool/postfix (deleted)");
    link_is("exe", "/usr/lib/postfix/sbin/qmgr", false);
    link_is("cwd", "/var/spool/postfix", true);
    assert_int_equal(pf_proc_link(10, "cwd", buf, sizeof(buf), NULL), PF_OK);
    assert_string_equal(buf, "/var/spool/postfix");
    /* the suffix alone is a name, not a deleted one */
    link_at("10/root", " (deleted)");
    link_is("root", " (deleted)", false);
    assert_int_equal(pf_proc_link(11, "exe", buf, sizeof(buf), &deleted), ENOENT);
    assert_string_equal(buf, "");
    assert_false(deleted);
}

static void status_gives_real_uid_and_context_switches(void **state)
{
    pf_proc_status_t ps;

    (void) state;
    put_text("20/status", "Name:\tlocal\nUmask:\t0077\nUid:\t0\t1001\t0\t1001\n"
	     "Gid:\t0\t0\t0\t0\nvoluntary_ctxt_switches:\t40\n"
	     "nonvoluntary_ctxt_switches:\t2\n");
    assert_int_equal(pf_proc_status(20, &ps), PF_OK);
    assert_int_equal(ps.uid, 0);
    assert_true(ps.switches == 42);
    /* the counts first in the file, the uid absent */
    put_text("21/status", "voluntary_ctxt_switches:\t7\n"
	     "nonvoluntary_ctxt_switches:\t3\n");
    assert_int_equal(pf_proc_status(21, &ps), PF_OK);
    assert_int_equal(ps.uid, (uid_t) -1);
    assert_true(ps.switches == 10);
    /* one count alone is no count */
    put_text("22/status", "Uid:\t107\t107\t107\t107\nvoluntary_ctxt_switches:\t7\n");
    assert_int_equal(pf_proc_status(22, &ps), PF_OK);
    assert_int_equal(ps.uid, 107);
    assert_true(ps.switches == -1);
    assert_int_equal(pf_proc_status(23, &ps), ENOENT);
    assert_int_equal(ps.uid, (uid_t) -1);
    assert_true(ps.switches == -1);
}

static void syscall_is_the_call_blocked_in_or_running(void **state)
{
    long    nr;

    (void) state;
    put_text("30/syscall", "230 0x0 0x0 0x7ffdde945f40 0x7ffdde945f80 0x0 0x0 "
	     "0x7ffdde945f28 0x7f350847c503\n");
    assert_int_equal(pf_proc_syscall(30, &nr), PF_OK);
    assert_int_equal(nr, 230);
    put_text("31/syscall", "running\n");
    assert_int_equal(pf_proc_syscall(31, &nr), PF_OK);
    assert_int_equal(nr, -1);
    put_text("32/syscall", "0x5 running\n");
    assert_int_equal(pf_proc_syscall(32, &nr), EINVAL);
    assert_int_equal(nr, -1);
    put_text("33/syscall", "-1 0x0\n");
    assert_int_equal(pf_proc_syscall(33, &nr), EINVAL);
    assert_int_equal(pf_proc_syscall(34, &nr), ENOENT);
    assert_int_equal(nr, -1);
}

static void getenv_finds_a_whole_name_and_a_value_that_fits(void **state)
{
    static const char env[] = "MAIL_CONFIGX=/no\0MAIL_CONFIG=/etc/postfix-a\0"
    "LONG=0123456789\0";
    char    buf[16];

    (void) state;
    put("30/environ", env, sizeof(env) - 1);
    assert_int_equal(pf_proc_getenv(30, "MAIL_CONFIG", buf, sizeof(buf)), PF_OK);
    assert_string_equal(buf, "/etc/postfix-a");
    assert_int_equal(pf_proc_getenv(30, "MAIL", buf, sizeof(buf)), ENOENT);
    /* a value cut to fit is never handed back */
    assert_int_equal(pf_proc_getenv(30, "LONG", buf, 8), ERANGE);
    assert_int_equal(pf_proc_getenv(31, "MAIL_CONFIG", buf, sizeof(buf)), ENOENT);
}

static void process_table_is_the_numeric_entries(void **state)
{
    pf_proc_iter_t it;
    pid_t  *pids;
    size_t  n;
    int     seen = 0;
    pid_t   pid;

    (void) state;
    put_text("1/stat", "");
    put_text("250/stat", "");
    put_text("self/stat", "");
    put_text("locks", "");
    put_text("12a/stat", "");
    put_text("0/stat", "");
    put_text("99999999999/stat", "");
    assert_int_equal(pf_proc_pids(&pids, &n), PF_OK);
    assert_int_equal(n, 2);
    assert_true((pids[0] == 1 && pids[1] == 250) || (pids[0] == 250 && pids[1] == 1));
    free(pids);
    assert_int_equal(pf_proc_iter_open(&it), PF_OK);
    while ((pid = pf_proc_iter_next(&it)) != 0)
	seen += (pid == 1 || pid == 250) ? 1 : 100;
    pf_proc_iter_close(&it);
    assert_int_equal(seen, 2);
    /* no /proc: an error, never an empty table */
    pf_proc_set_root("/nonexistent-pfkit-proc");
    assert_int_equal(pf_proc_pids(&pids, &n), ENOENT);
    assert_null(pids);
    assert_int_equal(n, 0);
}

static void children_are_read_from_the_main_thread(void **state)
{
    pid_t  *kids;
    size_t  n;

    (void) state;
    put_text("100/task/100/children", "120 121 4000 ");
    assert_int_equal(pf_proc_children(100, &kids, &n), PF_OK);
    assert_int_equal(n, 3);
    assert_int_equal(kids[0], 120);
    assert_int_equal(kids[2], 4000);
    free(kids);
    put_text("101/task/101/children", "");
    assert_int_equal(pf_proc_children(101, &kids, &n), PF_OK);
    assert_int_equal(n, 0);
    assert_null(kids);
    /* a kernel without the file, or the process gone */
    assert_int_equal(pf_proc_children(102, &kids, &n), ENOENT);
    assert_null(kids);
}

static void descriptors_are_the_numeric_entries_of_fd(void **state)
{
    pf_proc_iter_t it;
    char    link[64];
    int     fd, sum = 0, count = 0;

    (void) state;
    put_text("40/stat", "");
    assert_int_equal(mkdir(strcat(strcpy(link, root), "/40/fd"), 0755), 0);
    link_at("40/fd/0", "/dev/null");
    link_at("40/fd/7", "socket:[4242]");
    link_at("40/fd/.hidden", "x");
    link_at("40/fd/3x", "x");
    assert_int_equal(pf_proc_fd_open(40, &it), PF_OK);
    while ((fd = pf_proc_fd_next(&it)) >= 0) {
	sum += fd;
	count++;
    }
    pf_proc_iter_close(&it);
    assert_int_equal(count, 2);
    assert_int_equal(sum, 7);
    assert_int_equal(pf_proc_link(40, "fd/7", link, sizeof(link), NULL), PF_OK);
    assert_string_equal(link, "socket:[4242]");
    /* the process gone */
    assert_int_equal(pf_proc_fd_open(41, &it), ENOENT);
}

static void real_proc_shows_this_process(void **state)
{
    pf_proc_stat_t ps;
    pf_proc_status_t st;
    char    cwd[PATH_MAX], here[PATH_MAX];
    long    nr;

    (void) state;
    pf_proc_set_root(NULL);
    assert_string_equal(pf_proc_root(), "/proc");
    assert_int_equal(pf_proc_stat(getpid(), &ps), PF_OK);
    assert_int_equal(ps.ppid, getppid());
    assert_int_equal(ps.state, 'R');
    assert_true(ps.has_start);
    assert_int_equal(pf_proc_status(getpid(), &st), PF_OK);
    assert_int_equal(st.uid, getuid());
    assert_true(st.switches >= 0);
    assert_int_equal(pf_proc_link(getpid(), "cwd", cwd, sizeof(cwd), NULL), PF_OK);
    assert_non_null(getcwd(here, sizeof(here)));
    assert_string_equal(cwd, here);
    /* reading its own file, this process is in read() */
    assert_int_equal(pf_proc_syscall(getpid(), &nr), PF_OK);
    assert_int_equal(nr, SYS_read);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(stat_comm_is_read_up_to_the_last_parenthesis),
	cmocka_unit_test(stat_without_start_time_says_so),
	cmocka_unit_test(stat_that_does_not_parse_is_einval),
	cmocka_unit_test_setup_teardown(stat_of_a_process_gone_is_enoent,
					setup, teardown),
	cmocka_unit_test_setup_teardown(link_loses_the_deleted_suffix_and_says_so,
					setup, teardown),
	cmocka_unit_test_setup_teardown(status_gives_real_uid_and_context_switches,
					setup, teardown),
	cmocka_unit_test_setup_teardown(syscall_is_the_call_blocked_in_or_running,
					setup, teardown),
	cmocka_unit_test_setup_teardown(getenv_finds_a_whole_name_and_a_value_that_fits,
					setup, teardown),
	cmocka_unit_test_setup_teardown(process_table_is_the_numeric_entries,
					setup, teardown),
	cmocka_unit_test_setup_teardown(children_are_read_from_the_main_thread,
					setup, teardown),
	cmocka_unit_test_setup_teardown(descriptors_are_the_numeric_entries_of_fd,
					setup, teardown),
	cmocka_unit_test_setup_teardown(real_proc_shows_this_process,
					setup, teardown),
    };

    return (cmocka_run_group_tests(tests, NULL, NULL));
}
