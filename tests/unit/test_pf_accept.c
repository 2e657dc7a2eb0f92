/*++
/* NAME
/*	test_pf_accept 1
/* SUMMARY
/*	unit tests: /proc/net/tcp parser and the hung listener rule
/* DESCRIPTION
/*	A fake /proc (pf_proc_set_root()): a master holding a
/*	listening socket, children in given states (stat: state and start
/*	time; status: context switches) holding it or not, a net/tcp with a
/*	given accept backlog; the clock is pf_now_ms() wrapped. The rule
/*	answers "stalled" only when connections wait and every holder is
/*	stopped, traced or a zombie, or, at the look made at the greeting's
/*	deadline, in D state since the first look without ever running (the
/*	same process: a pid reused is another one).
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
#include "pf_clock.h"
#include "pf_proc.h"
#include "pf_rc.h"

#define MASTER	100
#define LISTEN_INODE 5551

static char root[] = "/tmp/pfkit-accept-XXXXXX";
static pf_listener_t l;
static pf_accept_watch_t w = PF_ACCEPT_WATCH_INIT;
static int64_t now_ms;				/* the clock pf_accept reads */

int64_t __wrap_pf_now_ms(void);

/* __wrap_pf_now_ms - the test's clock */

int64_t __wrap_pf_now_ms(void)
{
    return (now_ms);
}

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

/*
 * child_at - a child of the master in state st, holding the socket or
 * not, started at start (clock ticks after boot, field 22 of stat), that
 * has switched context switches times so far
 */

static void child_at(int pid, char st, int holds, unsigned long long start,
		             int switches)
{
    char    rel[64];

    snprintf(rel, sizeof(rel), "%d/stat", pid);
    put(rel, "%d (smtpd) %c %d %d %d 0 -1 4194624 0 0 0 0 0 0 0 0 20 0 1 0 "
	"%llu 14663680 579 18446744073709551615 1 1 0 0 0 0 0 16781312 1024 "
	"0 0 0 17 0 0 0 0 0 0\n", pid, st, MASTER, MASTER, MASTER, start);
    snprintf(rel, sizeof(rel), "%d/status", pid);
    put(rel, "Name:\tsmtpd\nState:\t%c\nPid:\t%d\nvoluntary_ctxt_switches:\t%d\n"
	"nonvoluntary_ctxt_switches:\t%d\n", st, pid, switches, 3);
    fd(pid, 0, 1);				/* not a socket of interest */
    if (holds)
	fd(pid, 5, LISTEN_INODE);
}

/* child - the same, started at 4242, 10 context switches */

static void child(int pid, char st, int holds)
{
    child_at(pid, st, holds, 4242, 7);
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
    pf_proc_set_root(root);
    return (0);
}

static int teardown(void **state)
{
    char    cmd[600];

    pf_proc_set_root(NULL);
    pf_accept_watch_free(&w);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return (system(cmd) == 0 ? 0 : -1);
}

/* look - one look of the current wait (the deadline's when last) */

static int look(bool at_deadline, char *why, size_t len)
{
    return (pf_accept_stalled(MASTER, &l, &w, at_deadline, why, len));
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
    pf_accept_watch_reset(&w);			/* a new wait */
    now_ms = 1000;
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
    assert_int_equal(look(false, why, sizeof(why)), PF_EFAIL);
    assert_string_equal(why, "2 connections waiting to be accepted, no smtpd "
			"accepting (smtpd pids 200 201 stopped)");
}

static void zombie_and_traced_are_stalled_at_first_look(void **state)
{
    char    why[256] = "";

    /* persistent evidence: no need to wait for the deadline */
    fresh("0E00007F:09C5", 1);
    child(200, 'Z', 1);
    child(201, 't', 1);
    children("200 201");
    assert_int_equal(look(false, why, sizeof(why)), PF_EFAIL);
    assert_string_equal(why, "1 connection waiting to be accepted, no smtpd "
			"accepting (smtpd pids 200 201 stopped)");
    /* and without a watch, as before */
    assert_int_equal(pf_accept_stalled(MASTER, &l, NULL, false, why, sizeof(why)),
		     PF_EFAIL);
}

static void d_state_is_no_proof_before_the_deadline(void **state)
{
    char    why[256] = "";
    int     i;

    /* an I/O stall holds every smtpd in D: they will accept once it ends */
    fresh("0E00007F:09C5", 1);
    child(200, 'D', 1);
    child(201, 'T', 1);
    children("200 201");
    for (i = 0; i < 8; i++) {
	now_ms += 250;
	assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    }
    assert_string_equal(why, "");
}

static void d_throughout_is_hung_only_at_the_deadline(void **state)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 1);
    child(200, 'D', 1);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    now_ms += 250;
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    now_ms += 4250;
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    /* the greeting's deadline: D lasted the whole wait */
    assert_int_equal(look(true, why, sizeof(why)), PF_EFAIL);
    assert_string_equal(why, "smtpd pid 200 stuck in D state for 4.5 s, "
			"1 connection waiting to be accepted");
}

static void d_throughout_beside_stopped_named_both(void **state)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 2);
    child(200, 'D', 1);
    child(201, 'T', 1);
    child(202, 'D', 1);
    children("200 201 202");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    now_ms += 3000;
    assert_int_equal(look(true, why, sizeof(why)), PF_EFAIL);
    assert_string_equal(why, "smtpd pids 200 202 stuck in D state for 3.0 s, "
			"pid 201 stopped, 2 connections waiting to be accepted");
}

static void d_for_a_moment_then_running_is_not_hung(void **state)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 1);
    child(200, 'D', 1);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    /* the stall ended: it runs (about to accept) */
    child_at(200, 'R', 1, 4242, 8);
    now_ms += 250;
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    /* in D again, up to the deadline: not the whole wait */
    child_at(200, 'D', 1, 4242, 9);
    now_ms += 250;
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    now_ms += 4000;
    assert_int_equal(look(true, why, sizeof(why)), PF_OK);
    assert_string_equal(why, "");
}

/*
 * d_then_d_is_not_hung - pid 200 in D at the first look (started 4242,
 * 10 switches) and at the deadline's (started start, switches): no proof
 */

static void d_then_d_is_not_hung(unsigned long long start, int switches)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 1);
    child_at(200, 'D', 1, 4242, 7);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    child_at(200, 'D', 1, start, switches);
    now_ms += 4000;
    assert_int_equal(look(true, why, sizeof(why)), PF_OK);
    assert_string_equal(why, "");
}

static void d_left_between_two_looks_is_not_hung(void **state)
{
    /* D at every look, but it ran in between: its switches counted on */
    d_then_d_is_not_hung(4242, 8);
}

static void pid_reused_between_looks_is_not_evidence(void **state)
{
    /* another process with the same pid (and, by chance, the same count) */
    d_then_d_is_not_hung(9999, 7);
}

static void d_not_seen_at_the_first_look_is_not_evidence(void **state)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 1);
    child(200, 'S', 1);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    child(200, 'D', 1);
    now_ms += 250;
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    now_ms += 4000;
    assert_int_equal(look(true, why, sizeof(why)), PF_OK);
    /* one look, at the deadline, is no window either */
    pf_accept_watch_reset(&w);
    assert_int_equal(look(true, why, sizeof(why)), PF_OK);
    assert_string_equal(why, "");
}

static void d_that_cannot_be_followed_is_not_evidence(void **state)
{
    char    why[256] = "";
    char    path[600];

    /* no context switch counts (status unreadable): it may have run */
    fresh("0E00007F:09C5", 1);
    child(200, 'D', 1);
    children("200");
    snprintf(path, sizeof(path), "%s/200/status", root);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    now_ms += 4000;
    assert_int_equal(look(true, why, sizeof(why)), PF_OK);
    /* without a watch, D never counts */
    fresh("0E00007F:09C5", 1);
    child(200, 'D', 1);
    children("200");
    assert_int_equal(pf_accept_stalled(MASTER, &l, NULL, false, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_accept_stalled(MASTER, &l, NULL, true, why, sizeof(why)), PF_OK);
    assert_string_equal(why, "");
}

static void a_new_wait_forgets_the_last(void **state)
{
    char    why[256] = "";

    /* the last wait saw it in D, and it has run since */
    fresh("0E00007F:09C5", 1);
    child_at(200, 'D', 1, 4242, 7);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    now_ms += 10000;
    child_at(200, 'D', 1, 4242, 20);
    /* a new wait starts from what its own first look sees */
    pf_accept_watch_reset(&w);
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    now_ms += 2000;
    assert_int_equal(look(true, why, sizeof(why)), PF_EFAIL);
    assert_string_equal(why, "smtpd pid 200 stuck in D state for 2.0 s, "
			"1 connection waiting to be accepted");
}

static void one_smtpd_alive_is_no_proof(void **state)
{
    char    why[256] = "";

    /* busy with a slow client (reverse DNS...): it will accept next */
    fresh("0E00007F:09C5", 3);
    child(200, 'T', 1);
    child(201, 'S', 1);
    children("200 201");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    child(201, 'R', 1);
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
}

static void empty_accept_queue_is_no_proof(void **state)
{
    char    why[256] = "";

    /* the probe was accepted: an smtpd is working on it, however slowly */
    fresh("0E00007F:09C5", 0);
    child(200, 'T', 1);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
}

static void no_smtpd_at_all_is_no_proof(void **state)
{
    char    why[256] = "";

    /* the master is about to start one */
    fresh("0E00007F:09C5", 2);
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    /* a stopped child that does not hold this socket */
    child(200, 'T', 0);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
}

static void wildcard_listen_socket_serves_the_address(void **state)
{
    char    why[256] = "";

    fresh("00000000:09C5", 2);
    child(200, 'T', 1);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_EFAIL);
    /* another port: not this listener */
    fresh("00000000:09C6", 2);
    child(200, 'T', 1);
    children("200");
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
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
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
}

static void unreadable_proc_is_no_proof(void **state)
{
    char    why[256] = "";

    fresh("0E00007F:09C5", 2);
    child(200, 'T', 1);
    /* no children file (kernel without it): cannot tell */
    assert_int_equal(look(false, why, sizeof(why)), PF_OK);
    children("200");
    assert_int_equal(pf_accept_stalled(0, &l, &w, false, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_accept_stalled(999, &l, &w, false, why, sizeof(why)), PF_OK);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(tcp_line_ipv4_listen),
	cmocka_unit_test(tcp_line_ipv6),
	cmocka_unit_test(tcp_line_malformed),
	cmocka_unit_test(waiting_and_every_smtpd_stopped_is_stalled),
	cmocka_unit_test(zombie_and_traced_are_stalled_at_first_look),
	cmocka_unit_test(d_state_is_no_proof_before_the_deadline),
	cmocka_unit_test(d_throughout_is_hung_only_at_the_deadline),
	cmocka_unit_test(d_throughout_beside_stopped_named_both),
	cmocka_unit_test(d_for_a_moment_then_running_is_not_hung),
	cmocka_unit_test(d_left_between_two_looks_is_not_hung),
	cmocka_unit_test(pid_reused_between_looks_is_not_evidence),
	cmocka_unit_test(d_not_seen_at_the_first_look_is_not_evidence),
	cmocka_unit_test(d_that_cannot_be_followed_is_not_evidence),
	cmocka_unit_test(a_new_wait_forgets_the_last),
	cmocka_unit_test(one_smtpd_alive_is_no_proof),
	cmocka_unit_test(empty_accept_queue_is_no_proof),
	cmocka_unit_test(no_smtpd_at_all_is_no_proof),
	cmocka_unit_test(wildcard_listen_socket_serves_the_address),
	cmocka_unit_test(socket_not_the_masters_is_ignored),
	cmocka_unit_test(unreadable_proc_is_no_proof),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
