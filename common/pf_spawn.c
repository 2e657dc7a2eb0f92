/*++
/* NAME
/*	pf_spawn 3
/* SUMMARY
/*	run a program safely: argv, clean environment, deadline
/* SYNOPSIS
/*	#include "pf_spawn.h"
/*
/*	int	pf_spawn_run(const pf_spawn_opts_t *opts,
/*			pf_spawn_result_t *res)
/*	void	pf_spawn_result_free(pf_spawn_result_t *res)
/*	const char *pf_spawn_last_line(const char *text, char *buf,
/*			size_t len)
/*
/*	int	pf_spawn_explain(int rc, const pf_spawn_result_t *res,
/*			int flags, const char *what, const char *none,
/*			char *why, size_t len)
/* DESCRIPTION
/*	pf_spawn_run() runs opts->argv[0] with execve(): no shell ever sees
/*	an argument. The child gets stdin from /dev/null, stdout and stderr
/*	on pipes read by the parent, no other open descriptor, default
/*	signal dispositions, an empty signal mask, a session of its own,
/*	and an environment of PATH=/usr/sbin:/usr/bin:/sbin:/bin and
/*	LC_ALL=C plus opts->env.
/*
/*	With PF_SPAWN_PTY_STDERR the child's stderr is a pseudo-terminal
/*	instead of a pipe (never its controlling terminal): Postfix's
/*	postfix(1) and postlog(1) write their diagnostics to stderr only
/*	when it is a terminal, and the agent wants to quote them.
/*
/*	The call returns when the child has exited, not when its output
/*	ends: a daemon it started may keep the pipes open. If the child
/*	is still running at opts->deadline, its process group gets SIGTERM,
/*	then SIGKILL PF_SPAWN_GRACE_MS later, and it is reaped. Processes
/*	that left the group (Postfix's master calls setsid()) are not
/*	touched: this module only ever signals what it started.
/*
/*	With opts->until set, the call also checks it every 10 ms while
/*	the child runs; once it returns true, the child's group gets
/*	SIGTERM (then SIGKILL as above), is reaped, res->ended_early is
/*	set and the call returns 0. This is for commands that wait for an
/*	effect the caller can observe sooner: postfix-script's stop polls
/*	the master's lock once a second.
/*
/*	res receives the exit status and the last opts->capture_max bytes
/*	of each stream (NUL-terminated, carriage returns removed);
/*	pf_spawn_result_free() releases them, and leaves res->out and
/*	res->err NULL, so that calling it twice is harmless. After a
/*	timeout res holds what the child wrote before it was killed; a
/*	pf_spawn_run() that returns an errno (nothing ran, or execve()
/*	failed) has already released its buffers itself. Calling
/*	pf_spawn_result_free() after every pf_spawn_run() stays correct.
/*
/*	The waiting is timed_waitpid(), as in Postfix's spawn_command():
/*	it reaps the child, reads its output meanwhile, and ends it by the
/*	deadline or once until() holds.
/*
/*	pf_spawn_last_line() copies the last non-empty line of text into
/*	buf and returns buf ("" when there is none).
/*
/*	pf_spawn_explain() is the one wording of a run that failed, for
/*	every caller of pf_spawn_run() (rc its result, res what it
/*	filled): nothing when the program ran and exited 0 (or ended
/*	early by until()); else why receives, after "what: ", "no answer
/*	by the deadline" (PF_ETIMEOUT) followed by the program's last line
/*	in parentheses when it wrote one, pf_strerror(rc) when it could not
/*	be run, or, when it ran and failed, its last line (none when it
/*	wrote nothing), preceded by "exit status N: " with
/*	PF_SPAWN_WHY_STATUS. The last line is stderr's; with
/*	PF_SPAWN_WHY_STDOUT, stdout's when stderr has none. It returns
/*	PF_OK, rc, or PF_ECMD (it ran and failed): a fact, which the
/*	caller translates into what it means.
/* DIAGNOSTICS
/*	pf_spawn_run() returns 0 when the child ran (whatever its exit
/*	status), an errno value when it could not be started (ENOENT,
/*	EACCES, ... from execve, reported through a close-on-exec pipe),
/*	or PF_ETIMEOUT when it was killed at the deadline.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "pf_log.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#define MAX_ENV	32

typedef struct capture {
    char   *buf;
    size_t  len;
    size_t  max;
    int     fd;
} capture_t;

/* capture_add - keep the last max bytes, without carriage returns */

static void capture_add(capture_t *cap, const char *data, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
	if (data[i] == '\r')
	    continue;
	if (cap->len == cap->max) {
	    memmove(cap->buf, cap->buf + cap->max / 2, cap->max - cap->max / 2);
	    cap->len = cap->max - cap->max / 2;
	}
	cap->buf[cap->len++] = data[i];
    }
    cap->buf[cap->len] = 0;
}

/* capture_read - read what is there; 0 at end of stream */

static int capture_read(capture_t *cap)
{
    char    chunk[4096];
    ssize_t n;

    for (;;) {
	n = read(cap->fd, chunk, sizeof(chunk));
	if (n > 0) {
	    capture_add(cap, chunk, (size_t) n);
	    continue;
	}
	if (n < 0 && errno == EINTR)
	    continue;
	if (n < 0 && errno == EAGAIN)
	    return (1);
	/* EOF, or EIO from a pty whose slave side is closed */
	close(cap->fd);
	cap->fd = -1;
	return (0);
    }
}

/* open_pty - a raw pseudo-terminal pair; both close-on-exec */

static int open_pty(int *master, int *slave)
{
    struct termios tio;
    const char *name;

    if ((*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
	return (errno);
    if (grantpt(*master) < 0 || unlockpt(*master) < 0
	|| (name = ptsname(*master)) == NULL
	|| (*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
	int     err = errno;

	close(*master);
	return (err);
    }
    if (tcgetattr(*slave, &tio) == 0) {
	cfmakeraw(&tio);
	tcsetattr(*slave, TCSANOW, &tio);
    }
    return (0);
}

/* child_exec - in the child: set up and execve; never returns */

static void child_exec(const pf_spawn_opts_t *opts, int out_fd, int err_fd,
		               int report_fd)
{
    const char *envp[MAX_ENV + 3];
    sigset_t mask;
    int     n = 0;
    int     sig;
    int     fd;
    int     err;

    setsid();
    sigemptyset(&mask);
    sigprocmask(SIG_SETMASK, &mask, NULL);
    for (sig = 1; sig < NSIG; sig++)
	if (sig != SIGKILL && sig != SIGSTOP)
	    signal(sig, SIG_DFL);

    if ((fd = open("/dev/null", O_RDONLY)) < 0)
	goto fail;
    if (dup2(fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
	goto fail;
    /* Keep only the close-on-exec error report pipe, as descriptor 3. */
    if (report_fd != 3) {
	if (dup3(report_fd, 3, O_CLOEXEC) < 0)
	    goto fail;
	report_fd = 3;
    }
    if (close_range(4, ~0U, 0) < 0)
	for (fd = 4; fd < 65536; fd++)
	    close(fd);

    envp[n++] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
    envp[n++] = "LC_ALL=C";
    if (opts->env)
	for (int i = 0; opts->env[i] && n < MAX_ENV + 2; i++)
	    envp[n++] = opts->env[i];
    envp[n] = NULL;
    /* execve() takes char *const[] for historical reasons only. */
    {
	union {
	    const char *const *c;
	    char   *const *v;
	}       a = {.c = opts->argv}, e = {.c = envp};

	execve(opts->argv[0], a.v, e.v);
    }

fail:
    err = errno;
    (void) !write(report_fd, &err, sizeof(err));
    _exit(127);
}

/* kill_group - signal the child's process group (its own session) */

static void kill_group(pid_t pid, int sig)
{
    if (kill(-pid, sig) < 0)
	kill(pid, sig);
}

/* end_child - SIGTERM to the child's group; when to follow with SIGKILL */

static pf_deadline_t end_child(pid_t pid)
{
    kill_group(pid, SIGTERM);
    return (pf_deadline_after(PF_SPAWN_GRACE_MS));
}

/*
 * timed_waitpid - wait for the child, capturing its output, ending it by
 * the deadline or once until() holds (SIGTERM to its process group, then
 * SIGKILL after PF_SPAWN_GRACE_MS), as Postfix's spawn_command() hands
 * its waiting to timed_waitpid(). The child is always reaped: 0, or the
 * errno of a failed poll() (the child is then killed and reaped too).
 */

static int timed_waitpid(const pf_spawn_opts_t *opts, pid_t pid, int pidfd,
			         capture_t *out, capture_t *err,
			         pf_spawn_result_t *res)
{
    bool    killed = false;
    pf_deadline_t kill_at = 0;
    int     rc;

    for (;;) {
	struct pollfd pfd[3];
	int     nfd = 0;
	int     wait_ms;
	int     status;

	if (waitpid(pid, &status, WNOHANG) == pid) {
	    res->status = status;
	    return (0);
	}
	if (!killed && opts->until && opts->until(opts->until_arg)) {
	    pf_debug("%s: goal reached, ending it " PF_XS " pid=%ld",
		     opts->argv[0], (long) pid);
	    res->ended_early = killed = true;
	    kill_at = end_child(pid);
	}
	if (!killed && pf_deadline_left(opts->deadline) == 0) {
	    pf_debug("%s: deadline reached, sending SIGTERM to process group %ld",
		     opts->argv[0], (long) pid);
	    res->timed_out = killed = true;
	    kill_at = end_child(pid);
	}
	if (killed && kill_at && pf_deadline_left(kill_at) == 0) {
	    kill_group(pid, SIGKILL);
	    kill_at = 0;
	}
	wait_ms = killed ? (kill_at ? pf_deadline_left(kill_at) : 50)
	    : pf_deadline_left(opts->deadline);
	if ((pidfd < 0 || (opts->until && !killed)) && wait_ms > 10)
	    wait_ms = 10;			/* poll for the exit or the goal */
	if (out->fd >= 0)
	    pfd[nfd++] = (struct pollfd) {.fd = out->fd,.events = POLLIN};
	if (err->fd >= 0)
	    pfd[nfd++] = (struct pollfd) {.fd = err->fd,.events = POLLIN};
	if (pidfd >= 0)
	    pfd[nfd++] = (struct pollfd) {.fd = pidfd,.events = POLLIN};
	if (poll(pfd, (nfds_t) nfd, wait_ms) < 0 && errno != EINTR) {
	    rc = errno;
	    break;
	}
	if (out->fd >= 0)
	    capture_read(out);
	if (err->fd >= 0)
	    capture_read(err);
    }
    /* poll() failed: never leave the child behind */
    kill_group(pid, SIGKILL);
    while (waitpid(pid, &res->status, 0) < 0 && errno == EINTR)
	 /* retry */ ;
    return (rc);
}

/* pf_spawn_run - run a program within a deadline */

int     pf_spawn_run(const pf_spawn_opts_t *opts, pf_spawn_result_t *res)
{
    capture_t out = {0}, err = {0};
    int     out_pipe[2] = {-1, -1};
    int     err_pipe[2] = {-1, -1};
    int     report[2] = {-1, -1};
    int     pidfd = -1;
    int     child_errno = 0;
    int     rc = 0;
    size_t  max;
    pid_t   pid;

    memset(res, 0, sizeof(*res));
    res->exit_code = -1;
    if (opts->argv == NULL || opts->argv[0] == NULL || opts->argv[0][0] != '/')
	return (EINVAL);

    max = opts->capture_max ? opts->capture_max : PF_SPAWN_CAPTURE_DEFAULT;
    out.max = err.max = max;
    if ((out.buf = calloc(1, max + 1)) == NULL
	|| (err.buf = calloc(1, max + 1)) == NULL) {
	free(out.buf);
	return (ENOMEM);
    }
    res->out = out.buf;
    res->err = err.buf;

    if (pipe2(out_pipe, O_CLOEXEC) < 0 || pipe2(report, O_CLOEXEC) < 0
	|| ((opts->flags & PF_SPAWN_PTY_STDERR) ?
	    (errno = open_pty(&err_pipe[0], &err_pipe[1])) != 0 :
	    pipe2(err_pipe, O_CLOEXEC) < 0)) {
	rc = errno ? errno : EIO;
	goto done;
    }
    if ((pid = fork()) < 0) {
	rc = errno;
	goto done;
    }
    if (pid == 0)
	child_exec(opts, out_pipe[1], err_pipe[1], report[1]);

    res->pid = pid;
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(report[1]);
    out_pipe[1] = err_pipe[1] = report[1] = -1;

    /* Did execve() work? The report pipe closes on exec or carries errno. */
    while (read(report[0], &child_errno, sizeof(child_errno)) < 0 && errno == EINTR)
	 /* retry */ ;

    out.fd = out_pipe[0];
    err.fd = err_pipe[0];
    out_pipe[0] = err_pipe[0] = -1;
    fcntl(out.fd, F_SETFL, O_NONBLOCK);
    fcntl(err.fd, F_SETFL, O_NONBLOCK);
#ifdef SYS_pidfd_open
    pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
#endif

    rc = timed_waitpid(opts, pid, pidfd, &out, &err, res);
    /* Drain what the child wrote before it exited. */
    if (out.fd >= 0)
	capture_read(&out);
    if (err.fd >= 0)
	capture_read(&err);

    if (WIFEXITED(res->status))
	res->exit_code = WEXITSTATUS(res->status);
    else if (WIFSIGNALED(res->status))
	res->signal = WTERMSIG(res->status);
    if (child_errno)
	rc = child_errno;
    else if (res->timed_out)
	rc = PF_ETIMEOUT;

done:
    res->out_len = out.len;
    res->err_len = err.len;
    for (int i = 0; i < 2; i++) {
	if (out_pipe[i] >= 0)
	    close(out_pipe[i]);
	if (err_pipe[i] >= 0)
	    close(err_pipe[i]);
	if (report[i] >= 0)
	    close(report[i]);
    }
    if (out.fd >= 0)
	close(out.fd);
    if (err.fd >= 0)
	close(err.fd);
    if (pidfd >= 0)
	close(pidfd);
    /* an errno: nothing worth reading was captured; release it here */
    if (rc > 0)
	pf_spawn_result_free(res);
    return (rc);
}

/* pf_spawn_result_free - release captured output */

void    pf_spawn_result_free(pf_spawn_result_t *res)
{
    free(res->out);
    free(res->err);
    res->out = res->err = NULL;
    res->out_len = res->err_len = 0;
}

/* pf_spawn_last_line - last non-empty line of text */

const char *pf_spawn_last_line(const char *text, char *buf, size_t len)
{
    const char *end;
    const char *start;
    size_t  n;

    if (len == 0)
	return (buf);
    buf[0] = 0;
    if (text == NULL)
	return (buf);
    end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
	end--;
    start = end;
    while (start > text && start[-1] != '\n')
	start--;
    n = (size_t) (end - start);
    if (n >= len)
	n = len - 1;
    memcpy(buf, start, n);
    buf[n] = 0;
    return (buf);
}

/* last_said - the last line the program wrote, as flags choose */

static const char *last_said(const pf_spawn_result_t *res, int flags,
			             char *buf, size_t len)
{
    pf_spawn_last_line(res->err, buf, len);
    if (buf[0] == 0 && (flags & PF_SPAWN_WHY_STDOUT))
	pf_spawn_last_line(res->out, buf, len);
    return (buf);
}

/* pf_spawn_explain - why a run failed, in one wording */

int     pf_spawn_explain(int rc, const pf_spawn_result_t *res, int flags,
			         const char *what, const char *none, char *why,
			         size_t len)
{
    char    last[256];

    if (rc == PF_OK && (res->exit_code == 0 || res->ended_early))
	return (PF_OK);
    if (rc == PF_ETIMEOUT) {
	last_said(res, flags, last, sizeof(last));
	return (pf_rc_why(rc, why, len, "%s: no answer by the deadline%s%s%s",
			  what, last[0] ? " (" : "", last, last[0] ? ")" : ""));
    }
    if (rc != PF_OK)
	return (pf_rc_why(rc, why, len, "%s: %s", what, pf_strerror(rc)));
    last_said(res, flags, last, sizeof(last));
    if (flags & PF_SPAWN_WHY_STATUS)
	return (pf_rc_why(PF_ECMD, why, len, "%s: exit status %d: %s", what,
			  res->exit_code, last[0] ? last : none));
    return (pf_rc_why(PF_ECMD, why, len, "%s: %s", what, last[0] ? last : none));
}
