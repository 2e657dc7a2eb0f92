/*++
/* NAME
/*	test_pf_smtp 1
/* SUMMARY
/*	unit tests of the SMTP reply parser and the bounded client
/* SYNOPSIS
/*	test_pf_smtp
/* DESCRIPTION
/*	The parser is fed byte strings. The client talks to a scripted
/*	server, forked by the test, listening on 127.0.0.19 on a port the
/*	kernel picks; the server checks that the client said nothing before
/*	the complete greeting and reports through its exit status.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
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
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pf_rc.h"
#include "pf_smtp.h"

#define TEST_ADDR	"127.0.0.19"

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
 * "R" read one line, "C" close, "X" reset, "H" hang (never answer).
 */
typedef struct server {
    pid_t   pid;
    pf_listener_t listener;
} server_t;

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
	case 'H':
	    pause();
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
	if (accept_it)
	    server_run(lfd, script);
	pause();				/* listen, never accept */
	_exit(0);
    }
    assert_true(srv->pid > 0);
    close(lfd);
}

/* server_status - the script player's verdict (killed if still there) */

static int server_status(server_t *srv)
{
    int     status;
    int     i;

    for (i = 0; i < 300; i++) {
	if (waitpid(srv->pid, &status, WNOHANG) == srv->pid)
	    return (WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status));
	usleep(10000);
    }
    kill(srv->pid, SIGKILL);
    waitpid(srv->pid, &status, 0);
    return (-1);
}

/* server_kill - end a server that hangs on purpose */

static void server_kill(server_t *srv)
{
    kill(srv->pid, SIGKILL);
    waitpid(srv->pid, NULL, 0);
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
    /* An smtpd that stalls after QUIT does not hold the probe. */
    const char *const script[] = {"S:220 ok\r\n", "R:QUIT", "H", NULL};
    server_t srv;
    char    why[512];
    int64_t t0 = pf_now_ms();

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(5000),
				   why, sizeof(why)), PF_OK);
    assert_true(pf_now_ms() - t0 < 2500);
    server_kill(&srv);
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

static void greeting_421_named(void **state)
{
    const char *const script[] = {"S:421 4.3.2 Service shutting down\r\n", "C", NULL};

    probe_named(script, 5000, PF_EFAIL, "greeting 421 4.3.2 Service shutting down");
}

/* allowance_ms - "300 ms" or "2 s" (what a step was allowed) in ms, or -1 */

static long allowance_ms(const char *text)
{
    char   *end;
    long    n = strtol(text, &end, 10);

    if (end == text)
	return (-1);
    if (strcmp(end, " ms") == 0)
	return (n);
    if (strcmp(end, " s") == 0)
	return (n * 1000);
    return (-1);
}

static void no_greeting_times_out(void **state)
{
    const char *const script[] = {"H", NULL};
    server_t srv;
    char    why[512], expect[256];
    int64_t t0 = pf_now_ms();
    long    ms;

    server_start(&srv, script, 1);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(300),
				   why, sizeof(why)), PF_ETIMEOUT);
    assert_true(pf_now_ms() - t0 < 1000);
    /* what the greeting step had left of the 300 ms: the connect before it
     * took some, more on a loaded machine */
    snprintf(expect, sizeof(expect), "%s: no greeting within ", srv.listener.label);
    assert_int_equal(strncmp(why, expect, strlen(expect)), 0);
    ms = allowance_ms(why + strlen(expect));
    assert_true(ms > 0 && ms <= 300);
    server_kill(&srv);
}

static void accepted_by_kernel_only_times_out(void **state)
{
    /* The master owns the socket but no smtpd accepts: connect works. */
    server_t srv;
    char    why[512];
    const char *p;
    long    ms;

    server_start(&srv, NULL, 0);
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(1000),
				   why, sizeof(why)), PF_ETIMEOUT);
    /* "1 s", or "999 ms" when the connect took a millisecond */
    assert_non_null(p = strstr(why, ": no greeting within "));
    ms = allowance_ms(p + strlen(": no greeting within "));
    assert_true(ms > 0 && ms <= 1000);
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

static void wrapper_mode_accepts_connection(void **state)
{
    const char *const script[] = {"Q:300", "C", NULL};
    server_t srv;
    char    why[512];

    server_start(&srv, script, 1);
    srv.listener.tls_wrapper = true;
#ifdef PF_SMTP_TLS
    /* With TLS built in, a server that never does TLS is a failure. */
    assert_int_not_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(1000),
				       why, sizeof(why)), PF_OK);
#else
    assert_int_equal(pf_smtp_probe(&srv.listener, NULL, pf_deadline_after(1000),
				   why, sizeof(why)), PF_OK);
    assert_int_equal(server_status(&srv), 0);	/* and said nothing */
#endif
    server_kill(&srv);
}

static void probe_all_greetings_overlap(void **state)
{
    /* Each server greets 500 ms after it accepts: one after the other
     * would take a second, connected together about half of that. */
    const char *const script[] = {"W:500", "S:220 ok\r\n", "R:QUIT",
	"S:221 bye\r\n", "C", NULL};
    server_t srv[2];
    pf_listener_t l[2];
    bool    done[2] = {false, false};
    char    why[512];
    int64_t t0;

    server_start(srv + 0, script, 1);
    server_start(srv + 1, script, 1);
    l[0] = srv[0].listener;
    l[1] = srv[1].listener;
    t0 = pf_now_ms();
    assert_int_equal(pf_smtp_probe_all(l, 2, done, NULL, pf_deadline_after(5000), 0,
				       why, sizeof(why)), PF_OK);
    assert_true(pf_now_ms() - t0 < 900);
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
    assert_int_equal(pf_smtp_probe_all(l, 2, done, NULL, pf_deadline_after(5000), 0,
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
    assert_int_equal(pf_smtp_probe_all(l, 2, done, NULL, pf_deadline_after(5000), 0,
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
				       pf_deadline_after(5000), 200, why, sizeof(why)),
		     PF_ETIMEOUT);
    snprintf(expect, sizeof(expect), "%s: no greeting within 200 ms", srv.listener.label);
    assert_string_equal(why, expect);
    server_kill(&srv);
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
	cmocka_unit_test(greeting_split_read_before_talking),
	cmocka_unit_test(quit_answer_not_waited_for),
	cmocka_unit_test(ehlo_expects_250),
	cmocka_unit_test(ehlo_refused_named),
	cmocka_unit_test(greeting_421_named),
	cmocka_unit_test(no_greeting_times_out),
	cmocka_unit_test(accepted_by_kernel_only_times_out),
	cmocka_unit_test(closed_before_greeting),
	cmocka_unit_test(reset_before_greeting),
	cmocka_unit_test(malformed_greeting),
	cmocka_unit_test(connection_refused_named),
	cmocka_unit_test(probe_all_greetings_overlap),
	cmocka_unit_test(probe_all_skips_done_listeners),
	cmocka_unit_test(probe_all_first_failure_named),
	cmocka_unit_test(probe_all_step_limit),
	cmocka_unit_test(wrapper_mode_accepts_connection),
    };

    signal(SIGPIPE, SIG_IGN);
    return (cmocka_run_group_tests(tests, NULL, NULL));
}
