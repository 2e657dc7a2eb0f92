/*++
/* NAME
/*	pf_expand 3
/* SUMMARY
/*	$name expansion of Postfix parameter values
/* SYNOPSIS
/*	#include "pf_expand.h"
/*
/*	int	pf_expand_value(service, main_cf, defaults, config_directory,
/*			path, name, value, why, whylen)
/* DESCRIPTION
/*	pf_expand_value() returns in value (malloc'ed, "" when name is
/*	undefined everywhere) the value of parameter name expanded the way
/*	Postfix's mac_expand() does: $name, ${name}, $(name),
/*	${name?text}, ${name:text}, ${name?{t}:{f}}, the relational
/*	${{a} op {b} ? {t} : {f}} forms (==, !=, <, <=, >, >=, and their
/*	"level" variants), $$ for a dollar, a nesting limit of
/*	PF_EXPAND_MAX_DEPTH (100, as Postfix), at most PF_EXPAND_MAX_CALLS
/*	$name lookups and PF_EXPAND_MAX_VALUE bytes for one value.
/*
/*	Each name is looked up, as a daemon looks it up, in service (a
/*	master.cf service's -o options, which the daemon applies over
/*	main.cf before it expands; NULL for none), then main_cf, then
/*	config_directory for "config_directory" when it is not NULL
/*	(postconf -c DIR: the directory overrides the compiled-in
/*	default), then defaults (postconf -d). path names where the value
/*	comes from in reasons ("main.cf" when NULL).
/* DIAGNOSTICS
/*	PF_OK; PF_ECONFIG (a macro error: unmatched brace, empty name, a
/*	loop, a value too long after expansion, too many lookups); ENOMEM.
/*	why receives a reason naming the file and parameter first
/*	("file %s: parameter %s: ...").
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pf_buf.h"
#include "pf_expand.h"
#include "pf_rc.h"

/*
 * Macro expansion, as Postfix's mac_expand().
 */
typedef struct expand {
    const pf_params_t *service;		/* a daemon's -o: over main.cf; or NULL */
    const pf_params_t *main_cf;
    const pf_params_t *defaults;
    const char *config_directory;	/* -c DIR: overrides the default */
    const char *path;
    const char *top;			/* parameter being resolved */
    size_t  calls;			/* $name lookups so far */
    char   *why;
    size_t  whylen;
} expand_t;

static int expand_text(expand_t *ex, const char *text, size_t len, pf_buf_t *out,
		               int depth);

/* lookup - raw value of name: -o, main.cf, else default; NULL if undefined */

static const char *lookup(expand_t *ex, const char *name)
{
    const pf_param_t *p;

    /* a daemon applies its -o name=value over main.cf before it expands */
    if ((p = pf_params_find(ex->service, name)) != NULL
	|| (p = pf_params_find(ex->main_cf, name)) != NULL)
	return (p->value);
    if (ex->config_directory && strcmp(name, "config_directory") == 0)
	return (ex->config_directory);
    if ((p = pf_params_find(ex->defaults, name)) != NULL)
	return (p->value);
    return (NULL);
}

/* expand_name - append the expanded value of name */

static int expand_name(expand_t *ex, const char *name, size_t nlen,
		               pf_buf_t *out, int depth)
{
    char    key[256];
    const char *raw;

    if (nlen >= sizeof(key))
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		     "file %s: parameter %s: macro name too long",
		     ex->path, ex->top));
    /* no exponential blow-up ($a = $b$b$b..., $b = $c$c$c...) */
    if (++ex->calls > PF_EXPAND_MAX_CALLS)
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		     "file %s: parameter %s: more than %d macro expansions",
		     ex->path, ex->top, PF_EXPAND_MAX_CALLS));
    memcpy(key, name, nlen);
    key[nlen] = 0;
    if ((raw = lookup(ex, key)) == NULL)
	return (PF_OK);				/* undefined: empty */
    return (expand_text(ex, raw, strlen(raw), out, depth + 1));
}

/* match_brace - index of the } closing the { at s[0], or len */

static size_t match_brace(const char *s, size_t len)
{
    size_t  i;
    int     level = 0;

    for (i = 0; i < len; i++) {
	if (s[i] == '{')
	    level++;
	else if (s[i] == '}' && --level == 0)
	    return (i);
    }
    return (len);
}

/* skip_blanks - advance over whitespace */

static size_t skip_blanks(const char *s, size_t i, size_t len)
{
    while (i < len && isspace((unsigned char) s[i]))
	i++;
    return (i);
}

/* level_cmp - compare compatibility levels "a.b.c" numerically */

static int level_cmp(const char *a, const char *b, bool *ok)
{
    for (;;) {
	char   *ea;
	char   *eb;
	unsigned long x;
	unsigned long y;

	if (!isdigit((unsigned char) *a) || !isdigit((unsigned char) *b)) {
	    *ok = false;
	    return (0);
	}
	x = strtoul(a, &ea, 10);
	y = strtoul(b, &eb, 10);
	if (x != y)
	    return (x < y ? -1 : 1);
	if (*ea == 0 && *eb == 0)
	    return (0);
	if (*ea == 0)
	    return (-1);
	if (*eb == 0)
	    return (1);
	if (*ea != '.' || *eb != '.') {
	    *ok = false;
	    return (0);
	}
	a = ea + 1;
	b = eb + 1;
    }
}

/* num_cmp - compare decimal numbers */

static int num_cmp(const char *a, const char *b, bool *ok)
{
    char   *ea;
    char   *eb;
    long    x;
    long    y;

    errno = 0;
    x = strtol(a, &ea, 10);
    y = strtol(b, &eb, 10);
    if (errno || ea == a || eb == b || *ea || *eb) {
	*ok = false;
	return (0);
    }
    return (x < y ? -1 : x > y ? 1 : 0);
}

/*
 * Relational operators, as Postfix's mac_expand.c has them: a name table
 * and one switch. The "level" variants compare compatibility levels.
 */
#define RELOP_EQ	1
#define RELOP_NE	2
#define RELOP_LT	3
#define RELOP_LE	4
#define RELOP_GT	5
#define RELOP_GE	6
#define RELOP_LEVEL	0x10		/* flag: compare as levels */
#define RELOP_MAX_NAME	15		/* longer: malformed, not unknown */

static const struct relop {
    const char *name;
    int     code;
}       relops[] = {
    {"==", RELOP_EQ}, {"!=", RELOP_NE},
    {"<", RELOP_LT}, {"<=", RELOP_LE}, {">", RELOP_GT}, {">=", RELOP_GE},
    {"==level", RELOP_EQ | RELOP_LEVEL}, {"!=level", RELOP_NE | RELOP_LEVEL},
    {"<level", RELOP_LT | RELOP_LEVEL}, {"<=level", RELOP_LE | RELOP_LEVEL},
    {">level", RELOP_GT | RELOP_LEVEL}, {">=level", RELOP_GE | RELOP_LEVEL},
};

/* relop_code - the code of an operator name, 0 when unknown */

static int relop_code(const char *name, size_t len)
{
    size_t  i;

    for (i = 0; i < sizeof(relops) / sizeof(relops[0]); i++)
	if (strlen(relops[i].name) == len && memcmp(relops[i].name, name, len) == 0)
	    return (relops[i].code);
    return (0);
}

/* relop_holds - does "l op r" hold; *ok false when an operand does not fit */

static bool relop_holds(int code, const char *l, const char *r, bool *ok)
{
    int     cmp;

    if (code & RELOP_LEVEL)
	cmp = level_cmp(l, r, ok);
    else if (code == RELOP_EQ || code == RELOP_NE)
	cmp = strcmp(l, r);
    else
	cmp = num_cmp(l, r, ok);
    switch (code & ~RELOP_LEVEL) {
    case RELOP_EQ:
	return (cmp == 0);
    case RELOP_NE:
	return (cmp != 0);
    case RELOP_LT:
	return (cmp < 0);
    case RELOP_LE:
	return (cmp <= 0);
    case RELOP_GT:
	return (cmp > 0);
    default:
	return (cmp >= 0);
    }
}

/* The parts of {a} op {b} ? {t} : {f}: offsets of the brace contents. */
typedef struct relop_expr {
    size_t  a, a_len, op, op_len, b, b_len, t, t_len, f, f_len;
    bool    has_f;
} relop_expr_t;

/* relop_braced - {...} at s[*i]: its contents, *i past it; false if not */

static bool relop_braced(const char *s, size_t len, size_t *i, size_t *at,
			         size_t *n)
{
    size_t  e;

    if (*i >= len || s[*i] != '{' || (e = *i + match_brace(s + *i, len - *i)) == len)
	return (false);
    *at = *i + 1;
    *n = e - *i - 1;
    *i = skip_blanks(s, e + 1, len);
    return (true);
}

/* relop_split - the syntax of a relational expression */

static bool relop_split(const char *s, size_t len, relop_expr_t *x)
{
    size_t  i = 0;

    memset(x, 0, sizeof(*x));
    if (!relop_braced(s, len, &i, &x->a, &x->a_len))
	return (false);
    x->op = i;
    while (i < len && !isspace((unsigned char) s[i]) && s[i] != '{')
	i++;
    x->op_len = i - x->op;
    i = skip_blanks(s, i, len);
    if (x->op_len == 0 || x->op_len > RELOP_MAX_NAME
	|| !relop_braced(s, len, &i, &x->b, &x->b_len))
	return (false);
    if (i >= len || s[i] != '?')
	return (false);
    i = skip_blanks(s, i + 1, len);
    if (!relop_braced(s, len, &i, &x->t, &x->t_len))
	return (false);
    if (i < len && s[i] == ':') {
	i = skip_blanks(s, i + 1, len);
	if (!relop_braced(s, len, &i, &x->f, &x->f_len))
	    return (false);
	x->has_f = true;
    }
    return (i == len);
}

/* expand_relop - ${{a} op {b} ? {t} : {f}}; body without the outer ${ } */

static int expand_relop(expand_t *ex, const char *s, size_t len, pf_buf_t *out,
			        int depth)
{
    relop_expr_t x;
    pf_buf_t left = {0};
    pf_buf_t right = {0};
    bool    ok = true;
    bool    holds;
    int     code;
    int     rc;

    if (!relop_split(s, len, &x))
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
			  "file %s: parameter %s: malformed relational "
			  "expression", ex->path, ex->top));
    if ((rc = expand_text(ex, s + x.a, x.a_len, &left, depth + 1)) == PF_OK
	&& (rc = expand_text(ex, s + x.b, x.b_len, &right, depth + 1)) == PF_OK) {
	code = relop_code(s + x.op, x.op_len);
	holds = code != 0 && relop_holds(code, left.s ? left.s : "",
					 right.s ? right.s : "", &ok);
	if (code == 0 || !ok)
	    rc = pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
			   "file %s: parameter %s: bad operator or operand in "
			   "relational expression", ex->path, ex->top);
	else if (holds)
	    rc = expand_text(ex, s + x.t, x.t_len, out, depth + 1);
	else if (x.has_f)
	    rc = expand_text(ex, s + x.f, x.f_len, out, depth + 1);
    }
    free(left.s);
    free(right.s);
    return (rc);
}

/* expand_braced - the inside of ${...} */

static int expand_braced(expand_t *ex, const char *s, size_t len, pf_buf_t *out,
			         int depth)
{
    size_t  n = 0;
    const char *raw;
    char    key[256];
    bool    set;

    if (len > 0 && s[0] == '{')
	return (expand_relop(ex, s, len, out, depth));
    while (n < len && (isalnum((unsigned char) s[n]) || s[n] == '_'))
	n++;
    if (n == 0)
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		     "file %s: parameter %s: empty macro name",
		     ex->path, ex->top));
    if (n == len)
	return (expand_name(ex, s, n, out, depth));
    if (n >= sizeof(key))
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		     "file %s: parameter %s: macro name too long",
		     ex->path, ex->top));
    memcpy(key, s, n);
    key[n] = 0;
    raw = lookup(ex, key);
    set = raw != NULL && *raw != 0;
    if (s[n] == '?' || s[n] == ':') {
	const char *t = s + n + 1;
	size_t  tl = len - n - 1;
	size_t  i = skip_blanks(t, 0, tl);

	/* ${name?{t}:{f}} form */
	if (s[n] == '?' && i < tl && t[i] == '{') {
	    size_t  e = i + match_brace(t + i, tl - i);

	    if (e < tl) {
		size_t  j = skip_blanks(t, e + 1, tl);

		if (j == tl)
		    return (set ? expand_text(ex, t + i + 1, e - i - 1, out,
					      depth + 1) : PF_OK);
		if (t[j] == ':') {
		    size_t  k = skip_blanks(t, j + 1, tl);
		    size_t  e2;

		    if (k < tl && t[k] == '{'
			&& (e2 = k + match_brace(t + k, tl - k)) < tl
			&& skip_blanks(t, e2 + 1, tl) == tl)
			return (set ? expand_text(ex, t + i + 1, e - i - 1,
						  out, depth + 1)
				: expand_text(ex, t + k + 1, e2 - k - 1,
					      out, depth + 1));
		    return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
				 "file %s: parameter %s: malformed "
				 "${name?{text}:{text}}", ex->path, ex->top));
		}
	    }
	}
	if (s[n] == ':' && i < tl && t[i] == '{') {
	    size_t  e = i + match_brace(t + i, tl - i);

	    if (e < tl && skip_blanks(t, e + 1, tl) == tl)
		return (set ? PF_OK
			: expand_text(ex, t + i + 1, e - i - 1, out, depth + 1));
	}
	if ((s[n] == '?') == set)
	    return (expand_text(ex, t, tl, out, depth + 1));
	return (PF_OK);
    }
    return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		 "file %s: parameter %s: bad character after macro name "
		 "\"%.40s\"", ex->path, ex->top, key));
}

/* expand_text - append text with its macros expanded */

static int expand_text(expand_t *ex, const char *text, size_t len, pf_buf_t *out,
		               int depth)
{
    size_t  i = 0;
    int     rc;

    if (depth > PF_EXPAND_MAX_DEPTH)
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		     "file %s: parameter %s: unreasonable macro call nesting "
		     "(a $name loop?)", ex->path, ex->top));
    while (i < len) {
	const char *d = memchr(text + i, '$', len - i);
	size_t  lit = d ? (size_t) (d - (text + i)) : len - i;

	if (out->len + lit > PF_EXPAND_MAX_VALUE)
	    return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
			 "file %s: parameter %s: value longer than %d bytes "
			 "after expansion", ex->path, ex->top,
			 PF_EXPAND_MAX_VALUE));
	if (lit > 0 && !pf_buf_add(out, text + i, lit))
	    return (ENOMEM);
	i += lit;
	if (d == NULL)
	    break;
	i++;					/* the $ */
	if (i < len && text[i] == '$') {
	    if (!pf_buf_add(out, "$", 1))
		return (ENOMEM);
	    i++;
	} else if (i < len && (text[i] == '{' || text[i] == '(')) {
	    char    close = text[i] == '{' ? '}' : ')';
	    size_t  j;
	    int     level = 0;

	    for (j = i; j < len; j++) {
		if (text[j] == text[i])
		    level++;
		else if (text[j] == close && --level == 0)
		    break;
	    }
	    if (j == len)
		return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
			     "file %s: parameter %s: unmatched '%c'",
			     ex->path, ex->top, text[i]));
	    if ((rc = expand_braced(ex, text + i + 1, j - i - 1, out,
				    depth)) != PF_OK)
		return (rc);
	    i = j + 1;
	} else {
	    size_t  n = 0;

	    while (i + n < len && (isalnum((unsigned char) text[i + n])
				   || text[i + n] == '_'))
		n++;
	    if (n == 0)
		return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
			     "file %s: parameter %s: empty macro name",
			     ex->path, ex->top));
	    if ((rc = expand_name(ex, text + i, n, out, depth)) != PF_OK)
		return (rc);
	    i += n;
	}
    }
    return (PF_OK);
}

/* pf_expand_value - the value of name, fully expanded (malloc'ed) */

int     pf_expand_value(const pf_params_t *service, const pf_params_t *main_cf,
			        const pf_params_t *defaults,
			        const char *config_directory, const char *path,
			        const char *name, char **value, char *why,
			        size_t whylen)
{
    expand_t ex;
    pf_buf_t out = {0};
    const char *raw;
    int     rc = PF_OK;

    ex.service = service;
    ex.main_cf = main_cf;
    ex.defaults = defaults;
    ex.config_directory = config_directory;
    ex.path = path ? path : "main.cf";
    ex.top = name;
    ex.calls = 0;
    ex.why = why;
    ex.whylen = whylen;
    *value = NULL;
    if ((raw = lookup(&ex, name)) != NULL)
	rc = expand_text(&ex, raw, strlen(raw), &out, 0);
    if (rc == PF_OK && out.s == NULL && !pf_buf_add(&out, "", 0))
	rc = ENOMEM;
    if (rc != PF_OK) {
	if (rc == ENOMEM)
	    pf_rc_why(rc, why, whylen, "file %s: parameter %s: out of memory",
		 ex.path, name);
	free(out.s);
	return (rc);
    }
    *value = out.s;
    return (PF_OK);
}
