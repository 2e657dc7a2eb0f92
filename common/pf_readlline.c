/*++
/* NAME
/*	pf_readlline 3
/* SUMMARY
/*	logical lines of a Postfix configuration file
/* SYNOPSIS
/*	#include "pf_readlline.h"
/*
/*	int	pf_readlline(buf, len, path, fn, ctx, why, whylen)
/* DESCRIPTION
/*	pf_readlline() reads buf (len bytes, the text of the file named
/*	path) the way Postfix's readlline() does, and calls fn(ctx, path,
/*	text, line, why, whylen) for each logical line: a physical line that
/*	starts with whitespace continues the current logical line (joined
/*	with one space; one with nothing to continue is ignored, as
/*	Postfix ignores it); lines that are blank or whose first non-blank
/*	is # are skipped; trailing whitespace is dropped. line is the
/*	number of the logical line's first physical line. main.cf,
/*	master.cf and the output of postconf are read through it.
/* DIAGNOSTICS
/*	PF_OK; PF_ECONFIG when the text holds a NUL character; ENOMEM;
/*	otherwise the first result of fn other than PF_OK. why receives a
/*	reason naming the file first ("file %s: line %d: ...").
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pf_buf.h"
#include "pf_rc.h"
#include "pf_readlline.h"

/* pf_readlline - call fn for each logical line of buf */

int     pf_readlline(const char *buf, size_t len, const char *path,
		             pf_readlline_fn fn, void *ctx, char *why,
		             size_t whylen)
{
    pf_buf_t cur = {0};
    int     cur_line = 0;
    int     lineno = 0;
    size_t  pos = 0;
    int     rc = PF_OK;

    while (pos < len && rc == PF_OK) {
	const char *start = buf + pos;
	const char *nl = memchr(start, '\n', len - pos);
	size_t  n = nl ? (size_t) (nl - start) : len - pos;
	size_t  lead = 0;

	pos += n + (nl ? 1 : 0);
	lineno++;
	if (memchr(start, 0, n) != NULL) {
	    rc = pf_rc_why(PF_ECONFIG, why, whylen,
		      "file %s: line %d: NUL character in text", path, lineno);
	    break;
	}
	while (n > 0 && isspace((unsigned char) start[n - 1]))
	    n--;
	while (lead < n && isspace((unsigned char) start[lead]))
	    lead++;
	if (lead == n || start[lead] == '#')
	    continue;
	if (lead > 0) {
	    /* continuation; Postfix ignores one with nothing to continue */
	    if (cur_line == 0)
		continue;
	    if (!pf_buf_add(&cur, " ", 1) || !pf_buf_add(&cur, start + lead, n - lead))
		rc = ENOMEM;
	    continue;
	}
	if (cur_line != 0)
	    rc = fn(ctx, path, cur.s, cur_line, why, whylen);
	cur.len = 0;
	if (rc == PF_OK && !pf_buf_add(&cur, start, n))
	    rc = ENOMEM;
	cur_line = lineno;
    }
    if (rc == PF_OK && cur_line != 0)
	rc = fn(ctx, path, cur.s, cur_line, why, whylen);
    free(cur.s);
    if (rc == ENOMEM)
	pf_rc_why(rc, why, whylen, "file %s: out of memory", path);
    return (rc);
}
