/*++
/* NAME
/*	test_pf_answer 1
/* SUMMARY
/*	unit tests of the answer table, the classifier and the monitor
/* SYNOPSIS
/*	test_pf_answer
/* DESCRIPTION
/*	The table is checked against the OCF codes of the table "Answers
/*	the agent gives" in docs/architecture.md, written out again here,
/*	and so are its rules: stop's, the findings of start and
/*	validate-all, the fault scope, main()'s own refusals.
/*	The classifier is fed the facts of each row. The monitor action
/*	(agents/pf_action_monitor.c) runs without root and without
/*	Postfix: this file defines the configuration loader and the
/*	health check it calls, and the linker's --wrap replaces the owner
/*	lookups, the MAIL_CONFIG search and the exit reason, so that each
/*	row is driven end to end to the OCF exit code main() would give.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_agent.h"
#include "pf_answer.h"
#include "pf_degraded.h"
#include "pf_health.h"
#include "pf_ocf.h"
#include "pf_rc.h"

/*
 * The documented table: OCF codes per situation (probe, monitor). Stop's
 * answer is one rule, not a column: stop_answers_0_only_when_nothing_is_left.
 */
static const struct {
    pf_situation_t sit;
    int     probe, monitor;
} documented[] = {
    {PF_SIT_HEALTHY, 0, 0},
    {PF_SIT_DEGRADED, 0, 190},
    {PF_SIT_NOT_RUNNING, 7, 7},
    {PF_SIT_STALE_PID, 7, 7},
    {PF_SIT_ABSENT, 7, 5},
    {PF_SIT_FAILING, 1, 1},
    {PF_SIT_HUNG, 1, 1},
    {PF_SIT_LEFTOVERS, 1, 1},
    {PF_SIT_CONFIG_INVALID, 6, 6},
    {PF_SIT_BAD_PARAMETER, 2, 2},
    {PF_SIT_NODE_PERM, 4, 4},
    {PF_SIT_NODE_FAULT, 1, 5},
    {PF_SIT_NO_BINARY, 5, 5},
};

#define NDOC	(sizeof(documented) / sizeof(documented[0]))

static void table_matches_the_documented_answers(void **state)
{
    (void) state;
    assert_int_equal(NDOC, PF_SIT_COUNT);	/* every row documented */
    for (size_t i = 0; i < NDOC; i++) {
	pf_situation_t s = documented[i].sit;

	assert_int_equal(pf_ocf_from_rc(pf_answer(s, PF_ANSWER_PROBE)), documented[i].probe);
	assert_int_equal(pf_ocf_from_rc(pf_answer(s, PF_ANSWER_MONITOR)),
			 documented[i].monitor);
	assert_string_not_equal(pf_answer_name(s), "unknown situation");
    }
    assert_int_equal(pf_answer(PF_SIT_COUNT, PF_ANSWER_PROBE), PF_EFAIL);
    assert_string_equal(pf_answer_name(PF_SIT_COUNT), "unknown situation");
}

static void never_fatal_for_this_node_never_not_running_while_running(void **state)
{
    /* rows about this node never answer 6; rows where it runs never 7 */
    const pf_situation_t node[] = {PF_SIT_ABSENT, PF_SIT_NODE_PERM, PF_SIT_NODE_FAULT,
	PF_SIT_NO_BINARY};
    const pf_situation_t runs[] = {PF_SIT_HEALTHY, PF_SIT_DEGRADED, PF_SIT_FAILING, PF_SIT_HUNG,
	PF_SIT_LEFTOVERS, PF_SIT_NODE_FAULT};

    (void) state;
    for (size_t i = 0; i < sizeof(node) / sizeof(node[0]); i++)
	for (int col = PF_ANSWER_PROBE; col <= PF_ANSWER_MONITOR; col++)
	    assert_int_not_equal(pf_answer(node[i], (pf_answer_col_t) col), PF_ECONFIG);
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
	for (int col = PF_ANSWER_PROBE; col <= PF_ANSWER_MONITOR; col++)
	    assert_int_not_equal(pf_answer(runs[i], (pf_answer_col_t) col), PF_ENOTRUNNING);
}

static void stop_answers_0_only_when_nothing_is_left(void **state)
{
    /*
     * The stop column of the table, one cell per situation, is now one
     * rule (the decision does not depend on the situation stop began in):
     * 0 when nothing of the instance is left, 1 when something is (or
     * cannot be proven gone), never 6 nor 7.
     */
    (void) state;
    assert_int_equal(pf_ocf_from_rc(pf_answer_stop(false)), 0);
    assert_int_equal(pf_ocf_from_rc(pf_answer_stop(true)), 1);
    assert_int_not_equal(pf_answer_stop(true), PF_OK);
    for (int left = 0; left <= 1; left++) {
	assert_int_not_equal(pf_answer_stop(left), PF_ECONFIG);
	assert_int_not_equal(pf_answer_stop(left), PF_ENOTRUNNING);
	assert_int_equal(pf_answer_exit(pf_answer_stop(left), PF_SCOPE_NODE),
			 pf_answer_exit(pf_answer_stop(left), PF_SCOPE_CLUSTER));
    }
}

static void configuration_error_is_the_clusters_only_where_every_node_reads_it(void **state)
{
    int     rc;

    (void) state;
    /* the fault scope rule: 6 only from a config_dir every node reads */
    assert_true(pf_answer_scoped(PF_ECONFIG));
    assert_int_equal(pf_answer_exit(PF_ECONFIG, PF_SCOPE_CLUSTER), 6);
    assert_int_equal(pf_answer_exit(PF_ECONFIG, PF_SCOPE_NODE), 5);
    assert_int_equal(pf_answer_scope(PF_ECONFIG, PF_SCOPE_NODE), PF_EINSTALL);
    /* every other answer is the same in both scopes */
    for (rc = PF_EPARSE; rc <= PF_OK; rc++) {
	if (rc == PF_ECONFIG || (rc < 0 && rc > PF_RC_BASE))
	    continue;
	assert_false(pf_answer_scoped(rc));
	assert_int_equal(pf_answer_exit(rc, PF_SCOPE_NODE),
			 pf_answer_exit(rc, PF_SCOPE_CLUSTER));
    }
    /* main()'s own refusals go through the same function */
    assert_int_equal(pf_answer_exit(PF_EARGS, PF_SCOPE_CLUSTER), 2);
    assert_int_equal(pf_answer_exit(PF_EUNIMPL, PF_SCOPE_CLUSTER), 3);
}

static void findings_of_start_and_validate_all_as_documented(void **state)
{
    /* the documented findings: OCF codes without, with require_wiring */
    static const struct {
	pf_finding_t f;
	int     dflt, required;
    } doc[] = {
	{PF_FOUND_THIS_NODE, 5, 5},
	{PF_FOUND_UNCHECKABLE, 5, 5},
	{PF_FOUND_UNWIRED, 0, 5},
	{PF_FOUND_START_FAILED, 1, 1},
    };

    (void) state;
    assert_int_equal(sizeof(doc) / sizeof(doc[0]), PF_FOUND_COUNT);
    for (size_t i = 0; i < sizeof(doc) / sizeof(doc[0]); i++) {
	assert_int_equal(pf_answer_exit(pf_answer_found(doc[i].f, false),
					PF_SCOPE_CLUSTER), doc[i].dflt);
	assert_int_equal(pf_answer_exit(pf_answer_found(doc[i].f, true),
					PF_SCOPE_CLUSTER), doc[i].required);
	/* about this node or the service, never 6 */
	assert_int_not_equal(pf_answer_found(doc[i].f, true), PF_ECONFIG);
    }
    assert_int_equal(pf_answer_found(PF_FOUND_COUNT, false), PF_EFAIL);
}

/* classify - the situation of one set of facts */

static pf_situation_t classify(pf_stage_t stage, int rc, bool running, bool master,
			               bool hung, bool stale, bool no_binary)
{
    pf_facts_t f = {.stage = stage,.rc = rc,.running = running,.master = master,
    .hung = hung,.stale_pid = stale,.no_binary = no_binary};

    return (pf_answer_classify(&f));
}

static void classifier_health_rows(void **state)
{
    (void) state;
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_OK, true, true, false, false, false),
		     PF_SIT_HEALTHY);
    {
	pf_facts_t f = {.stage = PF_STAGE_HEALTH,.rc = PF_OK,.running = true,
	.master = true,.degraded = true};

	assert_int_equal(pf_answer_classify(&f), PF_SIT_DEGRADED);
	f.rc = PF_EFAIL;			/* failing: degraded means nothing */
	assert_int_equal(pf_answer_classify(&f), PF_SIT_FAILING);
    }
    /*
     * It runs and greets, but a command is missing here: this node can
     * neither restart nor cleanly stop it (the row of config or owners
     * missing while it runs).
     */
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_OK, true, true, false, false, true),
		     PF_SIT_NODE_FAULT);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_EFAIL, true, true, true, false,
			      true), PF_SIT_NODE_FAULT);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_ENOTRUNNING, false, false, false,
			      false, false), PF_SIT_NOT_RUNNING);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_ENOTRUNNING, false, false, false,
			      true, false), PF_SIT_STALE_PID);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_ENOTRUNNING, false, false, false,
			      false, true), PF_SIT_NO_BINARY);
    /* queue directory absent: nothing can run */
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_EINSTALL, false, false, false,
			      false, false), PF_SIT_ABSENT);
    /* listener address not here while the master runs */
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_EINSTALL, true, true, false, false,
			      false), PF_SIT_NODE_FAULT);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_EPERM, true, true, false, false,
			      false), PF_SIT_NODE_PERM);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_ETIMEOUT, true, true, false, false,
			      false), PF_SIT_FAILING);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_EFAIL, true, true, true, false,
			      false), PF_SIT_HUNG);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_EFAIL, true, false, false, true,
			      false), PF_SIT_LEFTOVERS);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_ECONFIG, true, true, false, false,
			      false), PF_SIT_CONFIG_INVALID);
    assert_int_equal(classify(PF_STAGE_HEALTH, PF_EARGS, true, true, false, false,
			      false), PF_SIT_BAD_PARAMETER);
}

static void classifier_unloaded_rows(void **state)
{
    (void) state;
    /* malformed parameter, invalid configuration: whatever runs */
    assert_int_equal(classify(PF_STAGE_CONF, PF_EARGS, true, false, false, false, true),
		     PF_SIT_BAD_PARAMETER);
    assert_int_equal(classify(PF_STAGE_CONF, PF_ECONFIG, true, false, false, false, true),
		     PF_SIT_CONFIG_INVALID);
    assert_int_equal(classify(PF_STAGE_OWNERS, PF_ECONFIG, false, false, false, false,
			      false), PF_SIT_CONFIG_INVALID);
    /* runs, but cannot be managed here: never "not running" */
    assert_int_equal(classify(PF_STAGE_CONF, PF_EINSTALL, true, false, false, false,
			      false), PF_SIT_NODE_FAULT);
    assert_int_equal(classify(PF_STAGE_OWNERS, PF_EINSTALL, true, false, false, false,
			      true), PF_SIT_NODE_FAULT);
    assert_int_equal(classify(PF_STAGE_CONF, PF_EINSTALL, false, false, false, false,
			      true), PF_SIT_NO_BINARY);
    assert_int_equal(classify(PF_STAGE_CONF, PF_EINSTALL, false, false, false, false,
			      false), PF_SIT_ABSENT);
    /* an owner absent here is like the configuration absent here */
    assert_int_equal(classify(PF_STAGE_OWNERS, PF_EPERM, false, false, false, false,
			      false), PF_SIT_ABSENT);
    assert_int_equal(classify(PF_STAGE_CONF, PF_ETIMEOUT, false, false, false, false,
			      false), PF_SIT_FAILING);
    assert_int_equal(classify(PF_STAGE_CONF, PF_EPERM, false, false, false, false,
			      false), PF_SIT_FAILING);
}

/*
 * The monitor's surroundings, scripted per test: what pf_agent_conf(),
 * pf_ids_check_owners() and pf_health_check() return, whether
 * MAIL_CONFIG finds a process, and the exit reason it logs.
 */
static struct script {
    int     conf_rc;
    int     owners_rc;
    int     health_rc;
    pf_health_t health;
    bool    located;
    char    reason[600];
    int     degraded;			/* conditions pf_degraded_check finds */
} sc;

static pf_conf_t fake_conf;

int     pf_agent_conf(const pf_ctx_t *ctx, pf_conf_t **conf, char *why, size_t whylen)
{
    (void) ctx;
    *conf = NULL;
    if (sc.conf_rc != PF_OK)
	return (pf_rc_why(sc.conf_rc, why, whylen, "file /x/main.cf: conf says %d",
			  sc.conf_rc));
    *conf = &fake_conf;
    return (PF_OK);
}

int     pf_health_check(const pf_ctx_t *ctx, const pf_conf_t *conf,
			const pf_ids_t *ids, int depth,
			pf_deadline_t deadline, pf_health_t *h,
			char *why, size_t len)
{
    (void) ctx;
    (void) conf;
    assert_non_null(ids);			/* looked up once, handed on */
    (void) depth;
    (void) deadline;
    *h = sc.health;
    return (pf_rc_why(sc.health_rc, why, len, "health says %d", sc.health_rc));
}

int     pf_degraded_scan_ms(const pf_ctx_t *ctx)
{
    (void) ctx;
    fail_msg("a depth-0 monitor counts no queue");	/* these monitors are */
    return (0);
}

int     pf_degraded_check(const pf_ctx_t *ctx, const pf_conf_t *conf,
			          const pf_degraded_facts_t *facts, int depth,
			          pf_degraded_fn report, void *arg)
{
    static const char *const brief[] = {"queue filesystem 1.0 MB free, below 2.0 MB",
    "main.cf changed, not reloaded"};

    (void) ctx;
    (void) conf;
    (void) depth;
    assert_int_equal(facts->master, sc.health.st.pid);	/* the verified master */
    for (int i = 0; i < sc.degraded && i < 2; i++)
	report(i ? "config_reload" : "queue_space", brief[i], "the whole text",
	       "the fix", arg);
    return (sc.degraded < 2 ? sc.degraded : 2);
}

extern int __wrap_pf_ids_lookup(const pf_conf_t *conf, pf_ids_t *ids, char *why,
				        size_t whylen);
extern int __wrap_pf_ids_check_privileges(const pf_conf_t *conf, const pf_ids_t *ids,
					          char *why, size_t whylen);
extern int __wrap_pf_master_locate(const char *config_dir, char *q, size_t qlen,
				           char *d, size_t dlen);
extern void __wrap_pf_log_exit_reason(const char *fmt,...);
extern pf_conf_t *__wrap_pf_conf_free(pf_conf_t *conf);

int     __wrap_pf_ids_lookup(const pf_conf_t *conf, pf_ids_t *ids, char *why,
			             size_t whylen)
{
    (void) conf;
    ids->uid = 100;
    ids->ugid = ids->gid = 101;
    /* absent here: the lookup; privileged or shared group: the rules */
    if (sc.owners_rc == PF_ECONFIG || sc.owners_rc == PF_EPERM)
	return (PF_OK);
    return (pf_rc_why(sc.owners_rc, why, whylen, "user postfix: owners say %d",
		      sc.owners_rc));
}

int     __wrap_pf_ids_check_privileges(const pf_conf_t *conf, const pf_ids_t *ids,
				               char *why, size_t whylen)
{
    (void) conf;
    assert_int_equal(ids->uid, 100);
    return (pf_rc_why(sc.owners_rc, why, whylen, "user postfix: owners say %d",
		      sc.owners_rc));
}

int     __wrap_pf_master_locate(const char *config_dir, char *q, size_t qlen,
				        char *d, size_t dlen)
{
    (void) config_dir;
    snprintf(q, qlen, "/q");
    snprintf(d, dlen, "/d");
    return (sc.located ? PF_OK : PF_ENOTRUNNING);
}

void    __wrap_pf_log_exit_reason(const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(sc.reason, sizeof(sc.reason), fmt, ap);
    va_end(ap);
}

pf_conf_t *__wrap_pf_conf_free(pf_conf_t *conf)
{
    assert_true(conf == NULL || conf == &fake_conf);
    return (NULL);
}

/* monitor - the OCF code of the monitor (probe or recurring) */

static int monitor(bool probe, const char *binary)
{
    pf_ctx_t ctx = {.action = "monitor",.instance = "t",.config_dir = "/x",
	.binary = binary,.postconf = binary,.parameters = "",.listeners = "",
    .probe = probe,.deadline = pf_deadline_after(1000)};

    sc.reason[0] = 0;
    return (pf_ocf_from_rc(pf_action_monitor(&ctx)));
}

/* both - probe and recurring monitor must give p and m */

static void both(int p, int m, const char *binary)
{
    assert_int_equal(monitor(true, binary), p);
    assert_int_equal(monitor(false, binary), m);
}

/* monitor_split - the OCF code with binary and postconf given apart */

static int monitor_split(bool probe, const char *binary, const char *postconf)
{
    pf_ctx_t ctx = {.action = "monitor",.instance = "t",.config_dir = "/x",
	.binary = binary,.postconf = postconf,.parameters = "",.listeners = "",
    .probe = probe,.deadline = pf_deadline_after(1000)};

    sc.reason[0] = 0;
    return (pf_ocf_from_rc(pf_action_monitor(&ctx)));
}

static int reset(void **state)
{
    (void) state;
    memset(&sc, 0, sizeof(sc));
    return (0);
}

#define SH	"/bin/sh"			/* an executable file */
#define NONE	"/nonexistent/postfix"

static void monitor_follows_the_table_health(void **state)
{
    char    expect[100];

    (void) state;
    sc.health.running = true;
    sc.health.st.pid = 100;
    both(0, 0, SH);
    /* serving, with trouble ahead: 190 from a recurring monitor only */
    sc.degraded = 1;
    both(0, 190, SH);
    assert_string_equal(sc.reason, "degraded: queue filesystem 1.0 MB free, below 2.0 MB");
    sc.degraded = 2;
    both(0, 190, SH);
    assert_string_equal(sc.reason, "degraded: queue filesystem 1.0 MB free, below 2.0 MB; "
			"main.cf changed, not reloaded");
    /* a failure wins: the conditions are looked at only when it serves */
    sc.health_rc = PF_ETIMEOUT;
    both(1, 1, SH);
    sc.health_rc = PF_OK;
    sc.degraded = 0;
    both(1, 5, NONE);
    sc.health_rc = PF_ETIMEOUT;
    both(1, 1, SH);
    snprintf(expect, sizeof(expect), "health says %d", PF_ETIMEOUT);
    assert_string_equal(sc.reason, expect);
    sc.health.st.stopped = true;
    sc.health_rc = PF_EFAIL;
    both(1, 1, SH);
    sc.health.st.stopped = false;
    sc.health_rc = PF_EINSTALL;			/* address not on this node */
    both(1, 5, SH);
    sc.health_rc = PF_EPERM;
    both(4, 4, SH);
    sc.health_rc = PF_ECONFIG;
    both(6, 6, SH);

    memset(&sc.health, 0, sizeof(sc.health));
    sc.health_rc = PF_ENOTRUNNING;
    both(7, 7, SH);
    assert_string_equal(sc.reason, "");		/* 7 is no failure */
    both(5, 5, NONE);
    assert_string_equal(sc.reason, NONE ": Execute files (postfix or postconf "
			"command) is not an executable file");
    sc.health.st.file_pid = 4242;		/* stale pid file */
    both(7, 7, SH);
    sc.health_rc = PF_EINSTALL;			/* queue directory absent */
    both(7, 5, SH);
    both(7, 5, NONE);
    sc.health_rc = PF_EFAIL;			/* daemons without master */
    sc.health.running = true;
    both(1, 1, SH);
}

static void monitor_follows_the_table_unloaded(void **state)
{
    char    expect[200];

    (void) state;
    sc.conf_rc = PF_EARGS;
    both(2, 2, SH);
    sc.located = true;
    both(2, 2, NONE);
    sc.conf_rc = PF_ECONFIG;
    both(6, 6, NONE);
    sc.conf_rc = PF_EINSTALL;			/* config dir not here, yet it runs */
    both(1, 5, SH);
    snprintf(expect, sizeof(expect), "file /x/main.cf: conf says %d; yet processes "
	     "of this instance run (queue /q)", PF_EINSTALL);
    assert_string_equal(sc.reason, expect);
    both(1, 5, NONE);
    assert_string_equal(sc.reason, NONE ": Execute files (postfix or postconf "
			"command) is not an executable file; yet processes of this "
			"instance run (queue /q)");
    sc.located = false;
    both(7, 5, SH);
    both(5, 5, NONE);
    sc.conf_rc = PF_ETIMEOUT;
    both(1, 1, SH);

    sc.conf_rc = PF_OK;
    sc.owners_rc = PF_ECONFIG;			/* mail_owner is root */
    both(6, 6, SH);
    sc.owners_rc = PF_EINSTALL;			/* mail_owner absent here */
    both(7, 5, SH);
    sc.located = true;
    both(1, 5, SH);
    sc.located = false;
    sc.owners_rc = PF_EPERM;			/* group shared with the owner */
    both(7, 5, SH);
}

static void monitor_postfix_missing_postconf_there(void **state)
{
    static char q[] = "/q";

    (void) state;
    /* postconf loads the configuration; only postfix itself is missing */
    fake_conf.queue_directory = q;
    sc.health.running = true;
    sc.health.st.pid = 100;
    assert_int_equal(monitor_split(true, NONE, SH), 1);
    assert_int_equal(monitor_split(false, NONE, SH), 5);
    assert_string_equal(sc.reason, NONE ": Execute files (postfix or postconf "
			"command) is not an executable file; yet processes of this "
			"instance run (queue /q)");
    /* the same with postconf missing and postfix there */
    assert_int_equal(monitor_split(false, SH, NONE), 5);
    /* and nothing running: not running, and cannot be started here */
    memset(&sc.health, 0, sizeof(sc.health));
    sc.health_rc = PF_ENOTRUNNING;
    assert_int_equal(monitor_split(true, NONE, SH), 5);
    assert_int_equal(monitor_split(false, NONE, SH), 5);
    fake_conf.queue_directory = NULL;
}

/* the one order of answers, as pf_answer_worst()'s comment gives it */

static void worst_of_a_report_by_how_far_it_reaches(void **state)
{
    /* from none to the farthest; each above all before it */
    static const int order[] = {PF_OK, PF_EFAIL, PF_EPERM, PF_EINSTALL,
	PF_EARGS, PF_ECONFIG};
    size_t  n = sizeof(order) / sizeof(order[0]), i, j;

    (void) state;
    for (i = 0; i < n; i++)
	for (j = 0; j < n; j++)
	    assert_int_equal(pf_answer_worst(order[i], order[j]),
			     order[i > j ? i : j]);
    /* any other failure ranks as PF_EFAIL; of equals, the first stays */
    assert_int_equal(pf_answer_worst(PF_EFAIL, PF_ETIMEOUT), PF_EFAIL);
    assert_int_equal(pf_answer_worst(PF_ETIMEOUT, PF_EFAIL), PF_ETIMEOUT);
    assert_int_equal(pf_answer_worst(PF_OK, ENOMEM), ENOMEM);
    assert_int_equal(pf_answer_worst(ENOMEM, PF_EPERM), PF_EPERM);
    /* the fault scope applies to the worst afterwards: 6 or 5 */
    assert_int_equal(pf_answer_exit(pf_answer_worst(PF_EPERM, PF_ECONFIG),
				    PF_SCOPE_NODE), 5);
    assert_int_equal(pf_answer_exit(pf_answer_worst(PF_EPERM, PF_ECONFIG),
				    PF_SCOPE_CLUSTER), 6);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(table_matches_the_documented_answers),
	cmocka_unit_test(never_fatal_for_this_node_never_not_running_while_running),
	cmocka_unit_test(stop_answers_0_only_when_nothing_is_left),
	cmocka_unit_test(findings_of_start_and_validate_all_as_documented),
	cmocka_unit_test(configuration_error_is_the_clusters_only_where_every_node_reads_it),
	cmocka_unit_test(classifier_health_rows),
	cmocka_unit_test(classifier_unloaded_rows),
	cmocka_unit_test_setup(monitor_follows_the_table_health, reset),
	cmocka_unit_test_setup(monitor_follows_the_table_unloaded, reset),
	cmocka_unit_test_setup(monitor_postfix_missing_postconf_there, reset),
	cmocka_unit_test(worst_of_a_report_by_how_far_it_reaches),
    };

    return (cmocka_run_group_tests_name("pf_answer", tests, NULL, NULL));
}
