/*++
/* NAME
/*	test_pf_accept 1
/* SUMMARY
/*	unit tests: /proc/net/tcp parser and the hung listener rule
/* DESCRIPTION
/*	A fake /proc (pf_accept_set_proc_root()): a master holding a
/*	listening socket, children in given states holding it or not, a
/*	net/tcp with a given accept backlog. The rule answers "stalled"
/*	only when connections wait and every holder is stopped or in D.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_accept.h"
#include "pf_rc.h"

#define MASTER	100
#define LISTEN_INODE 5551

static char root[] = "/tmp/pfkit-accept-XXXXXX";
static pf_listener_t l;

/* put - write a file under the fake root, creating its directories */

static void put(const char *rel, const char *fmt,...)
{
    char    path[512], cmd[600];
    va_list ap;
    FILE   *fp;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
    assert_int_equal(system(cmd), 0);
    assert_non_null(fp = fopen(path, "w"));
    va_start(ap, fmt);
    vfprintf(fp, fmt, ap);
    va_end(ap);
    fclose(fp);
}

/* fd - a /proc/PID/fd/N link to a socket */

static void fd(int pid, int n, unsigned long long inode)
{
    char    path[512], target[64], cmd[600];

    snprintf(path, sizeof(path), "%s/%d/fd", root, pid);
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/%d/fd/%d", root, pid, n);
    snprintf(target, sizeof(target), "socket:[%llu]", inode);
    unlink(path);
    assert_int_equal(symlink(target, path), 0);
}

/* tcp - the master's net/tcp with the listener's LISTEN socket */

static void tcp(const char *local, unsigned backlog)
{
    put("100/net/tcp",
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
	"retrnsmt   uid  timeout inode\n"
	"   0: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 "
	"00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n"
	"   1: %s 00000000:0000 0A 00000064:%08X 00:00000000 00000000     0"
	"        0 %d 1 0000000000000000 100 0 0 10 0\n"
	"   2: 0E00007F:09C5 0100007F:D431 01 00000000:00000000 00:00000000 "
	"00000000   107        0 7777 1 0000000000000000 20 4 30 10 -1\n",
	local, backlog, LISTEN_INODE);
}

/* child - a child of the master in state st, holding the socket or not */

static void child(int pid, char st, int holds)
{
    {
	char    rel[64];

	snprintf(rel, sizeof(rel), "%d/stat", pid);
	put(rel, "%d (smtpd) %c %d %d %d 0 -1 4194624 0\n", pid, st, MASTER,
	    MASTER, MASTER);
    }
    fd(pid, 0, 1);				/* not a socket of interest */
    if (holds)
	fd(pid, 5, LISTEN_INODE);
}

static void children(const char *list)
{
    put("100/task/100/children", "%s", list);
}

static int setup(void **state)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) &l.addr;

    if (mkdtemp(root) == NULL)
	return (-1);
    snprintf(l.label, sizeof(l.label), "2501 127.0.0.14:2501");
    sin->sin_family = AF_INET;
    sin->sin_port = htons(2501);
    inet_pton(AF_INET, "127.0.0.14", &sin->sin_addr);
    l.addrlen = sizeof(*sin);
    pf_accept_set_proc_root(root);
    return (0);
}

static int teardown(void **state)
{
    char    cmd[600];

    pf_accept_set_proc_root(NULL);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return (system(cmd) == 0 ? 0 : -1);
}

/* fresh - a master with its listening socket, no child yet */

static void fresh(const char *local, unsigned backlog)
{
    char    cmd[600];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'/*", root);
    assert_int_equal(system(cmd), 0);
    fd(MASTER, 3, 4242);
    fd(MASTER, 6, LISTEN_INODE);
    tcp(local, backlog);
    children("");
}

static void tcp_line_ipv4_listen(void **state)
{
    pf_tcp_sock_t s;
    const struct sockaddr_in *sin = (const struct sockaddr_in *) &s.local;
    char    a[INET_ADDRSTRLEN];

    assert_int_equal(pf_accept_parse_tcp_line(
	"   7: 0E00007F:09C5 00000000:0000 0A 00000064:00000003 00:00000000 "
	"00000000     0        0 123456 1 0000000000000000 100 0 0 10 0\n",
	AF_INET, &s), PF_OK);
    assert_int_equal(sin->sin_family, AF_INET);
    assert_string_equal(inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a)), "127.0.0.14");
    assert_int_equal(ntohs(sin->sin_port), 2501);
    assert_int_equal(s.state, PF_TCP_LISTEN);
    assert_int_equal(s.rx_queue, 3);
    assert_int_equal(s.inode, 123456);
}

static void tcp_line_ipv6(void **state)
{
    pf_tcp_sock_t s;
    const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) &s.local;
    char    a[INET6_ADDRSTRLEN];

    assert_int_equal(pf_accept_parse_tcp_line(
	"   0: 00000000000000000000000001000000:01D1 "
	"00000000000000000000000000000000:0000 0A 00000000:00000001 "
	"00:00000000 00000000     0        0 98765 1 0000000000000000 100 0 0 10 0\n",
	AF_INET6, &s), PF_OK);
    assert_string_equal(inet_ntop(AF_INET6, &sin6->sin6_addr, a, sizeof(a)), "::1");
    assert_int_equal(ntohs(sin6->sin6_port), 465);
    assert_int_equal(s.rx_queue, 1);
    assert_int_equal(s.inode, 98765);
}

static void tcp_line_malformed(void **state)
{
    pf_tcp_sock_t s;

    assert_int_equal(pf_accept_parse_tcp_line(
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
	"retrnsmt   uid  timeout inode\n", AF_INET, &s), PF_EPARSE);
    assert_int_equal(pf_accept_parse_tcp_line("", AF_INET, &s), PF_EPARSE);
    assert_int_equal(pf_accept_parse_tcp_line("   0: 0E00007F:09C5\n", AF_INET, &s),
		     PF_EPARSE);
    assert_int_equal(pf_accept_parse_tcp_line(
	"   0: 0E0000ZF:09C5 00000000:0000 0A 00000000:00000001 00:00000000 "
	"00000000     0        0 1 1\n", AF_INET, &s), PF_EPARSE);
    /* an IPv4 line read as IPv6: too short an address */
    assert_int_equal(pf_accept_parse_tcp_line(
	"   0: 0E00007F:09C5 00000000:0000 0A 00000000:00000001 00:00000000 "
	"00000000     0        0 1 1\n", AF_INET6, &s), PF_EPARSE);
}

static void waiting_and_every_smtpd_stopped_is_stalled(void **state)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 2);
    child(200, 'T', 1);
    child(201, 't', 1);
    child(202, 'S', 0);				/* another service: no socket */
    children("200 201 202 ");
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_EFAIL);
    assert_string_equal(why, "2 connections waiting to be accepted, no smtpd "
			"accepting (smtpd pids 200 201 stopped)");
}

static void d_state_counts_as_not_accepting(void **state)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 1);
    child(200, 'D', 1);
    child(201, 'T', 1);
    children("200 201");
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "1 connection waiting"));
    assert_non_null(strstr(why, "201 stopped, 200 in D state"));
}

static void one_smtpd_alive_is_no_proof(void **state)
{
    char    why[256] = "";

    /* busy with a slow client (reverse DNS...): it will accept next */
    fresh("0E00007F:09C5", 3);
    child(200, 'T', 1);
    child(201, 'S', 1);
    children("200 201");
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_OK);
    child(201, 'R', 1);
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_OK);
}

static void empty_accept_queue_is_no_proof(void **state)
{
    char    why[256] = "";

    /* the probe was accepted: an smtpd is working on it, however slowly */
    fresh("0E00007F:09C5", 0);
    child(200, 'T', 1);
    children("200");
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_OK);
}

static void no_smtpd_at_all_is_no_proof(void **state)
{
    char    why[256] = "";

    /* the master is about to start one */
    fresh("0E00007F:09C5", 2);
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_OK);
    /* a stopped child that does not hold this socket */
    child(200, 'T', 0);
    children("200");
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_OK);
}

static void wildcard_listen_socket_serves_the_address(void **state)
{
    char    why[256] = "";

    fresh("00000000:09C5", 2);
    child(200, 'T', 1);
    children("200");
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_EFAIL);
    /* another port: not this listener */
    fresh("00000000:09C6", 2);
    child(200, 'T', 1);
    children("200");
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_OK);
}

static void socket_not_the_masters_is_ignored(void **state)
{
    char    why[256] = "";
    char    path[600];

    fresh("0E00007F:09C5", 2);
    child(200, 'T', 1);
    children("200");
    snprintf(path, sizeof(path), "%s/100/fd/6", root);
    unlink(path);
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_OK);
}

static void unreadable_proc_is_no_proof(void **state)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 2);
    child(200, 'T', 1);
    /* no children file (kernel without it): cannot tell */
    assert_int_equal(pf_accept_stalled(MASTER, &l, why, sizeof(why)), PF_OK);
    children("200");
    assert_int_equal(pf_accept_stalled(0, &l, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_accept_stalled(999, &l, why, sizeof(why)), PF_OK);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(tcp_line_ipv4_listen),
	cmocka_unit_test(tcp_line_ipv6),
	cmocka_unit_test(tcp_line_malformed),
	cmocka_unit_test(waiting_and_every_smtpd_stopped_is_stalled),
	cmocka_unit_test(d_state_counts_as_not_accepting),
	cmocka_unit_test(one_smtpd_alive_is_no_proof),
	cmocka_unit_test(empty_accept_queue_is_no_proof),
	cmocka_unit_test(no_smtpd_at_all_is_no_proof),
	cmocka_unit_test(wildcard_listen_socket_serves_the_address),
	cmocka_unit_test(socket_not_the_masters_is_ignored),
	cmocka_unit_test(unreadable_proc_is_no_proof),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
