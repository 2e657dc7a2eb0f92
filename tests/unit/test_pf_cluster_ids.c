/*++
/* NAME
/*	test_pf_cluster_ids 1
/* SUMMARY
/*	unit tests of pf_cluster's ids: what is published, what is marked
/* DESCRIPTION
/*	pf_cluster_ids_publish() and pf_cluster_ids_compare() with
/*	attrd_updater faked through the linker's --wrap (pf_attrd_query,
/*	pf_attrd_update, pf_attrd_last, pf_attrd_remember): the calls they
/*	make are recorded, with the time each was given. The queue whose
/*	owners are compared is a directory made here (its active and
/*	maildrop directories belong to whoever runs the test).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <limits.h>
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

#include "pf_attrd.h"
#include "pf_cluster.h"
#include "pf_rc.h"

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

int     __wrap_pf_attrd_query(const char *name, pf_deadline_t deadline,
			              pf_cib_attr_t **out, size_t *n,
			              char *why, size_t len);

int     __wrap_pf_attrd_query(const char *name, pf_deadline_t deadline,
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

int     __wrap_pf_attrd_update(const char *name, const char *node,
			               const char *value, bool private_attr,
			               pf_deadline_t deadline, char *why,
			               size_t len);

int     __wrap_pf_attrd_update(const char *name, const char *node,
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

void    __wrap_pf_attrd_last(const char *name, char *value, size_t len);

void    __wrap_pf_attrd_last(const char *name, char *value, size_t len)
{
    (void) name;
    snprintf(value, len, "%s", fake.last ? fake.last : "");
}

void    __wrap_pf_attrd_remember(const char *name, const char *value);

void    __wrap_pf_attrd_remember(const char *name, const char *value)
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

/* setup - the queue: active and maildrop directories */

static int setup(void **state)
{
    char    path[PATH_MAX];

    (void) state;
    if (mkdtemp(queue) == NULL)
	return (-1);
    snprintf(path, sizeof(path), "%s/active", queue);
    if (mkdir(path, 0700) < 0)
	return (-1);
    snprintf(path, sizeof(path), "%s/maildrop", queue);
    return (mkdir(path, 0730));
}

static int teardown(void **state)
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

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup(publish_budget_is_a_small_share, reset),
	cmocka_unit_test_setup(probe_gives_slow_attrd_little_time, reset),
	cmocka_unit_test_setup(short_probe_gives_a_fifth, reset),
	cmocka_unit_test_setup(retried_after_a_slow_attrd, reset),
	cmocka_unit_test_setup(attrd_absent_is_remembered, reset),
	cmocka_unit_test_setup(mark_only_where_it_runs, reset),
	cmocka_unit_test_setup(every_node_and_whole_names, reset),
	cmocka_unit_test_setup(values_not_had_mark_nothing, reset),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
