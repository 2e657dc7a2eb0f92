/*++
/* NAME
/*	pf_master_ent 3
/* SUMMARY
/*	the master.cf entries the agent needs, and their -o options
/* SYNOPSIS
/*	#include "pf_master_ent.h"
/*
/*	int	pf_master_ent_parse(buf, len, path, conf, why, whylen)
/*
/*	bool	pf_conf_service_disabled(patterns, name, type)
/* DESCRIPTION
/*	pf_master_ent_parse() reads master.cf text (logical lines,
/*	pf_readlline(3)) into conf: every inet service whose command is
/*	smtpd or postscreen, with its host and port ([host:]port,
/*	[v6addr]:port, *:port), and -o smtpd_tls_wrappermode=yes (also
/*	-o { ... } and -osmtpd_tls_wrappermode=yes; not -o{...}, which
/*	Postfix's daemons do not apply either). Also the first unix or
/*	fifo service whose command is qmgr or oqmgr (the queue manager).
/*	A master.cf with no smtpd service at all is valid: an
/*	outbound-only or relay instance. Each service keeps all its -o
/*	name=value options (opts), in order, for the values its daemon
/*	expands (pf_conf_resolve(), pf_conf(3)). It is pure (no I/O):
/*	unit tests and the libFuzzer harness call it directly. What it
/*	puts in conf is released by pf_conf_clear().
/*
/*	pf_conf_service_disabled() applies master_service_disable the way
/*	master(8) does (match_service): a list of "type" or "name/type"
/*	patterns (the Postfix 2.6-2.10 form "name.type" is still read:
/*	its last dot becomes a slash), separated by commas or blanks,
/*	matched case-insensitively against "<first master.cf field>/<type>"
/*	in order, the first match deciding, "!" inverting it. True when
/*	the service is disabled.
/* DIAGNOSTICS
/*	PF_OK; PF_ECONFIG (a bad field count, a bad [address]:port or a
/*	missing port, more than PF_MASTER_ENT_MAX_SERVICES smtpd services
/*	or PF_PARAMS_MAX -o options); ENOMEM. why receives a reason
/*	naming the file and line first ("file %s: line %d: ...").
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pf_conf.h"
#include "pf_master_ent.h"
#include "pf_rc.h"
#include "pf_readlline.h"

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
	*host = strndup(field + 1, (size_t) (rb - field - 1));
	*port = strdup(rb + 2);
    } else if ((colon = strrchr(field, ':')) != NULL) {
	if (colon[1] == 0)
	    return (pf_rc_why(PF_ECONFIG, why, whylen,
			 "file %s: line %d: service \"%.60s\": missing port",
			 path, line, field));
	bool    wild = colon == field || (colon == field + 1 && *field == '*');

	if (!wild && (*host = strndup(field, (size_t) (colon - field))) == NULL)
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

static int master_line(void *vctx, const char *path, char *text, int line,
		               char *why, size_t whylen)
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
			 "file %s: line %d: bad field count", path, line));
    /* the chroot column of every service: see pf_chroot_used() */
    if (strchr(f[4], 'y') != NULL || strchr(f[4], 'Y') != NULL)
	ctx->conf->chroot_yes = true;
    else if (strcmp(f[4], "-") == 0)
	ctx->conf->chroot_default = true;
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
    if (rc == PF_OK && ctx->conf->n_services >= PF_MASTER_ENT_MAX_SERVICES)
	rc = pf_rc_why(PF_ECONFIG, why, whylen,
		       "file %s: line %d: more than %d smtpd services",
		       path, line, PF_MASTER_ENT_MAX_SERVICES);
    else if (rc == E2BIG)
	rc = pf_rc_why(PF_ECONFIG, why, whylen,
		       "file %s: line %d: more than %d -o options",
		       path, line, PF_PARAMS_MAX);
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
    rc = split_listen(path, line, f[0], &svc->host, &svc->port, why,
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

/* pf_master_ent_parse - master.cf text to conf->services */

int     pf_master_ent_parse(const char *buf, size_t len, const char *path,
			            pf_conf_t *conf, char *why, size_t whylen)
{
    master_ctx_t ctx;

    ctx.conf = conf;
    ctx.cap = conf->n_services;
    return (pf_readlline(buf, len, path, master_line, &ctx, why, whylen));
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
