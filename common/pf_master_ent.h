/*++
/* NAME
/*	pf_master_ent 3h
/* SUMMARY
/*	the master.cf entries the agent needs, and their -o options
/* SYNOPSIS
/*	#include "pf_master_ent.h"
/* DESCRIPTION
/*	pf_master_ent_parse() reads the SMTP services and the queue
/*	manager service of master.cf; pf_conf_service_disabled() applies
/*	master_service_disable (see pf_master_ent(3)).
/*--*/
#ifndef PF_MASTER_ENT_H
#define PF_MASTER_ENT_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_params.h"

#define PF_MASTER_ENT_MAX_SERVICES 5000	/* master.cf smtpd/postscreen entries */

/*
 * The TLS parameters of a service, by what they say; pf_conf.c names them
 * for smtpd and for postscreen (whose certificates tlsproxy(8) presents).
 */
typedef enum {
    PF_SERVICE_TLS_LEVEL,		/* smtpd_tls_security_level */
    PF_SERVICE_TLS_USE,			/* smtpd_use_tls */
    PF_SERVICE_TLS_ENFORCE,		/* smtpd_enforce_tls */
    PF_SERVICE_TLS_WRAPPER,		/* smtpd_tls_wrappermode */
    PF_SERVICE_TLS_CERT,		/* smtpd_tls_cert_file */
    PF_SERVICE_TLS_ECCERT,		/* smtpd_tls_eccert_file */
    PF_SERVICE_TLS_DSACERT,		/* smtpd_tls_dsa_cert_file */
    PF_SERVICE_TLS_CHAIN,		/* smtpd_tls_chain_files */
    PF_SERVICE_TLS_N
} pf_service_tls_t;

typedef struct pf_service {
    char   *name;			/* first master.cf field, as written */
    char   *host;			/* host part, NULL when none given */
    char   *port;			/* service name or number */
    char   *command;		/* smtpd or postscreen */
    bool    wrappermode;		/* -o smtpd_tls_wrappermode=yes */
    int     line;			/* line in master.cf */
    pf_params_t opts;			/* its -o name=value, in order */
    /* smtpd_ or postscreen_upstream_proxy_protocol as the daemon sees
     * it (-o over main.cf, expanded): "" none; NULL until resolved */
    char   *upstream_proxy;
    /* the TLS parameters its daemon reads, resolved the same way (NULL
     * until resolved; "" for one this Postfix does not know): pf_cert(3) */
    char   *tls[PF_SERVICE_TLS_N];
} pf_service_t;

struct pf_conf;				/* pf_conf.h */

/* master.cf text to conf->services and conf->qmgr_*, appended. */
extern int pf_master_ent_parse(const char *buf, size_t len, const char *path,
			               struct pf_conf *conf, char *why,
			               size_t whylen);

/*
 * master_service_disable as master(8) applies it: patterns "type" or
 * "name/type" (the older "name.type" too), "!" negates, case-insensitive,
 * the first match decides. True when the service name/type is disabled.
 */
extern bool pf_conf_service_disabled(const char *patterns, const char *name,
				             const char *type);

#endif
