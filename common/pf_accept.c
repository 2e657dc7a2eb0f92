/*++
/* NAME
/*	pf_accept 3
/* SUMMARY
/*	is any process of the instance accepting from a listening socket
/* SYNOPSIS
/*	#include "pf_accept.h"
/*
/*	int	pf_accept_parse_tcp_line(const char *line, int family,
/*			pf_tcp_sock_t *s)
/*
/*	int	pf_accept_stalled(pid_t master, const pf_listener_t *l,
/*			pf_accept_watch_t *w, bool at_deadline,
/*			char *why, size_t whylen)
/*
/*	void	pf_accept_watch_reset(pf_accept_watch_t *w)
/*
/*	void	pf_accept_watch_free(pf_accept_watch_t *w)
/* DESCRIPTION
/*	A connection that gets no greeting may wait for an smtpd that is
/*	merely slow (a reverse DNS lookup, postscreen's greet pause): that
/*	smtpd has accepted it. Or it may wait in the kernel's accept queue
/*	for an smtpd that will never accept it. The second is the hung
/*	listener this module proves:
/* .IP \(bu
/*	the listening socket is one the master holds (its inode among the
/*	"socket:[N]" links of /proc/MASTER/fd) whose local address and
/*	port are the listener's (or the wildcard address with its port),
/*	read from /proc/MASTER/net/tcp and tcp6 (the master's network
/*	namespace), in state LISTEN (0A);
/* .IP \(bu
/*	its accept queue is not empty: for a LISTEN socket the rx_queue
/*	field is the number of connections waiting to be accepted;
/* .IP \(bu
/*	at least one child of the master (/proc/MASTER/task/MASTER/children)
/*	holds that socket (smtpd or postscreen: the processes that accept
/*	from it), and none of them can accept: each is stopped (T),
/*	stopped by a tracer (t) or a zombie (Z): evidence that lasts until
/*	someone acts.
/* .PP
/*	A child in uninterruptible sleep (D) waits for I/O: a stall of
/*	DRBD, iSCSI, multipath or NFS holds every smtpd in D for a moment,
/*	and then they accept again. D is evidence only when it lasted the
/*	whole greeting's wait: the child was in D at the first look
/*	(pf_accept_watch_reset() starts the looks of one wait), in D at
/*	every look since and at the deadline's look (at_deadline), the
/*	same process (pid and start time, field 22 of /proc/PID/stat: a
/*	pid reused is another process), and never ran in between: its
/*	context switch counts (voluntary_ctxt_switches and
/*	nonvoluntary_ctxt_switches of /proc/PID/status) did not change, so
/*	it did not leave D even for a moment between two looks. Before the
/*	deadline a child in D is never evidence: the greeting's deadline
/*	decides, as for a slow smtpd.
/*
/*	A child that holds the socket and runs or sleeps (R, S) may be
/*	busy with another client and come back to accept: no evidence.
/*	No child at all: the master is starting one (or throttles the
/*	service): no evidence either; the greeting's deadline decides.
/*
/*	pf_accept_parse_tcp_line() parses one line of /proc/net/tcp
/*	(family AF_INET) or tcp6 (AF_INET6): "sl local rem st tx:rx tr:tm
/*	retr uid timeout inode ...", addresses as the kernel prints them
/*	(32-bit words in host byte order, hex), the port in hex.
/*
/*	pf_accept_stalled() makes one look and applies the rule; w (NULL:
/*	D is never evidence) keeps what the looks of one wait have seen.
/*	Its why reads "2 connections waiting to be accepted, no smtpd
/*	accepting (smtpd pids 120 121 stopped)", or at the deadline "smtpd
/*	pid 120 stuck in D state for 4.0 s, 1 connection waiting to be
/*	accepted". pf_accept_watch_reset() forgets what w saw (a new wait),
/*	pf_accept_watch_free() releases its memory too. A watch zeroed
/*	(PF_ACCEPT_WATCH_INIT) costs nothing until a look finds a child in
/*	D.
/*
/*	/proc is read through pf_proc (pf_proc_set_root() for unit tests).
/* DIAGNOSTICS
/*	PF_EFAIL: proven stalled. PF_OK: not proven (including when /proc
/*	cannot be read). pf_accept_parse_tcp_line(): PF_EPARSE.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pf_accept.h"
#include "pf_addr.h"
#include "pf_clock.h"
#include "pf_log.h"
#include "pf_proc.h"
#include "pf_rc.h"

#define MAX_FDS		4096		/* sockets of the master looked at */
#define MAX_CHILDREN	1024

/* hex_word - n hex digits at *cp into *v; advances *cp */

static int hex_word(const char **cp, int n, unsigned long *v)
{
    int     i;

    *v = 0;
    for (i = 0; i < n; i++, (*cp)++) {
	if (!isxdigit((unsigned char) **cp))
	    return (PF_EPARSE);
	*v = *v * 16 + (unsigned long) (isdigit((unsigned char) **cp) ? **cp - '0'
				 : tolower((unsigned char) **cp) - 'a' + 10);
    }
    return (PF_OK);
}

/* pf_accept_parse_tcp_line - one socket of /proc/net/tcp{,6} */

int     pf_accept_parse_tcp_line(const char *line, int family, pf_tcp_sock_t *s)
{
    const char *cp = line;
    unsigned long w, port, state, tx, rx;
    unsigned long long inode;
    int     i, words = family == AF_INET6 ? 4 : 1;
    uint32_t a[4];

    memset(s, 0, sizeof(*s));
    while (isspace((unsigned char) *cp))
	cp++;
    /* "sl:" */
    if (!isdigit((unsigned char) *cp))
	return (PF_EPARSE);
    while (isdigit((unsigned char) *cp))
	cp++;
    if (*cp++ != ':' || *cp++ != ' ')
	return (PF_EPARSE);
    while (*cp == ' ')
	cp++;
    for (i = 0; i < words; i++) {
	if (hex_word(&cp, 8, &w) != PF_OK)
	    return (PF_EPARSE);
	a[i] = (uint32_t) w;			/* host order: the bytes as stored */
    }
    if (*cp++ != ':' || hex_word(&cp, 4, &port) != PF_OK || *cp != ' ')
	return (PF_EPARSE);
    /* remote address: skipped */
    while (*cp == ' ')
	cp++;
    cp += strcspn(cp, " ");
    if (sscanf(cp, " %lx %lx:%lx %*x:%*x %*x %*u %*u %llu", &state, &tx, &rx,
	       &inode) != 4)
	return (PF_EPARSE);
    if (family == AF_INET6) {
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &s->local;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons((uint16_t) port);
	memcpy(&sin6->sin6_addr, a, sizeof(sin6->sin6_addr));
    } else {
	struct sockaddr_in *sin = (struct sockaddr_in *) &s->local;

	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t) port);
	memcpy(&sin->sin_addr, a, sizeof(sin->sin_addr));
    }
    s->state = (unsigned) state;
    s->rx_queue = rx;
    s->inode = inode;
    return (PF_OK);
}

/* socket_inodes - the inodes of the sockets a process holds */

static size_t socket_inodes(pid_t pid, unsigned long long *out, size_t max)
{
    char    name[32], link[64];
    pf_proc_iter_t it;
    size_t  count = 0;
    int     fd;

    if (pf_proc_fd_open(pid, &it) != PF_OK)
	return (0);
    while (count < max && (fd = pf_proc_fd_next(&it)) >= 0) {
	snprintf(name, sizeof(name), "fd/%d", fd);
	if (pf_proc_link(pid, name, link, sizeof(link), NULL) == PF_OK
	    && sscanf(link, "socket:[%llu]", out + count) == 1)
	    count++;
    }
    pf_proc_iter_close(&it);
    return (count);
}

/* holds - is inode among the sockets of pid */

static int holds(pid_t pid, unsigned long long inode)
{
    unsigned long long *ino = calloc(MAX_FDS, sizeof(*ino));
    size_t  n, i;
    int     found = 0;

    if (ino == NULL)
	return (0);
    n = socket_inodes(pid, ino, MAX_FDS);
    for (i = 0; i < n && !found; i++)
	found = (ino[i] == inode);
    free(ino);
    return (found);
}

/* listen_backlog - the master's LISTEN socket for l: inode and backlog */

static int listen_backlog(pid_t master, const pf_listener_t *l,
			          unsigned long long *inode, unsigned long *backlog)
{
    const char *file = l->addr.ss_family == AF_INET6 ? "net/tcp6" : "net/tcp";
    unsigned long long *mine = calloc(MAX_FDS, sizeof(*mine));
    char    path[PATH_MAX], line[512];
    pf_tcp_sock_t s;
    size_t  n, i;
    FILE   *fp;
    int     found = 0;

    if (mine == NULL)
	return (0);
    n = socket_inodes(master, mine, MAX_FDS);
    pf_proc_path(path, sizeof(path), master, file);
    if (n > 0 && (fp = fopen(path, "r")) != NULL) {
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
	    if (pf_accept_parse_tcp_line(line, l->addr.ss_family, &s) != PF_OK
		|| s.state != PF_TCP_LISTEN
		|| !pf_addr_same((const struct sockaddr *) &s.local,
				 (const struct sockaddr *) &l->addr,
				 PF_ADDR_PORT | PF_ADDR_ANY))
		continue;
	    for (i = 0; i < n && !found; i++)
		if (mine[i] == s.inode) {
		    *inode = s.inode;
		    *backlog = s.rx_queue;
		    found = 1;
		}
	}
	fclose(fp);
    }
    free(mine);
    return (found);
}

/* child_switches - its context switches so far (status), or -1 */

static long long child_switches(pid_t pid)
{
    pf_proc_status_t ps;

    return (pf_proc_status(pid, &ps) == PF_OK ? ps.switches : -1);
}

/* pf_accept_watch_reset - a new wait: forget the children seen in D */

void    pf_accept_watch_reset(pf_accept_watch_t *w)
{
    w->n = 0;
    w->looks = 0;
    w->first_ms = 0;
}

/* pf_accept_watch_free - forget, and release the memory */

void    pf_accept_watch_free(pf_accept_watch_t *w)
{
    free(w->seen);
    w->seen = NULL;
    w->cap = 0;
    pf_accept_watch_reset(w);
}

/* watch_first - the first look saw pid in D: the wait's candidate */

static void watch_first(pf_accept_watch_t *w, pid_t pid, unsigned long long start)
{
    pf_accept_seen_t *more;
    long long sw;

    if (start == 0 || (sw = child_switches(pid)) < 0)
	return;					/* cannot follow it: no evidence */
    if (w->n == w->cap) {
	size_t  cap = w->cap ? 2 * w->cap : 16;

	if ((more = realloc(w->seen, cap * sizeof(*more))) == NULL)
	    return;
	w->seen = more;
	w->cap = cap;
    }
    w->seen[w->n++] = (pf_accept_seen_t) {pid, start, sw, w->looks};
}

/* watch_still - was pid in D at every look since the first, never woken */

static int watch_still(pf_accept_watch_t *w, pid_t pid, unsigned long long start)
{
    size_t  i;

    for (i = 0; i < w->n; i++)
	if (w->seen[i].pid == pid) {
	    if (w->seen[i].start != start || start == 0
		|| child_switches(pid) != w->seen[i].switches)
		return (0);			/* another process, or it ran */
	    w->seen[i].look = w->looks;
	    return (1);
	}
    return (0);
}

/* watch_prune - drop the candidates this look did not see in D */

static void watch_prune(pf_accept_watch_t *w)
{
    size_t  i, kept = 0;

    for (i = 0; i < w->n; i++)
	if (w->seen[i].look == w->looks)
	    w->seen[kept++] = w->seen[i];
    w->n = kept;
}

/* append_pid - "120 121" */

static void append_pid(char *buf, size_t len, pid_t pid)
{
    size_t  used = strlen(buf);

    if (used + 24 < len)
	snprintf(buf + used, len - used, "%s%ld", used ? " " : "", (long) pid);
    else if (used + 5 < len && strcmp(buf + used - 4, " ...") != 0)
	snprintf(buf + used, len - used, " ...");
}

/* pf_accept_stalled - connections wait, and nobody can accept them */

int     pf_accept_stalled(pid_t master, const pf_listener_t *l,
			          pf_accept_watch_t *w, bool at_deadline,
			          char *why, size_t whylen)
{
    unsigned long long inode = 0;
    unsigned long backlog = 0;
    char    name[64] = "smtpd";
    char    stopped[96] = "", dwait[96] = "", span[32];
    int     holders = 0, accepting = 0, n_stopped = 0, in_d = 0, lasted = 0;
    int64_t waited;
    pf_proc_stat_t ps;
    pid_t  *kids, pid;
    size_t  n, i;
    char    st;

    /* a first look that cannot see starts no window: D cannot count */
    if (w != NULL && w->looks++ == 0)
	w->first_ms = pf_now_ms();
    if (master <= 0 || !listen_backlog(master, l, &inode, &backlog))
	return (PF_OK);
    if (pf_proc_children(master, &kids, &n) != PF_OK)
	return (PF_OK);				/* cannot tell */
    for (i = 0; holders < MAX_CHILDREN && i < n; i++) {
	pid = kids[i];
	if (pf_proc_stat(pid, &ps) != PF_OK || !holds(pid, inode))
	    continue;
	st = ps.state;
	holders++;
	snprintf(name, sizeof(name), "%s", ps.comm);
	if (st == 'T' || st == 't' || st == 'Z') {
	    n_stopped++;
	    append_pid(stopped, sizeof(stopped), pid);
	} else if (st == 'D') {
	    in_d++;
	    if (w == NULL)
		continue;
	    if (w->looks == 1)
		watch_first(w, pid, ps.start);
	    else if (watch_still(w, pid, ps.start)) {
		lasted++;
		append_pid(dwait, sizeof(dwait), pid);
	    }
	} else
	    accepting++;
    }
    free(kids);
    if (w != NULL)
	watch_prune(w);
    if (holders == 0 || accepting > 0 || backlog == 0)
	return (PF_OK);
    if (in_d == 0) {
	snprintf(why, whylen, "%lu connection%s waiting to be accepted, no %s "
		 "accepting (%s pid%s %s stopped)", backlog, backlog == 1 ? "" : "s",
		 name, name, holders == 1 ? "" : "s", stopped);
	return (PF_EFAIL);
    }
    /* a child in D may wake and accept: only the deadline's look judges */
    if (!at_deadline) {
	pf_debug("%s: %d %s in D state, %lu connection%s waiting: not evidence "
		 "before the greeting's deadline", l->label, in_d, name, backlog,
		 backlog == 1 ? "" : "s");
	return (PF_OK);
    }
    if (w == NULL || lasted < in_d) {
	pf_debug("%s: %d of %d %s in D state did not stay in it all the wait",
		 l->label, in_d - lasted, in_d, name);
	return (PF_OK);
    }
    waited = pf_now_ms() - w->first_ms;
    snprintf(span, sizeof(span), "%lld.%lld s", (long long) (waited / 1000),
	     (long long) (waited % 1000 / 100));
    snprintf(why, whylen, "%s pid%s %s stuck in D state for %s%s%s%s, "
	     "%lu connection%s waiting to be accepted", name, lasted == 1 ? "" : "s",
	     dwait, span, n_stopped == 0 ? "" : n_stopped == 1 ? ", pid " : ", pids ",
	     stopped, n_stopped ? " stopped" : "", backlog, backlog == 1 ? "" : "s");
    return (PF_EFAIL);
}
