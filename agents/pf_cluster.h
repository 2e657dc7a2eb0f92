/*++
/* NAME
/*	pf_cluster 3h
/* SUMMARY
/*	the kit's hierarchy and between-servers checks, in Pacemaker's terms
/* SYNOPSIS
/*	#include "pf_cluster.h"
/*--*/
#ifndef PF_CLUSTER_H
#define PF_CLUSTER_H

#include "pf_agent.h"
#include "pf_conf.h"
#include "pf_ids.h"
#include "pf_report.h"

/*
 * start, validate-all at level 10: the IP and Filesystem resources this
 * one needs are wired to it in the CIB. A warning (log, node attribute
 * pfkit-<rsc>-wiring; a line of report when it collects every problem),
 * answered by pf_answer_found(PF_FOUND_UNWIRED):
 * with ctx->require_wiring PF_EINSTALL with the reason. PF_OK outside a cluster (said once at info level). A CIB
 * this node cannot read (libxml2 cannot be loaded) is treated the same
 * way, never as a pass: warning and attribute "...; cluster wiring not
 * checked", PF_EINSTALL with require_wiring.
 */
extern int pf_cluster_wiring(const pf_ctx_t *ctx, const pf_conf_t *conf,
			             pf_report_t *report);

/*
 * probe and monitor: publish this node's uid of mail_owner and gid of
 * setgid_group (private attribute pfkit-<rsc>-ids, "uid:gid") when they
 * changed, and on every probe. Spawns nothing otherwise.
 */
extern void pf_cluster_ids_publish(const pf_ctx_t *ctx, const pf_ids_t *own);

/* The ms publishing gets of left ms: a fifth, at most 2000. Pure. */
extern int pf_cluster_publish_budget(int left);

/*
 * depth-10 monitor, validate-all level 10, the first monitor after a
 * start: the other nodes'
 * published ids (all of them, names whole) against the owners of this
 * node's queue; a mismatch is logged, and with mark (only where the
 * instance runs: its queue is the shared one) marks the node
 * (pfkit-<rsc>-ids-mismatch); without mark, a warning of report. Not
 * compared because libxml2 cannot be loaded: a warning.
 */
extern void pf_cluster_ids_compare(const pf_ctx_t *ctx, const pf_conf_t *conf,
				           bool mark, pf_report_t *report);

/*
 * start: leave the checks that only warn (that comparison, with mark; the
 * wiring unless require_wiring) to the first recurring monitor after it,
 * which asks pf_cluster_after_start_due(): a note in $HA_RSCTMP, removed
 * by a marking comparison. Pacemaker's calls only.
 */
extern void pf_cluster_after_start_later(const pf_ctx_t *ctx);
extern bool pf_cluster_after_start_due(const pf_ctx_t *ctx);

/*
 * The queue's counts (incoming, active, deferred, hold) and the age of the
 * oldest deferred message, in seconds, as the node attributes
 * pfkit-<rsc>-queue-<what>, each only when it changed; q NULL removes
 * those this node published (stop).
 */
struct pf_qscan;
extern void pf_cluster_queue_publish(const pf_ctx_t *ctx, const struct pf_qscan *q);

#endif
