/*++
/* NAME
/*	test_pf_listen 1
/* SUMMARY
/*	unit tests of pf_listen: master.cf services x inet_interfaces
/* DESCRIPTION
/*	Configurations are built in memory or loaded from the fixtures
/*	with this node's postconf. getaddrinfo() is wrapped
/*	(-Wl,--wrap=getaddrinfo): it passes through unless a test asks it
/*	to fail, or to resolve the name "mx.pfkit.invalid" without DNS.
/*	socket() and bind() are wrapped too: an IPv6 socket fails with
/*	v6_socket_errno (a kernel booted with ipv6.disable=1), binding
/*	one with v6_bind_errno (disable_ipv6 on lo: no ::1), on demand.
/*	The locality check uses 127.0.0.1 (always on lo) and
/*	198.51.100.254 (a documentation address no interface of a test
/*	machine has).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pf_conf.h"
#include "pf_listen.h"
#include "pf_rc.h"

#ifndef FIXTURES
#error FIXTURES must name tests/unit/fixtures
#endif

/* the fixtures directory as a string object: cppcheck takes the macro for
 * an int (it sees no -D), a char array is a char array to it */
static const char fixtures[] = FIXTURES;

static char why[512];
static int gai_fail;			/* EAI_* to return for names */
static int gai_calls;

extern int __real_getaddrinfo(const char *, const char *,
			              const struct addrinfo *, struct addrinfo **);
extern int __wrap_getaddrinfo(const char *, const char *,
			              const struct addrinfo *, struct addrinfo **);

/* __wrap_getaddrinfo - fail on demand; resolve mx.pfkit.invalid */

int     __wrap_getaddrinfo(const char *node, const char *service,
		               const struct addrinfo *hints,
		               struct addrinfo **res)
{
    struct addrinfo h = *hints;

    gai_calls++;
    if (node != NULL && strcmp(node, "mx.pfkit.invalid") == 0
	&& !(hints->ai_flags & AI_NUMERICHOST)) {
	h.ai_flags |= AI_NUMERICHOST;
	return (__real_getaddrinfo("127.0.0.25", service, &h, res));
    }
    if (gai_fail != 0 && !(hints->ai_flags & AI_NUMERICHOST))
	return (gai_fail);
    return (__real_getaddrinfo(node, service, hints, res));
}

static int v6_socket_errno;		/* socket(AF_INET6) fails with it */
static int v6_bind_errno;		/* bind() of an IPv6 socket fails */

extern int __real_socket(int, int, int);
extern int __wrap_socket(int, int, int);
extern int __real_bind(int, const struct sockaddr *, socklen_t);
extern int __wrap_bind(int, const struct sockaddr *, socklen_t);

/* __wrap_socket - no IPv6 on demand */

int     __wrap_socket(int domain, int type, int protocol)
{
    if (domain == AF_INET6 && v6_socket_errno != 0) {
	errno = v6_socket_errno;
	return (-1);
    }
    return (__real_socket(domain, type, protocol));
}

/* __wrap_bind - no ::1 on demand */

int     __wrap_bind(int fd, const struct sockaddr *sa, socklen_t len)
{
    if (sa->sa_family == AF_INET6 && v6_bind_errno != 0) {
	errno = v6_bind_errno;
	return (-1);
    }
    return (__real_bind(fd, sa, len));
}

/* mut - a test string where the struct wants char * (never written) */

static char *mut(const char *s)
{
    return ((char *) (uintptr_t) s);
}

/* svc - one master.cf service */

static pf_service_t svc(const char *name, const char *host, const char *port,
			        bool tls)
{
    pf_service_t s;

    memset(&s, 0, sizeof(s));
    s.name = mut(name);
    s.host = mut(host);
    s.port = mut(port);
    s.command = mut("smtpd");
    s.wrappermode = tls;
    s.line = 7;
    return (s);
}

/* build - listeners of services x interfaces, labels joined by "," */

static const char *disable;		/* master_service_disable */

static int build(pf_service_t *s, size_t n, const char *interfaces,
		         const char *protocols, const char *override,
		         char *labels, size_t len)
{
    pf_conf_t conf;
    pf_listener_t *l = NULL;
    size_t  count = 0;
    size_t  i;
    int     rc;

    memset(&conf, 0, sizeof(conf));
    conf.main_cf = mut("/x/main.cf");
    conf.master_cf = mut("/x/master.cf");
    conf.inet_interfaces = mut(interfaces);
    conf.inet_protocols = mut(protocols);
    conf.master_service_disable = mut(disable);
    conf.services = s;
    conf.n_services = n;
    why[0] = 0;
    labels[0] = 0;
    rc = pf_listen_build(&conf, override, &l, &count, why, sizeof(why));
    for (i = 0; i < count; i++)
	snprintf(labels + strlen(labels), len - strlen(labels), "%s%s%s%s%s",
		 i ? "," : "", l[i].label, l[i].tls_wrapper ? "+tls" : "",
		 l[i].pregreet ? "+pregreet" : "",
		 l[i].proxy == PF_PROXY_V1 ? "+proxy" : l[i].proxy ? "+proxy?" : "");
    if (rc != PF_OK) {
	assert_null(l);
	assert_int_equal(count, 0);
    }
    free(l);
    return (rc);
}

static void guide_interfaces_comma_and_blanks(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "smtp", false)};
    char    out[1024];

    assert_int_equal(build(s, 1, "localhost , 192.168.0.10", "ipv4", "", out,
			   sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25,smtp 192.168.0.10:25");
}

static void all_follows_inet_protocols(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "smtp", false)};
    char    out[1024];

    assert_int_equal(build(s, 1, "all", "ipv4", "", out, sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25");
    assert_int_equal(build(s, 1, "all", "all", "", out, sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25,smtp [::1]:25");
    assert_int_equal(build(s, 1, "loopback-only", "ipv6", "", out,
			   sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp [::1]:25");
    assert_int_equal(build(s, 1, "ALL", "ipv4, ipv6", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25,smtp [::1]:25");
}

static void service_names_and_wrappermode(void **state)
{
    pf_service_t s[] = {
	svc("smtp", NULL, "smtp", false),
	svc("smtps", NULL, "smtps", true),
	svc("submission", NULL, "submission", false),
	svc("2525", NULL, "2525", false),
    };
    char    out[1024];

    assert_int_equal(build(s, 4, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "smtp 127.0.0.20:25,smtps 127.0.0.20:465+tls,"
			"submission 127.0.0.20:587,2525 127.0.0.20:2525");
}

static void explicit_host_wins_over_interfaces(void **state)
{
    pf_service_t s[] = {
	svc("127.0.0.10:2525", "127.0.0.10", "2525", false),
	svc("[::1]:25", "::1", "25", false),
	svc("mx.pfkit.invalid:smtp", "mx.pfkit.invalid", "smtp", false),
    };
    char    out[1024];

    assert_int_equal(build(s, 3, "127.0.0.20", "all", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "127.0.0.10:2525 127.0.0.10:2525,"
			"[::1]:25 [::1]:25,"
			"mx.pfkit.invalid:smtp 127.0.0.25:25");
}

static void ipv6_interfaces_bare_and_bracketed(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "25", false)};
    char    out[1024];

    assert_int_equal(build(s, 1, "[::1] ::1,127.0.0.1", "all", "", out,
			   sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp [::1]:25,smtp 127.0.0.1:25");
}

static void address_of_disabled_family_rejected(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "25", false)};
    char    out[1024];

    assert_int_equal(build(s, 1, "::1", "ipv4", "", out, sizeof(out)),
		     PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: parameter inet_interfaces: "
			"address ::1 is not enabled by inet_protocols");
}

static void invalid_interface_value_is_config_error(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "25", false)};
    char    out[1024];

    assert_int_equal(build(s, 1, "127.0.0.1, bad!name", "ipv4", "", out,
			   sizeof(out)), PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: parameter inet_interfaces: "
			"\"bad!name\" is not a valid address or host name");
    assert_int_equal(build(s, 1, "", "ipv4", "", out, sizeof(out)),
		     PF_ECONFIG);
    assert_non_null(strstr(why, "inet_interfaces: empty value"));
    assert_int_equal(build(s, 1, "10.0.0.300", "ipv4", "", out, sizeof(out)),
		     PF_ECONFIG);
    assert_string_equal(why, "file /x/main.cf: parameter inet_interfaces: "
			"\"10.0.0.300\" is not a valid address");
    assert_int_equal(build(s, 1, "::1::2", "all", "", out, sizeof(out)),
		     PF_ECONFIG);
}

static void unresolvable_name_is_this_node_only(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "25", false)};
    char    out[1024];

    gai_fail = EAI_NONAME;
    assert_int_equal(build(s, 1, "nosuch.pfkit.invalid", "ipv4", "", out,
			   sizeof(out)), PF_EINSTALL);
    assert_non_null(strstr(why, "host nosuch.pfkit.invalid:"));
    assert_non_null(strstr(why, "on this node"));
    gai_fail = 0;
}

static void resolver_outage_is_not_config_error(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "25", false)};
    char    out[1024];

    gai_fail = EAI_AGAIN;
    assert_int_equal(build(s, 1, "mail.pfkit.invalid", "ipv4", "", out,
			   sizeof(out)), PF_EFAIL);
    gai_fail = 0;
    /* numeric addresses never need the resolver */
    gai_fail = EAI_AGAIN;
    assert_int_equal(build(s, 1, "127.0.0.1", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    gai_fail = 0;
}

static void unknown_service_name_names_line(void **state)
{
    pf_service_t s[] = {svc("smtpx", NULL, "smtpx", false)};
    char    out[1024];

    assert_int_equal(build(s, 1, "all", "ipv4", "", out, sizeof(out)),
		     PF_ECONFIG);
    assert_string_equal(why, "file /x/master.cf: line 7: service smtpx: "
			"unknown port or service name \"smtpx\"");
}

static void duplicates_dropped(void **state)
{
    pf_service_t s[] = {
	svc("smtp", NULL, "smtp", false),
	svc("25", NULL, "25", false),
    };
    char    out[1024];

    assert_int_equal(build(s, 2, "127.0.0.1 localhost", "ipv4", "", out,
			   sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25");
}

static void no_service_is_outbound_only(void **state)
{
    char    out[1024];

    assert_int_equal(build(NULL, 0, "all", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "");
}

static void no_ipv6_in_kernel_means_ipv4_only(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "smtp", false)};
    char    out[1024];

    /* ipv6.disable=1: Postfix's "all" falls back to IPv4 */
    v6_socket_errno = EAFNOSUPPORT;
    assert_int_equal(build(s, 1, "all", "all", "", out, sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25");
    assert_int_equal(build(s, 1, "loopback-only", "ipv4, ipv6", "", out,
			   sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25");
    /* Postfix would not start with ipv6 alone: the probe says so later */
    assert_int_equal(build(s, 1, "all", "ipv6", "", out, sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp [::1]:25");
    /* any other failure: Postfix gives up, IPv6 is not dropped */
    v6_socket_errno = EMFILE;
    assert_int_equal(build(s, 1, "all", "all", "", out, sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25,smtp [::1]:25");
    v6_socket_errno = 0;
}

static void no_loopback6_address_not_probed(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "smtp", false)};
    char    out[1024];

    /* disable_ipv6 on lo: sockets exist, ::1 does not */
    v6_bind_errno = EADDRNOTAVAIL;
    assert_int_equal(build(s, 1, "all", "all", "", out, sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25");
    assert_int_equal(build(s, 1, "loopback-only", "all", "", out,
			   sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25");
    /* IPv6 alone: nothing else to probe, the failure will tell */
    assert_int_equal(build(s, 1, "loopback-only", "ipv6", "", out,
			   sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp [::1]:25");
    /* a bind failing for another reason proves nothing */
    v6_bind_errno = EACCES;
    assert_int_equal(build(s, 1, "all", "all", "", out, sizeof(out)), PF_OK);
    assert_string_equal(out, "smtp 127.0.0.1:25,smtp [::1]:25");
    v6_bind_errno = 0;
}

static void disabled_services_not_probed(void **state)
{
    pf_service_t s[] = {
	svc("smtp", NULL, "smtp", false),
	svc("submission", NULL, "submission", false),
	svc("127.0.0.30:2525", "127.0.0.30", "2525", false),
    };
    char    out[1024];

    disable = "inet";				/* postmulti -e create */
    assert_int_equal(build(s, 3, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "");
    disable = "!submission/inet, inet";
    assert_int_equal(build(s, 3, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "submission 127.0.0.20:587");
    disable = "smtp.inet, 127.0.0.30:2525/INET";
    assert_int_equal(build(s, 3, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "submission 127.0.0.20:587");
    disable = "unix";
    assert_int_equal(build(s, 3, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "smtp 127.0.0.20:25,submission 127.0.0.20:587,"
			"127.0.0.30:2525 127.0.0.30:2525");
    disable = NULL;
}

static void postscreen_listener_pregreets(void **state)
{
    pf_service_t s[] = {
	svc("smtp", NULL, "smtp", false),
	svc("submission", NULL, "submission", false),
	svc("smtps", NULL, "smtps", true),
	svc("[127.0.0.31]:2525", "127.0.0.31", "2525", false),
    };
    char    out[1024];

    s[0].command = mut("postscreen");
    s[3].command = mut("postscreen");
    assert_int_equal(build(s, 4, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "smtp 127.0.0.20:25+pregreet,"
			"submission 127.0.0.20:587,smtps 127.0.0.20:465+tls,"
			"[127.0.0.31]:2525 127.0.0.31:2525+pregreet");
}

static void override_replaces_list(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "smtp", false)};
    char    out[1024];

    assert_int_equal(build(s, 1, "all", "ipv4",
			   "127.0.0.1:2525 [::1]:25, localhost:smtp", out,
			   sizeof(out)), PF_OK);
    assert_string_equal(out, "listener 127.0.0.1:2525,listener [::1]:25,"
			"listener 127.0.0.1:25");
}

static void override_malformed_is_args_error(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "smtp", false)};
    char    out[1024];

    assert_int_equal(build(s, 1, "all", "ipv4", "127.0.0.1", out,
			   sizeof(out)), PF_EARGS);
    assert_string_equal(why, "parameter listeners: \"127.0.0.1\" is not "
			"host:port[/haproxy]");
    assert_int_equal(build(s, 1, "all", "ipv4", "127.0.0.1:99999", out,
			   sizeof(out)), PF_EARGS);
    assert_int_equal(build(s, 1, "all", "ipv4", "b@d:25", out, sizeof(out)),
		     PF_EARGS);
}

static void proxy_expected_where_the_daemon_reads_it(void **state)
{
    pf_service_t s[] = {
	svc("smtp", NULL, "smtp", false),
	svc("submission", NULL, "submission", false),
	svc("smtps", NULL, "smtps", true),
	svc("2525", NULL, "2525", false),
	svc("2526", NULL, "2526", false),
    };
    char    out[1024];

    s[0].upstream_proxy = mut("haproxy");
    s[1].upstream_proxy = mut("");
    s[2].upstream_proxy = mut("haproxy");	/* the header comes before TLS */
    s[3].command = mut("postscreen");
    s[3].upstream_proxy = mut("haproxy");
    /* s[4]: not resolved (NULL), as a disabled service: none */
    assert_int_equal(build(s, 5, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "smtp 127.0.0.20:25+proxy,"
			"submission 127.0.0.20:587,"
			"smtps 127.0.0.20:465+tls+proxy,"
			"2525 127.0.0.20:2525+pregreet+proxy,"
			"2526 127.0.0.20:2526");
}

static void unknown_proxy_protocol_is_config_error(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "smtp", false),
	svc("2525", NULL, "2525", false)};
    char    out[1024];

    /* Postfix compares with strcmp(): smtpd dies at every connection */
    s[1].upstream_proxy = mut("HAProxy");
    assert_int_equal(build(s, 2, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_ECONFIG);
    assert_string_equal(why, "file /x/master.cf: line 7: service 2525: "
			"smtpd_upstream_proxy_protocol = \"HAProxy\": not "
			"haproxy or empty, Postfix refuses every connection");
    s[1].command = mut("postscreen");
    s[1].upstream_proxy = mut("proxy");
    assert_int_equal(build(s, 2, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_ECONFIG);
    assert_non_null(strstr(why, "service 2525: "
			   "postscreen_upstream_proxy_protocol = \"proxy\""));
    /* a service master(8) does not run is not judged */
    disable = "2525/inet";
    assert_int_equal(build(s, 2, "127.0.0.20", "ipv4", "", out, sizeof(out)),
		     PF_OK);
    assert_string_equal(out, "smtp 127.0.0.20:25");
    disable = NULL;
}

static void override_marks_proxy_listeners(void **state)
{
    pf_service_t s[] = {svc("smtp", NULL, "smtp", false)};
    char    out[1024];

    /* the override says it, whatever master.cf says */
    s[0].upstream_proxy = mut("haproxy");
    assert_int_equal(build(s, 1, "all", "ipv4",
			   "127.0.0.1:2525/haproxy [::1]:25/haproxy,"
			   "127.0.0.1:smtp", out, sizeof(out)), PF_OK);
    assert_string_equal(out, "listener 127.0.0.1:2525+proxy,"
			"listener [::1]:25+proxy,listener 127.0.0.1:25");
    assert_int_equal(build(s, 1, "all", "ipv4", "127.0.0.1:25/proxy", out,
			   sizeof(out)), PF_EARGS);
    assert_string_equal(why, "parameter listeners: \"127.0.0.1:25/proxy\" "
			"is not host:port[/haproxy]");
    assert_int_equal(build(s, 1, "all", "ipv4", "127.0.0.1/haproxy", out,
			   sizeof(out)), PF_EARGS);
    assert_string_equal(why, "parameter listeners: \"127.0.0.1\" "
			"is not host:port/haproxy");
    assert_int_equal(build(s, 1, "all", "ipv4", "/haproxy", out,
			   sizeof(out)), PF_EARGS);
}

/* addresses_of - how many addresses name has here, as pf_listen asks */

static size_t addresses_of(const char *name)
{
    struct addrinfo hints;
    struct addrinfo *res = NULL;
    struct addrinfo *ai;
    size_t  n = 0;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    if (__real_getaddrinfo(name, "25", &hints, &res) != 0)
	return (0);
    for (ai = res; ai != NULL; ai = ai->ai_next)
	if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
	    n++;
    freeaddrinfo(res);
    return (n);
}

static void fixture_forms_loaded(void **state)
{
    char    dir[PATH_MAX];
    pf_conf_t *conf;
    pf_listener_t *l;
    size_t  n;
    size_t  lh = addresses_of("localhost");

    /*
     * localhost:smtp listens on every address localhost has here: 127.0.0.1
     * only, or ::1 too (/etc/hosts differs between machines and releases).
     */
    assert_true(lh >= 1);
    snprintf(dir, sizeof(dir), "%s/forms", fixtures);
    assert_int_equal(pf_conf_load(dir, "/usr/sbin/postconf",
				  pf_deadline_after(20000), &conf, why,
				  sizeof(why)), PF_OK);
    assert_int_equal(pf_listen_build(conf, "", &l, &n, why, sizeof(why)),
		     PF_OK);
    /* smtp 25, 2525, [::1]:26, localhost (lh), *:2526, smtps, 2465, 3465,
     * 5465, 4465, submission; "25" and "465" duplicate smtp and smtps */
    assert_int_equal(n, 10 + lh);
    assert_string_equal(l[0].label, "smtp 127.0.0.20:25");
    assert_string_equal(l[2].label, "[::1]:26 [::1]:26");
    assert_string_equal(l[3 + lh].label, "*:2526 127.0.0.20:2526");
    assert_true(l[4 + lh].tls_wrapper);
    assert_true(l[7 + lh].tls_wrapper);
    assert_false(l[8 + lh].tls_wrapper);
    free(l);
    pf_conf_free(conf);
}

/* listener - one IPv4 listener on addr:25 */

static pf_listener_t listener(const char *addr)
{
    pf_listener_t l;
    struct sockaddr_in *sin = (struct sockaddr_in *) &l.addr;

    memset(&l, 0, sizeof(l));
    sin->sin_family = AF_INET;
    sin->sin_port = htons(25);
    assert_int_equal(inet_pton(AF_INET, addr, &sin->sin_addr), 1);
    l.addrlen = sizeof(*sin);
    snprintf(l.label, sizeof(l.label), "smtp %s:25", addr);
    return (l);
}

static void listener_addresses_must_be_on_this_node(void **state)
{
    pf_listener_t l[3];

    l[0] = listener("127.0.0.1");
    l[1] = listener("0.0.0.0");			/* wildcard: always local */
    assert_int_equal(pf_listen_local(l, 2, why, sizeof(why)), PF_OK);
    l[2] = listener("198.51.100.254");
    assert_int_equal(pf_listen_local(l, 3, why, sizeof(why)), PF_EINSTALL);
    assert_non_null(strstr(why, "198.51.100.254"));
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(guide_interfaces_comma_and_blanks),
	cmocka_unit_test(all_follows_inet_protocols),
	cmocka_unit_test(service_names_and_wrappermode),
	cmocka_unit_test(explicit_host_wins_over_interfaces),
	cmocka_unit_test(ipv6_interfaces_bare_and_bracketed),
	cmocka_unit_test(address_of_disabled_family_rejected),
	cmocka_unit_test(invalid_interface_value_is_config_error),
	cmocka_unit_test(unresolvable_name_is_this_node_only),
	cmocka_unit_test(resolver_outage_is_not_config_error),
	cmocka_unit_test(unknown_service_name_names_line),
	cmocka_unit_test(duplicates_dropped),
	cmocka_unit_test(no_service_is_outbound_only),
	cmocka_unit_test(no_ipv6_in_kernel_means_ipv4_only),
	cmocka_unit_test(no_loopback6_address_not_probed),
	cmocka_unit_test(disabled_services_not_probed),
	cmocka_unit_test(postscreen_listener_pregreets),
	cmocka_unit_test(override_replaces_list),
	cmocka_unit_test(override_malformed_is_args_error),
	cmocka_unit_test(proxy_expected_where_the_daemon_reads_it),
	cmocka_unit_test(unknown_proxy_protocol_is_config_error),
	cmocka_unit_test(override_marks_proxy_listeners),
	cmocka_unit_test(fixture_forms_loaded),
	cmocka_unit_test(listener_addresses_must_be_on_this_node),
    };

    setenv("HA_RSCTMP", "/nonexistent-pfkit-unit", 1);
    return (cmocka_run_group_tests(tests, NULL, NULL));
}
