/*++
/* NAME
/*	pf_rc 3h
/* SUMMARY
/*	pfkit return codes
/* SYNOPSIS
/*	#include "pf_rc.h"
/* DESCRIPTION
/*	One return-code scheme for the whole library: 0 is success, a
/*	positive value is an errno, a negative value is one of the PF_E*
/*	codes below. The library never exits; only main() maps a code to
/*	an OCF exit status (pf_ocf_from_rc()).
/*
/*	The project codes classify a failure by where it can be fixed,
/*	because that is what Pacemaker needs to know: a configuration
/*	that is wrong on every node (PF_ECONFIG) versus something wrong or
/*	missing on this node only (PF_EINSTALL, PF_EPERM) versus a service
/*	that is simply not there (PF_ENOTRUNNING).
/*--*/
#ifndef PF_RC_H
#define PF_RC_H

#define PF_OK		0
#define PF_EFAIL	(-1)	/* generic failure of the service */
#define PF_ECONFIG	(-2)	/* configuration invalid wherever it runs */
#define PF_EINSTALL	(-3)	/* something missing on this node */
#define PF_EPERM	(-4)	/* ownership/permission wrong on this node */
#define PF_ENOTRUNNING	(-5)	/* cleanly not running */
#define PF_ETIMEOUT	(-6)	/* a deadline expired */
#define PF_EARGS	(-7)	/* bad parameter value (OCF "args") */
#define PF_EUNIMPL	(-8)	/* action not implemented */
#define PF_EPARSE	(-9)	/* malformed input (file, reply, cache) */

#include <stddef.h>

extern const char *pf_strerror(int rc);
extern int pf_rc_why(int rc, char *why, size_t whylen, const char *fmt,...)
	__attribute__((format(printf, 4, 5)));

#endif
