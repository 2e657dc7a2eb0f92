/*++
/* NAME
/*	pf_action_monitor 3
/* SUMMARY
/*	monitor (and status): is this instance running, and healthy
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_action_monitor(const pf_ctx_t *ctx)
/* DESCRIPTION
/*	pf_action_monitor() gathers the facts and returns what the answer
/*	table says (pf_answer: docs/architecture.md, "Answers the agent
/*	gives"); it decides nothing itself. A recurring depth-0 monitor
/*	spawns no process: the configuration comes from pf_agent_conf()
/*	(cached), the master from /proc (pf_master), the listeners from an
/*	SMTP greeting (pf_smtp). Only the cluster's view (pf_cluster) runs
/*	Pacemaker's tools: a probe publishes this node's ids
/*	(attrd_updater), a recurring monitor only when they changed, and the
/*	depth-10 monitor reads the other nodes' ids.
/*
/*	It goes down once: the configuration, the facts, the situation,
/*	the answer (logged), then what it publishes for the other nodes and
/*	the rules, in the time left (pf_cluster: ids, at depth 10 their
/*	comparison and the queue's counts), so that a slow attrd never
/*	delays the answer's facts.
/*
/*	The checks, in order: the configuration loads (stage CONF); its
/*	mail_owner and setgid_group exist here (stage OWNERS); then
/*	pf_health_check() at the depth OCF_CHECK_LEVEL gives: depth 0,
/*	master holds its lock, is not stopped, the queue directory can be
/*	searched by mail_owner, every listener's address is on this node
/*	and it greets 220; depth 10 adds the ownership checks of the queue
/*	and data directories (pf_ids), never walking the queue; depth 20
/*	adds EHLO, expecting 250. When the configuration cannot be had,
/*	processes of the instance are looked for by MAIL_CONFIG.
/*
/*	A healthy instance is then looked at for trouble ahead
/*	(pf_degraded: the conditions of its table the depth reaches); the
/*	depth-10 recurring monitor first counts the queue (pf_qscan, a
/*	quarter of the time left, at most 5 s) for the deferred condition,
/*	and publishes the counts as node attributes
/*	(pf_cluster_queue_publish()). Any condition that holds makes the
/*	situation PF_SIT_DEGRADED: each is logged as a warning with its
/*	numbers and fix, and the exit reason names them all briefly.
/*
/*	The reason names the object first. An answer of 7 is logged as
/*	information, 0 at debug level, anything else as the exit reason.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "pf_agent.h"
#include "pf_answer.h"
#include "pf_file.h"
#include "pf_cluster.h"
#include "pf_degraded.h"
#include "pf_ids.h"
#include "pf_health.h"
#include "pf_log.h"
#include "pf_qscan.h"
#include "pf_rc.h"

/* unusable_command - why postfix or postconf cannot run here, or NULL */

static const char *unusable_command(const pf_ctx_t *ctx, char *why, size_t len)
{
    if (pf_file_check_exec(ctx->binary, why, len) != PF_OK
	|| pf_file_check_exec(ctx->postconf, why, len) != PF_OK)
	return (why);
    return (NULL);
}

/* report - log the answer the table gives, return it */

static int report(const pf_ctx_t *ctx, pf_situation_t sit, const char *why)
{
    int     rc = pf_answer(sit, ctx->probe ? PF_ANSWER_PROBE : PF_ANSWER_MONITOR);

    pf_debug("monitor: situation %s " PF_XS " probe=%d rc=%d", pf_answer_name(sit),
	     ctx->probe, rc);
    if (sit == PF_SIT_DEGRADED && rc == PF_OK)
	pf_info("%s", why);			/* a probe: where it runs */
    else if (rc == PF_OK)
	pf_debug("%s", why);
    else if (rc == PF_ENOTRUNNING)
	pf_info("%s%s", why, sit == PF_SIT_ABSENT ? "; not running here" : "");
    else
	pf_log_exit_reason("%s", why);
    return (rc);
}

/* The reason of a degraded answer: every condition that holds. */
typedef struct degraded_text {
    char   *buf;
    size_t  len;
} degraded_text_t;

/* degraded_add - append one condition to the reason */

static void degraded_add(const char *name, const char *brief,
			         const char *text, const char *fix, void *arg)
{
    degraded_text_t *d = arg;
    size_t  used = strlen(d->buf);

    pf_warn("%s; %s " PF_XS " degraded condition %s", text, fix, name);
    snprintf(d->buf + used, d->len - used, "%s%s", used ? "; " : "degraded: ",
	     brief);
}

/*
 * queue_scan - the queue's counts (at depth 10: no walk below), or NULL
 * when it cannot be read; one cut by its budget is what it counted.
 */

static const pf_qscan_t *queue_scan(const pf_ctx_t *ctx, const pf_conf_t *conf,
				            pf_qscan_t *scan)
{
    char    why[PF_WHY_LEN];
    int     ms = pf_degraded_scan_ms(ctx);
    pf_deadline_t by = pf_deadline_after(ms);

    why[0] = 0;
    if (pf_qscan_run(conf->queue_directory, by, scan, why, sizeof(why)) != PF_OK) {
	pf_warn("%s; the queue not counted", why);
	return (NULL);
    }
    /* a partial count is published as nothing; the limits judge it */
    if (!scan->complete)
	pf_warn("queue %s: not counted to its end within %d ms (%s): its "
		"node attributes are not updated", conf->queue_directory,
		ms, why);
    return (scan);
}

/*
 * publish - this node's ids for the others (spawns nothing when unchanged);
 * where the instance serves, the depth-10 monitor (and the first monitor
 * after a start, with the wiring start left to it) also judges the other
 * nodes' ids, and the depth-10 monitor publishes the queue's counts (a
 * complete count only)
 */
static void publish(const pf_ctx_t *ctx, const pf_conf_t *conf,
		            const pf_ids_t *ids, bool serving,
		            const pf_degraded_facts_t *df)
{
    bool    deep = ctx->check_level >= PF_CHECK_LEVEL_NODE, due;
    pf_ctx_t late;

    pf_cluster_ids_publish(ctx, ids);
    if (!serving || ctx->probe)
	return;
    /* the checks a start left to the first monitor after it */
    due = pf_cluster_after_start_due(ctx);
    if (!due && !deep)
	return;
    late = *ctx;
    /*
     * At depth 0 in a small share of the time left, as publishing: a slow
     * cibadmin or attrd must not hold up a depth-0 monitor.
     */
    if (!deep)
	late.deadline = pf_deadline_min(ctx->deadline, pf_deadline_after(
		   pf_cluster_publish_budget(pf_deadline_left(ctx->deadline))));
    if (due && !ctx->require_wiring)
	(void) pf_cluster_wiring(&late, conf, NULL);
    pf_cluster_ids_compare(&late, conf, true, NULL);
    if (!deep)
	return;
    if (df->queue != NULL && df->queue->complete)
	pf_cluster_queue_publish(ctx, df->queue);
}

/* unloaded - the configuration or its owners cannot be had here */

static int unloaded(const pf_ctx_t *ctx, pf_facts_t *f, const char *bad,
		            const char *why)
{
    char    q[PATH_MAX], d[PATH_MAX], text[PF_WHY_LEN + PATH_MAX + 200];
    pf_situation_t sit;

    /* whatever main.cf says: processes started with this config */
    f->running = pf_master_locate(pf_conf_dir(ctx->config_dir), q, sizeof(q),
				  d, sizeof(d)) == PF_OK;
    sit = pf_answer_classify(f);
    if (sit == PF_SIT_NODE_FAULT)
	snprintf(text, sizeof(text), "%s; yet processes of this instance run "
		 "(queue %s)", bad ? bad : why, q);
    else if (sit == PF_SIT_NO_BINARY)
	snprintf(text, sizeof(text), "%s", bad);
    else
	snprintf(text, sizeof(text), "%s", why);
    return (report(ctx, sit, text));
}

/* pf_action_monitor - the monitor and status actions */

int     pf_action_monitor(const pf_ctx_t *ctx)
{
    pf_conf_t *conf = NULL;
    pf_ids_t ids;
    pf_health_t h;
    pf_facts_t f;
    pf_qscan_t scan;
    pf_degraded_facts_t df = {0, NULL};
    pf_situation_t sit;
    int     rc;
    char    why[PF_WHY_LEN], cmd_why[PF_WHY_LEN];
    char    text[PF_WHY_LEN + PATH_MAX + 200];
    const char *bad = unusable_command(ctx, cmd_why, sizeof(cmd_why));

    memset(&f, 0, sizeof(f));
    f.no_binary = (bad != NULL);
    why[0] = 0;
    f.stage = PF_STAGE_CONF;
    if ((f.rc = pf_agent_conf(ctx, &conf, why, sizeof(why))) != PF_OK)
	return (unloaded(ctx, &f, bad, why));

    /* mail_owner / setgid_group: getpwnam()/getgrnam() once, no process */
    f.stage = PF_STAGE_OWNERS;
    if ((f.rc = pf_ids_lookup(conf, &ids, why, sizeof(why))) != PF_OK
	|| (f.rc = pf_ids_check_privileges(conf, &ids, why, sizeof(why))) != PF_OK) {
	pf_conf_free(conf);
	return (unloaded(ctx, &f, bad, why));
    }
    /* the facts */
    f.stage = PF_STAGE_HEALTH;
    f.rc = pf_health_check(ctx, conf, &ids, ctx->check_level, ctx->deadline,
			      &h, why, sizeof(why));
    f.running = h.running;
    f.master = (h.st.pid != 0);
    f.hung = (h.st.pid != 0 && h.st.stopped);
    f.stale_pid = (h.st.file_pid != 0 && h.st.pid == 0);
    /* serving: is there trouble ahead (statvfs, stat, /proc only) */
    df.master = h.st.pid;
    if (f.rc == PF_OK) {
	degraded_text_t d = {text, sizeof(text)};

	/* depth 10: the queue counted, within a budget */
	if (ctx->check_level >= PF_CHECK_LEVEL_NODE && !ctx->probe)
	    df.queue = queue_scan(ctx, conf, &scan);
	text[0] = 0;
	f.degraded = pf_degraded_check(ctx, conf, &df, ctx->check_level,
				       degraded_add, &d) > 0;
    }
    /* the situation, and the answer */
    sit = pf_answer_classify(&f);
    /* a command missing here decided it: say which */
    if (sit == PF_SIT_NODE_FAULT && bad != NULL)
	snprintf(text, sizeof(text), "%s; yet processes of this instance run "
		 "(queue %s)", bad, conf->queue_directory ?
		 conf->queue_directory : "?");
    else if (sit != PF_SIT_DEGRADED)
	snprintf(text, sizeof(text), "%s", sit == PF_SIT_NO_BINARY ? bad : why);
    rc = report(ctx, sit, text);
    /* then what the other nodes and the rules read, in the time left */
    publish(ctx, conf, &ids, f.rc == PF_OK, &df);
    pf_conf_free(conf);
    return (rc);
}
