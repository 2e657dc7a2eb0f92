/*++
/* NAME
/*	pf_listen 3h
/* SUMMARY
/*	the SMTP listeners of an instance, to probe
/* SYNOPSIS
/*	#include "pf_listen.h"
/* DESCRIPTION
/*	pf_listen_build() crosses the master.cf services of conf with
/*	inet_interfaces (a service with an explicit host uses that host;
/*	"all" and "loopback-only" map to 127.0.0.1 and/or ::1 following
/*	inet_protocols and what this host supports, as Postfix does),
/*	resolving host and service names, skipping the services that
/*	master_service_disable turns off. A non-empty
/*	override ("host:port host:port ...", "[v6]:port", each with an
/*	optional "/haproxy") replaces the computed list. Each listener
/*	says how the probe must talk to it: TLS first (smtps), a
/*	postscreen pregreeting, a PROXY protocol header first.
/*--*/
#ifndef PF_LISTEN_H
#define PF_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "pf_conf.h"

/*
 * The PROXY protocol header the probe sends before it reads the greeting:
 * none, or version 1 (text) or 2 (binary) of HAProxy's protocol.
 */
typedef enum pf_proxy {
    PF_PROXY_NONE = 0,
    PF_PROXY_V1,
    PF_PROXY_V2,
} pf_proxy_t;

typedef struct pf_listener {
    char    label[160];			/* "smtp 127.0.0.10:2525" */
    struct sockaddr_storage addr;
    socklen_t addrlen;
    bool    tls_wrapper;		/* smtps: TLS before the greeting */
    bool    pregreet;			/* postscreen: "220-" line suffices */
    pf_proxy_t proxy;			/* *_upstream_proxy_protocol = haproxy */
} pf_listener_t;

/*
 * PF_OK (release *out with free(); *n may be 0: nothing to probe), or
 * with a reason: PF_ECONFIG (invalid address, unknown service, an
 * upstream proxy protocol Postfix does not know), PF_EINSTALL (a name this
 * node cannot resolve), PF_EFAIL (resolver temporarily failing), PF_EARGS
 * (malformed override).
 */
extern int pf_listen_build(const pf_conf_t *conf, const char *override,
			           pf_listener_t **out, size_t *n,
			           char *why, size_t whylen);

/*
 * Listener addresses not configured on this node: PF_EINSTALL with the
 * address in why; PF_OK when all are local (or wildcard).
 */
extern int pf_listen_local(const pf_listener_t *l, size_t n, char *why,
			   size_t whylen);

#endif
