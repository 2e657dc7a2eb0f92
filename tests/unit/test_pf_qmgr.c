/*++
/* NAME
/*	test_pf_qmgr 1
/* SUMMARY
/*	unit tests of pf_qmgr: the master's queue manager, from /proc
/* DESCRIPTION
/*	A fake /proc tree (pf_proc_set_root()) holds a master (pid
/*	100) and its children, whose exe links point into a fake daemon
/*	directory, and "self", the real /proc/self, through which pf_file
/*	reopens what it checked. The wakeup goes to a real unix socket the test listens
/*	on in a fake queue directory, or to a real FIFO; a symbolic link
/*	or a regular file put in their place (public/ is mail_owner's) is
/*	never written to, and a link to a listening socket elsewhere is
/*	never connected to.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "pf_conf.h"
#include "pf_qmgr.h"
#include "pf_proc.h"
#include "pf_rc.h"

static char root[64];			/* the test's directory */
static char proc[PATH_MAX];		/* fake /proc */
static char daemons[PATH_MAX];		/* fake daemon_directory */
static char queue[PATH_MAX];		/* fake queue_directory */

/* mut - a test string where the struct wants char * (never written) */

static char *mut(const char *s)
{
    return ((char *) (uintptr_t) s);
}

/* put - write a file under the test's tree */

static void put(const char *path, const char *text)
{
    FILE   *fp = fopen(path, "w");

    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* fake_proc - one fake process: stat line and exe link */

static void fake_proc(long pid, const char *comm, char state, long ppid,
		              const char *exe)
{
    char    path[PATH_MAX + 64];
    char    text[256];

    snprintf(path, sizeof(path), "%s/%ld", proc, pid);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/%ld/stat", proc, pid);
    snprintf(text, sizeof(text), "%ld (%s) %c %ld 100 100 0 -1\n", pid, comm,
	     state, ppid);
    put(path, text);
    if (exe != NULL) {
	snprintf(path, sizeof(path), "%s/%ld/exe", proc, pid);
	unlink(path);
	assert_int_equal(symlink(exe, path), 0);
    }
}

/* children - the master's children file ("" removes it) */

static void children(const char *list)
{
    char    path[PATH_MAX + 64];

    snprintf(path, sizeof(path), "%s/100/task", proc);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/100/task/100", proc);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/100/task/100/children", proc);
    if (list == NULL)
	unlink(path);
    else
	put(path, list);
}

/* conf_of - a configuration with a qmgr service */

static pf_conf_t conf_of(const char *command, const char *disable)
{
    pf_conf_t c;

    memset(&c, 0, sizeof(c));
    c.daemon_directory = daemons;
    c.queue_directory = queue;
    c.master_service_disable = mut(disable);
    c.qmgr_name = mut("qmgr");
    c.qmgr_type = mut("unix");
    c.qmgr_command = mut(command);
    return (c);
}

static int setup(void **state)
{
    char    path[PATH_MAX + 64];

    snprintf(root, sizeof(root), "/tmp/pfkit-qmgr-XXXXXX");
    assert_non_null(mkdtemp(root));
    snprintf(proc, sizeof(proc), "%s/proc", root);
    snprintf(daemons, sizeof(daemons), "%s/libexec", root);
    snprintf(queue, sizeof(queue), "%s/queue", root);
    mkdir(proc, 0755);
    mkdir(daemons, 0755);
    mkdir(queue, 0755);
    snprintf(path, sizeof(path), "%s/public", queue);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/qmgr", daemons);
    put(path, "");
    snprintf(path, sizeof(path), "%s/pickup", daemons);
    put(path, "");
    pf_proc_set_root(proc);
    /* the one /proc root is pf_file's too: its reopen through self/fd */
    snprintf(path, sizeof(path), "%s/self", proc);
    assert_int_equal(symlink("/proc/self", path), 0);
    fake_proc(100, "master", 'S', 1, NULL);
    return (0);
}

static int teardown(void **state)
{
    char    cmd[PATH_MAX + 16];

    pf_proc_set_root(NULL);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
    return (0);
}

static void found_among_children(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);
    char    exe[PATH_MAX + 16];
    pid_t   pid;

    snprintf(exe, sizeof(exe), "%s/pickup", daemons);
    fake_proc(101, "pickup", 'S', 100, exe);
    snprintf(exe, sizeof(exe), "%s/qmgr", daemons);
    fake_proc(102, "qmgr", 'S', 100, exe);
    children("101 102\n");
    assert_int_equal(pf_qmgr_find(&c, 100, &pid), PF_OK);
    assert_int_equal(pid, 102);
    /* a replaced binary (package upgrade) is still that qmgr */
    snprintf(exe, sizeof(exe), "%s/qmgr (deleted)", daemons);
    fake_proc(102, "qmgr", 'S', 100, exe);
    assert_int_equal(pf_qmgr_find(&c, 100, &pid), PF_OK);
    /* another master's child, or not a master at all */
    assert_int_equal(pf_qmgr_find(&c, 99, &pid), PF_ENOTRUNNING);
    assert_int_equal(pf_qmgr_find(&c, 0, &pid), PF_ENOTRUNNING);
}

static void dead_or_foreign_qmgr_not_counted(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);
    char    exe[PATH_MAX + 16];

    /* a zombie qmgr, and a "qmgr" that runs another binary */
    snprintf(exe, sizeof(exe), "%s/qmgr", daemons);
    fake_proc(102, "qmgr", 'Z', 100, exe);
    fake_proc(103, "qmgr", 'S', 100, "/usr/local/bin/qmgr");
    children("102 103\n");
    assert_int_equal(pf_qmgr_find(&c, 100, NULL), PF_ENOTRUNNING);
    /* the command as master.cf names it: oqmgr is not qmgr */
    c = conf_of("oqmgr", NULL);
    fake_proc(102, "qmgr", 'S', 100, exe);
    assert_int_equal(pf_qmgr_find(&c, 100, NULL), PF_ENOTRUNNING);
}

static void scan_without_children_file(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);
    char    exe[PATH_MAX + 16];
    pid_t   pid;

    snprintf(exe, sizeof(exe), "%s/qmgr", daemons);
    fake_proc(104, "qmgr", 'S', 100, exe);
    children(NULL);
    assert_int_equal(pf_qmgr_find(&c, 100, &pid), PF_OK);
    assert_int_equal(pid, 104);
}

static void expected_unless_absent_or_disabled(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);

    assert_true(pf_qmgr_expected(&c));
    c = conf_of("qmgr", "inet");		/* postmulti -e create */
    assert_true(pf_qmgr_expected(&c));
    c = conf_of("qmgr", "!pickup/unix, unix");
    assert_false(pf_qmgr_expected(&c));
    c = conf_of("qmgr", "qmgr/unix");
    assert_false(pf_qmgr_expected(&c));
    c.qmgr_name = NULL;
    assert_false(pf_qmgr_expected(&c));
}

static void check_wakes_missing_qmgr_then_fails(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);
    struct sockaddr_un sun;
    char    why[512];
    char    got = 0;
    int     lfd;
    int     fd;

    /* the master's listening socket for the qmgr service */
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    assert_true(strlen(queue) + sizeof("/public/qmgr") <= sizeof(sun.sun_path));
    memcpy(sun.sun_path, queue, strlen(queue));
    memcpy(sun.sun_path + strlen(queue), "/public/qmgr", sizeof("/public/qmgr"));
    lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(lfd >= 0);
    assert_int_equal(bind(lfd, (struct sockaddr *) &sun, sizeof(sun)), 0);
    assert_int_equal(listen(lfd, 5), 0);
    children("\n");
    why[0] = 0;
    assert_int_equal(pf_qmgr_check(&c, 100, pf_deadline_after(200), why,
				   sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "queue manager (service qmgr/unix) not "
			   "running under master pid 100"));
    /* it was woken as postqueue -f does */
    fd = accept(lfd, NULL, NULL);
    assert_true(fd >= 0);
    assert_int_equal(read(fd, &got, 1), 1);
    assert_int_equal(got, 'W');
    close(fd);
    close(lfd);
}

/* listen_at - a listening unix socket at path */

static int listen_at(const char *path)
{
    struct sockaddr_un sun;
    int     lfd;

    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    assert_true(strlen(path) < sizeof(sun.sun_path));
    memcpy(sun.sun_path, path, strlen(path) + 1);
    lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    assert_true(lfd >= 0);
    assert_int_equal(bind(lfd, (struct sockaddr *) &sun, sizeof(sun)), 0);
    assert_int_equal(listen(lfd, 5), 0);
    return (lfd);
}

/* file_text - a small file's content ("" if absent) */

static const char *file_text(const char *path)
{
    static char buf[64];
    ssize_t n;
    int     fd;

    buf[0] = 0;
    if ((fd = open(path, O_RDONLY)) < 0)
	return (buf);
    n = read(fd, buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    close(fd);
    return (buf);
}

static void fifo_service_woken_through_its_fifo(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);
    char    path[PATH_MAX + 16];
    char    why[512];
    char    got = 0;
    int     rfd;

    c.qmgr_type = mut("fifo");
    snprintf(path, sizeof(path), "%s/public/qmgr", queue);
    assert_int_equal(mkfifo(path, 0622), 0);
    /* the master holds the reading end */
    rfd = open(path, O_RDONLY | O_NONBLOCK);
    assert_true(rfd >= 0);
    children("\n");
    assert_int_equal(pf_qmgr_check(&c, 100, pf_deadline_after(200), why,
				   sizeof(why)), PF_EFAIL);
    assert_int_equal(read(rfd, &got, 1), 1);
    assert_int_equal(got, 'W');
    close(rfd);
}

static void link_in_public_never_written_to(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);
    char    path[PATH_MAX + 16], target[PATH_MAX + 16];
    char    why[512];

    /* mail_owner swapped a link to a file of root's for the FIFO */
    c.qmgr_type = mut("fifo");
    snprintf(target, sizeof(target), "%s/roots-file", root);
    put(target, "root's\n");
    snprintf(path, sizeof(path), "%s/public/qmgr", queue);
    assert_int_equal(symlink(target, path), 0);
    children("\n");
    assert_int_equal(pf_qmgr_check(&c, 100, pf_deadline_after(200), why,
				   sizeof(why)), PF_EFAIL);
    assert_string_equal(file_text(target), "root's\n");
    /* or a regular file in its place */
    assert_int_equal(unlink(path), 0);
    put(path, "");
    assert_int_equal(pf_qmgr_check(&c, 100, pf_deadline_after(200), why,
				   sizeof(why)), PF_EFAIL);
    assert_string_equal(file_text(path), "");
}

static void link_to_another_socket_never_connected(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);
    char    path[PATH_MAX + 16], target[PATH_MAX + 16];
    char    why[512];
    int     lfd;

    /* a unix service: public/qmgr a link to some root daemon's socket */
    snprintf(target, sizeof(target), "%s/daemon.sock", root);
    lfd = listen_at(target);
    snprintf(path, sizeof(path), "%s/public/qmgr", queue);
    assert_int_equal(symlink(target, path), 0);
    children("\n");
    assert_int_equal(pf_qmgr_check(&c, 100, pf_deadline_after(200), why,
				   sizeof(why)), PF_EFAIL);
    assert_int_equal(accept(lfd, NULL, NULL), -1);
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
    close(lfd);
}

static void check_passes_when_running_or_none_expected(void **state)
{
    pf_conf_t c = conf_of("qmgr", NULL);
    char    exe[PATH_MAX + 16];
    char    why[512];

    snprintf(exe, sizeof(exe), "%s/qmgr", daemons);
    fake_proc(102, "qmgr", 'S', 100, exe);
    children("102\n");
    assert_int_equal(pf_qmgr_check(&c, 100, pf_deadline_after(200), why,
				   sizeof(why)), PF_OK);
    children("\n");
    c = conf_of("qmgr", "unix");		/* no queue manager: none due */
    assert_int_equal(pf_qmgr_check(&c, 100, pf_deadline_after(200), why,
				   sizeof(why)), PF_OK);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(found_among_children, setup, teardown),
	cmocka_unit_test_setup_teardown(dead_or_foreign_qmgr_not_counted, setup,
					teardown),
	cmocka_unit_test_setup_teardown(scan_without_children_file, setup,
					teardown),
	cmocka_unit_test_setup_teardown(expected_unless_absent_or_disabled,
					setup, teardown),
	cmocka_unit_test_setup_teardown(check_wakes_missing_qmgr_then_fails,
					setup, teardown),
	cmocka_unit_test_setup_teardown(fifo_service_woken_through_its_fifo,
					setup, teardown),
	cmocka_unit_test_setup_teardown(link_in_public_never_written_to,
					setup, teardown),
	cmocka_unit_test_setup_teardown(link_to_another_socket_never_connected,
					setup, teardown),
	cmocka_unit_test_setup_teardown(check_passes_when_running_or_none_expected,
					setup, teardown),
    };

    return (cmocka_run_group_tests(tests, NULL, NULL));
}
