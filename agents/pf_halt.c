/*++
/* NAME
/*	pf_halt 3
/* SUMMARY
/*	leave nothing of the instance running: stop, escalating
/* SYNOPSIS
/*	#include "pf_halt.h"
/*
/*	int	pf_halt_instance(const pf_ctx_t *ctx, const pf_conf_t *conf,
/*			pf_deadline_t deadline, char *why, size_t len)
/* DESCRIPTION
/*	pf_halt_instance() stops everything of the instance, in steps that
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
/*	   then ends its children itself (SIGTERM to its process group).
/*	   Once the master is gone (after step 1, 2 or 3), every process of
/*	   the instance gets SIGCONT: a stopped child (a hung smtpd) then
/*	   acts on that SIGTERM at once instead of waiting for step 4.
/*	4. SIGKILL and SIGCONT to every process pf_master_instance_pids()
/*	   proves to be this instance's, repeated until none is left or the
/*	   deadline; a stopped (hung) master goes straight to this step,
/*	   since Postfix's own commands would only wait for it.
/*	This runs for the configuration's queue directory, and again for
/*	every instance found by MAIL_CONFIG (pf_master_locate()): that is
/*	how processes are still found when main.cf is unreadable or its
/*	queue_directory was changed while Postfix ran.
/* DIAGNOSTICS
/*	PF_OK only when nothing of the instance is left; otherwise
/*	PF_EFAIL with the pids left, or the /proc failure, in why.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_command.h"
#include "pf_file.h"
#include "pf_halt.h"
#include "pf_log.h"
#include "pf_master.h"
#include "pf_rc.h"

#define GRACE_MS	1000		/* children leaving after the master */

/* share - a deadline that leaves part of the time for later steps */

static pf_deadline_t share(pf_deadline_t deadline, int percent)
{
    return (pf_deadline_after(pf_deadline_left(deadline) * percent / 100));
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

/*
 * continue_stopped - SIGCONT to every process of the instance: once the
 * master has gone, its children hold the SIGTERM it sent its process
 * group, and one stopped (SIGSTOP, a hung smtpd) acts on it only when
 * continued. Without this, stop would wait out the grace for processes
 * that cannot leave, then kill them.
 */
static void continue_stopped(const char *q, const char *d)
{
    pf_master_state_t st;
    pid_t  *pids;
    size_t  n, i;

    if (instance_pids(q, d, &st, &pids, &n) != PF_OK)
	return;
    for (i = 0; i < n; i++)
	kill(pids[i], SIGCONT);
    free(pids);
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
	rc = pf_command_postfix_until(ctx, cmd, dl, master_gone,
				      &(queue_ref_t) {q, d}, mwhy, sizeof(mwhy));
	if (rc == PF_OK) {
	    /* postfix-script saw the lock free: the session, a moment to go */
	    wait_gone(q, d, dl, true);
	    continue_stopped(q, d);
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
	pf_deadline_t dl = pf_deadline_min(share(deadline, 50),
					   pf_deadline_after(GRACE_MS));

	pf_notice("queue %s: sending SIGTERM to master pid %ld", q, (long) master);
	kill(master, SIGTERM);
	wait_gone(q, d, dl, true);
	continue_stopped(q, d);
	wait_gone(q, d, dl, false);
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
	pf_master_pid_list(pids, n, list, sizeof(list));
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

/* pf_halt_instance - leave nothing of the instance running */

int     pf_halt_instance(const pf_ctx_t *ctx, const pf_conf_t *conf,
			 pf_deadline_t deadline, char *why, size_t len)
{
    char    q[PATH_MAX], d[PATH_MAX];
    const char *cdir = pf_conf_dir(ctx->config_dir);
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
