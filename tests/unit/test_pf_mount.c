/*++
/* NAME
/*	test_pf_mount 1
/* SUMMARY
/*	unit tests of pf_mount: mountinfo lines, the queue's mount
/* SYNOPSIS
/*	test_pf_mount
/* DESCRIPTION
/*	A mountinfo file written by the test (pf_mount_set_mountinfo())
/*	describes mounts over directories the test creates, so that
/*	realpath() works while the mount table is invented.
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
#include <sys/stat.h>
#include <unistd.h>

#include "pf_mount.h"
#include "pf_rc.h"

static char root[PATH_MAX];
static char info[PATH_MAX + 16];

/* write_info - the invented mount table; each "@" is the test's root */

static void write_info(const char *text)
{
    FILE   *fp = fopen(info, "w");
    const char *cp;

    assert_non_null(fp);
    for (cp = text; *cp; cp++) {
	if (*cp == '@')
	    fputs(root, fp);
	else
	    fputc(*cp, fp);
    }
    fclose(fp);
    pf_mount_set_mountinfo(info);
}

static int setup(void **state)
{
    char    tmpl[] = "/tmp/pfkit-test-mount.XXXXXX";
    char    path[PATH_MAX + 32];

    (void) state;
    if (mkdtemp(tmpl) == NULL || realpath(tmpl, root) == NULL)
	return (-1);
    snprintf(info, sizeof(info), "%s/mountinfo", root);
    snprintf(path, sizeof(path), "%s/mnt", root);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/mnt/queue", root);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/etc", root);
    mkdir(path, 0755);
    return (0);
}

static int teardown(void **state)
{
    char    cmd[PATH_MAX + 16];

    (void) state;
    pf_mount_set_mountinfo(NULL);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return (system(cmd) == 0 ? 0 : -1);
}

static void line_parsed_with_escapes_and_optional_fields(void **state)
{
    pf_mount_t m;

    (void) state;
    assert_int_equal(pf_mount_parse_line("36 35 98:0 /mnt1 /mnt\\040two rw,noatime "
					 "master:1 shared:2 - ext3 /dev/root rw\n",
					 &m), PF_OK);
    assert_int_equal(m.id, 36);
    assert_int_equal(m.major, 98);
    assert_int_equal(m.minor, 0);
    assert_string_equal(m.point, "/mnt two");
    assert_string_equal(m.fstype, "ext3");
}

static void malformed_lines_refused(void **state)
{
    pf_mount_t m;

    (void) state;
    assert_int_equal(pf_mount_parse_line("", &m), PF_EPARSE);
    assert_int_equal(pf_mount_parse_line("36 35 98:0 / /mnt rw", &m), PF_EPARSE);
    assert_int_equal(pf_mount_parse_line("36 35 x / /mnt rw - ext4 /dev/x rw", &m),
		     PF_EPARSE);
    assert_int_equal(pf_mount_parse_line("36 35 8:1 / mnt rw - ext4 /dev/x rw", &m),
		     PF_EPARSE);
}

static void unmounted_mount_point_fails_never_config(void **state)
{
    char    q[PATH_MAX + 16], mp[PATH_MAX + 16], why[512];

    (void) state;
    write_info("1 0 254:0 / / rw - ext4 /dev/vda rw\n");
    snprintf(q, sizeof(q), "%s/mnt/queue", root);
    snprintf(mp, sizeof(mp), "%s/mnt", root);
    assert_int_equal(pf_mount_check_queue(q, mp, why, sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "not mounted on this node"));
    /* not set: not checked */
    assert_int_equal(pf_mount_check_queue(q, "", why, sizeof(why)), PF_OK);
    assert_int_equal(pf_mount_check_queue(q, "mnt", why, sizeof(why)), PF_EARGS);
}

static void queue_on_the_mount_accepted(void **state)
{
    char    q[PATH_MAX + 16], mp[PATH_MAX + 16], why[512];

    (void) state;
    write_info("1 0 254:0 / / rw - ext4 /dev/vda rw\n"
	       "40 1 7:0 / @/mnt rw - xfs /dev/loop0 rw\n");
    snprintf(q, sizeof(q), "%s/mnt/queue", root);
    snprintf(mp, sizeof(mp), "%s/mnt/", root);
    assert_int_equal(pf_mount_check_queue(q, mp, why, sizeof(why)), PF_OK);
}

static void queue_on_another_mount_below_refused(void **state)
{
    char    q[PATH_MAX + 16], mp[PATH_MAX + 16], why[512];

    (void) state;
    write_info("1 0 254:0 / / rw - ext4 /dev/vda rw\n"
	       "40 1 7:0 / @/mnt rw - xfs /dev/loop0 rw\n"
	       "41 40 0:50 / @/mnt/queue rw - tmpfs tmpfs rw\n");
    snprintf(q, sizeof(q), "%s/mnt/queue", root);
    snprintf(mp, sizeof(mp), "%s/mnt", root);
    assert_int_equal(pf_mount_check_queue(q, mp, why, sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "not on queue_mount_point"));
}

static void stacked_mount_last_one_wins(void **state)
{
    char    q[PATH_MAX + 16];
    pf_mount_t m;

    (void) state;
    write_info("1 0 254:0 / / rw - ext4 /dev/vda rw\n"
	       "40 1 7:0 / @/mnt rw - xfs /dev/loop0 rw\n"
	       "41 1 7:1 / @/mnt rw - btrfs /dev/loop1 rw\n");
    snprintf(q, sizeof(q), "%s/mnt/queue", root);
    assert_int_equal(pf_mount_of(q, &m), PF_OK);
    assert_int_equal(m.id, 41);
    assert_string_equal(m.fstype, "btrfs");
}

static void config_shared_only_on_the_queue_filesystem(void **state)
{
    char    q[PATH_MAX + 16], c[PATH_MAX + 16], c2[PATH_MAX + 16];

    (void) state;
    write_info("1 0 254:0 / / rw - ext4 /dev/vda rw\n"
	       "40 1 7:0 / @/mnt rw - xfs /dev/loop0 rw\n");
    snprintf(q, sizeof(q), "%s/mnt/queue", root);
    snprintf(c, sizeof(c), "%s/etc", root);
    snprintf(c2, sizeof(c2), "%s/mnt", root);
    assert_false(pf_mount_config_shared(c, q));
    assert_true(pf_mount_config_shared(c2, q));
    /* cannot tell: node-local, the safe reading */
    assert_false(pf_mount_config_shared("/nonexistent/etc", q));
    pf_mount_set_mountinfo("/nonexistent");
    assert_false(pf_mount_config_shared(c2, q));
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(line_parsed_with_escapes_and_optional_fields),
	cmocka_unit_test(malformed_lines_refused),
	cmocka_unit_test(unmounted_mount_point_fails_never_config),
	cmocka_unit_test(queue_on_the_mount_accepted),
	cmocka_unit_test(queue_on_another_mount_below_refused),
	cmocka_unit_test(stacked_mount_last_one_wins),
	cmocka_unit_test(config_shared_only_on_the_queue_filesystem),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
