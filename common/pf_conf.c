/*++
/* NAME
/*	pf_conf 3
/* SUMMARY
/*	a Postfix instance's configuration, as Postfix resolves it
/* SYNOPSIS
/*	#include "pf_conf.h"
/*
/*	int	pf_conf_load(config_dir, postconf, deadline, out, why, whylen)
/*	pf_conf_t *pf_conf_free(conf)
/*	void	pf_conf_clear(conf)
/*
/*	int	pf_conf_parse_main(buf, len, path, params, why, whylen)
/*	int	pf_conf_parse_master(buf, len, path, conf, why, whylen)
/*	int	pf_conf_parse_postconf_output(buf, len, params, why, whylen)
/*	const pf_param_t *pf_params_find(params, name)
/*	void	pf_params_init(params)
/*	int	pf_params_set(params, name, value, line)
/*	void	pf_params_clear(params)
/*	int	pf_conf_expand(main_cf, defaults, path, name, value, why, whylen)
/*	int	pf_conf_resolve(conf, config_dir, main_cf, defaults, why, whylen)
/*	int	pf_conf_defaults(postconf, deadline, params, why, whylen)
/*
/*	bool	pf_conf_service_disabled(patterns, name, type)
/*
/*	bool	pf_conf_dir_listed(default_main_cf, config_dir)
/*	char	*pf_conf_cache_path(postconf, buf, len)
/*
/*	int	pf_conf_check_dirs(conf, why, whylen)
/*
/*	char	*pf_conf_dir_normalize(config_dir)
/*	const char *pf_conf_dir(config_dir)
/*	int	pf_conf_check_dir_arg(config_dir, why, whylen)
/* DESCRIPTION
/*	pf_conf_load() reads DIR/main.cf and DIR/master.cf natively and
/*	resolves the values the agent needs the way Postfix does: logical
/*	lines (a line starting with whitespace continues the previous
/*	one; blank lines and lines whose first non-blank is # are
/*	skipped), last assignment wins, $name, ${name}, $(name),
/*	${name?text}, ${name:text}, ${name?{t}:{f}}, the relational
/*	${{a} op {b} ? {t} : {f}} forms (==, !=, <, <=, >, >=, and their
/*	"level" variants), $$ for a dollar, a nesting limit of 100.
/*
/*	Parameters main.cf does not set take the compiled-in defaults of
/*	this Postfix: the output of "postconf -d", which is the authority.
/*	It is cached (pf_conf_defaults()) in $HA_RSCTMP (default
/*	/run/resource-agents, created if missing) as
/*	pfkit-postconf-d.<hash of the postconf path>.cache, keyed by the
/*	device, inode, size and modification time of the postconf binary
/*	and by the node's name (myhostname's default); the cache holds the
/*	parsed list, one "name = value" line a parameter in postconf's
/*	order, is written atomically (temporary file, fsync, rename), mode
/*	0600, and is used only when it is a regular file owned by root (or
/*	by the effective uid), not writable by others, whose header,
/*	length, trailer and every line match, with mail_version among them.
/*	It is read in one pass, its lines cut in place; a list that is in
/*	strict name order (postconf -d's) is searched by bisection.
/*	Otherwise postconf -d runs (through pf_spawn, never a shell) and the
/*	cache is rewritten; if the directory is missing or not writable,
/*	the agent works without a cache. So a recurring monitor runs no
/*	process at all while Postfix is not reinstalled.
/*
/*	master.cf: every inet service whose command is smtpd or postscreen,
/*	with its host and port ([host:]port, [v6addr]:port, *:port), and
/*	-o smtpd_tls_wrappermode=yes (also -o { ... } and
/*	-osmtpd_tls_wrappermode=yes; not -o{...}, which Postfix's daemons
/*	do not apply either). Also the first unix or fifo service whose
/*	command is qmgr or oqmgr (the queue manager). A master.cf with no
/*	smtpd service at all is valid: an outbound-only or relay instance.
/*	Each service keeps all its -o name=value options (opts), and
/*	pf_conf_resolve() sets its upstream_proxy: the value of
/*	smtpd_upstream_proxy_protocol (postscreen_upstream_proxy_protocol
/*	for postscreen) that its daemon reads, as smtpd(8) and
/*	postscreen(8) apply -o: over main.cf, before expansion, so that
/*	$name in either place is looked up in the service's -o first.
/*	It is not judged here (pf_listen(3) does); a service that
/*	master_service_disable turns off keeps it NULL.
/*
/*	pf_conf_service_disabled() applies master_service_disable the way
/*	master(8) does (match_service): a list of "type" or "name/type"
/*	patterns (the Postfix 2.6-2.10 form "name.type" is still read:
/*	its last dot becomes a slash), separated by commas or blanks,
/*	matched case-insensitively against "<first master.cf field>/<type>"
/*	in order, the first match deciding, "!" inverting it.
/*
/*	pf_conf_dir_listed() decides as the set-gid commands postdrop(1)
/*	and postqueue(1) do (mail_conf_checkdir()) whether a non-default
/*	configuration directory is trusted: it must appear, compared as a
/*	string, in some assignment of alternate_config_directories or
/*	multi_instance_directories in the default main.cf, whose values
/*	are split on commas and blanks and never $name-expanded; no path is
/*	resolved (a symbolic link to the listed directory is refused, as
/*	Postfix refuses it; the agent asks with config_dir in the spelling
/*	it gives Postfix, pf_conf_dir_normalize()).
/*
/*	pf_conf_check_dirs() is the rule for the two main.cf directories
/*	that decide which processes are the instance's (a process working
/*	in queue_directory, a program in daemon_directory): each must be an
/*	absolute path, and not the root directory (by its inode: "/",
/*	"//", "/tmp/.." and a symbolic link to "/" alike), where every
/*	other program works and lives; otherwise PF_ECONFIG, naming the
/*	parameter. pf_conf_load() applies it, so no action ever gets such a
/*	configuration: stop then finds the instance by MAIL_CONFIG only.
/*
/*	The pf_conf_parse_*() functions are pure (no I/O): unit tests and
/*	libFuzzer harnesses call them directly.
/*
/*	Ownership: pf_conf_load() returns a pf_conf_t the caller releases
/*	with pf_conf_free(), which returns NULL (conf = pf_conf_free(conf)).
/*	pf_conf_resolve() and pf_conf_parse_master() fill a pf_conf_t the
/*	caller provides (on the stack, say): pf_conf_clear() releases what
/*	they put in it and zeroes it, without freeing the struct.
/*	A pf_params_t is the same kind: the caller provides it, empty from
/*	pf_params_init(); it owns every name and value it holds, in blocks
/*	of memory it keeps a list of (one per pf_params_set(), or the
/*	cache file's whole buffer, lines cut in place); pf_params_clear()
/*	frees them all and leaves it empty again. Every list can be added
/*	to, wherever its strings came from.
/*
/*	pf_conf_dir_normalize() is the one spelling of the config_dir
/*	parameter, made in place once, where main() reads it, before
/*	anything uses it ("postfix -c", MAIL_CONFIG, the comparison with
/*	the default main.cf's lists, the default instance's test): every
/*	run of slashes becomes one, and a trailing slash is removed (not
/*	the root's), as ocf:heartbeat:postfix removes it; so
/*	"/etc/postfix-a/" is "/etc/postfix-a" and "//etc/postfix/" the
/*	default instance. Postfix then sees only that spelling: it is what
/*	the instance's MAIL_CONFIG holds and what postdrop compares. A "."
/*	or ".." component is left as it is, and refused by the rule below:
/*	removing ".." by its spelling can name another directory than the
/*	kernel finds through a symbolic link, and Postfix would carry that
/*	other spelling into MAIL_CONFIG and compare it literally. Nothing
/*	is resolved: a symbolic link stays a different spelling, refused by
/*	postdrop (pf_conf_dir_listed()).
/*
/*	pf_conf_dir() is the configuration directory as Postfix is told it
/*	with -c: config_dir, or PF_CONF_DEFAULT_DIR when that is NULL or
/*	empty. pf_conf_check_dir_arg() is the rule for the config_dir
/*	parameter: when given, an absolute path with no "." or ".."
/*	component (PF_EARGS otherwise).
/* DIAGNOSTICS
/*	PF_OK; PF_EINSTALL: the configuration directory, main.cf or
/*	master.cf is absent on this node, or postconf cannot run;
/*	PF_ECONFIG: main.cf or master.cf syntax, a macro error, too many
/*	entries, queue_directory or daemon_directory relative or the root
/*	directory; an errno otherwise. why receives
/*	a reason naming the object first ("file /x/main.cf: line 12: ...").
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "pf_conf.h"
#include "pf_file.h"
#include "pf_log.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#define CACHE_NAME	"pfkit-postconf-d"	/* .<hash of postconf>.cache */
#define CACHE_MAGIC	"pfkit-postconf-d 2"

/* xstrndup - strndup that reports failure as ENOMEM to the caller */

static char *xstrndup(const char *s, size_t n)
{
    char   *p = malloc(n + 1);

    if (p != NULL) {
	memcpy(p, s, n);
	p[n] = 0;
    }
    return (p);
}

/*
 * A growing string.
 */
typedef struct buf {
    char   *s;
    size_t  len;
    size_t  cap;
} buf_t;

/* buf_add - append n bytes; false when out of memory */

static bool buf_add(buf_t *b, const char *s, size_t n)
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

    if (want > PF_CONF_MAX_PARAMS)
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

/*
 * Logical lines, as Postfix's readlline(): a physical line that starts
 * with whitespace continues the current logical line (joined with one
 * space); lines that are blank or whose first non-blank is # are skipped;
 * trailing whitespace is dropped.
 */
typedef int (*line_fn) (void *ctx, char *text, int line, char *why,
			        size_t whylen);

/* logical_lines - call fn for each logical line of buf */

static int logical_lines(const char *buf, size_t len, const char *path,
			         line_fn fn, void *ctx, char *why, size_t whylen)
{
    buf_t   cur = {0};
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
	    if (!buf_add(&cur, " ", 1) || !buf_add(&cur, start + lead, n - lead))
		rc = ENOMEM;
	    continue;
	}
	if (cur_line != 0)
	    rc = fn(ctx, cur.s, cur_line, why, whylen);
	cur.len = 0;
	if (rc == PF_OK && !buf_add(&cur, start, n))
	    rc = ENOMEM;
	cur_line = lineno;
    }
    if (rc == PF_OK && cur_line != 0)
	rc = fn(ctx, cur.s, cur_line, why, whylen);
    free(cur.s);
    if (rc == ENOMEM)
	pf_rc_why(rc, why, whylen, "file %s: out of memory", path);
    return (rc);
}

typedef struct main_ctx {
    const char *path;
    pf_params_t *out;
} main_ctx_t;

/* main_line - one "name = value" logical line of main.cf */

static int main_line(void *vctx, char *text, int line, char *why,
		             size_t whylen)
{
    main_ctx_t *ctx = vctx;
    char   *eq = strchr(text, '=');
    char   *name_end;
    char   *value;
    int     rc;

    if (eq == NULL)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: line %d: missing '=' after parameter name",
		     ctx->path, line));
    name_end = eq;
    while (name_end > text && isspace((unsigned char) name_end[-1]))
	name_end--;
    if (name_end == text)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: line %d: missing parameter name before '='",
		     ctx->path, line));
    *name_end = 0;
    if (strpbrk(text, " \t\v\f\r") != NULL)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: line %d: whitespace in parameter name \"%.40s\"",
		     ctx->path, line, text));
    value = eq + 1;
    while (isspace((unsigned char) *value))
	value++;
    rc = pf_params_set(ctx->out, text, value, line);
    if (rc == E2BIG)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: line %d: more than %d parameters",
		     ctx->path, line, PF_CONF_MAX_PARAMS));
    return (rc);
}

/* pf_conf_parse_main - main.cf text to name = value list */

int     pf_conf_parse_main(const char *buf, size_t len, const char *path,
			           pf_params_t *out, char *why, size_t whylen)
{
    main_ctx_t ctx;

    ctx.path = path;
    ctx.out = out;
    return (logical_lines(buf, len, path, main_line, &ctx, why, whylen));
}

/* pf_conf_parse_postconf_output - "name = value" lines of postconf -d/-x */

int     pf_conf_parse_postconf_output(const char *buf, size_t len,
				              pf_params_t *out, char *why,
				              size_t whylen)
{
    main_ctx_t ctx;
    int     rc;

    ctx.path = "(postconf output)";
    ctx.out = out;
    rc = logical_lines(buf, len, ctx.path, main_line, &ctx, why, whylen);
    if (rc == PF_ECONFIG)
	rc = PF_EPARSE;
    return (rc);
}

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

static int expand_text(expand_t *ex, const char *text, size_t len, buf_t *out,
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
		               buf_t *out, int depth)
{
    char    key[256];
    const char *raw;

    if (nlen >= sizeof(key))
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		     "file %s: parameter %s: macro name too long",
		     ex->path, ex->top));
    /* no exponential blow-up ($a = $b$b$b..., $b = $c$c$c...) */
    if (++ex->calls > PF_CONF_MAX_EXPANSIONS)
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		     "file %s: parameter %s: more than %d macro expansions",
		     ex->path, ex->top, PF_CONF_MAX_EXPANSIONS));
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

static int expand_relop(expand_t *ex, const char *s, size_t len, buf_t *out,
			        int depth)
{
    relop_expr_t x;
    buf_t   left = {0};
    buf_t   right = {0};
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

static int expand_braced(expand_t *ex, const char *s, size_t len, buf_t *out,
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

static int expand_text(expand_t *ex, const char *text, size_t len, buf_t *out,
		               int depth)
{
    size_t  i = 0;
    int     rc;

    if (depth > PF_CONF_MAX_DEPTH)
	return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
		     "file %s: parameter %s: unreasonable macro call nesting "
		     "(a $name loop?)", ex->path, ex->top));
    while (i < len) {
	const char *d = memchr(text + i, '$', len - i);
	size_t  lit = d ? (size_t) (d - (text + i)) : len - i;

	if (out->len + lit > PF_CONF_MAX_VALUE)
	    return (pf_rc_why(PF_ECONFIG, ex->why, ex->whylen,
			 "file %s: parameter %s: value longer than %d bytes "
			 "after expansion", ex->path, ex->top,
			 PF_CONF_MAX_VALUE));
	if (lit > 0 && !buf_add(out, text + i, lit))
	    return (ENOMEM);
	i += lit;
	if (d == NULL)
	    break;
	i++;					/* the $ */
	if (i < len && text[i] == '$') {
	    if (!buf_add(out, "$", 1))
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

/* expand_value - the value of name, fully expanded (malloc'ed) */

static int expand_value(const pf_params_t *service, const pf_params_t *main_cf,
			        const pf_params_t *defaults,
			        const char *config_directory, const char *path,
			        const char *name, char **value, char *why,
			        size_t whylen)
{
    expand_t ex;
    buf_t   out = {0};
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
    if (rc == PF_OK && out.s == NULL && !buf_add(&out, "", 0))
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

/* pf_conf_expand - the value of name, fully expanded (malloc'ed) */

int     pf_conf_expand(const pf_params_t *main_cf, const pf_params_t *defaults,
		               const char *path, const char *name, char **value,
		               char *why, size_t whylen)
{
    return (expand_value(NULL, main_cf, defaults, NULL, path, name, value,
			 why, whylen));
}

/*
 * master.cf.
 */

/* next_field - next whitespace-separated field; a {...} is one field */

static char *next_field(char **cp)
{
    char   *s = *cp;
    char   *start;

    while (*s && isspace((unsigned char) *s))
	s++;
    if (*s == 0) {
	*cp = s;
	return (NULL);
    }
    start = s;
    if (*s == '{' || (s[0] == '-' && s[1] == 'o' && s[2] == '{')) {
	int     level = 0;

	for (; *s; s++) {
	    if (*s == '{')
		level++;
	    else if (*s == '}' && --level == 0) {
		s++;
		break;
	    }
	}
    } else {
	while (*s && !isspace((unsigned char) *s))
	    s++;
    }
    if (*s)
	*s++ = 0;
    *cp = s;
    return (start);
}

/*
 * opt_split - an -o argument, "name=value" or "{ name = value }", cut in
 * place into name and value without the blanks around them (as the
 * daemon's split_nameval()); false when it has no '='.
 */
static bool opt_split(char *s, char **name, char **value)
{
    char   *e = s + strlen(s);
    char   *eq;
    char   *name_end;

    if (*s == '{') {
	s++;
	if (e > s && e[-1] == '}')
	    *--e = 0;
    }
    if ((eq = strchr(s, '=')) == NULL)
	return (false);
    while (isspace((unsigned char) *s))
	s++;
    name_end = eq;
    while (name_end > s && isspace((unsigned char) name_end[-1]))
	name_end--;
    *name_end = 0;
    *value = eq + 1;
    while (isspace((unsigned char) **value))
	(*value)++;
    e = *value + strlen(*value);
    while (e > *value && isspace((unsigned char) e[-1]))
	*--e = 0;
    *name = s;
    return (true);
}

/* opt_yes - a boolean parameter value that Postfix takes for yes */

static bool opt_yes(const char *val)
{
    return (strcasecmp(val, "yes") == 0 || strcasecmp(val, "true") == 0
	    || strcmp(val, "1") == 0);
}

typedef struct master_ctx {
    const char *path;
    pf_conf_t *conf;
    size_t  cap;
} master_ctx_t;

/* split_listen - [host:]port, [v6]:port, *:port */

static int split_listen(const char *path, int line, const char *field,
			        char **host, char **port, char *why,
			        size_t whylen)
{
    const char *colon;

    *host = *port = NULL;
    if (field[0] == '[') {
	const char *rb = strchr(field, ']');

	if (rb == NULL || rb == field + 1 || rb[1] != ':' || rb[2] == 0)
	    return (pf_rc_why(PF_ECONFIG, why, whylen,
			 "file %s: line %d: service \"%.60s\": "
			 "bad [address]:port", path, line, field));
	*host = xstrndup(field + 1, (size_t) (rb - field - 1));
	*port = strdup(rb + 2);
    } else if ((colon = strrchr(field, ':')) != NULL) {
	if (colon[1] == 0)
	    return (pf_rc_why(PF_ECONFIG, why, whylen,
			 "file %s: line %d: service \"%.60s\": missing port",
			 path, line, field));
	bool    wild = colon == field || (colon == field + 1 && *field == '*');

	if (!wild && (*host = xstrndup(field, (size_t) (colon - field))) == NULL)
	    return (ENOMEM);
	*port = strdup(colon + 1);
    } else {
	*port = strdup(field);
    }
    return (*port == NULL ? ENOMEM : PF_OK);
}

/* qmgr_line - remember the first queue manager service */

static int qmgr_line(pf_conf_t *conf, char **f, const char *base)
{
    if (conf->qmgr_name != NULL
	|| (strcmp(f[1], "unix") != 0 && strcmp(f[1], "fifo") != 0)
	|| (strcmp(base, "qmgr") != 0 && strcmp(base, "oqmgr") != 0))
	return (PF_OK);
    conf->qmgr_name = strdup(f[0]);
    conf->qmgr_type = strdup(f[1]);
    conf->qmgr_command = strdup(f[7]);
    conf->qmgr_private = strcmp(f[2], "n") != 0;	/* "-" is y */
    if (conf->qmgr_name == NULL || conf->qmgr_type == NULL
	|| conf->qmgr_command == NULL)
	return (ENOMEM);
    return (PF_OK);
}

/* master_line - one logical line of master.cf */

static int master_line(void *vctx, char *text, int line, char *why,
		               size_t whylen)
{
    master_ctx_t *ctx = vctx;
    char   *cp = text;
    char   *f[8];
    char   *arg;
    char   *oname;
    char   *oval;
    const char *base;
    pf_service_t *svc;
    pf_params_t opts;
    bool    wrapper = false;
    int     i;
    int     rc = PF_OK;

    for (i = 0; i < 8; i++)
	if ((f[i] = next_field(&cp)) == NULL)
	    return (pf_rc_why(PF_ECONFIG, why, whylen,
			 "file %s: line %d: bad field count", ctx->path, line));
    base = strrchr(f[7], '/');
    base = base ? base + 1 : f[7];
    if (strcmp(f[1], "inet") != 0)
	return (qmgr_line(ctx->conf, f, base));
    if (strcmp(base, "smtpd") != 0 && strcmp(base, "postscreen") != 0)
	return (PF_OK);
    pf_params_init(&opts);
    while ((arg = next_field(&cp)) != NULL && rc == PF_OK) {
	char   *opt = NULL;

	/*
	 * "-o name=value" and "-o { name = value }" (master(5)); also
	 * "-oname=value", which the daemon's getopt() accepts. Not
	 * "-o{name=value}": the daemon would get a parameter named
	 * "{name", so Postfix does not apply it and neither do we.
	 */
	if (strcmp(arg, "-o") == 0)
	    opt = next_field(&cp);
	else if (strncmp(arg, "-o", 2) == 0 && arg[2] != '{')
	    opt = arg + 2;
	if (opt == NULL || !opt_split(opt, &oname, &oval))
	    continue;
	/* kept for the values its daemon expands (resolve_service()) */
	rc = pf_params_set(&opts, oname, oval, line);
	if (strcmp(oname, "smtpd_tls_wrappermode") == 0)
	    wrapper = opt_yes(oval);		/* last -o wins */
    }
    if (rc == PF_OK && ctx->conf->n_services >= PF_CONF_MAX_SERVICES)
	rc = pf_rc_why(PF_ECONFIG, why, whylen,
		       "file %s: line %d: more than %d smtpd services",
		       ctx->path, line, PF_CONF_MAX_SERVICES);
    else if (rc == E2BIG)
	rc = pf_rc_why(PF_ECONFIG, why, whylen,
		       "file %s: line %d: more than %d -o options",
		       ctx->path, line, PF_CONF_MAX_PARAMS);
    if (rc == PF_OK && ctx->conf->n_services == ctx->cap) {
	size_t  cap = ctx->cap ? ctx->cap * 2 : 8;
	pf_service_t *v = realloc(ctx->conf->services, cap * sizeof(*v));

	if (v == NULL)
	    rc = ENOMEM;
	else {
	    ctx->conf->services = v;
	    ctx->cap = cap;
	}
    }
    if (rc != PF_OK) {
	pf_params_clear(&opts);
	return (rc);
    }
    svc = &ctx->conf->services[ctx->conf->n_services];
    memset(svc, 0, sizeof(*svc));
    svc->opts = opts;
    rc = split_listen(ctx->path, line, f[0], &svc->host, &svc->port, why,
		      whylen);
    svc->name = strdup(f[0]);
    svc->command = strdup(base);
    svc->wrappermode = wrapper;
    svc->line = line;
    ctx->conf->n_services++;
    if (rc == PF_OK && (svc->name == NULL || svc->command == NULL))
	rc = ENOMEM;
    return (rc);
}

/* pf_conf_parse_master - master.cf text to conf->services */

int     pf_conf_parse_master(const char *buf, size_t len, const char *path,
			             pf_conf_t *conf, char *why, size_t whylen)
{
    master_ctx_t ctx;

    ctx.path = path;
    ctx.conf = conf;
    ctx.cap = conf->n_services;
    return (logical_lines(buf, len, path, master_line, &ctx, why, whylen));
}

/* pf_conf_dir_listed - config_dir as postdrop/postqueue accept it */

bool    pf_conf_dir_listed(const pf_params_t *default_main_cf,
			           const char *config_dir)
{
    size_t  i;
    bool    found = false;

    for (i = 0; i < default_main_cf->n && !found; i++) {
	const pf_param_t *p = &default_main_cf->v[i];
	char   *tmp;
	char   *save;
	char   *tok;

	/* every assignment counts, not only the last; no $name expansion */
	if (strcmp(p->name, "alternate_config_directories") != 0
	    && strcmp(p->name, "multi_instance_directories") != 0)
	    continue;
	if ((tmp = strdup(p->value)) == NULL)
	    return (false);
	for (tok = strtok_r(tmp, ", \t\r\n", &save); tok && !found;
	     tok = strtok_r(NULL, ", \t\r\n", &save))
	    found = strcmp(tok, config_dir) == 0;
	free(tmp);
    }
    return (found);
}

/* pf_conf_service_disabled - master_service_disable, as master(8) */

bool    pf_conf_service_disabled(const char *patterns, const char *name,
				         const char *type)
{
    char   *tmp;
    char   *save;
    char   *pat;
    char   *name_type;
    size_t  len;
    bool    disabled = false;

    if (patterns == NULL || *patterns == 0)
	return (false);
    len = strlen(name) + strlen(type) + 2;
    if ((tmp = strdup(patterns)) == NULL || (name_type = malloc(len)) == NULL) {
	free(tmp);
	return (false);
    }
    snprintf(name_type, len, "%s/%s", name, type);
    for (pat = strtok_r(tmp, ", \t\r\n", &save); pat != NULL;
	 pat = strtok_r(NULL, ", \t\r\n", &save)) {
	bool    match = true;
	char   *dot;

	/* Postfix 2.6..2.10 wrote name.type: the last dot, if no slash */
	if (strchr(pat, '/') == NULL && (dot = strrchr(pat, '.')) != NULL)
	    *dot = '/';
	for (; *pat == '!'; pat++)
	    match = !match;
	if (strcasecmp(strchr(pat, '/') ? name_type : type, pat) == 0) {
	    disabled = match;
	    break;
	}
    }
    free(name_type);
    free(tmp);
    return (disabled);
}

/*
 * Resolution.
 */
#define FIELD(name) { #name, offsetof(pf_conf_t, name) }
static const struct {
    const char *name;
    size_t  off;
} fields[] = {
    FIELD(config_directory), FIELD(daemon_directory),
    FIELD(command_directory), FIELD(queue_directory),
    FIELD(data_directory), FIELD(process_id_directory),
    FIELD(mail_owner), FIELD(setgid_group), FIELD(inet_interfaces),
    FIELD(inet_protocols), FIELD(mail_spool_directory),
    FIELD(alternate_config_directories), FIELD(multi_instance_directories),
    FIELD(multi_instance_enable), FIELD(multi_instance_name),
    FIELD(mail_version), FIELD(master_service_disable),
    /* where local(8) delivers: the mailbox spool rule (pf_mount) */
    FIELD(home_mailbox), FIELD(mailbox_command), FIELD(mailbox_transport),
    /* queue file names (pf_qstamp) */
    FIELD(hash_queue_names), FIELD(hash_queue_depth),
    FIELD(enable_long_queue_ids),
};

/*
 * resolve_service - the upstream proxy protocol svc's daemon expects: as
 * smtpd(8) and postscreen(8) read it, their -o over main.cf over the
 * defaults, $name expanded against the same; a service master(8) does
 * not run is left alone (NULL).
 */
static int resolve_service(const pf_conf_t *conf, pf_service_t *svc,
			           const char *dir, const pf_params_t *main_cf,
			           const pf_params_t *defaults, char *why,
			           size_t whylen)
{
    char    where[300];

    free(svc->upstream_proxy);
    svc->upstream_proxy = NULL;
    if (pf_conf_service_disabled(conf->master_service_disable, svc->name,
				 "inet"))
	return (PF_OK);
    snprintf(where, sizeof(where), "%.200s: line %d: service %.40s",
	     conf->master_cf ? conf->master_cf : "master.cf", svc->line,
	     svc->name);
    return (expand_value(&svc->opts, main_cf, defaults, dir, where,
			 strcmp(svc->command, "postscreen") == 0 ?
			 "postscreen_upstream_proxy_protocol" :
			 "smtpd_upstream_proxy_protocol",
			 &svc->upstream_proxy, why, whylen));
}

/* pf_conf_resolve - fill conf's main.cf fields */

int     pf_conf_resolve(pf_conf_t *conf, const char *config_dir,
			        const pf_params_t *main_cf,
			        const pf_params_t *defaults, char *why,
			        size_t whylen)
{
    /* postconf -c DIR: config_directory defaults to DIR */
    const char *dir = pf_conf_dir(config_dir);
    size_t  i;
    int     rc = PF_OK;

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]) && rc == PF_OK; i++) {
	char  **slot = (char **) ((char *) conf + fields[i].off);

	free(*slot);
	*slot = NULL;
	if (strcmp(fields[i].name, "mail_version") == 0) {
	    /* read-only: main.cf cannot change it */
	    const pf_param_t *p = pf_params_find(defaults, "mail_version");

	    *slot = strdup(p ? p->value : "");
	    if (*slot == NULL)
		rc = ENOMEM;
	    continue;
	}
	rc = expand_value(NULL, main_cf, defaults, dir, conf->main_cf,
			  fields[i].name, slot, why, whylen);
    }
    for (i = 0; i < conf->n_services && rc == PF_OK; i++)
	rc = resolve_service(conf, &conf->services[i], dir, main_cf, defaults,
			     why, whylen);
    return (rc);
}

/*
 * Files and the postconf -d cache.
 */

/* pf_conf_cache_path - $HA_RSCTMP/pfkit-postconf-d.<hash>.cache */

char   *pf_conf_cache_path(const char *postconf, char *buf, size_t len)
{
    const char *dir = getenv("HA_RSCTMP");
    uint32_t hash = 2166136261u;	/* FNV-1a: one file per postconf */
    const unsigned char *p;

    if (dir == NULL || *dir != '/')
	dir = "/run/resource-agents";
    for (p = (const unsigned char *) (postconf ? postconf : ""); *p; p++)
	hash = (hash ^ *p) * 16777619u;
    snprintf(buf, len, "%s/%s.%08x.cache", dir, CACHE_NAME, (unsigned) hash);
    return (buf);
}

/* cache_key - identity of the postconf binary and of the node */

static int cache_key(const char *postconf, char *key, size_t len)
{
    struct stat st;
    struct utsname u;

    if (stat(postconf, &st) < 0)
	return (errno);
    if (uname(&u) < 0)
	snprintf(u.nodename, sizeof(u.nodename), "?");
    snprintf(key, len, "%s %lu %lu %lld.%09ld %lld %s", postconf,
	     (unsigned long) st.st_dev, (unsigned long) st.st_ino,
	     (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
	     (long long) st.st_size, u.nodename);
    return (PF_OK);
}

/*
 * The cache body is what the agent parsed from postconf -d, written back
 * one "name = value" line a parameter. Reading it costs one pass over the
 * file: the lines are cut in place and the list points into the buffer.
 */

/*
 * params_adopt - "name = value" lines of body (inside data) appended to
 * out, which takes data as one of its blocks: PF_OK, or out unchanged
 * and data still the caller's.
 */
static int params_adopt(pf_params_t *out, char *data, char *body, size_t len)
{
    char   *line = body, *end = body + len, *nl, *sep;
    size_t  n = 0, first = out->n;
    int     rc;

    if (len == 0 || body[len - 1] != '\n' || memchr(body, 0, len) != NULL)
	return (PF_EPARSE);
    for (nl = body; (nl = memchr(nl, '\n', (size_t) (end - nl))) != NULL; nl++)
	n++;
    if (first + n > PF_CONF_MAX_PARAMS)
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

/* cache_read - the cached postconf -d parameters for key, or an error */

static int cache_read(const char *path, const char *key, pf_params_t *out)
{
    struct stat st;
    char   *data;
    size_t  len;
    char    head[1200];
    char   *body;
    unsigned long blen;
    char   *end;
    int     rc;

    if ((rc = pf_file_read(path, &data, &len, &st, true)) != PF_OK)
	return (rc);
    rc = PF_EPARSE;
    if ((st.st_uid != 0 && st.st_uid != geteuid())
	|| (st.st_mode & 022) != 0) {
	pf_warn("file %s: not owned by root or writable by others; ignored",
		path);
	goto out;
    }
    snprintf(head, sizeof(head), CACHE_MAGIC "\nkey %s\nlength ", key);
    if (len < strlen(head) || memcmp(data, head, strlen(head)) != 0)
	goto out;
    body = data + strlen(head);
    errno = 0;
    blen = strtoul(body, &end, 10);
    if (errno || end == body || *end != '\n')
	goto out;
    body = end + 1;
    if ((size_t) (data + len - body) != blen + 4
	|| memcmp(body + blen, "end\n", 4) != 0)
	goto out;
    /* The list keeps the whole buffer; only the body's lines are cut. */
    body[blen] = 0;
    if (params_adopt(out, data, body, blen) != PF_OK)
	goto out;
    /* from here on, data is out's */
    if (pf_params_find(out, "mail_version") == NULL) {
	pf_params_clear(out);
	return (PF_EPARSE);
    }
    return (PF_OK);
out:
    free(data);
    return (rc);
}

/* cache_body - the parameters as "name = value" lines (malloc'ed) */

static char *cache_body(const pf_params_t *p, size_t *blen)
{
    buf_t   b = {0};
    size_t  i;

    for (i = 0; i < p->n; i++)
	if (!buf_add(&b, p->v[i].name, strlen(p->v[i].name))
	    || !buf_add(&b, " = ", 3)
	    || !buf_add(&b, p->v[i].value, strlen(p->v[i].value))
	    || !buf_add(&b, "\n", 1)) {
	    free(b.s);
	    return (NULL);
	}
    *blen = b.len;
    return (b.s);
}

/* cache_write - atomically store the parameters; failures are logged */

static void cache_write(const char *path, const char *key, const pf_params_t *p)
{
    char    tmp[4200];
    char    head[1200];
    char   *body;
    size_t  blen;
    int     fd;
    bool    ok;

    if ((body = cache_body(p, &blen)) == NULL)
	return;
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long) getpid());
    (void) unlink(tmp);
    /* resource-agents creates $HA_RSCTMP at boot; do it if it has not */
    {
	char    dir[4200];
	char   *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
	    *slash = 0;
	    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		pf_debug("directory %s: %s", dir, strerror(errno));
	}
    }
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		   0600)) < 0) {
	pf_debug("file %s: cannot create: %s; working without a cache",
		 tmp, strerror(errno));
	free(body);
	return;
    }
    snprintf(head, sizeof(head), CACHE_MAGIC "\nkey %s\nlength %zu\n",
	     key, blen);
    ok = write(fd, head, strlen(head)) == (ssize_t) strlen(head)
	&& write(fd, body, blen) == (ssize_t) blen
	&& write(fd, "end\n", 4) == 4
	&& fchmod(fd, 0600) == 0
	&& fsync(fd) == 0;
    if (close(fd) < 0)
	ok = false;
    if (!ok || rename(tmp, path) < 0) {
	pf_warn("file %s: cannot write the postconf cache: %s", path,
		strerror(errno));
	(void) unlink(tmp);
    }
    free(body);
}

/* pf_conf_defaults - postconf -d, from the cache when it is still valid */

int     pf_conf_defaults(const char *postconf, pf_deadline_t deadline,
			         pf_params_t *out, char *why, size_t whylen)
{
    char    key[1024];
    char    path[4096];
    const char *argv[3];
    pf_spawn_opts_t opts;
    pf_spawn_result_t res;
    char    line[256];
    int     rc;

    if ((rc = pf_file_check_exec(postconf, why, whylen)) != PF_OK)
	return (rc);
    if ((rc = cache_key(postconf, key, sizeof(key))) != PF_OK)
	return (pf_rc_why(PF_EINSTALL, why, whylen, "postconf %.100s: %s",
			  postconf, strerror(rc)));
    pf_conf_cache_path(postconf, path, sizeof(path));
    if (cache_read(path, key, out) == PF_OK)
	return (PF_OK);

    argv[0] = postconf;
    argv[1] = "-d";
    argv[2] = NULL;
    memset(&opts, 0, sizeof(opts));
    opts.argv = argv;
    opts.deadline = deadline;
    opts.capture_max = 4 * 1024 * 1024;
    rc = pf_spawn_run(&opts, &res);
    if (rc != PF_OK) {
	pf_spawn_result_free(&res);		/* also after a failure */
	return (pf_rc_why(rc == PF_ETIMEOUT ? PF_ETIMEOUT : PF_EINSTALL, why, whylen,
		     "command %s -d: %s", postconf,
		     rc > 0 ? strerror(rc) : pf_strerror(rc)));
    }
    if (res.exit_code != 0) {
	pf_rc_why(PF_EINSTALL, why, whylen, "command %s -d: exit status %d: %s",
	     postconf, res.exit_code,
	     pf_spawn_last_line(res.err, line, sizeof(line)));
	pf_spawn_result_free(&res);
	return (PF_EINSTALL);
    }
    rc = pf_conf_parse_postconf_output(res.out, res.out_len, out, why, whylen);
    if (rc == PF_OK && pf_params_find(out, "mail_version") == NULL)
	rc = pf_rc_why(PF_EINSTALL, why, whylen,
		  "command %s -d: no mail_version in its output", postconf);
    if (rc == PF_OK)
	cache_write(path, key, out);
    else
	pf_params_clear(out);
    pf_spawn_result_free(&res);
    return (rc);
}

/* pf_conf_clear - release what a configuration holds, not the struct */

void    pf_conf_clear(pf_conf_t *conf)
{
    size_t  i;

    if (conf == NULL)
	return;
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
	free(*(char **) ((char *) conf + fields[i].off));
    for (i = 0; i < conf->n_services; i++) {
	free(conf->services[i].name);
	free(conf->services[i].host);
	free(conf->services[i].port);
	free(conf->services[i].command);
	free(conf->services[i].upstream_proxy);
	pf_params_clear(&conf->services[i].opts);
    }
    free(conf->services);
    free(conf->qmgr_name);
    free(conf->qmgr_type);
    free(conf->qmgr_command);
    free(conf->main_cf);
    free(conf->master_cf);
    memset(conf, 0, sizeof(*conf));
}

/* pf_conf_free - release what pf_conf_load() returned; NULL */

pf_conf_t *pf_conf_free(pf_conf_t *conf)
{
    pf_conf_clear(conf);
    free(conf);
    return (NULL);
}

/* load_text - read a configuration file; absent is PF_EINSTALL */

static int load_text(const char *path, const char *what, char **data,
		             size_t *len, char *why, size_t whylen)
{
    struct stat st;
    int     rc;

    /*
     * The config directory is root's: main.cf and master.cf may be
     * symbolic links (an administrator's choice, and Postfix reads them
     * through links). What they name must be a regular file: a FIFO, a
     * device or a socket is refused, checked on the descriptor before it
     * is opened, so that no action blocks on it.
     */
    rc = pf_file_read(path, data, len, &st, false);
    if ((rc == EINVAL || rc == EISDIR) && st.st_mode != 0)
	return (pf_rc_why(PF_EINSTALL, why, whylen, "file %s: %s, not a "
			  "regular file: cannot read it", path,
			  pf_file_type(st.st_mode)));
    if (rc == ENOENT || rc == ENOTDIR)
	return (pf_rc_why(PF_EINSTALL, why, whylen,
		     "file %s: not found (%s not found in the configuration "
		     "path)", path, what));
    if (rc == EFBIG)
	return (pf_rc_why(PF_ECONFIG, why, whylen, "file %s: larger than %d bytes",
		     path, PF_FILE_MAX_SIZE));
    if (rc != PF_OK)
	return (pf_rc_why(rc == EACCES ? PF_EPERM : PF_EINSTALL, why, whylen,
		     "file %s: cannot read: %s", path, strerror(rc)));
    return (PF_OK);
}

/* pf_conf_load - the instance's configuration */

int     pf_conf_load(const char *config_dir, const char *postconf,
		             pf_deadline_t deadline, pf_conf_t **out,
		             char *why, size_t whylen)
{
    const char *dir = pf_conf_dir(config_dir);
    pf_params_t main_cf;
    pf_params_t defaults;
    pf_conf_t *conf;
    struct stat st;
    char   *data = NULL;
    size_t  len;
    char    path[4096];
    int     rc;

    *out = NULL;
    pf_params_init(&main_cf);
    pf_params_init(&defaults);
    if ((rc = pf_conf_check_dir_arg(config_dir, why, whylen)) != PF_OK)
	return (rc);
    if (stat(dir, &st) < 0)
	return (pf_rc_why(PF_EINSTALL, why, whylen,
		     "directory %.100s: %s (No config path)", dir,
		     strerror(errno)));
    if (!S_ISDIR(st.st_mode))
	return (pf_rc_why(PF_EINSTALL, why, whylen,
		     "directory %.100s: not a directory (No config path)", dir));
    if ((conf = calloc(1, sizeof(*conf))) == NULL)
	return (pf_rc_why(ENOMEM, why, whylen, "out of memory"));
    snprintf(path, sizeof(path), "%s/main.cf", dir);
    conf->main_cf = strdup(path);
    snprintf(path, sizeof(path), "%s/master.cf", dir);
    conf->master_cf = strdup(path);
    if (conf->main_cf == NULL || conf->master_cf == NULL) {
	rc = pf_rc_why(ENOMEM, why, whylen, "out of memory");
	goto out;
    }
    if ((rc = load_text(conf->main_cf, "main.cf", &data, &len, why,
			whylen)) != PF_OK)
	goto out;
    rc = pf_conf_parse_main(data, len, conf->main_cf, &main_cf, why, whylen);
    free(data);
    data = NULL;
    if (rc != PF_OK)
	goto out;
    if ((rc = load_text(conf->master_cf, "master.cf", &data, &len, why,
			whylen)) != PF_OK)
	goto out;
    rc = pf_conf_parse_master(data, len, conf->master_cf, conf, why, whylen);
    free(data);
    data = NULL;
    if (rc != PF_OK)
	goto out;
    if ((rc = pf_conf_defaults(postconf, deadline, &defaults, why,
			       whylen)) != PF_OK)
	goto out;
    if ((rc = pf_conf_resolve(conf, dir, &main_cf, &defaults, why,
			      whylen)) == PF_OK)
	rc = pf_conf_check_dirs(conf, why, whylen);
out:
    pf_params_clear(&main_cf);
    pf_params_clear(&defaults);
    if (rc != PF_OK) {
	pf_conf_free(conf);
	return (rc);
    }
    *out = conf;
    return (PF_OK);
}

/* pf_conf_check_dirs - queue and daemon directories of their own */

int     pf_conf_check_dirs(const pf_conf_t *conf, char *why, size_t whylen)
{
    const char *main_cf = conf->main_cf ? conf->main_cf : "main.cf";
    const struct {
	const char *name;
	const char *value;
    }       dirs[] = {
	{"queue_directory", conf->queue_directory},
	{"daemon_directory", conf->daemon_directory},
    };
    struct stat root, st;
    size_t  i;

    for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
	const char *v = dirs[i].value ? dirs[i].value : "";

	if (*v != '/')
	    return (pf_rc_why(PF_ECONFIG, why, whylen, "file %s: parameter "
			      "%s: \"%.60s\" is not an absolute path",
			      main_cf, dirs[i].name, v));
	/* by inode: every spelling of "/", and a link to it */
	if (stat(v, &st) == 0 && stat("/", &root) == 0
	    && st.st_dev == root.st_dev && st.st_ino == root.st_ino)
	    return (pf_rc_why(PF_ECONFIG, why, whylen, "file %s: parameter "
			      "%s: \"%.60s\" is the root directory, where "
			      "other programs work", main_cf, dirs[i].name, v));
    }
    return (PF_OK);
}

/* pf_conf_dir - the configuration directory Postfix is told */

const char *pf_conf_dir(const char *config_dir)
{
    return (config_dir && *config_dir ? config_dir : PF_CONF_DEFAULT_DIR);
}

/* pf_conf_dir_normalize - one spelling: no repeated or trailing slash */

char   *pf_conf_dir_normalize(char *config_dir)
{
    char   *in, *out;

    if (config_dir == NULL)
	return (NULL);
    for (in = out = config_dir; *in; in++)
	if (*in != '/' || out == config_dir || out[-1] != '/')
	    *out++ = *in;
    if (out > config_dir + 1 && out[-1] == '/')
	out--;
    *out = 0;
    return (config_dir);
}

/* dot_component - the first "." or ".." component of path, or NULL */

static const char *dot_component(const char *path)
{
    const char *cp;
    size_t  n;

    for (cp = path; *cp; cp += n) {
	cp += strspn(cp, "/");
	n = strcspn(cp, "/");
	if ((n == 1 && cp[0] == '.') || (n == 2 && cp[0] == '.' && cp[1] == '.'))
	    return (n == 1 ? "." : "..");
    }
    return (NULL);
}

/* pf_conf_check_dir_arg - config_dir, when given, is absolute, no dots */

int     pf_conf_check_dir_arg(const char *config_dir, char *why, size_t whylen)
{
    const char *dot;

    if (config_dir == NULL || *config_dir == 0)
	return (PF_OK);
    if (*config_dir != '/')
	return (pf_rc_why(PF_EARGS, why, whylen,
			  "config_dir %.80s: not an absolute path", config_dir));
    if ((dot = dot_component(config_dir)) != NULL)
	return (pf_rc_why(PF_EARGS, why, whylen, "config_dir %.80s: a \"%s\" "
			  "component: Postfix compares the spelling; write the "
			  "directory without it", config_dir, dot));
    return (PF_OK);
}
