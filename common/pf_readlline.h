/*++
/* NAME
/*	pf_readlline 3h
/* SUMMARY
/*	logical lines of a Postfix configuration file
/* SYNOPSIS
/*	#include "pf_readlline.h"
/* DESCRIPTION
/*	pf_readlline() calls fn for each logical line of a buffer, as
/*	Postfix's readlline() joins them (see pf_readlline(3)).
/*--*/
#ifndef PF_READLLINE_H
#define PF_READLLINE_H

#include <stddef.h>

/*
 * One logical line of the file named path: text (NUL-terminated, the
 * callee may cut it in place) and the number of its first physical line.
 * A result other than PF_OK stops the reading and is returned.
 */
typedef int (*pf_readlline_fn) (void *ctx, const char *path, char *text,
				        int line, char *why, size_t whylen);

extern int pf_readlline(const char *buf, size_t len, const char *path,
			        pf_readlline_fn fn, void *ctx, char *why,
			        size_t whylen);

#endif
