/*++
/* NAME
/*	pf_smtp 3
/* SUMMARY
/*	bounded SMTP client: greeting, optional EHLO, QUIT
/* SYNOPSIS
/*	#include "pf_smtp.h"
/*
/*	int	pf_smtp_parse_reply(const char *buf, size_t len,
/*			pf_smtp_reply_t *reply, size_t *used)
/*
/*	bool	pf_smtp_pregreeting(const char *buf, size_t len)
/*
/*	size_t	pf_smtp_proxy_header(pf_proxy_t version,
/*			const struct sockaddr *src, const struct sockaddr *dst,
/*			char *buf, size_t len)
/*
/*	int	pf_smtp_probe(const pf_listener_t *listener,
/*			const char *ehlo, pf_deadline_t deadline,
/*			char *why, size_t whylen)
/*
/*	int	pf_smtp_probe_all(const pf_listener_t *l, size_t n,
/*			bool *done, const char *ehlo, pf_deadline_t deadline,
/*			int64_t step_ms, const pf_smtp_stall_t *stall,
/*			char *why, size_t whylen)
/* DESCRIPTION
/*	pf_smtp_parse_reply() is a pure parser of one SMTP reply at the
/*	start of buf: lines "NNN-text" ending with "NNN text" (or a bare
/*	"NNN"), each ended by LF or CRLF, all with the same code, whose
/*	first digit is 2 to 5. reply->text is the first line's text with
/*	control characters replaced, cut to fit. It never reads past len.
/*
/*	pf_smtp_probe() connects to the listener without blocking, reads
/*	the complete greeting before it sends anything (postscreen
/*	penalises clients that talk first), expects 220, with ehlo != NULL
/*	sends "EHLO <ehlo>" and expects 250, then sends QUIT and closes
/*	without waiting for its answer. Every step ends by the one deadline.
/*	A connection alone proves nothing (the master owns the listening
/*	socket even when no smtpd can start): only a 220 counts.
/*
/*	A postscreen(8) listener (listener->pregreet) that sends its
/*	multi-line pregreeting "220-text" and holds the rest back for
/*	postscreen_greet_wait has greeted: the probe closes the connection
/*	at once, without sending anything (no QUIT, no EHLO), so that it
/*	neither waits for the greet wait nor talks before the final 220
/*	(a pregreet violation). A postscreen that lets the client through
/*	at once (postscreen_access_list, a cached pass) hands it to smtpd,
/*	whose complete 220 is read as for any listener.
/*	pf_smtp_pregreeting() is the pure test of a buffer.
/*
/*	A listener that expects the PROXY protocol (listener->proxy) gets
/*	its header right after the connect, before the greeting is read
/*	(and before TLS): the daemon greets only after it. The header
/*	names the probe's own connection, getsockname() as the source and
/*	getpeername() as the destination, so that Postfix logs and checks
/*	the address it would see without a proxy. It goes out in one
/*	write: Postfix peeks once and takes what it finds as the whole
/*	header. pf_smtp_proxy_header() is the pure encoder: version 1,
/*	"PROXY TCP4|TCP6 src dst sport dport" and CRLF, or version 2, the
/*	12-byte signature, 0x21 (version 2, PROXY), 0x11 or 0x21 (TCP over
/*	IPv4 or IPv6), the length of the addresses (12 or 36, big-endian)
/*	and the addresses and ports in network order.
/*
/*	A stall check (pf_smtp_probe_all()'s stall, the caller's: no state
/*	of this module) is stall->fn, given stall->arg, called while a probe waits
/*	for a greeting: first after a grace of a second (half the allowed
/*	wait when that is shorter; look PF_SMTP_LOOK_FIRST), then every
/*	250 ms (PF_SMTP_LOOK_AGAIN). When it returns other than PF_OK
/*	twice in a row (the proof must last), the probe fails at once with
/*	fn's cause instead of waiting for the deadline; PF_OK keeps it
/*	waiting (a slow smtpd greets late). When the greeting's wait ends
/*	without a greeting after at least one look, fn is called once more
/*	(PF_SMTP_LOOK_DEADLINE): evidence that had to last the whole wait;
/*	other than PF_OK adds fn's cause to the timeout's ("no greeting
/*	within 5 s; <cause>"), and the probe still answers PF_ETIMEOUT.
/*	A NULL stall makes none.
/*
/*	pf_smtp_probe_all() probes every listener not marked done. It
/*	starts all the connects first and then reads the greetings one
/*	listener after the other: the smtpd processes behind the listeners
/*	greet at the same time, and a monitor costs about one greeting
/*	however many listeners there are. It stops at the first failure.
/*
/*	A listener in TLS wrapper mode (smtps) gets a TLS handshake
/*	(pf_tls) first, and the dialogue then runs inside TLS. Where TLS
/*	is not available (pf_tls_available(): configure found no OpenSSL,
/*	or libssl cannot be loaded here) such a listener is only checked
/*	to accept the connection, and that is logged.
/* DIAGNOSTICS
/*	pf_smtp_parse_reply(): PF_OK and *used, EAGAIN (incomplete),
/*	PF_EPARSE (malformed, or over PF_SMTP_MAX_LINE / PF_SMTP_MAX_LINES).
/*
/*	pf_smtp_probe(): PF_OK, PF_ETIMEOUT or PF_EFAIL with why =
/*	"<label>: <cause>", for example "smtp 127.0.0.10:2525: connection
/*	refused", "...: no greeting within 5 s", "...: greeting 421 ...";
/*	a failure after a PROXY header says so ("... (PROXY v1 header
/*	sent)").
/*
/*	pf_smtp_proxy_header(): the header's length, 0 when it cannot be
/*	made.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pf_log.h"
#include "pf_rc.h"
#include "pf_smtp.h"
#include "pf_tls.h"

#define REPLY_BUF	((PF_SMTP_MAX_LINE + 2) * (PF_SMTP_MAX_LINES + 1))
#define PEER_CLOSED	(-100)		/* read_reply(): orderly EOF */
#define PREGREETED	(-101)		/* read_reply(): postscreen's 220- */
#define STALLED		(-102)		/* read_reply(): stall check proved it */
#define TIMEOUT_PROVEN	(-103)		/* read_reply(): timeout, and the proof */
#define STALL_GRACE_MS	1000		/* a greeting's normal delay, at most */
#define STALL_STEP_MS	250		/* then checks this often */
#define STALL_STRIKES	2		/* consecutive proofs needed */


/* clean_text - copy printable text, cut to fit */

static void clean_text(char *dst, size_t dstlen, const char *src, size_t n)
{
    size_t  i, o = 0;

    for (i = 0; i < n && o + 1 < dstlen; i++) {
	unsigned char c = (unsigned char) src[i];

	dst[o++] = (c < 0x20 || c >= 0x7f) ? '?' : (char) c;
    }
    dst[o] = 0;
}

/* pf_smtp_parse_reply - one complete reply, or how it is not */

int     pf_smtp_parse_reply(const char *buf, size_t len, pf_smtp_reply_t *reply,
			            size_t *used)
{
    size_t  pos = 0;
    int     code = -1;
    int     lines = 0;

    memset(reply, 0, sizeof(*reply));
    for (;;) {
	const char *line = buf + pos;
	const char *nl;
	size_t  linelen;
	int     this_code;
	char    sep;

	/* Nothing (more) yet: said explicitly, for readers and analyzers. */
	if (pos >= len)
	    return (EAGAIN);
	nl = memchr(line, '\n', len - pos);
	if (nl == NULL) {
	    size_t  part = len - pos;

	    /* Reject what can never become a reply without waiting for more. */
	    if (part > PF_SMTP_MAX_LINE + 1
		|| (part >= 1 && (line[0] < '2' || line[0] > '5'))
		|| (part >= 2 && (line[1] < '0' || line[1] > '9'))
		|| (part >= 3 && (line[2] < '0' || line[2] > '9'))
		|| (part >= 4 && line[3] != ' ' && line[3] != '-' && line[3] != '\r'))
		return (PF_EPARSE);
	    return (EAGAIN);
	}
	linelen = (size_t) (nl - line);
	if (linelen > 0 && line[linelen - 1] == '\r')
	    linelen--;
	if (linelen > PF_SMTP_MAX_LINE || linelen < 3)
	    return (PF_EPARSE);
	if (line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9'
	    || line[2] < '0' || line[2] > '9')
	    return (PF_EPARSE);
	this_code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	if (code >= 0 && this_code != code)
	    return (PF_EPARSE);
	code = this_code;
	sep = linelen > 3 ? line[3] : ' ';
	if (sep != ' ' && sep != '-')
	    return (PF_EPARSE);
	if (++lines > PF_SMTP_MAX_LINES)
	    return (PF_EPARSE);
	if (lines == 1 && linelen > 4)
	    clean_text(reply->text, sizeof(reply->text), line + 4, linelen - 4);
	pos = (size_t) (nl - buf) + 1;
	if (sep == ' ') {
	    reply->code = code;
	    reply->lines = lines;
	    *used = pos;
	    return (PF_OK);
	}
    }
}

/* plain_recv - clear-text read */

static long plain_recv(pf_smtp_conn_t *conn, char *buf, size_t len)
{
    ssize_t n;

    while ((n = recv(conn->fd, buf, len, 0)) < 0 && errno == EINTR)
	 /* retry */ ;
    conn->events = POLLIN;
    return ((long) n);
}

/* plain_send - clear-text write */

static long plain_send(pf_smtp_conn_t *conn, const char *buf, size_t len)
{
    ssize_t n;

    while ((n = send(conn->fd, buf, len, MSG_NOSIGNAL)) < 0 && errno == EINTR)
	 /* retry */ ;
    conn->events = POLLOUT;
    return ((long) n);
}

/* plain_close - nothing to release in clear text */

static void plain_close(pf_smtp_conn_t *conn)
{
}

/* wait_fd - poll for events until the deadline: 1 ready, 0 timeout */

static int wait_fd(int fd, short events, pf_deadline_t deadline)
{
    struct pollfd pfd = {.fd = fd,.events = events};
    int     n;

    for (;;) {
	n = poll(&pfd, 1, pf_deadline_left(deadline));
	if (n > 0)
	    return (1);
	if (n == 0)
	    return (0);
	if (errno != EINTR)
	    return (-1);
    }
}

/* span - "5 s" or "300 ms": how long a step was allowed */

static const char *span(int64_t ms, char *buf, size_t len)
{
    if (ms >= 1000)
	snprintf(buf, len, "%lld s", (long long) ((ms + 500) / 1000));
    else
	snprintf(buf, len, "%lld ms", (long long) (ms > 0 ? ms : 0));
    return (buf);
}

/* smtp_dial - start a non-blocking connect: 0 with *fdp, or an errno */

static int smtp_dial(const pf_listener_t *l, int *fdp)
{
    int     fd, err;

    *fdp = -1;
    fd = socket(l->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
	return (errno);
    if (connect(fd, (const struct sockaddr *) &l->addr, l->addrlen) < 0
	&& errno != EINPROGRESS && errno != EINTR) {
	err = errno;
	close(fd);
	return (err);
    }
    *fdp = fd;
    return (0);
}

/* smtp_connect - finish a dialled connect within the deadline */

static int smtp_connect(int dial_err, int *fdp, pf_deadline_t deadline,
			        int64_t allowed, char *cause, size_t len)
{
    char    sp[32];
    int     err = dial_err;
    socklen_t errlen = sizeof(err);

    if (err == 0) {
	switch (wait_fd(*fdp, POLLOUT, deadline)) {
	case 0:
	    snprintf(cause, len, "no connection within %s", span(allowed, sp, sizeof(sp)));
	    return (PF_ETIMEOUT);
	case -1:
	    err = errno;
	    break;
	default:
	    if (getsockopt(*fdp, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
		err = errno;
	}
    }
    if (err == 0)
	return (PF_OK);
    if (err == ECONNREFUSED)
	snprintf(cause, len, "connection refused");
    else if (err == ECONNRESET)			/* accepted, then reset */
	snprintf(cause, len, "connection reset before the greeting");
    else
	snprintf(cause, len, "connect: %s", strerror(err));
    return (PF_EFAIL);
}

/* pf_smtp_pregreeting - does buf start with a complete "220-" line */

bool    pf_smtp_pregreeting(const char *buf, size_t len)
{
    return (len >= 5 && memcmp(buf, "220-", 4) == 0
	    && memchr(buf + 4, '\n', len - 4) != NULL);
}

/* What read_reply() needs for the stall check of a greeting. */
typedef struct pf_stall {
    const pf_smtp_stall_t *check;	/* the caller's, NULL: none */
    const pf_listener_t *listener;
    int64_t allowed;			/* the greeting's whole wait */
    char   *cause;			/* the proof, when there is one */
    size_t  len;
} pf_stall_t;

/* timed_out - the greeting's wait is over: proof that lasted all of it */

static int timed_out(const pf_stall_t *watch, bool looked)
{
    if (watch != NULL && watch->check != NULL && looked
	&& watch->check->fn(watch->listener, watch->check->arg, PF_SMTP_LOOK_DEADLINE,
		    watch->cause, watch->len) != PF_OK)
	return (TIMEOUT_PROVEN);
    return (PF_ETIMEOUT);
}

/* read_reply - one complete reply within the deadline */

static int read_reply(pf_smtp_conn_t *conn, char *buf, size_t *have,
		              pf_deadline_t deadline, bool pregreet,
		              pf_smtp_reply_t *reply, const pf_stall_t *watch)
{
    pf_deadline_t next_check = 0, wait_until;
    int64_t now;
    size_t  used;
    long    n;
    int     rc, strikes = 0;
    bool    looked = false;

    for (;;) {
	rc = pf_smtp_parse_reply(buf, *have, reply, &used);
	if (rc == PF_OK) {
	    memmove(buf, buf + used, *have - used);
	    *have -= used;
	    return (PF_OK);
	}
	if (rc != EAGAIN)
	    return (rc);
	/* postscreen: the rest comes after postscreen_greet_wait */
	if (pregreet && pf_smtp_pregreeting(buf, *have))
	    return (PREGREETED);
	if (*have >= REPLY_BUF)
	    return (PF_EPARSE);
	n = conn->recv(conn, buf + *have, REPLY_BUF - *have);
	if (n > 0) {
	    *have += (size_t) n;
	    continue;
	}
	if (n == 0)
	    return (PEER_CLOSED);
	if (errno != EAGAIN && errno != EWOULDBLOCK)
	    return (errno);
	if (pf_deadline_left(deadline) == 0)
	    return (timed_out(watch, looked));
	wait_until = deadline;
	if (watch != NULL && watch->check != NULL) {
	    /* no greeting yet: look for proof that none will come */
	    now = pf_now_ms();
	    if (next_check == 0)
		next_check = now + (watch->allowed / 2 < STALL_GRACE_MS ?
				    watch->allowed / 2 : STALL_GRACE_MS);
	    if (now >= next_check) {
		if (watch->check->fn(watch->listener, watch->check->arg, looked ?
			     PF_SMTP_LOOK_AGAIN : PF_SMTP_LOOK_FIRST,
			     watch->cause, watch->len) != PF_OK) {
		    if (++strikes >= STALL_STRIKES)
			return (STALLED);
		} else
		    strikes = 0;
		looked = true;
		next_check = now + STALL_STEP_MS;
	    }
	    wait_until = pf_deadline_min(deadline, next_check);
	}
	rc = wait_fd(conn->fd, conn->events, wait_until);
	if (rc == 0 && wait_until != deadline)
	    continue;				/* time for the next check */
	if (rc == 0)
	    return (timed_out(watch, looked));
	if (rc < 0)
	    return (errno);
    }
}

/* send_all - send len bytes within the deadline */

static int send_all(pf_smtp_conn_t *conn, const char *text, size_t len,
		            pf_deadline_t deadline)
{
    size_t  done = 0;
    long    n;
    int     rc;

    while (done < len) {
	n = conn->send(conn, text + done, len - done);
	if (n > 0) {
	    done += (size_t) n;
	    continue;
	}
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
	    return (errno);
	rc = wait_fd(conn->fd, conn->events, deadline);
	if (rc == 0)
	    return (PF_ETIMEOUT);
	if (rc < 0)
	    return (errno);
    }
    return (PF_OK);
}

/* write_all - send a command within the deadline */

static int write_all(pf_smtp_conn_t *conn, const char *text, pf_deadline_t deadline)
{
    return (send_all(conn, text, strlen(text), deadline));
}

/*
 * The PROXY protocol, version 2, as HAProxy's proxy-protocol.txt defines
 * it and Postfix's haproxy_srvr.c reads it.
 */
#define PP2_SIGNATURE	"\r\n\r\n\0\r\nQUIT\n"
#define PP2_SIG_LEN	12
#define PP2_HEAD_LEN	16		/* signature, ver_cmd, fam, len */
#define PP2_V2_PROXY	0x21		/* version 2, command PROXY */
#define PP2_TCP4	0x11		/* AF_INET, stream */
#define PP2_TCP6	0x21		/* AF_INET6, stream */
#define PP2_ADDRS4	12		/* 2 addresses, 2 ports */
#define PP2_ADDRS6	36

/* pf_smtp_proxy_header - the PROXY header of a connection src -> dst */

size_t  pf_smtp_proxy_header(pf_proxy_t version, const struct sockaddr *src,
			             const struct sockaddr *dst, char *buf,
			             size_t len)
{
    const struct sockaddr_in *s4 = (const struct sockaddr_in *) src;
    const struct sockaddr_in *d4 = (const struct sockaddr_in *) dst;
    const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *) src;
    const struct sockaddr_in6 *d6 = (const struct sockaddr_in6 *) dst;
    unsigned char *o = (unsigned char *) buf;
    char    sa[INET6_ADDRSTRLEN];
    char    da[INET6_ADDRSTRLEN];
    bool    v6 = src->sa_family == AF_INET6;
    size_t  addrs = v6 ? PP2_ADDRS6 : PP2_ADDRS4;
    int     n;

    if (src->sa_family != dst->sa_family
	|| (src->sa_family != AF_INET && src->sa_family != AF_INET6))
	return (0);
    if (version == PF_PROXY_V1) {
	if (inet_ntop(src->sa_family, v6 ? (const void *) &s6->sin6_addr
		      : (const void *) &s4->sin_addr, sa, sizeof(sa)) == NULL
	    || inet_ntop(dst->sa_family, v6 ? (const void *) &d6->sin6_addr
			 : (const void *) &d4->sin_addr, da, sizeof(da)) == NULL)
	    return (0);
	n = snprintf(buf, len, "PROXY %s %s %s %u %u\r\n", v6 ? "TCP6" : "TCP4",
		     sa, da, ntohs(v6 ? s6->sin6_port : s4->sin_port),
		     ntohs(v6 ? d6->sin6_port : d4->sin_port));
	return (n > 0 && (size_t) n < len ? (size_t) n : 0);
    }
    if (version != PF_PROXY_V2 || len < PP2_HEAD_LEN + addrs)
	return (0);
    memcpy(o, PP2_SIGNATURE, PP2_SIG_LEN);
    o[12] = PP2_V2_PROXY;
    o[13] = v6 ? PP2_TCP6 : PP2_TCP4;
    o[14] = 0;
    o[15] = (unsigned char) addrs;
    o += PP2_HEAD_LEN;
    if (v6) {
	memcpy(o, &s6->sin6_addr, 16);
	memcpy(o + 16, &d6->sin6_addr, 16);
	memcpy(o + 32, &s6->sin6_port, 2);
	memcpy(o + 34, &d6->sin6_port, 2);
    } else {
	memcpy(o, &s4->sin_addr, 4);
	memcpy(o + 4, &d4->sin_addr, 4);
	memcpy(o + 8, &s4->sin_port, 2);
	memcpy(o + 10, &d4->sin_port, 2);
    }
    return (PP2_HEAD_LEN + addrs);
}

/* send_proxy - the PROXY header of this connection, in one write */

static int send_proxy(pf_smtp_conn_t *conn, pf_proxy_t version,
		              pf_deadline_t deadline, char *cause, size_t len)
{
    struct sockaddr_storage me;
    struct sockaddr_storage peer;
    socklen_t melen = sizeof(me);
    socklen_t peerlen = sizeof(peer);
    char    hdr[PF_SMTP_PROXY_MAX];
    size_t  n;
    int     rc;

    if (getsockname(conn->fd, (struct sockaddr *) &me, &melen) < 0
	|| getpeername(conn->fd, (struct sockaddr *) &peer, &peerlen) < 0) {
	snprintf(cause, len, "PROXY header: %s", strerror(errno));
	return (PF_EFAIL);
    }
    n = pf_smtp_proxy_header(version, (struct sockaddr *) &me,
			     (struct sockaddr *) &peer, hdr, sizeof(hdr));
    if (n == 0) {
	snprintf(cause, len, "PROXY header: address family %d",
		 (int) me.ss_family);
	return (PF_EFAIL);
    }
    /* a fresh connection's send buffer is empty: it goes out whole */
    if ((rc = send_all(conn, hdr, n, deadline)) != PF_OK) {
	snprintf(cause, len, "sending the PROXY header: %s",
		 rc == PF_ETIMEOUT ? "timed out" : strerror(rc));
	return (rc == PF_ETIMEOUT ? PF_ETIMEOUT : PF_EFAIL);
    }
    return (PF_OK);
}

/* describe - the cause of a failed read, in words */

static int describe(int rc, const char *what, int64_t allowed,
		            char *cause, size_t len)
{
    char    sp[32];

    switch (rc) {
    case PF_ETIMEOUT:
	snprintf(cause, len, "no %s within %s", what, span(allowed, sp, sizeof(sp)));
	return (PF_ETIMEOUT);
    case PF_EPARSE:
	snprintf(cause, len, "malformed %s", what);
	return (PF_EFAIL);
    case PEER_CLOSED:
	snprintf(cause, len, "connection closed before the %s", what);
	return (PF_EFAIL);
    case ECONNRESET:
	snprintf(cause, len, "connection reset before the %s", what);
	return (PF_EFAIL);
    default:
	snprintf(cause, len, "reading the %s: %s", what, strerror(rc));
	return (PF_EFAIL);
    }
}

/* expect_reply - one step's reply (read with result rc) has the code wanted */

static int expect_reply(int rc, const pf_smtp_reply_t *reply, int code,
			        const char *what, const char *wrong,
			        int64_t allowed, char *cause, size_t len)
{
    if (rc != PF_OK)
	return (describe(rc, what, allowed, cause, len));
    if (reply->code != code) {
	snprintf(cause, len, "%s %d %s", wrong, reply->code, reply->text);
	return (PF_EFAIL);
    }
    return (PF_OK);
}

/* smtp_dialogue - greeting, EHLO, QUIT on a connected conn */

static int smtp_dialogue(pf_smtp_conn_t *conn, const pf_listener_t *listener,
			         const char *ehlo, pf_deadline_t deadline,
			         int64_t allowed, const pf_smtp_stall_t *stall,
			         char *cause, size_t len)
{
    pf_smtp_reply_t reply;
    char   *buf;
    char    cmd[600];
    size_t  have = 0;
    int     rc;

    if ((buf = malloc(REPLY_BUF)) == NULL) {
	snprintf(cause, len, "out of memory");
	return (PF_EFAIL);
    }
    rc = read_reply(conn, buf, &have, deadline, listener->pregreet, &reply,
		    &(pf_stall_t) {stall, listener, allowed, cause, len});
    if (rc == STALLED) {
	rc = PF_EFAIL;
	goto done;
    }
    if (rc == TIMEOUT_PROVEN) {
	/* the timeout first (the answer), then the evidence that lasted */
	char    proof[300], *end;

	snprintf(proof, sizeof(proof), "%s", cause);
	rc = describe(PF_ETIMEOUT, "greeting", allowed, cause, len);
	end = cause + strlen(cause);
	snprintf(end, len - (size_t) (end - cause), "; %s", proof);
	goto done;
    }
    if (rc == PREGREETED) {
	/*
	 * postscreen greets: close now, sending nothing. A word before the
	 * final 220 line would be a pregreet violation; a hangup is only
	 * logged (HANGUP), no test failure.
	 */
	snprintf(cause, len, "postscreen pregreeting 220-");
	rc = PF_OK;
	goto done;
    }
    if ((rc = expect_reply(rc, &reply, 220, "greeting", "greeting", allowed,
			   cause, len)) != PF_OK)
	goto done;
    if (ehlo != NULL) {
	snprintf(cmd, sizeof(cmd), "EHLO %.500s\r\n", ehlo);
	if ((rc = write_all(conn, cmd, deadline)) == PF_OK)
	    rc = read_reply(conn, buf, &have, deadline, false, &reply, NULL);
	if ((rc = expect_reply(rc, &reply, 250, "answer to EHLO",
			       "EHLO answered", allowed, cause, len)) != PF_OK)
	    goto done;
    }
    /*
     * Polite end, not waited for: the 221 proves nothing the greeting did
     * not, and an smtpd that stalls after its greeting must not hold the
     * monitor until the deadline. Closing with the 221 unread is safe: it
     * is sent only after smtpd has read the QUIT.
     */
    (void) write_all(conn, "QUIT\r\n", deadline);
    rc = PF_OK;

done:
    free(buf);
    return (rc);
}

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

/* tls_wrap - handshake, then carry the dialogue inside TLS */

static int tls_wrap(pf_smtp_conn_t *conn, pf_deadline_t deadline, char *why,
		            size_t whylen)
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

/* probe_dialled - the probe on a connect that smtp_dial() started */

static int probe_dialled(const pf_listener_t *listener, int dial_err, int fd,
			         const char *ehlo, pf_deadline_t deadline,
			         int64_t allowed, const pf_smtp_stall_t *stall,
			         char *why, size_t whylen)
{
    pf_smtp_conn_t conn = {.fd = fd,.recv = plain_recv,.send = plain_send,
	.close = plain_close,.events = POLLIN};
    char    cause[400];
    bool    accepted_only = false;
    bool    proxied = false;
    int     rc;

    cause[0] = 0;
    rc = smtp_connect(dial_err, &conn.fd, deadline, allowed, cause, sizeof(cause));
    /* the daemon reads the header before anything, TLS included */
    if (rc == PF_OK && listener->proxy != PF_PROXY_NONE
	&& (rc = send_proxy(&conn, listener->proxy, deadline, cause,
			    sizeof(cause))) == PF_OK)
	proxied = true;
    if (rc == PF_OK && listener->tls_wrapper) {
	if (pf_tls_available()) {
	    rc = tls_wrap(&conn, deadline, cause, sizeof(cause));
	    if (rc == PF_OK)
		rc = smtp_dialogue(&conn, listener, ehlo, deadline,
				   allowed, stall, cause, sizeof(cause));
	    conn.close(&conn);
	} else {
	    pf_notice("%s: connection accepted; TLS support not compiled in or "
		      "libssl not loadable here, greeting not checked",
		      listener->label);
	    accepted_only = true;
	}
    } else if (rc == PF_OK) {
	rc = smtp_dialogue(&conn, listener, ehlo, deadline, allowed,
			   stall, cause, sizeof(cause));
	conn.close(&conn);
    }
    if (conn.fd >= 0)
	close(conn.fd);
    if (rc != PF_OK)
	snprintf(why, whylen, "%s: %s%s", listener->label, cause,
		 proxied ? listener->proxy == PF_PROXY_V2 ?
		 " (PROXY v2 header sent)" : " (PROXY v1 header sent)" : "");
    else if (accepted_only)
	snprintf(why, whylen, "%s: connection accepted (no TLS support, "
		 "greeting not checked)", listener->label);
    else
	snprintf(why, whylen, "%s: %s", listener->label,
		 cause[0] ? cause : "greeting 220");
    return (rc);
}

/* pf_smtp_probe - is the listener greeting SMTP clients */

int     pf_smtp_probe(const pf_listener_t *listener, const char *ehlo,
		              pf_deadline_t deadline, char *why, size_t whylen)
{
    return (pf_smtp_probe_all(listener, 1, NULL, ehlo, deadline, 0, NULL, why,
			      whylen));
}

/* pf_smtp_probe_all - every listener greets; connects made up front */

int     pf_smtp_probe_all(const pf_listener_t *l, size_t n, bool *done,
			          const char *ehlo, pf_deadline_t deadline,
			          int64_t step_ms, const pf_smtp_stall_t *stall,
			          char *why, size_t whylen)
{
    int    *fd, *err;
    size_t  i;
    int     rc = PF_OK;

    if (n == 0)
	return (PF_OK);
    if ((fd = calloc(2 * n, sizeof(*fd))) == NULL) {
	snprintf(why, whylen, "%s: out of memory", l->label);
	return (PF_EFAIL);
    }
    err = fd + n;
    for (i = 0; i < n; i++) {
	fd[i] = -1;
	if (!(done && done[i]))
	    err[i] = smtp_dial(l + i, fd + i);
    }
    for (i = 0; i < n; i++) {
	pf_deadline_t dl = deadline;
	int64_t allowed;

	if (done && done[i])
	    continue;
	if (rc != PF_OK) {			/* an earlier one failed */
	    if (fd[i] >= 0)
		close(fd[i]);
	    continue;
	}
	allowed = deadline - pf_now_ms();
	if (step_ms > 0 && step_ms < allowed) {
	    dl = pf_deadline_after(step_ms);
	    allowed = step_ms;
	}
	if ((rc = probe_dialled(l + i, err[i], fd[i], ehlo, dl, allowed, stall,
				why, whylen)) != PF_OK)
	    continue;
	pf_debug("%s", why);
	if (done)
	    done[i] = true;
    }
    free(fd);
    return (rc);
}
