/*++
/* NAME
/*	test_pf_log 1
/* SUMMARY
/*	unit tests of pf_log: ident, exit reasons that cannot forge lines
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pf_log.h"

static void ident_names_agent_and_instance(void **state)
{
    char    buf[64];

    (void) state;
    pf_log_ident(buf, sizeof(buf), "postfix", "mail-rsc");
    assert_string_equal(buf, "postfix(mail-rsc)");
    pf_log_ident(buf, sizeof(buf), "postfix", "");
    assert_string_equal(buf, "postfix");
    pf_log_ident(buf, sizeof(buf), "postfix", NULL);
    assert_string_equal(buf, "postfix");
}

static void ident_neutralises_format_and_newlines(void **state)
{
    char    buf[64];

    (void) state;
    pf_log_ident(buf, sizeof(buf), "postfix", "%n%s\nx y");
    assert_string_equal(buf, "postfix(_n_s_x_y)");
}

static void ident_truncated_safely(void **state)
{
    char    buf[12];
    char    longname[300];

    (void) state;
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    pf_log_ident(buf, sizeof(buf), "postfix", longname);
    assert_int_equal(strlen(buf), sizeof(buf) - 1);
    assert_memory_equal(buf, "postfix(", 8);
}

/* reason_of - what pf_log_exit_reason() writes to stderr */

static void reason_of(const char *text, char *out, size_t len)
{
    FILE   *tmp = tmpfile();
    int     saved = dup(STDERR_FILENO);
    size_t  n;

    assert_non_null(tmp);
    fflush(stderr);
    dup2(fileno(tmp), STDERR_FILENO);
    pf_log_exit_reason("%s", text);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(tmp);
    n = fread(out, 1, len - 1, tmp);
    out[n] = 0;
    fclose(tmp);
}

static void exit_reason_is_one_line(void **state)
{
    char    out[256];

    (void) state;
    reason_of("file /etc/postfix/main.cf: not found", out, sizeof(out));
    assert_string_equal(out, "ocf-exit-reason:file /etc/postfix/main.cf: not found\n");
    reason_of("a\nocf-exit-reason:forged\r", out, sizeof(out));
    assert_string_equal(out, "ocf-exit-reason:a ocf-exit-reason:forged \n");
}

static void clean_replaces_control_characters(void **state)
{
    char    text[] = "a\tb\x1b[31mc\x7f";

    (void) state;
    pf_log_clean(text);
    assert_string_equal(text, "a b [31mc ");
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(ident_names_agent_and_instance),
	cmocka_unit_test(ident_neutralises_format_and_newlines),
	cmocka_unit_test(ident_truncated_safely),
	cmocka_unit_test(exit_reason_is_one_line),
	cmocka_unit_test(clean_replaces_control_characters),
    };

    return (cmocka_run_group_tests_name("pf_log", tests, NULL, NULL));
}
