/*++
/* NAME
/*	test_pf_cluster 1
/* SUMMARY
/*	unit tests of the cluster checks (agents/pf_cluster.c)
/* SYNOPSIS
/*	test_pf_cluster
/* DESCRIPTION
/*	Two groups, one program: the same module, its calls faked through
/*	the linker's --wrap, each fake passing through to the real
/*	function where a group wants the real one (attrd_faked).
/*
/*	libxml2 cannot be loaded: pf_cib loads libxml2 with dlopen() by
/*	the SONAME configure found. Here the linker's --wrap=dlopen checks
/*	that this is the name asked for, then really loads an empty file
/*	in its place, so that the dynamic linker itself refuses ("file too
/*	short"), as it does when the library is gone or replaced. Shown:
/*	pf_cib answers PF_EINSTALL naming the library and the dynamic
/*	linker's reason, before any cibadmin or attrd_updater run
/*	(--wrap=pf_spawn_run counts them); pf_cluster_wiring() turns that
/*	into the refusal (OCF 5, never 6) with require_wiring=true, and
/*	into a warning plus the node attribute pfkit-<rsc>-wiring without
/*	it; pf_cluster_ids_compare() warns that it did not compare. Log
/*	lines are read from a libqb log target of this program's own;
/*	attrd updates are recorded by --wrap=pf_attrd_update, the other
/*	attrd calls are the real ones.
/*
/*	The ids: what is published, what is marked.
/*	pf_cluster_ids_publish() and pf_cluster_ids_compare() with
/*	attrd_updater faked (pf_attrd_query, pf_attrd_update,
/*	pf_attrd_last, pf_attrd_remember): the calls they make are
/*	recorded, with the time each was given. The queue whose owners
/*	are compared is a directory made here (its active and maildrop
/*	directories belong to whoever runs the test).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <qb/qblog.h>

#include "pf_agent.h"
#include "pf_attrd.h"
#include "pf_cib.h"
#include "pf_cluster.h"
#include "pf_qscan.h"
#include "pf_ocf.h"
#include "pf_rc.h"
#include "pf_report.h"
#include "pf_spawn.h"

static char dir[] = "/tmp/test_pf_cluster.XXXXXX";	/* mkdtemp */
static char garbage[sizeof(dir) + 40];	/* an empty "library" */
static char asked[256];			/* the name pf_cib dlopen()ed */
static int dlopens, spawns;
static char reason[1024];		/* the last ocf-exit-reason */
static char warning[1024];		/* the last warning logged */
static char attr_name_set[200], attr_value_set[400];
static int attr_updates;
static bool attrd_faked;		/* the ids group: attrd_updater faked */
static char *rsctmp_before;		/* HA_RSCTMP before the first group */

extern void *__real_dlopen(const char *, int);
extern void *__wrap_dlopen(const char *, int);
extern int __wrap_pf_spawn_run(const pf_spawn_opts_t *, pf_spawn_result_t *);
extern void __wrap_pf_log_exit_reason(const char *fmt,...);
/* the linker's --wrap stand-ins and originals, of the same types */
extern __typeof__(pf_attrd_update) __wrap_pf_attrd_update;
extern __typeof__(pf_attrd_query) __wrap_pf_attrd_query, __real_pf_attrd_query;
extern __typeof__(pf_attrd_last) __wrap_pf_attrd_last, __real_pf_attrd_last;
extern __typeof__(pf_attrd_remember) __wrap_pf_attrd_remember, __real_pf_attrd_remember;

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

/* record_attrd_update - record the attribute set */

static int record_attrd_update(const char *name, const char *node,
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

/* setup - the libxml2 group: an empty "library", a log target */

static int setup(void **state)
{
    int     fd, t;

    (void) state;
    attrd_faked = false;
    if (getenv("HA_RSCTMP") != NULL)
	assert_non_null(rsctmp_before = strdup(getenv("HA_RSCTMP")));
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

/* teardown - remove them */

static int teardown(void **state)
{
    char    path[sizeof(dir) + 80];

    (void) state;
    qb_log_fini();
    unlink(garbage);
    snprintf(path, sizeof(path), "%s/pfkit-attr.pfkit-mta-wiring", dir);
    unlink(path);
    rmdir(dir);
    if (rsctmp_before != NULL)
	setenv("HA_RSCTMP", rsctmp_before, 1);
    else
	unsetenv("HA_RSCTMP");
    free(rsctmp_before);
    rsctmp_before = NULL;
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

/* wiring_to - pf_cluster_wiring() for resource mta, said to report */

static int wiring_to(bool require, pf_report_t *report)
{
    pf_ctx_t ctx = {.action = "start",.instance = "mta",.config_dir = "/x",
	.parameters = "",.listeners = "",.require_wiring = require,
    .deadline = pf_deadline_after(1000)};
    pf_conf_t conf;

    memset(&conf, 0, sizeof(conf));
    reason[0] = warning[0] = attr_name_set[0] = attr_value_set[0] = 0;
    attr_updates = 0;
    return (pf_cluster_wiring(&ctx, &conf, report));
}

/* wiring - pf_cluster_wiring() for resource mta, as start calls it */

static int wiring(bool require)
{
    return (wiring_to(require, NULL));
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

/* report_to - a report collecting every problem, its lines in *text */

static FILE *report_to(pf_report_t *r, char **text, size_t *len)
{
    FILE   *out = open_memstream(text, len);

    assert_non_null(out);
    pf_report_init(r, true, out);
    return (out);
}

static void validate_report_has_the_wiring_line_and_no_early_reason(void **state)
{
    pf_report_t r;
    char   *text = NULL;
    size_t  len = 0;
    FILE   *out = report_to(&r, &text, &len);

    (void) state;
    /* require_wiring: an error of the report, with its fix */
    assert_int_equal(wiring_to(true, &r), PF_EINSTALL);
    assert_int_equal(r.errors, 1);
    /* the report says the one exit reason at its end, not the check */
    assert_string_equal(reason, "");
    fflush(out);
    assert_memory_equal(text, "ERROR: " LIBRARY_PREFIX,
			strlen("ERROR: " LIBRARY_PREFIX));
    assert_non_null(strstr(text, "; cluster wiring not checked; make the "
			   "CIB readable"));
    /* without require_wiring: a warning line, never counted */
    pf_report_init(&r, true, out);
    assert_int_equal(wiring_to(false, &r), PF_OK);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.warnings, 1);
    fclose(out);
    free(text);
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

/* --- the ids: what is published, what is marked --- */

#define MAX_CALLS	64

/* What the fakes answer, and what they saw. */
static struct {
    int     update_rc;			/* pf_attrd_update() answers this */
    int     query_rc;			/* pf_attrd_query() answers this */
    size_t  nodes;			/* how many nodes it lists */
    size_t  name_len;			/* each name this long */
    const char *last;			/* pf_attrd_last()'s value */
    int     remembered;			/* pf_attrd_remember() calls */
    size_t  calls;			/* pf_attrd_update() calls */
    char   *node[MAX_CALLS];		/* their -N, "" for none */
    char   *value[MAX_CALLS];		/* their -U, "" for -D */
    int     left[MAX_CALLS];		/* ms of their deadline left */
} fake;

static char queue[] = "/tmp/pfkit-unit-ids-XXXXXX";

/* node_name - the i-th node's name, fake.name_len long, in buf */

static const char *node_name(size_t i, char *buf, size_t len)
{
    size_t  n;

    n = (size_t) snprintf(buf, len, "node%zu-", i);
    while (n < fake.name_len && n + 1 < len)
	buf[n++] = 'x';
    buf[n] = 0;
    return (buf);
}

/* fake_attrd_query - the nodes fake.nodes lists, node0 with this node's ids */

static int fake_attrd_query(const char *name, pf_deadline_t deadline,
			              pf_cib_attr_t **out, size_t *n,
			              char *why, size_t len)
{
    char    buf[1024];
    size_t  i;

    (void) deadline;
    *out = NULL;
    *n = 0;
    if (fake.query_rc != PF_OK)
	return (pf_rc_why(fake.query_rc, why, len, "attribute %s: faked", name));
    /* the marks: none yet */
    if (strstr(name, "-ids-mismatch") != NULL)
	return (PF_OK);
    assert_non_null(*out = calloc(fake.nodes + 1, sizeof(**out)));
    for (i = 0; i < fake.nodes; i++) {
	(*out)[i].node = strdup(node_name(i, buf, sizeof(buf)));
	/* node0 is this node; the others have another postfix uid */
	(*out)[i].value = strdup(i == 0 ? "0:0" : "99999:99999");
    }
    *n = fake.nodes;
    return (PF_OK);
}

/* fake_attrd_update - record the call and the time it was given */

static int fake_attrd_update(const char *name, const char *node,
			               const char *value, bool private_attr,
			               pf_deadline_t deadline, char *why,
			               size_t len)
{
    (void) private_attr;
    assert_true(fake.calls < MAX_CALLS);
    fake.node[fake.calls] = strdup(node ? node : "");
    fake.value[fake.calls] = strdup(value ? value : "");
    fake.left[fake.calls] = pf_deadline_left(deadline);
    fake.calls++;
    if (fake.update_rc != PF_OK)
	return (pf_rc_why(fake.update_rc, why, len, "attribute %s: faked",
			  name));
    return (PF_OK);
}

/* fake_attrd_last - fake.last */

static void fake_attrd_last(const char *name, char *value, size_t len)
{
    (void) name;
    snprintf(value, len, "%s", fake.last ? fake.last : "");
}

/* fake_attrd_remember - count */

static void fake_attrd_remember(const char *name, const char *value)
{
    (void) name;
    (void) value;
    fake.remembered++;
}

/* reset - forget the calls, answer OK, 3 nodes of short names */

static int reset(void **state)
{
    size_t  i;

    (void) state;
    for (i = 0; i < fake.calls; i++) {
	free(fake.node[i]);
	free(fake.value[i]);
    }
    memset(&fake, 0, sizeof(fake));
    fake.nodes = 3;
    fake.name_len = 5;
    setenv("OCF_RESKEY_CRM_meta_on_node", "node0-", 1);
    return (0);
}

/* ctx_of - the context of a probe or monitor of resource mta */

static pf_ctx_t ctx_of(bool probe, int timeout_ms)
{
    pf_ctx_t ctx;

    memset(&ctx, 0, sizeof(ctx));
    ctx.action = "monitor";
    ctx.instance = "mta";
    ctx.config_dir = "";
    ctx.probe = probe;
    ctx.timeout_ms = timeout_ms;
    ctx.deadline = pf_deadline_after(timeout_ms);
    return (ctx);
}

/* conf_of - a configuration whose queue is the one made here */

static pf_conf_t conf_of(void)
{
    pf_conf_t conf;

    memset(&conf, 0, sizeof(conf));
    conf.queue_directory = queue;
    return (conf);
}

static void publish_budget_is_a_small_share(void **state)
{
    (void) state;
    assert_int_equal(pf_cluster_publish_budget(20000), 2000);
    assert_int_equal(pf_cluster_publish_budget(120000), 2000);
    assert_int_equal(pf_cluster_publish_budget(5000), 1000);
    assert_int_equal(pf_cluster_publish_budget(1000), 200);
    assert_int_equal(pf_cluster_publish_budget(0), 0);
    assert_int_equal(pf_cluster_publish_budget(-10), 0);
}

static void probe_gives_slow_attrd_little_time(void **state)
{
    pf_ctx_t ctx = ctx_of(true, 20000);
    pf_ids_t own = {0};

    (void) state;
    own.uid = 108;
    own.gid = 113;
    fake.last = "108:113";
    fake.update_rc = PF_ETIMEOUT;
    pf_cluster_ids_publish(&ctx, &own);
    /* one call, given at most 2 s of the probe's 20 */
    assert_int_equal(fake.calls, 1);
    assert_string_equal(fake.value[0], "108:113");
    assert_true(fake.left[0] > 0 && fake.left[0] <= 2000);
    /* not remembered: the next monitor tries again */
    assert_int_equal(fake.remembered, 0);
}

static void short_probe_gives_a_fifth(void **state)
{
    pf_ctx_t ctx = ctx_of(true, 5000);
    pf_ids_t own = {0};

    (void) state;
    fake.update_rc = PF_ETIMEOUT;
    pf_cluster_ids_publish(&ctx, &own);
    assert_int_equal(fake.calls, 1);
    assert_true(fake.left[0] <= 1000);
}

static void retried_after_a_slow_attrd(void **state)
{
    pf_ctx_t ctx = ctx_of(false, 20000);
    pf_ids_t own = {0};

    (void) state;
    own.uid = 108;
    own.gid = 113;
    /* what the probe could not publish is not what was last published */
    fake.last = "";
    pf_cluster_ids_publish(&ctx, &own);
    /* the ids, then this node's mark removed; both within the budget */
    assert_int_equal(fake.calls, 2);
    assert_string_equal(fake.value[0], "108:113");
    assert_string_equal(fake.value[1], "");
    assert_true(fake.left[1] <= 2000);
    assert_int_equal(fake.remembered, 1);
    /* unchanged since: a recurring monitor spawns nothing */
    fake.last = "108:113";
    pf_cluster_ids_publish(&ctx, &own);
    assert_int_equal(fake.calls, 2);
}

static void attrd_absent_is_remembered(void **state)
{
    pf_ctx_t ctx = ctx_of(true, 20000);
    pf_ids_t own = {0};

    (void) state;
    fake.update_rc = PF_EFAIL;
    pf_cluster_ids_publish(&ctx, &own);
    assert_int_equal(fake.remembered, 1);
}

static void mark_only_where_it_runs(void **state)
{
    pf_ctx_t ctx = ctx_of(false, 20000);
    pf_conf_t conf = conf_of();

    (void) state;
    /* a passive node: its queue may be a stale copy; nothing marked */
    pf_cluster_ids_compare(&ctx, &conf, false, NULL);
    assert_int_equal(fake.calls, 0);
    /* where it runs: every other node is marked, never this one */
    pf_cluster_ids_compare(&ctx, &conf, true, NULL);
    assert_int_equal(fake.calls, 2);
    assert_string_equal(fake.node[0], "node1-");
    assert_string_equal(fake.node[1], "node2-");
    assert_non_null(strstr(fake.value[0], "postfix id does not match between "
			   "servers: node1- has uid 99999"));
}

static void start_leaves_the_comparison_to_the_first_monitor(void **state)
{
    pf_ctx_t ctx = ctx_of(false, 20000);

    (void) state;
    /* start keeps a note, spawning nothing */
    pf_cluster_after_start_later(&ctx);
    assert_int_equal(fake.remembered, 1);
    assert_int_equal(fake.calls, 0);
    fake.last = "due";
    assert_true(pf_cluster_after_start_due(&ctx));
    fake.last = "";
    assert_false(pf_cluster_after_start_due(&ctx));
    /* not Pacemaker's call (no node): no note, none due */
    unsetenv("OCF_RESKEY_CRM_meta_on_node");
    pf_cluster_after_start_later(&ctx);
    assert_int_equal(fake.remembered, 1);
    fake.last = "due";
    assert_false(pf_cluster_after_start_due(&ctx));
}

static void passive_mismatch_is_a_warning_of_the_report(void **state)
{
    pf_ctx_t ctx = ctx_of(false, 20000);
    pf_conf_t conf = conf_of();
    pf_report_t r;
    char   *text = NULL;
    size_t  len = 0;
    FILE   *out = report_to(&r, &text, &len);

    (void) state;
    reason[0] = 0;
    pf_cluster_ids_compare(&ctx, &conf, false, &r);
    fflush(out);
    /* told, with its fix, never marked, never counted, no exit reason */
    assert_int_equal(fake.calls, 0);
    assert_int_equal(r.errors, 0);
    assert_true(r.warnings >= 1);
    assert_string_equal(reason, "");
    assert_non_null(strstr(text, "WARNING: postfix id does not match between "
			   "servers: node1- has uid 99999"));
    assert_non_null(strstr(text, "usermod -u"));
    assert_non_null(strstr(text, "(not marked: "));
    fclose(out);
    free(text);
}

static void every_node_and_whole_names(void **state)
{
    pf_ctx_t ctx = ctx_of(false, 20000);
    pf_conf_t conf = conf_of();
    char    buf[1024];
    size_t  i;

    (void) state;
    fake.nodes = 40;
    fake.name_len = 200;
    setenv("OCF_RESKEY_CRM_meta_on_node", node_name(0, buf, sizeof(buf)), 1);
    pf_cluster_ids_compare(&ctx, &conf, true, NULL);
    /* more than 32 nodes, names over 127 bytes: none dropped, none cut */
    assert_int_equal(fake.calls, 39);
    for (i = 0; i < fake.calls; i++) {
	node_name(i + 1, buf, sizeof(buf));
	assert_int_equal(strlen(fake.node[i]), 200);
	assert_string_equal(fake.node[i], buf);
	assert_non_null(strstr(fake.value[i], buf));
    }
}

static void values_not_had_mark_nothing(void **state)
{
    pf_ctx_t ctx = ctx_of(false, 20000);
    pf_conf_t conf = conf_of();

    (void) state;
    fake.query_rc = ENOMEM;
    pf_cluster_ids_compare(&ctx, &conf, true, NULL);
    assert_int_equal(fake.calls, 0);
}

/* ids_setup - attrd_updater faked; the queue: active and maildrop directories */

static void queue_counts_published_when_changed_removed_by_stop(void **state)
{
    pf_ctx_t ctx = ctx_of(false, 20000);
    pf_qscan_t q;

    (void) state;
    memset(&q, 0, sizeof(q));
    q.incoming = 1;
    q.active = 2;
    q.deferred = 3;
    q.hold = 4;
    q.oldest_from = PF_QSCAN_TIME_NONE;
    q.complete = true;
    /* nothing published before: the five values */
    pf_cluster_queue_publish(&ctx, &q);
    assert_int_equal(fake.calls, 5);
    assert_string_equal(fake.value[0], "1");
    assert_string_equal(fake.value[1], "2");
    assert_string_equal(fake.value[2], "3");
    assert_string_equal(fake.value[3], "4");
    assert_string_equal(fake.value[4], "0");	/* no deferred message dated */
    assert_int_equal(fake.remembered, 5);
    /* each within the publishing budget, not the whole monitor's time */
    assert_true(fake.left[0] <= pf_cluster_publish_budget(20000));
    /* unchanged: no process */
    reset(NULL);
    memset(&q, 0, sizeof(q));
    q.complete = true;
    fake.last = "0";
    pf_cluster_queue_publish(&ctx, &q);
    assert_int_equal(fake.calls, 0);
    /* the oldest deferred message's age, in seconds */
    reset(NULL);
    fake.last = "0";
    q.oldest_from = PF_QSCAN_TIME_RECORD;
    q.oldest_deferred = time(NULL) - 3600;
    pf_cluster_queue_publish(&ctx, &q);
    assert_int_equal(fake.calls, 1);
    assert_true(atoi(fake.value[0]) >= 3600 && atoi(fake.value[0]) < 3700);
    /* stop: what this node published is removed; nothing, nothing run */
    reset(NULL);
    fake.last = "7";
    pf_cluster_queue_publish(&ctx, NULL);
    assert_int_equal(fake.calls, 5);
    assert_string_equal(fake.value[4], "");	/* attrd_updater -D */
    reset(NULL);
    pf_cluster_queue_publish(&ctx, NULL);
    assert_int_equal(fake.calls, 0);
    /* not Pacemaker's call (ocf-tester, a shell): no attrd */
    reset(NULL);
    unsetenv("OCF_RESKEY_CRM_meta_on_node");
    pf_cluster_queue_publish(&ctx, &q);
    assert_int_equal(fake.calls, 0);
}

static int ids_setup(void **state)
{
    char    path[PATH_MAX];

    (void) state;
    attrd_faked = true;
    if (mkdtemp(queue) == NULL)
	return (-1);
    snprintf(path, sizeof(path), "%s/active", queue);
    if (mkdir(path, 0700) < 0)
	return (-1);
    snprintf(path, sizeof(path), "%s/maildrop", queue);
    return (mkdir(path, 0730));
}

/* ids_teardown - forget the calls, remove the queue */

static int ids_teardown(void **state)
{
    char    path[PATH_MAX];

    reset(state);
    snprintf(path, sizeof(path), "%s/active", queue);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/maildrop", queue);
    rmdir(path);
    rmdir(queue);
    return (0);
}

/* __wrap_pf_attrd_update - recorded, as the group wants it */

int     __wrap_pf_attrd_update(const char *name, const char *node,
			               const char *value, bool private_attr,
			               pf_deadline_t deadline, char *why, size_t len)
{
    if (attrd_faked)
	return (fake_attrd_update(name, node, value, private_attr, deadline,
				  why, len));
    return (record_attrd_update(name, node, value, private_attr, deadline,
				why, len));
}

/* __wrap_pf_attrd_query - faked in the ids group, else the real one */

int     __wrap_pf_attrd_query(const char *name, pf_deadline_t deadline,
			              pf_cib_attr_t **out, size_t *n, char *why,
			              size_t len)
{
    if (attrd_faked)
	return (fake_attrd_query(name, deadline, out, n, why, len));
    return (__real_pf_attrd_query(name, deadline, out, n, why, len));
}

/* __wrap_pf_attrd_last - faked in the ids group, else the real one */

void    __wrap_pf_attrd_last(const char *name, char *value, size_t len)
{
    if (attrd_faked)
	fake_attrd_last(name, value, len);
    else
	__real_pf_attrd_last(name, value, len);
}

/* __wrap_pf_attrd_remember - faked in the ids group, else the real one */

void    __wrap_pf_attrd_remember(const char *name, const char *value)
{
    if (attrd_faked)
	fake_attrd_remember(name, value);
    else
	__real_pf_attrd_remember(name, value);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(unloadable_library_is_an_install_error),
	cmocka_unit_test(require_wiring_refuses_naming_the_library),
	cmocka_unit_test(without_require_wiring_a_warning_and_the_attribute),
	cmocka_unit_test(validate_report_has_the_wiring_line_and_no_early_reason),
	cmocka_unit_test(ids_not_compared_is_a_warning),
    };
    const struct CMUnitTest ids_tests[] = {
	cmocka_unit_test_setup(publish_budget_is_a_small_share, reset),
	cmocka_unit_test_setup(probe_gives_slow_attrd_little_time, reset),
	cmocka_unit_test_setup(short_probe_gives_a_fifth, reset),
	cmocka_unit_test_setup(retried_after_a_slow_attrd, reset),
	cmocka_unit_test_setup(attrd_absent_is_remembered, reset),
	cmocka_unit_test_setup(mark_only_where_it_runs, reset),
	cmocka_unit_test_setup(start_leaves_the_comparison_to_the_first_monitor, reset),
	cmocka_unit_test_setup(passive_mismatch_is_a_warning_of_the_report, reset),
	cmocka_unit_test_setup(every_node_and_whole_names, reset),
	cmocka_unit_test_setup(values_not_had_mark_nothing, reset),
	cmocka_unit_test_setup(queue_counts_published_when_changed_removed_by_stop, reset),
    };
    int     failed;

    /* the libxml2 group first: it counts the one dlopen() of the program */
    failed = cmocka_run_group_tests_name("pf_cluster without libxml2", tests,
					 setup, teardown);
    return (failed + cmocka_run_group_tests_name("pf_cluster ids", ids_tests,
						 ids_setup, ids_teardown));
}
