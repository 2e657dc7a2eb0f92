/*++
/* NAME
/*	pf_smtp 3h
/* SUMMARY
/*	bounded SMTP client: greeting, optional EHLO, QUIT
/* SYNOPSIS
/*	#include "pf_smtp.h"
/* DESCRIPTION
/*	The client reads and writes through a pf_smtp_conn_t, so that a
/*	TLS layer (smtps, "wrapper mode") can be slipped in under the
/*	dialogue without touching it: the TLS handshake (pf_tls) on
/*	conn->fd replaces conn->recv, conn->send and conn->close. Where
/*	TLS is not available, a wrapper-mode listener is only checked to
/*	accept the connection.
/*	A listener that expects the PROXY protocol gets its header first,
/*	in clear text, before TLS.
/*--*/
#ifndef PF_SMTP_H
#define PF_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_listen.h"
#include "pf_clock.h"

#define PF_SMTP_MAX_LINE	1024	/* RFC 5321 allows 512 */
#define PF_SMTP_MAX_LINES	100	/* continuation lines accepted */

typedef struct pf_smtp_reply {
    int     code;			/* 3-digit code */
    int     lines;			/* number of lines */
    char    text[256];			/* first line's text, cleaned */
} pf_smtp_reply_t;

typedef struct pf_smtp_conn pf_smtp_conn_t;

struct pf_smtp_conn {
    int     fd;				/* connected, non-blocking */
    void   *tls;			/* TLS session, NULL in clear text */
    /* >0 bytes, 0 EOF, -1 with errno (EAGAIN: poll for conn->events) */
    long    (*recv) (pf_smtp_conn_t *conn, char *buf, size_t len);
    long    (*send) (pf_smtp_conn_t *conn, const char *buf, size_t len);
    void    (*close) (pf_smtp_conn_t *conn);	/* release tls, not fd */
    short   events;			/* POLLIN / POLLOUT wanted next */
};

/*
 * Pure reply parser: PF_OK when buf holds a complete reply (*used bytes
 * consumed), EAGAIN when more input is needed, PF_EPARSE when malformed
 * (no code, mixed codes, line or line count over the limits).
 */
extern int pf_smtp_parse_reply(const char *buf, size_t len,
			               pf_smtp_reply_t *reply, size_t *used);

/*
 * Pure encoder of a PROXY protocol header (version 1 or 2, TCP over IPv4
 * or IPv6) for a connection from src to dst: its length in buf, or 0 when
 * it cannot be made (PF_PROXY_NONE, families that differ or are neither,
 * buf shorter than the header). PF_SMTP_PROXY_MAX bytes always suffice.
 */
#define PF_SMTP_PROXY_MAX	108	/* version 1's longest line, and a NUL */
extern size_t pf_smtp_proxy_header(pf_proxy_t version,
				           const struct sockaddr *src,
				           const struct sockaddr *dst,
				           char *buf, size_t len);

/* True when buf starts with a complete "220-" line (postscreen). */
extern bool pf_smtp_pregreeting(const char *buf, size_t len);

/*
 * Connect, send the PROXY header the listener expects (listener->proxy),
 * read the whole 220 greeting before sending anything else, with
 * ehlo != NULL send EHLO and expect 250, then QUIT (a pregreet listener:
 * its "220-" first line suffices, nothing is sent). PF_OK, or
 * PF_EFAIL / PF_ETIMEOUT with why = "<label>: <cause>".
 */
extern int pf_smtp_probe(const pf_listener_t *listener, const char *ehlo,
			         pf_deadline_t deadline, char *why, size_t whylen);

/*
 * The probe above for every listener whose done[i] is not set (done may
 * be NULL), done[i] set for each that passes. All connects are started
 * before the first greeting is read, so that the listeners' smtpd
 * processes answer at the same time. Each listener's dialogue ends by
 * the deadline, or step_ms after it begins when step_ms > 0. PF_OK when
 * all pass; else the first failure, with why naming its listener.
 */
/*
 * Proof, while a greeting is awaited, that it never will come: PF_OK (no
 * proof, keep waiting) or not, with the cause in cause. look says which
 * look of this greeting's wait it is: the first, a later one, or the one
 * made when the wait is over (the greeting's deadline passed; evidence
 * that lasted all the wait, added to the timeout's cause).
 */
typedef enum pf_smtp_look {
    PF_SMTP_LOOK_FIRST,			/* first look of this wait */
    PF_SMTP_LOOK_AGAIN,			/* a later look */
    PF_SMTP_LOOK_DEADLINE,		/* the wait is over, no greeting */
} pf_smtp_look_t;
typedef int (*pf_smtp_stall_fn) (const pf_listener_t *l, void *arg,
				         pf_smtp_look_t look, char *cause,
				         size_t len);

/* The stall check a probe makes while it waits: fn, given arg. */
typedef struct pf_smtp_stall {
    pf_smtp_stall_fn fn;
    void   *arg;
} pf_smtp_stall_t;

/* stall: the check while each greeting is awaited, or NULL (none). */
extern int pf_smtp_probe_all(const pf_listener_t *l, size_t n, bool *done,
			             const char *ehlo, pf_deadline_t deadline,
			             int64_t step_ms, const pf_smtp_stall_t *stall,
			             char *why, size_t whylen);

#endif
