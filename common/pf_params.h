/*++
/* NAME
/*	pf_params 3h
/* SUMMARY
/*	an ordered list of Postfix parameters, name = value
/* SYNOPSIS
/*	#include "pf_params.h"
/* DESCRIPTION
/*	The list main.cf, postconf -d and a master.cf service's -o
/*	options are read into (see pf_params(3)).
/*--*/
#ifndef PF_PARAMS_H
#define PF_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#define PF_PARAMS_MAX	20000	/* main.cf or postconf -d entries */

/*
 * An ordered list of name = value (last assignment wins on lookup); line
 * is the logical line's first physical line, 0 if none. The caller
 * provides it, empty from pf_params_init(); the list owns its strings,
 * and pf_params_clear() frees them and leaves it empty.
 */
typedef struct pf_param {
    char   *name;
    char   *value;
    int     line;
} pf_param_t;

typedef struct pf_params {
    pf_param_t *v;			/* the entries, in order */
    size_t  n;
    size_t  cap;
    bool    unsorted;			/* names not strictly ascending */
    char  **blocks;			/* owned: every name and value is in one */
    size_t  nblocks;
    size_t  blocks_cap;
} pf_params_t;

extern void pf_params_init(pf_params_t *p);
extern int pf_params_set(pf_params_t *p, const char *name, const char *value,
			         int line);
extern const pf_param_t *pf_params_find(const pf_params_t *p, const char *name);
extern void pf_params_clear(pf_params_t *p);

/* "name = value" logical lines of a main.cf-syntax text, appended. */
extern int pf_params_parse(const char *buf, size_t len, const char *path,
			           pf_params_t *out, char *why, size_t whylen);

/* Strict "name = value\n" lines of body inside data; out takes data. */
extern int pf_params_adopt(pf_params_t *out, char *data, char *body,
			           size_t len);

#endif
