/*++
/* NAME
/*	pf_report 3
/* SUMMARY
/*	validate-all's preflight report: every problem, each with its fix
/* SYNOPSIS
/*	#include "pf_report.h"
/*
/*	void	pf_report_init(pf_report_t *r, bool all, FILE *out)
/*
/*	bool	pf_report_all(const pf_report_t *r)
/*
/*	int	pf_report_error(pf_report_t *r, int rc, const char *text,
/*			const char *fix)
/*
/*	void	pf_report_warn(pf_report_t *r, const char *text,
/*			const char *fix)
/*
/*	void	pf_report_skip(pf_report_t *r, const char *what,
/*			const char *cause)
/*
/*	int	pf_report_end(pf_report_t *r)
/* DESCRIPTION
/*	The checks of validate-all and start say what they find here. A
/*	report collects it in one of two ways:
/* .IP "all (validate-all at check level 10)"
/*	every problem is a line on out (stderr), in one grammar that a
/*	reader and a script can both rely on:
/* .nf
/*	ERROR: <object>: <problem>; <fix>
/*	WARNING: <object>: <problem>; <fix>
/*	SKIPPED: <check>: not run: <cause>
/* .fi
/*	and in the log; the checks go on where later checks can still
/*	run. pf_report_end() then says the worst error's text as the
/*	ocf-exit-reason (pf_log_exit_reason(): Pacemaker keeps one) and
/*	returns its pf code; the worst is pf_answer_worst()'s, the one
/*	order of answers.
/* .IP "first (start; r NULL: the monitor)"
/*	as before the report existed: the first error is the exit reason
/*	at once and the answer, and the caller stops (pf_report_all() is
/*	false); an error after it, where a caller goes on (the wiring
/*	check names every missing resource), is logged only, so that the
/*	exit reason stays the first.
/* .PP
/*	pf_report_error() records an error with its pf code and returns
/*	rc. text names the object first; fix says what to do about it.
/*
/*	pf_report_warn() records a warning: something that does not stop
/*	the resource from running here but that an administrator should
/*	mend (it never counts in the exit code). It is the hook for every
/*	condition validate-all should show without refusing: in "first"
/*	mode, and with r NULL, it is a warning in the log, as pf_warn().
/*
/*	pf_report_skip() says that a check could not run because an
/*	earlier one failed (the configuration did not load, mail_owner is
/*	unusable here): never a silent pass. In "first" mode it logs at
/*	debug level.
/*
/*	pf_report_end() is the report's answer: the worst error's pf code
/*	(PF_OK without one); in "all" mode after a summary in the log and
/*	the exit reason.
/*
/*	Control characters in a text become spaces, so that a value read
/*	from a file or the environment cannot forge a second line.
/* DIAGNOSTICS
/*	None: a report line that cannot be written is lost, the answer
/*	is not.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pf_answer.h"
#include "pf_log.h"
#include "pf_rc.h"
#include "pf_report.h"

/* pf_report_init - an empty report */

void    pf_report_init(pf_report_t *r, bool all, FILE *out)
{
    memset(r, 0, sizeof(*r));
    r->all = all;
    r->out = out;
    r->worst = PF_OK;
}

/* pf_report_all - does the report want every problem */

bool    pf_report_all(const pf_report_t *r)
{
    return (r != NULL && r->all);
}

/* say - one report line on out, control characters blanked */

static void say(const pf_report_t *r, const char *severity, const char *text,
		        const char *sep, const char *fix)
{
    char    line[PF_REPORT_TEXT * 2];

    snprintf(line, sizeof(line), "%s%s%s", text, fix ? sep : "",
	     fix ? fix : "");
    pf_log_clean(line);
    if (r->out != NULL) {
	fprintf(r->out, "%s: %s\n", severity, line);
	fflush(r->out);
    }
}

/* pf_report_error - an error: the answer when it is the worst */

int     pf_report_error(pf_report_t *r, int rc, const char *text,
			        const char *fix)
{
    bool    first = r == NULL || r->errors == 0;

    if (rc == PF_OK)
	rc = PF_EFAIL;				/* an error is never a pass */
    if (!pf_report_all(r)) {
	/* the first error is the exit reason; later ones, logged only */
	if (first)
	    pf_log_exit_reason("%s", text);
	else
	    pf_warn("%s", text);
    } else {
	qb_log(LOG_ERR, "%s; %s", text, fix ? fix : "");
	say(r, "ERROR", text, "; ", fix);
    }
    if (r != NULL) {
	/* "first" keeps the first; "all" the worst, of equals the first */
	if (first || (r->all && pf_answer_worst(r->worst, rc) != r->worst)) {
	    r->worst = rc;
	    snprintf(r->worst_text, sizeof(r->worst_text), "%s", text);
	}
	r->errors++;
    }
    return (rc);
}

/* pf_report_warn - a warning: said, never counted in the answer */

void    pf_report_warn(pf_report_t *r, const char *text, const char *fix)
{
    pf_warn("%s%s%s", text, fix ? "; " : "", fix ? fix : "");
    if (r == NULL)
	return;
    r->warnings++;
    if (r->all)
	say(r, "WARNING", text, "; ", fix);
}

/* pf_report_skip - a check that could not run, and why */

void    pf_report_skip(pf_report_t *r, const char *what, const char *cause)
{
    if (!pf_report_all(r)) {
	pf_debug("%s: not run: %s", what, cause);
	return;
    }
    r->skipped++;
    qb_log(LOG_WARNING, "%s: not run: %s", what, cause);
    say(r, "SKIPPED", what, ": not run: ", cause);
}

/* pf_report_end - the report's answer: its worst error */

int     pf_report_end(pf_report_t *r)
{
    if (!pf_report_all(r))
	return (r ? r->worst : PF_OK);
    pf_info("validate: %d error(s), %d warning(s), %d check(s) not run "
	    PF_XS " worst=%s", r->errors, r->warnings, r->skipped,
	    r->errors ? pf_strerror(r->worst) : "none");
    if (r->errors > 0)
	pf_log_exit_reason("%s", r->worst_text);
    return (r->worst);
}
