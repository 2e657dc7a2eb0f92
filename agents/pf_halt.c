/*++
/* NAME
/*	pf_halt 3
/* SUMMARY
/*	leave nothing of the instance running: drain, then end what is left
/* SYNOPSIS
/*	#include "pf_halt.h"
/*
/*	int	pf_halt_instance(const pf_ctx_t *ctx, const pf_conf_t *conf,
/*			pf_deadline_t deadline, char *why, size_t len)
/* DESCRIPTION
/*	pf_halt_instance() stops everything of the instance, in steps that
/*	each get a share of the time left, so that the last one (SIGKILL)
/*	always has time:
/*	1. Drain. A verified master that is not stopped gets SIGKILL, as
/*	   Postfix's own "postfix drain" does it (postfix-script's drain:
/*	   kill -9 of the master). The master then sends its children
/*	   nothing: each one sees the master's status pipe close and
/*	   leaves at its earliest convenience, that is once it is back in
/*	   its event loop. An idle smtpd leaves at once; one in an SMTP
/*	   session finishes it, so that a message whose queue file cleanup
/*	   has made complete is also acknowledged with its 250 (the
/*	   SIGTERM that "postfix stop" sends would end the smtpd between
/*	   the two, and the client would send the message again: SMTP's
/*	   duplicate window); a new transaction finds no cleanup and gets
/*	   a 4xx, nothing committed. The master's lock is free at once, no
/*	   new process is started, and the listening sockets close with
/*	   the last smtpd. Every process of the instance gets SIGCONT, so
/*	   that a stopped one (a hung smtpd) can act too. The drain lasts
/*	   until nothing of the instance is left, or no process of it has
/*	   run (its context switches) or moved a byte (read or written:
/*	   pf_proc_io()) and none has ended for DRAIN_IDLE_MS (a session
/*	   waiting on its client, a daemon waiting on a service that has
/*	   left, a cleanup stuck in fsync() before its commit: what is left
/*	   then is no transaction about to be acknowledged, whose last steps,
/*	   cleanup's commit and reply and smtpd's 250, all run and move
/*	   bytes), or every process left is a Postfix daemon asleep on a
/*	   timer (a retry's pause after a service that has left, an error
/*	   reply's delay: no such step sleeps), or half the time left.
/*	2. SIGTERM and SIGCONT to every process of the instance left (what
/*	   the master sends its process group on "postfix stop"), for up
/*	   to a second.
/*	3. SIGKILL and SIGCONT to every process pf_master_scan() proves to
/*	   be this instance's, repeated until none is left or the
/*	   deadline; a stopped (hung) master skips the drain and step 2:
/*	   its processes come to this step at once.
/*	Postfix's own commands are not run: "postfix stop" only signals
/*	the pid in the master's pid file, and a shell and two postconf
/*	runs to get there cost more than the whole drain of an idle
/*	instance; every signal here goes to a process proven to be the
/*	instance's.
/*	Which processes are the instance's is pf_master_scan()'s to say:
/*	its verified daemons and what descends from them. Stop scans once
/*	before step 1 and at every look after, and keeps what each scan
/*	proved. Between two looks it waits on the pidfds of what the last
/*	one found: the next look comes as soon as those have ended, or
/*	after PF_POLL_MS (a new descendant is seen by the next look either
/*	way). A delivery command whose pipe(8) the master's shutdown
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
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pf_file.h"
#include "pf_halt.h"
#include "pf_ids.h"
#include "pf_log.h"
#include "pf_master.h"
#include "pf_proc.h"
#include "pf_rc.h"

#define GRACE_MS	1000		/* leaving after SIGTERM */
#define DRAIN_IDLE_MS	500		/* a drain with nothing run, nothing ended */
#define PAUSE_MAX_FDS	64		/* pidfds a pause waits on at most */

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
 * scan - the instance's processes now, and with st a fresh status (a
 * second walk of /proc when no master holds the lock: only the caller
 * that asks about the master pays for it). What this scan proves
 * replaces what stop knew: the known ones still alive are among it
 * (pf_master_scan() keeps them by pid and start time).
 */
static int scan(halt_ref_t *h, pf_master_state_t *st, pf_master_procs_t *procs)
{
    char    why[PF_WHY_LEN];
    pf_master_proc_t *copy = NULL;
    int     err;

    if (st != NULL)
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

/*
 * pause_for_exits - the pause between two looks at /proc: over as soon as
 * every process of the last scan (with master > 0: that one only) has
 * ended, else after PF_POLL_MS. It waits on their pidfds, which turn
 * readable when the process ends: a look right after the last exit, not
 * up to a poll interval later. A pid reused meanwhile only makes the pause
 * last its PF_POLL_MS; without pidfds (a kernel before 5.3), the pause is
 * a sleep. True when it saw every process it waited for end.
 */
static bool pause_for_exits(const halt_ref_t *h, pid_t master)
{
#ifdef SYS_pidfd_open
    struct pollfd fds[PAUSE_MAX_FDS];
    int64_t end = pf_now_ms() + PF_POLL_MS, left;
    size_t  i, n = 0, watched = 0, open_fds;
    int     fd, ready;

    for (i = 0; i < h->known.n_member && n < PAUSE_MAX_FDS; i++) {
	if (master > 0 && h->known.member[i].pid != master)
	    continue;
	watched++;
	if ((fd = (int) syscall(SYS_pidfd_open, h->known.member[i].pid, 0)) < 0) {
	    if (errno == ESRCH)
		continue;			/* ended already */
	    break;				/* ENOSYS, EMFILE...: sleep */
	}
	fds[n].fd = fd;
	fds[n++].events = POLLIN;
    }
    /* nothing to watch (the master not among the scan's): sleep */
    if (watched > 0 && (i == h->known.n_member || n == PAUSE_MAX_FDS)) {
	for (open_fds = n; open_fds > 0 && (left = end - pf_now_ms()) > 0;) {
	    if ((ready = poll(fds, n, (int) left)) < 0 && errno == EINTR)
		continue;
	    if (ready <= 0)
		break;
	    for (i = 0; i < n; i++)
		if (fds[i].fd >= 0 && fds[i].revents != 0) {
		    close(fds[i].fd);
		    fds[i].fd = -1;		/* poll() skips it */
		    open_fds--;
		}
	}
	for (i = 0; i < n; i++)
	    if (fds[i].fd >= 0)
		close(fds[i].fd);
	return (open_fds == 0);
    }
    for (i = 0; i < n; i++)
	close(fds[i].fd);
#else
    (void) h;
    (void) master;
#endif
    pf_sleep_ms(PF_POLL_MS);
    return (false);
}

/*
 * wait_gone - look until nothing of the instance is left (with master >
 * 0: until no master runs, that one being the one to end), or the
 * deadline
 */
static size_t wait_gone(halt_ref_t *h, pf_deadline_t deadline, pid_t master)
{
    pf_master_state_t st = {0};
    pf_master_procs_t procs;
    size_t  n;
    int     err;

    for (;;) {
	err = scan(h, master > 0 ? &st : NULL, &procs);
	n = (err == PF_OK ? procs.n_member : 0);
	if (err == PF_OK)
	    pf_master_procs_free(&procs);
	/* a failure to look is no proof that anything is gone */
	if (err == PF_OK && (master > 0 ? (st.pid == 0 && st.orphan == 0) : n == 0))
	    return (n);
	if (pf_deadline_left(deadline) == 0)
	    return (n);
	pause_for_exits(h, master);
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

/*
 * asleep - the process is blocked in a sleep on a timer (nanosleep,
 * clock_nanosleep): a retry's pause after a service that has left (the
 * anvil or trivial-rewrite client of an smtpd), an error reply's delay;
 * never a step of a transaction about to be acknowledged, each of which
 * waits on a descriptor or the disk
 */
static bool asleep(pid_t pid)
{
    long    nr;

    if (pf_proc_syscall(pid, &nr) != PF_OK || nr < 0)
	return (false);
#ifdef SYS_nanosleep
    if (nr == SYS_nanosleep)
	return (true);
#endif
#ifdef SYS_clock_nanosleep_time64
    if (nr == SYS_clock_nanosleep_time64)
	return (true);
#endif
#ifdef SYS_clock_nanosleep
    if (nr == SYS_clock_nanosleep)
	return (true);
#endif
    return (false);
}

/*
 * activity - what the instance's processes have done so far, as one
 * number that grows whenever one of them runs or moves a byte: the sum
 * of their context switches and pf_proc_io() counts. *n is how many
 * there are; *all_asleep whether every one is a Postfix daemon sleeping
 * on a timer (asleep(): read only until one is not).
 */
static int activity(halt_ref_t *h, size_t *n, bool *all_asleep,
		            unsigned long long *sum)
{
    pf_master_procs_t procs;
    pf_proc_status_t ps;
    unsigned long long bytes;
    size_t  i;
    int     err;

    if ((err = scan(h, NULL, &procs)) != PF_OK)
	return (err);
    *n = procs.n_member;
    *all_asleep = true;
    *sum = 0;
    for (i = 0; i < procs.n_member; i++) {
	/* a Postfix daemon's sleep only: a delivery command's is its own */
	*all_asleep = (*all_asleep && procs.member[i].how == PF_MASTER_DAEMON
		       && asleep(procs.member[i].pid));
	if (pf_proc_io(procs.member[i].pid, &bytes) == PF_OK)
	    *sum += bytes;
	if (pf_proc_status(procs.member[i].pid, &ps) == PF_OK && ps.switches > 0)
	    *sum += (unsigned long long) ps.switches;
    }
    pf_master_procs_free(&procs);
    return (PF_OK);
}

/*
 * drain - after the master's SIGKILL: wait while the instance's processes
 * finish what they are in, until none is left, none has run, moved a
 * byte or ended for DRAIN_IDLE_MS, or the deadline. Returns how many are
 * left.
 */
static size_t drain(halt_ref_t *h, pf_deadline_t deadline)
{
    int64_t t0 = pf_now_ms(), quiet_since = t0;
    unsigned long long sum, last_sum = 0;
    size_t  n = 0, last_n = 0;		/* n > 0 differs on the first look */
    bool    all_asleep;

    for (;;) {
	if (activity(h, &n, &all_asleep, &sum) != PF_OK) {
	    /* a failure to look is no proof of anything: steps 2 and 3 look again */
	    pf_warn("queue %s: drain: cannot read /proc; ending the drain", h->q);
	    return (1);
	}
	if (n == 0) {
	    pf_info("queue %s: drained: every process of this instance "
		    "finished its work and left " PF_XS " %lld ms", h->q,
		    (long long) (pf_now_ms() - t0));
	    return (0);
	}
	if (all_asleep) {
	    pf_info("queue %s: drain: the %zu Postfix daemons of this "
		    "instance left sleep on a timer (a retry after a service "
		    "that has left, no transaction completing): ending them",
		    h->q, n);
	    return (n);
	}
	if (n != last_n || sum != last_sum)
	    quiet_since = pf_now_ms();
	last_n = n;
	last_sum = sum;
	if (pf_now_ms() - quiet_since >= DRAIN_IDLE_MS) {
	    pf_info("queue %s: drain: %zu processes of this instance neither "
		    "ran nor moved a byte for %d ms (waiting for clients or for services that "
		    "have left, no transaction completing): ending them",
		    h->q, n, DRAIN_IDLE_MS);
	    return (n);
	}
	if (pf_deadline_left(deadline) == 0) {
	    pf_warn("queue %s: drain: %zu processes of this instance still "
		    "busy after %lld ms, half of stop's time: ending them; a "
		    "transaction they were in is not completed", h->q, n,
		    (long long) (pf_now_ms() - t0));
	    return (n);
	}
	pause_for_exits(h, 0);
    }
}

/*
 * signal_procs - sig to every process of a scan, and SIGCONT after it: a
 * stopped process acts on a signal only once continued
 */
static void signal_procs(const halt_ref_t *h, const pf_master_procs_t *procs,
			         int sig)
{
    size_t  i;

    for (i = 0; i < procs->n_member; i++) {
	signal_one(h, &procs->member[i], sig);
	if (sig != SIGCONT)
	    signal_one(h, &procs->member[i], SIGCONT);
    }
}

/* signal_all - signal_procs() to what a fresh scan proves the instance's */

static void signal_all(halt_ref_t *h, int sig)
{
    pf_master_procs_t procs;

    if (scan(h, NULL, &procs) != PF_OK)
	return;
    signal_procs(h, &procs, sig);
    pf_master_procs_free(&procs);
}

/* stop_queue - stop the instance whose queue directory is h->q */

static int stop_queue(halt_ref_t *h, pf_deadline_t deadline, char *why,
		              size_t len)
{
    pf_master_state_t st;
    pf_master_procs_t procs;
    char    mwhy[PF_WHY_LEN], list[256];
    const char *q = h->q;
    int     rc;

    rc = pf_master_status(q, h->d, &st, mwhy, sizeof(mwhy));
    if (rc == PF_EINSTALL) {
	pf_info("%s; nothing can run there", mwhy);
	return (PF_OK);
    }
    pf_debug("stop: %s", mwhy);
    /* what runs now, before the master's end orphans the delivery commands */
    if (scan(h, NULL, &procs) == PF_OK)
	pf_master_procs_free(&procs);

    /* Step 1: drain, as "postfix drain": the master ends, the rest finish. */
    if ((st.pid || st.orphan) && !st.stopped) {
	pf_master_proc_t master = {.pid = st.pid ? st.pid : st.orphan,
	.uid = 0, .start = st.start, .how = PF_MASTER_DAEMON};

	pf_notice("queue %s: draining: SIGKILL to master pid %ld, as postfix "
		  "drain does; its processes finish what they are in", q,
		  (long) master.pid);
	signal_one(h, &master, SIGKILL);
	/* its end, seen on its pidfd, or else looked for in /proc */
	if (!pause_for_exits(h, master.pid))
	    wait_gone(h, share(deadline, 50), master.pid);
	/* a stopped one acts once continued: what the first scan proved */
	signal_procs(h, &h->known, SIGCONT);
	if (drain(h, share(deadline, 50)) > 0) {
	    /* Step 2: what the master sends its process group on postfix stop. */
	    signal_all(h, SIGTERM);
	    wait_gone(h, pf_deadline_min(share(deadline, 50),
					 pf_deadline_after(GRACE_MS)), 0);
	}
    }
    if (st.stopped)
	pf_notice("%s", mwhy);

    /* Step 3: SIGKILL, to proven processes of this instance only. */
    for (;;) {
	pid_t  *pids;

	if ((rc = scan(h, NULL, &procs)) != PF_OK) {
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
	signal_procs(h, &procs, SIGKILL);
	pf_master_procs_free(&procs);
	wait_gone(h, pf_deadline_min(deadline, pf_deadline_after(500)), 0);
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

static int halt_queue(const char *q, const char *d, uid_t owner,
		              pf_deadline_t deadline, char *why, size_t len)
{
    halt_ref_t h = {.q = q, .d = d, .owner = owner};
    int     rc;

    rc = stop_queue(&h, deadline, why, len);
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
	rc = halt_queue(conf->queue_directory, conf->daemon_directory,
			ids.uid, deadline, why, len);
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
	rc = halt_queue(q, d, (uid_t) -1, deadline, why, len);
	if (rc != PF_OK)
	    return (rc);
    }
    snprintf(why, len, "config %s: Failed in a stop process by kill command: "
	     "processes of this instance are still there", cdir);
    return (PF_EFAIL);
}
