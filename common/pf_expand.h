/*++
/* NAME
/*	pf_expand 3h
/* SUMMARY
/*	$name expansion of Postfix parameter values
/* SYNOPSIS
/*	#include "pf_expand.h"
/* DESCRIPTION
/*	pf_expand_value() resolves a parameter as a Postfix daemon does:
/*	its -o options over main.cf over the defaults, $name expanded
/*	(see pf_expand(3)).
/*--*/
#ifndef PF_EXPAND_H
#define PF_EXPAND_H

#include <stddef.h>

#include "pf_params.h"

#define PF_EXPAND_MAX_DEPTH	100	/* $name nesting, as Postfix */
#define PF_EXPAND_MAX_CALLS	10000	/* $name lookups for one value */
#define PF_EXPAND_MAX_VALUE	(1024 * 1024)	/* an expanded value */

extern int pf_expand_value(const pf_params_t *service,
			           const pf_params_t *main_cf,
			           const pf_params_t *defaults,
			           const char *config_directory,
			           const char *path, const char *name,
			           char **value, char *why, size_t whylen);

#endif
