/*++
/* NAME
/*	pf_report 3h
/* SUMMARY
/*	validate-all's preflight report: every problem, each with its fix
/* SYNOPSIS
/*	#include "pf_report.h"
/* DESCRIPTION
/*	See pf_report.c.
/*--*/
#ifndef PF_REPORT_H
#define PF_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#define PF_REPORT_TEXT	512		/* the worst problem's text, kept */

typedef struct pf_report {
    bool    all;			/* every problem, or the first only */
    FILE   *out;			/* where report lines go (stderr) */
    int     worst;			/* pf code of the worst error, PF_OK */
    char    worst_text[PF_REPORT_TEXT];	/* its text: the exit reason */
    int     errors;			/* counted in the exit code */
    int     warnings;			/* never counted */
    int     skipped;			/* checks that could not run */
} pf_report_t;

extern void pf_report_init(pf_report_t *r, bool all, FILE *out);
extern bool pf_report_all(const pf_report_t *r);
extern int pf_report_error(pf_report_t *r, int rc, const char *text,
			           const char *fix);
extern void pf_report_warn(pf_report_t *r, const char *text, const char *fix);
extern void pf_report_skip(pf_report_t *r, const char *what,
			           const char *cause);
extern int pf_report_end(pf_report_t *r);

#endif
