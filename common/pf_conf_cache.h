/*++
/* NAME
/*	pf_conf_cache 3h
/* SUMMARY
/*	Postfix's compiled-in defaults (postconf -d), cached
/* SYNOPSIS
/*	#include "pf_conf_cache.h"
/* DESCRIPTION
/*	pf_conf_defaults() returns what postconf -d prints, from a cache
/*	under $HA_RSCTMP while postconf is unchanged (see pf_conf_cache(3)).
/*--*/
#ifndef PF_CONF_CACHE_H
#define PF_CONF_CACHE_H

#include <stddef.h>

#include "pf_clock.h"
#include "pf_params.h"

/* The cache of postconf -d under $HA_RSCTMP, keyed by postconf's identity. */
extern int pf_conf_defaults(const char *postconf, pf_deadline_t deadline,
			            pf_params_t *out, char *why, size_t whylen);
extern char *pf_conf_cache_path(const char *postconf, char *buf, size_t len);

/* The "name = value" lines of postconf -d or -x output, appended. */
extern int pf_conf_parse_postconf_output(const char *buf, size_t len,
				               pf_params_t *out, char *why,
					               size_t whylen);

#endif
