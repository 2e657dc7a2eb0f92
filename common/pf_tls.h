/*++
/* NAME
/*	pf_tls 3h
/* SUMMARY
/*	client side of TLS wrapper mode (smtps), bounded by a deadline
/* SYNOPSIS
/*	#include "pf_tls.h"
/* DESCRIPTION
/*	pf_smtp uses this module for listeners with tls_wrapper set: the
/*	TLS handshake comes first, then the SMTP dialogue runs inside TLS.
/*	All calls work on a connected non-blocking socket and never wait
/*	past the deadline. The socket stays the caller's: pf_tls_free()
/*	does not close it.
/*--*/
#ifndef PF_TLS_H
#define PF_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_clock.h"

typedef struct pf_tls pf_tls_t;

/* true when TLS support was compiled in (HAVE_OPENSSL) and libssl loads */
extern bool pf_tls_available(void);

/*
 * Handshake on fd. PF_OK with *out set; PF_ETIMEOUT or PF_EFAIL with
 * why = "TLS handshake: <cause>"; PF_EUNIMPL when TLS support is not
 * compiled in.
 */
extern int pf_tls_connect(int fd, pf_deadline_t deadline, pf_tls_t **out,
			          char *why, size_t whylen);

/*
 * One non-blocking step, recv(2)/send(2) convention: > 0 bytes, 0 end of
 * stream, -1 with errno; EAGAIN: poll the socket for *events first.
 */
extern long pf_tls_recv(pf_tls_t *tls, char *buf, size_t len, short *events);
extern long pf_tls_send(pf_tls_t *tls, const char *buf, size_t len,
			        short *events);

/* Send close_notify if possible without waiting, release; NULL is fine. */
extern void pf_tls_free(pf_tls_t *tls);

#endif
