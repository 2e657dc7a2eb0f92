/*++
/* NAME
/*	pf_action_start 3
/* SUMMARY
/*	start: a running, greeting instance, as soon as it is one
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_action_start(const pf_ctx_t *ctx)
/* DESCRIPTION
/*	pf_action_start() returns PF_OK at once when the instance already
/*	runs and is healthy (depth 0), without touching it. When something
/*	of the instance runs but is not healthy (hung master, daemons
/*	without master, a listener failing), that is stopped first:
/*	"postfix start" would refuse to run beside it.
/*
/*	The parameters are checked first (check level 0), whatever runs.
/*	Then it validates this node's environment and the configuration
/*	(pf_agent_validate(): the checks of validate-all at check level
/*	10, but "postfix check": "postfix start" runs exactly those
/*	checks itself, postfix-script's check-fatal and check-warn, and
/*	its failure is quoted; running them twice would double the cost of
/*	a start), decides whether postfix start may skip postfix-script's
/*	integrity pass (check-fatal with postsuper, check-warn: both walk
/*	the whole queue): only when pf_qstamp(3) proves the queue is on the
/*	filesystem and in the directories the last successful start here
/*	recorded, with a sample of queue files named after their inodes,
/*	is $queue_directory/quick-start created (postfix-script removes it
/*	as it starts); otherwise any such marker (left by "postfix
/*	quick-stop", or come with a copied queue) is removed, so that
/*	postsuper renames the files of a copied queue. Then it runs Debian's
/*	configure-instance.sh as Debian 12's postfix.service does (it
/*	refreshes the copies of resolv.conf, hosts, services... in the
/*	chroot under the queue directory with this node's; configure_instance
/*	=false turns that off; on Debian 13 postfix start runs it itself,
/*	and refuses it from anyone else; with no service chrooted the
/*	script would copy nothing, and its one check, myorigin, is made
/*	without it: pf_command_configure()). Then, when the queue is proven
/*	and no parameters are given for postfix(1), it starts the master
/*	itself as postfix-script's quick path would ("master -c DIR -w",
/*	pf_command_master(): the shell and postconf runs in between only
/*	cost time, and no quick-start marker is left for the next
/*	"postfix start"); otherwise it runs "postfix -c DIR [parameters]
/*	start" (which also repairs queue file names after a copy, through
/*	postsuper). It polls every 10 ms, cheaply (/proc and a connect),
/*	until the master holds its lock and every listener has greeted
/*	220 (an instance without SMTP listener: until the master's queue
/*	manager runs, pf_qmgr(3)); it returns as soon as that is true,
/*	after writing the stamp the next start compares with, and leaving
/*	the comparison of the other nodes' ids, and the cluster wiring
/*	unless require_wiring makes it a refusal (then it is checked before
/*	postfix starts), to the first monitor after it
/*	(pf_cluster_after_start_later()). The warnings
/*	check-warn would print come from validate-all at check level 10
/*	("postfix check"),
/*	never from a monitor.
/*
/*	On failure the reason quotes Postfix's own last line, and whatever
/*	the attempt started is stopped again (pf_halt_instance()): a failed
/*	start leaves nothing running. It leaves no quick-start marker and
/*	no stamp either (pf_qstamp_remove()): the marker made for this
/*	attempt survives when the start failed before postfix-script took
/*	it (configure-instance.sh, an option postfix refuses), and the
/*	stamp would make the next start skip the pass again; whatever made
/*	the start fail, the next one (the agent's or an administrator's
/*	"postfix start") runs postfix-script's full check of the queue.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_agent.h"
#include "pf_answer.h"
#include "pf_buf.h"
#include "pf_cluster.h"
#include "pf_command.h"
#include "pf_halt.h"
#include "pf_health.h"
#include "pf_log.h"
#include "pf_qmgr.h"
#include "pf_qstamp.h"
#include "pf_rc.h"

/* start_failed - stop what the attempt left, report, answer */

static int start_failed(const pf_ctx_t *ctx, const pf_conf_t *conf,
			        const char *cause)
{
    char    why[PF_WHY_LEN];

    if (pf_halt_instance(ctx, conf, ctx->deadline, why, sizeof(why)) != PF_OK)
	pf_err("%s", why);
    /* whatever failed, the next start checks the whole queue again */
    pf_qstamp_remove(conf);
    pf_notice("queue %s: quick-start marker and stamp removed: the next "
	      "start runs postfix-script's integrity pass",
	      conf->queue_directory);
    pf_log_exit_reason("Couldn't start postfix resource: %s", cause);
    return (pf_answer_found(PF_FOUND_START_FAILED, ctx->require_wiring));
}

/* wait_ready - poll until the master holds its lock and all greet */

static int wait_ready(const pf_ctx_t *ctx, const pf_conf_t *conf,
		              const pf_listener_t *l, size_t n, char *why, size_t len)
{
    pf_master_state_t st;
    bool   *done = calloc(n ? n : 1, sizeof(*done));
    int     rc;

    if (done == NULL) {
	snprintf(why, len, "out of memory");
	return (ENOMEM);
    }
    for (;;) {
	rc = pf_master_status(conf->queue_directory, conf->daemon_directory,
			      &st, why, len);
	if (rc == PF_OK && !st.stopped) {
	    rc = pf_health_probe(ctx, l, n, done, NULL, ctx->deadline, why, len);
	    /* no SMTP listener: the master's queue manager has started */
	    if (rc == PF_OK && n == 0 && pf_qmgr_expected(conf)
		&& pf_qmgr_find(conf, st.pid, NULL) != PF_OK) {
		snprintf(why, len, "queue %s: no queue manager under master "
			 "pid %ld", conf->queue_directory, (long) st.pid);
		rc = PF_ENOTRUNNING;
	    }
	    if (rc == PF_OK)
		break;
	} else if (!st.lock_held) {
	    /* "postfix start" returned: a master that is not there died */
	    snprintf(why + strlen(why), len - strlen(why), " after postfix start");
	    rc = PF_EFAIL;
	    break;
	}
	if (pf_deadline_left(ctx->deadline) == 0) {
	    rc = PF_ETIMEOUT;
	    break;
	}
	pf_sleep_ms(PF_POLL_MS);
    }
    free(done);
    return (rc);
}

/* pf_action_start - the start action */

int     pf_action_start(const pf_ctx_t *ctx)
{
    pf_conf_t *conf = NULL;
    pf_listener_t *l = NULL;
    pf_health_t h;
    char    why[PF_WHY_LEN];
    size_t  n = 0;
    int64_t t0 = pf_now_ms();
    bool    direct, proven;
    int     rc;

    why[0] = 0;
    if ((rc = pf_agent_validate_params(ctx, NULL)) != PF_OK)
	return (rc);
    if ((rc = pf_agent_conf(ctx, &conf, why, sizeof(why))) != PF_OK) {
	pf_log_exit_reason("%s", why);
	return (rc);
    }
    rc = pf_health_check(ctx, conf, NULL, 0, ctx->deadline, &h, why, sizeof(why));
    if (rc == PF_OK) {
	pf_info("%s; already running, left untouched", why);
	goto done;
    }
    if (h.running) {
	pf_notice("%s; stopping what runs of this instance before starting it", why);
	if ((rc = pf_halt_instance(ctx, conf, ctx->deadline, why, sizeof(why))) != PF_OK) {
	    pf_log_exit_reason("Couldn't start postfix resource: %s", why);
	    goto done;
	}
    }
    /* Not "full": postfix start runs the same integrity checks itself. */
    /* the wiring refuses only with require_wiring; else the first monitor warns */
    if ((rc = pf_agent_validate(ctx, conf, false, NULL)) != PF_OK
	|| (ctx->require_wiring && (rc = pf_cluster_wiring(ctx, conf, NULL)) != PF_OK))
	goto done;
    if ((rc = pf_listen_build(conf, ctx->listeners, &l, &n, why, sizeof(why))) != PF_OK
	|| (rc = pf_listen_local(l, n, why, sizeof(why))) != PF_OK) {
	pf_log_exit_reason("%s", why);
	goto done;
    }
    /*
     * With the queue proven and no options for postfix(1), postfix-script
     * would only run the master: the agent does that itself. Otherwise
     * postfix start, with its integrity pass unless the queue is proven.
     */
    direct = pf_buf_blank(ctx->parameters);
    if ((rc = pf_qstamp_quick_start(conf, !direct, &proven, why, sizeof(why))) != PF_OK
	|| (rc = pf_command_configure(ctx, conf, PF_CONFIGURE_INSTANCE,
				       ctx->deadline, why, sizeof(why))) != PF_OK) {
	rc = start_failed(ctx, conf, why);
	goto done;
    }
    if ((direct && proven ? pf_command_master(ctx, conf, ctx->deadline, why, sizeof(why))
	 : pf_command_postfix(ctx, "start", ctx->deadline, why, sizeof(why))) != PF_OK) {
	rc = start_failed(ctx, conf, why);
	goto done;
    }
    if ((rc = wait_ready(ctx, conf, l, n, why, sizeof(why))) != PF_OK) {
	rc = start_failed(ctx, conf, why);
	goto done;
    }
    /* every queue file is named right now: the next start may skip the pass */
    if (pf_qstamp_write(conf, why, sizeof(why)) != PF_OK)
	pf_warn("%s; the next start runs postfix-script's integrity pass", why);
    pf_info("config %s: started, every listener greets " PF_XS " %lld ms",
	    pf_conf_dir(ctx->config_dir), (long long) (pf_now_ms() - t0));
    /* the other nodes' ids, the wiring's warning: the first monitor's */
    pf_cluster_after_start_later(ctx);

done:
    free(l);
    pf_conf_free(conf);
    return (rc);
}
