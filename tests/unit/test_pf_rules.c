/*++
/* NAME
/*	test_pf_rules 1
/* SUMMARY
/*	unit tests of the rules kept once in common/
/* SYNOPSIS
/*	test_pf_rules
/* DESCRIPTION
/*	pf_decimal_parse(), pf_file_read(), pf_file_check_exec(),
/*	pf_conf_dir(), pf_conf_dir_normalize() and
/*	pf_conf_check_dir_arg(): each rule that several
/*	actions apply lives in one function; these are its cases.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pf_conf.h"
#include "pf_decimal.h"
#include "pf_file.h"
#include "pf_rc.h"

static void decimal_digits_only(void **state)
{
    long long v = 42;

    (void) state;
    assert_int_equal(pf_decimal_parse("0", &v), PF_OK);
    assert_int_equal(v, 0);
    assert_int_equal(pf_decimal_parse("20000", &v), PF_OK);
    assert_int_equal(v, 20000);
    assert_int_equal(pf_decimal_parse("99999999999999999999999", &v), PF_OK);
    assert_true(v == LLONG_MAX);		/* saturates: callers clamp */
    v = 7;
    assert_int_equal(pf_decimal_parse(NULL, &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse(" 1", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("1 ", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("+1", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("-1", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("0x10", &v), PF_EPARSE);
    assert_int_equal(pf_decimal_parse("10s", &v), PF_EPARSE);
    assert_int_equal(v, 7);			/* untouched on failure */
}

static void file_read_whole_regular_files_only(void **state)
{
    char    path[] = "/tmp/pfkit-test-rules.XXXXXX";
    char   *data;
    size_t  len;
    int     fd;

    (void) state;
    assert_true((fd = mkstemp(path)) >= 0);
    assert_int_equal(write(fd, "a = b\n", 6), 6);
    close(fd);
    assert_int_equal(pf_file_read(path, &data, &len, NULL, true), PF_OK);
    assert_int_equal(len, 6);
    assert_string_equal(data, "a = b\n");
    free(data);
    unlink(path);
    assert_int_equal(pf_file_read(path, &data, &len, NULL, false), ENOENT);
    assert_null(data);
    assert_int_equal(pf_file_read("/tmp", &data, &len, NULL, false), EISDIR);
    assert_int_equal(pf_file_read("/dev/null", &data, &len, NULL, false), EINVAL);
}

static void exec_rule_and_its_message(void **state)
{
    char    why[256];

    (void) state;
    assert_int_equal(pf_file_check_exec("/bin/sh", why, sizeof(why)), PF_OK);
    /* root may "execute" a directory by access(2): not a command */
    assert_int_equal(pf_file_check_exec("/tmp", why, sizeof(why)), PF_EINSTALL);
    assert_string_equal(why, "/tmp: Execute files (postfix or postconf command) "
			"is not an executable file");
    assert_int_equal(pf_file_check_exec("bin/sh", why, sizeof(why)), PF_EINSTALL);
    assert_int_equal(pf_file_check_exec("/etc/passwd", why, sizeof(why)), PF_EINSTALL);
    assert_int_equal(pf_file_check_exec(NULL, why, sizeof(why)), PF_EINSTALL);
    assert_false(pf_file_executable("/nonexistent/postfix"));
}

static void config_dir_default_and_absolute(void **state)
{
    char    why[256];

    (void) state;
    assert_string_equal(pf_conf_dir(NULL), "/etc/postfix");
    assert_string_equal(pf_conf_dir(""), PF_CONF_DEFAULT_DIR);
    assert_string_equal(pf_conf_dir("/etc/postfix-a"), "/etc/postfix-a");
    assert_int_equal(pf_conf_check_dir_arg(NULL, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("", why, sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("/etc/x", why, sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("etc/x", why, sizeof(why)), PF_EARGS);
    assert_string_equal(why, "config_dir etc/x: not an absolute path");
}

/* normalized - pf_conf_dir_normalize() of a copy of in */

static const char *normalized(const char *in)
{
    static char buf[256];

    snprintf(buf, sizeof(buf), "%s", in);
    return (pf_conf_dir_normalize(buf));
}

static void config_dir_one_spelling(void **state)
{
    (void) state;
    assert_null(pf_conf_dir_normalize(NULL));
    assert_string_equal(normalized(""), "");
    assert_string_equal(normalized("/etc/postfix-a"), "/etc/postfix-a");
    assert_string_equal(normalized("/etc/postfix-a/"), "/etc/postfix-a");
    assert_string_equal(normalized("/etc/postfix-a///"), "/etc/postfix-a");
    assert_string_equal(normalized("//etc//postfix-a"), "/etc/postfix-a");
    assert_string_equal(normalized("/etc/postfix/"), PF_CONF_DEFAULT_DIR);
    assert_string_equal(pf_conf_dir(normalized("/etc/postfix//")),
			PF_CONF_DEFAULT_DIR);
    assert_string_equal(normalized("/"), "/");
    assert_string_equal(normalized("///"), "/");
    /* not resolved: dots and relative paths are left to the rule */
    assert_string_equal(normalized("/etc/./postfix/"), "/etc/./postfix");
    assert_string_equal(normalized("etc//x/"), "etc/x");
    assert_string_equal(normalized("/etc/.postfix/"), "/etc/.postfix");
}

static void config_dir_dot_components_refused(void **state)
{
    char    why[256];

    (void) state;
    assert_int_equal(pf_conf_check_dir_arg("/etc/./postfix", why,
					   sizeof(why)), PF_EARGS);
    assert_string_equal(why, "config_dir /etc/./postfix: a \".\" component: "
			"Postfix compares the spelling; write the directory "
			"without it");
    assert_int_equal(pf_conf_check_dir_arg("/etc/x/..", why, sizeof(why)),
		     PF_EARGS);
    assert_non_null(strstr(why, "a \"..\" component"));
    assert_int_equal(pf_conf_check_dir_arg("/.", why, sizeof(why)), PF_EARGS);
    /* dots inside a name are not components */
    assert_int_equal(pf_conf_check_dir_arg("/etc/.postfix", why, sizeof(why)),
		     PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("/etc/postfix..a/...", why,
					   sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_check_dir_arg("/", why, sizeof(why)), PF_OK);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(decimal_digits_only),
	cmocka_unit_test(file_read_whole_regular_files_only),
	cmocka_unit_test(exec_rule_and_its_message),
	cmocka_unit_test(config_dir_default_and_absolute),
	cmocka_unit_test(config_dir_one_spelling),
	cmocka_unit_test(config_dir_dot_components_refused),
    };

    return (cmocka_run_group_tests_name("pf_rules", tests, NULL, NULL));
}
