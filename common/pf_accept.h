/*++
/* NAME
/*	pf_accept 3h
/* SUMMARY
/*	is any process of the instance accepting from a listening socket
/* SYNOPSIS
/*	#include "pf_accept.h"
/* DESCRIPTION
/*	The evidence that a listener is hung rather than slow: its accept
/*	queue (/proc/PID/net/tcp{,6}) holds connections while every
/*	process of the instance that could accept them is stopped, or in
/*	uninterruptible sleep through the whole greeting's wait
/*	(/proc/PID/stat, /proc/PID/status). Nothing is spawned. Exports
/*	pf_tcp_sock_t, pf_accept_watch_t and the functions below.
/*--*/
#ifndef PF_ACCEPT_H
#define PF_ACCEPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "pf_listen.h"

/* One line of /proc/net/tcp or tcp6. */
typedef struct pf_tcp_sock {
    struct sockaddr_storage local;	/* address and port */
    unsigned state;			/* 0x0A: LISTEN */
    unsigned long rx_queue;		/* LISTEN: connections not accepted */
    unsigned long long inode;		/* socket inode */
} pf_tcp_sock_t;

#define PF_TCP_LISTEN	0x0A

/* One line (AF_INET or AF_INET6 form): PF_OK or PF_EPARSE. Pure. */
extern int pf_accept_parse_tcp_line(const char *line, int family,
				            pf_tcp_sock_t *s);

/* A child of the master seen in D state at the first look of a wait. */
typedef struct pf_accept_seen {
    pid_t   pid;
    unsigned long long start;		/* starttime: the same process */
    long long switches;			/* context switches: it never ran */
    unsigned look;			/* the last look that saw it in D */
} pf_accept_seen_t;

/*
 * What the looks of one greeting's wait saw: zeroed before the first
 * (PF_ACCEPT_WATCH_INIT: no memory until a child in D is seen), the same
 * watch passed to every look of the wait.
 */
typedef struct pf_accept_watch {
    pf_accept_seen_t *seen;		/* in D since the first look */
    size_t  n, cap;
    unsigned looks;			/* looks made in this wait */
    int64_t first_ms;			/* pf_now_ms() of the first look */
} pf_accept_watch_t;

#define PF_ACCEPT_WATCH_INIT	{NULL, 0, 0, 0, 0}

/*
 * One look at the listener l of the instance whose master is master:
 * PF_EFAIL with the cause in why when its listening socket (one the
 * master holds) has connections waiting and no child of the master that
 * holds it can accept: every one stopped, traced or a zombie; or, at the
 * look made when the greeting's deadline passed (at_deadline), every one
 * of those or in D state since the first look of w, never woken (a
 * child in D is never evidence before the deadline: an I/O stall ends).
 * PF_OK otherwise, also when it cannot tell (never an alarm without
 * proof). w NULL: D never counts.
 */
extern int pf_accept_stalled(pid_t master, const pf_listener_t *l,
			             pf_accept_watch_t *w, bool at_deadline,
			             char *why, size_t whylen);

/* A new wait: forget what w saw (its memory kept). */
extern void pf_accept_watch_reset(pf_accept_watch_t *w);

/* Forget what w saw and release its memory. */
extern void pf_accept_watch_free(pf_accept_watch_t *w);

#endif
