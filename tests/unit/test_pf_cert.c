/*++
/* NAME
/*	test_pf_cert 1
/* SUMMARY
/*	unit tests: certificate expiry, and the certificates a service uses
/* DESCRIPTION
/*	Certificates from tests/unit/fixtures/certs (an expired one, one
/*	valid until 2099) and one the test makes with "openssl req -x509
/*	-days 30" (skipped without the command): the first certificate's
/*	notAfter, also in a chain file whose private key comes first,
/*	through a symbolic link as Let's Encrypt's live/ directory names
/*	them; a FIFO or a directory in their place is refused, never
/*	opened. libcrypto that cannot be loaded (--wrap=dlopen loads a
/*	path that does not exist) is PF_EINSTALL with dlerror()'s text.
/*	Which TLS a service offers and which certificate files it loads,
/*	from main.cf and master.cf resolved by pf_conf: -o over main.cf,
/*	$name expanded, chain files over the single files, postscreen's
/*	own parameters, a parameter this Postfix does not know ignored.
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
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pf_cert.h"
#include "pf_conf.h"
#include "pf_rc.h"

#define CERTS	FIXTURES "/certs"

static char top[] = "/tmp/pfkit-cert-XXXXXX";
static char why[512];
static bool fail_dlopen;

extern void *__real_dlopen(const char *, int);
extern void *__wrap_dlopen(const char *, int);

/* __wrap_dlopen - a library that is not there, when the test says so */

void   *__wrap_dlopen(const char *file, int mode)
{
    return (__real_dlopen(fail_dlopen ? "/nonexistent/pfkit-libcrypto.so"
			  : file, mode));
}

/* run - a shell command on the test tree; its exit status */

static int run(const char *fmt,...)
{
    char    cmd[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return (system(cmd));
}

/* utc - a UTC calendar time as time_t */

static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm = {0};

    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return (timegm(&tm));
}

/* not_after - pf_cert_not_after() of a path, which must succeed */

static time_t not_after(const char *path)
{
    time_t  t = -1;

    assert_int_equal(pf_cert_not_after(path, &t, why, sizeof(why)), PF_OK);
    return (t);
}

/* need_openssl - certificates are read only when OpenSSL was compiled in */

static void need_openssl(void)
{
#ifndef HAVE_OPENSSL
    time_t  t;

    assert_int_equal(pf_cert_not_after(CERTS "/future.pem", &t, why,
				       sizeof(why)), PF_EUNIMPL);
    skip();
#endif
}

static int setup(void **state)
{
    return (mkdtemp(top) == NULL ? -1 : 0);
}

static int teardown(void **state)
{
    return (run("rm -rf '%s'", top) == 0 ? 0 : -1);
}

/* first: a library that loaded is kept */
static void unloadable_libcrypto_is_einstall_with_dlerror(void **state)
{
    time_t  t;

    need_openssl();
    fail_dlopen = true;
    assert_int_equal(pf_cert_not_after(CERTS "/future.pem", &t, why,
				       sizeof(why)), PF_EINSTALL);
    fail_dlopen = false;
    assert_non_null(strstr(why, "libcrypto.so"));
    assert_non_null(strstr(why, "/nonexistent/pfkit-libcrypto.so"));
    assert_non_null(strstr(why, "certificates are not checked"));
    /* tried again at the next call */
    assert_true(not_after(CERTS "/future.pem") > 0);
}

static void expired_and_far_future_not_after(void **state)
{
    need_openssl();
    /* UTCTime, and GeneralizedTime (after 2049) */
    assert_int_equal((long) not_after(CERTS "/expired.pem"),
		     (long) utc(2020, 1, 2, 3, 4, 5));
    assert_int_equal((long) not_after(CERTS "/future.pem"),
		     (long) utc(2099, 12, 31, 23, 59, 59));
}

static void chain_file_leaf_is_first_certificate_after_key(void **state)
{
    char    path[PATH_MAX];

    need_openssl();
    /* a key block (never decoded) first, the leaf, then its issuer */
    snprintf(path, sizeof(path), "%s/chain.pem", top);
    assert_int_equal(run("{ printf -- '-----BEGIN PRIVATE KEY-----\\n"
			 "bm90IGEga2V5\\n-----END PRIVATE KEY-----\\n';"
			 " cat '%s/expired.pem' '%s/future.pem'; } > '%s'",
			 CERTS, CERTS, path), 0);
    assert_int_equal((long) not_after(path), (long) utc(2020, 1, 2, 3, 4, 5));
    assert_int_equal(run("cat '%s/future.pem' '%s/expired.pem' > '%s'", CERTS,
			 CERTS, path), 0);
    assert_int_equal((long) not_after(path), (long) utc(2099, 12, 31, 23, 59, 59));
}

static void link_is_followed_to_regular_file_only(void **state)
{
    char    path[PATH_MAX];
    time_t  t;

    need_openssl();
    /* live/cert.pem -> ../archive/cert1.pem */
    assert_int_equal(run("mkdir -p '%s/archive' '%s/live' && cp '%s/future.pem'"
			 " '%s/archive/cert1.pem' && ln -sf ../archive/cert1.pem"
			 " '%s/live/cert.pem'", top, top, CERTS, top, top), 0);
    snprintf(path, sizeof(path), "%s/live/cert.pem", top);
    assert_int_equal((long) not_after(path), (long) utc(2099, 12, 31, 23, 59, 59));
    /* a FIFO: refused before it is opened (an open would block) */
    assert_int_equal(run("rm '%s/archive/cert1.pem' && mkfifo "
			 "'%s/archive/cert1.pem'", top, top), 0);
    assert_int_equal(pf_cert_not_after(path, &t, why, sizeof(why)), EINVAL);
    assert_non_null(strstr(why, "a FIFO, not a regular file"));
    snprintf(path, sizeof(path), "%s/archive", top);
    assert_int_equal(pf_cert_not_after(path, &t, why, sizeof(why)), EISDIR);
    snprintf(path, sizeof(path), "%s/none.pem", top);
    assert_int_equal(pf_cert_not_after(path, &t, why, sizeof(why)), ENOENT);
    assert_non_null(strstr(why, "none.pem: No such file"));
}

static void file_without_certificate_is_eparse(void **state)
{
    char    path[PATH_MAX];
    time_t  t;

    need_openssl();
    snprintf(path, sizeof(path), "%s/key.pem", top);
    assert_int_equal(run("printf -- '-----BEGIN PRIVATE KEY-----\\nbm90\\n"
			 "-----END PRIVATE KEY-----\\n' > '%s'", path), 0);
    assert_int_equal(pf_cert_not_after(path, &t, why, sizeof(why)), PF_EPARSE);
    assert_non_null(strstr(why, "key.pem: no certificate"));
    assert_int_equal(run("printf -- '-----BEGIN CERTIFICATE-----\\nbm90\\n"
			 "-----END CERTIFICATE-----\\n' > '%s'", path), 0);
    assert_int_equal(pf_cert_not_after(path, &t, why, sizeof(why)), PF_EPARSE);
    assert_non_null(strstr(why, "key.pem: certificate unreadable"));
}

static void certificate_made_for_30_days(void **state)
{
    char    cert[PATH_MAX];
    time_t  want = time(NULL) + 30 * 86400, t;

    need_openssl();
    if (run("command -v openssl >/dev/null") != 0)
	skip();
    snprintf(cert, sizeof(cert), "%s/30d.pem", top);
    assert_int_equal(run("openssl req -x509 -newkey ec -pkeyopt "
			 "ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=t "
			 "-keyout '%s/30d.key' -out '%s' 2>/dev/null", top,
			 cert), 0);
    t = not_after(cert);
    assert_true(t >= want - 60 && t <= want + 60);
}

/* mut - a test string where the struct wants char * (never written) */

static char *mut(const char *s)
{
    return ((char *) (uintptr_t) s);
}

static void tls_offered_by_level_then_legacy_then_wrapper(void **state)
{
    static const struct {
	const char *level, *use, *enforce, *wrapper;
	pf_cert_tls_t want;
    }       cases[] = {
	{"", "no", "no", "no", PF_CERT_TLS_NONE},
	{"may", "no", "no", "no", PF_CERT_TLS_STARTTLS},
	{"ENCRYPT", "no", "no", "no", PF_CERT_TLS_STARTTLS},
	{"none", "yes", "yes", "no", PF_CERT_TLS_NONE},	/* level wins */
	{"", "yes", "no", "no", PF_CERT_TLS_STARTTLS},
	{"", "no", "Yes", "no", PF_CERT_TLS_STARTTLS},
	{"none", "no", "no", "yes", PF_CERT_TLS_WRAPPER},	/* smtps */
	{"", "", "", "", PF_CERT_TLS_NONE},	/* postscreen: no wrapper */
    };
    pf_service_t svc;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
	memset(&svc, 0, sizeof(svc));
	svc.tls[PF_SERVICE_TLS_LEVEL] = mut(cases[i].level);
	svc.tls[PF_SERVICE_TLS_USE] = mut(cases[i].use);
	svc.tls[PF_SERVICE_TLS_ENFORCE] = mut(cases[i].enforce);
	svc.tls[PF_SERVICE_TLS_WRAPPER] = mut(cases[i].wrapper);
	assert_int_equal(pf_cert_service_tls(&svc), cases[i].want);
    }
    memset(&svc, 0, sizeof(svc));		/* not resolved: disabled */
    assert_int_equal(pf_cert_service_tls(&svc), PF_CERT_TLS_NONE);
}

/* files - the service's certificate files, joined with "|" */

static const char *files(const pf_service_t *svc)
{
    static char out[1024];
    char  **v;
    size_t  n, i;

    assert_int_equal(pf_cert_service_files(svc, &v, &n), PF_OK);
    out[0] = 0;
    for (i = 0; i < n; i++)
	snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
		 i ? "|" : "", v[i]);
    pf_cert_files_free(v, n);
    return (out);
}

/* resolve - main.cf and master.cf text through pf_conf_resolve() */

static void resolve(const char *main_text, const char *master_text,
		            pf_conf_t *conf)
{
    static const char defaults_text[] =
	"smtpd_tls_security_level =\nsmtpd_use_tls = no\n"
	"smtpd_enforce_tls = no\nsmtpd_tls_wrappermode = no\n"
	"smtpd_tls_cert_file =\nsmtpd_tls_eccert_file =\n"
	"smtpd_tls_chain_files =\n"
	"postscreen_tls_security_level = $smtpd_tls_security_level\n"
	"postscreen_use_tls = $smtpd_use_tls\n"
	"postscreen_enforce_tls = $smtpd_enforce_tls\n"
	"tlsproxy_tls_cert_file = $smtpd_tls_cert_file\n"
	"tlsproxy_tls_eccert_file = $smtpd_tls_eccert_file\n"
	"tlsproxy_tls_chain_files = $smtpd_tls_chain_files\n"
	"smtpd_upstream_proxy_protocol =\n"
	"postscreen_upstream_proxy_protocol =\n";
    pf_params_t m, d;

    pf_params_init(&m);
    pf_params_init(&d);
    memset(conf, 0, sizeof(*conf));
    assert_int_equal(pf_conf_parse_main(main_text, strlen(main_text),
					"/x/main.cf", &m, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_parse_main(defaults_text, strlen(defaults_text),
					"defaults", &d, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_master_ent_parse(master_text, strlen(master_text),
					 "/x/master.cf", conf, why,
					 sizeof(why)), PF_OK);
    assert_int_equal(pf_conf_resolve(conf, "/x", &m, &d, why, sizeof(why)),
		     PF_OK);
    pf_params_clear(&m);
    pf_params_clear(&d);
}

static void service_files_as_its_daemon_reads_them(void **state)
{
    static const char main_text[] =
	"le = /etc/letsencrypt/live/mx\n"
	"smtpd_tls_cert_file = $le/fullchain.pem\n"
	"smtpd_tls_eccert_file = $le/fullchain.pem\n"	/* listed once */
	"smtpd_tls_dsa_cert_file = /etc/ssl/dsa.pem\n"	/* not known */
	"smtpd_tls_security_level = may\n"
	"master_service_disable = off/inet\n";
    static const char master_text[] =
	"smtp inet n - y - - smtpd\n"
	"submission inet n - y - - smtpd -o smtpd_tls_security_level=encrypt\n"
	"  -o smtpd_tls_chain_files=$le/rsa.pem,${le}/ec.pem\n"
	"smtps inet n - y - - smtpd -o smtpd_tls_wrappermode=yes\n"
	"  -o smtpd_tls_security_level=none -o le=/etc/ssl/smtps\n"
	"2525 inet n - y - - smtpd -o smtpd_tls_security_level=\n"
	"  -o smtpd_tls_cert_file= -o smtpd_tls_eccert_file=\n"
	"2526 inet n - y - - postscreen\n"
	"2527 inet n - y - - postscreen -o smtpd_tls_security_level=none\n"
	"off inet n - y - - smtpd\n";
    pf_conf_t conf;

    resolve(main_text, master_text, &conf);
    assert_int_equal(conf.n_services, 7);
    assert_int_equal(pf_cert_service_tls(&conf.services[0]), PF_CERT_TLS_STARTTLS);
    assert_string_equal(files(&conf.services[0]),
			"/etc/letsencrypt/live/mx/fullchain.pem");
    /* chain files replace the single ones */
    assert_int_equal(pf_cert_service_tls(&conf.services[1]), PF_CERT_TLS_STARTTLS);
    assert_string_equal(files(&conf.services[1]),
			"/etc/letsencrypt/live/mx/rsa.pem|"
			"/etc/letsencrypt/live/mx/ec.pem");
    /* -o over main.cf, also for a $name the main.cf value names */
    assert_int_equal(pf_cert_service_tls(&conf.services[2]), PF_CERT_TLS_WRAPPER);
    assert_string_equal(files(&conf.services[2]), "/etc/ssl/smtps/fullchain.pem");
    assert_int_equal(pf_cert_service_tls(&conf.services[3]), PF_CERT_TLS_NONE);
    assert_string_equal(files(&conf.services[3]), "");
    /* postscreen: its own level (main.cf's smtpd level by default),
     * the files tlsproxy presents for it */
    assert_int_equal(pf_cert_service_tls(&conf.services[4]), PF_CERT_TLS_STARTTLS);
    assert_string_equal(files(&conf.services[4]),
			"/etc/letsencrypt/live/mx/fullchain.pem");
    /* its -o applies to every name it expands, the default's $name too */
    assert_int_equal(pf_cert_service_tls(&conf.services[5]), PF_CERT_TLS_NONE);
    /* disabled: nothing resolved, nothing offered */
    assert_int_equal(pf_cert_service_tls(&conf.services[6]), PF_CERT_TLS_NONE);
    assert_string_equal(files(&conf.services[6]), "");
    pf_conf_clear(&conf);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(unloadable_libcrypto_is_einstall_with_dlerror),
	cmocka_unit_test(expired_and_far_future_not_after),
	cmocka_unit_test(chain_file_leaf_is_first_certificate_after_key),
	cmocka_unit_test(link_is_followed_to_regular_file_only),
	cmocka_unit_test(file_without_certificate_is_eparse),
	cmocka_unit_test(certificate_made_for_30_days),
	cmocka_unit_test(tls_offered_by_level_then_legacy_then_wrapper),
	cmocka_unit_test(service_files_as_its_daemon_reads_them),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
