/*++
/* NAME
/*	pf_decimal 3
/* SUMMARY
/*	strict non-negative decimal numbers
/* SYNOPSIS
/*	#include "pf_decimal.h"
/*
/*	int	pf_decimal_parse(const char *text, long long *value)
/* DESCRIPTION
/*	pf_decimal_parse() accepts digits only: no sign, no blank, no
/*	base prefix, nothing after them (strtoll() alone would take
/*	" +12abc" as 12). A number too large for a long long gives
/*	LLONG_MAX, so that callers can clamp it. It returns PF_OK with
/*	*value set, or PF_EPARSE (value untouched) for NULL, "" or any
/*	other text.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "pf_decimal.h"
#include "pf_rc.h"

/* pf_decimal_parse - digits only, saturating */

int     pf_decimal_parse(const char *text, long long *value)
{
    const char *p;
    char   *end;
    long long v;

    if (text == NULL || *text == 0)
	return (PF_EPARSE);
    for (p = text; *p; p++)
	if (*p < '0' || *p > '9')
	    return (PF_EPARSE);
    errno = 0;
    v = strtoll(text, &end, 10);
    *value = (errno == ERANGE) ? LLONG_MAX : v;
    return (PF_OK);
}
