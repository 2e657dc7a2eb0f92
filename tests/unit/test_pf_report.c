/*++
/* NAME
/*	test_pf_report 1
/* SUMMARY
/*	unit tests of validate-all's report (agents/pf_report.c)
/* SYNOPSIS
/*	test_pf_report
/* DESCRIPTION
/*	A report that collects every problem writes one line each, in its
/*	grammar, and answers the worst with the worst's text as the exit
/*	reason, once; one that stops at the first (start) answers and
/*	gives as the reason the first, as before the report existed.
/*	Report lines go to a memory stream; the exit reason is caught
/*	through the linker's --wrap.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_answer.h"
#include "pf_rc.h"
#include "pf_report.h"

extern void __wrap_pf_log_exit_reason(const char *fmt,...);

static int reasons;			/* exit reason lines said */
static char reason[1024];		/* the last one */

/* __wrap_pf_log_exit_reason - count and keep the reason */

void    __wrap_pf_log_exit_reason(const char *fmt,...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    reasons++;
}

static char *text;			/* the report's lines */
static size_t len;
static FILE *out;

/* reset - no reason said, an empty stream */

static int reset(void **state)
{
    (void) state;
    reasons = 0;
    reason[0] = 0;
    text = NULL;
    len = 0;
    out = open_memstream(&text, &len);
    return (out == NULL);
}

/* done - the stream freed */

static int done(void **state)
{
    (void) state;
    if (out)
	fclose(out);
    free(text);
    out = NULL;
    text = NULL;
    return (0);
}

/* lines - what the report wrote so far */

static const char *lines(void)
{
    fflush(out);
    return (text ? text : "");
}

static void every_problem_one_line_worst_answers(void **state)
{
    pf_report_t r;

    (void) state;
    pf_report_init(&r, true, out);
    assert_true(pf_report_all(&r));
    assert_int_equal(pf_report_error(&r, PF_EPERM, "directory /q/data: not "
				     "writable", "chown it"), PF_EPERM);
    pf_report_warn(&r, "file /e/main.cf: multi_instance_enable = yes",
		   "set it to no");
    assert_int_equal(pf_report_error(&r, PF_ECONFIG, "file /e/main.cf: "
				     "parameter inet_interfaces: bad", "fix it"),
		     PF_ECONFIG);
    assert_int_equal(pf_report_error(&r, PF_EINSTALL, "config_dir /e: not "
				     "listed", "list it"), PF_EINSTALL);
    pf_report_skip(&r, "postfix check", "mend the errors above first");
    /* nothing said as the reason before the end: Pacemaker keeps one */
    assert_int_equal(reasons, 0);
    assert_int_equal(pf_report_end(&r), PF_ECONFIG);
    assert_int_equal(reasons, 1);
    assert_string_equal(reason, "file /e/main.cf: parameter inet_interfaces: bad");
    assert_string_equal(lines(),
			"ERROR: directory /q/data: not writable; chown it\n"
			"WARNING: file /e/main.cf: multi_instance_enable = yes; "
			"set it to no\n"
			"ERROR: file /e/main.cf: parameter inet_interfaces: bad; "
			"fix it\n"
			"ERROR: config_dir /e: not listed; list it\n"
			"SKIPPED: postfix check: not run: mend the errors above "
			"first\n");
    assert_int_equal(r.errors, 3);
    assert_int_equal(r.warnings, 1);
    assert_int_equal(r.skipped, 1);
}

static void warnings_alone_answer_0_and_say_no_reason(void **state)
{
    pf_report_t r;

    (void) state;
    pf_report_init(&r, true, out);
    pf_report_warn(&r, "mail_spool_directory /var/mail: on this node's root",
		   "put the spool on a shared filesystem too");
    assert_int_equal(pf_report_end(&r), PF_OK);
    assert_int_equal(reasons, 0);
    assert_non_null(strstr(lines(), "WARNING: mail_spool_directory"));
    assert_null(strstr(lines(), "ERROR:"));
}

static void equal_ranks_keep_the_first_text(void **state)
{
    pf_report_t r;

    (void) state;
    pf_report_init(&r, true, out);
    pf_report_error(&r, PF_EINSTALL, "first", "a");
    pf_report_error(&r, PF_EINSTALL, "second", "b");
    pf_report_error(&r, PF_EPERM, "milder", "c");
    assert_int_equal(pf_report_end(&r), PF_EINSTALL);
    assert_string_equal(reason, "first");
}

static void first_mode_says_the_first_at_once_and_answers_it(void **state)
{
    pf_report_t r;

    (void) state;
    pf_report_init(&r, false, out);
    assert_false(pf_report_all(&r));
    pf_report_error(&r, PF_EPERM, "the first", "a");
    assert_int_equal(reasons, 1);
    /* a caller that goes on (the wiring): logged, never a second reason */
    pf_report_error(&r, PF_ECONFIG, "a worse one", "b");
    pf_report_warn(&r, "a warning", "c");
    pf_report_skip(&r, "a check", "d");
    assert_int_equal(reasons, 1);
    assert_string_equal(reason, "the first");
    assert_int_equal(pf_report_end(&r), PF_EPERM);
    assert_int_equal(reasons, 1);
    /* no report lines: start and the monitor keep their output */
    assert_string_equal(lines(), "");
}

static void no_report_is_the_first_mode(void **state)
{
    (void) state;
    assert_false(pf_report_all(NULL));
    assert_int_equal(pf_report_error(NULL, PF_EARGS, "listeners x: bad", "f"),
		     PF_EARGS);
    assert_string_equal(reason, "listeners x: bad");
    pf_report_warn(NULL, "only logged", NULL);
    pf_report_skip(NULL, "only logged", "x");
    assert_int_equal(reasons, 1);
    assert_int_equal(pf_report_end(NULL), PF_OK);
}

static void a_value_cannot_forge_a_second_line(void **state)
{
    pf_report_t r;

    (void) state;
    pf_report_init(&r, true, out);
    pf_report_error(&r, PF_EARGS, "helo_name a\r\nERROR: forged", "x\ny");
    pf_report_end(&r);
    assert_string_equal(lines(), "ERROR: helo_name a  ERROR: forged; x y\n");
}

static void an_error_is_never_a_pass(void **state)
{
    pf_report_t r;

    (void) state;
    pf_report_init(&r, true, out);
    assert_int_equal(pf_report_error(&r, PF_OK, "something", "x"), PF_EFAIL);
    assert_int_equal(pf_report_end(&r), PF_EFAIL);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(every_problem_one_line_worst_answers,
					reset, done),
	cmocka_unit_test_setup_teardown(warnings_alone_answer_0_and_say_no_reason,
					reset, done),
	cmocka_unit_test_setup_teardown(equal_ranks_keep_the_first_text,
					reset, done),
	cmocka_unit_test_setup_teardown(first_mode_says_the_first_at_once_and_answers_it,
					reset, done),
	cmocka_unit_test_setup_teardown(no_report_is_the_first_mode,
					reset, done),
	cmocka_unit_test_setup_teardown(a_value_cannot_forge_a_second_line,
					reset, done),
	cmocka_unit_test_setup_teardown(an_error_is_never_a_pass,
					reset, done),
    };

    return (cmocka_run_group_tests(tests, NULL, NULL));
}
