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
/*	instance (/proc/PID/exe is $daemon_directory/master and its cwd is
/*	the queue directory). A pid alone is never trusted; the pid file is
/*	never created.
/*
/*	pf_master_instance_pids() lists the live processes of this
/*	instance: the verified master, processes in its session, and
/*	processes whose cwd is the queue directory and which are either
/*	Postfix daemons (exe in daemon_directory), in the session the pid
/*	file names, carry MAIL_CONFIG in their environment (set by
/*	postfix(1), inherited by all Postfix starts), or descendants of
/*	such a process. Never a process
/*	merely sitting in that directory.
/*
/*	A master of this instance that does not hold the lock on the
/*	current pid file (the file was removed or replaced while it ran)
/*	is reported in st->orphan, never in st->pid: Postfix's own
/*	commands cannot reach it, only signals by pid can.
/*
/*	pf_master_locate() finds the instance when its main.cf cannot be
/*	read (stop must still find what runs): by MAIL_CONFIG in the
/*	environment of a process whose executable has a "master" sibling.
/*
/*	pf_master_set_proc_root() is for unit tests: it makes the module
/*	read "<root>/locks" and "<root>/<pid>/..." instead of /proc.
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
} pf_master_state_t;

/*
 * PF_OK: this instance's master runs (st->pid). PF_ENOTRUNNING: it does
 * not. PF_EINSTALL: queue directory absent. Reason in why.
 */
extern int pf_master_status(const char *queue_directory,
			            const char *daemon_directory,
			            pf_master_state_t *st,
			            char *why, size_t whylen);

/* Live processes of this instance; *pids malloc()ed, caller frees. */
extern int pf_master_instance_pids(const char *queue_directory,
				           const char *daemon_directory,
				           const pf_master_state_t *st,
				           pid_t **pids, size_t *n);

/*
 * Without a readable configuration: find a process of this instance by
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

/* Test seam: read another /proc tree (NULL: back to /proc). */
extern void pf_master_set_proc_root(const char *root);

#endif
