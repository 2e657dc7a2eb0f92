/*++
/* NAME
/*	pf_addr 3h
/* SUMMARY
/*	socket addresses compared, one way
/* SYNOPSIS
/*	#include "pf_addr.h"
/* DESCRIPTION
/*	See pf_addr.c.
/*--*/
#ifndef PF_ADDR_H
#define PF_ADDR_H

#include <stdbool.h>
#include <sys/socket.h>

/* What pf_addr_same() compares besides the family and the address. */
#define PF_ADDR_PORT	(1 << 0)	/* the ports too */
#define PF_ADDR_SCOPE	(1 << 1)	/* an IPv6 address's scope (interface) too */
#define PF_ADDR_ANY	(1 << 2)	/* a's wildcard address matches any of b */

extern bool pf_addr_same(const struct sockaddr *a, const struct sockaddr *b,
			         int flags);
extern bool pf_addr_is_wildcard(const struct sockaddr *a);
extern bool pf_addr_same_text(const char *a, const char *b);

#endif
