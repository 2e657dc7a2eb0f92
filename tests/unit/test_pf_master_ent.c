/*++
/* NAME
/*	test_pf_master_ent 1
/* SUMMARY
/*	unit tests of pf_master_ent: master.cf services, master_service_disable
/* DESCRIPTION
/*	pf_master_ent_parse() is fed strings and the master.cf fixtures
/*	under tests/unit/fixtures; pf_conf_service_disabled() a table of
/*	patterns, as master(8) matches them.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pf_conf.h"
#include "pf_master_ent.h"
#include "pf_rc.h"

#ifndef FIXTURES
#error FIXTURES must name tests/unit/fixtures
#endif

/* the fixtures directory as a string object (see test_pf_conf.c) */
static const char fixtures[] = FIXTURES;

static char why[512];

/* parse_master_file - read a fixture master.cf into conf */

static int parse_master_file(const char *fixture, pf_conf_t *conf)
{
    char    path[PATH_MAX];
    char    buf[65536];
    FILE   *fp;
    size_t  n;

    snprintf(path, sizeof(path), "%s/%s", fixtures, fixture);
    fp = fopen(path, "r");
    assert_non_null(fp);
    n = fread(buf, 1, sizeof(buf), fp);
    fclose(fp);
    memset(conf, 0, sizeof(*conf));
    return (pf_master_ent_parse(buf, n, path, conf, why, sizeof(why)));
}

/* free_services - release what pf_master_ent_parse() added */

static void free_services(pf_conf_t *conf)
{
    pf_conf_clear(conf);
    assert_null(conf->services);
    assert_int_equal(conf->n_services, 0);
}

static void master_listen_forms(void **state)
{
    static const struct {
	const char *name, *host, *port, *command;
	bool    wrapper;
	int     line;
    } want[] = {
	{"smtp", NULL, "smtp", "smtpd", false, 2},
	{"25", NULL, "25", "smtpd", false, 3},
	{"127.0.0.1:2525", "127.0.0.1", "2525", "smtpd", false, 4},
	{"[::1]:26", "::1", "26", "smtpd", false, 5},
	{"localhost:smtp", "localhost", "smtp", "smtpd", false, 6},
	{"*:2526", NULL, "2526", "postscreen", false, 7},
	{"smtps", NULL, "smtps", "smtpd", true, 8},
	{"465", NULL, "465", "smtpd", false, 11},	/* -o{...} */
	{"2465", NULL, "2465", "smtpd", true, 12},
	{"3465", NULL, "3465", "smtpd", true, 13},
	{"5465", NULL, "5465", "smtpd", true, 14},
	{"4465", NULL, "4465", "smtpd", false, 15},	/* last -o wins */
	{"submission", NULL, "submission", "smtpd", false, 18},
    };
    pf_conf_t conf;
    size_t  i;

    assert_int_equal(parse_master_file("forms/master.cf", &conf), PF_OK);
    assert_int_equal(conf.n_services, sizeof(want) / sizeof(want[0]));
    for (i = 0; i < conf.n_services; i++) {
	pf_service_t *s = &conf.services[i];

	assert_string_equal(s->name, want[i].name);
	if (want[i].host)
	    assert_string_equal(s->host, want[i].host);
	else
	    assert_null(s->host);
	assert_string_equal(s->port, want[i].port);
	assert_string_equal(s->command, want[i].command);
	assert_int_equal(s->wrappermode, want[i].wrapper);
	assert_int_equal(s->line, want[i].line);
    }
    free_services(&conf);
}

static void master_commented_and_other_services_ignored(void **state)
{
    pf_conf_t conf;

    assert_int_equal(parse_master_file("no-smtpd/master.cf", &conf), PF_OK);
    assert_int_equal(conf.n_services, 0);
    free_services(&conf);
}

static void master_queue_manager_found(void **state)
{
    static const char text[] =
	"smtp      inet  n       -       y       -       -       smtpd\n"
	"pickup    unix  n       -       y       60      1       pickup\n"
	"qmgr      unix  n       -       n       300     1       qmgr\n"
	"#qmgr     fifo  n       -       n       300     1       oqmgr\n"
	"qmgr2     fifo  -       -       n       300     1       oqmgr\n";
    static const char fifo[] =
	"relay     unix  -       -       y       -       -       smtp\n"
	"oq        fifo  -       -       n       300     1       /x/oqmgr\n";
    pf_conf_t conf = {0};

    assert_int_equal(pf_master_ent_parse(text, strlen(text), "/x/master.cf",
					  &conf, why, sizeof(why)), PF_OK);
    assert_int_equal(conf.n_services, 1);
    assert_string_equal(conf.qmgr_name, "qmgr");	/* the first one */
    assert_string_equal(conf.qmgr_type, "unix");
    assert_string_equal(conf.qmgr_command, "qmgr");
    assert_false(conf.qmgr_private);
    free_services(&conf);
    memset(&conf, 0, sizeof(conf));
    assert_int_equal(pf_master_ent_parse(fifo, strlen(fifo), "/x/master.cf",
					  &conf, why, sizeof(why)), PF_OK);
    assert_int_equal(conf.n_services, 0);		/* outbound only */
    assert_string_equal(conf.qmgr_name, "oq");
    assert_string_equal(conf.qmgr_type, "fifo");
    assert_string_equal(conf.qmgr_command, "/x/oqmgr");
    assert_true(conf.qmgr_private);			/* "-" is y */
    free_services(&conf);
}

static void service_disable_as_master_does(void **state)
{
    static const struct {
	const char *patterns, *name, *type;
	bool    disabled;
    } t[] = {
	{"", "smtp", "inet", false},
	{NULL, "smtp", "inet", false},
	{"inet", "smtp", "inet", true},		/* postmulti -e create */
	{"inet", "127.0.0.1:2525", "inet", true},
	{"inet", "pickup", "unix", false},
	{"INET", "smtp", "inet", true},		/* case-insensitive */
	{"smtp/inet", "smtp", "inet", true},
	{"smtp/inet", "submission", "inet", false},
	{"smtp.inet", "smtp", "inet", true},	/* Postfix 2.6..2.10 form */
	{"127.0.0.1:smtp/inet", "127.0.0.1:smtp", "inet", true},
	{"!submission/inet, inet", "submission", "inet", false},
	{"!submission/inet, inet", "smtp", "inet", true},
	{"!!smtp/inet", "smtp", "inet", true},
	{"unix fifo", "qmgr", "unix", true},
	{"smtp/unix", "smtp", "inet", false},
	{"*", "smtp", "inet", false},		/* no wildcards */
	{"all", "smtp", "inet", false},
    };
    size_t  i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
	if (pf_conf_service_disabled(t[i].patterns, t[i].name, t[i].type)
	    != t[i].disabled)
	    fail_msg("\"%s\" ~ %s/%s: expected %d", t[i].patterns
		     ? t[i].patterns : "(null)", t[i].name, t[i].type,
		     t[i].disabled);
    }
}

static void master_bad_field_count(void **state)
{
    static const char text[] = "smtp inet n - y - -\n";
    pf_conf_t conf = {0};

    assert_int_equal(pf_master_ent_parse(text, strlen(text), "/x/master.cf",
					  &conf, why, sizeof(why)), PF_ECONFIG);
    assert_string_equal(why, "file /x/master.cf: line 1: bad field count");
    free_services(&conf);
}

static void master_bad_bracket_address(void **state)
{
    static const char text[] = "[::1 inet n - y - - smtpd\n";
    pf_conf_t conf = {0};

    assert_int_equal(pf_master_ent_parse(text, strlen(text), "/x/master.cf",
					  &conf, why, sizeof(why)), PF_ECONFIG);
    assert_non_null(strstr(why, "line 1: service \"[::1\": bad [address]:port"));
    free_services(&conf);
}

static void master_thousands_of_services_bounded(void **state)
{
    size_t  n = PF_MASTER_ENT_MAX_SERVICES + 1;
    char   *text = malloc(n * 64);
    size_t  len = 0;
    size_t  i;
    pf_conf_t conf = {0};

    assert_non_null(text);
    for (i = 0; i < n; i++)
	len += (size_t) sprintf(text + len,
			      "127.0.0.1:%zu inet n - n - - smtpd\n", i + 1);
    assert_int_equal(pf_master_ent_parse(text, len, "/x/master.cf", &conf,
					  why, sizeof(why)), PF_ECONFIG);
    assert_non_null(strstr(why, "more than 5000 smtpd services"));
    assert_int_equal(conf.n_services, PF_MASTER_ENT_MAX_SERVICES);
    free_services(&conf);
    free(text);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(master_listen_forms),
	cmocka_unit_test(master_commented_and_other_services_ignored),
	cmocka_unit_test(master_queue_manager_found),
	cmocka_unit_test(service_disable_as_master_does),
	cmocka_unit_test(master_bad_field_count),
	cmocka_unit_test(master_bad_bracket_address),
	cmocka_unit_test(master_thousands_of_services_bounded),
    };

    return (cmocka_run_group_tests(tests, NULL, NULL));
}
