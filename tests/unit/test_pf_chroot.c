/*++
/* NAME
/*	test_pf_chroot 1
/* SUMMARY
/*	unit tests: which chroot copies of /etc files are stale
/* DESCRIPTION
/*	A fake root (etc/ with the files Debian copies) and a fake queue
/*	directory with their copies, in a temporary directory. A copy that
/*	differs, is missing, or is a link (never followed, even to a file
/*	with the same content) is stale; a source that is a link is
/*	followed; a source that is absent or not a regular file is not
/*	compared; past the first MiB only the size counts. Whether a
/*	service runs chrooted, from master.cf's chroot column and the
/*	compatibility level.
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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_chroot.h"
#include "pf_rc.h"

static char top[] = "/tmp/pfkit-chroot-XXXXXX";
static char root[PATH_MAX], queue[PATH_MAX];

/* run - a shell command on the test tree */

static void run(const char *fmt,...)
{
    char    cmd[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    assert_int_equal(system(cmd), 0);
}

/* put - write text to dir/rel */

static void put(const char *dir, const char *rel, const char *text)
{
    char    path[PATH_MAX];
    FILE   *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    assert_non_null(fp = fopen(path, "w"));
    fputs(text, fp);
    fclose(fp);
}

/* fresh - every listed file under root, copied into the queue */

static int fresh(void **state)
{
    int     i;

    run("rm -rf '%s' '%s' && mkdir -p '%s/etc' '%s/etc'", root, queue, root,
	queue);
    for (i = 0; pf_chroot_files[i] != NULL; i++) {
	put(root, pf_chroot_files[i], pf_chroot_files[i]);
	put(queue, pf_chroot_files[i], pf_chroot_files[i]);
    }
    return (0);
}

static int setup(void **state)
{
    if (mkdtemp(top) == NULL)
	return (-1);
    snprintf(root, sizeof(root), "%s/root", top);
    snprintf(queue, sizeof(queue), "%s/queue", top);
    return (0);
}

static int teardown(void **state)
{
    char    cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
    return (system(cmd) == 0 ? 0 : -1);
}

/* stale - pf_chroot_stale() on the tree, which must succeed */

static int stale(char *names, size_t len)
{
    int     count = -1;

    assert_int_equal(pf_chroot_stale(queue, root, names, len, &count), PF_OK);
    return (count);
}

static void list_is_debians_configure_instance(void **state)
{
    static const char *const want[] = {
	"etc/localtime", "etc/services", "etc/resolv.conf", "etc/hosts",
	"etc/host.conf", "etc/nsswitch.conf", "etc/nss_mdns.config",
    };
    size_t  i;

    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
	assert_string_equal(pf_chroot_files[i], want[i]);
    assert_null(pf_chroot_files[i]);
}

static void current_copies_are_not_stale(void **state)
{
    char    names[200];

    assert_int_equal(stale(names, sizeof(names)), 0);
    assert_string_equal(names, "");
}

static void changed_source_makes_its_copy_stale(void **state)
{
    char    names[200];

    /* same size, other bytes: the content is compared */
    put(root, "etc/resolv.conf", "etc/resolv.conX");
    put(root, "etc/hosts", "127.0.0.1 localhost new\n");
    assert_int_equal(stale(names, sizeof(names)), 2);
    assert_string_equal(names, "etc/resolv.conf etc/hosts");
}

static void missing_copy_is_stale(void **state)
{
    char    names[200];

    run("rm '%s/etc/services'", queue);
    assert_int_equal(stale(names, sizeof(names)), 1);
    assert_string_equal(names, "etc/services");
}

static void missing_queue_etc_makes_every_copy_stale(void **state)
{
    char    names[400];

    run("rm -rf '%s/etc'", queue);
    assert_int_equal(stale(names, sizeof(names)), 7);
    assert_string_equal(names, "etc/localtime etc/services etc/resolv.conf "
			"etc/hosts etc/host.conf etc/nsswitch.conf "
			"etc/nss_mdns.config");
}

static void absent_or_irregular_source_is_not_compared(void **state)
{
    char    names[200];

    run("rm '%s/etc/nss_mdns.config' && rm '%s/etc/host.conf'"
	" && mkfifo '%s/etc/host.conf'", root, root, root);
    put(queue, "etc/nss_mdns.config", "left from another time");
    assert_int_equal(stale(names, sizeof(names)), 0);
}

static void source_link_is_followed(void **state)
{
    char    names[200];

    /* /etc/localtime -> /usr/share/zoneinfo/...; the copy has its bytes */
    put(root, "zone", "TZif2 zone data");
    run("rm '%s/etc/localtime' && ln -s ../zone '%s/etc/localtime'", root, root);
    put(queue, "etc/localtime", "TZif2 zone data");
    assert_int_equal(stale(names, sizeof(names)), 0);
    put(queue, "etc/localtime", "TZif2 old zone");
    assert_int_equal(stale(names, sizeof(names)), 1);
    assert_string_equal(names, "etc/localtime");
}

static void link_in_queue_is_stale_never_followed(void **state)
{
    char    names[200];

    /* a link to the very source: same content, but not a copy */
    run("rm '%s/etc/hosts' && ln -s '%s/etc/hosts' '%s/etc/hosts'", queue,
	root, queue);
    assert_int_equal(stale(names, sizeof(names)), 1);
    assert_string_equal(names, "etc/hosts");
    /* the queue's etc/ itself a link to the sources */
    run("rm -rf '%s/etc' && ln -s '%s/etc' '%s/etc'", queue, root, queue);
    assert_int_equal(stale(names, sizeof(names)), 7);
}

static void only_first_mib_is_compared_byte_for_byte(void **state)
{
    char    names[200];

    run("head -c 1100000 /dev/zero > '%s/etc/services'"
	" && cp '%s/etc/services' '%s/etc/services'"
	" && printf x | dd of='%s/etc/services' bs=1 seek=1050000"
	" conv=notrunc status=none", root, root, queue, root);
    assert_int_equal(stale(names, sizeof(names)), 0);
    run("printf x | dd of='%s/etc/services' bs=1 seek=1000 conv=notrunc"
	" status=none", root);
    assert_int_equal(stale(names, sizeof(names)), 1);
    run("printf x >> '%s/etc/services'", root);
    assert_int_equal(stale(names, sizeof(names)), 1);
}

static void names_that_do_not_fit_are_counted_not_cut(void **state)
{
    char    names[20];

    put(root, "etc/localtime", "other");
    put(root, "etc/hosts", "other");
    assert_int_equal(stale(names, sizeof(names)), 2);
    assert_string_equal(names, "etc/localtime");
}

static void unusable_queue_directory_is_an_error_with_reason(void **state)
{
    char    names[200], path[PATH_MAX];
    int     count = -1;

    snprintf(path, sizeof(path), "%s/none", top);
    assert_int_equal(pf_chroot_stale(path, root, names, sizeof(names), &count),
		     ENOENT);
    assert_int_equal(count, 0);
    assert_non_null(strstr(names, "queue directory "));
    assert_non_null(strstr(names, "No such file or directory"));
}

/* used - pf_chroot_used() for master.cf text at a compatibility level */

static bool used(const char *master_text, const char *level)
{
    pf_conf_t conf;
    char    why[200];
    bool    yes;

    memset(&conf, 0, sizeof(conf));
    assert_int_equal(pf_master_ent_parse(master_text, strlen(master_text),
					 "/x/master.cf", &conf, why,
					 sizeof(why)), PF_OK);
    conf.compatibility_level = level ? strdup(level) : NULL;
    yes = pf_chroot_used(&conf);
    pf_conf_clear(&conf);
    return (yes);
}

static void chroot_used_as_configure_instance_decides(void **state)
{
    static const char none[] =
	"smtp inet n - n - - smtpd\n"
	"pickup unix n - n 60 1 pickup\n";
    static const char one_y[] =
	"smtp inet n - n - - smtpd\n"
	"  -o chroot=y\n"			/* an option, not the column */
	"cleanup unix n - y - 0 cleanup\n";
    static const char dash[] =
	"smtp inet n - - - - smtpd\n"
	"qmgr unix n - n 300 1 qmgr\n";

    assert_false(used(none, "0"));
    assert_true(used(one_y, "3.6"));
    /* "-": y below compatibility level 1, n from it on */
    assert_true(used(dash, "0"));
    assert_true(used(dash, NULL));
    assert_false(used(dash, "1"));
    assert_false(used(dash, "3.6"));
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(list_is_debians_configure_instance),
	cmocka_unit_test(chroot_used_as_configure_instance_decides),
	cmocka_unit_test_setup(current_copies_are_not_stale, fresh),
	cmocka_unit_test_setup(changed_source_makes_its_copy_stale, fresh),
	cmocka_unit_test_setup(missing_copy_is_stale, fresh),
	cmocka_unit_test_setup(missing_queue_etc_makes_every_copy_stale, fresh),
	cmocka_unit_test_setup(absent_or_irregular_source_is_not_compared, fresh),
	cmocka_unit_test_setup(source_link_is_followed, fresh),
	cmocka_unit_test_setup(link_in_queue_is_stale_never_followed, fresh),
	cmocka_unit_test_setup(only_first_mib_is_compared_byte_for_byte, fresh),
	cmocka_unit_test_setup(names_that_do_not_fit_are_counted_not_cut, fresh),
	cmocka_unit_test_setup(unusable_queue_directory_is_an_error_with_reason,
			       fresh),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
