/*++
/* NAME
/*	pf_action_stop 3
/* SUMMARY
/*	stop: leave nothing of this instance running
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_action_stop(const pf_ctx_t *ctx)
/* DESCRIPTION
/*	pf_action_stop() returns PF_OK only when no process of the
/*	instance is left: master gone, its lock free, no process proven to
/*	be the instance's (pf_master_scan(): its verified daemons and what
/*	descends from them). That is what lets ocf:heartbeat:Filesystem
/*	unmount the queue next. Another user's process in the queue
/*	directory is never signalled and never makes stop fail.
/*
/*	The steps and their time shares are those of pf_halt_instance():
/*	a drain (the master ended as "postfix drain" ends it, its processes
/*	left to finish the SMTP transactions they are in, so that a planned
/*	switchover leaves no message committed but unacknowledged), then
/*	SIGTERM, then SIGKILL, by pid. A configuration
/*	that cannot be read does not make stop succeed blindly: the
/*	instance is then found by the MAIL_CONFIG=<config_dir> that
/*	postfix(1) put in the environment of its master and daemons (a
/*	verified master or daemon: pf_master_locate()), and killed by
/*	pid. When neither main.cf nor such a process exists, nothing of
/*	the instance can be running (every process Postfix starts carries
/*	MAIL_CONFIG), and stop succeeds.
/*
/*	The answer is stop's one rule (pf_answer_stop()), whatever the
/*	situation stop began in: 0 only when nothing of the instance is
/*	left once the steps are done, else 1.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdio.h>

#include "pf_agent.h"
#include "pf_answer.h"
#include "pf_cluster.h"
#include "pf_halt.h"
#include "pf_log.h"
#include "pf_rc.h"

/* pf_action_stop - the stop action */

int     pf_action_stop(const pf_ctx_t *ctx)
{
    pf_conf_t *conf = NULL;
    char    why[PF_WHY_LEN];
    int     rc;

    why[0] = 0;
    if (pf_agent_conf(ctx, &conf, why, sizeof(why)) != PF_OK) {
	pf_warn("%s; finding the instance's processes by MAIL_CONFIG", why);
	conf = NULL;
    }
    rc = pf_halt_instance(ctx, conf, ctx->deadline, why, sizeof(why));
    if (rc != PF_OK)
	pf_log_exit_reason("%s", why);
    else
	pf_info("config %s: stopped, no process of this instance left",
		pf_conf_dir(ctx->config_dir));
    pf_conf_free(conf);
    /* the queue's counts are the running instance's: gone with it */
    if (rc == PF_OK)
	pf_cluster_queue_publish(ctx, NULL);
    /* pf_halt_instance(): PF_OK only when it proved nothing is left */
    return (pf_answer_stop(rc != PF_OK));
}
