/*++
/* NAME
/*	test_pf_rules 1
/* SUMMARY
/*	unit tests of the rules kept once in common/
/* SYNOPSIS
/*	test_pf_rules
/* DESCRIPTION
/*	pf_decimal_parse(), pf_file_open(), pf_file_open_under(),
/*	pf_file_read(), pf_file_check_exec(), pf_conf_dir(),
/*	pf_conf_dir_normalize() and pf_conf_check_dir_arg(): each rule
/*	that several actions apply lives in one function; these are its
/*	cases. The opens meet a symbolic link, a FIFO, a directory, a
/*	socket and /dev/null where another type is wanted; alarm() turns
/*	an open that would block into a failed test.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "pf_conf.h"
#include "pf_decimal.h"
#include "pf_file.h"
#include "pf_proc.h"
#include "pf_rc.h"

static void decimal_digits_only(void **state)
{
    long long v = 42;

    (void) state;
    assert_int_equal(pf_decimal_parse("0", &v), PF_OK);
    assert_int_equal(v, 0);
    assert_int_equal(pf_decimal_parse("20000", &v), PF_OK);
    assert_int_equal(v, 20000);
    assert_int_equal(pf_decimal_parse("99999999999999999999999", &v), PF_OK);
    assert_true(v == LLONG_MAX);		/* saturates: callers clamp */
    v = 7;
    assert_int_equal(pf_decimal_parse(NULL, &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse(" 1", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("1 ", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("+1", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("-1", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("0x10", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("10s", &v), PF_EPARSE);
    assert_int_equal(v, 7);			/* untouched on failure */
}

static void file_read_whole_regular_files_only(void **state)
{
    char    path[] = "/tmp/pfkit-test-rules.XXXXXX";
    char   *data;
    size_t  len;
    int     fd;

    (void) state;
    assert_true((fd = mkstemp(path)) >= 0);
    assert_int_equal(write(fd, "a = b\n", 6), 6);
    close(fd);
    assert_int_equal(pf_file_read(path, &data, &len, NULL, true), PF_OK);
    assert_int_equal(len, 6);
    assert_string_equal(data, "a = b\n");
    free(data);
    unlink(path);
    assert_int_equal(pf_file_read(path, &data, &len, NULL, false), ENOENT);
    assert_null(data);
    assert_int_equal(pf_file_read("/tmp", &data, &len, NULL, false), EISDIR);
    assert_int_equal(pf_file_read("/dev/null", &data, &len, NULL, false), EINVAL);
}

/* The tree of the open tests: what another user may leave under a directory. */
#define TREE_TEMPLATE	"/tmp/pfkit-test-open.XXXXXX"
static char tree[sizeof(TREE_TEMPLATE)];

/* at - a path under the tree */

static const char *at(const char *name)
{
    static char path[4][PATH_MAX];
    static int n;

    n = (n + 1) % 4;
    snprintf(path[n], sizeof(path[n]), "%s/%s", tree, name);
    return (path[n]);
}

static int tree_setup(void **state)
{
    int     fd;

    (void) state;
    memcpy(tree, TREE_TEMPLATE, sizeof(tree));
    if (mkdtemp(tree) == NULL)
	return (-1);
    /* dir/file (regular), dir/fifo, dir/link -> file, dir/sub/ */
    if (mkdir(at("dir"), 0755) < 0 || mkdir(at("dir/sub"), 0755) < 0
	|| mkdir(at("outside"), 0755) < 0
	|| (fd = open(at("dir/file"), O_WRONLY | O_CREAT, 0644)) < 0)
	return (-1);
    if (write(fd, "root's\n", 7) != 7 || close(fd) < 0)
	return (-1);
    if (mkfifo(at("dir/fifo"), 0600) < 0
	|| symlink(at("dir/file"), at("dir/link")) < 0
	|| symlink(at("outside"), at("dir/sublink")) < 0
	|| symlink("/dev/null", at("dir/devlink")) < 0)
	return (-1);
    /* a test that blocks in an open ends here, failed, not hung */
    alarm(20);
    return (0);
}

static int tree_teardown(void **state)
{
    char    cmd[PATH_MAX];

    (void) state;
    alarm(0);
    pf_proc_set_root(NULL);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
    return (system(cmd) == 0 ? 0 : -1);
}

static void open_refuses_fifo_where_file_wanted_without_blocking(void **state)
{
    struct stat st;
    char   *data;
    size_t  len;
    int     fd;

    (void) state;
    /* nobody writes to it: an open for reading would wait for ever */
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/fifo"), O_RDONLY, S_IFREG,
				  &fd, &st), EINVAL);
    assert_int_equal(fd, -1);
    assert_true(S_ISFIFO(st.st_mode));
    assert_string_equal(pf_file_type(st.st_mode), "a FIFO");
    /* main.cf a FIFO: refused, the type handed back for the reason */
    assert_int_equal(pf_file_read(at("dir/fifo"), &data, &len, &st, false), EINVAL);
    assert_null(data);
    assert_true(S_ISFIFO(st.st_mode));
}

static void open_refuses_device_and_directory_where_file_wanted(void **state)
{
    struct stat st;
    int     fd;

    (void) state;
    assert_int_equal(pf_file_open(AT_FDCWD, "/dev/null", O_RDONLY, S_IFREG,
				  &fd, &st), EINVAL);
    assert_string_equal(pf_file_type(st.st_mode), "a character device");
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir"), O_RDONLY, S_IFREG,
				  &fd, &st), EISDIR);
    assert_string_equal(pf_file_type(st.st_mode), "a directory");
    assert_int_equal(fd, -1);
    /* a link to a device, where links may be followed: still a device */
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/devlink"), O_RDONLY,
				  S_IFREG, &fd, &st), EINVAL);
    assert_true(S_ISCHR(st.st_mode));
}

static void open_follows_link_only_when_allowed(void **state)
{
    struct stat st;
    char    buf[16];
    int     fd;

    (void) state;
    /* main.cf may be a link in root's config directory */
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/link"), O_RDONLY, S_IFREG,
				  &fd, &st), PF_OK);
    assert_int_equal(read(fd, buf, sizeof(buf)), 7);
    /* the open's O_NONBLOCK is not left on the descriptor */
    assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    close(fd);
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/link"), O_RDONLY | O_NOFOLLOW,
				  S_IFREG, &fd, &st), ELOOP);
    assert_string_equal(pf_file_type(st.st_mode), "a symbolic link");
    assert_int_equal(fd, -1);
}

static void open_under_follows_no_link_anywhere(void **state)
{
    struct stat st;
    int     dfd, fd;

    (void) state;
    assert_true((dfd = open(tree, O_RDONLY | O_DIRECTORY)) >= 0);
    assert_int_equal(pf_file_open_under(dfd, "dir/file", O_RDONLY, S_IFREG,
					&fd, &st), PF_OK);
    close(fd);
    assert_int_equal(pf_file_open_under(dfd, "dir//./file", O_RDONLY, S_IFREG,
					&fd, &st), PF_OK);
    close(fd);
    /* the last component a link to root's file: refused, never opened */
    assert_int_equal(pf_file_open_under(dfd, "dir/link", O_WRONLY | O_NONBLOCK,
					S_IFIFO, &fd, &st), ELOOP);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(pf_file_open_under(dfd, "dir/link", O_RDONLY, S_IFREG,
					&fd, &st), ELOOP);
    /* a link on the way: refused too */
    assert_int_equal(pf_file_open_under(dfd, "dir/sublink/x", O_RDONLY,
					S_IFREG, &fd, &st), ELOOP);
    /* a link where a directory is wanted */
    assert_int_equal(pf_file_open_under(dfd, "dir/sublink", O_RDONLY, S_IFDIR,
					&fd, &st), ELOOP);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(pf_file_open_under(dfd, "dir/file", O_RDONLY, S_IFDIR,
					&fd, &st), ENOTDIR);
    assert_int_equal(pf_file_open_under(dfd, "dir/sub", O_RDONLY, S_IFDIR,
					&fd, &st), PF_OK);
    assert_true(S_ISDIR(st.st_mode));
    close(fd);
    /* out of the directory, or no name */
    assert_int_equal(pf_file_open_under(dfd, "dir/../dir/file", O_RDONLY,
					S_IFREG, &fd, &st), EINVAL);
    assert_int_equal(pf_file_open_under(dfd, "..", O_RDONLY, S_IFDIR, &fd,
					&st), EINVAL);
    assert_int_equal(pf_file_open_under(dfd, "/etc/passwd", O_RDONLY, S_IFREG,
					&fd, &st), EINVAL);
    assert_int_equal(pf_file_open_under(dfd, "dir/", O_RDONLY, S_IFREG, &fd,
					&st), EINVAL);
    assert_int_equal(pf_file_open_under(dfd, "dir/none", O_RDONLY, S_IFREG,
					&fd, &st), ENOENT);
    close(dfd);
}

static void open_fifo_when_a_fifo_is_wanted(void **state)
{
    struct stat st;
    char    c = 0;
    int     rfd, fd;

    (void) state;
    /* no reader: the non-blocking open for writing says so at once */
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/fifo"), O_WRONLY | O_NONBLOCK,
				  S_IFIFO, &fd, &st), ENXIO);
    assert_true((rfd = open(at("dir/fifo"), O_RDONLY | O_NONBLOCK)) >= 0);
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/fifo"), O_WRONLY | O_NONBLOCK,
				  S_IFIFO, &fd, &st), PF_OK);
    assert_int_not_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    assert_int_equal(write(fd, "W", 1), 1);
    assert_int_equal(read(rfd, &c, 1), 1);
    assert_int_equal(c, 'W');
    close(fd);
    close(rfd);
}

static void open_socket_by_path_descriptor(void **state)
{
    struct sockaddr_un sun;
    struct stat st;
    int     lfd, fd, cfd;

    (void) state;
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", at("dir/sock"));
    assert_true((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
    assert_int_equal(bind(lfd, (struct sockaddr *) &sun, sizeof(sun)), 0);
    assert_int_equal(listen(lfd, 1), 0);
    /* a socket cannot be opened: its O_PATH descriptor, for connect() */
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/sock"), O_PATH, S_IFSOCK,
				  &fd, &st), PF_OK);
    pf_file_fd_path(fd, sun.sun_path, sizeof(sun.sun_path));
    assert_true((cfd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
    assert_int_equal(connect(cfd, (struct sockaddr *) &sun, sizeof(sun)), 0);
    close(cfd);
    close(fd);
    /* a socket where a regular file is wanted */
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/sock"), O_RDONLY, S_IFREG,
				  &fd, &st), EINVAL);
    assert_string_equal(pf_file_type(st.st_mode), "a socket");
    close(lfd);
}

static void open_without_proc_checks_the_name_again(void **state)
{
    struct stat st;
    char    buf[16];
    int     fd;

    (void) state;
    /* no /proc/self/fd to reopen through: the name, compared by inode */
    pf_proc_set_root(at("no-proc"));
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/link"), O_RDONLY, S_IFREG,
				  &fd, &st), PF_OK);
    assert_int_equal(read(fd, buf, sizeof(buf)), 7);
    close(fd);
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/fifo"), O_RDONLY, S_IFREG,
				  &fd, &st), EINVAL);
    assert_int_equal(pf_file_open(AT_FDCWD, at("dir/link"), O_RDONLY | O_NOFOLLOW,
				  S_IFREG, &fd, &st), ELOOP);
}

/* fill_fail - a fill that fails half way */

static int fill_fail(int fd, void *ctx)
{
    (void) ctx;
    return (write(fd, "part", 4) == 4 ? ENOSPC : EIO);
}

static void replace_is_whole_or_nothing(void **state)
{
    char    dir[] = "/tmp/pfkit-unit-XXXXXX";
    char    path[PATH_MAX], missing[PATH_MAX];
    const char *step = NULL;
    char   *data;
    size_t  len;
    struct stat st;
    DIR    *d;
    struct dirent *e;
    int     n = 0;
    mode_t  um;

    (void) state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/f", dir);
    assert_int_equal(pf_file_write_atomic(path, 0600, "old\n", 4, &step), 0);
    assert_int_equal(pf_file_read(path, &data, &len, &st, true), PF_OK);
    assert_string_equal(data, "old\n");
    um = umask(0);
    (void) umask(um);
    assert_int_equal(st.st_mode & 0777, 0600 & ~um);
    free(data);
    /* a fill that fails: the old content stays, no temporary file */
    assert_int_equal(pf_file_replace(path, 0600, fill_fail, NULL, &step),
		     ENOSPC);
    assert_string_equal(step, "write");
    assert_int_equal(pf_file_read(path, &data, &len, NULL, true), PF_OK);
    assert_string_equal(data, "old\n");
    free(data);
    assert_non_null(d = opendir(dir));
    while ((e = readdir(d)) != NULL)
	n += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(n, 1);
    /* no directory: the temporary file cannot be created */
    snprintf(missing, sizeof(missing), "%s/no/f", dir);
    assert_int_equal(pf_file_write_atomic(missing, 0600, "x", 1, &step),
		     ENOENT);
    assert_string_equal(step, "create");
    /* a note (no fsync): the same whole replacement, nothing else left */
    assert_int_equal(pf_file_write_note(path, 0600, "note\n", 5, &step), 0);
    assert_int_equal(pf_file_read(path, &data, &len, NULL, true), PF_OK);
    assert_string_equal(data, "note\n");
    free(data);
    n = 0;
    assert_non_null(d = opendir(dir));
    while ((e = readdir(d)) != NULL)
	n += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(n, 1);
    unlink(path);
    rmdir(dir);
}

static void exec_rule_and_its_message(void **state)
{
    char    why[256];

    (void) state;
    assert_int_equal(pf_file_check_exec("/bin/sh", why, sizeof(why)), PF_OK);
    /* root may "execute" a directory by access(2): not a command */
    assert_int_equal(pf_file_check_exec("/tmp", why, sizeof(why)), PF_EINSTALL);
    assert_string_equal(why, "/tmp: Execute files (postfix or postconf command) "
			"is not an executable file");
    assert_int_equal(pf_file_check_exec("bin/sh", why, sizeof(why)), PF_EINSTALL);
    assert_int_equal(pf_file_check_exec("/etc/passwd", why, sizeof(why)), PF_EINSTALL);
    assert_int_equal(pf_file_check_exec(NULL, why, sizeof(why)), PF_EINSTALL);
    assert_false(pf_file_executable("/nonexistent/postfix"));
}

static void config_dir_default_and_absolute(void **state)
{
    char    why[256];

    (void) state;
    assert_string_equal(pf_conf_dir(NULL), "/etc/postfix");
    assert_string_equal(pf_conf_dir(""), PF_CONF_DEFAULT_DIR);
    assert_string_equal(pf_conf_dir("/etc/postfix-a"), "/etc/postfix-a");
    assert_int_equal(pf_conf_check_dir_arg(NULL, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("", why, sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("/etc/x", why, sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("etc/x", why, sizeof(why)), PF_EARGS);
    assert_string_equal(why, "config_dir etc/x: not an absolute path");
}

/* normalized - pf_conf_dir_normalize() of a copy of in */

static const char *normalized(const char *in)
{
    static char buf[256];

    snprintf(buf, sizeof(buf), "%s", in);
    return (pf_conf_dir_normalize(buf));
}

static void config_dir_one_spelling(void **state)
{
    (void) state;
    assert_null(pf_conf_dir_normalize(NULL));
    assert_string_equal(normalized(""), "");
    assert_string_equal(normalized("/etc/postfix-a"), "/etc/postfix-a");
    assert_string_equal(normalized("/etc/postfix-a/"), "/etc/postfix-a");
    assert_string_equal(normalized("/etc/postfix-a///"), "/etc/postfix-a");
    assert_string_equal(normalized("//etc//postfix-a"), "/etc/postfix-a");
    assert_string_equal(normalized("/etc/postfix/"), PF_CONF_DEFAULT_DIR);
    assert_string_equal(pf_conf_dir(normalized("/etc/postfix//")),
			PF_CONF_DEFAULT_DIR);
    assert_string_equal(normalized("/"), "/");
    assert_string_equal(normalized("///"), "/");
    /* not resolved: dots and relative paths are left to the rule */
    assert_string_equal(normalized("/etc/./postfix/"), "/etc/./postfix");
    assert_string_equal(normalized("etc//x/"), "etc/x");
    assert_string_equal(normalized("/etc/.postfix/"), "/etc/.postfix");
}

static void config_dir_dot_components_refused(void **state)
{
    char    why[256];

    (void) state;
    assert_int_equal(pf_conf_check_dir_arg("/etc/./postfix", why,
					   sizeof(why)), PF_EARGS);
    assert_string_equal(why, "config_dir /etc/./postfix: a \".\" component: "
			"Postfix compares the spelling; write the directory "
			"without it");
    assert_int_equal(pf_conf_check_dir_arg("/etc/x/..", why, sizeof(why)),
		     PF_EARGS);
    assert_non_null(strstr(why, "a \"..\" component"));
    assert_int_equal(pf_conf_check_dir_arg("/.", why, sizeof(why)), PF_EARGS);
    /* dots inside a name are not components */
    assert_int_equal(pf_conf_check_dir_arg("/etc/.postfix", why, sizeof(why)),
		     PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("/etc/postfix..a/...", why,
					   sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("/", why, sizeof(why)), PF_OK);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(decimal_digits_only),
	cmocka_unit_test(file_read_whole_regular_files_only),
	cmocka_unit_test_setup_teardown(open_refuses_fifo_where_file_wanted_without_blocking,
					tree_setup, tree_teardown),
	cmocka_unit_test_setup_teardown(open_refuses_device_and_directory_where_file_wanted,
					tree_setup, tree_teardown),
	cmocka_unit_test_setup_teardown(open_follows_link_only_when_allowed,
					tree_setup, tree_teardown),
	cmocka_unit_test_setup_teardown(open_under_follows_no_link_anywhere,
					tree_setup, tree_teardown),
	cmocka_unit_test_setup_teardown(open_fifo_when_a_fifo_is_wanted,
					tree_setup, tree_teardown),
	cmocka_unit_test_setup_teardown(open_socket_by_path_descriptor,
					tree_setup, tree_teardown),
	cmocka_unit_test_setup_teardown(open_without_proc_checks_the_name_again,
					tree_setup, tree_teardown),
	cmocka_unit_test(replace_is_whole_or_nothing),
	cmocka_unit_test(exec_rule_and_its_message),
	cmocka_unit_test(config_dir_default_and_absolute),
	cmocka_unit_test(config_dir_one_spelling),
	cmocka_unit_test(config_dir_dot_components_refused),
    };

    return (cmocka_run_group_tests_name("pf_rules", tests, NULL, NULL));
}
