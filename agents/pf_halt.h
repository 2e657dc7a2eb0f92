/*++
/* NAME
/*	pf_halt 3h
/* SUMMARY
/*	leave nothing of the instance running: stop, escalating
/* SYNOPSIS
/*	#include "pf_halt.h"
/* DESCRIPTION
/*	See pf_halt.c.
/*--*/
#ifndef PF_HALT_H
#define PF_HALT_H

#include <stddef.h>

#include "pf_agent.h"
#include "pf_conf.h"

/*
 * Stop everything of the instance by the deadline: drain (SIGKILL to a
 * verified master that is not stopped, as postfix drain does, then wait
 * while its processes finish what they are in), then SIGTERM and SIGKILL
 * of the processes pf_master proves to be this instance's.
 * conf may be NULL (unreadable): then the instance is found by
 * pf_master_locate(). PF_OK only when nothing of it is left.
 */
extern int pf_halt_instance(const pf_ctx_t *ctx, const pf_conf_t *conf,
			    pf_deadline_t deadline, char *why, size_t len);

#endif
