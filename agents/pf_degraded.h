/*++
/* NAME
/*	pf_degraded 3h
/* SUMMARY
/*	the conditions that make a healthy instance "degraded" (OCF 190)
/* SYNOPSIS
/*	#include "pf_degraded.h"
/* DESCRIPTION
/*	See pf_degraded.c.
/*--*/
#ifndef PF_DEGRADED_H
#define PF_DEGRADED_H

#include <stddef.h>
#include <sys/types.h>

#include "pf_agent.h"
#include "pf_conf.h"

/* The default of tls_expiry_days. */
#define PF_DEGRADED_TLS_DAYS	14

/* The thresholds' parameters, read (0: that limit off). */
typedef struct pf_degraded_limits {
    long long tls_days;			/* tls_expiry_days */
    long long deferred_age;		/* deferred_max_age, seconds */
    long long deferred_count;		/* deferred_max_count */
} pf_degraded_limits_t;

/* What the monitor gathered before: the conditions' other facts. */
typedef struct pf_degraded_facts {
    pid_t   master;			/* verified master */
    const struct pf_qscan *queue;	/* depth 10: the queue's scan, or NULL */
} pf_degraded_facts_t;

/* Called with each condition that holds: its name, brief, text and fix. */
typedef void (*pf_degraded_fn) (const char *name, const char *brief,
				        const char *text, const char *fix,
				        void *arg);

extern int pf_degraded_parse(const char *list, unsigned *mask, char *why,
			             size_t len);
extern int pf_degraded_limits(const pf_ctx_t *ctx, pf_degraded_limits_t *lim,
			              char *why, size_t len);
extern int pf_degraded_scan_ms(const pf_ctx_t *ctx);
extern int pf_degraded_check(const pf_ctx_t *ctx, const pf_conf_t *conf,
			             const pf_degraded_facts_t *facts, int depth,
			             pf_degraded_fn report, void *arg);

#endif
