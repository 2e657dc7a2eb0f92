/*++
/* NAME
/*	pf_instance 3h
/* SUMMARY
/*	what start, stop and monitor share: run postfix, probe, stop all
/* SYNOPSIS
/*	#include "pf_instance.h"
/* DESCRIPTION
/*	The lifecycle actions (pf_action_start.c, pf_action_stop.c,
/*	pf_action_monitor.c) are built from these steps; each takes the
/*	immutable context and reports its cause in why, object first.
/*--*/
#ifndef PF_INSTANCE_H
#define PF_INSTANCE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "pf_agent.h"
#include "pf_conf.h"
#include "pf_ids.h"
#include "pf_listen.h"
#include "pf_master.h"

#define PF_WHY_LEN	512

/* Config directory as Postfix is told it: "-c DIR", never empty. */
extern const char *pf_instance_config_dir(const pf_ctx_t *ctx);

/*
 * Run "postfix -c DIR [parameters words] CMD" through pf_spawn, stderr on
 * a pseudo-terminal. PF_OK when it exited 0; otherwise PF_EFAIL (or
 * PF_ETIMEOUT, or an errno from execve) with why = "postfix CMD: <last
 * line Postfix wrote>".
 */
extern int pf_instance_postfix(const pf_ctx_t *ctx, const char *cmd,
			               pf_deadline_t deadline, char *why, size_t len);
extern int pf_instance_postfix_until(const pf_ctx_t *ctx, const char *cmd,
				            pf_deadline_t deadline,
				            bool (*until) (void *), void *arg,
				            char *why, size_t len);

/*
 * Before "postfix start": create $queue_directory/quick-start (postfix-
 * script then skips its integrity pass) when pf_qstamp proves the queue
 * is where the last start left it, else remove it.
 */
extern int pf_instance_quick_start(const pf_conf_t *conf, char *why,
				           size_t len);

/*
 * Before "postfix start": run Debian's configure-instance.sh (script) as
 * Debian 12's postfix.service does, "-" with MAIL_CONFIG=<config dir>,
 * unless the configure_instance parameter is off, the script does not
 * exist, or Postfix's daemon_dir/post-install runs it itself (Debian 13:
 * postfix start does).
 */
#define PF_CONFIGURE_INSTANCE	"/usr/lib/postfix/configure-instance.sh"
extern int pf_instance_configure(const pf_ctx_t *ctx, const char *daemon_dir,
				         const char *script, pf_deadline_t deadline,
				         char *why, size_t len);

/*
 * Probe every listener (greeting; EHLO with ehlo != NULL) once. done[i]
 * marks listeners already seen greeting and is updated; NULL: probe all.
 * PF_OK when all greet, else the first failure, why naming the listener.
 */
extern int pf_instance_probe(const pf_ctx_t *ctx, const pf_listener_t *l,
			             size_t n, bool *done, const char *ehlo,
			             pf_deadline_t deadline, char *why, size_t len);

/*
 * Listener addresses not configured on this node: PF_EINSTALL with the
 * address in why; PF_OK when all are local (or wildcard).
 */
extern int pf_instance_addrs_local(const pf_listener_t *l, size_t n,
				           char *why, size_t len);

/*
 * Stop everything of the instance by the deadline: postfix stop (only
 * for a verified, answering master), wait, postfix abort, then SIGCONT
 * and SIGKILL of the processes pf_master proves to be this instance's.
 * conf may be NULL (unreadable): then the instance is found by
 * pf_master_locate(). PF_OK only when nothing of it is left.
 */
extern int pf_instance_stop(const pf_ctx_t *ctx, const pf_conf_t *conf,
			            pf_deadline_t deadline, char *why, size_t len);

/* What pf_instance_health() found. */
typedef struct pf_health {
    pf_master_state_t st;		/* master status */
    bool    running;			/* any process of the instance */
    size_t  n_pids;			/* how many (searched only without a verified master) */
} pf_health_t;

/*
 * Health of the instance at a monitor depth (0, 10, 20), spawning
 * nothing: PF_OK healthy; PF_ENOTRUNNING nothing of it runs; PF_EFAIL
 * something runs but is not healthy (master hung, a listener fails, no
 * SMTP listener and no queue manager (pf_qmgr_check()), daemons without
 * master, queue not searchable); PF_EINSTALL queue
 * directory absent or a listener address not on this node; PF_EPERM
 * ownership (depth 10); PF_ECONFIG listeners cannot be built. ids: the
 * owners' ids when the caller has looked them up already, else NULL.
 */
extern int pf_instance_health(const pf_ctx_t *ctx, const pf_conf_t *conf,
			              const pf_ids_t *ids, int depth,
			              pf_deadline_t deadline, pf_health_t *h,
			              char *why, size_t len);

/* A pid list for messages: "123 456 ..." (cut to fit). */
extern void pf_instance_pid_list(const pid_t *pids, size_t n, char *buf, size_t len);

#endif
