/*++
/* NAME
/*	pf_cib 3h
/* SUMMARY
/*	the cluster's configuration, as Pacemaker's own tools give it
/* SYNOPSIS
/*	#include "pf_cib.h"
/*--*/
#ifndef PF_CIB_H
#define PF_CIB_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_clock.h"

typedef struct pf_cib pf_cib_t;

/*
 * One node's value of a node attribute (attrd_updater -Q -A), both as
 * long as Pacemaker gives them: never cut.
 */
typedef struct pf_cib_attr {
    char   *node;
    char   *value;
} pf_cib_attr_t;

#define PF_CIB_MAX_XML	(16 * 1024 * 1024)

/*
 * libxml2, by the SONAME configure found (PF_LIBXML2_SONAME), loaded
 * once: PF_EINSTALL when it cannot be, why = "library NAME: cannot be
 * loaded: <dlerror()>". The functions below that read XML answer that
 * first.
 */
extern int pf_cib_xml_load(char *why, size_t len);

/*
 * "cibadmin -Q" through pf_spawn: PF_ENOTRUNNING (why says so) when there
 * is no CIB to ask (not in a cluster, cibadmin absent); PF_EINSTALL,
 * before any cibadmin run, when libxml2 cannot be loaded.
 */
extern int pf_cib_load(pf_deadline_t deadline, pf_cib_t **cib, char *why,
		               size_t len);
extern int pf_cib_parse(const char *xml, size_t xlen, pf_cib_t **cib,
			        char *why, size_t len);
extern void pf_cib_free(pf_cib_t *cib);

/* The primitive rsc (a clone instance suffix ":N" ignored) is there. */
extern bool pf_cib_has(const pf_cib_t *cib, const char *rsc);

/*
 * addr (numeric) is the address of an IPaddr2, IPaddr or IPsrcaddr
 * primitive that runs with rsc and starts before it: PF_OK; else
 * PF_EINSTALL, why = "Could not find IP resource for ADDR...".
 */
extern int pf_cib_ip_check(const pf_cib_t *cib, const char *rsc,
			           const char *addr, char *why, size_t len);

/*
 * path (or real, its resolved form, may be NULL) lies under the
 * directory of a Filesystem primitive that runs with rsc and starts
 * before it: PF_OK; else PF_EINSTALL, why naming what (queue_directory,
 * mail_spool_directory) with the kit's "must exist on a shared
 * filesystem".
 */
extern int pf_cib_fs_check(const pf_cib_t *cib, const char *rsc,
			           const char *what, const char *path,
			           const char *real, char *why, size_t len);

/*
 * The values of node attribute name in the XML of "attrd_updater
 * --output-as=xml -Q -A -n name", every node's (however many), in *out
 * (*n of them), which the caller releases with pf_cib_attrs_free(). On
 * failure *out is NULL and *n 0: ENOMEM, or PF_EPARSE / PF_EINSTALL.
 */
extern int pf_cib_attrs_parse(const char *xml, size_t xlen, const char *name,
			              pf_cib_attr_t **out, size_t *n,
			              char *why, size_t len);
extern void pf_cib_attrs_free(pf_cib_attr_t *attrs, size_t n);

#endif
