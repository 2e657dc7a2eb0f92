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
/*	strerror() for positive values, the project's table for negative.
/*
/*	pf_rc_why() formats a reason into why (when why is not NULL and
/*	whylen is not 0) and returns rc, so that a failure is reported in
/*	one statement: return (pf_rc_why(PF_ECONFIG, why, len, "...")).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pf_rc.h"

/* pf_strerror - describe a return code */

const char *pf_strerror(int rc)
{
    static const char *const names[] = {
	"success",
	"generic failure",
	"invalid configuration",
	"not installed on this node",
	"insufficient privileges on this node",
	"not running",
	"timed out",
	"invalid argument",
	"not implemented",
	"malformed input",
    };

    if (rc > 0)
	return (strerror(rc));
    if (-rc < (int) (sizeof(names) / sizeof(names[0])))
	return (names[-rc]);
    return ("unknown error");
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
