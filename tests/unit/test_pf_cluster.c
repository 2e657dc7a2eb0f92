/*++
/* NAME
/*	test_pf_cluster 1
/* SUMMARY
/*	unit tests of the cluster checks when libxml2 cannot be loaded
/* SYNOPSIS
/*	test_pf_cluster
/* DESCRIPTION
/*	pf_cib loads libxml2 with dlopen() by the SONAME configure found.
/*	Here the linker's --wrap=dlopen checks that this is the name asked
/*	for, then really loads an empty file in its place, so that the
/*	dynamic linker itself refuses ("file too short"), as it does when
/*	the library is gone or replaced. Shown: pf_cib answers PF_EINSTALL
/*	naming the library and the dynamic linker's reason, before any
/*	cibadmin or attrd_updater run (--wrap=pf_spawn_run counts them);
/*	pf_cluster_wiring() (agents/pf_cluster.c) turns that into the
/*	refusal (OCF 5, never 6) with require_wiring=true, and into a
/*	warning plus the node attribute pfkit-<rsc>-wiring without it;
/*	pf_cluster_ids_compare() warns that it did not compare. Log lines
/*	are read from a libqb log target of this program's own; attrd
/*	updates are recorded by --wrap=pf_attrd_update.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <qb/qblog.h>

#include "pf_agent.h"
#include "pf_attrd.h"
#include "pf_cib.h"
#include "pf_cluster.h"
#include "pf_ocf.h"
#include "pf_rc.h"
#include "pf_spawn.h"

static char dir[] = "/tmp/test_pf_cluster.XXXXXX";	/* mkdtemp */
static char garbage[sizeof(dir) + 40];	/* an empty "library" */
static char asked[256];			/* the name pf_cib dlopen()ed */
static int dlopens, spawns;
static char reason[1024];		/* the last ocf-exit-reason */
static char warning[1024];		/* the last warning logged */
static char attr_name_set[200], attr_value_set[400];
static int attr_updates;

extern void *__real_dlopen(const char *, int);
extern void *__wrap_dlopen(const char *, int);
extern int __wrap_pf_spawn_run(const pf_spawn_opts_t *, pf_spawn_result_t *);
extern void __wrap_pf_log_exit_reason(const char *fmt,...);
extern int __wrap_pf_attrd_update(const char *name, const char *node,
			              const char *value, bool private_attr,
			              pf_deadline_t deadline, char *why, size_t len);

/* __wrap_dlopen - note the name, load the empty file instead */

void   *__wrap_dlopen(const char *file, int mode)
{
    dlopens++;
    snprintf(asked, sizeof(asked), "%s", file ? file : "(null)");
    return (__real_dlopen(garbage, mode));
}

/* __wrap_pf_spawn_run - no process may be started: count, fail */

int     __wrap_pf_spawn_run(const pf_spawn_opts_t *opts, pf_spawn_result_t *res)
{
    (void) opts;
    spawns++;
    memset(res, 0, sizeof(*res));
    return (ENOENT);
}

/* __wrap_pf_log_exit_reason - keep the reason */

void    __wrap_pf_log_exit_reason(const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
}

/* __wrap_pf_attrd_update - record the attribute set */

int     __wrap_pf_attrd_update(const char *name, const char *node,
			               const char *value, bool private_attr,
			               pf_deadline_t deadline, char *why, size_t len)
{
    (void) node;
    (void) private_attr;
    (void) deadline;
    (void) why;
    (void) len;
    attr_updates++;
    snprintf(attr_name_set, sizeof(attr_name_set), "%s", name);
    snprintf(attr_value_set, sizeof(attr_value_set), "%s", value ? value : "(removed)");
    return (PF_OK);
}

/* log_to - a libqb log target: keep the last warning */

static void log_to(int32_t t, struct qb_log_callsite *cs,
		           struct timespec *ts, const char *msg)
{
    (void) t;
    (void) ts;
    if (cs->priority == LOG_WARNING)
	snprintf(warning, sizeof(warning), "%s", msg);
}

static int setup(void **state)
{
    int     fd, t;

    (void) state;
    assert_non_null(mkdtemp(dir));
    snprintf(garbage, sizeof(garbage), "%s/%s", dir, PF_LIBXML2_SONAME);
    assert_true((fd = open(garbage, O_WRONLY | O_CREAT | O_EXCL, 0644)) >= 0);
    close(fd);
    /* pf_attrd_last/_remember keep their files here */
    setenv("HA_RSCTMP", dir, 1);
    qb_log_init("test_pf_cluster", LOG_DAEMON, LOG_DEBUG);
    qb_log_ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED, QB_FALSE);
    t = qb_log_custom_open(log_to, NULL, NULL, NULL);
    assert_true(t >= 0);
    qb_log_filter_ctl(t, QB_LOG_FILTER_ADD, QB_LOG_FILTER_FILE, "*", LOG_DEBUG);
    qb_log_ctl(t, QB_LOG_CONF_ENABLED, QB_TRUE);
    return (0);
}

static int teardown(void **state)
{
    char    path[sizeof(dir) + 80];

    (void) state;
    qb_log_fini();
    unlink(garbage);
    snprintf(path, sizeof(path), "%s/pfkit-attr.pfkit-mta-wiring", dir);
    unlink(path);
    rmdir(dir);
    return (0);
}

/* LIBRARY_PREFIX - how every answer starts: the library, then why */
#define LIBRARY_PREFIX	"library " PF_LIBXML2_SONAME ": cannot be loaded: "

static void unloadable_library_is_an_install_error(void **state)
{
    char    why[512];
    pf_cib_t *cib = (pf_cib_t *) 1;
    pf_cib_attr_t *a = NULL;
    size_t  n = 9;

    (void) state;
    assert_int_equal(pf_cib_xml_load(why, sizeof(why)), PF_EINSTALL);
    /* the SONAME of the libxml2 the build compiled against */
    assert_string_equal(asked, PF_LIBXML2_SONAME);
    /* object first, then the dynamic linker's own words */
    assert_memory_equal(why, LIBRARY_PREFIX, strlen(LIBRARY_PREFIX));
    assert_non_null(strstr(why, garbage));
    assert_non_null(strstr(why, "too short"));
    /* every reader answers the same; the library is tried once */
    assert_int_equal(pf_cib_parse("<cib/>", 6, &cib, why, sizeof(why)), PF_EINSTALL);
    assert_null(cib);
    assert_memory_equal(why, LIBRARY_PREFIX, strlen(LIBRARY_PREFIX));
    assert_int_equal(pf_cib_attrs_parse("<a/>", 4, "x", &a, &n, why,
					sizeof(why)), PF_EINSTALL);
    assert_int_equal(n, 0);
    assert_null(a);
    /* no cibadmin, no attrd_updater for an answer that cannot be read */
    assert_int_equal(pf_cib_load(pf_deadline_after(1000), &cib, why, sizeof(why)),
		     PF_EINSTALL);
    assert_int_equal(pf_attrd_query("x", pf_deadline_after(1000), &a, &n, why,
				    sizeof(why)), PF_EINSTALL);
    assert_memory_equal(why, LIBRARY_PREFIX, strlen(LIBRARY_PREFIX));
    assert_int_equal(spawns, 0);
    assert_int_equal(dlopens, 1);
}

/* wiring - pf_cluster_wiring() for resource mta */

static int wiring(bool require)
{
    pf_ctx_t ctx = {.action = "start",.instance = "mta",.config_dir = "/x",
	.parameters = "",.listeners = "",.require_wiring = require,
    .deadline = pf_deadline_after(1000)};
    pf_conf_t conf;

    memset(&conf, 0, sizeof(conf));
    reason[0] = warning[0] = attr_name_set[0] = attr_value_set[0] = 0;
    attr_updates = 0;
    return (pf_cluster_wiring(&ctx, &conf, NULL));
}

static void require_wiring_refuses_naming_the_library(void **state)
{
    int     rc;

    (void) state;
    rc = wiring(true);
    assert_int_equal(rc, PF_EINSTALL);
    assert_int_equal(pf_ocf_from_rc(rc), PF_OCF_ERR_INSTALLED);
    assert_memory_equal(reason, LIBRARY_PREFIX, strlen(LIBRARY_PREFIX));
    assert_non_null(strstr(reason, "; cluster wiring not checked"));
    assert_string_equal(warning, reason);
    assert_int_equal(spawns, 0);
}

static void without_require_wiring_a_warning_and_the_attribute(void **state)
{
    (void) state;
    assert_int_equal(wiring(false), PF_OK);
    assert_string_equal(reason, "");
    /* never a silent pass: the log and crm_mon -A say it did not run */
    assert_memory_equal(warning, LIBRARY_PREFIX, strlen(LIBRARY_PREFIX));
    assert_non_null(strstr(warning, "; cluster wiring not checked"));
    assert_int_equal(attr_updates, 1);
    assert_string_equal(attr_name_set, "pfkit-mta-wiring");
    assert_string_equal(attr_value_set, warning);
}

static void ids_not_compared_is_a_warning(void **state)
{
    pf_ctx_t ctx = {.action = "monitor",.instance = "mta",.config_dir = "/x",
	.parameters = "",.listeners = "",.check_level = 10,
    .deadline = pf_deadline_after(1000)};
    pf_conf_t conf;
    char    q[sizeof(dir) + 20], sub[sizeof(dir) + 40];

    (void) state;
    /* a queue whose owners can be read: the comparison is due */
    snprintf(q, sizeof(q), "%s/queue", dir);
    assert_int_equal(mkdir(q, 0755), 0);
    snprintf(sub, sizeof(sub), "%s/active", q);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof(sub), "%s/maildrop", q);
    assert_int_equal(mkdir(sub, 0700), 0);
    memset(&conf, 0, sizeof(conf));
    conf.queue_directory = q;
    warning[0] = 0;
    attr_updates = 0;
    pf_cluster_ids_compare(&ctx, &conf, true, NULL);
    assert_memory_equal(warning, LIBRARY_PREFIX, strlen(LIBRARY_PREFIX));
    assert_non_null(strstr(warning, "postfix ids of the other nodes not compared"));
    assert_int_equal(attr_updates, 0);
    assert_int_equal(spawns, 0);
    rmdir(sub);
    snprintf(sub, sizeof(sub), "%s/active", q);
    rmdir(sub);
    rmdir(q);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(unloadable_library_is_an_install_error),
	cmocka_unit_test(require_wiring_refuses_naming_the_library),
	cmocka_unit_test(without_require_wiring_a_warning_and_the_attribute),
	cmocka_unit_test(ids_not_compared_is_a_warning),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
