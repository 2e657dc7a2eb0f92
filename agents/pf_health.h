/*++
/* NAME
/*	pf_health 3h
/* SUMMARY
/*	the facts a monitor and a start judge the instance by
/* SYNOPSIS
/*	#include "pf_health.h"
/* DESCRIPTION
/*	See pf_health.c.
/*--*/
#ifndef PF_HEALTH_H
#define PF_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_agent.h"
#include "pf_conf.h"
#include "pf_ids.h"
#include "pf_listen.h"
#include "pf_master.h"

/* What pf_health_check() found. */
typedef struct pf_health {
    pf_master_state_t st;		/* master status */
    bool    running;			/* any process of the instance */
} pf_health_t;

/*
 * Health of the instance at a monitor depth (0, 10, 20), spawning
 * nothing: PF_OK healthy; PF_ENOTRUNNING nothing of it runs; PF_EFAIL
 * something runs but is not healthy (master hung, a listener fails, no
 * SMTP listener and no queue manager (pf_qmgr_check()), daemons without
 * master, queue not searchable); PF_EINSTALL queue
 * directory absent or a listener address not on this node; PF_EPERM
 * ownership (depth 10); PF_ECONFIG listeners cannot be built. ids: the
 * owners' ids when the caller has looked them up already, else NULL.
 */
extern int pf_health_check(const pf_ctx_t *ctx, const pf_conf_t *conf,
			   const pf_ids_t *ids, int depth,
			   pf_deadline_t deadline, pf_health_t *h,
			   char *why, size_t len);

/*
 * Probe every listener (greeting; EHLO with ehlo != NULL) once. done[i]
 * marks listeners already seen greeting and is updated; NULL: probe all.
 * PF_OK when all greet, else the first failure, why naming the listener.
 */
extern int pf_health_probe(const pf_ctx_t *ctx, const pf_listener_t *l,
			   size_t n, bool *done, const char *ehlo,
			   pf_deadline_t deadline, char *why, size_t len);

#endif
