/*++
/* NAME
/*	test_pf_addr 1
/* SUMMARY
/*	unit tests of pf_addr: the one comparison of socket addresses
/* SYNOPSIS
/*	test_pf_addr
/* DESCRIPTION
/*	IPv4, IPv6, IPv4-mapped IPv6, ports, IPv6 scopes, wildcards, and
/*	the same comparison on addresses written as text (the CIB's).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "pf_addr.h"

/* sa - "addr" and port as a socket address (IPv6 if it has a ':') */

static struct sockaddr *sa(struct sockaddr_storage *ss, const char *addr,
			           unsigned port)
{
    struct sockaddr_in *v4 = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) ss;

    memset(ss, 0, sizeof(*ss));
    if (strchr(addr, ':') != NULL) {
	v6->sin6_family = AF_INET6;
	v6->sin6_port = htons((uint16_t) port);
	assert_int_equal(inet_pton(AF_INET6, addr, &v6->sin6_addr), 1);
    } else {
	v4->sin_family = AF_INET;
	v4->sin_port = htons((uint16_t) port);
	assert_int_equal(inet_pton(AF_INET, addr, &v4->sin_addr), 1);
    }
    return ((struct sockaddr *) ss);
}

static void ipv4_address_compared_ports_only_when_asked(void **state)
{
    struct sockaddr_storage a, b;

    (void) state;
    assert_true(pf_addr_same(sa(&a, "192.0.2.1", 25), sa(&b, "192.0.2.1", 25), 0));
    assert_true(pf_addr_same(sa(&a, "192.0.2.1", 25), sa(&b, "192.0.2.1", 587), 0));
    assert_false(pf_addr_same(sa(&a, "192.0.2.1", 25), sa(&b, "192.0.2.1", 587),
			      PF_ADDR_PORT));
    assert_true(pf_addr_same(sa(&a, "192.0.2.1", 25), sa(&b, "192.0.2.1", 25),
			     PF_ADDR_PORT));
    assert_false(pf_addr_same(sa(&a, "192.0.2.1", 25), sa(&b, "192.0.2.2", 25), 0));
}

static void ipv6_address_compared_whatever_its_spelling(void **state)
{
    struct sockaddr_storage a, b;

    (void) state;
    assert_true(pf_addr_same(sa(&a, "2001:db8::1", 25), sa(&b, "2001:db8:0:0::1", 25),
			     PF_ADDR_PORT));
    assert_false(pf_addr_same(sa(&a, "2001:db8::1", 25), sa(&b, "2001:db8::2", 25), 0));
    assert_false(pf_addr_same(sa(&a, "::1", 25), sa(&b, "::1", 26), PF_ADDR_PORT));
    assert_true(pf_addr_same(sa(&a, "::1", 25), sa(&b, "::1", 26), 0));
}

static void ipv4_mapped_is_not_the_ipv4_address(void **state)
{
    struct sockaddr_storage a, b;

    (void) state;
    assert_false(pf_addr_same(sa(&a, "::ffff:192.0.2.1", 25), sa(&b, "192.0.2.1", 25), 0));
    assert_false(pf_addr_same(sa(&a, "192.0.2.1", 25), sa(&b, "::ffff:192.0.2.1", 25), 0));
    assert_true(pf_addr_same(sa(&a, "::ffff:192.0.2.1", 25),
			     sa(&b, "::ffff:192.0.2.1", 25), PF_ADDR_PORT));
    assert_false(pf_addr_same_text("::ffff:192.0.2.1", "192.0.2.1"));
}

static void ipv6_scope_compared_only_when_asked(void **state)
{
    struct sockaddr_storage a, b;

    (void) state;
    sa(&a, "fe80::1", 25);
    sa(&b, "fe80::1", 25);
    ((struct sockaddr_in6 *) &a)->sin6_scope_id = 2;
    ((struct sockaddr_in6 *) &b)->sin6_scope_id = 3;
    assert_true(pf_addr_same((struct sockaddr *) &a, (struct sockaddr *) &b,
			     PF_ADDR_PORT));
    assert_false(pf_addr_same((struct sockaddr *) &a, (struct sockaddr *) &b,
			      PF_ADDR_PORT | PF_ADDR_SCOPE));
}

static void wildcard_serves_any_address_of_its_family(void **state)
{
    struct sockaddr_storage a, b;

    (void) state;
    assert_true(pf_addr_is_wildcard(sa(&a, "0.0.0.0", 0)));
    assert_true(pf_addr_is_wildcard(sa(&a, "::", 0)));
    assert_false(pf_addr_is_wildcard(sa(&a, "127.0.0.1", 0)));
    assert_false(pf_addr_is_wildcard(sa(&a, "::ffff:0.0.0.0", 0)));
    assert_true(pf_addr_same(sa(&a, "0.0.0.0", 25), sa(&b, "192.0.2.1", 25),
			     PF_ADDR_PORT | PF_ADDR_ANY));
    assert_false(pf_addr_same(sa(&a, "0.0.0.0", 25), sa(&b, "192.0.2.1", 25),
			      PF_ADDR_PORT));
    /* the wildcard must be the socket's (a), and its port still counts */
    assert_false(pf_addr_same(sa(&a, "192.0.2.1", 25), sa(&b, "0.0.0.0", 25),
			      PF_ADDR_ANY));
    assert_false(pf_addr_same(sa(&a, "0.0.0.0", 26), sa(&b, "192.0.2.1", 25),
			      PF_ADDR_PORT | PF_ADDR_ANY));
    assert_true(pf_addr_same(sa(&a, "::", 25), sa(&b, "2001:db8::1", 25),
			     PF_ADDR_PORT | PF_ADDR_ANY));
    /* :: is not 0.0.0.0: IPv4 and IPv6 sockets are apart */
    assert_false(pf_addr_same(sa(&a, "::", 25), sa(&b, "192.0.2.1", 25),
			      PF_ADDR_PORT | PF_ADDR_ANY));
}

static void other_families_are_never_the_same(void **state)
{
    struct sockaddr_un u;

    (void) state;
    memset(&u, 0, sizeof(u));
    u.sun_family = AF_UNIX;
    assert_false(pf_addr_same((struct sockaddr *) &u, (struct sockaddr *) &u, 0));
    assert_false(pf_addr_is_wildcard((struct sockaddr *) &u));
}

static void text_numeric_by_address_else_by_letter(void **state)
{
    (void) state;
    assert_true(pf_addr_same_text("192.0.2.1", "192.0.2.1"));
    assert_false(pf_addr_same_text("192.0.2.1", "192.0.2.10"));
    assert_true(pf_addr_same_text("2001:DB8::1", "2001:db8:0::1"));
    assert_false(pf_addr_same_text("::1", "127.0.0.1"));
    assert_true(pf_addr_same_text("mx.example", "mx.example"));
    assert_false(pf_addr_same_text("mx.example", "MX.example"));
    assert_false(pf_addr_same_text(NULL, "192.0.2.1"));
    assert_false(pf_addr_same_text("192.0.2.1", NULL));
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(ipv4_address_compared_ports_only_when_asked),
	cmocka_unit_test(ipv6_address_compared_whatever_its_spelling),
	cmocka_unit_test(ipv4_mapped_is_not_the_ipv4_address),
	cmocka_unit_test(ipv6_scope_compared_only_when_asked),
	cmocka_unit_test(wildcard_serves_any_address_of_its_family),
	cmocka_unit_test(other_families_are_never_the_same),
	cmocka_unit_test(text_numeric_by_address_else_by_letter),
    };

    return (cmocka_run_group_tests_name("pf_addr", tests, NULL, NULL));
}
