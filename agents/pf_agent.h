/*++
/* NAME
/*	pf_agent 3h
/* SUMMARY
/*	the agent's immutable context and its actions
/* SYNOPSIS
/*	#include "pf_agent.h"
/* DESCRIPTION
/*	main() builds one pf_ctx_t from argv and the environment; every
/*	action takes it read-only and returns a pf return code (pf_rc.h),
/*	a fact; main() has the answer table turn it into the OCF exit code
/*	(pf_answer_exit()). An action that fails
/*	calls pf_log_exit_reason() itself, once, naming the object first.
/*--*/
#ifndef PF_AGENT_H
#define PF_AGENT_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_answer.h"
#include "pf_conf.h"
#include "pf_ocf.h"
#include "pf_report.h"

#define PF_AGENT_NAME		"postfix"
#define PF_DEFAULT_BINARY	"/usr/sbin/postfix"

/* room for a cause, object first, in the actions and their steps */
#define PF_WHY_LEN	512

/*
 * The OCF_CHECK_LEVEL depths. From PF_CHECK_LEVEL_NODE, validate-all checks
 * this node's environment and the cluster's view, and the monitor the
 * ownership of the queue and data directories (and, when not a probe, the
 * other nodes' ids); from PF_CHECK_LEVEL_EHLO the monitor also says EHLO.
 */
#define PF_CHECK_LEVEL_NODE	10
#define PF_CHECK_LEVEL_EHLO	20

typedef struct pf_ctx {
    const char *action;			/* argv[1] */
    const char *instance;		/* OCF_RESOURCE_INSTANCE or "" */
    const char *config_dir;		/* OCF_RESKEY_config_dir, normalised, or "" */
    const char *binary;			/* OCF_RESKEY_binary */
    const char *postconf;		/* postconf beside binary */
    const char *parameters;		/* OCF_RESKEY_parameters or "" */
    const char *listeners;		/* OCF_RESKEY_listeners or "" */
    int     smtp_timeout_ms;		/* per probe, 0: from the deadline */
    const char *helo_name;		/* EHLO name at depth 20 */
    const char *queue_mount_point;	/* queue must be on this mount, or "" */
    bool    configure_instance;		/* run Debian's configure-instance.sh */
    bool    require_wiring;		/* missing IP/Filesystem resource: refuse */
    const char *degraded_checks;	/* OCF_RESKEY_degraded_checks or "" */
    const char *tls_expiry_days;	/* the degraded thresholds, or "" */
    const char *deferred_max_age;
    const char *deferred_max_count;
    bool    probe;			/* monitor with interval 0 */
    int     check_level;		/* OCF_CHECK_LEVEL */
    int     timeout_ms;			/* Pacemaker's action timeout */
    pf_deadline_t deadline;		/* every wait ends by then */
} pf_ctx_t;

typedef int (*pf_action_fn) (const pf_ctx_t *ctx);

extern int pf_action_meta_data(const pf_ctx_t *ctx);
extern int pf_action_usage(const pf_ctx_t *ctx);
extern int pf_action_validate_all(const pf_ctx_t *ctx);
extern int pf_action_start(const pf_ctx_t *ctx);
extern int pf_action_stop(const pf_ctx_t *ctx);
extern int pf_action_monitor(const pf_ctx_t *ctx);

/*
 * pf_agent_conf.c: every action's configuration (cheap: postconf -d is
 * cached); it does not log. Then whether every node reads it: the fact
 * the answer's fault scope rule needs (pf_answer_scope()), from what was
 * loaded, never loading again.
 */
extern int pf_agent_conf(const pf_ctx_t *ctx, pf_conf_t **conf, char *why,
			         size_t whylen);
extern pf_scope_t pf_agent_conf_scope(const pf_ctx_t *ctx);

/*
 * pf_action_validate.c: the validate-all checks, shared with start.
 * pf_agent_validate_params() (check level 0:
 * the parameters alone) and pf_agent_validate() (level 10: this node's
 * environment too) say each problem to report (pf_report.h): NULL, as
 * start gives, stops at the first, which is the exit reason and the
 * answer; full also runs "postfix check".
 */
extern int pf_agent_validate_params(const pf_ctx_t *ctx,
				            pf_report_t *report);
extern int pf_agent_validate(const pf_ctx_t *ctx, const pf_conf_t *conf,
			             bool full, pf_report_t *report);

/* metadata/postfix.xml, compiled in by the build */
extern const char pf_metadata_xml[];

#endif
