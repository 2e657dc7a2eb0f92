/*++
/* NAME
/*	pf_buf 3h
/* SUMMARY
/*	a growing string; whether a string is blank
/* SYNOPSIS
/*	#include "pf_buf.h"
/* DESCRIPTION
/*	A pf_buf_t starts zeroed ({0}); pf_buf_add() appends bytes and
/*	keeps the text NUL-terminated; the caller frees s.
/*--*/
#ifndef PF_BUF_H
#define PF_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pf_buf {
    char   *s;				/* NUL-terminated; NULL while empty */
    size_t  len;
    size_t  cap;
} pf_buf_t;

/* Append n bytes of s; false when out of memory (b unchanged). */
extern bool pf_buf_add(pf_buf_t *b, const char *s, size_t n);
extern bool pf_buf_blank(const char *s);

#endif
