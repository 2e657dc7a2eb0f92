/*++
/* NAME
/*	pf_rc 3h
/* SUMMARY
/*	pfkit return codes
/* SYNOPSIS
/*	#include "pf_rc.h"
/* DESCRIPTION
/*	One return-code scheme for the whole library: 0 is success, a
/*	positive value is an errno, and the PF_E* codes below lie in their
/*	own range, below PF_RC_BASE (as Pacemaker's pcmk_rc_* codes do), so
/*	that the -1 a local helper or a system call returns is never taken
/*	for one of them. The library never exits; only main() maps a code
/*	to an OCF exit status (pf_ocf_from_rc()).
/*
/*	The project codes classify a failure by where it can be fixed,
/*	because that is what Pacemaker needs to know: a configuration
/*	that is wrong on every node (PF_ECONFIG) versus something wrong or
/*	missing on this node only (PF_EINSTALL, PF_EPERM) versus a service
/*	that is simply not there (PF_ENOTRUNNING). PF_ESPAWN and PF_ECMD
/*	only say what happened to a program the library ran (it could not
/*	be run; it ran and failed): where it is fixed is for the agent
/*	layer to decide.
/*--*/
#ifndef PF_RC_H
#define PF_RC_H

#define PF_OK		0
#define PF_RC_BASE	(-1000)	/* pf codes: PF_RC_BASE - 1 and below */
#define PF_EFAIL	(PF_RC_BASE - 1)	/* generic failure of the service */
#define PF_ECONFIG	(PF_RC_BASE - 2)	/* configuration invalid wherever it runs */
#define PF_EINSTALL	(PF_RC_BASE - 3)	/* something missing on this node */
#define PF_EPERM	(PF_RC_BASE - 4)	/* ownership/permission wrong here */
#define PF_ENOTRUNNING	(PF_RC_BASE - 5)	/* cleanly not running */
#define PF_ETIMEOUT	(PF_RC_BASE - 6)	/* a deadline expired */
#define PF_EARGS	(PF_RC_BASE - 7)	/* bad parameter value (OCF "args") */
#define PF_EUNIMPL	(PF_RC_BASE - 8)	/* action not implemented */
#define PF_EPARSE	(PF_RC_BASE - 9)	/* malformed input (file, reply, cache) */
/* facts about a program the library runs; the agent layer decides what
 * they mean (a library function documents where it returns them) */
#define PF_ESPAWN	(PF_RC_BASE - 10)	/* a program could not be run */
#define PF_ECMD		(PF_RC_BASE - 11)	/* a program ran and failed */
/* an answer, not a fault: serving now, trouble ahead (OCF 1.1 degraded) */
#define PF_DEGRADED	(PF_RC_BASE - 12)	/* healthy, a condition to fix */

#include <stddef.h>

extern const char *pf_strerror(int rc);
extern int pf_rc_why(int rc, char *why, size_t whylen, const char *fmt,...)
	__attribute__((format(printf, 4, 5)));

#endif
