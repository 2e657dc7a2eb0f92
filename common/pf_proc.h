/*++
/* NAME
/*	pf_proc 3h
/* SUMMARY
/*	one reader of /proc: a process's stat, links, status, environment;
/*	the process table; a process's children
/* SYNOPSIS
/*	#include "pf_proc.h"
/* DESCRIPTION
/*	See pf_proc.c.
/*--*/
#ifndef PF_PROC_H
#define PF_PROC_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* What /proc/PID/stat says of a process. */
typedef struct pf_proc_stat {
    pid_t   ppid;			/* field 4 */
    char    state;			/* field 3: R S D T t Z X ... */
    bool    has_start;			/* field 22 was there */
    unsigned long long start;		/* field 22: clock ticks after boot */
    char    comm[64];			/* field 2, without its parentheses */
} pf_proc_stat_t;

/* What /proc/PID/status says of a process. */
typedef struct pf_proc_status {
    uid_t   uid;			/* real uid; (uid_t) -1 when not read */
    long long switches;			/* voluntary + nonvoluntary; -1 unknown */
} pf_proc_status_t;

/* The numeric entries of /proc, or of /proc/PID/fd, one at a time. */
typedef struct pf_proc_iter {
    DIR    *dp;
} pf_proc_iter_t;

extern void pf_proc_set_root(const char *root);
extern const char *pf_proc_root(void);
extern char *pf_proc_path(char *buf, size_t len, pid_t pid, const char *name);

extern int pf_proc_stat_parse(const char *text, pf_proc_stat_t *ps);
extern int pf_proc_stat(pid_t pid, pf_proc_stat_t *ps);
extern int pf_proc_link(pid_t pid, const char *name, char *buf, size_t len,
			        bool *deleted);
extern int pf_proc_status(pid_t pid, pf_proc_status_t *ps);
extern int pf_proc_io(pid_t pid, unsigned long long *bytes);
/* the system call PID is blocked in (*nr), -1 while it runs */
extern int pf_proc_syscall(pid_t pid, long *nr);
extern int pf_proc_getenv(pid_t pid, const char *name, char *buf, size_t len);

extern int pf_proc_iter_open(pf_proc_iter_t *it);
extern pid_t pf_proc_iter_next(pf_proc_iter_t *it);
extern void pf_proc_iter_close(pf_proc_iter_t *it);
extern int pf_proc_pids(pid_t **pids, size_t *n);
extern int pf_proc_fd_open(pid_t pid, pf_proc_iter_t *it);
extern int pf_proc_fd_next(pf_proc_iter_t *it);
extern int pf_proc_children(pid_t pid, pid_t **kids, size_t *n);
extern void pf_proc_start_time(unsigned long long ticks, struct timespec *when);

#endif
