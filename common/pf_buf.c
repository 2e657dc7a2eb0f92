/*++
/* NAME
/*	pf_buf 3
/* SUMMARY
/*	a growing string; whether a string is blank
/* SYNOPSIS
/*	#include "pf_buf.h"
/*
/*	bool	pf_buf_add(b, s, n)
/*
/*	bool	pf_buf_blank(s)
/* DESCRIPTION
/*	pf_buf_add() appends n bytes of s to b (a pf_buf_t that starts
/*	zeroed), growing it by doubling, and keeps b->s NUL-terminated;
/*	an empty append to an empty buffer still allocates, so that s is
/*	a string afterwards. The caller frees b->s. This is the small part
/*	of Postfix's vstring(3) that pf_readlline(3), pf_expand(3) and the
/*	postconf -d cache (pf_conf_cache(3)) need.
/*
/*	pf_buf_blank() says whether s is unset (NULL) or holds nothing but
/*	blanks and newlines: a parameter or a setting given that way is
/*	not given.
/* DIAGNOSTICS
/*	false when memory runs out or the length would wrap around; b is
/*	then unchanged.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_buf.h"

/* pf_buf_add - append n bytes; false when out of memory */

bool    pf_buf_add(pf_buf_t *b, const char *s, size_t n)
{
    /* len + n + 1 must not wrap around; an empty buffer always grows. */
    if (n > SIZE_MAX - b->len - 1)
	return (false);
    if (b->s == NULL || b->len + n + 1 > b->cap) {
	size_t  cap = b->cap ? b->cap : 64;
	char   *p;

	while (cap < b->len + n + 1)
	    cap *= 2;
	if ((p = realloc(b->s, cap)) == NULL)
	    return (false);
	b->s = p;
	b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
    return (true);
}

/* pf_buf_blank - unset, or nothing but blanks */

bool    pf_buf_blank(const char *s)
{
    return (s == NULL || s[strspn(s, " \t\n")] == 0);
}
