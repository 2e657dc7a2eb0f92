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
/*	process of the instance that could accept them is stopped or in
/*	uninterruptible sleep (/proc/PID/stat). Nothing is spawned.
/*--*/
#ifndef PF_ACCEPT_H
#define PF_ACCEPT_H

#include <stddef.h>
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

/*
 * The listener l of the instance whose master is master: PF_EFAIL with
 * the cause in why when its listening socket (one the master holds) has
 * connections waiting and no child of the master that holds it can
 * accept (every one stopped, traced, in D state or a zombie); PF_OK
 * otherwise, also when it cannot tell (never an alarm without proof).
 */
extern int pf_accept_stalled(pid_t master, const pf_listener_t *l,
			             char *why, size_t whylen);

/* Read another tree than /proc; for unit tests. */
extern void pf_accept_set_proc_root(const char *root);

#endif
