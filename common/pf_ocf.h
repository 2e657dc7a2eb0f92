/*++
/* NAME
/*	pf_ocf 3h
/* SUMMARY
/*	OCF exit codes, environment getters, deadlines, probe detection
/* SYNOPSIS
/*	#include "pf_ocf.h"
/*--*/
#ifndef PF_OCF_H
#define PF_OCF_H

#include <stdbool.h>
#include <stdint.h>

/* OCF exit codes: defined here once, for the whole project. */
#define PF_OCF_SUCCESS		0
#define PF_OCF_ERR_GENERIC	1
#define PF_OCF_ERR_ARGS		2
#define PF_OCF_ERR_UNIMPLEMENTED 3
#define PF_OCF_ERR_PERM		4
#define PF_OCF_ERR_INSTALLED	5
#define PF_OCF_ERR_CONFIGURED	6
#define PF_OCF_NOT_RUNNING	7

/* Used when Pacemaker gave no (usable) action timeout. */
#define PF_OCF_DEFAULT_TIMEOUT_MS	20000
/* Largest timeout we believe (one day); anything above is clamped. */
#define PF_OCF_MAX_TIMEOUT_MS	86400000

/* A point in CLOCK_MONOTONIC time, in milliseconds. */
typedef int64_t pf_deadline_t;

extern const char *pf_ocf_reskey(const char *name, const char *dflt);
extern const char *pf_ocf_meta(const char *name);
extern int pf_ocf_timeout_ms(void);
extern int pf_ocf_margin_ms(int timeout_ms);
extern pf_deadline_t pf_ocf_deadline(void);
extern bool pf_ocf_is_probe(const char *action);
extern int pf_ocf_check_level(void);
extern int pf_ocf_from_rc(int rc);

extern int64_t pf_now_ms(void);
extern pf_deadline_t pf_deadline_after(int ms);
extern int pf_deadline_left(pf_deadline_t deadline);
extern pf_deadline_t pf_deadline_min(pf_deadline_t a, pf_deadline_t b);

#endif
