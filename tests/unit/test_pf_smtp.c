/*++
/* NAME
/*	test_pf_smtp 1
/* SUMMARY
/*	unit tests of the SMTP reply parser and the bounded client
/* SYNOPSIS
/*	test_pf_smtp
/* DESCRIPTION
/*	The parser is fed byte strings. The client talks to a scripted
/*	server, forked by the test, listening on 127.0.199.1 on a port the
/*	kernel picks; the server checks that the client said nothing before
/*	the complete greeting and reports through its exit status.
/*
/*	No test depends on the machine's speed: a timeout is checked by
/*	the structure of its message and a bound taken from the deadline,
/*	and "connected together" is shown by servers that wait for each
/*	other, not by a stopwatch. Every server a test forks is reaped by
/*	the teardown, even when an assertion fails first; the servers also
/*	die with the test process (PR_SET_PDEATHSIG).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pf_rc.h"
#include "pf_smtp.h"
#include "pf_tls.h"

#define TEST_ADDR	"127.0.199.1"	/* no integration script's (docs/testing.md) */

/* parse - run the parser on a C string */

static int parse(const char *text, pf_smtp_reply_t *reply, size_t *used)
{
    return (pf_smtp_parse_reply(text, strlen(text), reply, used));
}

static void single_line_reply(void **state)
{
    pf_smtp_reply_t r;
    size_t  used = 0;

    assert_int_equal(parse("220 mx.example ESMTP Postfix\r\nextra", &r, &used), PF_OK);
    assert_int_equal(r.code, 220);
    assert_int_equal(r.lines, 1);
    assert_string_equal(r.text, "mx.example ESMTP Postfix");
    assert_int_equal(used, strlen("220 mx.example ESMTP Postfix\r\n"));
}

static void multi_line_reply(void **state)
{
    pf_smtp_reply_t r;
    size_t  used;

    assert_int_equal(parse("220-first\r\n220-second\r\n220 last\r\n", &r, &used), PF_OK);
    assert_int_equal(r.code, 220);
    assert_int_equal(r.lines, 3);
    assert_string_equal(r.text, "first");
}

static void bare_code_and_lf_only(void **state)
{
    pf_smtp_reply_t r;
    size_t  used;

    assert_int_equal(parse("250\n", &r, &used), PF_OK);
    assert_int_equal(r.code, 250);
    assert_string_equal(r.text, "");
}

static void banner_split_across_reads(void **state)
{
    const char *full = "220-mx.example ESMTP\r\n220 ready\r\n";
    pf_smtp_reply_t r;
    size_t  used, i;

    /* Every proper prefix is incomplete, never an error. */
    for (i = 0; i < strlen(full); i++)
	assert_int_equal(pf_smtp_parse_reply(full, i, &r, &used), EAGAIN);
    assert_int_equal(pf_smtp_parse_reply(full, strlen(full), &r, &used), PF_OK);
    assert_int_equal(r.lines, 2);
}

static void bad_codes_rejected(void **state)
{
    pf_smtp_reply_t r;
    size_t  used;

    assert_int_equal(parse("abc hello\r\n", &r, &used), PF_EPARSE);
    assert_int_equal(parse("22\r\n", &r, &used), PF_EPARSE);
    assert_int_equal(parse("600 no\r\n", &r, &used), PF_EPARSE);
    assert_int_equal(parse("120 wait\r\n", &r, &used), PF_EPARSE);
    assert_int_equal(parse("220x bad separator\r\n", &r, &used), PF_EPARSE);
    assert_int_equal(parse("220-a\r\n421 b\r\n", &r, &used), PF_EPARSE);
    /* garbage is refused before its line ends */
    assert_int_equal(parse("HTTP/1.1", &r, &used), PF_EPARSE);
    assert_int_equal(parse("SSH-2.0", &r, &used), PF_EPARSE);
}

static void line_length_limit(void **state)
{
    char    buf[PF_SMTP_MAX_LINE + 16];
    pf_smtp_reply_t r;
    size_t  used;

    memset(buf, 'x', sizeof(buf));
    memcpy(buf, "220 ", 4);
    /* exactly the limit is accepted */
    buf[PF_SMTP_MAX_LINE] = '\n';
    assert_int_equal(pf_smtp_parse_reply(buf, PF_SMTP_MAX_LINE + 1, &r, &used), PF_OK);
    assert_int_equal(strlen(r.text), sizeof(r.text) - 1);
    /* one more is not, with or without its newline yet */
    buf[PF_SMTP_MAX_LINE] = 'x';
    buf[PF_SMTP_MAX_LINE + 1] = '\n';
    assert_int_equal(pf_smtp_parse_reply(buf, PF_SMTP_MAX_LINE + 2, &r, &used), PF_EPARSE);
    assert_int_equal(pf_smtp_parse_reply(buf, PF_SMTP_MAX_LINE + 1, &r, &used),
		     EAGAIN);
    assert_int_equal(pf_smtp_parse_reply(buf, PF_SMTP_MAX_LINE + 3, &r, &used), PF_EPARSE);
}

static void line_count_limit(void **state)
{
    char   *buf = malloc(8 * (PF_SMTP_MAX_LINES + 2));
    pf_smtp_reply_t r;
    size_t  used, len = 0;
    int     i;

    assert_non_null(buf);
    for (i = 0; i < PF_SMTP_MAX_LINES - 1; i++)
	len += (size_t) sprintf(buf + len, "250-x\r\n");
    len += (size_t) sprintf(buf + len, "250 x\r\n");
    assert_int_equal(pf_smtp_parse_reply(buf, len, &r, &used), PF_OK);
    assert_int_equal(r.lines, PF_SMTP_MAX_LINES);
    len = 0;
    for (i = 0; i < PF_SMTP_MAX_LINES; i++)
	len += (size_t) sprintf(buf + len, "250-x\r\n");
    len += (size_t) sprintf(buf + len, "250 x\r\n");
    assert_int_equal(pf_smtp_parse_reply(buf, len, &r, &used), PF_EPARSE);
    free(buf);
}

static void control_characters_cleaned(void **state)
{
    pf_smtp_reply_t r;
    size_t  used;
    const char text[] = "421 a\tb\033c\r\n";

    assert_int_equal(pf_smtp_parse_reply(text, sizeof(text) - 1, &r, &used), PF_OK);
    assert_string_equal(r.text, "a?b?c");
}

/*
 * The scripted server. Script steps: "S:text" send, "W:ms" sleep,
 * "Q:ms" be quiet: fail if the client sends anything within ms,
 * "R" read one line, "C" close, "X" reset, "H" hang (never answer),
 * "D" drain: read until the client hangs up, then close,
 * "P" post: tell the other servers "I have accepted",
 * "G:ms" gate: wait until another server posted (fail after ms),
 * "Y:1", "Y:2" PROXY: read a version 1 or 2 header as Postfix does (one
 * peek must hold it whole) and fail unless it is the header of this very
 * connection, the client's address as source.
 */
typedef struct server {
    pid_t   pid;
    pf_listener_t listener;
} server_t;

#define MAX_CHILDREN	4

static pid_t children[MAX_CHILDREN];	/* forked, not yet reaped */
static int gate[2] = {-1, -1};		/* "P" writes, "G" reads */

/* child_add - remember a forked server until it is reaped */

static void child_add(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++) {
	if (children[i] == 0) {
	    children[i] = pid;
	    return;
	}
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    fail_msg("more than %d servers in one test", MAX_CHILDREN);
}

/* child_reaped - forget a server that has been reaped */

static void child_reaped(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
	if (children[i] == pid)
	    children[i] = 0;
}

/* reap_servers - teardown: kill and reap what a test left, close the gate */

static int reap_servers(void **state)
{
    (void) state;
    for (int i = 0; i < MAX_CHILDREN; i++) {
	if (children[i] > 0) {
	    kill(children[i], SIGKILL);
	    waitpid(children[i], NULL, 0);
	    children[i] = 0;
	}
    }
    for (int i = 0; i < 2; i++) {
	if (gate[i] >= 0)
	    close(gate[i]);
	gate[i] = -1;
    }
    return (0);
}

/* read_line - one line from the client, bounded */

static int read_line(int fd, char *buf, size_t len)
{
    size_t  n = 0;

    while (n + 1 < len) {
	struct pollfd pfd = {.fd = fd,.events = POLLIN};

	if (poll(&pfd, 1, 3000) <= 0 || read(fd, buf + n, 1) != 1)
	    return (-1);
	if (buf[n++] == '\n')
	    break;
    }
    buf[n] = 0;
    return (0);
}

/* server_proxy - in the child: the client's PROXY header, as Postfix reads it */

static void server_proxy(int fd, pf_proxy_t version)
{
    struct sockaddr_storage client, me;
    socklen_t clen = sizeof(client), mlen = sizeof(me);
    struct pollfd pfd = {.fd = fd,.events = POLLIN};
    char    want[PF_SMTP_PROXY_MAX], got[536];
    size_t  n;
    ssize_t peeked;

    if (getpeername(fd, (struct sockaddr *) &client, &clen) < 0
	|| getsockname(fd, (struct sockaddr *) &me, &mlen) < 0
	|| (n = pf_smtp_proxy_header(version, (struct sockaddr *) &client,
				     (struct sockaddr *) &me, want,
				     sizeof(want))) == 0)
	_exit(11);
    /* haproxy_srvr_receive(): wait, peek once, parse what came */
    if (poll(&pfd, 1, 3000) != 1
	|| (peeked = recv(fd, got, sizeof(got), MSG_PEEK)) < (ssize_t) n
	|| memcmp(got, want, n) != 0)
	_exit(12);
    if (read(fd, got, n) != (ssize_t) n)
	_exit(13);
}

/* server_run - in the child: accept one client and play the script */

static void server_run(int lfd, const char *const *script)
{
    char    line[1100];
    int     fd = accept(lfd, NULL, NULL);

    if (fd < 0)
	_exit(2);
    for (; script != NULL && *script; script++) {
	const char *arg = *script + 2;

	switch (**script) {
	case 'S':
	    if (write(fd, arg, strlen(arg)) != (ssize_t) strlen(arg))
		_exit(3);
	    break;
	case 'W':
	    usleep((useconds_t) atoi(arg) * 1000);
	    break;
	case 'Q':{
		struct pollfd pfd = {.fd = fd,.events = POLLIN};
		char    c;

		/* the client may hang up, but must not talk first */
		if (poll(&pfd, 1, atoi(arg)) != 0 && read(fd, &c, 1) != 0)
		    _exit(4);
		break;
	    }
	case 'R':
	    if (read_line(fd, line, sizeof(line)) < 0)
		_exit(5);
	    if (strncmp(line, arg, strlen(arg)) != 0)
		_exit(6);
	    break;
	case 'C':
	    close(fd);
	    _exit(0);
	case 'D':{
		char    buf[512];
		ssize_t n;

		/* EOF, or a reset when the client left data unread */
		while ((n = read(fd, buf, sizeof(buf))) > 0)
		     /* void */ ;
		close(fd);
		_exit(n == 0 || errno == ECONNRESET ? 0 : 7);
	    }
	case 'P':
	    if (write(gate[1], "p", 1) != 1)
		_exit(8);
	    break;
	case 'G':{
		struct pollfd pfd = {.fd = gate[0],.events = POLLIN};
		char    c;

		if (poll(&pfd, 1, atoi(arg)) != 1 || read(gate[0], &c, 1) != 1)
		    _exit(9);
		break;
	    }
	case 'H':
	    pause();
	    break;
	case 'Y':
	    server_proxy(fd, atoi(arg) == 2 ? PF_PROXY_V2 : PF_PROXY_V1);
	    break;
	case 'X':{
		struct linger lg = {.l_onoff = 1,.l_linger = 0};

		/* abortive close: the client sees a reset, not an EOF */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(fd);
		_exit(0);
	    }
	}
    }
    _exit(0);
}

/* server_start - listen on TEST_ADDR, fork the script player */

static void server_start(server_t *srv, const char *const *script, int accept_it)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) &srv->listener.addr;
    int     lfd = socket(AF_INET, SOCK_STREAM, 0);
    int     one = 1;

    assert_true(lfd >= 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&srv->listener, 0, sizeof(srv->listener));
    sin->sin_family = AF_INET;
    inet_pton(AF_INET, TEST_ADDR, &sin->sin_addr);
    srv->listener.addrlen = sizeof(*sin);
    assert_int_equal(bind(lfd, (struct sockaddr *) sin, sizeof(*sin)), 0);
    assert_int_equal(getsockname(lfd, (struct sockaddr *) sin, &srv->listener.addrlen), 0);
    assert_int_equal(listen(lfd, 5), 0);
    snprintf(srv->listener.label, sizeof(srv->listener.label), "smtp %s:%d",
	     TEST_ADDR, ntohs(sin->sin_port));
    if ((srv->pid = fork()) == 0) {
	/* never outlive the test, whatever happens to it */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
	    _exit(10);
	if (accept_it)
	    server_run(lfd, script);
	pause();				/* listen, never accept */
	_exit(0);
    }
    close(lfd);
    assert_true(srv->pid > 0);
    child_add(srv->pid);
}

/*
 * server_status - the script player's verdict. A server still there
 * after 30 s (only ever in a failing test) is killed: -1.
 */

static int server_status(server_t *srv)
{
    int     status;
    int     i;

    for (i = 0; i < 3000; i++) {
	if (waitpid(srv->pid, &status, WNOHANG) == srv->pid) {
	    child_reaped(srv->pid);
	    return (WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status));
	}
	usleep(10000);
    }
    kill(srv->pid, SIGKILL);
    waitpid(srv->pid, &status, 0);
    child_reaped(srv->pid);
    return (-1);
}

/* server_kill - end a server that hangs on purpose */

static void server_kill(server_t *srv)
{
    kill(srv->pid, SIGKILL);
    waitpid(srv->pid, NULL, 0);
    child_reaped(srv->pid);
}

/*
 * assert_timeout_named - why is "<label>: no <what> within <N> s|ms",
 * and N is no more than the max_ms the step was given. The exact
 * figure is what was left of the deadline when the step began, so
 * it depends on the machine: only its form and its bound are checked.
 */

static void assert_timeout_named(const char *why, const char *label,
				         const char *what, int64_t max_ms)
{
    char    head[300], unit[4];
    long long n;
    int     used = 0;

    snprintf(head, sizeof(head), "%s: no %s within ", label, what);
    assert_true(strncmp(why, head, strlen(head)) == 0);
    assert_int_equal(sscanf(why + strlen(head), "%lld %3s%n", &n, unit, &used), 2);
    assert_int_equal(why[strlen(head) + (size_t) used], 0);
    if (strcmp(unit, "s") == 0) {
	/* whole seconds, rounded to nearest: 1 s is at least 500 ms */
	assert_true(n >= 1);
	assert_true(n * 1000 - 500 <= max_ms);
    } else {
	assert_string_equal(unit, "ms");
	assert_true(n >= 0 && n < 1000 && n <= max_ms);
    }
}

/* probe_named - probe a scripted server; why must be "<label>: <cause>" */

static int probe_named(const char *const *script, int deadline_ms, int rc,
		               const char *cause)
{
    server_t srv;
    char    why[512], expect[512];

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(deadline_ms),
				   why, sizeof(why)), rc);
    snprintf(expect, sizeof(expect), "%s: %s", srv.listener.label, cause);
    assert_string_equal(why, expect);
    return (server_status(&srv));
}

static void greeting_split_read_before_talking(void **state)
{
    const char *const script[] = {"S:220-pfkit.invalid ESMTP", "Q:150",
	"S:\r\n220", "Q:150", "S: ready\r\n", "R:QUIT", "S:221 bye\r\n", "C", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(5000),
				   why, sizeof(why)), PF_OK);
    assert_int_equal(server_status(&srv), 0);
}

static void quit_answer_not_waited_for(void **state)
{
    /*
     * An smtpd that stalls after QUIT does not hold the probe: the client
     * hangs up with the 221 unread. A probe that waited for it would hold
     * the connection until its deadline, and the server, which drains
     * until the client closes, would still be there after it.
     */
    const char *const script[] = {"S:220 ok\r\n", "R:QUIT", "D", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(60000),
				   why, sizeof(why)), PF_OK);
    /* returned with the 221 unsent, and hung up: the server saw EOF */
    assert_int_equal(server_status(&srv), 0);
}

static void ehlo_expects_250(void **state)
{
    const char *const script[] = {"S:220 ok\r\n", "R:EHLO probe.invalid",
	"S:250-pfkit.invalid\r\n250-PIPELINING\r\n250 8BITMIME\r\n", "R:QUIT",
	"S:221 bye\r\n", "C", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, "probe.invalid",
				   pf_deadline_after(5000), why, sizeof(why)), PF_OK);
    assert_int_equal(server_status(&srv), 0);
}

static void ehlo_refused_named(void **state)
{
    const char *const script[] = {"S:220 ok\r\n", "R:EHLO",
	"S:502 5.5.2 Error: command not recognized\r\n", "C", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, "x", pf_deadline_after(5000),
				   why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, ": EHLO answered 502 5.5.2 Error"));
    assert_int_equal(server_status(&srv), 0);
}

static void pregreeting_recognised(void **state)
{
    static const struct {
	const char *buf;
	bool    yes;
    } t[] = {
	{"220-mx.pfkit.invalid ESMTP\r\n", true},
	{"220-mx.pfkit.invalid ESMTP\n", true},
	{"220-\n", true},
	{"220-mx.pfkit.invalid ESM", false},	/* line not complete */
	{"220 mx.pfkit.invalid ESMTP\r\n", false},
	{"421-busy\r\n", false},
	{"220", false},
	{"", false},
    };
    size_t  i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
	if (pf_smtp_pregreeting(t[i].buf, strlen(t[i].buf)) != t[i].yes)
	    fail_msg("\"%s\": expected %d", t[i].buf, t[i].yes);
}

static void postscreen_pregreeting_ends_probe(void **state)
{
    /*
     * postscreen sends "220-" and holds the rest for postscreen_greet_wait
     * (here: forever). The probe must succeed on that line and hang up
     * without a word, with or without EHLO asked (a word would be a
     * pregreet violation: the server script exits 4).
     */
    const char *const script[] = {"S:220-mx.pfkit.invalid ESMTP\r\n",
	"Q:20000", "C", NULL};
    const char *ehlo[] = {NULL, "probe.invalid"};
    server_t srv;
    char    why[512], expect[512];
    int     i;

    for (i = 0; i < 2; i++) {
	server_start(&srv, script, 1);
	srv.listener.pregreet = true;
	assert_int_equal(pf_smtp_probe(&srv.listener, ehlo[i],
				       pf_deadline_after(20000), why,
				       sizeof(why)), PF_OK);
	snprintf(expect, sizeof(expect), "%s: postscreen pregreeting 220-",
		 srv.listener.label);
	assert_string_equal(why, expect);
	assert_int_equal(server_status(&srv), 0);
    }
}

static void postscreen_pass_read_as_smtpd(void **state)
{
    /* a client postscreen lets through meets smtpd: whole reply, QUIT */
    const char *const script[] = {"S:220 mx.pfkit.invalid ESMTP\r\n",
	"R:QUIT", "S:221 bye\r\n", "C", NULL};
    const char *const multi[] = {"S:220-mx.pfkit.invalid\r\n220 ESMTP\r\n",
	"R:EHLO", "S:250 ok\r\n", "R:QUIT", "C", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    srv.listener.pregreet = true;
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(5000),
				   why, sizeof(why)), PF_OK);
    assert_non_null(strstr(why, ": greeting 220"));
    assert_int_equal(server_status(&srv), 0);
    server_start(&srv, multi, 1);
    srv.listener.pregreet = true;
    assert_int_equal(pf_smtp_probe(&srv.listener, "x", pf_deadline_after(5000),
				   why, sizeof(why)), PF_OK);
    assert_int_equal(server_status(&srv), 0);
}

static void pregreeting_of_smtpd_waited_for(void **state)
{
    /* not postscreen: a "220-" line is only the start of the greeting */
    const char *const script[] = {"S:220-mx.pfkit.invalid\r\n", "H", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(300),
				   why, sizeof(why)), PF_ETIMEOUT);
    assert_non_null(strstr(why, ": no greeting within"));
    server_kill(&srv);
}

static void greeting_421_named(void **state)
{
    const char *const script[] = {"S:421 4.3.2 Service shutting down\r\n", "C", NULL};

    probe_named(script, 5000, PF_EFAIL, "greeting 421 4.3.2 Service shutting down");
}

static void no_greeting_times_out(void **state)
{
    const char *const script[] = {"H", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(300),
				   why, sizeof(why)), PF_ETIMEOUT);
    assert_timeout_named(why, srv.listener.label, "greeting", 300);
    server_kill(&srv);
}

static void accepted_by_kernel_only_times_out(void **state)
{
    /* The master owns the socket but no smtpd accepts: connect works. */
    server_t srv;
    char    why[512];

    server_start(&srv, NULL, 0);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(1000),
				   why, sizeof(why)), PF_ETIMEOUT);
    assert_timeout_named(why, srv.listener.label, "greeting", 1000);
    server_kill(&srv);
}

static void closed_before_greeting(void **state)
{
    const char *const script[] = {"C", NULL};

    probe_named(script, 3000, PF_EFAIL, "connection closed before the greeting");
}

static void reset_before_greeting(void **state)
{
    const char *const script[] = {"X", NULL};

    assert_int_equal(probe_named(script, 3000, PF_EFAIL,
				 "connection reset before the greeting"), 0);
}

static void malformed_greeting(void **state)
{
    const char *const script[] = {"S:SSH-2.0-OpenSSH_9.2\r\n", "W:200", "C", NULL};

    probe_named(script, 3000, PF_EFAIL, "malformed greeting");
}

/* sin4, sin6 - socket addresses for the encoder's tests */

static struct sockaddr_in sin4(const char *addr, int port)
{
    struct sockaddr_in sin;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short) port);
    assert_int_equal(inet_pton(AF_INET, addr, &sin.sin_addr), 1);
    return (sin);
}

static struct sockaddr_in6 sin6(const char *addr, int port)
{
    struct sockaddr_in6 sin;

    memset(&sin, 0, sizeof(sin));
    sin.sin6_family = AF_INET6;
    sin.sin6_port = htons((unsigned short) port);
    assert_int_equal(inet_pton(AF_INET6, addr, &sin.sin6_addr), 1);
    return (sin);
}

#define SA(x)	((const struct sockaddr *) &(x))

/* header_is - the encoder makes exactly want (len bytes) */

static void header_is(pf_proxy_t version, const struct sockaddr *src,
		              const struct sockaddr *dst, const void *want,
		              size_t len)
{
    char    buf[PF_SMTP_PROXY_MAX];

    assert_int_equal(pf_smtp_proxy_header(version, src, dst, buf,
					  sizeof(buf)), len);
    assert_memory_equal(buf, want, len);
}

static void proxy_v1_header_ipv4(void **state)
{
    struct sockaddr_in src = sin4("192.0.2.1", 40000);
    struct sockaddr_in dst = sin4("198.51.100.2", 25);
    const char want[] = "PROXY TCP4 192.0.2.1 198.51.100.2 40000 25\r\n";

    header_is(PF_PROXY_V1, SA(src), SA(dst), want, strlen(want));
}

static void proxy_v1_header_ipv6(void **state)
{
    struct sockaddr_in6 src = sin6("2001:db8::1", 40000);
    struct sockaddr_in6 dst = sin6("::1", 587);
    struct sockaddr_in6 big = sin6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
				   65535);
    char    buf[PF_SMTP_PROXY_MAX];
    const char want[] = "PROXY TCP6 2001:db8::1 ::1 40000 587\r\n";
    size_t  n;

    header_is(PF_PROXY_V1, SA(src), SA(dst), want, strlen(want));
    /* the longest line fits, within the protocol's 107 bytes */
    n = pf_smtp_proxy_header(PF_PROXY_V1, SA(big), SA(big), buf, sizeof(buf));
    assert_int_equal(n, strlen("PROXY TCP6 ") + 2 * 40 + 2 * 6 - 1 + 2);
    assert_true(n <= 107);
}

static void proxy_v2_header_ipv4(void **state)
{
    struct sockaddr_in src = sin4("192.0.2.1", 40000);
    struct sockaddr_in dst = sin4("198.51.100.2", 25);
    static const unsigned char want[] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a,
	0x21, 0x11, 0x00, 0x0c,		/* v2 PROXY, TCP4, 12 bytes */
	192, 0, 2, 1, 198, 51, 100, 2,	/* source, destination */
	0x9c, 0x40, 0x00, 0x19,		/* 40000, 25 */
    };

    header_is(PF_PROXY_V2, SA(src), SA(dst), want, sizeof(want));
}

static void proxy_v2_header_ipv6(void **state)
{
    struct sockaddr_in6 src = sin6("2001:db8::1", 40000);
    struct sockaddr_in6 dst = sin6("::1", 587);
    static const unsigned char want[] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a,
	0x21, 0x21, 0x00, 0x24,		/* v2 PROXY, TCP6, 36 bytes */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x9c, 0x40, 0x02, 0x4b,		/* 40000, 587 */
    };

    header_is(PF_PROXY_V2, SA(src), SA(dst), want, sizeof(want));
}

static void proxy_header_not_made(void **state)
{
    struct sockaddr_in a4 = sin4("192.0.2.1", 40000);
    struct sockaddr_in6 a6 = sin6("::1", 25);
    struct sockaddr un = {.sa_family = AF_UNIX};
    char    buf[PF_SMTP_PROXY_MAX];

    assert_int_equal(pf_smtp_proxy_header(PF_PROXY_NONE, SA(a4), SA(a4), buf,
					  sizeof(buf)), 0);
    assert_int_equal(pf_smtp_proxy_header(PF_PROXY_V1, SA(a4), SA(a6), buf,
					  sizeof(buf)), 0);
    assert_int_equal(pf_smtp_proxy_header(PF_PROXY_V2, SA(a6), SA(a4), buf,
					  sizeof(buf)), 0);
    assert_int_equal(pf_smtp_proxy_header(PF_PROXY_V1, &un, &un, buf,
					  sizeof(buf)), 0);
    /* too short by one byte: nothing, never a cut header */
    assert_int_equal(pf_smtp_proxy_header(PF_PROXY_V1, SA(a4), SA(a4), buf,
		   strlen("PROXY TCP4 192.0.2.1 192.0.2.1 40000 40000\r\n")), 0);
    assert_int_equal(pf_smtp_proxy_header(PF_PROXY_V2, SA(a6), SA(a6), buf,
					  16 + 36 - 1), 0);
}

static void proxy_header_sent_first(void **state)
{
    const char *const v1[] = {"Y:1", "S:220 ok\r\n", "R:EHLO probe.invalid",
	"S:250 ok\r\n", "R:QUIT", "C", NULL};
    const char *const v2[] = {"Y:2", "S:220 ok\r\n", "R:QUIT", "C", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, v1, 1);
    srv.listener.proxy = PF_PROXY_V1;
    assert_int_equal(pf_smtp_probe(&srv.listener, "probe.invalid",
				   pf_deadline_after(5000), why, sizeof(why)),
		     PF_OK);
    assert_int_equal(server_status(&srv), 0);
    server_start(&srv, v2, 1);
    srv.listener.proxy = PF_PROXY_V2;
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL,
				   pf_deadline_after(5000), why, sizeof(why)),
		     PF_OK);
    assert_int_equal(server_status(&srv), 0);
}

static void proxy_header_named_in_failure(void **state)
{
    /* Postfix refused the header: it hangs up without a greeting */
    const char *const script[] = {"Y:1", "C", NULL};
    server_t srv;
    char    why[512], expect[512];

    server_start(&srv, script, 1);
    srv.listener.proxy = PF_PROXY_V1;
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL,
				   pf_deadline_after(3000), why, sizeof(why)),
		     PF_EFAIL);
    snprintf(expect, sizeof(expect), "%s: connection closed before the "
	     "greeting (PROXY v1 header sent)", srv.listener.label);
    assert_string_equal(why, expect);
    assert_int_equal(server_status(&srv), 0);
}

static void proxy_header_precedes_tls(void **state)
{
    /* smtps behind a proxy: the header in clear, then the handshake */
    const char *const script[] = {"Y:1", "S:220 plain ok\r\n", "D", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    srv.listener.tls_wrapper = true;
    srv.listener.proxy = PF_PROXY_V1;
    (void) pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(5000), why,
			 sizeof(why));
    /* the server's first read was the header, not a TLS client hello */
    assert_int_equal(server_status(&srv), 0);
}

/* refused_listener - a port that was free a moment ago, nothing listening */

static void refused_listener(pf_listener_t *l)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) &l->addr;
    socklen_t len = sizeof(*sin);
    int     fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(l, 0, sizeof(*l));
    sin->sin_family = AF_INET;
    inet_pton(AF_INET, TEST_ADDR, &sin->sin_addr);
    assert_int_equal(bind(fd, (struct sockaddr *) sin, sizeof(*sin)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *) sin, &len), 0);
    close(fd);
    l->addrlen = len;
    snprintf(l->label, sizeof(l->label), "smtp %s:%d", TEST_ADDR, ntohs(sin->sin_port));
}

static void connection_refused_named(void **state)
{
    pf_listener_t l;
    char    why[512], expect[256];

    refused_listener(&l);
    assert_int_equal(pf_smtp_probe(&l, NULL, pf_deadline_after(2000), why, sizeof(why)),
		     PF_EFAIL);
    snprintf(expect, sizeof(expect), "%s: connection refused", l.label);
    assert_string_equal(why, expect);
}

static void wrapper_mode_needs_a_tls_handshake(void **state)
{
    /* a plain SMTP server behind an smtps (wrapper mode) listener */
    const char *const script[] = {"S:220 plain ok\r\n", "D", NULL};
    server_t srv;
    char    why[512], expect[256];
    int     rc;

    server_start(&srv, script, 1);
    srv.listener.tls_wrapper = true;
    rc = pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(5000), why, sizeof(why));
    if (pf_tls_available()) {
	/* the plain greeting is no TLS server hello: refused, named */
	assert_int_equal(rc, PF_EFAIL);
	snprintf(expect, sizeof(expect), "%s: TLS handshake: ", srv.listener.label);
	assert_true(strncmp(why, expect, strlen(expect)) == 0);
	assert_int_equal(server_status(&srv), 0);
	return;
    }
    /* no TLS here: the connection alone is taken, and said so */
    assert_int_equal(rc, PF_OK);
    snprintf(expect, sizeof(expect), "%s: connection accepted (no TLS support, "
	     "greeting not checked)", srv.listener.label);
    assert_string_equal(why, expect);
    assert_int_equal(server_status(&srv), 0);
}

static void probe_all_greetings_overlap(void **state)
{
    /*
     * The first server greets only once the second has accepted its
     * connection. Connected one after the other, the second connection
     * would come only after the first greeting: the first server would
     * wait in vain and give up. Connected together, both greet.
     */
    const char *const first[] = {"G:20000", "S:220 ok\r\n", "R:QUIT",
	"S:221 bye\r\n", "C", NULL};
    const char *const second[] = {"P", "S:220 ok\r\n", "R:QUIT",
	"S:221 bye\r\n", "C", NULL};
    server_t srv[2];
    pf_listener_t l[2];
    bool    done[2] = {false, false};
    char    why[512];

    assert_int_equal(pipe(gate), 0);
    server_start(srv + 0, first, 1);
    server_start(srv + 1, second, 1);
    l[0] = srv[0].listener;
    l[1] = srv[1].listener;
    assert_int_equal(pf_smtp_probe_all(l, 2, done, NULL, pf_deadline_after(60000), 0, NULL,
				       why, sizeof(why)), PF_OK);
    assert_true(done[0] && done[1]);
    assert_int_equal(server_status(srv + 0), 0);
    assert_int_equal(server_status(srv + 1), 0);
}

static void probe_all_skips_done_listeners(void **state)
{
    const char *const script[] = {"S:220 ok\r\n", "R:QUIT", "S:221 bye\r\n", "C", NULL};
    server_t srv;
    pf_listener_t l[2];
    bool    done[2] = {true, false};
    char    why[512], expect[256];

    refused_listener(l + 0);		/* would fail, but already seen */
    server_start(&srv, script, 1);
    l[1] = srv.listener;
    assert_int_equal(pf_smtp_probe_all(l, 2, done, NULL, pf_deadline_after(5000), 0, NULL,
				       why, sizeof(why)), PF_OK);
    assert_true(done[1]);
    snprintf(expect, sizeof(expect), "%s: greeting 220", l[1].label);
    assert_string_equal(why, expect);
    assert_int_equal(server_status(&srv), 0);
}

static void probe_all_first_failure_named(void **state)
{
    /* The second server is connected to, but never talked to. */
    const char *const quiet[] = {"Q:300", "C", NULL};
    server_t srv;
    pf_listener_t l[2];
    bool    done[2] = {false, false};
    char    why[512], expect[256];

    refused_listener(l + 0);
    server_start(&srv, quiet, 1);
    l[1] = srv.listener;
    assert_int_equal(pf_smtp_probe_all(l, 2, done, NULL, pf_deadline_after(5000), 0, NULL,
				       why, sizeof(why)), PF_EFAIL);
    snprintf(expect, sizeof(expect), "%s: connection refused", l[0].label);
    assert_string_equal(why, expect);
    assert_false(done[0] || done[1]);
    assert_int_equal(server_status(&srv), 0);
}

static void probe_all_step_limit(void **state)
{
    const char *const script[] = {"H", NULL};
    server_t srv;
    char    why[512], expect[256];

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe_all(&srv.listener, 1, NULL, NULL,
				       pf_deadline_after(5000), 200, NULL, why, sizeof(why)),
		     PF_ETIMEOUT);
    snprintf(expect, sizeof(expect), "%s: no greeting within 200 ms", srv.listener.label);
    assert_string_equal(why, expect);
    server_kill(&srv);
}

/*
 * The stall check's looks: how many of each kind the probe made, which
 * came last, and which kinds prove a stall (a bit per pf_smtp_look_t).
 */
static int looks[3];
static int last_look = -1;

/* fake_stall - a stall check that proves on the looks *arg names */

static int fake_stall(const pf_listener_t *l, void *arg, pf_smtp_look_t look,
		              char *cause, size_t len)
{
    looks[look]++;
    last_look = look;
    if ((*(int *) arg & (1 << look)) == 0)
	return (PF_OK);
    snprintf(cause, len, "smtpd pid 4242 stuck in D state for 1.0 s");
    return (PF_EFAIL);
}

/* looked - probe a silent server with fake_stall proving on prove */

static int looked(int prove, int deadline_ms, char *why, size_t len,
		          server_t *srv)
{
    const char *const script[] = {"H", NULL};
    int     rc;

    memset(looks, 0, sizeof(looks));
    last_look = -1;
    server_start(srv, script, 1);
    rc = pf_smtp_probe_all(&srv->listener, 1, NULL, NULL,
			   pf_deadline_after(deadline_ms), 0,
			   &(pf_smtp_stall_t) {fake_stall, &prove}, why, len);
    server_kill(srv);
    return (rc);
}

static void stall_proof_twice_ends_the_wait(void **state)
{
    server_t srv;
    char    why[512], expect[512];

    /* stopped smtpd: proven at two looks in a row, long before 10 s */
    assert_int_equal(looked(1 << PF_SMTP_LOOK_FIRST | 1 << PF_SMTP_LOOK_AGAIN,
			    10000, why, sizeof(why), &srv), PF_EFAIL);
    snprintf(expect, sizeof(expect), "%s: smtpd pid 4242 stuck in D state for 1.0 s",
	     srv.listener.label);
    assert_string_equal(why, expect);
    assert_int_equal(looks[PF_SMTP_LOOK_FIRST], 1);
    assert_int_equal(looks[PF_SMTP_LOOK_AGAIN], 1);
    assert_int_equal(looks[PF_SMTP_LOOK_DEADLINE], 0);
}

static void stall_proof_at_deadline_joins_the_timeout(void **state)
{
    server_t srv;
    char    why[512], *proof;

    /* D state: no proof while the wait lasts, the deadline's look proves */
    assert_int_equal(looked(1 << PF_SMTP_LOOK_DEADLINE, 2000, why, sizeof(why), &srv),
		     PF_ETIMEOUT);
    assert_non_null(proof = strstr(why, "; "));
    assert_string_equal(proof, "; smtpd pid 4242 stuck in D state for 1.0 s");
    *proof = 0;
    assert_timeout_named(why, srv.listener.label, "greeting", 2000);
    assert_int_equal(looks[PF_SMTP_LOOK_FIRST], 1);
    assert_true(looks[PF_SMTP_LOOK_AGAIN] >= 1);
    assert_int_equal(looks[PF_SMTP_LOOK_DEADLINE], 1);
    assert_int_equal(last_look, PF_SMTP_LOOK_DEADLINE);
    /* no proof at the deadline either: the timeout alone */
    assert_int_equal(looked(0, 1000, why, sizeof(why), &srv), PF_ETIMEOUT);
    assert_timeout_named(why, srv.listener.label, "greeting", 1000);
    assert_int_equal(looks[PF_SMTP_LOOK_DEADLINE], 1);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(single_line_reply),
	cmocka_unit_test(multi_line_reply),
	cmocka_unit_test(bare_code_and_lf_only),
	cmocka_unit_test(banner_split_across_reads),
	cmocka_unit_test(bad_codes_rejected),
	cmocka_unit_test(line_length_limit),
	cmocka_unit_test(line_count_limit),
	cmocka_unit_test(control_characters_cleaned),
	cmocka_unit_test(proxy_v1_header_ipv4),
	cmocka_unit_test(proxy_v1_header_ipv6),
	cmocka_unit_test(proxy_v2_header_ipv4),
	cmocka_unit_test(proxy_v2_header_ipv6),
	cmocka_unit_test(proxy_header_not_made),
	cmocka_unit_test_teardown(greeting_split_read_before_talking, reap_servers),
	cmocka_unit_test_teardown(quit_answer_not_waited_for, reap_servers),
	cmocka_unit_test_teardown(ehlo_expects_250, reap_servers),
	cmocka_unit_test_teardown(ehlo_refused_named, reap_servers),
	cmocka_unit_test_teardown(pregreeting_recognised, reap_servers),
	cmocka_unit_test_teardown(postscreen_pregreeting_ends_probe, reap_servers),
	cmocka_unit_test_teardown(postscreen_pass_read_as_smtpd, reap_servers),
	cmocka_unit_test_teardown(pregreeting_of_smtpd_waited_for, reap_servers),
	cmocka_unit_test_teardown(greeting_421_named, reap_servers),
	cmocka_unit_test_teardown(no_greeting_times_out, reap_servers),
	cmocka_unit_test_teardown(accepted_by_kernel_only_times_out, reap_servers),
	cmocka_unit_test_teardown(closed_before_greeting, reap_servers),
	cmocka_unit_test_teardown(reset_before_greeting, reap_servers),
	cmocka_unit_test_teardown(malformed_greeting, reap_servers),
	cmocka_unit_test(connection_refused_named),
	cmocka_unit_test_teardown(probe_all_greetings_overlap, reap_servers),
	cmocka_unit_test_teardown(probe_all_skips_done_listeners, reap_servers),
	cmocka_unit_test_teardown(probe_all_first_failure_named, reap_servers),
	cmocka_unit_test_teardown(probe_all_step_limit, reap_servers),
	cmocka_unit_test_teardown(stall_proof_twice_ends_the_wait, reap_servers),
	cmocka_unit_test_teardown(stall_proof_at_deadline_joins_the_timeout, reap_servers),
	cmocka_unit_test_teardown(wrapper_mode_needs_a_tls_handshake, reap_servers),
	cmocka_unit_test_teardown(proxy_header_sent_first, reap_servers),
	cmocka_unit_test_teardown(proxy_header_named_in_failure, reap_servers),
	cmocka_unit_test_teardown(proxy_header_precedes_tls, reap_servers),
    };

    signal(SIGPIPE, SIG_IGN);
    return (cmocka_run_group_tests(tests, NULL, NULL));
}
