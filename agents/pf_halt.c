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
/*	4. SIGKILL and SIGCONT to every process pf_master_scan() proves to
/*	   be this instance's, repeated until none is left or the
/*	   deadline; a stopped (hung) master goes straight to this step,
/*	   since Postfix's own commands would only wait for it.
/*	Which processes are the instance's is pf_master_scan()'s to say:
/*	its verified daemons and what descends from them. Stop scans once
/*	before step 1 and at every poll after, and keeps what each scan
/*	proved: a delivery command whose pipe(8) the master's shutdown
/*	ended is reparented to init, and is still known to be the
/*	instance's by its pid and start time. Every signal goes through
/*	pf_master_signal(), which proves right before it that the pid is
/*	still that process. Processes in the queue directory that are not
/*	the instance's (another user's; a delivery command orphaned before
/*	stop began) are never signalled, never make stop fail, and are
/*	named in a warning.
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

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_command.h"
#include "pf_file.h"
#include "pf_halt.h"
#include "pf_ids.h"
#include "pf_log.h"
#include "pf_master.h"
#include "pf_rc.h"

#define GRACE_MS	1000		/* children leaving after the master */

/* share - a deadline that leaves part of the time for later steps */

static pf_deadline_t share(pf_deadline_t deadline, int percent)
{
    return (pf_deadline_after(pf_deadline_left(deadline) * percent / 100));
}

/* One instance being stopped, and what stop has proved of it so far. */
typedef struct halt_ref {
    const char *q;			/* queue directory */
    const char *d;			/* daemon directory */
    uid_t   owner;			/* mail_owner's uid, (uid_t) -1 unknown */
    pf_master_procs_t known;		/* the instance's, as the last scan proved */
} halt_ref_t;

/*
 * scan - the instance's processes now, after a fresh status. What this
 * scan proves replaces what stop knew: the known ones still alive are
 * among it (pf_master_scan() keeps them by pid and start time).
 */
static int scan(halt_ref_t *h, pf_master_state_t *st, pf_master_procs_t *procs)
{
    char    why[PF_WHY_LEN];
    pf_master_proc_t *copy = NULL;
    int     err;

    (void) pf_master_status(h->q, h->d, st, why, sizeof(why));
    if ((err = pf_master_scan(h->q, h->d, h->owner, &h->known, procs)) != PF_OK)
	return (err);
    if (procs->n_member > 0
	&& (copy = calloc(procs->n_member, sizeof(*copy))) == NULL) {
	pf_master_procs_free(procs);
	return (ENOMEM);
    }
    if (copy)
	memcpy(copy, procs->member, procs->n_member * sizeof(*copy));
    pf_master_procs_free(&h->known);
    h->known.member = copy;
    h->known.n_member = procs->n_member;
    return (PF_OK);
}

/* wait_gone - poll until nothing of the instance is left, or the deadline */

static size_t wait_gone(halt_ref_t *h, pf_deadline_t deadline, bool master_only)
{
    pf_master_state_t st;
    pf_master_procs_t procs;
    size_t  n;
    int     err;

    for (;;) {
	err = scan(h, &st, &procs);
	n = (err == PF_OK ? procs.n_member : 0);
	if (err == PF_OK)
	    pf_master_procs_free(&procs);
	/* a failure to look is no proof that anything is gone */
	if (err == PF_OK && (master_only ? (st.pid == 0 && st.orphan == 0) : n == 0))
	    return (n);
	if (pf_deadline_left(deadline) == 0)
	    return (n);
	pf_sleep_ms(PF_POLL_MS);
    }
}

/* signal_one - sig to one process of a scan, proven still that process */

static void signal_one(const halt_ref_t *h, const pf_master_proc_t *p, int sig)
{
    int     err = pf_master_signal(h->q, h->d, h->owner, p, sig);

    if (err != PF_OK)
	pf_debug("queue %s: pid %ld: %s not sent: %s", h->q, (long) p->pid,
		 strsignal(sig), err == ESRCH ?
		 "gone, or no longer the process proven this instance's" :
		 strerror(err));
}

/*
 * continue_stopped - SIGCONT to every process of the instance: once the
 * master has gone, its children hold the SIGTERM it sent its process
 * group, and one stopped (SIGSTOP, a hung smtpd) acts on it only when
 * continued. Without this, stop would wait out the grace for processes
 * that cannot leave, then kill them.
 */
static void continue_stopped(halt_ref_t *h)
{
    pf_master_state_t st;
    pf_master_procs_t procs;
    size_t  i;

    if (scan(h, &st, &procs) != PF_OK)
	return;
    for (i = 0; i < procs.n_member; i++)
	signal_one(h, &procs.member[i], SIGCONT);
    pf_master_procs_free(&procs);
}

/* master_gone - no master of the instance in q holds its lock any more */

static bool master_gone(void *arg)
{
    const halt_ref_t *h = arg;
    pf_master_state_t st;
    char    why[PF_WHY_LEN];

    (void) pf_master_status(h->q, h->d, &st, why, sizeof(why));
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

/* stop_queue - stop the instance whose queue directory is h->q */

static int stop_queue(const pf_ctx_t *ctx, halt_ref_t *h, bool use_postfix,
		              pf_deadline_t deadline, char *why, size_t len)
{
    pf_master_state_t st;
    pf_master_procs_t procs;
    char    mwhy[PF_WHY_LEN], list[256];
    const char *q = h->q;
    int     rc, step;

    rc = pf_master_status(q, h->d, &st, mwhy, sizeof(mwhy));
    if (rc == PF_EINSTALL) {
	pf_info("%s; nothing can run there", mwhy);
	return (PF_OK);
    }
    pf_debug("stop: %s", mwhy);
    use_postfix = use_postfix && pf_file_executable(ctx->binary);
    /* what runs now, before Postfix's stop orphans the delivery commands */
    if (scan(h, &st, &procs) == PF_OK)
	pf_master_procs_free(&procs);

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
	rc = pf_command_postfix_until(ctx, cmd, dl, master_gone, h, mwhy,
				      sizeof(mwhy));
	if (rc == PF_OK) {
	    /* postfix-script saw the lock free: the session, a moment to go */
	    wait_gone(h, dl, true);
	    continue_stopped(h);
	    wait_gone(h, pf_deadline_min(dl, pf_deadline_after(GRACE_MS)), false);
	} else {
	    /* it could not reach the master (or already waited 5 s for it) */
	    pf_warn("%s", mwhy);
	}
	(void) pf_master_status(q, h->d, &st, mwhy, sizeof(mwhy));
    }
    /* Step 3: what postfix stop does, for a master Postfix's commands miss. */
    if ((st.pid || st.orphan) && !st.stopped) {
	pf_master_proc_t master = {.pid = st.pid ? st.pid : st.orphan,
	.uid = 0, .start = st.start, .how = PF_MASTER_DAEMON};
	pf_deadline_t dl = pf_deadline_min(share(deadline, 50),
					   pf_deadline_after(GRACE_MS));

	pf_notice("queue %s: sending SIGTERM to master pid %ld", q, (long) master.pid);
	signal_one(h, &master, SIGTERM);
	wait_gone(h, dl, true);
	continue_stopped(h);
	wait_gone(h, dl, false);
	(void) pf_master_status(q, h->d, &st, mwhy, sizeof(mwhy));
    }
    if (st.stopped)
	pf_notice("%s", mwhy);

    /* Step 4: SIGKILL, to proven processes of this instance only. */
    for (;;) {
	pid_t  *pids;
	size_t  i;

	if ((rc = scan(h, &st, &procs)) != PF_OK) {
	    /* EMFILE, ENOMEM...: cannot prove that nothing runs; retry */
	    if (proc_unreadable("queue", q, rc, "are left", deadline, why, len))
		return (PF_EFAIL);
	    continue;
	}
	if (procs.n_member == 0)
	    break;
	if (pf_master_member_pids(&procs, &pids) == PF_OK)
	    pf_master_pid_list(pids, procs.n_member, list, sizeof(list));
	else
	    snprintf(list, sizeof(list), "%zu processes", procs.n_member);
	free(pids);
	if (pf_deadline_left(deadline) == 0) {
	    pf_master_procs_free(&procs);
	    snprintf(why, len, "queue %s: Failed in a stop process by kill "
		     "command: processes of this instance left: %s", q, list);
	    return (PF_EFAIL);
	}
	pf_notice("queue %s: killing the processes of this instance: %s", q, list);
	for (i = 0; i < procs.n_member; i++) {
	    signal_one(h, &procs.member[i], SIGKILL);
	    signal_one(h, &procs.member[i], SIGCONT);
	}
	pf_master_procs_free(&procs);
	wait_gone(h, pf_deadline_min(deadline, pf_deadline_after(500)), false);
    }
    /* what is left in the queue directory is not the instance's: say so */
    if (procs.n_stranger > 0) {
	pf_master_strangers_why(q, &procs, mwhy, sizeof(mwhy));
	pf_warn("%s", mwhy);
    }
    pf_master_procs_free(&procs);
    return (PF_OK);
}

/* halt_queue - stop_queue() with a fresh record of what stop proved */

static int halt_queue(const pf_ctx_t *ctx, const char *q, const char *d,
		              uid_t owner, bool use_postfix, pf_deadline_t deadline,
		              char *why, size_t len)
{
    halt_ref_t h = {.q = q, .d = d, .owner = owner};
    int     rc;

    rc = stop_queue(ctx, &h, use_postfix, deadline, why, len);
    pf_master_procs_free(&h.known);
    return (rc);
}

/* pf_halt_instance - leave nothing of the instance running */

int     pf_halt_instance(const pf_ctx_t *ctx, const pf_conf_t *conf,
			 pf_deadline_t deadline, char *why, size_t len)
{
    char    q[PATH_MAX], d[PATH_MAX], iwhy[PF_WHY_LEN];
    const char *cdir = pf_conf_dir(ctx->config_dir);
    pf_ids_t ids;
    int     round, rc;

    if (conf != NULL && conf->queue_directory && conf->daemon_directory) {
	/* mail_owner unknown here: pf_master takes the queue's owner */
	if (pf_ids_lookup(conf, &ids, iwhy, sizeof(iwhy)) != PF_OK)
	    ids.uid = (uid_t) -1;
	rc = halt_queue(ctx, conf->queue_directory, conf->daemon_directory,
			ids.uid, true, deadline, why, len);
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
	rc = halt_queue(ctx, q, d, (uid_t) -1, false, deadline, why, len);
	if (rc != PF_OK)
	    return (rc);
    }
    snprintf(why, len, "config %s: Failed in a stop process by kill command: "
	     "processes of this instance are still there", cdir);
    return (PF_EFAIL);
}
