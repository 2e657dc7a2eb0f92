/*++
/* NAME
/*	pf_params 3
/* SUMMARY
/*	an ordered list of Postfix parameters, name = value
/* SYNOPSIS
/*	#include "pf_params.h"
/*
/*	void	pf_params_init(params)
/*	int	pf_params_set(params, name, value, line)
/*	const pf_param_t *pf_params_find(params, name)
/*	void	pf_params_clear(params)
/*
/*	int	pf_params_parse(buf, len, path, params, why, whylen)
/*	int	pf_params_adopt(params, data, body, len)
/* DESCRIPTION
/*	A pf_params_t holds name = value assignments in the order they
/*	were made; the last assignment of a name wins on lookup
/*	(pf_params_find()). A list whose names are in strict ascending
/*	order (postconf -d's output) is searched by bisection, any other
/*	from its end. The caller provides the list, empty from
/*	pf_params_init(); it owns every name and value it holds, in blocks
/*	of memory it keeps a list of (one per pf_params_set(), or a whole
/*	buffer taken by pf_params_adopt()); pf_params_clear() frees them
/*	all and leaves it empty again. Every list can be added to,
/*	wherever its strings came from.
/*
/*	pf_params_parse() appends the "name = value" logical lines
/*	(pf_readlline(3)) of a main.cf-syntax text: blanks around the
/*	name and before the value are dropped; a line without '=', with
/*	no name or with a blank inside the name is an error.
/*
/*	pf_params_adopt() appends the lines of body (len bytes inside
/*	data, ending in a newline), each exactly "name = value", cutting
/*	them in place: the list takes data as one of its blocks. Every
/*	line is checked before any is cut, so a bad body leaves the list
/*	unchanged and data the caller's. The postconf -d cache
/*	(pf_conf_cache(3)) is read this way, in one pass.
/* DIAGNOSTICS
/*	pf_params_set(): PF_OK, E2BIG beyond PF_PARAMS_MAX entries,
/*	ENOMEM. pf_params_parse(): PF_OK, PF_ECONFIG (syntax, too many
/*	entries: why names the file and line first) or ENOMEM.
/*	pf_params_adopt(): PF_OK, PF_EPARSE (a malformed body, or more
/*	than PF_PARAMS_MAX entries in all) or ENOMEM.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pf_params.h"
#include "pf_rc.h"
#include "pf_readlline.h"

/* pf_params_find - the last assignment of name, or NULL */

const pf_param_t *pf_params_find(const pf_params_t *p, const char *name)
{
    size_t  i, lo, hi;
    int     cmp;

    if (p == NULL)
	return (NULL);
    if (!p->unsorted) {
	/* postconf -d output: each name once, in order */
	for (lo = 0, hi = p->n; lo < hi; /* void */ ) {
	    i = lo + (hi - lo) / 2;
	    if ((cmp = strcmp(name, p->v[i].name)) == 0)
		return (&p->v[i]);
	    if (cmp < 0)
		hi = i;
	    else
		lo = i + 1;
	}
	return (NULL);
    }
    for (i = p->n; i > 0; i--)
	if (strcmp(p->v[i - 1].name, name) == 0)
	    return (&p->v[i - 1]);
    return (NULL);
}

/* note_order - keep p->unsorted true once name does not follow the last */

static void note_order(pf_params_t *p, const char *name)
{
    if (p->n > 0 && strcmp(p->v[p->n - 1].name, name) >= 0)
	p->unsorted = true;			/* pf_params_find() scans */
}

/* pf_params_init - an empty list */

void    pf_params_init(pf_params_t *p)
{
    memset(p, 0, sizeof(*p));
}

/* params_own - the list takes block (freed by pf_params_clear()) */

static int params_own(pf_params_t *p, char *block)
{
    if (p->nblocks == p->blocks_cap) {
	size_t  cap = p->blocks_cap ? p->blocks_cap * 2 : 32;
	char  **b = realloc(p->blocks, cap * sizeof(*b));

	if (b == NULL)
	    return (ENOMEM);
	p->blocks = b;
	p->blocks_cap = cap;
    }
    p->blocks[p->nblocks++] = block;
    return (PF_OK);
}

/* params_reserve - room for want entries in all */

static int params_reserve(pf_params_t *p, size_t want)
{
    size_t  cap = p->cap ? p->cap : 32;
    pf_param_t *v;

    if (want > PF_PARAMS_MAX)
	return (E2BIG);
    if (want <= p->cap)
	return (PF_OK);
    while (cap < want)
	cap *= 2;
    if ((v = realloc(p->v, cap * sizeof(*v))) == NULL)
	return (ENOMEM);
    p->v = v;
    p->cap = cap;
    return (PF_OK);
}

/* pf_params_set - append name = value (a later entry overrides) */

int     pf_params_set(pf_params_t *p, const char *name, const char *value,
		              int line)
{
    size_t  nlen = strlen(name), vlen = strlen(value);
    char   *block;
    int     rc;

    if ((rc = params_reserve(p, p->n + 1)) != PF_OK)
	return (rc);
    /* one block: "name\0value\0" */
    if ((block = malloc(nlen + vlen + 2)) == NULL)
	return (ENOMEM);
    memcpy(block, name, nlen + 1);
    memcpy(block + nlen + 1, value, vlen + 1);
    if ((rc = params_own(p, block)) != PF_OK) {
	free(block);
	return (rc);
    }
    p->v[p->n].name = block;
    p->v[p->n].value = block + nlen + 1;
    p->v[p->n].line = line;
    note_order(p, name);
    p->n++;
    return (PF_OK);
}

/* pf_params_clear - free what the list owns, leave it empty */

void    pf_params_clear(pf_params_t *p)
{
    size_t  i;

    if (p == NULL)
	return;
    for (i = 0; i < p->nblocks; i++)
	free(p->blocks[i]);
    free(p->blocks);
    free(p->v);
    pf_params_init(p);
}

/* main_line - one "name = value" logical line of main.cf */

static int main_line(void *ctx, const char *path, char *text, int line,
		             char *why, size_t whylen)
{
    pf_params_t *out = ctx;
    char   *eq = strchr(text, '=');
    char   *name_end;
    char   *value;
    int     rc;

    if (eq == NULL)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: line %d: missing '=' after parameter name",
		     path, line));
    name_end = eq;
    while (name_end > text && isspace((unsigned char) name_end[-1]))
	name_end--;
    if (name_end == text)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: line %d: missing parameter name before '='",
		     path, line));
    *name_end = 0;
    if (strpbrk(text, " \t\v\f\r") != NULL)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: line %d: whitespace in parameter name \"%.40s\"",
		     path, line, text));
    value = eq + 1;
    while (isspace((unsigned char) *value))
	value++;
    rc = pf_params_set(out, text, value, line);
    if (rc == E2BIG)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: line %d: more than %d parameters",
		     path, line, PF_PARAMS_MAX));
    return (rc);
}

/* pf_params_parse - "name = value" logical lines (main.cf syntax) */

int     pf_params_parse(const char *buf, size_t len, const char *path,
			        pf_params_t *out, char *why, size_t whylen)
{
    return (pf_readlline(buf, len, path, main_line, out, why, whylen));
}

/*
 * pf_params_adopt - "name = value" lines of body (inside data) appended
 * to out, which takes data as one of its blocks: PF_OK, or out unchanged
 * and data still the caller's.
 */
int     pf_params_adopt(pf_params_t *out, char *data, char *body, size_t len)
{
    char   *line = body, *end = body + len, *nl, *sep;
    size_t  n = 0, first = out->n;
    int     rc;

    if (len == 0 || body[len - 1] != '\n' || memchr(body, 0, len) != NULL)
	return (PF_EPARSE);
    for (nl = body; (nl = memchr(nl, '\n', (size_t) (end - nl))) != NULL; nl++)
	n++;
    if (first + n > PF_PARAMS_MAX)
	return (PF_EPARSE);			/* not E2BIG: a cache this long is bad */
    /* check every line before cutting any */
    for (line = body; line < end; line = nl + 1) {
	nl = memchr(line, '\n', (size_t) (end - line));
	/* name: no blanks, not empty; then exactly " = " */
	sep = line + strcspn(line, " \t\r=\n");
	if (sep == line || sep + 3 > nl || strncmp(sep, " = ", 3) != 0)
	    return (PF_EPARSE);
    }
    if ((rc = params_reserve(out, first + n)) != PF_OK
	|| (rc = params_own(out, data)) != PF_OK)
	return (rc);
    for (line = body; line < end; line = nl + 1) {
	nl = memchr(line, '\n', (size_t) (end - line));
	*nl = 0;
	sep = line + strcspn(line, " \t\r=");
	*sep = 0;
	note_order(out, line);
	out->v[out->n].name = line;
	out->v[out->n].value = sep + 3;
	out->v[out->n].line = 0;
	out->n++;
    }
    return (PF_OK);
}
