/*++
/* NAME
/*	test_pf_ocf 1
/* SUMMARY
/*	unit tests of pf_ocf: environment, deadlines, probes, exit codes
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pf_ocf.h"
#include "pf_rc.h"

static int clear_env(void **state)
{
    (void) state;
    unsetenv("OCF_RESKEY_CRM_meta_timeout");
    unsetenv("OCF_RESKEY_CRM_meta_interval");
    unsetenv("OCF_RESKEY_config_dir");
    unsetenv("OCF_CHECK_LEVEL");
    return (0);
}

static void reskey_unset_or_empty_gives_default(void **state)
{
    (void) state;
    assert_string_equal(pf_ocf_reskey("config_dir", "/etc/postfix"), "/etc/postfix");
    setenv("OCF_RESKEY_config_dir", "", 1);
    assert_string_equal(pf_ocf_reskey("config_dir", "/etc/postfix"), "/etc/postfix");
    setenv("OCF_RESKEY_config_dir", "/etc/postfix2", 1);
    assert_string_equal(pf_ocf_reskey("config_dir", "/etc/postfix"), "/etc/postfix2");
}

static void reskey_overlong_name_gives_default(void **state)
{
    char    name[200];

    (void) state;
    memset(name, 'x', sizeof(name) - 1);
    name[sizeof(name) - 1] = 0;
    assert_string_equal(pf_ocf_reskey(name, "dflt"), "dflt");
    assert_null(pf_ocf_meta(name));
}

static void timeout_taken_from_pacemaker(void **state)
{
    (void) state;
    setenv("OCF_RESKEY_CRM_meta_timeout", "60000", 1);
    assert_int_equal(pf_ocf_timeout_ms(), 60000);
}

static void timeout_garbage_gives_default(void **state)
{
    static const char *const bad[] = {"", "0", "-5", "abc", "20s", "12 ", " 12", "1e3"};
    size_t  i;

    (void) state;
    assert_int_equal(pf_ocf_timeout_ms(), PF_OCF_DEFAULT_TIMEOUT_MS);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
	setenv("OCF_RESKEY_CRM_meta_timeout", bad[i], 1);
	assert_int_equal(pf_ocf_timeout_ms(), PF_OCF_DEFAULT_TIMEOUT_MS);
    }
}

static void timeout_huge_is_clamped(void **state)
{
    (void) state;
    setenv("OCF_RESKEY_CRM_meta_timeout", "99999999999999999999999", 1);
    assert_int_equal(pf_ocf_timeout_ms(), PF_OCF_MAX_TIMEOUT_MS);
}

static void deadline_never_exceeds_timeout(void **state)
{
    static const int timeouts[] = {1, 2, 10, 100, 999, 1000, 5000, 20000, 60000,
    PF_OCF_MAX_TIMEOUT_MS};
    size_t  i;

    (void) state;
    for (i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
	int     t = timeouts[i];
	int     m = pf_ocf_margin_ms(t);

	/* the deadline (t - m) is within the timeout and not empty */
	assert_true(m >= 0);
	assert_true(m <= t / 2 + 1);
	assert_true(t - m > 0 || t < 2);
    }
    assert_int_equal(pf_ocf_margin_ms(20000), 2000);
    assert_int_equal(pf_ocf_margin_ms(2000), 500);
    assert_int_equal(pf_ocf_margin_ms(600000), 5000);
}

static void action_deadline_within_given_timeout(void **state)
{
    int64_t before, after;
    pf_deadline_t d;

    (void) state;
    setenv("OCF_RESKEY_CRM_meta_timeout", "3000", 1);
    /* the timeout less its margin, counted from the call: no slack assumed */
    before = pf_now_ms();
    d = pf_ocf_deadline();
    after = pf_now_ms();
    assert_true(d >= before + 3000 - 500);
    assert_true(d <= after + 3000 - 500);
}

static void deadline_left_never_negative(void **state)
{
    int64_t before, left, after;

    (void) state;
    assert_int_equal(pf_deadline_left(pf_now_ms() - 1000), 0);
    before = pf_now_ms();
    left = pf_deadline_left(pf_deadline_after(1000));
    after = pf_now_ms();
    assert_true(left <= 1000);
    assert_true(left >= 1000 - (after - before));
    assert_int_equal(pf_deadline_min(5, 7), 5);
    assert_true(pf_deadline_after(-5) <= pf_now_ms());
}

static void probe_is_monitor_with_interval_zero(void **state)
{
    (void) state;
    /* interval unset: what Pacemaker really sends with a probe */
    assert_true(pf_ocf_is_probe("monitor"));
    setenv("OCF_RESKEY_CRM_meta_interval", "", 1);
    assert_true(pf_ocf_is_probe("monitor"));
    setenv("OCF_RESKEY_CRM_meta_interval", "0", 1);
    assert_true(pf_ocf_is_probe("monitor"));
    assert_true(pf_ocf_is_probe("status"));
    assert_false(pf_ocf_is_probe("start"));
    assert_false(pf_ocf_is_probe(NULL));
    setenv("OCF_RESKEY_CRM_meta_interval", "30000", 1);
    assert_false(pf_ocf_is_probe("monitor"));
    setenv("OCF_RESKEY_CRM_meta_interval", "junk", 1);
    assert_false(pf_ocf_is_probe("monitor"));
}

/* fixture_apply - the environment of one recorded call, and nothing else */

static void fixture_apply(const char *path)
{
    FILE   *fp;
    char    line[1024];
    char   *eq;

    assert_int_equal(clearenv(), 0);
    assert_non_null(fp = fopen(path, "r"));
    while (fgets(line, sizeof(line), fp) != NULL) {
	line[strcspn(line, "\n")] = 0;
	if ((eq = strchr(line, '=')) == NULL)
	    continue;
	*eq = 0;
	assert_int_equal(setenv(line, eq + 1, 1), 0);
    }
    assert_int_equal(fclose(fp), 0);
}

/* call_action - "validate-all-l10.env" -> "validate-all" */

static void call_action(const char *call, char *action, size_t len)
{
    char   *cut;

    snprintf(action, len, "%.*s", (int) strcspn(call, "."), call);
    if ((cut = strstr(action, "-i")) != NULL || (cut = strstr(action, "-l")) != NULL)
	*cut = 0;
}

/*
 * Every environment recorded from real Pacemaker (tests/cluster/t_answers.sh
 * records them into fixtures/pacemaker/<version>/<caller>--<action>
 * [-i<interval>][-l<level>].env): the name says what Pacemaker was doing,
 * the content is exactly what it passed. A probe is a monitor Pacemaker sent
 * without an interval; the check level is the one named; the timeout is
 * Pacemaker's.
 */
static void pacemaker_recorded_calls_understood(void **state)
{
    char    dir[PATH_MAX], path[PATH_MAX * 2], action[128];
    DIR    *versions, *calls;
    struct dirent *v, *c;
    const char *name, *sep, *timeout;
    int     seen = 0, probes = 0;

    (void) state;
    snprintf(dir, sizeof(dir), "%s/pacemaker", FIXTURES);
    assert_non_null(versions = opendir(dir));
    while ((v = readdir(versions)) != NULL) {
	if (v->d_name[0] == '.')
	    continue;
	snprintf(path, sizeof(path), "%s/%s", dir, v->d_name);
	assert_non_null(calls = opendir(path));
	while ((c = readdir(calls)) != NULL) {
	    name = c->d_name;
	    if (strlen(name) < 5 || strcmp(name + strlen(name) - 4, ".env") != 0)
		continue;
	    assert_non_null(sep = strstr(name, "--"));
	    call_action(sep + 2, action, sizeof(action));
	    snprintf(path, sizeof(path), "%s/%s/%s", dir, v->d_name, name);
	    fixture_apply(path);
	    print_message("%s/%s: %s\n", v->d_name, name, action);
	    if (strcmp(action, "monitor") == 0 && strstr(sep, "-i") == NULL) {
		assert_true(pf_ocf_is_probe(action));
		probes++;
	    } else {
		assert_false(pf_ocf_is_probe(action));
	    }
	    assert_int_equal(pf_ocf_check_level(), strstr(sep, "-l") ?
			     atoi(strstr(sep, "-l") + 2) : 0);
	    if ((timeout = getenv("OCF_RESKEY_CRM_meta_timeout")) != NULL)
		assert_int_equal(pf_ocf_timeout_ms(), atoi(timeout));
	    seen++;
	}
	closedir(calls);
    }
    closedir(versions);
    assert_true(seen > 0);
    assert_true(probes > 0);
}

static void check_level_strict(void **state)
{
    (void) state;
    assert_int_equal(pf_ocf_check_level(), 0);
    setenv("OCF_CHECK_LEVEL", "10", 1);
    assert_int_equal(pf_ocf_check_level(), 10);
    setenv("OCF_CHECK_LEVEL", "ten", 1);
    assert_int_equal(pf_ocf_check_level(), -1);
    setenv("OCF_CHECK_LEVEL", "-1", 1);
    assert_int_equal(pf_ocf_check_level(), -1);
    setenv("OCF_CHECK_LEVEL", "99999999999", 1);
    assert_int_equal(pf_ocf_check_level(), -1);
}

static void rc_maps_to_ocf_codes(void **state)
{
    (void) state;
    assert_int_equal(pf_ocf_from_rc(PF_OK), PF_OCF_SUCCESS);
    assert_int_equal(pf_ocf_from_rc(PF_EFAIL), PF_OCF_ERR_GENERIC);
    assert_int_equal(pf_ocf_from_rc(PF_ECONFIG), PF_OCF_ERR_CONFIGURED);
    assert_int_equal(pf_ocf_from_rc(PF_EINSTALL), PF_OCF_ERR_INSTALLED);
    assert_int_equal(pf_ocf_from_rc(PF_EPERM), PF_OCF_ERR_PERM);
    assert_int_equal(pf_ocf_from_rc(PF_ENOTRUNNING), PF_OCF_NOT_RUNNING);
    assert_int_equal(pf_ocf_from_rc(PF_ETIMEOUT), PF_OCF_ERR_GENERIC);
    assert_int_equal(pf_ocf_from_rc(PF_EARGS), PF_OCF_ERR_ARGS);
    assert_int_equal(pf_ocf_from_rc(PF_EUNIMPL), PF_OCF_ERR_UNIMPLEMENTED);
    assert_int_equal(pf_ocf_from_rc(ENOENT), PF_OCF_ERR_GENERIC);
}

static void strerror_covers_every_code(void **state)
{
    const int codes[] = {PF_OK, PF_EFAIL, PF_ECONFIG, PF_EINSTALL, PF_EPERM,
	PF_ENOTRUNNING, PF_ETIMEOUT, PF_EARGS, PF_EUNIMPL, PF_EPARSE};

    (void) state;
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
	assert_string_not_equal(pf_strerror(codes[i]), "unknown error");
	/* their own range: never the -1 of a system call or a helper */
	assert_true(codes[i] == PF_OK || codes[i] < PF_RC_BASE);
	for (size_t j = 0; j < i; j++)
	    assert_string_not_equal(pf_strerror(codes[i]), pf_strerror(codes[j]));
    }
    assert_string_equal(pf_strerror(PF_EFAIL), "generic failure");
    assert_string_equal(pf_strerror(PF_EPARSE), "malformed input");
    assert_string_equal(pf_strerror(-1), "unknown error");
    assert_string_equal(pf_strerror(PF_RC_BASE), "unknown error");
    assert_string_equal(pf_strerror(PF_RC_BASE - 100), "unknown error");
    assert_string_equal(pf_strerror(ENOENT), strerror(ENOENT));
}

static void rc_why_formats_and_returns_rc(void **state)
{
    char    why[16];

    (void) state;
    assert_int_equal(pf_rc_why(PF_ECONFIG, why, sizeof(why), "file %s: bad", "/x"),
		     PF_ECONFIG);
    assert_string_equal(why, "file /x: bad");
    assert_int_equal(pf_rc_why(PF_EINSTALL, why, sizeof(why), "%s", "0123456789abcdefghij"),
		     PF_EINSTALL);
    assert_string_equal(why, "0123456789abcde");	/* truncated, terminated */
    assert_int_equal(pf_rc_why(PF_EFAIL, NULL, 0, "ignored %d", 1), PF_EFAIL);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup(reskey_unset_or_empty_gives_default, clear_env),
	cmocka_unit_test_setup(reskey_overlong_name_gives_default, clear_env),
	cmocka_unit_test_setup(timeout_taken_from_pacemaker, clear_env),
	cmocka_unit_test_setup(timeout_garbage_gives_default, clear_env),
	cmocka_unit_test_setup(timeout_huge_is_clamped, clear_env),
	cmocka_unit_test_setup(deadline_never_exceeds_timeout, clear_env),
	cmocka_unit_test_setup(action_deadline_within_given_timeout, clear_env),
	cmocka_unit_test_setup(deadline_left_never_negative, clear_env),
	cmocka_unit_test_setup(probe_is_monitor_with_interval_zero, clear_env),
	cmocka_unit_test_setup(pacemaker_recorded_calls_understood, clear_env),
	cmocka_unit_test_setup(check_level_strict, clear_env),
	cmocka_unit_test_setup(rc_maps_to_ocf_codes, clear_env),
	cmocka_unit_test_setup(strerror_covers_every_code, clear_env),
	cmocka_unit_test_setup(rc_why_formats_and_returns_rc, clear_env),
    };

    return (cmocka_run_group_tests_name("pf_ocf", tests, NULL, NULL));
}
