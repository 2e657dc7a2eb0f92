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

/* Called with each condition that holds: its name, brief and text. */
typedef void (*pf_degraded_fn) (const char *name, const char *brief,
				        const char *text, void *arg);

extern int pf_degraded_parse(const char *list, unsigned *mask, char *why,
			             size_t len);
extern int pf_degraded_check(const pf_ctx_t *ctx, const pf_conf_t *conf,
			             pid_t master, int depth,
			             pf_degraded_fn report, void *arg);

#endif
