/*++
/* NAME
/*	pf_listen 3
/* SUMMARY
/*	the SMTP listeners of an instance, to probe
/* SYNOPSIS
/*	#include "pf_listen.h"
/*
/*	int	pf_listen_build(conf, override, out, n, why, whylen)
/*
/*	int	pf_listen_local(l, n, why, whylen)
/* DESCRIPTION
/*	pf_listen_build() crosses conf's master.cf services with its
/*	inet_interfaces: a service with an explicit host listens there
/*	only; otherwise on every inet_interfaces entry (separated by commas
/*	and/or blanks). "all" and "loopback-only" become 127.0.0.1 and/or
/*	::1 following inet_protocols (ipv4, ipv6, all), because a wildcard
/*	listener is reached through the loopback. Addresses are IPv4 or
/*	IPv6 (bare or in brackets), names are resolved with getaddrinfo()
/*	(numeric first); ports are numbers or services names (smtp = 25,
/*	smtps = 465). Duplicates are dropped.
/*
/*	Only what Postfix really binds on this host is probed. As
/*	Postfix's inet_proto_init(), inet_protocols "all" (or "ipv4, ipv6")
/*	means IPv4 only when socket(AF_INET6) fails with EAFNOSUPPORT (a
/*	kernel booted with ipv6.disable=1). "all" and "loopback-only" are
/*	probed on ::1 only when ::1 is an address of this host (a socket can
/*	be bound to it): with disable_ipv6 set on lo, Postfix's IPv6
/*	wildcard cannot be reached there, and loopback-only does not bind
/*	it. A service that master_service_disable turns off
/*	(pf_conf_service_disabled(), "inet" or "name/inet") has no listener.
/*	An empty result is valid (an outbound-only or relay instance, or
/*	every inet service disabled): *n is then 0.
/*
/*	A postscreen(8) listener is marked pregreet: its multi-line "220-"
/*	first line is its greeting (pf_smtp(3)).
/*
/*	A listener whose daemon reads the PROXY protocol is marked proxy
/*	(PF_PROXY_V1): the service's smtpd_upstream_proxy_protocol, or
/*	postscreen_upstream_proxy_protocol for postscreen, as pf_conf
/*	resolved it (its -o over main.cf, $name expanded), is "haproxy".
/*	Postfix knows no other value but the empty one: anything else is
/*	fatal to the daemon at every connection, a configuration error
/*	(PF_ECONFIG). An smtpd behind postscreen ignores its own setting,
/*	and only inet services are probed, so only these two count.
/*
/*	A non-empty override ("host:port [v6addr]:port ...", commas or
/*	blanks between entries) replaces the computed list; its entries
/*	are labelled "listener host:port". The override says nothing of
/*	master.cf, so an entry that expects the PROXY protocol says so
/*	itself: "host:port/haproxy".
/*
/*	Each listener is labelled "<service as written> <addr>:<port>"
/*	("smtp 127.0.0.10:2525", "submission [::1]:587"), which the probe
/*	puts in its failure reason.
/*
/*	pf_listen_local() tells whether each listener's address is
/*	configured on an interface of this node (getifaddrs(); wildcard
/*	addresses count as local): an address of inet_interfaces that a
/*	cluster IP brings here has not come yet, or has gone. When the
/*	interfaces cannot be read it says PF_OK and lets the probe decide.
/* DIAGNOSTICS
/*	PF_OK, ENOMEM, or with a reason naming the object: PF_ECONFIG for
/*	an inet_interfaces value or master.cf host that is not an address
/*	or a name, an unknown service name, an upstream proxy protocol
/*	other than haproxy or empty; PF_EINSTALL
/*	for a well-formed name this node cannot resolve; PF_EFAIL for a
/*	temporary resolver failure; PF_EARGS for a malformed override.
/*	pf_listen_local(): PF_EINSTALL naming the first listener whose
/*	address is not on this node.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pf_addr.h"
#include "pf_listen.h"
#include "pf_rc.h"

#define MAX_LISTENERS	10000

typedef struct list {
    pf_listener_t *v;
    size_t  n;
    size_t  cap;
} list_t;

/* How the probe talks to a listener (copied into each pf_listener_t). */
typedef struct talk {
    bool    tls;			/* smtps: TLS before the greeting */
    bool    pregreet;			/* postscreen */
    pf_proxy_t proxy;			/* a PROXY header first */
} talk_t;

#define PROXY_SUFFIX	"/haproxy"	/* listeners parameter: host:port/haproxy */

/* ipv6_supported - Postfix's test: can this host make an IPv6 socket */

static bool ipv6_supported(void)
{
    int     fd = socket(AF_INET6, SOCK_STREAM, 0);

    if (fd >= 0) {
	close(fd);
	return (true);
    }
    /* as inet_proto_init(): only "not supported" turns IPv6 off */
    return (errno != EAFNOSUPPORT);
}

/* loopback6_configured - is ::1 an address of this host */

static bool loopback6_configured(void)
{
    struct sockaddr_in6 sin6;
    int     fd = socket(AF_INET6, SOCK_STREAM, 0);
    int     err;

    if (fd < 0)
	return (errno != EAFNOSUPPORT);
    memset(&sin6, 0, sizeof(sin6));
    sin6.sin6_family = AF_INET6;
    sin6.sin6_addr = in6addr_loopback;
    err = bind(fd, (struct sockaddr *) &sin6, sizeof(sin6)) == 0 ? 0 : errno;
    close(fd);
    /* disable_ipv6 on lo: ::1 is gone, and Postfix is not reached there */
    return (err != EADDRNOTAVAIL);
}

/* protocols - which families inet_protocols enables on this host */

static void protocols(const char *value, bool *v4, bool *v6)
{
    char    tmp[256];
    char   *save;
    char   *tok;

    *v4 = *v6 = false;
    snprintf(tmp, sizeof(tmp), "%s", value ? value : "");
    for (tok = strtok_r(tmp, ", \t", &save); tok;
	 tok = strtok_r(NULL, ", \t", &save)) {
	if (strcasecmp(tok, "all") == 0)
	    *v4 = *v6 = true;
	else if (strcasecmp(tok, "ipv4") == 0)
	    *v4 = true;
	else if (strcasecmp(tok, "ipv6") == 0)
	    *v6 = true;
    }
    if (!*v4 && !*v6)
	*v4 = true;
    /* "all" (or ipv4 and ipv6) on a host without IPv6: IPv4 only */
    if (*v4 && *v6 && !ipv6_supported())
	*v6 = false;
}

/* add - append one listener unless it is already there */

static int add(list_t *l, const char *svc, const struct sockaddr *sa,
	               socklen_t salen, const talk_t *how)
{
    char    host[INET6_ADDRSTRLEN];
    char    serv[16];
    size_t  i;
    pf_listener_t *o;

    for (i = 0; i < l->n; i++)
	if (pf_addr_same((const struct sockaddr *) &l->v[i].addr, sa,
			 PF_ADDR_PORT | PF_ADDR_SCOPE))
	    return (PF_OK);
    if (l->n >= MAX_LISTENERS)
	return (E2BIG);
    if (l->n == l->cap) {
	size_t  cap = l->cap ? l->cap * 2 : 8;
	pf_listener_t *v = realloc(l->v, cap * sizeof(*v));

	if (v == NULL)
	    return (ENOMEM);
	l->v = v;
	l->cap = cap;
    }
    o = &l->v[l->n++];
    memset(o, 0, sizeof(*o));
    memcpy(&o->addr, sa, salen);
    o->addrlen = salen;
    o->tls_wrapper = how->tls;
    o->pregreet = how->pregreet;
    o->proxy = how->proxy;
    if (getnameinfo(sa, salen, host, sizeof(host), serv, sizeof(serv),
		    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
	snprintf(host, sizeof(host), "?"), snprintf(serv, sizeof(serv), "?");
    if (sa->sa_family == AF_INET6)
	snprintf(o->label, sizeof(o->label), "%.80s [%s]:%s", svc, host, serv);
    else
	snprintf(o->label, sizeof(o->label), "%.80s %s:%s", svc, host, serv);
    return (PF_OK);
}

/* port_number - numeric port or services(5) name; 0 if unknown */

static int port_number(const char *port)
{
    char   *end;
    long    n;
    struct servent *se;

    if (port == NULL || *port == 0)
	return (0);
    if (isdigit((unsigned char) *port)) {
	n = strtol(port, &end, 10);
	return (*end == 0 && n > 0 && n < 65536 ? (int) n : 0);
    }
    if ((se = getservbyname(port, "tcp")) != NULL)
	return (ntohs((unsigned short) se->s_port));
    return (0);
}

/* valid_name - looks like an address or host name (no blanks, quotes...) */

static bool valid_name(const char *s)
{
    if (*s == 0)
	return (false);
    for (; *s; s++)
	if (!isalnum((unsigned char) *s) && strchr(".-_:%", *s) == NULL)
	    return (false);
    return (true);
}

/* add_host - resolve host (numeric first) and add each address */

static int add_host(list_t *l, const char *svc, const char *what,
		            const char *host_in, int port, bool v4, bool v6,
		            const talk_t *how, char *why, size_t whylen)
{
    struct addrinfo hints;
    struct addrinfo *res = NULL;
    struct addrinfo *ai;
    char    host[256];
    char    serv[8];
    size_t  hl = strlen(host_in);
    int     err;
    int     rc = PF_OK;
    struct in6_addr a6;
    struct in_addr a4;

    if (host_in[0] == '[' && hl > 2 && host_in[hl - 1] == ']')
	snprintf(host, sizeof(host), "%.*s", (int) (hl - 2), host_in + 1);
    else
	snprintf(host, sizeof(host), "%s", host_in);
    if (!valid_name(host) || hl >= sizeof(host))
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "%s: \"%.60s\" is not a valid address or host name",
		     what, host_in));
    snprintf(serv, sizeof(serv), "%d", port);
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = v4 && v6 ? AF_UNSPEC : v4 ? AF_INET : AF_INET6;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    /* a literal of a disabled family is a configuration error */
    if ((!v4 && inet_pton(AF_INET, host, &a4) == 1)
	|| (!v6 && inet_pton(AF_INET6, host, &a6) == 1))
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "%s: address %.60s is not enabled by inet_protocols",
		     what, host));
    err = getaddrinfo(host, serv, &hints, &res);
    if (err == EAI_NONAME) {
	/* looks like an address but is none ("10.0.0.300", "::1::2") */
	if (host[strspn(host, "0123456789.")] == 0 || strchr(host, ':'))
	    return (pf_rc_why(PF_ECONFIG, why, whylen,
			 "%s: \"%.60s\" is not a valid address", what, host));
	hints.ai_flags = AI_NUMERICSERV;
	err = getaddrinfo(host, serv, &hints, &res);
    }

    /*
     * A name this node cannot resolve may resolve on another node
     * (/etc/hosts, resolver): never PF_ECONFIG, which Pacemaker 2.1
     * treats as fatal for the whole cluster.
     */
    if (err != 0)
	return (pf_rc_why(err == EAI_AGAIN ? PF_EFAIL : PF_EINSTALL, why, whylen,
		     "%s: host %.60s: %s on this node", what, host,
		     gai_strerror(err)));
    for (ai = res; ai != NULL && rc == PF_OK; ai = ai->ai_next)
	if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
	    rc = add(l, svc, ai->ai_addr, ai->ai_addrlen, how);
    freeaddrinfo(res);
    return (rc);
}

/*
 * proxy_expected - the PROXY header a service's daemon waits for, from the
 * value it reads (pf_conf resolved it). Postfix knows "haproxy", which
 * reads a version 1 or (from 3.5) 2 header, and "" (none). Any other value
 * is fatal to smtpd and postscreen at every connection, on every node that
 * reads this configuration: a configuration error, said as such.
 */
static int proxy_expected(const pf_service_t *svc, bool postscreen,
			          const char *what, pf_proxy_t *proxy,
			          char *why, size_t whylen)
{
    const char *v = svc->upstream_proxy ? svc->upstream_proxy : "";

    /*
     * Version 1: every Postfix that has the parameter (2.10 on) reads it,
     * version 2 only 3.5 on; for a TCP connection both carry the same
     * addresses, the probe's own. Version 2's LOCAL command (3.5 on: the
     * connection's own addresses are used) would say no more, and
     * version 1 has no such command (Postfix refuses "UNKNOWN").
     */
    *proxy = *v == 0 ? PF_PROXY_NONE : PF_PROXY_V1;
    if (*v == 0 || strcmp(v, "haproxy") == 0)
	return (PF_OK);
    return (pf_rc_why(PF_ECONFIG, why, whylen,
		      "%s: %s_upstream_proxy_protocol = \"%.30s\": not "
		      "haproxy or empty, Postfix refuses every connection",
		      what, postscreen ? "postscreen" : "smtpd", v));
}

/* add_interfaces - one service on every inet_interfaces entry */

static int add_interfaces(list_t *l, const pf_conf_t *conf,
			          const pf_service_t *svc, int port, bool v4,
			          bool v6, bool lo6, const talk_t *how,
			          char *why, size_t whylen)
{
    char   *tmp = strdup(conf->inet_interfaces ? conf->inet_interfaces : "");
    char   *save;
    char   *tok;
    char    what[200];
    int     rc = PF_OK;
    int     count = 0;

    if (tmp == NULL)
	return (ENOMEM);
    snprintf(what, sizeof(what), "file %.120s: parameter inet_interfaces",
	     conf->main_cf ? conf->main_cf : "main.cf");
    for (tok = strtok_r(tmp, ", \t\r\n", &save); tok && rc == PF_OK;
	 tok = strtok_r(NULL, ", \t\r\n", &save)) {
	count++;
	if (strcasecmp(tok, "all") == 0
	    || strcasecmp(tok, "loopback-only") == 0) {
	    if (v4)
		rc = add_host(l, svc->name, what, "127.0.0.1", port, true,
			      false, how, why, whylen);
	    if (rc == PF_OK && lo6)
		rc = add_host(l, svc->name, what, "::1", port, false, true,
			      how, why, whylen);
	} else {
	    rc = add_host(l, svc->name, what, tok, port, v4, v6, how, why,
			  whylen);
	}
    }
    free(tmp);
    if (rc == PF_OK && count == 0)
	rc = pf_rc_why(PF_ECONFIG, why, whylen, "%s: empty value", what);
    return (rc);
}

/* add_override - the administrator's "host:port ..." list */

static int add_override(list_t *l, const char *override, char *why,
			        size_t whylen)
{
    char   *tmp = strdup(override);
    char   *save;
    char   *tok;
    int     rc = PF_OK;

    if (tmp == NULL)
	return (ENOMEM);
    for (tok = strtok_r(tmp, ", \t\r\n", &save); tok && rc == PF_OK;
	 tok = strtok_r(NULL, ", \t\r\n", &save)) {
	size_t  len = strlen(tok);
	size_t  sl = strlen(PROXY_SUFFIX);
	talk_t  how = {false, false, PF_PROXY_NONE};
	char   *colon;
	char    host[256];
	int     port;

	/* the listener expects the PROXY protocol: host:port/haproxy */
	if (len > sl && strcmp(tok + len - sl, PROXY_SUFFIX) == 0) {
	    tok[len - sl] = 0;
	    how.proxy = PF_PROXY_V1;
	}
	colon = strrchr(tok, ':');
	if (tok[0] == '[') {
	    char   *rb = strchr(tok, ']');

	    colon = rb && rb[1] == ':' ? rb + 1 : NULL;
	}
	if (colon == NULL || colon == tok
	    || (port = port_number(colon + 1)) == 0) {
	    rc = pf_rc_why(PF_EARGS, why, whylen,
		      "parameter listeners: \"%.60s\" is not host:port%s", tok,
			   how.proxy ? PROXY_SUFFIX : "[" PROXY_SUFFIX "]");
	    break;
	}
	snprintf(host, sizeof(host), "%.*s", (int) (colon - tok), tok);
	rc = add_host(l, "listener", "parameter listeners", host, port, true,
		      true, &how, why, whylen);
	if (rc == PF_ECONFIG)
	    rc = PF_EARGS;
    }
    free(tmp);
    return (rc);
}

/* pf_listen_build - the listeners to probe */

int     pf_listen_build(const pf_conf_t *conf, const char *override,
		                pf_listener_t **out, size_t *n, char *why,
		                size_t whylen)
{
    list_t  l = {0};
    bool    v4;
    bool    v6;
    bool    lo6 = false;			/* probe ::1 for all, loopback-only */
    size_t  i;
    int     rc = PF_OK;

    *out = NULL;
    *n = 0;
    if (override != NULL && *override != 0) {
	rc = add_override(&l, override, why, whylen);
    } else {
	protocols(conf->inet_protocols, &v4, &v6);
	/* the IPv4 probe suffices where ::1 cannot reach Postfix */
	if (v6)
	    lo6 = !v4 || loopback6_configured();
	for (i = 0; i < conf->n_services && rc == PF_OK; i++) {
	    const pf_service_t *svc = &conf->services[i];
	    int     port = port_number(svc->port);
	    char    what[200];
	    talk_t  how;

	    if (pf_conf_service_disabled(conf->master_service_disable,
					 svc->name, "inet"))
		continue;			/* master(8) does not listen */
	    if (port == 0) {
		rc = pf_rc_why(PF_ECONFIG, why, whylen,
			  "file %.120s: line %d: service %.40s: unknown port "
			  "or service name \"%.30s\"",
			  conf->master_cf ? conf->master_cf : "master.cf",
			  svc->line, svc->name, svc->port ? svc->port : "");
		break;
	    }
	    snprintf(what, sizeof(what), "file %.120s: line %d: service %.40s",
		     conf->master_cf ? conf->master_cf : "master.cf",
		     svc->line, svc->name);
	    how.tls = svc->wrappermode;
	    how.pregreet = svc->command != NULL
		&& strcmp(svc->command, "postscreen") == 0;
	    if ((rc = proxy_expected(svc, how.pregreet, what, &how.proxy, why,
				     whylen)) != PF_OK)
		break;
	    if (svc->host != NULL)
		rc = add_host(&l, svc->name, what, svc->host, port, v4, v6,
			      &how, why, whylen);
	    else
		rc = add_interfaces(&l, conf, svc, port, v4, v6, lo6, &how,
				    why, whylen);
	}
    }
    if (rc == E2BIG)
	rc = pf_rc_why(PF_ECONFIG, why, whylen, "more than %d listeners",
		  MAX_LISTENERS);
    else if (rc == ENOMEM)
	pf_rc_why(rc, why, whylen, "listeners: out of memory");
    if (rc != PF_OK) {
	free(l.v);
	return (rc);
    }
    *out = l.v;
    *n = l.n;
    return (PF_OK);
}

/* pf_listen_local - are the listeners' addresses on this node */

int     pf_listen_local(const pf_listener_t *l, size_t n, char *why, size_t whylen)
{
    struct ifaddrs *ifa, *cur;
    size_t  i;
    int     rc = PF_OK;

    if (getifaddrs(&ifa) < 0)
	return (PF_OK);				/* cannot tell: let SMTP decide */
    for (i = 0; i < n && rc == PF_OK; i++) {
	const struct sockaddr *want = (const struct sockaddr *) &l[i].addr;
	bool    found = pf_addr_is_wildcard(want);

	for (cur = ifa; cur && !found; cur = cur->ifa_next)
	    if (cur->ifa_addr && pf_addr_same(cur->ifa_addr, want, 0))
		found = true;
	if (!found) {
	    snprintf(why, whylen, "%s: address not configured on this node", l[i].label);
	    rc = PF_EINSTALL;
	}
    }
    freeifaddrs(ifa);
    return (rc);
}
