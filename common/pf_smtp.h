/*++
/* NAME
/*	pf_smtp 3h
/* SUMMARY
/*	bounded SMTP client: greeting, optional EHLO, QUIT
/* SYNOPSIS
/*	#include "pf_smtp.h"
/*--*/
#ifndef PF_SMTP_H
#define PF_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_listen.h"
#include "pf_ocf.h"

#define PF_SMTP_MAX_LINE	1024	/* RFC 5321 allows 512 */
#define PF_SMTP_MAX_LINES	100	/* continuation lines accepted */

typedef struct pf_smtp_reply {
    int     code;			/* 3-digit code */
    int     lines;			/* number of lines */
    char    text[256];			/* first line's text, cleaned */
} pf_smtp_reply_t;

/*
 * Pure reply parser: PF_OK when buf holds a complete reply (*used bytes
 * consumed), EAGAIN when more input is needed, PF_EPARSE when malformed
 * (no code, mixed codes, line or line count over the limits).
 */
extern int pf_smtp_parse_reply(const char *buf, size_t len,
			               pf_smtp_reply_t *reply, size_t *used);

/*
 * Connect, read the whole 220 greeting before sending anything, with
 * ehlo != NULL send EHLO and expect 250, then QUIT. PF_OK, or
 * PF_EFAIL / PF_ETIMEOUT with why = "<label>: <cause>".
 */
extern int pf_smtp_probe(const pf_listener_t *listener, const char *ehlo,
			         pf_deadline_t deadline, char *why, size_t whylen);

#endif
