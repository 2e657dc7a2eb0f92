/*++
/* NAME
/*	pf_attrd 3h
/* SUMMARY
/*	node attributes through attrd_updater, published only on change
/* SYNOPSIS
/*	#include "pf_attrd.h"
/*--*/
#ifndef PF_ATTRD_H
#define PF_ATTRD_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_cib.h"
#include "pf_ocf.h"

#define PF_ATTRD_UPDATER	"/usr/sbin/attrd_updater"

/*
 * attrd_updater [-p] [-N node] -n name -U value, or -D when value is
 * NULL; node NULL: this node. PF_OK when attrd_updater exited 0.
 */
extern int pf_attrd_update(const char *name, const char *node,
			           const char *value, bool private_attr,
			           pf_deadline_t deadline, char *why, size_t len);

/*
 * attrd_updater --output-as=xml -Q -A -n name: every node's value, none
 * cut, in *out (*n of them; pf_cib_attrs_free() releases them).
 * PF_EINSTALL, attrd_updater not run, when libxml2 cannot be loaded.
 */
extern int pf_attrd_query(const char *name, pf_deadline_t deadline,
			          pf_cib_attr_t **out, size_t *n, char *why,
			          size_t len);

/*
 * The value last published under name by this node ($HA_RSCTMP/
 * pfkit-attr.<name>): a file read, no process. "" when none.
 */
extern void pf_attrd_last(const char *name, char *value, size_t len);
extern void pf_attrd_remember(const char *name, const char *value);
extern void pf_attrd_forget(const char *name);

#endif
