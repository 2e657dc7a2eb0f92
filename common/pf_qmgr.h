/*++
/* NAME
/*	pf_qmgr 3h
/* SUMMARY
/*	is the queue manager of this instance's master alive
/* SYNOPSIS
/*	#include "pf_qmgr.h"
/* DESCRIPTION
/*	For an instance with no SMTP listener to probe (outbound-only,
/*	relay, or every inet service disabled), the proof of health that
/*	remains besides the master is its queue manager: a child of the
/*	master running $daemon_directory/<qmgr command>. Found through
/*	/proc, no process spawned.
/*--*/
#ifndef PF_QMGR_H
#define PF_QMGR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "pf_conf.h"
#include "pf_clock.h"

#define PF_QMGR_GRACE_MS	3000	/* a qmgr the master is restarting */

/*
 * Does conf's master.cf run a queue manager at all (an enabled qmgr or
 * oqmgr service)?
 */
extern bool pf_qmgr_expected(const pf_conf_t *conf);

/* PF_OK with *qmgr (may be NULL) set, or PF_ENOTRUNNING. */
extern int pf_qmgr_find(const pf_conf_t *conf, pid_t master, pid_t *qmgr);

/*
 * The monitor's check: PF_OK when no queue manager is expected or one
 * runs; when none runs, its service socket is triggered (as postqueue -f
 * would) so that the master starts one, and it is awaited for up to
 * PF_QMGR_GRACE_MS (and the deadline). PF_EFAIL with why otherwise.
 */
extern int pf_qmgr_check(const pf_conf_t *conf, pid_t master,
			         pf_deadline_t deadline, char *why, size_t len);

#endif
