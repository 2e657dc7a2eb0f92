/*++
/* NAME
/*	pf_master 3h
/* SUMMARY
/*	is the master of THIS instance running; which processes are its
/* SYNOPSIS
/*	#include "pf_master.h"
/* DESCRIPTION
/*	pf_master_status() decides as "master -t" does, from the flock on
/*	$queue_directory/pid/master.pid, but without forking and without
/*	taking the lock: the holder is found in /proc/locks by the pid
/*	file's device and inode, then confirmed to be a master of this
/*	instance (/proc/PID/exe is root's $daemon_directory/master, its real
/*	uid is root's and its cwd is the queue directory). A pid alone is never trusted; the pid file is
/*	never created.
/*
/*	pf_master_scan() reads the process table once and sorts out, by
/*	facts another user cannot fake, the instance's processes: its
/*	verified Postfix daemons (the master among them) and every process
/*	descending from one (delivery commands of pipe(8) and local(8) run
/*	as the recipient, in a session of their own), plus the processes a
/*	caller proved earlier and that are still the same. Processes with
/*	the queue as working directory that are none of those ("strangers":
/*	another user's, or a delivery command orphaned after its daemons
/*	died) are listed apart, never as the instance's.
/*
/*	pf_master_instance_pids() gives the pids of pf_master_scan()'s
/*	members.
/*
/*	pf_master_signal() signals one member after proving, right before,
/*	that its pid is still that process (pidfd) and still verified.
/*
/*	A master of this instance that does not hold the lock on the
/*	current pid file (the file was removed or replaced while it ran)
/*	is reported in st->orphan, never in st->pid: Postfix's own
/*	commands cannot reach it, only signals by pid can.
/*
/*	pf_master_locate() finds the instance when its main.cf cannot be
/*	read (stop must still find what runs): by MAIL_CONFIG in the
/*	environment of a verified master or daemon (root's executable beside
/*	root's "master", run by root or by the owner of its queue).
/*
/*	/proc is read through pf_proc. pf_master_set_file_owner() is for
/*	unit tests: take files of this uid as root's (a fixture cannot
/*	make root's files).
/*--*/
#ifndef PF_MASTER_H
#define PF_MASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct pf_master_state {
    pid_t   pid;			/* verified master, 0 if none */
    pid_t   file_pid;			/* pid in master.pid, 0 if none */
    bool    lock_held;			/* the pid file is flock()ed */
    bool    stopped;			/* master is in state T (SIGSTOP) */
    pid_t   holder;			/* lock holder from /proc/locks, 0 if none */
    pid_t   orphan;			/* master of this instance without lock */
    unsigned long long start;		/* start time of pid (or orphan) */
} pf_master_state_t;

/* Why a process is the instance's (pf_master_proc_t.how). */
#define PF_MASTER_STRANGER	0	/* not provably: in the queue directory only */
#define PF_MASTER_DAEMON	1	/* a verified Postfix daemon (or master) */
#define PF_MASTER_DESCENDANT	2	/* descends from a verified daemon */
#define PF_MASTER_KNOWN		3	/* proven by an earlier scan, still the same */

/* One process of a scan. */
typedef struct pf_master_proc {
    pid_t   pid;
    uid_t   uid;			/* real uid; (uid_t) -1 when not read */
    unsigned long long start;		/* start time, clock ticks after boot */
    int     how;			/* PF_MASTER_* */
} pf_master_proc_t;

/* What one scan found; pf_master_procs_free() releases it. */
typedef struct pf_master_procs {
    pf_master_proc_t *member;		/* the instance's */
    size_t  n_member;
    pf_master_proc_t *stranger;		/* in the queue directory, not provably ours */
    size_t  n_stranger;
} pf_master_procs_t;

/*
 * PF_OK: this instance's master runs (st->pid). PF_ENOTRUNNING: it does
 * not. PF_EINSTALL: queue directory absent. Reason in why.
 */
extern int pf_master_status(const char *queue_directory,
			            const char *daemon_directory,
			            pf_master_state_t *st,
			            char *why, size_t whylen);

/*
 * One snapshot of /proc: the instance's processes and the strangers in
 * its queue directory. mail_owner: its uid, or (uid_t) -1 when unknown
 * (then the owner of the queue's "active" directory, in a queue directory
 * only root can write). known: processes proven earlier (NULL: none).
 * PF_OK or an errno: a failure to look is never an empty list.
 */
extern int pf_master_scan(const char *queue_directory,
			          const char *daemon_directory, uid_t mail_owner,
			          const pf_master_procs_t *known,
			          pf_master_procs_t *out);
extern void pf_master_procs_free(pf_master_procs_t *procs);
/* The members' pids, malloc()ed (NULL when none); PF_OK or ENOMEM. */
extern int pf_master_member_pids(const pf_master_procs_t *procs, pid_t **pids);

/* Live processes of this instance (pf_master_scan's members); caller frees. */
extern int pf_master_instance_pids(const char *queue_directory,
				           const char *daemon_directory,
				           uid_t mail_owner,
				           pid_t **pids, size_t *n);

/*
 * Send sig to a member of a scan once it is proven to be the same process
 * (same start time) and, for a daemon, still a verified one: PF_OK sent,
 * ESRCH gone or no longer that process (not signalled), or an errno.
 */
extern int pf_master_signal(const char *queue_directory,
			            const char *daemon_directory, uid_t mail_owner,
			            const pf_master_proc_t *proc, int sig);

/*
 * Without a readable configuration: find a verified master or daemon by
 * the MAIL_CONFIG=config_dir that postfix(1) puts in the environment of
 * the master and every daemon, and recover the queue directory (its cwd)
 * and daemon directory (where its executable lies). PF_OK when found,
 * PF_ENOTRUNNING when no such process exists.
 */
extern int pf_master_locate(const char *config_dir,
			            char *queue_dir, size_t qlen,
			            char *daemon_dir, size_t dlen);

/* A pid list for messages: "123 456 ..." (cut at a whole pid). */
extern void pf_master_pid_list(const pid_t *pids, size_t n, char *buf,
			       size_t len);

/* The warning about a scan's strangers: "queue Q: ... pid (uid) ...; why". */
extern void pf_master_strangers_why(const char *queue_directory,
				            const pf_master_procs_t *procs,
				            char *buf, size_t len);

/* Test seam: the uid whose files count as root's (0 outside unit tests). */
extern void pf_master_set_file_owner(uid_t uid);

#endif
