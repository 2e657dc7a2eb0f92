/*++
/* NAME
/*	pf_agent_conf 3
/* SUMMARY
/*	every action's configuration
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_agent_conf(const pf_ctx_t *ctx, pf_conf_t **conf,
/*			char *why, size_t whylen)
/* DESCRIPTION
/*	pf_agent_conf() loads the instance's configuration (pf_conf_load(),
/*	whose postconf defaults are cached: no process in the common case)
/*	for every action that needs it: validate-all, start, stop and
/*	monitor. It checks config_dir first (pf_conf_check_dir_arg()). It
/*	does not log: the action says what a failure means to it.
/* DIAGNOSTICS
/*	pf return codes, as pf_conf_load() gives them; the cause in why.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include "pf_agent.h"
#include "pf_conf.h"

/* pf_agent_conf - the instance's configuration, cheaply */

int     pf_agent_conf(const pf_ctx_t *ctx, pf_conf_t **conf, char *why,
		              size_t whylen)
{
    /* pf_conf_load() checks config_dir (pf_conf_check_dir_arg()) */
    return (pf_conf_load(ctx->config_dir, ctx->postconf, ctx->deadline, conf,
			 why, whylen));
}
