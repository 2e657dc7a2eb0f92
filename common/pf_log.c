/*++
/* NAME
/*	pf_log 3
/* SUMMARY
/*	logging set-up and ocf-exit-reason
/* SYNOPSIS
/*	#include "pf_log.h"
/*
/*	void	pf_log_init(const char *agent, const char *instance)
/*	void	pf_log_fini(void)
/*	void	pf_log_exit_reason(const char *fmt, ...)
/*	void	pf_log_ident(char *buf, size_t len, const char *agent,
/*			const char *instance)
/*	void	pf_log_clean(char *text)
/* DESCRIPTION
/*	pf_log_init() sets up libqb logging with the ident
/*	"<agent>(<instance>)", as the shell agents' ocf_log does. Syslog
/*	uses the facility named by HA_LOGFACILITY (default daemon; "none"
/*	turns syslog off). Messages also go to stderr when HA_debug=1 (then
/*	with debug messages) or when stderr is a terminal.
/*
/*	pf_log_exit_reason() logs an error and writes one
/*	"ocf-exit-reason:<text>" line to stderr; Pacemaker keeps the last
/*	such line of an action as the reason shown to administrators.
/*	Control characters in the text become spaces, so that a value
/*	read from the environment or a file can never forge a second line.
/*	Pacemaker keeps only the first 128 characters: when the text is
/*	longer, every word (run of non-spaces) over 48 characters is
/*	shortened in that line to its head, "...", and its tail, so that a
/*	huge path or value cannot push the cause out of sight. The log
/*	keeps the full text.
/*
/*	pf_log_ident() builds the ident; characters of the instance name
/*	outside [A-Za-z0-9_.:@+-] become '_' (the ident is a syslog tag and
/*	a libqb format argument, never a format).
/*
/*	pf_log_clean() replaces control characters in place by spaces.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "pf_log.h"

/* pf_log_clean - control characters to spaces */

void    pf_log_clean(char *text)
{
    for (; *text; text++)
	if (iscntrl((unsigned char) *text))
	    *text = ' ';
}

/* pf_log_ident - "agent(instance)" with a safe instance name */

void    pf_log_ident(char *buf, size_t len, const char *agent, const char *instance)
{
    size_t  used;
    const char *cp;

    if (len == 0)
	return;
    if (instance == NULL || *instance == 0) {
	snprintf(buf, len, "%s", agent);
	return;
    }
    used = (size_t) snprintf(buf, len, "%s(", agent);
    for (cp = instance; *cp && used + 2 < len; cp++)
	buf[used++] = (isalnum((unsigned char) *cp) || strchr("_.:@+-", *cp)) ? *cp : '_';
    if (used + 1 < len)
	buf[used++] = ')';
    buf[used < len ? used : len - 1] = 0;
}

/* pf_log_init - libqb set-up */

void    pf_log_init(const char *agent, const char *instance)
{
    static char ident[128];
    const char *facility_name = getenv("HA_LOGFACILITY");
    const char *debug = getenv("HA_debug");
    int     debugging = (debug && strcmp(debug, "1") == 0);
    int     facility = LOG_DAEMON;
    int     syslog_on = 1;

    pf_log_ident(ident, sizeof(ident), agent, instance);
    if (facility_name && *facility_name) {
	if (strcmp(facility_name, "none") == 0) {
	    syslog_on = 0;
	} else {
	    int     f = qb_log_facility2int(facility_name);

	    if (f >= 0)
		facility = f;
	}
    }
    qb_log_init(ident, facility, debugging ? LOG_DEBUG : LOG_INFO);
    qb_log_ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED, syslog_on ? QB_TRUE : QB_FALSE);
    if (debugging || isatty(STDERR_FILENO)) {
	qb_log_filter_ctl(QB_LOG_STDERR, QB_LOG_FILTER_ADD, QB_LOG_FILTER_FILE,
			  "*", debugging ? LOG_DEBUG : LOG_INFO);
	qb_log_format_set(QB_LOG_STDERR, "%N[%P]: %p: %b");
	qb_log_ctl(QB_LOG_STDERR, QB_LOG_CONF_ENABLED, QB_TRUE);
    }
}

/* pf_log_fini - flush and close */

void    pf_log_fini(void)
{
    qb_log_fini();
}

#define REASON_KEEP	128		/* what Pacemaker shows */
#define WORD_MAX	48		/* longer words are shortened... */
#define WORD_HEAD	24		/* ...to head "..." tail */
#define WORD_TAIL	21

/* shorten_words - long words to head...tail, in place */

static void shorten_words(char *text)
{
    char   *src = text;
    char   *dst = text;

    while (*src) {
	size_t  n = strcspn(src, " ");

	if (n > WORD_MAX) {
	    memmove(dst, src, WORD_HEAD);
	    memcpy(dst + WORD_HEAD, "...", 3);
	    memmove(dst + WORD_HEAD + 3, src + n - WORD_TAIL, WORD_TAIL);
	    dst += WORD_HEAD + 3 + WORD_TAIL;
	} else {
	    memmove(dst, src, n);
	    dst += n;
	}
	src += n;
	while (*src == ' ')
	    *dst++ = *src++;
    }
    *dst = 0;
}

/* pf_log_exit_reason - log and print the reason line */

void    pf_log_exit_reason(const char *fmt, ...)
{
    char    text[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    pf_log_clean(text);
    qb_log(LOG_ERR, "%s", text);
    if (strlen(text) > REASON_KEEP)
	shorten_words(text);
    fprintf(stderr, "ocf-exit-reason:%s\n", text);
    fflush(stderr);
}
