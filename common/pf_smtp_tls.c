/*++
/* NAME
/*	pf_smtp_tls 3
/* SUMMARY
/*	TLS wrapper mode (smtps) under pf_smtp's dialogue
/* SYNOPSIS
/*	#include "pf_smtp.h"
/*
/*	int	pf_smtp_tls_wrap(pf_smtp_conn_t *conn,
/*			const pf_listener_t *listener, pf_deadline_t deadline,
/*			char *why, size_t whylen)
/* DESCRIPTION
/*	pf_smtp_tls_wrap() completes a TLS handshake (pf_tls) on the
/*	connected socket conn->fd within the deadline, then points
/*	conn->recv, conn->send and conn->close at the TLS session, so that
/*	pf_smtp reads the 220 greeting (and talks EHLO, QUIT) inside TLS.
/*	Built only with TLS support (PF_SMTP_TLS, from configure's
/*	HAVE_OPENSSL).
/* DIAGNOSTICS
/*	PF_OK; PF_ETIMEOUT or PF_EFAIL with why = "TLS handshake: <cause>".
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <poll.h>
#include <stdio.h>

#include "pf_rc.h"
#include "pf_smtp.h"
#include "pf_tls.h"

/* tls_recv - conn->recv inside TLS */

static long tls_recv(pf_smtp_conn_t *conn, char *buf, size_t len)
{
    return (pf_tls_recv((pf_tls_t *) conn->tls, buf, len, &conn->events));
}

/* tls_send - conn->send inside TLS */

static long tls_send(pf_smtp_conn_t *conn, const char *buf, size_t len)
{
    return (pf_tls_send((pf_tls_t *) conn->tls, buf, len, &conn->events));
}

/* tls_close - release the session; the socket stays the caller's */

static void tls_close(pf_smtp_conn_t *conn)
{
    pf_tls_free((pf_tls_t *) conn->tls);
    conn->tls = NULL;
}

/* pf_smtp_tls_wrap - handshake, then carry the dialogue inside TLS */

int     pf_smtp_tls_wrap(pf_smtp_conn_t *conn, const pf_listener_t *listener,
			         pf_deadline_t deadline, char *why, size_t whylen)
{
    pf_tls_t *tls;
    int     rc;

    rc = pf_tls_connect(conn->fd, deadline, &tls, why, whylen);
    if (rc != PF_OK)
	return (rc == PF_ETIMEOUT ? PF_ETIMEOUT : PF_EFAIL);
    conn->tls = tls;
    conn->recv = tls_recv;
    conn->send = tls_send;
    conn->close = tls_close;
    conn->events = POLLIN;
    return (PF_OK);
}
