/*++
/* NAME
/*	pf_rc 3
/* SUMMARY
/*	pfkit return codes and their names
/* SYNOPSIS
/*	#include "pf_rc.h"
/*
/*	const char *pf_strerror(int rc)
/* DESCRIPTION
/*	pf_strerror() returns a static description of a pf return code:
/*	strerror() for positive values, the project's table for negative.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
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
