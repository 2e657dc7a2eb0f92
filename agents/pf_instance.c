/*++
/* NAME
/*	pf_instance 3
/* SUMMARY
/*	what start, stop and monitor share: run postfix, probe, stop all
/* SYNOPSIS
/*	#include "pf_instance.h"
/*
/*	const char *pf_instance_config_dir(const pf_ctx_t *ctx)
/*
/*	int	pf_instance_postfix(const pf_ctx_t *ctx, const char *cmd,
/*			pf_deadline_t deadline, char *why, size_t len)
/*
/*	int	pf_instance_postfix_until(const pf_ctx_t *ctx,
/*			const char *cmd, pf_deadline_t deadline,
/*			bool (*until)(void *), void *arg,
/*			char *why, size_t len)
/*
/*	int	pf_instance_probe(const pf_ctx_t *ctx,
/*			const pf_listener_t *l, size_t n, bool *done,
/*			const char *ehlo, pf_deadline_t deadline,
/*			char *why, size_t len)
/*
/*	int	pf_instance_addrs_local(const pf_listener_t *l, size_t n,
/*			char *why, size_t len)
/*
/*	int	pf_instance_stop(const pf_ctx_t *ctx, const pf_conf_t *conf,
/*			pf_deadline_t deadline, char *why, size_t len)
/*
/*	int	pf_instance_health(const pf_ctx_t *ctx,
/*			const pf_conf_t *conf, const pf_ids_t *ids, int depth,
/*			pf_deadline_t deadline, pf_health_t *h,
/*			char *why, size_t len)
/*
/*	void	pf_instance_pid_list(const pid_t *pids, size_t n,
/*			char *buf, size_t len)
/* DESCRIPTION
/*	pf_instance_postfix() runs "postfix -c DIR [parameters] CMD": the
/*	parameters are split on blanks into argv words, no shell ever sees
/*	them, and -c is always given so that the multi-instance wrapper
/*	never acts on another instance. Its environment is PATH, and the
/*	INVOCATION_ID of the systemd service the agent runs in, if any, so
/*	that Debian 13's postfix-script starts the master itself instead of
/*	handing it to systemd's postfix.service. stderr is a pseudo-terminal because
/*	postfix(1) writes its diagnostics there only then; the last line is
/*	quoted in why. pf_instance_postfix_until() returns as soon as
/*	until(arg) holds (the command's effect is seen), without waiting
/*	for the command itself, which is then ended.
/*
/*	pf_instance_probe() reads the greeting of each listener not yet
/*	marked done (pf_smtp_probe_all(): connects started together), each
/*	probe ending by the deadline, or earlier when the smtp_timeout
/*	parameter says so.
/*
/*	pf_instance_addrs_local() tells whether each listener's address is
/*	configured on an interface of this node (getifaddrs(); wildcard
/*	addresses count as local).
/*
/*	pf_instance_stop() stops everything of the instance, in steps that
/*	each get a share of the time left, so that the last one (SIGKILL)
/*	always has time:
/*	1. "postfix stop", only when a verified master that is not stopped
/*	   holds the lock and the pid file names it (postfix-script's stop
/*	   signals the pid in the file; a stale file must never lead to a
/*	   signal to an unrelated process), and the configuration is
/*	   readable. Then a short wait for the master and its session to go.
/*	2. "postfix abort" under the same conditions, if the master is
/*	   still there. A failed command (Postfix could not even read its
/*	   configuration, or gave up waiting) is not waited for again.
/*	3. SIGTERM to a verified master that is not stopped (what
/*	   postfix stop would have sent), for up to a second: the master
/*	   then ends its children itself.
/*	4. SIGKILL and SIGCONT to every process pf_master_instance_pids()
/*	   proves to be this instance's, repeated until none is left or the
/*	   deadline; a stopped (hung) master goes straight to this step,
/*	   since Postfix's own commands would only wait for it.
/*	This runs for the configuration's queue directory, and again for
/*	every instance found by MAIL_CONFIG (pf_master_locate()): that is
/*	how processes are still found when main.cf is unreadable or its
/*	queue_directory was changed while Postfix ran.
/*
/*	pf_instance_health() gathers the monitor's facts at a depth (0, 10,
/*	20), spawning nothing: master status, the instance's processes
/*	when no verified master holds the lock, the queue directory
/*	searchable by mail_owner (with the ids the caller looked up, or
/*	NULL), the listeners local and greeting, and at depth 10 the
/*	ownership checks. It returns the first failing check's code; what
/*	that means for the answer is pf_answer's to say.
/*
/*	pf_instance_pid_list() formats pids for a message, cut at a whole
/*	pid.
/* DIAGNOSTICS
/*	pf return codes; the cause in why, object first.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_instance.h"
#include "pf_accept.h"
#include "pf_file.h"
#include "pf_ids.h"
#include "pf_log.h"
#include "pf_mount.h"
#include "pf_qmgr.h"
#include "pf_qstamp.h"
#include "pf_rc.h"
#include "pf_smtp.h"
#include "pf_spawn.h"

#define MAX_WORDS	32
#define GRACE_MS	1000		/* children leaving after the master */

/* share - a deadline that leaves part of the time for later steps */

static pf_deadline_t share(pf_deadline_t deadline, int percent)
{
    return (pf_deadline_after(pf_deadline_left(deadline) * percent / 100));
}

/* pf_instance_config_dir - the -c argument */

const char *pf_instance_config_dir(const pf_ctx_t *ctx)
{
    return (pf_conf_dir(ctx->config_dir));
}

/* pf_instance_pid_list - pids as text */

void    pf_instance_pid_list(const pid_t *pids, size_t n, char *buf, size_t len)
{
    size_t  used = 0, i;

    buf[0] = 0;
    for (i = 0; i < n && used + 1 < len; i++) {
	int     w = snprintf(buf + used, len - used, "%s%ld", i ? " " : "", (long) pids[i]);

	if (w < 0 || (size_t) w >= len - used) {
	    buf[used] = 0;
	    break;
	}
	used += (size_t) w;
    }
}

/* pf_instance_postfix - postfix -c DIR [parameters] CMD */

int     pf_instance_postfix(const pf_ctx_t *ctx, const char *cmd,
			            pf_deadline_t deadline, char *why, size_t len)
{
    return (pf_instance_postfix_until(ctx, cmd, deadline, NULL, NULL, why, len));
}

/* pf_instance_postfix_until - the same, done as soon as until() holds */

/*
 * systemd_invocation - "INVOCATION_ID=<id>" when this agent runs inside a
 * systemd service (Pacemaker's: systemd sets it for every process of a
 * unit), else NULL. Debian 13's postfix-script, when systemd is the init
 * system and INVOCATION_ID is unset, hands "postfix start" of /etc/postfix
 * or /etc/postfix-NAME to "systemctl start postfix[@NAME].service": the
 * master would then be systemd's, not Pacemaker's. Passed on only when it
 * looks like what systemd sets (32 hexadecimal digits).
 */
static const char *systemd_invocation(char *buf, size_t len)
{
    const char *id = getenv("INVOCATION_ID");

    if (id == NULL || strlen(id) != 32 || strspn(id, "0123456789abcdef") != 32)
	return (NULL);
    snprintf(buf, len, "INVOCATION_ID=%s", id);
    return (buf);
}

int     pf_instance_postfix_until(const pf_ctx_t *ctx, const char *cmd,
				          pf_deadline_t deadline,
				          bool (*until) (void *), void *arg,
				          char *why, size_t len)
{
    const char *argv[MAX_WORDS + 6];
    char   *words = strdup(ctx->parameters ? ctx->parameters : "");
    char   *save = NULL, *word;
    char    last[256], invocation[64];
    const char *env[2] = {NULL, NULL};
    pf_spawn_opts_t opts = {0};
    pf_spawn_result_t res;
    int     argc = 0, rc;

    if (words == NULL) {
	snprintf(why, len, "postfix %s: out of memory", cmd);
	return (ENOMEM);
    }
    argv[argc++] = ctx->binary;
    argv[argc++] = "-c";
    argv[argc++] = pf_instance_config_dir(ctx);
    for (word = strtok_r(words, " \t\n", &save); word && argc < MAX_WORDS + 3;
	 word = strtok_r(NULL, " \t\n", &save))
	argv[argc++] = word;
    argv[argc++] = cmd;
    argv[argc] = NULL;
    opts.argv = argv;
    env[0] = systemd_invocation(invocation, sizeof(invocation));
    opts.env = env;
    opts.deadline = deadline;
    opts.flags = PF_SPAWN_PTY_STDERR;
    opts.until = until;
    opts.until_arg = arg;

    rc = pf_spawn_run(&opts, &res);
    if (rc == 0 && (res.exit_code == 0 || res.ended_early)) {
	pf_debug("postfix %s: done%s " PF_XS " pid=%ld", cmd,
		 res.ended_early ? " (its effect seen, not waited for)" : "",
		 (long) res.pid);
    } else if (rc == PF_ETIMEOUT) {
	pf_spawn_last_line(res.err, last, sizeof(last));
	snprintf(why, len, "postfix %s: no answer by the deadline%s%s%s", cmd,
		 last[0] ? " (" : "", last, last[0] ? ")" : "");
	pf_log_clean(why);
    } else if (rc != 0) {
	snprintf(why, len, "postfix %s: cannot run %s: %s", cmd, ctx->binary,
		 strerror(rc));
    } else {
	pf_spawn_last_line(res.err, last, sizeof(last));
	if (last[0] == 0)
	    pf_spawn_last_line(res.out, last, sizeof(last));
	snprintf(why, len, "postfix %s: %s", cmd,
		 last[0] ? last : res.signal ? "killed by a signal" : "failed");
	pf_log_clean(why);
	rc = PF_EFAIL;
    }
    pf_spawn_result_free(&res);
    free(words);
    return (rc);
}

/* pf_instance_quick_start - skip postfix-script's integrity pass if safe */

int     pf_instance_quick_start(const pf_conf_t *conf, char *why, size_t len)
{
    char    path[PATH_MAX + 16], cause[PF_WHY_LEN];
    struct stat sb;
    int     fd;

    /*
     * postfix-script start skips check-fatal (postsuper's renaming of
     * queue files after their inode numbers, a walk of the whole queue)
     * and check-warn when this file exists. Whoever left it ("postfix
     * quick-stop", a copy of the queue), it is this decision that counts:
     * the marker is there only when pf_qstamp proves that the queue is
     * where the last start here left it.
     */
    snprintf(path, sizeof(path), "%s/quick-start", conf->queue_directory);
    if (pf_qstamp_check(conf, cause, sizeof(cause)) == PF_OK) {
	if ((fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0) {
	    pf_warn("file %s: %s; postfix start runs its integrity pass",
		    path, strerror(errno));
	    return (PF_OK);
	}
	close(fd);
	pf_info("queue %s: on the filesystem and in the directories of the "
		"last start, queue file names sampled right: postfix start "
		"skips its integrity pass (quick-start)", conf->queue_directory);
	return (PF_OK);
    }
    pf_info("%s; postfix start runs its integrity pass", cause);
    if (lstat(path, &sb) < 0)
	return (errno == ENOENT ? PF_OK
		: pf_rc_why(PF_EFAIL, why, len, "file %s: %s", path,
			    strerror(errno)));
    if (unlink(path) < 0)
	return (pf_rc_why(PF_EFAIL, why, len, "file %s: cannot remove it, "
			  "postfix start would skip its queue repair: %s",
			  path, strerror(errno)));
    pf_notice("file %s: removed, so that postfix start checks and repairs "
	      "the queue", path);
    return (PF_OK);
}

/*
 * postfix_runs_script - Postfix's own post-install (DAEMON_DIR/post-install)
 * runs SCRIPT: Debian 13's postfix start does so from its integrity check,
 * with the instance's variables set, and the script then refuses any other
 * caller ("E: old postfix initscript will not work with this postfix
 * package version"). Comment lines do not count.
 */
static bool postfix_runs_script(const char *daemon_dir, const char *script)
{
    char    path[PATH_MAX], line[1024];
    const char *p;
    FILE   *fp;
    bool    found = false;

    if (daemon_dir == NULL)
	return (false);
    snprintf(path, sizeof(path), "%s/post-install", daemon_dir);
    if ((fp = fopen(path, "r")) == NULL)
	return (false);
    while (!found && fgets(line, sizeof(line), fp) != NULL) {
	p = line + strspn(line, " \t");
	found = (*p != '#' && strstr(p, script) != NULL);
    }
    (void) fclose(fp);
    return (found);
}

/* pf_instance_configure - Debian's chroot set-up, as postfix.service does */

int     pf_instance_configure(const pf_ctx_t *ctx, const char *daemon_dir,
			              const char *script, pf_deadline_t deadline,
			              char *why, size_t len)
{
    const char *argv[3];
    const char *env[2];
    char    mail_config[PATH_MAX + 16];
    char    last[256];
    pf_spawn_opts_t opts = {0};
    pf_spawn_result_t res;
    struct stat sb;
    int     rc;

    if (!ctx->configure_instance || stat(script, &sb) < 0 || !S_ISREG(sb.st_mode))
	return (PF_OK);
    if (postfix_runs_script(daemon_dir, script)) {
	pf_debug("%s: left to postfix start, which runs it itself", script);
	return (PF_OK);
    }
    /*
     * The script takes an instance name for "postmulti -i NAME" or "-"
     * for plain postconf, which honours MAIL_CONFIG: that reaches this
     * instance whether or not postmulti knows it.
     */
    snprintf(mail_config, sizeof(mail_config), "MAIL_CONFIG=%s",
	     pf_instance_config_dir(ctx));
    argv[0] = script;
    argv[1] = "-";
    argv[2] = NULL;
    env[0] = mail_config;
    env[1] = NULL;
    opts.argv = argv;
    opts.env = env;
    opts.deadline = deadline;
    rc = pf_spawn_run(&opts, &res);
    if (rc == PF_OK && res.exit_code == 0) {
	pf_debug("%s: chroot files updated " PF_XS " pid=%ld", script, (long) res.pid);
    } else {
	pf_spawn_last_line(res.err && res.err[0] ? res.err : res.out, last,
			   sizeof(last));
	snprintf(why, len, "%s: %s", script, rc != PF_OK ?
		 (rc > 0 ? strerror(rc) : pf_strerror(rc)) :
		 last[0] ? last : "failed");
	pf_log_clean(why);
	rc = PF_EFAIL;
    }
    pf_spawn_result_free(&res);
    return (rc);
}

/* pf_instance_probe - every listener greets */

int     pf_instance_probe(const pf_ctx_t *ctx, const pf_listener_t *l, size_t n,
			          bool *done, const char *ehlo, pf_deadline_t deadline,
			          char *why, size_t len)
{
    return (pf_smtp_probe_all(l, n, done, ehlo, deadline, ctx->smtp_timeout_ms,
			      why, len));
}

/* same_addr - sockaddr equality, address part only */

static int same_addr(const struct sockaddr *a, const struct sockaddr *b)
{
    if (a->sa_family != b->sa_family)
	return (0);
    if (a->sa_family == AF_INET)
	return (((const struct sockaddr_in *) a)->sin_addr.s_addr
		== ((const struct sockaddr_in *) b)->sin_addr.s_addr);
    if (a->sa_family == AF_INET6)
	return (memcmp(&((const struct sockaddr_in6 *) a)->sin6_addr,
		       &((const struct sockaddr_in6 *) b)->sin6_addr,
		       sizeof(struct in6_addr)) == 0);
    return (0);
}

/* is_wildcard - 0.0.0.0 or :: */

static int is_wildcard(const struct sockaddr *a)
{
    if (a->sa_family == AF_INET)
	return (((const struct sockaddr_in *) a)->sin_addr.s_addr == htonl(INADDR_ANY));
    if (a->sa_family == AF_INET6)
	return (memcmp(&((const struct sockaddr_in6 *) a)->sin6_addr, &in6addr_any,
		       sizeof(struct in6_addr)) == 0);
    return (0);
}

/* pf_instance_addrs_local - are the listeners' addresses on this node */

int     pf_instance_addrs_local(const pf_listener_t *l, size_t n, char *why, size_t len)
{
    struct ifaddrs *ifa, *cur;
    size_t  i;
    int     rc = PF_OK;

    if (getifaddrs(&ifa) < 0)
	return (PF_OK);				/* cannot tell: let SMTP decide */
    for (i = 0; i < n && rc == PF_OK; i++) {
	const struct sockaddr *want = (const struct sockaddr *) &l[i].addr;
	int     found = is_wildcard(want);

	for (cur = ifa; cur && !found; cur = cur->ifa_next)
	    if (cur->ifa_addr && same_addr(cur->ifa_addr, want))
		found = 1;
	if (!found) {
	    snprintf(why, len, "%s: address not configured on this node", l[i].label);
	    rc = PF_EINSTALL;
	}
    }
    freeifaddrs(ifa);
    return (rc);
}

/* instance_pids - pids of the instance, after a fresh status */

static int instance_pids(const char *q, const char *d, pf_master_state_t *st,
			         pid_t **pids, size_t *n)
{
    char    why[PF_WHY_LEN];
    int     err;

    *n = 0;
    (void) pf_master_status(q, d, st, why, sizeof(why));
    if ((err = pf_master_instance_pids(q, d, st, pids, n)) != PF_OK) {
	*pids = NULL;
	*n = 0;
    }
    return (err);
}

/* wait_gone - poll until nothing of the instance is left, or the deadline */

static size_t wait_gone(const char *q, const char *d, pf_deadline_t deadline,
			        bool master_only)
{
    pf_master_state_t st;
    pid_t  *pids;
    size_t  n;
    int     err;

    for (;;) {
	err = instance_pids(q, d, &st, &pids, &n);
	free(pids);
	/* a failure to look is no proof that anything is gone */
	if (err == PF_OK && (master_only ? (st.pid == 0 && st.orphan == 0) : n == 0))
	    return (n);
	if (pf_deadline_left(deadline) == 0)
	    return (n);
	pf_sleep_ms(PF_POLL_MS);
    }
}

/* master_gone - no master of the instance in q holds its lock any more */

typedef struct {
    const char *q;
    const char *d;
} queue_ref_t;

static bool master_gone(void *arg)
{
    const queue_ref_t *ref = arg;
    pf_master_state_t st;
    char    why[PF_WHY_LEN];

    (void) pf_master_status(ref->q, ref->d, &st, why, sizeof(why));
    return (st.pid == 0 && st.orphan == 0);
}

/*
 * proc_unreadable - /proc could not be read (EMFILE, ENOMEM...) while stop
 * looked for what is left of the instance: past the deadline, say so in
 * why and return 1 (stop must fail: it cannot prove that nothing runs);
 * before it, warn, pause and return 0 (look again).
 */
static int proc_unreadable(const char *what, const char *path, int rc,
			           const char *verb, pf_deadline_t deadline,
			           char *why, size_t len)
{
    const char *err = rc > 0 ? strerror(rc) : pf_strerror(rc);

    if (pf_deadline_left(deadline) == 0) {
	snprintf(why, len, "%s %s: cannot tell whether processes of this "
		 "instance %s: reading /proc: %s", what, path, verb, err);
	return (1);
    }
    pf_warn("%s %s: reading /proc: %s; trying again", what, path, err);
    pf_sleep_ms(PF_POLL_MS * 10);
    return (0);
}

/* stop_queue - stop the instance whose queue directory is q */

static int stop_queue(const pf_ctx_t *ctx, const char *q, const char *d,
		              bool use_postfix, pf_deadline_t deadline,
		              char *why, size_t len)
{
    pf_master_state_t st;
    char    mwhy[PF_WHY_LEN], list[256];
    pid_t  *pids;
    size_t  n;
    int     rc, step;

    rc = pf_master_status(q, d, &st, mwhy, sizeof(mwhy));
    if (rc == PF_EINSTALL) {
	pf_info("%s; nothing can run there", mwhy);
	return (PF_OK);
    }
    pf_debug("stop: %s", mwhy);
    use_postfix = use_postfix && pf_file_executable(ctx->binary);

    /* Steps 1 and 2: Postfix's own stop, then abort. */
    for (step = 0; step < 2; step++) {
	const char *cmd = step ? "abort" : "stop";
	pf_deadline_t dl = share(deadline, 50);

	if (!use_postfix || st.pid == 0 || st.stopped || st.file_pid != st.pid)
	    break;
	/*
	 * postfix-script's stop checks the master's lock only once a second
	 * after its kill: stop waiting for it as soon as the lock is free.
	 */
	rc = pf_instance_postfix_until(ctx, cmd, dl, master_gone,
				       &(queue_ref_t) {q, d}, mwhy, sizeof(mwhy));
	if (rc == PF_OK) {
	    /* postfix-script saw the lock free: the session, a moment to go */
	    wait_gone(q, d, dl, true);
	    wait_gone(q, d, pf_deadline_min(dl, pf_deadline_after(GRACE_MS)), false);
	} else {
	    /* it could not reach the master (or already waited 5 s for it) */
	    pf_warn("%s", mwhy);
	}
	(void) pf_master_status(q, d, &st, mwhy, sizeof(mwhy));
    }
    /* What postfix stop does, for a master that Postfix's commands miss. */
    if ((st.pid || st.orphan) && !st.stopped) {
	pid_t   master = st.pid ? st.pid : st.orphan;

	pf_notice("queue %s: sending SIGTERM to master pid %ld", q, (long) master);
	kill(master, SIGTERM);
	wait_gone(q, d, pf_deadline_min(share(deadline, 50), pf_deadline_after(GRACE_MS)),
		  false);
	(void) pf_master_status(q, d, &st, mwhy, sizeof(mwhy));
    }
    if (st.stopped)
	pf_notice("%s", mwhy);

    /* Step 3: signals, to proven processes of this instance only. */
    for (;;) {
	size_t  i;

	if ((rc = instance_pids(q, d, &st, &pids, &n)) != PF_OK) {
	    /* EMFILE, ENOMEM...: cannot prove that nothing runs; retry */
	    if (proc_unreadable("queue", q, rc, "are left", deadline, why, len))
		return (PF_EFAIL);
	    continue;
	}
	if (n == 0)
	    break;
	pf_instance_pid_list(pids, n, list, sizeof(list));
	if (pf_deadline_left(deadline) == 0) {
	    free(pids);
	    snprintf(why, len, "queue %s: Failed in a stop process by kill "
		     "command: processes of this instance left: %s", q, list);
	    return (PF_EFAIL);
	}
	pf_notice("queue %s: killing the processes of this instance: %s", q, list);
	for (i = 0; i < n; i++) {
	    kill(pids[i], SIGKILL);
	    kill(pids[i], SIGCONT);
	}
	free(pids);
	wait_gone(q, d, pf_deadline_min(deadline, pf_deadline_after(500)), false);
    }
    return (PF_OK);
}

/* pf_instance_stop - leave nothing of the instance running */

int     pf_instance_stop(const pf_ctx_t *ctx, const pf_conf_t *conf,
			         pf_deadline_t deadline, char *why, size_t len)
{
    char    q[PATH_MAX], d[PATH_MAX];
    const char *cdir = pf_instance_config_dir(ctx);
    int     round, rc;

    if (conf != NULL && conf->queue_directory && conf->daemon_directory) {
	rc = stop_queue(ctx, conf->queue_directory, conf->daemon_directory,
			true, deadline, why, len);
	if (rc != PF_OK)
	    return (rc);
    }
    /* Whatever main.cf says now: processes started with this config. */
    for (round = 0; round < 3; round++) {
	rc = pf_master_locate(cdir, q, sizeof(q), d, sizeof(d));
	if (rc == PF_ENOTRUNNING)
	    return (PF_OK);
	if (rc != PF_OK) {
	    /* could not look: never "nothing runs" */
	    if (proc_unreadable("config", cdir, rc, "run", deadline, why, len))
		return (PF_EFAIL);
	    round--;
	    continue;
	}
	pf_notice("config %s: processes of this instance run with queue %s "
		  "(found by MAIL_CONFIG)", cdir, q);
	/* "postfix -c DIR stop" would act on main.cf's queue, not this one */
	rc = stop_queue(ctx, q, d, false, deadline, why, len);
	if (rc != PF_OK)
	    return (rc);
    }
    snprintf(why, len, "config %s: Failed in a stop process by kill command: "
	     "processes of this instance are still there", cdir);
    return (PF_EFAIL);
}

/* stall_check - pf_accept's proof for the master's listener */

static int stall_check(const pf_listener_t *l, void *arg, char *cause, size_t len)
{
    return (pf_accept_stalled(*(const pid_t *) arg, l, cause, len));
}

/* pf_instance_health - the monitor's checks, spawning nothing */

int     pf_instance_health(const pf_ctx_t *ctx, const pf_conf_t *conf,
			           const pf_ids_t *ids, int depth,
			           pf_deadline_t deadline, pf_health_t *h,
			           char *why, size_t len)
{
    pf_listener_t *l = NULL;
    char    mwhy[PF_WHY_LEN], list[256];
    pid_t  *pids = NULL;
    size_t  n = 0;
    int     rc;

    memset(h, 0, sizeof(*h));
    rc = pf_master_status(conf->queue_directory, conf->daemon_directory,
			  &h->st, mwhy, sizeof(mwhy));
    if (rc == PF_EINSTALL) {
	snprintf(why, len, "%s. This directory must exist on a shared filesystem", mwhy);
	return (PF_EINSTALL);
    }
    if (pf_mount_check_queue(conf->queue_directory, ctx->queue_mount_point,
			     mwhy, sizeof(mwhy)) != PF_OK) {
	/* a local queue where the shared one belongs: this node's fault */
	if (pf_master_instance_pids(conf->queue_directory, conf->daemon_directory,
				    &h->st, &pids, &n) != PF_OK)
	    n = 1;				/* cannot tell: never "not running" */
	free(pids);
	h->n_pids = n;
	h->running = (n > 0 || h->st.pid != 0);
	snprintf(why, len, "%s", mwhy);
	return (PF_EINSTALL);
    }
    /*
     * The process table is searched only when no verified master holds the
     * lock: that search reads every process of the node, and a healthy
     * recurring monitor must not cost more on a busy node.
     */
    if (rc != PF_OK
	&& pf_master_instance_pids(conf->queue_directory, conf->daemon_directory,
				   &h->st, &pids, &n) == PF_OK)
	h->n_pids = n;
    h->running = (n > 0 || h->st.pid != 0);
    if (rc != PF_OK) {
	if (!h->running) {
	    snprintf(why, len, "%s", mwhy);
	    free(pids);
	    return (PF_ENOTRUNNING);
	}
	pf_instance_pid_list(pids, n, list, sizeof(list));
	free(pids);
	if (h->st.orphan)
	    snprintf(why, len, "%s", mwhy);
	else
	    snprintf(why, len, "queue %s: Master process of postfix is not running, "
		     "but processes of this instance are: %s", conf->queue_directory, list);
	return (PF_EFAIL);
    }
    free(pids);
    if (h->st.stopped) {
	snprintf(why, len, "%s", mwhy);
	return (PF_EFAIL);
    }
    if ((rc = pf_ids_check_queue_search(conf, ids, why, len)) != PF_OK)
	return (rc);
    /* cleanup fails while smtpd greets: a few dozen stat(), no queue walk */
    if ((rc = pf_ids_check_queue(conf, why, len)) != PF_OK)
	return (rc);
    if ((rc = pf_listen_build(conf, ctx->listeners, &l, &n, why, len)) != PF_OK)
	return (rc);
    if (n == 0)					/* outbound-only: no SMTP */
	rc = pf_qmgr_check(conf, h->st.pid, deadline, why, len);
    else if ((rc = pf_instance_addrs_local(l, n, why, len)) == PF_OK) {
	/* a listener nobody accepts from fails at once, a slow one waits */
	pf_smtp_set_stall_check(stall_check, &h->st.pid);
	rc = pf_instance_probe(ctx, l, n, NULL, depth >= 20 ? ctx->helo_name : NULL,
			       deadline, why, len);
	pf_smtp_set_stall_check(NULL, NULL);
    }
    free(l);
    if (rc != PF_OK)
	return (rc);
    if (depth >= 10) {
	if ((rc = pf_ids_check_data_dir(conf, why, len)) != PF_OK)
	    return (rc);
    }
    snprintf(why, len, "%s; %s", mwhy, n ? "every listener greets"
	     : "no SMTP listener, queue manager runs");
    return (PF_OK);
}
