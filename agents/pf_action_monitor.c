/*++
/* NAME
/*	pf_action_monitor 3
/* SUMMARY
/*	monitor (and status): is this instance running, and healthy
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_action_monitor(const pf_ctx_t *ctx)
/* DESCRIPTION
/*	pf_action_monitor() answers as the table "Answers the agent gives"
/*	of ARCHITECTURE.md says. It spawns no process at any depth: the
/*	configuration comes from pf_agent_conf() (cached), the master from
/*	/proc (pf_master), the listeners from an SMTP greeting (pf_smtp).
/*	Depth 0: master holds its lock, is not stopped, the queue directory
/*	can be searched by mail_owner, every listener's address is on this
/*	node and it greets 220. Depth 10 adds the ownership checks of the
/*	queue and data directories (pf_ids), never walking the queue.
/*	Depth 20 adds EHLO, expecting 250.
/*
/*	Nothing of the instance runs: 7. Configuration or queue directory
/*	absent on this node: 7 on a probe, 5 on a recurring monitor. Binary
/*	or postconf missing: 5. When processes of the instance still run
/*	in those cases (found by MAIL_CONFIG), a probe answers 1, never
/*	"not running", and a recurring monitor 5 (this node cannot manage
/*	it: stop it here, run it elsewhere). Something runs but is not
/*	healthy (master hung, daemons without master, a listener failing):
/*	1, the reason naming the object (listener address:port, pid).
/*	Configuration invalid (main.cf unreadable as Postfix would read
/*	it, mail_owner or setgid_group privileged, inet_interfaces invalid):
/*	6, even while it runs, as the ARCHITECTURE table says.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_agent.h"
#include "pf_ids.h"
#include "pf_instance.h"
#include "pf_log.h"
#include "pf_rc.h"

/* unusable_command - postfix or postconf when not an executable file */

static const char *unusable_command(const pf_ctx_t *ctx)
{
    const char *paths[2] = {ctx->binary, ctx->postconf};
    struct stat st;
    int     i;

    /* access(X_OK) alone is true for root on any directory */
    for (i = 0; i < 2; i++)
	if (paths[i] == NULL || *paths[i] != '/' || stat(paths[i], &st) < 0
	    || !S_ISREG(st.st_mode) || access(paths[i], X_OK) < 0)
	    return (paths[i] ? paths[i] : "");
    return (NULL);
}

/* monitor_noconf - the answer when the configuration cannot be loaded */

static int monitor_noconf(const pf_ctx_t *ctx, int rc, const char *why)
{
    char    q[PATH_MAX], d[PATH_MAX];
    const char *missing;

    if (rc == PF_ECONFIG || rc == PF_EARGS) {
	pf_log_exit_reason("%s", why);
	return (rc);
    }
    missing = unusable_command(ctx);
    if (pf_master_locate(pf_instance_config_dir(ctx), q, sizeof(q),
			 d, sizeof(d)) == PF_OK) {
	/* runs, but this node cannot manage it: never "not running" */
	pf_log_exit_reason("%s%s; yet processes of this instance run (queue %s)",
			   missing ? missing : why, missing ?
			   ": Execute files (postfix or postconf command) is not "
			   "an executable file" : "", q);
	return (ctx->probe ? PF_EFAIL : PF_EINSTALL);
    }
    if (missing) {
	pf_log_exit_reason("%s: Execute files (postfix or postconf command) is "
			   "not an executable file", missing);
	return (PF_EINSTALL);
    }
    if (rc == PF_EINSTALL) {
	if (ctx->probe) {
	    pf_info("%s; not running here", why);
	    return (PF_ENOTRUNNING);
	}
	pf_log_exit_reason("%s", why);
	return (PF_EINSTALL);
    }
    pf_log_exit_reason("%s", why);
    return (PF_EFAIL);
}

/* pf_action_monitor - the monitor and status actions */

int     pf_action_monitor(const pf_ctx_t *ctx)
{
    pf_conf_t *conf = NULL;
    pf_health_t h;
    const char *bad;
    char    why[PF_WHY_LEN];
    int     rc;

    why[0] = 0;
    if ((rc = pf_agent_conf(ctx, &conf, why, sizeof(why))) != PF_OK)
	return (monitor_noconf(ctx, rc, why));

    /* mail_owner / setgid_group: getpwnam()/getgrnam(), no process */
    if ((rc = pf_ids_check_owners(conf, why, sizeof(why))) == PF_ECONFIG) {
	pf_log_exit_reason("%s", why);
	pf_conf_free(conf);
	return (rc);
    }
    if (rc != PF_OK) {
	/* absent on this node only: as when the configuration is absent */
	pf_conf_free(conf);
	return (monitor_noconf(ctx, PF_EINSTALL, why));
    }
    rc = pf_instance_health(ctx, conf, ctx->check_level, ctx->deadline, &h,
			    why, sizeof(why));
    switch (rc) {
    case PF_OK:
	pf_debug("%s", why);
	break;
    case PF_ENOTRUNNING:
	/* Not running, and could not be started here: say why (5). */
	if ((bad = unusable_command(ctx)) != NULL) {
	    pf_log_exit_reason("%s: Execute files (postfix or postconf "
			       "command) is not an executable file", bad);
	    rc = PF_EINSTALL;
	    break;
	}
	pf_info("%s", why);
	break;
    case PF_EINSTALL:
	/* never "not running" while something runs */
	if (h.running)
	    rc = ctx->probe ? PF_EFAIL : PF_EINSTALL;
	else if (ctx->probe)
	    rc = PF_ENOTRUNNING;
	if (rc == PF_ENOTRUNNING)
	    pf_info("%s; not running here", why);
	else
	    pf_log_exit_reason("%s", why);
	break;
    default:
	pf_log_exit_reason("%s", why);
	break;
    }
    pf_conf_free(conf);
    return (rc);
}
