/*++
/* NAME
/*	pf_name_code 3h
/* SUMMARY
/*	the name of a code, from a table
/* SYNOPSIS
/*	#include "pf_name_code.h"
/* DESCRIPTION
/*	See pf_name_code.c.
/*--*/
#ifndef PF_NAME_CODE_H
#define PF_NAME_CODE_H

/* One row: a code and its name; a row whose name is NULL ends the table. */
typedef struct pf_name_code {
    int     code;
    const char *name;
} pf_name_code_t;

extern const char *pf_name_code_str(const pf_name_code_t *table, int code);

#endif
