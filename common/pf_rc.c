/*++
/* NAME
/*	pf_rc 3
/* SUMMARY
/*	pfkit return codes and their names
/* SYNOPSIS
/*	#include "pf_rc.h"
/*
/*	const char *pf_strerror(int rc)
/*
/*	int	pf_rc_why(int rc, char *why, size_t whylen, const char *fmt, ...)
/* DESCRIPTION
/*	pf_strerror() returns a static description of a pf return code:
/*	strerror() for positive values, the project's table (looked up by
/*	code, not by position) for PF_OK and the PF_E* codes, "unknown
/*	error" for anything else.
/*
/*	pf_rc_why() formats a reason into why (when why is not NULL and
/*	whylen is not 0) and returns rc, so that a failure is reported in
/*	one statement: return (pf_rc_why(PF_ECONFIG, why, len, "...")).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pf_name_code.h"
#include "pf_rc.h"

/* pf_strerror - describe a return code */

const char *pf_strerror(int rc)
{
    static const pf_name_code_t names[] = {
	{PF_OK, "success"},
	{PF_EFAIL, "generic failure"},
	{PF_ECONFIG, "invalid configuration"},
	{PF_EINSTALL, "not installed on this node"},
	{PF_EPERM, "insufficient privileges on this node"},
	{PF_ENOTRUNNING, "not running"},
	{PF_ETIMEOUT, "timed out"},
	{PF_EARGS, "invalid argument"},
	{PF_EUNIMPL, "not implemented"},
	{PF_EPARSE, "malformed input"},
	{PF_ESPAWN, "program could not be run"},
	{PF_ECMD, "program failed"},
	{PF_DEGRADED, "serving, degraded"},
	{0, NULL},
    };
    const char *name;

    if (rc > 0)
	return (strerror(rc));
    return ((name = pf_name_code_str(names, rc)) != NULL ? name :
	    "unknown error");
}

/* pf_rc_why - format a reason, return rc */

int     pf_rc_why(int rc, char *why, size_t whylen, const char *fmt,...)
{
    va_list ap;

    if (why != NULL && whylen > 0) {
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
    }
    return (rc);
}
