/*++
/* NAME
/*	pf_addr 3
/* SUMMARY
/*	socket addresses compared, one way
/* SYNOPSIS
/*	#include "pf_addr.h"
/*
/*	bool	pf_addr_same(const struct sockaddr *a,
/*				const struct sockaddr *b, int flags)
/*
/*	bool	pf_addr_is_wildcard(const struct sockaddr *a)
/*
/*	bool	pf_addr_same_text(const char *a, const char *b)
/* DESCRIPTION
/*	The one rule for "is this the same address", for the listeners
/*	(the same one twice, and is it on this node), the sockets of
/*	/proc/net/tcp and tcp6 that serve a listener, and the addresses
/*	the CIB names.
/*
/*	pf_addr_same(): a and b (AF_INET or AF_INET6; any other family
/*	is never the same) have the same family and the same address;
/*	with PF_ADDR_PORT the same port, with PF_ADDR_SCOPE (IPv6) the
/*	same scope, with PF_ADDR_ANY a wildcard address in a (0.0.0.0,
/*	::: a socket bound to all addresses) stands for any address of
/*	its family. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is an
/*	IPv6 address, never the same as a.b.c.d: Postfix binds IPv4 and
/*	IPv6 sockets apart (IPV6_V6ONLY), and the kernel lists them in
/*	tcp and tcp6 apart.
/*
/*	pf_addr_is_wildcard(): a is 0.0.0.0 or ::.
/*
/*	pf_addr_same_text(): two numeric addresses as text, by the rule
/*	above ("::1" and "0:0::1" are the same); text that is not a
/*	numeric address (or NULL) is the same only as identical text.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "pf_addr.h"

/* pf_addr_is_wildcard - 0.0.0.0 or :: */

bool    pf_addr_is_wildcard(const struct sockaddr *a)
{
    if (a->sa_family == AF_INET)
	return (((const struct sockaddr_in *) a)->sin_addr.s_addr
		== htonl(INADDR_ANY));
    if (a->sa_family == AF_INET6)
	return (IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *) a)->sin6_addr));
    return (false);
}

/* pf_addr_same - same family and address; port, scope, wildcard by flags */

bool    pf_addr_same(const struct sockaddr *a, const struct sockaddr *b,
		             int flags)
{
    bool    any = (flags & PF_ADDR_ANY) && pf_addr_is_wildcard(a);

    if (a->sa_family != b->sa_family)
	return (false);
    if (a->sa_family == AF_INET) {
	const struct sockaddr_in *x = (const struct sockaddr_in *) a;
	const struct sockaddr_in *y = (const struct sockaddr_in *) b;

	return ((!(flags & PF_ADDR_PORT) || x->sin_port == y->sin_port)
		&& (any || x->sin_addr.s_addr == y->sin_addr.s_addr));
    }
    if (a->sa_family == AF_INET6) {
	const struct sockaddr_in6 *x = (const struct sockaddr_in6 *) a;
	const struct sockaddr_in6 *y = (const struct sockaddr_in6 *) b;

	return ((!(flags & PF_ADDR_PORT) || x->sin6_port == y->sin6_port)
		&& (!(flags & PF_ADDR_SCOPE) || x->sin6_scope_id == y->sin6_scope_id)
		&& (any || IN6_ARE_ADDR_EQUAL(&x->sin6_addr, &y->sin6_addr)));
    }
    return (false);
}

/* text_addr - a numeric address as a socket address */

static bool text_addr(const char *text, struct sockaddr_storage *ss)
{
    struct sockaddr_in *v4 = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) ss;

    memset(ss, 0, sizeof(*ss));
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
	v4->sin_family = AF_INET;
	return (true);
    }
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
	v6->sin6_family = AF_INET6;
	return (true);
    }
    return (false);
}

/* pf_addr_same_text - two addresses as text are the same address */

bool    pf_addr_same_text(const char *a, const char *b)
{
    struct sockaddr_storage x, y;
    bool    nx, ny;

    if (a == NULL || b == NULL)
	return (false);
    nx = text_addr(a, &x);
    ny = text_addr(b, &y);
    if (nx && ny)
	return (pf_addr_same((struct sockaddr *) &x, (struct sockaddr *) &y, 0));
    return (strcmp(a, b) == 0);
}
