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
/*	override ("host:port host:port ...", "[v6]:port") replaces the
/*	computed list.
/*--*/
#ifndef PF_LISTEN_H
#define PF_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "pf_conf.h"

typedef struct pf_listener {
    char    label[160];			/* "smtp 127.0.0.10:2525" */
    struct sockaddr_storage addr;
    socklen_t addrlen;
    bool    tls_wrapper;		/* smtps: TLS before the greeting */
    bool    pregreet;			/* postscreen: "220-" line suffices */
} pf_listener_t;

/*
 * PF_OK (release *out with free(); *n may be 0: nothing to probe), or
 * with a reason: PF_ECONFIG (invalid address, unknown service), PF_EINSTALL (a name this
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
