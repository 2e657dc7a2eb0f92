/*++
/* NAME
/*	pf_ocf 3h
/* SUMMARY
/*	OCF exit codes, environment getters, the action's deadline, probe
/*	detection
/* SYNOPSIS
/*	#include "pf_ocf.h"
/* DESCRIPTION
/*	See pf_ocf.c. The deadline clock is pf_clock, included here.
/*--*/
#ifndef PF_OCF_H
#define PF_OCF_H

#include <stdbool.h>
#include <stdint.h>

#include "pf_clock.h"

/* OCF exit codes: defined here once, for the whole project. */
#define PF_OCF_SUCCESS		0
#define PF_OCF_ERR_GENERIC	1
#define PF_OCF_ERR_ARGS		2
#define PF_OCF_ERR_UNIMPLEMENTED 3
#define PF_OCF_ERR_PERM		4
#define PF_OCF_ERR_INSTALLED	5
#define PF_OCF_ERR_CONFIGURED	6
#define PF_OCF_NOT_RUNNING	7
#define PF_OCF_DEGRADED		190	/* OCF 1.1: running, trouble ahead */

/* Used when Pacemaker gave no (usable) action timeout. */
#define PF_OCF_DEFAULT_TIMEOUT_MS	20000
/* Largest timeout we believe (one day); anything above is clamped. */
#define PF_OCF_MAX_TIMEOUT_MS	86400000

extern const char *pf_ocf_reskey(const char *name, const char *dflt);
extern const char *pf_ocf_meta(const char *name);
extern int pf_ocf_timeout_ms(void);
extern int pf_ocf_margin_ms(int timeout_ms);
extern pf_deadline_t pf_ocf_deadline(void);
extern bool pf_ocf_is_probe(const char *action);
extern int pf_ocf_check_level(void);
extern int pf_ocf_from_rc(int rc);

/* $HA_RSCTMP when absolute, else /run/resource-agents. */
extern const char *pf_ocf_rsctmp(void);

#endif
