/*++
/* NAME
/*	pf_action_meta 3
/* SUMMARY
/*	meta-data and usage actions
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_action_meta_data(const pf_ctx_t *ctx)
/*	int	pf_action_usage(const pf_ctx_t *ctx)
/* DESCRIPTION
/*	pf_action_meta_data() prints the meta-data compiled in from
/*	metadata/postfix.xml. pf_action_usage() prints the usage line.
/*	These are the only actions that write to stdout.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdio.h>

#include "pf_agent.h"
#include "pf_rc.h"

/* pf_action_meta_data - print the meta-data */

int     pf_action_meta_data(const pf_ctx_t *ctx)
{
    (void) ctx;
    if (fputs(pf_metadata_xml, stdout) == EOF || fflush(stdout) == EOF)
	return (PF_EFAIL);
    return (PF_OK);
}

/* pf_action_usage - print the usage */

int     pf_action_usage(const pf_ctx_t *ctx)
{
    (void) ctx;
    printf("usage: %s {start|stop|monitor|status|validate-all|meta-data|usage}\n",
	   PF_AGENT_NAME);
    return (PF_OK);
}
