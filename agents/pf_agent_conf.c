/*++
/* NAME
/*	pf_agent_conf 3
/* SUMMARY
/*	every action's configuration, and whether every node reads it
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_agent_conf(const pf_ctx_t *ctx, pf_conf_t **conf,
/*			char *why, size_t whylen)
/*
/*	pf_scope_t pf_agent_conf_scope(const pf_ctx_t *ctx)
/* DESCRIPTION
/*	pf_agent_conf() loads the instance's configuration (pf_conf_load(),
/*	whose postconf defaults are cached: no process in the common case)
/*	for every action that needs it: validate-all, start, stop and
/*	monitor. It checks config_dir first (pf_conf_check_dir_arg()). It
/*	does not log: the action says what a failure means to it. It
/*	remembers the queue directory of what it loaded (one action per
/*	process: the configuration the action judged by).
/*
/*	pf_agent_conf_scope() is the fact the fault scope rule of the
/*	answer table needs (pf_answer_scope()): whether the configuration
/*	directory is on the queue's filesystem, the shared disk every node
/*	reads the same files from (pf_mount_config_shared()), so that an
/*	error in it is the whole cluster's (PF_SCOPE_CLUSTER); or
/*	node-local (PF_SCOPE_NODE): a mail_owner that is uid 0 in this
/*	node's passwd, an unknown service in this node's services file may
/*	be wrong here only. It uses the queue directory of the
/*	configuration pf_agent_conf() loaded, never loading it again; when
/*	none was loaded (main.cf cannot be read far enough to name the
/*	queue), the filesystem mounted at queue_mount_point; with neither
/*	known, or a config_dir that is no directory name at all, it cannot
/*	be proven this node's: PF_SCOPE_CLUSTER. main() asks for it only
/*	when the answer depends on it (pf_answer_scoped()): it reads
/*	/proc/self/mountinfo.
/* DIAGNOSTICS
/*	pf return codes, as pf_conf_load() gives them; the cause in why.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <limits.h>
#include <stdio.h>

#include "pf_agent.h"
#include "pf_conf.h"
#include "pf_mount.h"
#include "pf_rc.h"

/* the queue directory of the configuration this run loaded, or "" */
static char loaded_queue[PATH_MAX];

/* pf_agent_conf - the instance's configuration, cheaply */

int     pf_agent_conf(const pf_ctx_t *ctx, pf_conf_t **conf, char *why,
		              size_t whylen)
{
    int     rc;

    /* pf_conf_load() checks config_dir (pf_conf_check_dir_arg()) */
    rc = pf_conf_load(ctx->config_dir, ctx->postconf, ctx->deadline, conf,
		      why, whylen);
    if (rc == PF_OK && (*conf)->queue_directory != NULL)
	snprintf(loaded_queue, sizeof(loaded_queue), "%s",
		 (*conf)->queue_directory);
    return (rc);
}

/* pf_agent_conf_scope - does every node read this configuration */

pf_scope_t pf_agent_conf_scope(const pf_ctx_t *ctx)
{
    const char *dir = pf_conf_dir(ctx->config_dir);
    const char *on;
    char    why[256];

    if (pf_conf_check_dir_arg(ctx->config_dir, why, sizeof(why)) != PF_OK)
	return (PF_SCOPE_CLUSTER);
    if (loaded_queue[0] != 0)
	on = loaded_queue;
    else if (*ctx->queue_mount_point)
	on = ctx->queue_mount_point;
    else
	return (PF_SCOPE_CLUSTER);		/* cannot tell: never 5 blindly */
    return (pf_mount_config_shared(dir, on) ? PF_SCOPE_CLUSTER : PF_SCOPE_NODE);
}
