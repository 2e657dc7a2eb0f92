/*++
/* NAME
/*	pf_cluster 3
/* SUMMARY
/*	the kit's hierarchy and between-servers checks, in Pacemaker's terms
/* SYNOPSIS
/*	#include "pf_cluster.h"
/*
/*	int	pf_cluster_wiring(const pf_ctx_t *ctx, const pf_conf_t *conf,
/*			pf_report_t *report)
/*	void	pf_cluster_ids_publish(const pf_ctx_t *ctx,
/*			const pf_ids_t *own)
/*	int	pf_cluster_publish_budget(int left)
/*	void	pf_cluster_ids_compare(const pf_ctx_t *ctx,
/*			const pf_conf_t *conf, bool mark, pf_report_t *report)
/*
/*	void	pf_cluster_after_start_later(const pf_ctx_t *ctx)
/*
/*	bool	pf_cluster_after_start_due(const pf_ctx_t *ctx)
/*
/*	void	pf_cluster_queue_publish(const pf_ctx_t *ctx,
/*			const pf_qscan_t *q)
/* DESCRIPTION
/*	A Postfix resource is safe to fail over only when every
/*	inet_interfaces address is protected by an IP resource, the queue
/*	is on a shared filesystem resource, and the postfix uid and postdrop
/*	gid are the same on every server. Pacemaker has no create or extend
/*	step at which to check that once; it has the CIB and node
/*	attributes, and these functions use them.
/*
/*	pf_cluster_wiring() (start, validate-all at level 10) reads the CIB
/*	(pf_cib_load()) and checks, for the resource OCF_RESOURCE_INSTANCE:
/*	every listener address that is not loopback is the address of an IP
/*	resource that runs with it and starts before it ("Could not find IP
/*	resource for ADDR"); the queue directory, and mail_spool_directory
/*	when local(8) delivers there, lie under the directory of a
/*	Filesystem resource that runs with it and starts before it ("...
/*	This directory must exist on a shared filesystem"). What is missing
/*	is a warning in the log and the node attribute pfkit-<rsc>-wiring
/*	(shown by crm_mon -A; removed once the wiring is right); what
/*	that answers is the answer table's (pf_answer_found(),
/*	PF_FOUND_UNWIRED): with require_wiring=true a refusal (PF_EINSTALL,
/*	5: this node cannot run it as configured, another one will not
/*	either, but the CIB is not the agent's configuration), else PF_OK. Without a CIB (cibadmin
/*	fails: not in a cluster), it says so once, at info level. A CIB
/*	this node cannot read (libxml2 cannot be loaded, pf_cib_xml_load();
/*	or cibadmin's answer is not XML) is a check that could not run:
/*	"library libxml2.so.2: cannot be loaded: ...; cluster wiring not
/*	checked" as a warning and as the value of pfkit-<rsc>-wiring, and
/*	with require_wiring=true the refusal (PF_EINSTALL, 5: only this
/*	node cannot read it) with that reason. In validate-all's report
/*	(pf_report(3), report collecting every problem) each missing
/*	resource is a line of its own with its fix: an error with
/*	require_wiring=true, else a warning; otherwise (start: report
/*	NULL) the first is the exit reason, as above.
/*
/*	pf_cluster_ids_publish() (every probe and monitor, Pacemaker's
/*	calls only: OCF_RESKEY_CRM_meta_on_node set) publishes "uid:gid" of
/*	mail_owner and setgid_group (own: as the monitor looked them up,
/*	pf_ids_lookup()) as the private node attribute
/*	pfkit-<rsc>-ids, on a probe and when it differs from the value last
/*	published (pf_attrd_last()); otherwise it spawns nothing. A change
/*	also removes this node's pfkit-<rsc>-ids-mismatch mark: the active
/*	node judges the new ids at its next depth-10 monitor. attrd_updater
/*	answers in some tens of milliseconds; a slow attrd must not eat the
/*	probe's time, which its answer needs (the greeting wait, the hung-
/*	listener evidence): publishing gets pf_cluster_publish_budget() of
/*	what is left, a fifth, at most 2 s (20 s, Pacemaker's usual monitor
/*	timeout, gives the 2 s; 5 s gives 1 s). Past it attrd_updater is
/*	ended, a warning says so, the probe goes on to its answer, and the
/*	value is not remembered, so that the next monitor tries again
/*	(within the same budget); a definite failure (attrd absent) is
/*	remembered, and retried at the next probe, as before.
/*
/*	pf_cluster_queue_publish() (the depth-10 monitor of a serving
/*	instance, Pacemaker's calls only) publishes the counts of a queue
/*	scan (pf_qscan) as the node attributes pfkit-<rsc>-queue-incoming,
/*	-queue-active, -queue-deferred, -queue-hold and
/*	-queue-oldest-deferred (seconds since the oldest deferred message
/*	arrived, 0 when none): transient, not private, so crm_mon -A shows
/*	them and location rules and alerts can use them. Each is written
/*	only when it differs from what this node last published, within
/*	pf_cluster_publish_budget(); q NULL (stop) removes those this node
/*	published, spawning nothing when there are none.
/*
/*	pf_cluster_ids_compare() (on the node where the queue is mounted)
/*	compares every other node's published ids with the owner of the
/*	queue's private directories (active) and the group of its maildrop
/*	directory, logs a mismatch with the kit's words ("postfix id does
/*	not match between servers: node2 has uid 1001, the queue is owned
/*	by uid 108"), and, with mark, sets (or, once right, removes) the
/*	node attribute pfkit-<rsc>-ids-mismatch on that node: a location
/*	rule on it keeps the resource off that node (crm-examples/
/*	README.md). Only where the instance runs is the queue surely the
/*	shared one: the first recurring monitor after a start and the
/*	depth-10 monitor (when healthy) mark, validate-all marks only when this node's master of
/*	the instance holds its lock. Elsewhere (validate-all on a passive
/*	node whose local queue directory is a stale copy) a mismatch is
/*	only reported, as a warning of validate-all's report
/*	(crm_resource --validate shows it; the answer stays 0) that says
/*	it was not marked. Every node's value is
/*	compared, however many nodes and however long their names
/*	(pf_attrd_query()); when the values cannot be had, that is said:
/*	at info level when attrd_updater is absent or fails (no cluster
/*	here), as a warning when its answer cannot be read or kept (no
/*	memory) or libxml2 cannot be loaded to read it, and always as a
/*	warning with require_wiring=true.
/*
/*	pf_cluster_after_start_later() (start, once every listener greets)
/*	leaves the cluster checks that only warn to the first recurring
/*	monitor after it, which Pacemaker runs at once: the comparison of
/*	the other nodes' ids, and the wiring (pf_cluster_wiring()) unless
/*	require_wiring makes it a refusal, checked before postfix starts.
/*	So start returns as soon as the instance serves (cibadmin and two
/*	attrd_updater queries are some tens of milliseconds each of a
/*	switchover). It keeps a note in $HA_RSCTMP (pf_attrd_remember(),
/*	Pacemaker's calls only), which pf_cluster_after_start_due() reads
/*	and a marking pf_cluster_ids_compare() removes. What protects the
/*	queue at start is not these checks but this node's own ids against
/*	the queue's owners (pf_ids, before postfix starts); the marks keep
/*	the resource from moving to a node whose ids differ.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pf_addr.h"
#include "pf_answer.h"
#include "pf_attrd.h"
#include "pf_buf.h"
#include "pf_cib.h"
#include "pf_cluster.h"
#include "pf_listen.h"
#include "pf_log.h"
#include "pf_qscan.h"
#include "pf_rc.h"
#include "pf_report.h"

#define CIB_WAIT_MS	10000		/* cibadmin, attrd_updater: at most */
#define PUBLISH_MAX_MS	2000		/* a monitor's attrd_updater: at most */
#define PUBLISH_SHARE	5		/* and at most 1/5 of the time left */
#define MAX_ADDRS	16
#define PF_WHY_LEN_CLUSTER 300

/* attr_name - pfkit-<resource>-<what>, a clone's ":N" left out */

static void attr_name(const pf_ctx_t *ctx, const char *what, char *buf,
		              size_t len)
{
    snprintf(buf, len, "pfkit-%.*s-%s", (int) strcspn(ctx->instance, ":"),
	     ctx->instance, what);
}

/* deadline - the action's, but never long for a cluster tool */

static pf_deadline_t deadline(const pf_ctx_t *ctx)
{
    return (pf_deadline_min(ctx->deadline, pf_deadline_after(CIB_WAIT_MS)));
}

/* probed_addr - a listener address the cluster must move, as text */

static bool probed_addr(const pf_listener_t *l, char *buf, size_t len)
{
    const struct sockaddr_in *v4 = (const struct sockaddr_in *) &l->addr;
    const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *) &l->addr;

    if (pf_addr_is_wildcard((const struct sockaddr *) &l->addr))
	return (false);
    if (l->addr.ss_family == AF_INET) {
	if ((ntohl(v4->sin_addr.s_addr) >> 24) == 127)
	    return (false);
	return (inet_ntop(AF_INET, &v4->sin_addr, buf, (socklen_t) len) != NULL);
    }
    if (l->addr.ss_family == AF_INET6) {
	if (IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr))
	    return (false);
	return (inet_ntop(AF_INET6, &v6->sin6_addr, buf, (socklen_t) len) != NULL);
    }
    return (false);
}

/* not_run - a cluster check that could not run: a report line, or logged */

static void not_run(pf_report_t *report, int prio, const char *what,
		            const char *cause, const char *detail)
{
    char    text[PF_WHY_LEN_CLUSTER + 40];

    if (!pf_report_all(report)) {
	qb_log(prio, "%s: not checked, %s%s%s", what, cause,
	       detail ? " " PF_XS " " : "", detail ? detail : "");
	return;
    }
    snprintf(text, sizeof(text), "%s%s%s%s", cause, detail ? " (" : "",
	     detail ? detail : "", detail ? ")" : "");
    pf_report_skip(report, what, text);
}

/* FIX_IP, FIX_FS - what mends a missing IP or Filesystem resource */

#define FIX_IP	"add an IPaddr2 resource with that address, colocated with " \
	"this one and ordered before it (crm-examples/)"
#define FIX_FS	"add a Filesystem resource for it, colocated with this one " \
	"and ordered before it (crm-examples/)"

/* unwired_problem - one thing the wiring lacks: logged, or a report line */

static void unwired_problem(const pf_ctx_t *ctx, pf_report_t *report,
			            const char *why, const char *fix)
{
    int     rc = pf_answer_found(PF_FOUND_UNWIRED, ctx->require_wiring);

    if (!pf_report_all(report))
	pf_warn("%s", why);			/* unwired() says the first */
    else if (rc != PF_OK)
	pf_report_error(report, rc, why, fix);
    else
	pf_report_warn(report, why, fix);
}

/* wiring_problems - what the CIB lacks; the first in first, count back */

static int wiring_problems(const pf_ctx_t *ctx, const pf_conf_t *conf,
			           const pf_cib_t *cib, pf_report_t *report,
			           char *first, size_t len)
{
    pf_listener_t *l = NULL;
    char    addrs[MAX_ADDRS][INET6_ADDRSTRLEN];
    char    why[PF_WHY_LEN_CLUSTER], real[PATH_MAX];
    size_t  n = 0, na = 0, i, j;
    int     bad = 0;

    first[0] = 0;
#define PROBLEM(w, fix) do { \
	unwired_problem(ctx, report, (w), (fix)); \
	if (bad++ == 0) \
	    snprintf(first, len, "%s", (w)); \
    } while (0)

    if (pf_listen_build(conf, ctx->listeners, &l, &n, why, sizeof(why)) == PF_OK) {
	for (i = 0; i < n && na < MAX_ADDRS; i++) {
	    if (!probed_addr(&l[i], addrs[na], sizeof(addrs[na])))
		continue;
	    for (j = 0; j < na && strcmp(addrs[j], addrs[na]) != 0; j++)
		 /* void */ ;
	    if (j < na)
		continue;
	    if (pf_cib_ip_check(cib, ctx->instance, addrs[na], why,
				sizeof(why)) != PF_OK)
		PROBLEM(why, FIX_IP);
	    na++;
	}
    }
    free(l);
    if (pf_cib_fs_check(cib, ctx->instance, "queue_directory",
			conf->queue_directory,
			realpath(conf->queue_directory, real) ? real : NULL,
			why, sizeof(why)) != PF_OK)
	PROBLEM(why, FIX_FS);
    if (pf_conf_spool_used(conf)
	&& pf_cib_fs_check(cib, ctx->instance, "mail_spool_directory",
			   conf->mail_spool_directory,
			   realpath(conf->mail_spool_directory, real) ? real : NULL,
			   why, sizeof(why)) != PF_OK)
	PROBLEM(why, FIX_FS);
#undef PROBLEM
    return (bad);
}

/* publish_wiring - the node attribute crm_mon -A shows; "" removes it */

static void publish_wiring(const pf_ctx_t *ctx, const char *text)
{
    char    name[200], last[PF_WHY_LEN_CLUSTER], why[PF_WHY_LEN_CLUSTER];

    attr_name(ctx, "wiring", name, sizeof(name));
    pf_attrd_last(name, last, sizeof(last));
    if (*text == 0 && last[0] == 0)
	return;
    if (pf_attrd_update(name, NULL, *text ? text : NULL, false,
			deadline(ctx), why, sizeof(why)) == PF_OK)
	pf_attrd_remember(name, text);
    else
	pf_info("cluster wiring: %s", why);
}

/* unwired - the wiring is missing or unread: what the answer says to that */

static int unwired(const pf_ctx_t *ctx, pf_report_t *report, const char *why)
{
    int     rc = pf_answer_found(PF_FOUND_UNWIRED, ctx->require_wiring);

    /* a report has a line for each problem already */
    if (rc != PF_OK && !pf_report_all(report))
	pf_log_exit_reason("%s", why);
    return (rc);
}

/* pf_cluster_wiring - the hierarchy check of start and validate-all */

int     pf_cluster_wiring(const pf_ctx_t *ctx, const pf_conf_t *conf,
			          pf_report_t *report)
{
    pf_cib_t *cib = NULL;
    char    why[PF_WHY_LEN_CLUSTER], first[PF_WHY_LEN_CLUSTER];
    char    text[PF_WHY_LEN_CLUSTER + 40];
    int     bad, rc;

    if (*ctx->instance == 0) {
	not_run(report, LOG_DEBUG, "cluster wiring", "no resource name "
		"(OCF_RESOURCE_INSTANCE)", NULL);
	return (PF_OK);
    }
    if ((rc = pf_cib_load(deadline(ctx), &cib, why, sizeof(why))) != PF_OK) {
	if (rc == PF_ENOTRUNNING) {
	    not_run(report, LOG_INFO, "cluster wiring", "no CIB to read", why);
	    return (PF_OK);
	}
	/* a CIB this node cannot read (libxml2 gone): never a silent pass */
	snprintf(text, sizeof(text), "%s; cluster wiring not checked", why);
	unwired_problem(ctx, report, text, "make the CIB readable on this "
			"node (cibadmin -Q, libxml2)");
	publish_wiring(ctx, text);
	return (unwired(ctx, report, text));
    }
    if (!pf_cib_has(cib, ctx->instance)) {
	snprintf(text, sizeof(text), "resource %.100s is not in the CIB",
		 ctx->instance);
	not_run(report, LOG_INFO, "cluster wiring", text, NULL);
	pf_cib_free(cib);
	return (PF_OK);
    }
    bad = wiring_problems(ctx, conf, cib, report, first, sizeof(first));
    pf_cib_free(cib);
    publish_wiring(ctx, bad ? first : "");
    if (bad == 0) {
	pf_debug("cluster wiring: %s has its IP and Filesystem resources",
		 ctx->instance);
	return (PF_OK);
    }
    return (unwired(ctx, report, first));
}

/* pf_cluster_publish_budget - ms a monitor gives attrd, of left ms */

int     pf_cluster_publish_budget(int left)
{
    int     ms = left / PUBLISH_SHARE;

    return (ms < PUBLISH_MAX_MS ? (ms > 0 ? ms : 0) : PUBLISH_MAX_MS);
}

/* pf_cluster_ids_publish - this node's ids, when they changed */

void    pf_cluster_ids_publish(const pf_ctx_t *ctx, const pf_ids_t *own)
{
    char    name[200], mark[200], ids[64], last[64], why[PF_WHY_LEN_CLUSTER];
    pf_deadline_t by;
    int     budget, rc;

    /* Pacemaker's calls only: ocf-tester and a shell have no attrd */
    if (*ctx->instance == 0 || pf_buf_blank(pf_ocf_meta("on_node")))
	return;
    /* the monitor's own lookup: no second getpwnam() per monitor */
    snprintf(ids, sizeof(ids), "%lu:%lu", (unsigned long) own->uid,
	     (unsigned long) own->gid);
    attr_name(ctx, "ids", name, sizeof(name));
    pf_attrd_last(name, last, sizeof(last));
    if (strcmp(last, ids) == 0 && !ctx->probe)
	return;
    /* a small share of the monitor's time: its answer needs the rest */
    budget = pf_cluster_publish_budget(pf_deadline_left(ctx->deadline));
    by = pf_deadline_min(ctx->deadline, pf_deadline_after(budget));
    rc = pf_attrd_update(name, NULL, ids, true, by, why, sizeof(why));
    if (rc == PF_ETIMEOUT) {
	/* not remembered: the next monitor tries again, as cheaply */
	pf_warn("postfix ids %s not published within %d ms, attrd is slow: "
		"%s; the next monitor tries again", ids, budget, why);
	return;
    }
    if (rc != PF_OK)
	pf_info("postfix ids %s not published: %s", ids, why);
    else
	pf_debug("postfix ids %s published as %s", ids, name);
    if (strcmp(last, ids) != 0 && pf_deadline_left(by) > 0) {
	/* new ids: the active node judges them again (it also does so
	 * itself at its next depth-10 monitor, should this not be done) */
	attr_name(ctx, "ids-mismatch", mark, sizeof(mark));
	if (pf_attrd_update(mark, NULL, NULL, false, by, why,
			    sizeof(why)) != PF_OK)
	    pf_debug("%s", why);
    }
    /* remembered even when attrd is not there: retried on the next probe */
    pf_attrd_remember(name, ids);
}

/* queue_ids - owner of the queue's private directories, maildrop's group */

static bool queue_ids(const pf_conf_t *conf, unsigned long *uid,
		              unsigned long *gid)
{
    char    path[PATH_MAX];
    struct stat st;

    snprintf(path, sizeof(path), "%s/active", conf->queue_directory);
    if (stat(path, &st) < 0)
	return (false);
    *uid = (unsigned long) st.st_uid;
    snprintf(path, sizeof(path), "%s/maildrop", conf->queue_directory);
    if (stat(path, &st) < 0)
	return (false);
    *gid = (unsigned long) st.st_gid;
    return (true);
}

/* mark_of - the value of the mismatch mark on node, or "" */

static const char *mark_of(const pf_cib_attr_t *marks, size_t n, const char *node)
{
    size_t  i;

    for (i = 0; i < n; i++)
	if (strcmp(marks[i].node, node) == 0)
	    return (marks[i].value);
    return ("");
}

/*
 * mismatch - the kit's message when node's ids differ from the queue's,
 * whole (the node's name is never cut): *msg malloc()ed, or NULL when
 * they match; ENOMEM.
 */
static int mismatch(const char *node, unsigned long uid, unsigned long gid,
		            unsigned long quid, unsigned long qgid, char **msg)
{
    const char *fmt;
    unsigned long have, want;
    int     n;

    *msg = NULL;
    if (uid != quid) {
	fmt = "postfix id does not match between servers: %s has uid %lu, "
	    "the queue is owned by uid %lu";
	have = uid, want = quid;
    } else if (gid != qgid) {
	fmt = "postdrop gid does not match between servers: %s has gid %lu, "
	    "the queue's maildrop directory has gid %lu";
	have = gid, want = qgid;
    } else
	return (PF_OK);
    n = snprintf(NULL, 0, fmt, node, have, want);
    if (n < 0 || (*msg = malloc((size_t) n + 1)) == NULL)
	return (ENOMEM);
    snprintf(*msg, (size_t) n + 1, fmt, node, have, want);
    return (PF_OK);
}

/* FIX_IDS - what mends ids that differ between servers */

#define FIX_IDS	"give postfix and postdrop the same uid and gid on every " \
	"node (usermod -u, groupmod -g, then chown that node's files)"

/* after_start_note - the name of the note of the checks a start left due */

static bool after_start_note(const pf_ctx_t *ctx, char *name, size_t len)
{
    if (*ctx->instance == 0 || pf_buf_blank(pf_ocf_meta("on_node")))
	return (false);
    attr_name(ctx, "after-start", name, len);
    return (true);
}

/* pf_cluster_after_start_later - start: the first monitor checks */

void    pf_cluster_after_start_later(const pf_ctx_t *ctx)
{
    char    name[200];

    if (after_start_note(ctx, name, sizeof(name)))
	pf_attrd_remember(name, "due");
}

/* pf_cluster_after_start_due - a start left its checks to a monitor */

bool    pf_cluster_after_start_due(const pf_ctx_t *ctx)
{
    char    name[200], value[8];

    if (!after_start_note(ctx, name, sizeof(name)))
	return (false);
    pf_attrd_last(name, value, sizeof(value));
    return (strcmp(value, "due") == 0);
}

/* pf_cluster_ids_compare - the other nodes' ids against the queue's */

void    pf_cluster_ids_compare(const pf_ctx_t *ctx, const pf_conf_t *conf,
			               bool mark, pf_report_t *report)
{
    pf_cib_attr_t *ids = NULL, *marks = NULL;
    size_t  ni = 0, nm = 0, i;
    char    name[200], markname[200], why[PF_WHY_LEN_CLUSTER];
    const char *self = pf_ocf_meta("on_node");
    unsigned long quid, qgid, uid, gid;
    char   *msg;
    int     rc;

    /* a marking comparison is the one a start left due: done now */
    if (mark && after_start_note(ctx, name, sizeof(name)))
	pf_attrd_forget(name);
    if (*ctx->instance == 0 || !queue_ids(conf, &quid, &qgid)) {
	not_run(report, LOG_DEBUG, "postfix ids of the other nodes",
		*ctx->instance ? "the queue's active or maildrop directory "
		"cannot be read" : "no resource name (OCF_RESOURCE_INSTANCE)",
		NULL);
	return;
    }
    attr_name(ctx, "ids", name, sizeof(name));
    attr_name(ctx, "ids-mismatch", markname, sizeof(markname));
    if ((rc = pf_attrd_query(name, deadline(ctx), &ids, &ni, why,
			     sizeof(why))) != PF_OK) {
	/* a report says it once, as a check not run */
	if (pf_report_all(report))
	    pf_report_skip(report, "postfix ids of the other nodes", why);
	/* this node cannot read attrd's answer: a warning */
	else if (rc == PF_EINSTALL)
	    pf_warn("%s; postfix ids of the other nodes not compared", why);
	/* attrd absent (no cluster): info; an answer not had: a warning */
	else
	    qb_log((rc == ENOENT || rc == PF_EFAIL) && !ctx->require_wiring ?
		   LOG_INFO : LOG_WARNING,
		   "postfix ids of the other nodes: not compared: %s", why);
	return;
    }
    if (mark && pf_attrd_query(markname, deadline(ctx), &marks, &nm, why,
			       sizeof(why)) != PF_OK)
	nm = 0;
    for (i = 0; i < ni; i++) {
	const char *had = mark_of(marks, nm, ids[i].node);

	if ((self && strcmp(ids[i].node, self) == 0)
	    || sscanf(ids[i].value, "%lu:%lu", &uid, &gid) != 2)
	    continue;
	if (mismatch(ids[i].node, uid, gid, quid, qgid, &msg) != PF_OK) {
	    pf_warn("node %s: postfix ids not compared: out of memory",
		    ids[i].node);
	    continue;
	}
	if (!mark) {
	    /* this node's queue may be a stale copy: tell, never mark */
	    if (msg)
		pf_report_warn(report, msg, FIX_IDS " (not marked: the "
			       "instance does not run on this node, whose "
			       "queue may not be the shared one)");
	    free(msg);
	    continue;
	}
	if (msg && pf_report_all(report))
	    pf_report_warn(report, msg, FIX_IDS " (marked)");
	else if (msg)
	    pf_warn("%s", msg);
	if (strcmp(had, msg ? msg : "") != 0) {
	    /* the mark carries the message: crm_mon -A shows why */
	    if (pf_attrd_update(markname, ids[i].node, msg, false,
				deadline(ctx), why, sizeof(why)) != PF_OK)
		pf_warn("%s", why);
	    else if (msg == NULL)
		pf_notice("node %s: postfix ids %s match the queue again",
			  ids[i].node, ids[i].value);
	}
	free(msg);
    }
    pf_cib_attrs_free(ids, ni);
    pf_cib_attrs_free(marks, nm);
}

/* The queue's node attributes: pfkit-<rsc>-<suffix>. */
static const char *const queue_attrs[] = {
    "queue-incoming", "queue-active", "queue-deferred", "queue-hold",
    "queue-oldest-deferred",
};

#define N_QUEUE_ATTRS (sizeof(queue_attrs) / sizeof(queue_attrs[0]))

/* pf_cluster_queue_publish - the queue's counts as node attributes */

void    pf_cluster_queue_publish(const pf_ctx_t *ctx, const pf_qscan_t *q)
{
    char    name[200], last[64], value[N_QUEUE_ATTRS][32], why[PF_WHY_LEN_CLUSTER];
    pf_deadline_t by;
    size_t  i;
    int     rc;

    if (*ctx->instance == 0 || pf_buf_blank(pf_ocf_meta("on_node")))
	return;
    if (q != NULL) {
	snprintf(value[0], sizeof(value[0]), "%ld", q->incoming);
	snprintf(value[1], sizeof(value[1]), "%ld", q->active);
	snprintf(value[2], sizeof(value[2]), "%ld", q->deferred);
	snprintf(value[3], sizeof(value[3]), "%ld", q->hold);
	/* seconds since the oldest deferred message arrived; 0: none */
	snprintf(value[4], sizeof(value[4]), "%lld",
		 q->oldest_from == PF_QSCAN_TIME_NONE ? 0LL :
		 (long long) (time(NULL) - q->oldest_deferred));
    }
    by = pf_deadline_min(ctx->deadline, pf_deadline_after(
			  pf_cluster_publish_budget(pf_deadline_left(ctx->deadline))));
    for (i = 0; i < N_QUEUE_ATTRS; i++) {
	const char *v = q ? value[i] : "";

	attr_name(ctx, queue_attrs[i], name, sizeof(name));
	pf_attrd_last(name, last, sizeof(last));
	/* unchanged, or nothing published here to remove: no process */
	if (strcmp(last, v) == 0)
	    continue;
	rc = pf_attrd_update(name, NULL, *v ? v : NULL, false, by, why,
			     sizeof(why));
	if (rc == PF_OK)
	    pf_attrd_remember(name, v);
	else {
	    pf_info("queue counts not %s: %s", q ? "published" : "removed", why);
	    break;
	}
    }
}
