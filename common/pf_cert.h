/*++
/* NAME
/*	pf_cert 3h
/* SUMMARY
/*	the certificates an SMTP service presents, and when they expire
/* SYNOPSIS
/*	#include "pf_cert.h"
/* DESCRIPTION
/*	See pf_cert.c.
/*--*/
#ifndef PF_CERT_H
#define PF_CERT_H

#include <stddef.h>
#include <time.h>

#include "pf_master_ent.h"

#define PF_CERT_MAX_FILE	(1024 * 1024)	/* bytes of a PEM file read */

/* how a service offers TLS, from its resolved parameters */
typedef enum {
    PF_CERT_TLS_NONE = 0,		/* no TLS offered */
    PF_CERT_TLS_STARTTLS,		/* STARTTLS after the greeting */
    PF_CERT_TLS_WRAPPER,		/* TLS first (smtps, wrapper mode) */
} pf_cert_tls_t;

/*
 * The notAfter time of the first certificate in pem_file: PF_OK with
 * *not_after; PF_EINSTALL (libcrypto cannot be loaded), PF_EUNIMPL (no
 * OpenSSL compiled in), PF_EPARSE (no certificate) or an errno, with why.
 */
extern int pf_cert_not_after(const char *pem_file, time_t *not_after,
			             char *why, size_t len);

/* Does svc (resolved by pf_conf) offer TLS, and how? */
extern pf_cert_tls_t pf_cert_service_tls(const pf_service_t *svc);

/*
 * The certificate files svc's daemon loads, in order, each once:
 * PF_OK with *files (malloc'ed, *n entries; free with pf_cert_files_free())
 * or ENOMEM. None (*n 0) for an unresolved service.
 */
extern int pf_cert_service_files(const pf_service_t *svc, char ***files,
				         size_t *n);
extern void pf_cert_files_free(char **files, size_t n);

#endif
