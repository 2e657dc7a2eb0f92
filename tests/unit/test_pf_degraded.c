/*++
/* NAME
/*	test_pf_degraded 1
/* SUMMARY
/*	unit tests: the degraded conditions and the systemd enablement
/* DESCRIPTION
/*	The degraded_checks parameter (names, "all", "none", an unknown
/*	one), the queue_space rule against this machine's real filesystem
/*	(statvfs of a temporary directory; the message size limit is what
/*	the test varies), and pf_systemd_enabled() on a unit tree the test
/*	builds under a root of its own (pf_systemd_set_root()): a link in a
/*	.wants or .requires directory, a masked unit, runtime enablement.
/*	No root needed.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pf_agent.h"
#include "pf_degraded.h"
#include "pf_rc.h"
#include "pf_systemd.h"

static char root[64];

/* mkdirs - make every directory of path below root */

static void mkdirs(const char *rel)
{
    char    path[512], *p;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    for (p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
	*p = 0;
	mkdir(path, 0755);
	*p = '/';
    }
    mkdir(path, 0755);
}

/* link_at - a symbolic link rel -> target under root */

static void link_at(const char *rel, const char *target)
{
    char    path[512];

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    assert_int_equal(symlink(target, path), 0);
}

/* rm_at - remove rel under root */

static void rm_at(const char *rel)
{
    char    path[512];

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    unlink(path);
}

static int tree_setup(void **state)
{
    (void) state;
    snprintf(root, sizeof(root), "/tmp/pfkit-degraded-XXXXXX");
    assert_non_null(mkdtemp(root));
    pf_systemd_set_root(root);
    return (0);
}

static int tree_teardown(void **state)
{
    static char rm[] = "rm", rf[] = "-rf";
    char   *argv[] = {rm, rf, root, NULL};
    pid_t   pid;
    int     status;

    (void) state;
    pf_systemd_set_root(NULL);
    if ((pid = fork()) == 0) {
	execvp(argv[0], argv);
	_exit(127);
    }
    if (pid > 0)
	waitpid(pid, &status, 0);		/* reaped: no child left */
    return (0);
}

static void degraded_checks_names_all_none_and_unknown(void **state)
{
    unsigned mask, all;
    char    why[256];

    (void) state;
    assert_int_equal(pf_degraded_parse("", &all, why, sizeof(why)), PF_OK);
    assert_int_not_equal(all, 0);
    assert_int_equal(pf_degraded_parse(NULL, &mask, why, sizeof(why)), PF_OK);
    assert_int_equal(mask, all);
    assert_int_equal(pf_degraded_parse("all", &mask, why, sizeof(why)), PF_OK);
    assert_int_equal(mask, all);
    assert_int_equal(pf_degraded_parse("none", &mask, why, sizeof(why)), PF_OK);
    assert_int_equal(mask, 0);
    assert_int_equal(pf_degraded_parse("queue_space", &mask, why, sizeof(why)), PF_OK);
    assert_int_equal(__builtin_popcount(mask), 1);
    assert_int_equal(pf_degraded_parse("queue_space, systemd", &mask, why,
				       sizeof(why)), PF_OK);
    assert_int_equal(__builtin_popcount(mask), 2);
    assert_int_equal(pf_degraded_parse("queue_space,bogus", &mask, why,
				       sizeof(why)), PF_EARGS);
    assert_non_null(strstr(why, "parameter degraded_checks: unknown check \"bogus\""));
    assert_int_equal(pf_degraded_parse("Queue_Space", &mask, why, sizeof(why)),
		     PF_EARGS);
}

/* What a check reported. */
static char seen[8][600];
static int n_seen;

static void record(const char *name, const char *brief, const char *text,
		           const char *fix, void *arg)
{
    (void) arg;
    assert_true(strlen(brief) < 96);		/* fits the exit reason */
    assert_true(*fix != 0);			/* every condition says its fix */
    snprintf(seen[n_seen++ % 8], sizeof(seen[0]), "%s|%s|%s|%s", name, brief,
	     text, fix);
}

/*
 * space_as - the conditions of a queue in the test's directory with a
 * message size limit, the master pid given (0: none verified), and the
 * degraded_checks parameter
 */
static int space_as(const char *limit, const char *minfree, pid_t master,
		            const char *checks)
{
    char    lim[32], min[32];
    pf_conf_t conf;
    pf_ctx_t ctx;

    memset(&conf, 0, sizeof(conf));
    memset(&ctx, 0, sizeof(ctx));
    conf.queue_directory = root;
    snprintf(lim, sizeof(lim), "%s", limit);
    snprintf(min, sizeof(min), "%s", minfree);
    conf.message_size_limit = lim;
    conf.queue_minfree = min;
    ctx.degraded_checks = checks;
    n_seen = 0;
    return (pf_degraded_check(&ctx, &conf, &(pf_degraded_facts_t) {master, NULL}, 0,
			      record, NULL));
}

/* space - run the queue_space check with a message size limit */

static int space(const char *limit, const char *minfree)
{
    return (space_as(limit, minfree, 1, "queue_space"));
}

static void queue_space_is_twice_what_smtpd_requires(void **state)
{
    (void) state;
    /* a 1 kB message limit: any filesystem a test runs on has room */
    assert_int_equal(space("1024", "0"), 0);
    /* 1 PB: smtpd itself would refuse; the monitor says so first */
    assert_int_equal(space("1000000000000000", "0"), 1);
    assert_non_null(strstr(seen[0], "queue_space|queue filesystem "));
    assert_non_null(strstr(seen[0], "twice what smtpd requires: 1.5 x "
			   "message_size_limit 1000000000000000"));
    assert_non_null(strstr(seen[0], "free space there or grow the filesystem"));
    /* queue_minfree larger than 1.5 x the limit decides */
    assert_int_equal(space("1024", "1000000000000000"), 1);
    assert_non_null(strstr(seen[0], "twice what smtpd requires: queue_minfree "
			   "1000000000000000"));
    /* an unlimited message size and no minfree: 1 % of the filesystem */
    assert_int_equal(space("0", "0"), 0);
    /* no verified master (validate-all on a passive node): the queue
     * directory there may be a stale local copy, not judged */
    assert_int_equal(space_as("1000000000000000", "0", 0, NULL), 0);
    /* the check off */
    assert_int_equal(space_as("1000000000000000", "0", 1, "none"), 0);
}

static void systemd_unit_enabled_by_a_wants_or_requires_link(void **state)
{
    char    where[512];

    (void) state;
    assert_false(pf_systemd_enabled("postfix.service", where, sizeof(where)));
    mkdirs("etc/systemd/system/multi-user.target.wants");
    assert_false(pf_systemd_enabled("postfix.service", where, sizeof(where)));
    link_at("etc/systemd/system/multi-user.target.wants/postfix.service",
	    "/lib/systemd/system/postfix.service");
    assert_true(pf_systemd_enabled("postfix.service", where, sizeof(where)));
    assert_string_equal(where, "/etc/systemd/system/multi-user.target.wants/postfix.service");
    /* another unit's name is not this one's */
    assert_false(pf_systemd_enabled("postfix@-.service", where, sizeof(where)));
    rm_at("etc/systemd/system/multi-user.target.wants/postfix.service");
    assert_false(pf_systemd_enabled("postfix.service", where, sizeof(where)));
    /* a .requires directory, and the runtime directory */
    mkdirs("run/systemd/system/graphical.target.requires");
    link_at("run/systemd/system/graphical.target.requires/postfix@-.service",
	    "/lib/systemd/system/postfix@.service");
    assert_true(pf_systemd_enabled("postfix@-.service", where, sizeof(where)));
    assert_string_equal(where, "/run/systemd/system/graphical.target.requires/postfix@-.service");
    /* a directory named like neither is no enablement */
    mkdirs("etc/systemd/system/multi-user.target.d");
    link_at("etc/systemd/system/multi-user.target.d/postfix@x.service",
	    "/lib/systemd/system/postfix@.service");
    assert_false(pf_systemd_enabled("postfix@x.service", where, sizeof(where)));
}

static void systemd_masked_unit_is_not_enabled(void **state)
{
    char    where[512];

    (void) state;
    mkdirs("etc/systemd/system/multi-user.target.wants");
    link_at("etc/systemd/system/multi-user.target.wants/postfix.service",
	    "/lib/systemd/system/postfix.service");
    assert_true(pf_systemd_enabled("postfix.service", where, sizeof(where)));
    link_at("etc/systemd/system/postfix.service", "/dev/null");
    assert_false(pf_systemd_enabled("postfix.service", where, sizeof(where)));
    rm_at("etc/systemd/system/postfix.service");
    /* masked at runtime */
    mkdirs("run/systemd/system");
    link_at("run/systemd/system/postfix.service", "/dev/null");
    assert_false(pf_systemd_enabled("postfix.service", where, sizeof(where)));
    /* a link elsewhere is an override, not a mask */
    rm_at("run/systemd/system/postfix.service");
    link_at("run/systemd/system/postfix.service", "/lib/systemd/system/postfix.service");
    assert_true(pf_systemd_enabled("postfix.service", where, sizeof(where)));
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(degraded_checks_names_all_none_and_unknown),
	cmocka_unit_test_setup_teardown(queue_space_is_twice_what_smtpd_requires,
					tree_setup, tree_teardown),
	cmocka_unit_test_setup_teardown(systemd_unit_enabled_by_a_wants_or_requires_link,
					tree_setup, tree_teardown),
	cmocka_unit_test_setup_teardown(systemd_masked_unit_is_not_enabled,
					tree_setup, tree_teardown),
    };

    return (cmocka_run_group_tests(tests, NULL, NULL));
}
