/*++
/* NAME
/*	pf_spawn 3h
/* SUMMARY
/*	run a program safely: argv, clean environment, deadline
/* SYNOPSIS
/*	#include "pf_spawn.h"
/*--*/
#ifndef PF_SPAWN_H
#define PF_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "pf_clock.h"

/* Flags. */
#define PF_SPAWN_PTY_STDERR	(1<<0)	/* stderr is a pseudo-terminal */

#define PF_SPAWN_CAPTURE_DEFAULT	(64 * 1024)
#define PF_SPAWN_GRACE_MS	500	/* SIGTERM to SIGKILL */

typedef struct pf_spawn_opts {
    const char *const *argv;		/* argv[0]: absolute path executed */
    const char *const *env;		/* extra NAME=value, NULL-terminated */
    pf_deadline_t deadline;		/* kill the child's group then */
    int     flags;			/* PF_SPAWN_* */
    size_t  capture_max;		/* bytes kept per stream; 0: default */
    bool    (*until) (void *arg);	/* goal reached: stop waiting */
    void   *until_arg;
} pf_spawn_opts_t;

typedef struct pf_spawn_result {
    pid_t   pid;			/* the child, already reaped */
    int     status;			/* waitpid() status */
    int     exit_code;			/* exit status, -1 if signalled */
    int     signal;			/* terminating signal, or 0 */
    bool    timed_out;			/* killed at the deadline */
    bool    ended_early;		/* ended because until() was true */
    char   *out;			/* stdout (tail), NUL-terminated */
    size_t  out_len;
    char   *err;			/* stderr (tail), NUL-terminated */
    size_t  err_len;
} pf_spawn_result_t;

extern int pf_spawn_run(const pf_spawn_opts_t *opts, pf_spawn_result_t *res);
extern void pf_spawn_result_free(pf_spawn_result_t *res);
extern const char *pf_spawn_last_line(const char *text, char *buf, size_t len);

/* How pf_spawn_explain() words a program that ran and failed. */
#define PF_SPAWN_WHY_STDOUT	(1<<0)	/* stdout's last line if stderr has none */
#define PF_SPAWN_WHY_STATUS	(1<<1)	/* "exit status N: " before it */

extern int pf_spawn_explain(int rc, const pf_spawn_result_t *res, int flags,
			            const char *what, const char *none,
			            char *why, size_t len);

#endif
