/*++
/* NAME
/*	pf_health 3
/* SUMMARY
/*	the facts a monitor and a start judge the instance by
/* SYNOPSIS
/*	#include "pf_health.h"
/*
/*	int	pf_health_check(const pf_ctx_t *ctx,
/*			const pf_conf_t *conf, const pf_ids_t *ids, int depth,
/*			pf_deadline_t deadline, pf_health_t *h,
/*			char *why, size_t len)
/*
/*	int	pf_health_probe(const pf_ctx_t *ctx,
/*			const pf_listener_t *l, size_t n, bool *done,
/*			const char *ehlo, pf_deadline_t deadline,
/*			char *why, size_t len)
/* DESCRIPTION
/*	pf_health_check() gathers the monitor's facts at a depth (0, 10,
/*	20), spawning nothing: master status, the instance's processes
/*	when no verified master holds the lock (pf_master_scan(): its
/*	verified daemons and their descendants; strangers in the queue
/*	directory are named in a warning, never counted), the queue directory
/*	searchable by mail_owner (with the ids the caller looked up, or
/*	NULL), the listeners local and greeting, and at depth 10 the
/*	ownership checks. It returns the first failing check's code; what
/*	that means for the answer is pf_answer's to say. start calls it
/*	before "postfix start" too, at depth 0.
/*
/*	pf_health_probe() reads the greeting of each listener not yet
/*	marked done (pf_smtp_probe_all(): connects started together), each
/*	probe ending by the deadline, or earlier when the smtp_timeout
/*	parameter says so.
/* DIAGNOSTICS
/*	pf return codes; the cause in why, object first.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_accept.h"
#include "pf_health.h"
#include "pf_log.h"
#include "pf_mount.h"
#include "pf_qmgr.h"
#include "pf_rc.h"
#include "pf_smtp.h"

/* probe - every listener greets, with a stall check or none */

static int probe(const pf_ctx_t *ctx, const pf_listener_t *l, size_t n,
		         bool *done, const char *ehlo, pf_deadline_t deadline,
		         const pf_smtp_stall_t *stall, char *why, size_t len)
{
    return (pf_smtp_probe_all(l, n, done, ehlo, deadline, ctx->smtp_timeout_ms,
			      stall, why, len));
}

/* pf_health_probe - every listener greets */

int     pf_health_probe(const pf_ctx_t *ctx, const pf_listener_t *l, size_t n,
			bool *done, const char *ehlo, pf_deadline_t deadline,
			char *why, size_t len)
{
    return (probe(ctx, l, n, done, ehlo, deadline, NULL, why, len));
}

/* What the stall check looks at: the master, and what one wait saw. */
typedef struct stall_watch {
    pid_t   master;
    pf_accept_watch_t seen;
} stall_watch_t;

/* stall_check - pf_accept's proof for the master's listener */

static int stall_check(const pf_listener_t *l, void *arg, pf_smtp_look_t look,
		               char *cause, size_t len)
{
    stall_watch_t *sw = arg;

    if (look == PF_SMTP_LOOK_FIRST)
	pf_accept_watch_reset(&sw->seen);
    return (pf_accept_stalled(sw->master, l, &sw->seen,
			      look == PF_SMTP_LOOK_DEADLINE, cause, len));
}

/*
 * members - the instance's processes (one scan of /proc) as pids; the
 * strangers in its queue directory (another user's processes, orphaned
 * delivery commands) are named in a warning and never counted.
 */
static int members(const pf_conf_t *conf, const pf_ids_t *ids, pid_t **pids,
		           size_t *n)
{
    pf_master_procs_t procs;
    char    why[PF_WHY_LEN];
    int     err;

    *pids = NULL;
    *n = 0;
    if ((err = pf_master_scan(conf->queue_directory, conf->daemon_directory,
			      ids ? ids->uid : (uid_t) -1, NULL, &procs)) != PF_OK)
	return (err);
    if (procs.n_stranger > 0) {
	pf_master_strangers_why(conf->queue_directory, &procs, why, sizeof(why));
	pf_warn("%s", why);
    }
    if ((err = pf_master_member_pids(&procs, pids)) == PF_OK)
	*n = procs.n_member;
    pf_master_procs_free(&procs);
    return (err);
}

/* pf_health_check - the monitor's checks, spawning nothing */

int     pf_health_check(const pf_ctx_t *ctx, const pf_conf_t *conf,
			const pf_ids_t *ids, int depth,
			pf_deadline_t deadline, pf_health_t *h,
			char *why, size_t len)
{
    pf_listener_t *l = NULL;
    char    mwhy[PF_WHY_LEN], list[256];
    pid_t  *pids = NULL;
    size_t  n = 0;
    int     rc;

    memset(h, 0, sizeof(*h));
    rc = pf_master_status(conf->queue_directory, conf->daemon_directory,
			  &h->st, mwhy, sizeof(mwhy));
    if (rc == PF_EINSTALL) {
	snprintf(why, len, "%s. This directory must exist on a shared filesystem", mwhy);
	return (PF_EINSTALL);
    }
    if (pf_mount_check_queue(conf->queue_directory, ctx->queue_mount_point,
			     mwhy, sizeof(mwhy)) != PF_OK) {
	/* a local queue where the shared one belongs: this node's fault */
	if (members(conf, ids, &pids, &n) != PF_OK)
	    n = 1;				/* cannot tell: never "not running" */
	free(pids);
	h->running = (n > 0 || h->st.pid != 0);
	snprintf(why, len, "%s", mwhy);
	return (PF_EINSTALL);
    }
    /*
     * The process table is searched only when no verified master holds the
     * lock: that search reads every process of the node, and a healthy
     * recurring monitor must not cost more on a busy node.
     */
    if (rc != PF_OK && members(conf, ids, &pids, &n) != PF_OK)
	n = 0;
    h->running = (n > 0 || h->st.pid != 0);
    if (rc != PF_OK) {
	if (!h->running) {
	    snprintf(why, len, "%s", mwhy);
	    free(pids);
	    return (PF_ENOTRUNNING);
	}
	pf_master_pid_list(pids, n, list, sizeof(list));
	free(pids);
	if (h->st.orphan)
	    snprintf(why, len, "%s", mwhy);
	else
	    snprintf(why, len, "queue %s: Master process of postfix is not running, "
		     "but processes of this instance are: %s", conf->queue_directory, list);
	return (PF_EFAIL);
    }
    free(pids);
    if (h->st.stopped) {
	snprintf(why, len, "%s", mwhy);
	return (PF_EFAIL);
    }
    if ((rc = pf_ids_check_queue_search(conf, ids, why, len)) != PF_OK)
	return (rc);
    /* cleanup fails while smtpd greets: a few dozen stat(), no queue walk */
    if ((rc = pf_ids_check_queue(conf, why, len)) != PF_OK)
	return (rc);
    if ((rc = pf_listen_build(conf, ctx->listeners, &l, &n, why, len)) != PF_OK)
	return (rc);
    if (n == 0)					/* outbound-only: no SMTP */
	rc = pf_qmgr_check(conf, h->st.pid, deadline, why, len);
    else if ((rc = pf_listen_local(l, n, why, len)) == PF_OK) {
	/*
	 * a listener nobody accepts from fails at once, a slow one waits; a
	 * D state counts only when it lasts the greeting's whole wait
	 */
	stall_watch_t sw = {h->st.pid, PF_ACCEPT_WATCH_INIT};
	pf_smtp_stall_t stall = {stall_check, &sw};

	rc = probe(ctx, l, n, NULL, depth >= PF_CHECK_LEVEL_EHLO ? ctx->helo_name : NULL,
		   deadline, &stall, why, len);
	pf_accept_watch_free(&sw.seen);
    }
    free(l);
    if (rc != PF_OK)
	return (rc);
    if (depth >= PF_CHECK_LEVEL_NODE) {
	if ((rc = pf_ids_check_data_dir(conf, why, len)) != PF_OK)
	    return (rc);
    }
    snprintf(why, len, "%s; %s", mwhy, n ? "every listener greets"
	     : "no SMTP listener, queue manager runs");
    return (PF_OK);
}
