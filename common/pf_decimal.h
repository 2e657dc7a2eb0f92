/*++
/* NAME
/*	pf_decimal 3h
/* SUMMARY
/*	strict non-negative decimal numbers
/* SYNOPSIS
/*	#include "pf_decimal.h"
/* DESCRIPTION
/*	See pf_decimal.c.
/*--*/
#ifndef PF_DECIMAL_H
#define PF_DECIMAL_H

extern int pf_decimal_parse(const char *text, long long *value);

#endif
