/*++
/* NAME
/*	test_pf_conf 1
/* SUMMARY
/*	unit tests of pf_conf: main.cf, expansion, resolution, loading, the
/*	postconf -d cache (master.cf: test_pf_master_ent)
/* DESCRIPTION
/*	The pure parsers are fed strings and the fixture files under
/*	tests/unit/fixtures; pf_conf_load() runs against this node's real
/*	postconf, with HA_RSCTMP pointing to a private directory.
/*	pf_spawn_run() is wrapped (-Wl,--wrap=pf_spawn_run) only to count
/*	the processes pf_conf starts: the cache must make that zero.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "pf_conf.h"
#include "pf_conf_cache.h"
#include "pf_expand.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#ifndef FIXTURES
#error FIXTURES must name tests/unit/fixtures
#endif

/* the fixtures directory as a string object: cppcheck takes the macro for
 * an int (it sees no -D), a char array is a char array to it */
static const char fixtures[] = FIXTURES;
#define POSTCONF "/usr/sbin/postconf"

static char why[512];
static int spawn_calls;
static char rsctmp[PATH_MAX];

extern int __real_pf_spawn_run(const pf_spawn_opts_t *, pf_spawn_result_t *);
extern int __wrap_pf_spawn_run(const pf_spawn_opts_t *, pf_spawn_result_t *);

/* __wrap_pf_spawn_run - count the processes pf_conf starts */

int     __wrap_pf_spawn_run(const pf_spawn_opts_t *opts, pf_spawn_result_t *res)
{
    spawn_calls++;
    return (__real_pf_spawn_run(opts, res));
}

/* parse_main - parse a string as main.cf; returns the pf code */

static int parse_main(const char *text, pf_params_t *p)
{
    memset(p, 0, sizeof(*p));
    why[0] = 0;
    return (pf_conf_parse_main(text, strlen(text), "/x/main.cf", p, why,
			       sizeof(why)));
}

/* value - expanded value of name in text (static buffer) */

static const char *value(const char *text, const char *name, int *rc)
{
    static char out[4096];
    pf_params_t p;
    char   *v = NULL;

    *rc = parse_main(text, &p);
    if (*rc == PF_OK)
	*rc = pf_conf_expand(&p, NULL, "/x/main.cf", name, &v, why,
			     sizeof(why));
    snprintf(out, sizeof(out), "%s", v ? v : "(null)");
    free(v);
    pf_params_clear(&p);
    return (out);
}

static void main_last_assignment_wins(void **state)
{
    int     rc;

    assert_string_equal(value("a = 1\na = 2\n", "a", &rc), "2");
    assert_int_equal(rc, PF_OK);
}

static void main_continuation_joined_with_one_space(void **state)
{
    int     rc;

    assert_string_equal(value("a = x\n  y\n\tz   \n# c\n  # c2\n\n w\nb=1\n",
			      "a", &rc), "x y z w");
    assert_int_equal(rc, PF_OK);
}

static void main_blanks_around_equals_trimmed(void **state)
{
    int     rc;

    assert_string_equal(value("a=1\nb   =   two words   \n", "b", &rc),
			 "two words");
    assert_string_equal(value("a =\n", "a", &rc), "");
    assert_int_equal(rc, PF_OK);
}

static void main_leading_whitespace_first_line_ignored(void **state)
{
    int     rc;

    assert_string_equal(value("  a = 1\na = 2\n", "a", &rc), "2");
    assert_int_equal(rc, PF_OK);
}

static void main_missing_equals_names_line(void **state)
{
    pf_params_t p;

    assert_int_equal(parse_main("a = 1\n\n# x\nbad line\n", &p), PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: line 4: missing '=' after "
			"parameter name");
    pf_params_clear(&p);
}

static void main_line_of_continued_entry_is_its_first(void **state)
{
    pf_params_t p;

    assert_int_equal(parse_main("a = 1\nb = 2\n  3\nc\n  = 4\nd e = 5\n",
				&p), PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: line 6: whitespace in "
			"parameter name \"d e\"");
    assert_int_equal(pf_params_find(&p, "b")->line, 2);
    assert_string_equal(pf_params_find(&p, "c")->value, "4");
    pf_params_clear(&p);
}

static void params_lookup_sorted_and_not(void **state)
{
    static const char *const names[] = {"a", "b", "c_d", "config_directory",
	"mail_owner", "queue_directory", "z"};
    pf_params_t p = {0};
    size_t  i;

    /* in order (postconf -d): binary search */
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	assert_int_equal(pf_params_set(&p, names[i], names[i], 0), PF_OK);
    assert_false(p.unsorted);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	assert_string_equal(pf_params_find(&p, names[i])->value, names[i]);
    assert_null(pf_params_find(&p, ""));
    assert_null(pf_params_find(&p, "0"));
    assert_null(pf_params_find(&p, "config"));
    assert_null(pf_params_find(&p, "zz"));
    /* a repeated name (main.cf): the last assignment wins */
    assert_int_equal(pf_params_set(&p, "b", "later", 0), PF_OK);
    assert_true(p.unsorted);
    assert_string_equal(pf_params_find(&p, "b")->value, "later");
    assert_string_equal(pf_params_find(&p, "z")->value, "z");
    assert_null(pf_params_find(&p, "y"));
    pf_params_clear(&p);
}

static void main_missing_name(void **state)
{
    pf_params_t p;

    assert_int_equal(parse_main("= 1\n", &p), PF_ECONFIG);
    assert_non_null(strstr(why, "line 1: missing parameter name"));
    pf_params_clear(&p);
}

static void main_nul_byte_rejected(void **state)
{
    static const char text[] = "a = 1\nb = x\0y\n";
    pf_params_t p = {0};

    assert_int_equal(pf_conf_parse_main(text, sizeof(text) - 1, "/x/main.cf",
					&p, why, sizeof(why)), PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: line 2: NUL character in text");
    pf_params_clear(&p);
}

static void main_very_long_line(void **state)
{
    size_t  n = 4 * 1024 * 1024;
    char   *text = malloc(n + 16);
    pf_params_t p;
    char   *v;

    assert_non_null(text);
    memcpy(text, "a = ", 4);
    memset(text + 4, 'x', n);
    strcpy(text + 4 + n, "\nb = 1");
    assert_int_equal(parse_main(text, &p), PF_OK);
    assert_int_equal(strlen(pf_params_find(&p, "a")->value), n);
    /* a value stays bounded after expansion: a clear error, no crash */
    assert_int_equal(pf_conf_expand(&p, NULL, "m", "a", &v, why, sizeof(why)),
		     PF_ECONFIG);
    assert_string_equal(why, "file m: parameter a: value longer than "
			"1048576 bytes after expansion");
    assert_null(v);
    pf_params_clear(&p);
    text[4 + PF_EXPAND_MAX_VALUE] = 0;
    assert_int_equal(parse_main(text, &p), PF_OK);
    assert_int_equal(pf_conf_expand(&p, NULL, "m", "a", &v, why, sizeof(why)),
		     PF_OK);
    assert_int_equal(strlen(v), PF_EXPAND_MAX_VALUE);
    free(v);
    pf_params_clear(&p);
    free(text);
}

static void expand_exponential_blowup_bounded(void **state)
{
    static const char text[] =
    "a = $b$b$b$b$b$b$b$b$b$b\n"
    "b = $c$c$c$c$c$c$c$c$c$c\n"
    "c = $d$d$d$d$d$d$d$d$d$d\n"
    "d = $e$e$e$e$e$e$e$e$e$e\n"
    "e = $f$f$f$f$f$f$f$f$f$f\n"
    "f =\n";
    int     rc;

    value(text, "a", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    assert_non_null(strstr(why, "parameter a: more than 10000 macro "
			   "expansions"));
    assert_string_equal(value(text, "c", &rc), "");	/* 1110 lookups */
    assert_int_equal(rc, PF_OK);
}

static void main_unterminated_continuation_at_eof(void **state)
{
    int     rc;

    assert_string_equal(value("a = 1\n  2\n  3", "a", &rc), "1 2 3");
    assert_int_equal(rc, PF_OK);
    assert_string_equal(value("a = 1\n   ", "a", &rc), "1");
    assert_int_equal(rc, PF_OK);
}

static void main_thousands_of_params_bounded(void **state)
{
    size_t  n = PF_PARAMS_MAX + 10;
    char   *text = malloc(n * 16);
    size_t  len = 0;
    size_t  i;
    pf_params_t p;

    assert_non_null(text);
    for (i = 0; i < n; i++)
	len += (size_t) sprintf(text + len, "p%zu = %zu\n", i, i);
    assert_int_equal(parse_main(text, &p), PF_ECONFIG);
    assert_non_null(strstr(why, "more than"));
    assert_int_equal(p.n, PF_PARAMS_MAX);
    pf_params_clear(&p);
    free(text);
}

static void expand_forms(void **state)
{
    static const char text[] =
    "x = X\nempty =\n"
    "a = <$x><${x}><$(x)><$$x><$undefined_y>\n"
    "b = <${x?set}><${x:unset}><${empty?set}><${empty:unset}>\n"
    "c = <${x?{a b}:{c}}><${empty?{a b}:{c d}}><${x?{only}}>\n"
    "d = $a$b\n";
    int     rc;

    assert_string_equal(value(text, "a", &rc), "<X><X><X><$x><>");
    assert_string_equal(value(text, "b", &rc), "<set><><><unset>");
    assert_string_equal(value(text, "c", &rc), "<a b><c d><only>");
    assert_string_equal(value(text, "d", &rc),
			"<X><X><X><$x><><set><><><unset>");
    assert_int_equal(rc, PF_OK);
}

static void expand_relational(void **state)
{
    static const char text[] =
    "lvl = 3.6\nuser = postfix\n"
    "a = ${{$lvl} <level {3.10} ? {lt} : {ge}}\n"
    "b = ${{$user} == {postfix} ? {eq} : {ne}}\n"
    "c = ${{$user} != {postfix} ? {ne}}\n"
    "d = ${{10} > {9} ? {gt} : {le}}\n"
    "e = ${{2} >=level {2} ? {ge}}\n"
    "f = ${{x} < {9} ? {a}}\n"
    "g = ${{x} ~~ {9} ? {a}}\n";
    int     rc;

    assert_string_equal(value(text, "a", &rc), "lt");
    assert_string_equal(value(text, "b", &rc), "eq");
    assert_string_equal(value(text, "c", &rc), "");
    assert_string_equal(value(text, "d", &rc), "gt");
    assert_string_equal(value(text, "e", &rc), "ge");
    assert_int_equal(rc, PF_OK);
    value(text, "f", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    value(text, "g", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    assert_non_null(strstr(why, "parameter g: bad operator"));
}

static void expand_relational_every_operator(void **state)
{
    static const struct {
	const char *l, *op, *r, *want;		/* want NULL: bad operator */
    }       c[] = {
	{"2", "==", "2", "t"}, {"2", "==", "3", "f"}, {"a", "==", "a", "t"},
	{"2", "!=", "3", "t"}, {"a", "!=", "a", "f"},
	{"2", "<", "3", "t"}, {"3", "<", "3", "f"}, {"3", "<=", "3", "t"},
	{"4", "<=", "3", "f"}, {"4", ">", "3", "t"}, {"3", ">", "3", "f"},
	{"3", ">=", "3", "t"}, {"2", ">=", "3", "f"}, {"10", ">", "9", "t"},
	{"3.6", "==level", "3.6", "t"}, {"3.6", "!=level", "3.10", "t"},
	{"3.6", "<level", "3.10", "t"}, {"3.10", "<=level", "3.6", "f"},
	{"3.10", ">level", "3.6", "t"}, {"3.6", ">=level", "3.6", "t"},
	{"3", "<level", "3.1", "t"}, {"a", "==level", "a", NULL},
	{"a", "<", "3", NULL}, {"3.6", "<", "3.10", NULL},
	{"2", "level", "2", NULL}, {"2", "xlevel", "2", NULL},
	{"2", "=", "2", NULL}, {"2", "===", "2", NULL},
    };
    char    text[200];
    int     rc;

    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
	const char *got;

	snprintf(text, sizeof(text), "a = ${{%s} %s {%s} ? {t} : {f}}\n",
		 c[i].l, c[i].op, c[i].r);
	got = value(text, "a", &rc);
	if (c[i].want == NULL) {
	    assert_int_equal(rc, PF_ECONFIG);
	    assert_non_null(strstr(why, "bad operator or operand"));
	} else {
	    assert_int_equal(rc, PF_OK);
	    assert_string_equal(got, c[i].want);
	}
    }
}

static void expand_loop_is_config_error(void **state)
{
    int     rc;

    value("a = $b\nb = ${a}\n", "a", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: parameter a: unreasonable "
			"macro call nesting (a $name loop?)");
    value("a = $a\n", "a", &rc);
    assert_int_equal(rc, PF_ECONFIG);
}

static void expand_syntax_errors(void **state)
{
    int     rc;

    value("a = x$/y\n", "a", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    assert_non_null(strstr(why, "empty macro name"));
    value("a = x$\n", "a", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    value("a = ${b\n", "a", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    assert_non_null(strstr(why, "unmatched '{'"));
    value("a = ${b!c}\n", "a", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    value("a = ${{x} == }\n", "a", &rc);
    assert_int_equal(rc, PF_ECONFIG);
    assert_non_null(strstr(why, "malformed relational"));
}

static void expand_defaults_used_when_unset(void **state)
{
    pf_params_t m;
    pf_params_t d = {0};
    char   *v;

    assert_int_equal(parse_main("q = $queue_directory/x\n", &m), PF_OK);
    assert_int_equal(pf_params_set(&d, "queue_directory", "/var/$s", 0), 0);
    assert_int_equal(pf_params_set(&d, "s", "spool", 0), 0);
    assert_int_equal(pf_conf_expand(&m, &d, "m", "q", &v, why, sizeof(why)),
		     PF_OK);
    assert_string_equal(v, "/var/spool/x");
    free(v);
    pf_params_clear(&m);
    pf_params_clear(&d);
}

static void postconf_output_parsed(void **state)
{
    static const char out[] = "alias_maps = hash:/etc/aliases\n"
    "mail_version = 3.7.11\nempty =\n";
    pf_params_t p = {0};

    assert_int_equal(pf_conf_parse_postconf_output(out, strlen(out), &p, why,
						   sizeof(why)), PF_OK);
    assert_int_equal(p.n, 3);
    assert_string_equal(pf_params_find(&p, "mail_version")->value, "3.7.11");
    pf_params_clear(&p);
    assert_int_equal(pf_conf_parse_postconf_output("garbage\n", 8, &p, why,
						   sizeof(why)), PF_EPARSE);
    pf_params_clear(&p);
}

/* free_services - release what pf_master_ent_parse() added */

static void free_services(pf_conf_t *conf)
{
    pf_conf_clear(conf);
    assert_null(conf->services);
    assert_int_equal(conf->n_services, 0);
}

/*
 * resolve_proxy - parse main and master text, resolve with defaults in
 * which both upstream proxy parameters are empty (as postconf -d has them)
 */
static int resolve_proxy(const char *main_text, const char *master_text,
			         pf_conf_t *conf)
{
    pf_params_t m;
    pf_params_t d;
    int     rc;

    pf_params_init(&d);
    memset(conf, 0, sizeof(*conf));
    assert_int_equal(parse_main(main_text, &m), PF_OK);
    assert_int_equal(pf_master_ent_parse(master_text, strlen(master_text),
					  "/x/master.cf", conf, why,
					  sizeof(why)), PF_OK);
    assert_int_equal(pf_params_set(&d, "smtpd_upstream_proxy_protocol", "",
				   0), PF_OK);
    assert_int_equal(pf_params_set(&d, "postscreen_upstream_proxy_protocol",
				   "", 0), PF_OK);
    rc = pf_conf_resolve(conf, "/x", &m, &d, why, sizeof(why));
    pf_params_clear(&m);
    pf_params_clear(&d);
    return (rc);
}

static void upstream_proxy_as_the_daemon_reads_it(void **state)
{
    static const char main_text[] =
	"lb = haproxy\n"
	"site =\n"
	"smtpd_upstream_proxy_protocol = $site\n"
	"postscreen_upstream_proxy_protocol = ${lb}\n"
	"master_service_disable = off/inet\n";
    static const char master_text[] =
	"smtp inet n - y - - smtpd\n"
	"  -o smtpd_upstream_proxy_protocol=$lb\n"
	"587 inet n - y - - smtpd\n"
	"2525 inet n - y - - smtpd -o site=haproxy\n"
	"2526 inet n - y - - smtpd -o { smtpd_upstream_proxy_protocol = "
	"haproxy } -o smtpd_upstream_proxy_protocol=\n"
	"2527 inet n - y - - postscreen\n"
	"2528 inet n - y - - postscreen -o smtpd_upstream_proxy_protocol="
	"haproxy -o postscreen_upstream_proxy_protocol=\n"
	"2529 inet n - y - - smtpd -osmtpd_upstream_proxy_protocol=HAProxy\n"
	"off inet n - y - - smtpd -o smtpd_upstream_proxy_protocol=${bad\n";
    static const char *const want[] = {
	"haproxy",			/* -o, $name from main.cf */
	"",				/* main.cf's $site: empty */
	"haproxy",			/* main.cf's $site: the -o site */
	"",				/* the last -o wins, braces too */
	"haproxy",			/* postscreen reads its own */
	"",				/* ...and not smtpd's */
	"HAProxy",			/* as written: pf_listen judges it */
	NULL,				/* disabled: master(8) runs nothing */
    };
    pf_conf_t conf;
    size_t  i;

    assert_int_equal(resolve_proxy(main_text, master_text, &conf), PF_OK);
    assert_int_equal(conf.n_services, sizeof(want) / sizeof(want[0]));
    for (i = 0; i < conf.n_services; i++) {
	if (want[i] == NULL)
	    assert_null(conf.services[i].upstream_proxy);
	else
	    assert_string_equal(conf.services[i].upstream_proxy, want[i]);
    }
    /* the -o options are kept, in order */
    assert_int_equal(conf.services[3].opts.n, 2);
    assert_string_equal(conf.services[3].opts.v[0].value, "haproxy");
    assert_string_equal(pf_params_find(&conf.services[3].opts,
			"smtpd_upstream_proxy_protocol")->value, "");
    free_services(&conf);
}

static void upstream_proxy_macro_error_names_service(void **state)
{
    pf_conf_t conf;

    assert_int_equal(resolve_proxy("a = 1\n",
				   "# x\nsmtp inet n - y - - smtpd\n"
				   "  -o smtpd_upstream_proxy_protocol=${lb\n",
				   &conf), PF_ECONFIG);
    assert_string_equal(why, "file master.cf: line 2: service smtp: "
			"parameter smtpd_upstream_proxy_protocol: "
			"unmatched '{'");
    free_services(&conf);
}

static void config_dir_listed_literally(void **state)
{
    static const char text[] =
	"# default instance\n"
	"alternate_config_directories = /etc/postfix-a,\n"
	"    /etc/postfix-b\n"
	"pfkit_dir = /etc/postfix-x\n"
	"alternate_config_directories = $pfkit_dir /etc/postfix-c\n"
	"multi_instance_directories = /etc/postfix-m\n";
    pf_params_t p = {0};

    assert_int_equal(parse_main(text, &p), PF_OK);
    assert_true(pf_conf_dir_listed(&p, "/etc/postfix-b"));
    assert_true(pf_conf_dir_listed(&p, "/etc/postfix-c"));
    assert_true(pf_conf_dir_listed(&p, "/etc/postfix-m"));
    /* any assignment counts, as in mail_conf_checkdir() */
    assert_true(pf_conf_dir_listed(&p, "/etc/postfix-a"));
    /* no $name expansion, no other spelling of the path */
    assert_false(pf_conf_dir_listed(&p, "/etc/postfix-x"));
    assert_false(pf_conf_dir_listed(&p, "/etc/postfix-b/"));
    assert_false(pf_conf_dir_listed(&p, "/etc//postfix-b"));
    assert_false(pf_conf_dir_listed(&p, "/etc/postfix-"));
    assert_false(pf_conf_dir_listed(&p, ""));
    pf_params_clear(&p);
}

/* load - pf_conf_load() of a fixture directory */

static int load(const char *fixture, pf_conf_t **conf)
{
    char    dir[PATH_MAX];

    snprintf(dir, sizeof(dir), "%s/%s", fixtures, fixture);
    why[0] = 0;
    return (pf_conf_load(dir, POSTCONF, pf_deadline_after(20000), conf, why,
			 sizeof(why)));
}

static void load_resolves_with_this_postfix_defaults(void **state)
{
    pf_conf_t *conf;
    char    dir[PATH_MAX];

    snprintf(dir, sizeof(dir), "%s/continuation", fixtures);
    assert_int_equal(load("continuation", &conf), PF_OK);
    assert_string_equal(conf->config_directory, dir);
    assert_string_equal(conf->queue_directory, "/srv/mail /queue tail");
    assert_string_equal(conf->data_directory, "/srv/mail /queue tail/data");
    assert_string_equal(conf->mail_owner, "postmail");
    assert_string_equal(conf->setgid_group, "postdrop");
    assert_string_equal(conf->mail_spool_directory, "/var/spool/mail");
    assert_string_equal(conf->process_id_directory, "pid$x");
    assert_string_equal(conf->multi_instance_name, "");
    assert_string_equal(conf->inet_interfaces, "all");	/* last wins */
    assert_string_equal(conf->inet_protocols, "ipv4");
    /* compiled-in defaults of this Postfix */
    assert_string_equal(conf->daemon_directory, "/usr/lib/postfix/sbin");
    assert_string_equal(conf->command_directory, "/usr/sbin");
    assert_string_equal(conf->multi_instance_enable, "no");
    assert_non_null(conf->mail_version);
    assert_true(conf->mail_version[0] >= '2');
    assert_int_equal(conf->n_services, 2);
    pf_conf_free(conf);
}

static void load_relational_defaults(void **state)
{
    pf_conf_t *conf;

    assert_int_equal(load("relational", &conf), PF_OK);
    assert_string_equal(conf->data_directory, "/lt");
    assert_string_equal(conf->queue_directory, "/q/eq");
    assert_string_equal(conf->mail_spool_directory, "/gt");
    pf_conf_free(conf);
}

static void load_guide_active_active(void **state)
{
    pf_conf_t *conf;

    assert_int_equal(load("aa-postfix", &conf), PF_OK);
    assert_string_equal(conf->alternate_config_directories, "/etc/postfix2");
    assert_string_equal(conf->queue_directory, "/sdb1/inst1/postfix");
    pf_conf_free(conf);
    assert_int_equal(load("aa-postfix2", &conf), PF_OK);
    assert_string_equal(conf->queue_directory, "/sdc1/inst2/postfix2");
    assert_string_equal(conf->data_directory, "/var/lib/postfix2");
    assert_string_equal(conf->alternate_config_directories, "");
    pf_conf_free(conf);
}

static void load_errors_classified(void **state)
{
    pf_conf_t *conf;

    assert_int_equal(load("syntax-error", &conf), PF_ECONFIG);
    assert_non_null(strstr(why, "syntax-error/main.cf: line 4: missing '='"));
    assert_null(conf);
    assert_int_equal(load("loop", &conf), PF_ECONFIG);
    assert_non_null(strstr(why, "parameter queue_directory: unreasonable"));
    /* outbound-only or relay: valid */
    assert_int_equal(load("no-smtpd", &conf), PF_OK);
    assert_int_equal(conf->n_services, 0);
    assert_string_equal(conf->master_service_disable, "");
    pf_conf_free(conf);
    /* node-local: never PF_ECONFIG */
    assert_int_equal(load("does-not-exist", &conf), PF_EINSTALL);
    assert_non_null(strstr(why, "does-not-exist: No such file or directory"));
    assert_int_equal(load("std-master.cf", &conf), PF_EINSTALL);
    assert_int_equal(pf_conf_load("relative/dir", POSTCONF,
				  pf_deadline_after(1000), &conf, why,
				  sizeof(why)), PF_EARGS);
}

/* dirs_rc - pf_conf_check_dirs() of a queue and a daemon directory */

static int dirs_rc(const char *queue, const char *daemon)
{
    char    main_cf[] = "/etc/postfix-a/main.cf";
    char    q[PATH_MAX], d[PATH_MAX];
    pf_conf_t c = {0};

    c.main_cf = main_cf;
    if (queue)
	c.queue_directory = strcpy(q, queue);
    c.daemon_directory = strcpy(d, daemon);
    why[0] = 0;
    return (pf_conf_check_dirs(&c, why, sizeof(why)));
}

static void queue_and_daemon_dirs_of_their_own(void **state)
{
    char    dir[] = "/tmp/pfkit-unit-XXXXXX";
    char    link[PATH_MAX];
    const char *d = "/usr/lib/postfix/sbin";

    (void) state;
    assert_int_equal(dirs_rc("/var/spool/postfix", d), PF_OK);
    /* absent here (shared storage not mounted): not the root directory */
    assert_int_equal(dirs_rc("/nonexistent/pfkit/queue", d), PF_OK);
    assert_int_equal(dirs_rc("spool/postfix", d), PF_ECONFIG);
    assert_string_equal(why, "file /etc/postfix-a/main.cf: parameter "
			"queue_directory: \"spool/postfix\" is not an absolute "
			"path");
    assert_int_equal(dirs_rc("", d), PF_ECONFIG);
    assert_int_equal(dirs_rc(NULL, d), PF_ECONFIG);
    assert_int_equal(dirs_rc("/", d), PF_ECONFIG);
    assert_string_equal(why, "file /etc/postfix-a/main.cf: parameter "
			"queue_directory: \"/\" is the root directory, where "
			"other programs work");
    assert_int_equal(dirs_rc("//", d), PF_ECONFIG);
    assert_int_equal(dirs_rc("/./", d), PF_ECONFIG);
    assert_int_equal(dirs_rc("/tmp/..", d), PF_ECONFIG);
    assert_int_equal(dirs_rc("/var/spool/postfix", "/"), PF_ECONFIG);
    assert_non_null(strstr(why, "parameter daemon_directory: \"/\" is the "
			   "root directory"));
    assert_int_equal(dirs_rc("/var/spool/postfix", "sbin"), PF_ECONFIG);
    assert_non_null(strstr(why, "daemon_directory: \"sbin\" is not an "
			   "absolute path"));
    /* a symbolic link to the root directory is the root directory */
    assert_non_null(mkdtemp(dir));
    snprintf(link, sizeof(link), "%s/queue", dir);
    assert_int_equal(symlink("/", link), 0);
    assert_int_equal(dirs_rc(link, d), PF_ECONFIG);
    unlink(link);
    rmdir(dir);
}

static void load_refuses_root_queue(void **state)
{
    char    dir[] = "/tmp/pfkit-unit-XXXXXX";
    char    path[PATH_MAX];
    pf_conf_t *conf = NULL;
    FILE   *fp;

    (void) state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/main.cf", dir);
    assert_non_null(fp = fopen(path, "w"));
    fputs("queue_directory = /\n", fp);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/master.cf", dir);
    assert_non_null(fp = fopen(path, "w"));
    fclose(fp);
    assert_int_equal(pf_conf_load(dir, POSTCONF, pf_deadline_after(20000),
				  &conf, why, sizeof(why)), PF_ECONFIG);
    assert_null(conf);
    assert_non_null(strstr(why, "/main.cf: parameter queue_directory: \"/\" "
			   "is the root directory"));
    unlink(path);
    snprintf(path, sizeof(path), "%s/main.cf", dir);
    unlink(path);
    rmdir(dir);
}

static void load_missing_main_or_master_is_install(void **state)
{
    char    dir[] = "/tmp/pfkit-unit-XXXXXX";
    char    path[PATH_MAX];
    pf_conf_t *conf;
    FILE   *fp;

    assert_non_null(mkdtemp(dir));
    assert_int_equal(pf_conf_load(dir, POSTCONF, pf_deadline_after(20000),
				  &conf, why, sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "main.cf not found in the configuration path"));
    snprintf(path, sizeof(path), "%s/main.cf", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_int_equal(pf_conf_load(dir, POSTCONF, pf_deadline_after(20000),
				  &conf, why, sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "master.cf not found in the configuration "
			   "path"));
    unlink(path);
    rmdir(dir);
}

static void load_fifo_or_device_main_cf_refused_at_once(void **state)
{
    char    dir[] = "/tmp/pfkit-unit-XXXXXX";
    char    path[PATH_MAX];
    pf_conf_t *conf;

    /* nobody writes to the FIFO: reading it would block for ever */
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/main.cf", dir);
    assert_int_equal(mkfifo(path, 0644), 0);
    alarm(20);
    assert_int_equal(pf_conf_load(dir, POSTCONF, pf_deadline_after(20000),
				  &conf, why, sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "main.cf: a FIFO, not a regular file"));
    unlink(path);
    /* a link is followed (the config directory is root's): to a device */
    assert_int_equal(symlink("/dev/zero", path), 0);
    assert_int_equal(pf_conf_load(dir, POSTCONF, pf_deadline_after(20000),
				  &conf, why, sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "main.cf: a character device, not a regular "
			   "file"));
    alarm(0);
    unlink(path);
    rmdir(dir);
}

static void load_postconf_missing_is_install(void **state)
{
    pf_conf_t *conf;
    char    dir[PATH_MAX];

    snprintf(dir, sizeof(dir), "%s/continuation", fixtures);
    assert_int_equal(pf_conf_load(dir, "/nonexistent/postconf",
				  pf_deadline_after(1000), &conf, why,
				  sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "Execute files (postfix or postconf command) "
			   "is not an executable file"));
}

static void postconf_failure_reported_as_fact_load_says_install(void **state)
{
    pf_params_t d = {0};
    pf_conf_t *conf;
    char    dir[PATH_MAX];

    (void) state;
    /* ran, exit status 1: the cache module says so, nothing more */
    assert_int_equal(pf_conf_defaults("/usr/bin/false", pf_deadline_after(5000),
				      &d, why, sizeof(why)), PF_ECMD);
    assert_non_null(strstr(why, "command /usr/bin/false -d: exit status 1"));
    assert_int_equal(d.n, 0);
    /* ran, exit status 0, no mail_version among what it printed */
    assert_int_equal(pf_conf_defaults("/usr/bin/true", pf_deadline_after(5000),
				      &d, why, sizeof(why)), PF_ECMD);
    assert_non_null(strstr(why, "no mail_version in its output"));
    assert_int_equal(d.n, 0);
    /* what a load answers for it: this node's installation */
    snprintf(dir, sizeof(dir), "%s/continuation", fixtures);
    assert_int_equal(pf_conf_load(dir, "/usr/bin/false",
				  pf_deadline_after(5000), &conf, why,
				  sizeof(why)), PF_EINSTALL);
    assert_null(conf);
    assert_non_null(strstr(why, "exit status 1"));
}

/* cache_file - path of the cache in our HA_RSCTMP */

static const char *cache_file(void)
{
    static char path[PATH_MAX];

    return (pf_conf_cache_path(POSTCONF, path, sizeof(path)));
}

/* loads_spawning - load a fixture, return how many processes it ran */

static int loads_spawning(void)
{
    pf_conf_t *conf;
    int     before = spawn_calls;

    assert_int_equal(load("guide-localhost", &conf), PF_OK);
    assert_string_equal(conf->mail_owner, "postfix");
    pf_conf_free(conf);
    return (spawn_calls - before);
}

static void cache_makes_monitor_spawn_nothing(void **state)
{
    struct stat st;

    unlink(cache_file());
    assert_int_equal(loads_spawning(), 1);
    assert_int_equal(stat(cache_file(), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(st.st_uid, geteuid());
    assert_int_equal(loads_spawning(), 0);
    assert_int_equal(loads_spawning(), 0);
}

static void cached_list_owns_its_strings_and_takes_more(void **state)
{
    pf_params_t d;
    (void) state;
    (void) loads_spawning();			/* the cache exists */
    pf_params_init(&d);
    assert_int_equal(pf_conf_defaults(POSTCONF, pf_deadline_after(5000), &d, why,
				      sizeof(why)), PF_OK);
    assert_non_null(pf_params_find(&d, "mail_version"));
    /* read from the cache, and still a list like any other */
    assert_int_equal(pf_params_set(&d, "mail_version", "0.0", 7), PF_OK);
    assert_string_equal(pf_params_find(&d, "mail_version")->value, "0.0");
    assert_int_equal(pf_params_set(&d, "pfkit_test", "x", 8), PF_OK);
    assert_string_equal(pf_params_find(&d, "pfkit_test")->value, "x");
    pf_params_clear(&d);
    assert_int_equal(d.n, 0);
    assert_null(pf_params_find(&d, "mail_version"));
    /* cleared: empty and usable again */
    assert_int_equal(pf_params_set(&d, "a", "b", 1), PF_OK);
    assert_string_equal(pf_params_find(&d, "a")->value, "b");
    pf_params_clear(&d);
}

/* rewrite_cache - replace the cache with edited content */

static void rewrite_cache(size_t keep, const char *append, mode_t mode)
{
    char    buf[256 * 1024];
    FILE   *fp = fopen(cache_file(), "r");
    size_t  n;
    int     fd;

    assert_non_null(fp);
    n = fread(buf, 1, sizeof(buf), fp);
    fclose(fp);
    if (keep < n)
	n = keep;
    unlink(cache_file());
    fd = open(cache_file(), O_WRONLY | O_CREAT | O_EXCL, mode);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, n), (ssize_t) n);
    if (append)
	assert_int_equal(write(fd, append, strlen(append)),
			 (ssize_t) strlen(append));
    fchmod(fd, mode);
    close(fd);
}

/* edit_cache_body - overwrite the first 'from' after the header, same length */

static void edit_cache_body(const char *from, const char *to)
{
    char    buf[256 * 1024];
    char   *body, *at;
    FILE   *fp = fopen(cache_file(), "r+");
    size_t  n;

    assert_non_null(fp);
    n = fread(buf, 1, sizeof(buf) - 1, fp);
    buf[n] = 0;
    body = strstr(buf, "\nlength ");
    assert_non_null(body);
    body = strchr(body + 1, '\n');
    assert_non_null(body);
    at = strstr(body + 1, from);
    assert_non_null(at);
    assert_int_equal(fseek(fp, at - buf, SEEK_SET), 0);
    assert_int_equal(fwrite(to, 1, strlen(from), fp), strlen(from));
    fclose(fp);
}

static void cache_truncated_or_malformed_recomputed(void **state)
{
    (void) loads_spawning();			/* a valid cache to edit */
    rewrite_cache(1000, NULL, 0600);		/* truncated */
    assert_int_equal(loads_spawning(), 1);
    assert_int_equal(loads_spawning(), 0);	/* rewritten */
    rewrite_cache(SIZE_MAX, "trailing junk\n", 0600);
    assert_int_equal(loads_spawning(), 1);
    rewrite_cache(10, NULL, 0600);		/* header cut */
    assert_int_equal(loads_spawning(), 1);
    rewrite_cache(0, "pfkit-postconf-d 2\nkey x\nlength 4\nend\n", 0600);
    assert_int_equal(loads_spawning(), 1);	/* wrong key */
    assert_int_equal(loads_spawning(), 0);
    edit_cache_body(" = ", " : ");		/* a line without " = " */
    assert_int_equal(loads_spawning(), 1);
    edit_cache_body("\nmail_version = ", "\nmail_versioN = ");
    assert_int_equal(loads_spawning(), 1);	/* no mail_version */
    edit_cache_body("\n", "\0");		/* a NUL in the text */
    assert_int_equal(loads_spawning(), 1);
    assert_int_equal(loads_spawning(), 0);
}

static void cache_not_trusted_unless_private(void **state)
{
    (void) loads_spawning();			/* a valid cache to edit */
    rewrite_cache(SIZE_MAX, NULL, 0666);	/* writable by others */
    assert_int_equal(loads_spawning(), 1);
    assert_int_equal(loads_spawning(), 0);
    if (geteuid() == 0) {
	assert_int_equal(chown(cache_file(), 65534, 65534), 0);
	assert_int_equal(loads_spawning(), 1);	/* not root's */
	assert_int_equal(loads_spawning(), 0);
    }
    /* a symbolic link is never followed */
    {
	char    real[PATH_MAX];

	snprintf(real, sizeof(real), "%s.real", cache_file());
	assert_int_equal(rename(cache_file(), real), 0);
	assert_int_equal(symlink(real, cache_file()), 0);
	assert_int_equal(loads_spawning(), 1);
	unlink(real);
    }
}

static void cache_directory_unusable_still_works(void **state)
{
    char    file[PATH_MAX + 16];
    char    below[PATH_MAX + 32];
    FILE   *fp;

    /* HA_RSCTMP below a regular file: no cache can ever be written */
    snprintf(file, sizeof(file), "%s/a-file", rsctmp);
    snprintf(below, sizeof(below), "%s/rsctmp", file);
    fp = fopen(file, "w");
    assert_non_null(fp);
    fclose(fp);
    setenv("HA_RSCTMP", below, 1);
    assert_int_equal(loads_spawning(), 1);
    assert_int_equal(loads_spawning(), 1);
    setenv("HA_RSCTMP", rsctmp, 1);
    unlink(file);
}

static void cache_directory_missing_is_created(void **state)
{
    char    missing[PATH_MAX + 16];
    char    path[PATH_MAX + 64];
    struct stat st;

    snprintf(missing, sizeof(missing), "%s/not-yet", rsctmp);
    setenv("HA_RSCTMP", missing, 1);
    assert_int_equal(loads_spawning(), 1);
    assert_int_equal(stat(missing, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(loads_spawning(), 0);
    setenv("HA_RSCTMP", missing, 1);
    unlink(pf_conf_cache_path(POSTCONF, path, sizeof(path)));
    rmdir(missing);
    setenv("HA_RSCTMP", rsctmp, 1);
}

static void cache_one_file_per_postconf(void **state)
{
    char    link[PATH_MAX + 16];
    char    dir[PATH_MAX];
    char    a[PATH_MAX + 64];
    char    b[PATH_MAX + 64];
    pf_conf_t *conf;
    int     before;

    snprintf(link, sizeof(link), "%s/postconf-link", rsctmp);
    snprintf(dir, sizeof(dir), "%s/guide-localhost", fixtures);
    assert_int_equal(symlink(POSTCONF, link), 0);
    (void) loads_spawning();			/* POSTCONF's cache is warm */
    before = spawn_calls;
    assert_int_equal(pf_conf_load(dir, link, pf_deadline_after(20000), &conf,
				  why, sizeof(why)), PF_OK);
    pf_conf_free(conf);
    assert_int_equal(spawn_calls - before, 1);
    assert_string_not_equal(pf_conf_cache_path(POSTCONF, a, sizeof(a)),
			    pf_conf_cache_path(link, b, sizeof(b)));
    assert_int_equal(access(b, F_OK), 0);
    assert_int_equal(loads_spawning(), 0);	/* not thrashed */
    unlink(b);
    unlink(link);
}

/* setup - a private HA_RSCTMP */

static int setup(void **state)
{
    snprintf(rsctmp, sizeof(rsctmp), "/tmp/pfkit-unit-rsc-XXXXXX");
    if (mkdtemp(rsctmp) == NULL)
	return (-1);
    setenv("HA_RSCTMP", rsctmp, 1);
    return (0);
}

/* teardown - remove it */

static int teardown(void **state)
{
    char    path[PATH_MAX];

    unlink(cache_file());
    snprintf(path, sizeof(path), "%s.real", cache_file());
    unlink(path);
    return (rmdir(rsctmp));
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(main_last_assignment_wins),
	cmocka_unit_test(main_continuation_joined_with_one_space),
	cmocka_unit_test(main_blanks_around_equals_trimmed),
	cmocka_unit_test(main_leading_whitespace_first_line_ignored),
	cmocka_unit_test(main_missing_equals_names_line),
	cmocka_unit_test(main_line_of_continued_entry_is_its_first),
	cmocka_unit_test(params_lookup_sorted_and_not),
	cmocka_unit_test(main_missing_name),
	cmocka_unit_test(main_nul_byte_rejected),
	cmocka_unit_test(main_very_long_line),
	cmocka_unit_test(main_unterminated_continuation_at_eof),
	cmocka_unit_test(main_thousands_of_params_bounded),
	cmocka_unit_test(expand_forms),
	cmocka_unit_test(expand_relational),
	cmocka_unit_test(expand_relational_every_operator),
	cmocka_unit_test(expand_loop_is_config_error),
	cmocka_unit_test(expand_exponential_blowup_bounded),
	cmocka_unit_test(expand_syntax_errors),
	cmocka_unit_test(expand_defaults_used_when_unset),
	cmocka_unit_test(postconf_output_parsed),
	cmocka_unit_test(upstream_proxy_as_the_daemon_reads_it),
	cmocka_unit_test(upstream_proxy_macro_error_names_service),
	cmocka_unit_test(config_dir_listed_literally),
	cmocka_unit_test(load_resolves_with_this_postfix_defaults),
	cmocka_unit_test(load_relational_defaults),
	cmocka_unit_test(load_guide_active_active),
	cmocka_unit_test(load_errors_classified),
	cmocka_unit_test(queue_and_daemon_dirs_of_their_own),
	cmocka_unit_test(load_refuses_root_queue),
	cmocka_unit_test(load_missing_main_or_master_is_install),
	cmocka_unit_test(load_fifo_or_device_main_cf_refused_at_once),
	cmocka_unit_test(load_postconf_missing_is_install),
	cmocka_unit_test(postconf_failure_reported_as_fact_load_says_install),
	cmocka_unit_test(cache_makes_monitor_spawn_nothing),
	cmocka_unit_test(cached_list_owns_its_strings_and_takes_more),
	cmocka_unit_test(cache_truncated_or_malformed_recomputed),
	cmocka_unit_test(cache_not_trusted_unless_private),
	cmocka_unit_test(cache_one_file_per_postconf),
	cmocka_unit_test(cache_directory_unusable_still_works),
	cmocka_unit_test(cache_directory_missing_is_created),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
