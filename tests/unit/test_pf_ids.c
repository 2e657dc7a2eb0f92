/*++
/* NAME
/*	test_pf_ids 1
/* SUMMARY
/*	unit tests of pf_ids: owners, queue ownership, data_directory
/* DESCRIPTION
/*	Queue and data directories are real directories under /tmp, given
/*	real owners with chown() (the tests run as root; as another user
/*	the ownership tests are skipped). getpwnam(), getgrnam() and stat()
/*	are wrapped (-Wl,--wrap=): they pass through unless a test makes a
/*	user or group absent, privileged or renumbered, or stat() fail.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "pf_ids.h"
#include "pf_rc.h"

static char why[512];

/* What the wrapped lookups answer: -1 means "the real one". */
static long fake_uid = -1;
static long fake_ugid = -1;
static long fake_gid = -1;
static int fake_pw_errno;		/* getpwnam() fails with this */
static const char *stat_fail_path;	/* stat() of it fails with EIO */

extern struct passwd *__real_getpwnam(const char *);
extern struct passwd *__wrap_getpwnam(const char *);
extern struct group *__real_getgrnam(const char *);
extern struct group *__wrap_getgrnam(const char *);
extern int __real_stat(const char *, struct stat *);
extern int __wrap_stat(const char *, struct stat *);

/* __wrap_getpwnam - the real entry, renumbered or failing on demand */

struct passwd *__wrap_getpwnam(const char *name)
{
    static struct passwd pw;
    struct passwd *real;

    if (fake_pw_errno) {
	errno = fake_pw_errno;
	return (NULL);
    }
    if ((real = __real_getpwnam(name)) == NULL)
	return (NULL);
    pw = *real;
    if (fake_uid >= 0)
	pw.pw_uid = (uid_t) fake_uid;
    if (fake_ugid >= 0)
	pw.pw_gid = (gid_t) fake_ugid;
    return (&pw);
}

/* __wrap_getgrnam - the real entry, renumbered on demand */

struct group *__wrap_getgrnam(const char *name)
{
    static struct group gr;
    struct group *real;

    if ((real = __real_getgrnam(name)) == NULL)
	return (NULL);
    gr = *real;
    if (fake_gid >= 0)
	gr.gr_gid = (gid_t) fake_gid;
    return (&gr);
}

/* __wrap_stat - fail with EIO for one path */

int     __wrap_stat(const char *path, struct stat *st)
{
    if (stat_fail_path && strcmp(path, stat_fail_path) == 0) {
	errno = EIO;
	return (-1);
    }
    return (__real_stat(path, st));
}

static char tmpdir[PATH_MAX];
static char queue[PATH_MAX + 16];
static char data[PATH_MAX + 16];
static uid_t postfix_uid;
static gid_t postfix_gid;
static gid_t postdrop_gid;

/* mut - a test string where the struct wants char * (never written) */

static char *mut(const char *s)
{
    return ((char *) (uintptr_t) s);
}

/* conf_of - a configuration naming our directories */

static pf_conf_t conf_of(const char *owner, const char *group)
{
    pf_conf_t c;

    memset(&c, 0, sizeof(c));
    c.main_cf = mut("/x/main.cf");
    c.mail_owner = mut(owner);
    c.setgid_group = mut(group);
    c.queue_directory = queue;
    c.data_directory = data;
    return (c);
}

/* mkdir_owned - a directory with owner, group and mode */

static void mkdir_owned(const char *sub, uid_t uid, gid_t gid, mode_t mode)
{
    char    path[PATH_MAX * 2];

    snprintf(path, sizeof(path), "%s/%s", queue, sub);
    assert_int_equal(mkdir(path, mode), 0);
    assert_int_equal(chown(path, uid, gid), 0);
    assert_int_equal(chmod(path, mode), 0);
}

/* setup - a queue laid out as postfix start leaves it */

static int setup(void **state)
{
    struct passwd *pw = getpwnam("postfix");
    struct group *gr = getgrnam("postdrop");
    static const char *const priv[] = {"active", "bounce", "corrupt",
	"defer", "deferred", "flush", "hold", "incoming", "private", "saved",
	"trace"};
    size_t  i;

    fake_uid = fake_ugid = fake_gid = -1;
    fake_pw_errno = 0;
    stat_fail_path = NULL;
    if (geteuid() != 0 || pw == NULL || gr == NULL)
	return (0);
    postfix_uid = pw->pw_uid;
    postfix_gid = pw->pw_gid;
    postdrop_gid = gr->gr_gid;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/pfkit-unit-ids-XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
	return (-1);
    snprintf(queue, sizeof(queue), "%s/queue", tmpdir);
    snprintf(data, sizeof(data), "%s/data", tmpdir);
    if (mkdir(queue, 0755) < 0)
	return (-1);
    for (i = 0; i < sizeof(priv) / sizeof(priv[0]); i++)
	mkdir_owned(priv[i], postfix_uid, 0, 0700);
    mkdir_owned("maildrop", postfix_uid, postdrop_gid, 01730);
    mkdir_owned("public", postfix_uid, postdrop_gid, 02710);
    if (mkdir(data, 0700) < 0 || chown(data, postfix_uid, 0) < 0)
	return (-1);
    return (0);
}

/* teardown - remove the directories */

static int teardown(void **state)
{
    char    path[PATH_MAX * 2];
    static const char *const all[] = {"active", "bounce", "corrupt",
	"defer", "deferred", "flush", "hold", "incoming", "private", "saved",
	"trace", "maildrop", "public"};
    size_t  i;

    if (tmpdir[0] == 0)
	return (0);
    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", queue, all[i]);
	rmdir(path);
    }
    rmdir(queue);
    rmdir(data);
    rmdir(tmpdir);
    tmpdir[0] = 0;
    return (0);
}

#define NEED_ROOT() do { if (tmpdir[0] == 0) { skip(); } } while (0)

static void owners_of_this_node_accepted(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");

    NEED_ROOT();
    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_OK);
}

static void absent_owner_is_install_error(void **state)
{
    pf_conf_t c = conf_of("pfkit-nosuch-user", "postdrop");

    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_EINSTALL);
    assert_string_equal(why, "mail_owner pfkit-nosuch-user: The postfix owner "
			"pfkit-nosuch-user does not exist");
    c = conf_of("", "postdrop");
    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_EINSTALL);
}

static void passwd_lookup_failure_is_install_error(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");

    fake_pw_errno = EIO;
    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "does not exist: Input/output error"));
}

static void absent_group_is_install_error(void **state)
{
    pf_conf_t c = conf_of("postfix", "pfkit-nosuch-group");

    NEED_ROOT();
    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_EINSTALL);
    assert_string_equal(why, "setgid_group pfkit-nosuch-group: The postdrop "
			"group pfkit-nosuch-group does not exist");
}

static void privileged_owner_is_config_error(void **state)
{
    pf_conf_t c = conf_of("root", "postdrop");

    NEED_ROOT();
    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: parameter mail_owner: user "
			"root has privileged user ID");
    c = conf_of("postfix", "postdrop");
    fake_uid = 0;				/* renumbered to 0 */
    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_ECONFIG);
}

static void privileged_group_is_config_error(void **state)
{
    pf_conf_t c = conf_of("postfix", "root");

    NEED_ROOT();
    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: parameter setgid_group: group "
			"root has privileged group ID");
}

static void group_shared_with_owner_is_perm_error(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");

    NEED_ROOT();
    fake_ugid = postdrop_gid;
    assert_int_equal(pf_ids_check_owners(&c, why, sizeof(why)), PF_EPERM);
    assert_non_null(strstr(why, "setgid_group postdrop: has the same group"));
}

static void queue_written_with_our_ids_accepted(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");

    NEED_ROOT();
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_OK);
}

static void queue_missing_is_install_error(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");

    c.queue_directory = mut("/nonexistent/pfkit/queue");
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_EINSTALL);
    assert_string_equal(why, "/nonexistent/pfkit/queue is not found. This "
			"directory must exist on a shared filesystem");
    c.queue_directory = mut("relative/queue");
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_ECONFIG);
}

static void queue_search_by_the_owner_ids_given(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");
    pf_ids_t ids;
    char    expect[PATH_MAX * 2];

    NEED_ROOT();
    assert_int_equal(pf_ids_lookup(&c, &ids, why, sizeof(why)), PF_OK);
    assert_int_equal(ids.uid, postfix_uid);
    assert_int_equal(ids.gid, postdrop_gid);
    /* the queue (root's, 0755) is searchable by others */
    assert_int_equal(pf_ids_check_queue_search(&c, &ids, why, sizeof(why)), PF_OK);
    assert_int_equal(chmod(queue, 0750), 0);
    assert_int_equal(pf_ids_check_queue_search(&c, &ids, why, sizeof(why)), PF_EFAIL);
    snprintf(expect, sizeof(expect), "queue directory %s: mode 750, not searchable "
	     "by mail_owner postfix", queue);
    assert_string_equal(why, expect);
    /* the ids given are used: no lookup of its own */
    ids.uid = 0;
    assert_int_equal(pf_ids_check_queue_search(&c, &ids, why, sizeof(why)), PF_OK);
    /* none given: looked up; an absent owner is check_owners' to say */
    assert_int_equal(pf_ids_check_queue_search(&c, NULL, why, sizeof(why)), PF_EFAIL);
    c.mail_owner = mut("pfkit-no-such-user");
    assert_int_equal(pf_ids_check_queue_search(&c, NULL, why, sizeof(why)), PF_OK);
    assert_int_equal(chmod(queue, 0755), 0);
    c.queue_directory = mut("/nonexistent/pfkit/queue");
    assert_int_equal(pf_ids_check_queue_search(&c, NULL, why, sizeof(why)), PF_EINSTALL);
}

static void postdrop_gid_mismatch_is_perm_error(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");
    char    expect[PATH_MAX * 2];

    NEED_ROOT();
    fake_gid = postdrop_gid + 1000;		/* this node's postdrop */
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_EPERM);
    snprintf(expect, sizeof(expect), "directory %s/maildrop: The postdrop "
	     "group id does not match an attribute of queue directory", queue);
    assert_memory_equal(why, expect, strlen(expect));
}

static void postfix_uid_mismatch_is_perm_error(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");
    char    expect[PATH_MAX * 2];

    NEED_ROOT();
    fake_uid = postfix_uid + 1000;		/* this node's postfix */
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_EPERM);
    snprintf(expect, sizeof(expect), "directory %s/active: postfix id does "
	     "not match between servers", queue);
    assert_memory_equal(why, expect, strlen(expect));
}

static void one_private_dir_wrong_is_found(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");
    char    path[PATH_MAX * 2];

    NEED_ROOT();
    snprintf(path, sizeof(path), "%s/trace", queue);
    assert_int_equal(chown(path, postfix_uid + 1, 0), 0);
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_EPERM);
    assert_non_null(strstr(why, "/trace: postfix id does not match"));
    assert_int_equal(chown(path, postfix_uid, 0), 0);
    /* an absent subdirectory is postfix start's business, not ours */
    assert_int_equal(rmdir(path), 0);
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_OK);
    mkdir_owned("trace", postfix_uid, 0, 0700);
}

static void queue_dir_modes_keep_daemons_out(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");
    char    path[PATH_MAX * 2];

    NEED_ROOT();
    snprintf(path, sizeof(path), "%s/incoming", queue);
    assert_int_equal(chmod(path, 0500), 0);
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "/incoming: mode 0500"));
    assert_int_equal(chmod(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/maildrop", queue);
    assert_int_equal(chmod(path, 0710), 0);	/* postdrop cannot write */
    assert_int_equal(pf_ids_check_queue_modes(&c, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "/maildrop: mode 0710"));
    assert_int_equal(chmod(path, 01730), 0);
    snprintf(path, sizeof(path), "%s/public", queue);
    assert_int_equal(chmod(path, 0700), 0);
    assert_int_equal(pf_ids_check_queue_modes(&c, why, sizeof(why)), PF_EFAIL);
    assert_int_equal(chmod(path, 02710), 0);
    assert_int_equal(pf_ids_check_queue(&c, why, sizeof(why)), PF_OK);
}

/* data_mode - set owner, group and mode of the data directory */

static void data_mode(uid_t uid, gid_t gid, mode_t mode)
{
    assert_int_equal(chown(data, uid, gid), 0);
    assert_int_equal(chmod(data, mode), 0);
}

static void data_dir_writability_from_mode(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");

    NEED_ROOT();
    data_mode(postfix_uid, 0, 0700);
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_OK);
    data_mode(postfix_uid, 0, 0500);
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_EPERM);
    assert_non_null(strstr(why, "not writable by mail_owner postfix"));
    data_mode(0, 0, 0755);
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_EPERM);
    data_mode(0, postfix_gid, 0770);		/* via the primary group */
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_OK);
    data_mode(0, postfix_gid, 0750);
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_EPERM);
    data_mode(0, 0, 01777);			/* like /tmp */
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_OK);
    data_mode(postfix_uid, 0, 0700);
}

static void data_dir_absent_or_unreadable(void **state)
{
    pf_conf_t c = conf_of("postfix", "postdrop");

    c.data_directory = mut("/nonexistent/pfkit/data");
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_OK);
    c.data_directory = mut("/etc/passwd");
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_EPERM);
    assert_non_null(strstr(why, "/etc/passwd: not a directory"));
    c.data_directory = mut("/etc");
    stat_fail_path = "/etc";
    assert_int_equal(pf_ids_check_data_dir(&c, why, sizeof(why)), PF_EPERM);
    assert_string_equal(why, "directory /etc: Input/output error");
    stat_fail_path = NULL;
}

/* reset - undo the fakes after each test */

static int reset(void **state)
{
    fake_uid = fake_ugid = fake_gid = -1;
    fake_pw_errno = 0;
    stat_fail_path = NULL;
    return (0);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test_teardown(owners_of_this_node_accepted, reset),
	cmocka_unit_test_teardown(queue_dir_modes_keep_daemons_out, reset),
	cmocka_unit_test_teardown(absent_owner_is_install_error, reset),
	cmocka_unit_test_teardown(passwd_lookup_failure_is_install_error, reset),
	cmocka_unit_test_teardown(absent_group_is_install_error, reset),
	cmocka_unit_test_teardown(privileged_owner_is_config_error, reset),
	cmocka_unit_test_teardown(privileged_group_is_config_error, reset),
	cmocka_unit_test_teardown(group_shared_with_owner_is_perm_error, reset),
	cmocka_unit_test_teardown(queue_written_with_our_ids_accepted, reset),
	cmocka_unit_test_teardown(queue_missing_is_install_error, reset),
	cmocka_unit_test_teardown(queue_search_by_the_owner_ids_given, reset),
	cmocka_unit_test_teardown(postdrop_gid_mismatch_is_perm_error, reset),
	cmocka_unit_test_teardown(postfix_uid_mismatch_is_perm_error, reset),
	cmocka_unit_test_teardown(one_private_dir_wrong_is_found, reset),
	cmocka_unit_test_teardown(data_dir_writability_from_mode, reset),
	cmocka_unit_test_teardown(data_dir_absent_or_unreadable, reset),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
