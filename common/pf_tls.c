/*++
/* NAME
/*	pf_tls 3
/* SUMMARY
/*	client side of TLS wrapper mode (smtps), bounded by a deadline
/* SYNOPSIS
/*	#include "pf_tls.h"
/*
/*	bool	pf_tls_available(void)
/*
/*	int	pf_tls_connect(int fd, pf_deadline_t deadline, pf_tls_t **out,
/*			char *why, size_t whylen)
/*
/*	long	pf_tls_recv(pf_tls_t *tls, char *buf, size_t len,
/*			short *events)
/*
/*	long	pf_tls_send(pf_tls_t *tls, const char *buf, size_t len,
/*			short *events)
/*
/*	void	pf_tls_free(pf_tls_t *tls)
/* DESCRIPTION
/*	A service in wrapper mode (smtps, 465, smtpd_tls_wrappermode=yes)
/*	says nothing until a TLS handshake is done. pf_tls_connect() does
/*	that handshake on a connected non-blocking socket, waiting with
/*	poll() for what OpenSSL wants (read or write) until the deadline.
/*	pf_tls_recv() and pf_tls_send() then carry the SMTP dialogue, one
/*	non-blocking step at a time, with the recv(2) convention: > 0
/*	bytes, 0 at end of stream, -1 with errno; EAGAIN means poll the
/*	socket for *events (TLS may need to write in order to read, or
/*	the reverse). A TLS protocol failure is EPROTO.
/*
/*	The peer's certificate is not verified and no SNI is sent, on
/*	purpose: this is a liveness probe of our own server on an address
/*	we computed from its own configuration. What matters is that
/*	smtpd completes a handshake and greets inside TLS; trusting the
/*	peer with data is not the point, and a certificate that expired
/*	or names another host must not make Pacemaker restart Postfix.
/*
/*	SIGPIPE is blocked around every call into OpenSSL that may write
/*	(a peer that resets the connection must not kill the agent), and
/*	a SIGPIPE raised meanwhile is consumed; the process's signal
/*	dispositions are left alone, so that children spawned later do
/*	not inherit an ignored SIGPIPE.
/*
/*	libssl is loaded with dlopen() at the first use, not linked, so
/*	that runs of the agent without an smtps listener never pay for it.
/*
/*	pf_tls_available() is false when configure found no OpenSSL or
/*	libssl cannot be loaded on this node;
/*	pf_tls_connect() then returns PF_EUNIMPL and the caller decides
/*	what to check instead (pf_smtp: that the connection is accepted).
/* DIAGNOSTICS
/*	why = "TLS handshake: timed out", "TLS handshake: connection
/*	closed by peer", "TLS handshake: <OpenSSL error string>", ...
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pf_rc.h"
#include "pf_tls.h"

#ifdef HAVE_OPENSSL

#include <dlfcn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "pf_log.h"

/*
 * libssl is loaded with dlopen() on the first TLS probe, not linked: only
 * smtps listeners need it, and loading libssl + libcrypto costs every run
 * of the agent about 1.3 ms and 140 page faults (measured by the
 * benchmark), which is a third of a depth-0 monitor. The code below still
 * calls OpenSSL by its names; each name is a pointer of the function's
 * own type (__typeof__), filled by dlsym().
 */
#define PF_STR2(x)	#x
#define PF_STR(x)	PF_STR2(x)
#if defined(OPENSSL_VERSION_MAJOR) && OPENSSL_VERSION_MAJOR >= 3
#define PF_LIBSSL	"libssl.so." PF_STR(OPENSSL_VERSION_MAJOR)
#else
#define PF_LIBSSL	"libssl.so.1.1"
#endif

#define PF_SSL_FUNCS(X) \
    X(ERR_clear_error) X(ERR_error_string_n) X(ERR_get_error) \
    X(ERR_peek_error) X(SSL_CTX_free) X(SSL_CTX_new) X(SSL_connect) \
    X(SSL_free) X(SSL_get_error) X(SSL_is_init_finished) X(SSL_new) \
    X(SSL_read) X(SSL_set_fd) X(SSL_set_options) X(SSL_set_verify) \
    X(SSL_shutdown) X(SSL_write) X(TLS_client_method)

#define PF_SSL_DECLARE(f) static __typeof__(f) *pf_##f;
PF_SSL_FUNCS(PF_SSL_DECLARE)

/* tls_load - dlopen libssl once; false (logged once) when it cannot be */

static bool tls_load(void)
{
    static int state;			/* 0 untried, 1 loaded, -1 failed */
    void   *lib;

    if (state != 0)
	return (state > 0);
    state = -1;
    if ((lib = dlopen(PF_LIBSSL, RTLD_NOW | RTLD_LOCAL)) == NULL) {
	pf_warn("TLS: %s cannot be loaded; smtps greetings are not checked "
		PF_XS " %s", PF_LIBSSL, dlerror());
	return (false);
    }
#define PF_SSL_LOAD(f) \
    if ((*(void **) &pf_##f = dlsym(lib, #f)) == NULL) { \
	pf_warn("TLS: %s has no %s; smtps greetings are not checked", \
		PF_LIBSSL, #f); \
	dlclose(lib); \
	return (false); \
    }
    PF_SSL_FUNCS(PF_SSL_LOAD)
    state = 1;
    return (true);
}

/* From here on, OpenSSL's names call through the pointers tls_load() set. */
#define ERR_clear_error		(*pf_ERR_clear_error)
#define ERR_error_string_n	(*pf_ERR_error_string_n)
#define ERR_get_error		(*pf_ERR_get_error)
#define ERR_peek_error		(*pf_ERR_peek_error)
#define SSL_CTX_free		(*pf_SSL_CTX_free)
#define SSL_CTX_new		(*pf_SSL_CTX_new)
#define SSL_connect		(*pf_SSL_connect)
#define SSL_free		(*pf_SSL_free)
#define SSL_get_error		(*pf_SSL_get_error)
#define SSL_is_init_finished	(*pf_SSL_is_init_finished)
#define SSL_new			(*pf_SSL_new)
#define SSL_read		(*pf_SSL_read)
#define SSL_set_fd		(*pf_SSL_set_fd)
#define SSL_set_options		(*pf_SSL_set_options)
#define SSL_set_verify		(*pf_SSL_set_verify)
#define SSL_shutdown		(*pf_SSL_shutdown)
#define SSL_write		(*pf_SSL_write)
#define TLS_client_method	(*pf_TLS_client_method)

struct pf_tls {
    SSL_CTX *ctx;
    SSL    *ssl;
    int     fd;
};

typedef struct sigpipe_guard {
    sigset_t old;
    bool    was_pending;
} sigpipe_guard_t;

/* sigpipe_block - keep SIGPIPE from killing us during a write */

static void sigpipe_block(sigpipe_guard_t *guard)
{
    sigset_t set;
    sigset_t pending;

    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    sigpending(&pending);
    guard->was_pending = sigismember(&pending, SIGPIPE);
    sigprocmask(SIG_BLOCK, &set, &guard->old);
}

/* sigpipe_restore - consume a SIGPIPE we caused, restore the mask */

static void sigpipe_restore(sigpipe_guard_t *guard)
{
    sigset_t set;
    sigset_t pending;
    struct timespec zero = {0, 0};

    sigpending(&pending);
    if (!guard->was_pending && sigismember(&pending, SIGPIPE)) {
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	while (sigtimedwait(&set, NULL, &zero) < 0 && errno == EINTR)
	     /* void */ ;
    }
    sigprocmask(SIG_SETMASK, &guard->old, NULL);
}

/* ssl_cause - the reason of the last OpenSSL failure */

static void ssl_cause(SSL *ssl, int ret, int saved_errno, char *buf,
		              size_t len)
{
    int     err = SSL_get_error(ssl, ret);
    unsigned long e = ERR_get_error();

    if (e != 0) {
	ERR_error_string_n(e, buf, len);
    } else if (err == SSL_ERROR_ZERO_RETURN
	       || (err == SSL_ERROR_SYSCALL && saved_errno == 0)) {
	snprintf(buf, len, "connection closed by peer");
    } else if (err == SSL_ERROR_SYSCALL) {
	snprintf(buf, len, "%s", strerror(saved_errno));
    } else {
	snprintf(buf, len, "TLS error %d", err);
    }
    ERR_clear_error();
}

/* tls_wait - poll for what OpenSSL asked for; PF_OK or PF_ETIMEOUT */

static int tls_wait(pf_tls_t *tls, int ssl_err, pf_deadline_t deadline)
{
    struct pollfd pfd;
    int     left;
    int     n;

    pfd.fd = tls->fd;
    pfd.events = (ssl_err == SSL_ERROR_WANT_WRITE) ? POLLOUT : POLLIN;
    for (;;) {
	if ((left = pf_deadline_left(deadline)) <= 0)
	    return (PF_ETIMEOUT);
	pfd.revents = 0;
	n = poll(&pfd, 1, left);
	if (n > 0)
	    return (PF_OK);			/* POLLERR/HUP: next call says */
	if (n < 0 && errno != EINTR)
	    return (errno);
    }
}

/* pf_tls_available - TLS support compiled in and libssl loadable */

bool    pf_tls_available(void)
{
    return (tls_load());
}

/* pf_tls_connect - TLS handshake within the deadline */

int     pf_tls_connect(int fd, pf_deadline_t deadline, pf_tls_t **out,
		               char *why, size_t whylen)
{
    pf_tls_t *tls;
    sigpipe_guard_t guard;
    char    cause[200];
    int     ret;
    int     err;
    int     saved_errno;
    int     rc;

    *out = NULL;
    if (!tls_load()) {
	snprintf(why, whylen, "TLS handshake: %s cannot be loaded", PF_LIBSSL);
	return (PF_EUNIMPL);
    }
    if ((tls = calloc(1, sizeof(*tls))) == NULL) {
	snprintf(why, whylen, "TLS handshake: out of memory");
	return (ENOMEM);
    }
    tls->fd = fd;
    ERR_clear_error();
    if ((tls->ctx = SSL_CTX_new(TLS_client_method())) == NULL
	|| (tls->ssl = SSL_new(tls->ctx)) == NULL
	|| SSL_set_fd(tls->ssl, fd) != 1) {
	ERR_error_string_n(ERR_get_error(), cause, sizeof(cause));
	snprintf(why, whylen, "TLS handshake: %s", cause);
	ERR_clear_error();
	pf_tls_free(tls);
	return (PF_EFAIL);
    }
    /* Liveness probe of our own server: no verification, see above. */
    SSL_set_verify(tls->ssl, SSL_VERIFY_NONE, NULL);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    SSL_set_options(tls->ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
    for (;;) {
	ERR_clear_error();
	errno = 0;
	sigpipe_block(&guard);
	ret = SSL_connect(tls->ssl);
	saved_errno = errno;
	sigpipe_restore(&guard);
	if (ret == 1) {
	    *out = tls;
	    return (PF_OK);
	}
	err = SSL_get_error(tls->ssl, ret);
	if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
	    if ((rc = tls_wait(tls, err, deadline)) != PF_OK) {
		snprintf(why, whylen, "TLS handshake: %s",
			 rc == PF_ETIMEOUT ? "timed out" : strerror(rc));
		pf_tls_free(tls);
		return (rc == PF_ETIMEOUT ? PF_ETIMEOUT : PF_EFAIL);
	    }
	    continue;
	}
	ssl_cause(tls->ssl, ret, saved_errno, cause, sizeof(cause));
	snprintf(why, whylen, "TLS handshake: %s", cause);
	pf_tls_free(tls);
	return (PF_EFAIL);
    }
}

/* io_result - map an SSL_read/SSL_write result to the recv(2) convention */

static long io_result(pf_tls_t *tls, int ret, int saved_errno, short *events)
{
    int     err;

    if (ret > 0)
	return (ret);
    err = SSL_get_error(tls->ssl, ret);
    switch (err) {
    case SSL_ERROR_WANT_READ:
	*events = POLLIN;
	errno = EAGAIN;
	return (-1);
    case SSL_ERROR_WANT_WRITE:
	*events = POLLOUT;
	errno = EAGAIN;
	return (-1);
    case SSL_ERROR_ZERO_RETURN:
	ERR_clear_error();
	return (0);
    case SSL_ERROR_SYSCALL:
	if (ERR_peek_error() == 0 && saved_errno == 0)
	    return (0);				/* EOF without close_notify */
	if (ERR_peek_error() == 0) {
	    errno = saved_errno;
	    return (-1);
	}
	ERR_clear_error();
	errno = EPROTO;
	return (-1);
    default:
	/* A protocol failure: the peer does not speak TLS to us. */
	ERR_clear_error();
	errno = EPROTO;
	return (-1);
    }
}

/* tls_io - one non-blocking SSL_read into rbuf, or SSL_write of wbuf */

static long tls_io(pf_tls_t *tls, char *rbuf, const char *wbuf, size_t len,
		           short *events)
{
    sigpipe_guard_t guard;
    int     n = (int) (len > 65536 ? 65536 : len);
    int     ret;
    int     saved_errno;

    *events = rbuf ? POLLIN : POLLOUT;
    if (len == 0)
	return (0);
    ERR_clear_error();
    errno = 0;
    /* A read may write too (key update): keep SIGPIPE away either way. */
    sigpipe_block(&guard);
    ret = rbuf ? SSL_read(tls->ssl, rbuf, n) : SSL_write(tls->ssl, wbuf, n);
    saved_errno = errno;
    sigpipe_restore(&guard);
    return (io_result(tls, ret, saved_errno, events));
}

/* pf_tls_recv - one non-blocking read of decrypted bytes */

long    pf_tls_recv(pf_tls_t *tls, char *buf, size_t len, short *events)
{
    return (tls_io(tls, buf, NULL, len, events));
}

/* pf_tls_send - one non-blocking write inside TLS */

long    pf_tls_send(pf_tls_t *tls, const char *buf, size_t len, short *events)
{
    return (tls_io(tls, NULL, buf, len, events));
}

/* pf_tls_free - best-effort close_notify, release */

void    pf_tls_free(pf_tls_t *tls)
{
    sigpipe_guard_t guard;

    if (tls == NULL)
	return;
    if (tls->ssl != NULL) {
	if (SSL_is_init_finished(tls->ssl)) {
	    /* One non-blocking attempt: the probe never waits for this. */
	    sigpipe_block(&guard);
	    (void) SSL_shutdown(tls->ssl);
	    sigpipe_restore(&guard);
	}
	SSL_free(tls->ssl);
    }
    if (tls->ctx != NULL)
	SSL_CTX_free(tls->ctx);
    ERR_clear_error();
    free(tls);
}

#else					/* HAVE_OPENSSL */

/* pf_tls_available - TLS support not compiled in */

bool    pf_tls_available(void)
{
    return (false);
}

/* pf_tls_connect - no TLS support: say so */

int     pf_tls_connect(int fd, pf_deadline_t deadline, pf_tls_t **out,
		               char *why, size_t whylen)
{
    *out = NULL;
    snprintf(why, whylen, "TLS handshake: TLS support not compiled in");
    return (PF_EUNIMPL);
}

/* pf_tls_recv - never called without a session */

long    pf_tls_recv(pf_tls_t *tls, char *buf, size_t len, short *events)
{
    errno = ENOSYS;
    return (-1);
}

/* pf_tls_send - never called without a session */

long    pf_tls_send(pf_tls_t *tls, const char *buf, size_t len, short *events)
{
    errno = ENOSYS;
    return (-1);
}

/* pf_tls_free - nothing to release */

void    pf_tls_free(pf_tls_t *tls)
{
}

#endif					/* HAVE_OPENSSL */
