/*++
/* NAME
/*	pf_name_code 3
/* SUMMARY
/*	the name of a code, from a table
/* SYNOPSIS
/*	#include "pf_name_code.h"
/*
/*	const char *pf_name_code_str(const pf_name_code_t *table, int code)
/* DESCRIPTION
/*	As Postfix's str_name_code(): a module that names its codes (return
/*	codes, file types) keeps them in one table of { code, name } rows,
/*	ended by a row whose name is NULL, and looks a code up here rather
/*	than in a switch or a loop of its own.
/*
/*	pf_name_code_str() returns the name of the first row whose code is
/*	code, or NULL: the caller says what an unknown code is called.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stddef.h>

#include "pf_name_code.h"

/* pf_name_code_str - the name of code in table, or NULL */

const char *pf_name_code_str(const pf_name_code_t *table, int code)
{
    for (; table->name != NULL; table++)
	if (table->code == code)
	    return (table->name);
    return (NULL);
}
