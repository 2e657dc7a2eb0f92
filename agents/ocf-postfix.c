/*++
/* NAME
/*	ocf-postfix 8
/* SUMMARY
/*	OCF resource agent for the Postfix mail system (ocf:pfkit:postfix)
/* SYNOPSIS
/*	ocf-postfix start|stop|monitor|status|validate-all|meta-data|usage
/* DESCRIPTION
/*	main() is thin: it reads the action and the environment into one
/*	pf_ctx_t, sets up logging, dispatches, and has the answer table
/*	turn the action's pf return code into the OCF exit code
/*	(pf_answer_exit(): the fault scope rule, then pf_ocf_from_rc()),
/*	once; when the code is a configuration error it first asks
/*	whether every node reads that configuration
/*	(pf_agent_conf_scope(), from what the action loaded). The config_dir
/*	parameter is read there once and given its one spelling
/*	(pf_conf_dir_normalize(): no repeated or trailing slash) before
/*	anything uses it.
/*
/*	A missing action is PF_EARGS (exit 2, OCF_ERR_ARGS); an unknown
/*	one PF_EUNIMPL (exit 3, OCF_ERR_UNIMPLEMENTED); both with an
/*	ocf-exit-reason, through the same pf_answer_exit().
/* SEE ALSO
/*	ocf_pfkit_postfix(7), docs/architecture.md
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pf_agent.h"
#include "pf_answer.h"
#include "pf_decimal.h"
#include "pf_log.h"
#include "pf_rc.h"

static const struct {
    const char *name;
    pf_action_fn fn;
    bool    quiet;			/* no logging set-up needed */
} actions[] = {
    {"meta-data", pf_action_meta_data, true},
    {"usage", pf_action_usage, true},
    {"validate-all", pf_action_validate_all, false},
    {"start", pf_action_start, false},
    {"stop", pf_action_stop, false},
    {"monitor", pf_action_monitor, false},
    {"status", pf_action_monitor, false},
};

/* std_fds_open - make sure 0, 1 and 2 exist before anything opens a file */

static void std_fds_open(void)
{
    int     fd;

    while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
	 /* void */ ;
    if (fd > 2)
	close(fd);
}

/* postconf_beside - postconf in the directory of the postfix binary */

static const char *postconf_beside(const char *binary, char *buf, size_t len)
{
    const char *slash = strrchr(binary, '/');

    if (slash == NULL)
	return ("/usr/sbin/postconf");
    snprintf(buf, len, "%.*s/postconf", (int) (slash - binary), binary);
    return (buf);
}

/* seconds_to_ms - strict "N" seconds (0..86400) to ms, -1 if not one */

static int seconds_to_ms(const char *text)
{
    long long value;

    /* No atoi(): "10s", "-1", " 5" and overflowing values are errors. */
    if (pf_decimal_parse(text, &value) != PF_OK
	|| value > PF_OCF_MAX_TIMEOUT_MS / 1000)
	return (-1);
    return ((int) value * 1000);
}

/* reskey_bool - a yes/no parameter as the shell agents read one */

static bool reskey_bool(const char *name, bool dflt)
{
    const char *v = pf_ocf_reskey(name, NULL);
    static const char *const yes[] = {"1", "yes", "true", "on", "y"};
    static const char *const no[] = {"0", "no", "false", "off", "n"};
    size_t  i;

    for (i = 0; v != NULL && i < sizeof(yes) / sizeof(yes[0]); i++) {
	if (strcasecmp(v, yes[i]) == 0)
	    return (true);
	if (strcasecmp(v, no[i]) == 0)
	    return (false);
    }
    return (dflt);
}

/* ctx_init - the immutable context of this run; returns what to free */

static char *ctx_init(pf_ctx_t *ctx, const char *action, char *postconf_buf,
		              size_t len)
{
    const char *timeout = pf_ocf_reskey("smtp_timeout", NULL);
    const char *config_dir = pf_ocf_reskey("config_dir", "");
    char   *own = strdup(config_dir);

    memset(ctx, 0, sizeof(*ctx));
    ctx->action = action;
    ctx->instance = getenv("OCF_RESOURCE_INSTANCE");
    if (ctx->instance == NULL)
	ctx->instance = "";
    /* its one spelling, before anything uses it; as given if no memory */
    ctx->config_dir = own ? pf_conf_dir_normalize(own) : config_dir;
    ctx->binary = pf_ocf_reskey("binary", PF_DEFAULT_BINARY);
    ctx->postconf = postconf_beside(ctx->binary, postconf_buf, len);
    ctx->parameters = pf_ocf_reskey("parameters", "");
    ctx->listeners = pf_ocf_reskey("listeners", "");
    ctx->helo_name = pf_ocf_reskey("helo_name", "localhost");
    ctx->queue_mount_point = pf_ocf_reskey("queue_mount_point", "");
    ctx->configure_instance = reskey_bool("configure_instance", true);
    ctx->require_wiring = reskey_bool("require_wiring", false);
    ctx->degraded_checks = pf_ocf_reskey("degraded_checks", "");
    ctx->tls_expiry_days = pf_ocf_reskey("tls_expiry_days", "");
    ctx->deferred_max_age = pf_ocf_reskey("deferred_max_age", "");
    ctx->deferred_max_count = pf_ocf_reskey("deferred_max_count", "");
    /* -1: not a number of seconds; main() says so and uses the deadline */
    ctx->smtp_timeout_ms = timeout ? seconds_to_ms(timeout) : 0;
    ctx->probe = pf_ocf_is_probe(action);
    ctx->check_level = pf_ocf_check_level();
    ctx->timeout_ms = pf_ocf_timeout_ms();
    ctx->deadline = pf_ocf_deadline();
    return (own);
}

/* scope - the fault scope of an answer, when it can change it */

static pf_scope_t scope(const pf_ctx_t *ctx, int rc)
{
    pf_scope_t sc = PF_SCOPE_CLUSTER;

    if (pf_answer_scoped(rc)
	&& (sc = pf_agent_conf_scope(ctx)) == PF_SCOPE_NODE)
	pf_warn("config_dir %s: not on the queue's shared filesystem: the "
		"configuration error above is this node's only (answered %d, "
		"not %d: another node may run the instance)",
		pf_conf_dir(ctx->config_dir), pf_answer_exit(rc, sc),
		pf_answer_exit(rc, PF_SCOPE_CLUSTER));
    return (sc);
}

/* run - the action (i: its index, or none known), as an OCF exit code */

static int run(pf_ctx_t *ctx, size_t i)
{
    pf_scope_t sc;
    int     rc, ocf;

    if (i == sizeof(actions) / sizeof(actions[0])) {
	pf_log_init(PF_AGENT_NAME, ctx->instance);
	pf_log_exit_reason("action %.64s: not implemented by this agent",
			   ctx->action);
	pf_log_fini();
	return (pf_answer_exit(PF_EUNIMPL, PF_SCOPE_CLUSTER));
    }
    if (actions[i].quiet)
	return (pf_answer_exit(actions[i].fn(ctx), PF_SCOPE_CLUSTER));

    pf_log_init(PF_AGENT_NAME, ctx->instance);
    if (ctx->check_level < 0) {
	pf_warn("OCF_CHECK_LEVEL is not a number; using depth 0");
	ctx->check_level = 0;
    }
    if (ctx->smtp_timeout_ms < 0) {
	pf_warn("parameter smtp_timeout: \"%.40s\" is not a number of "
		"seconds (0-86400); using the action's deadline",
		pf_ocf_reskey("smtp_timeout", ""));
	ctx->smtp_timeout_ms = 0;
    }
    pf_debug("%s: begin " PF_XS " timeout=%dms probe=%d depth=%d",
	     ctx->action, ctx->timeout_ms, ctx->probe, ctx->check_level);
    rc = actions[i].fn(ctx);
    sc = scope(ctx, rc);
    ocf = pf_answer_exit(rc, sc);
    pf_debug("%s: end " PF_XS " rc=%d (%s) scope=%s ocf=%d", ctx->action, rc,
	     pf_strerror(rc), sc == PF_SCOPE_NODE ? "node" : "cluster", ocf);
    pf_log_fini();
    return (ocf);
}

int     main(int argc, char **argv)
{
    char    postconf_buf[4096];
    char   *own;
    pf_ctx_t ctx;
    size_t  i;
    int     ocf;

    std_fds_open();
    if (argc < 2 || argv[1][0] == 0) {
	pf_log_exit_reason("no action given "
			   "(start|stop|monitor|validate-all|meta-data|usage)");
	return (pf_answer_exit(PF_EARGS, PF_SCOPE_CLUSTER));
    }
    for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
	if (strcmp(argv[1], actions[i].name) == 0)
	    break;
    own = ctx_init(&ctx, argv[1], postconf_buf, sizeof(postconf_buf));
    ocf = run(&ctx, i);
    free(own);
    return (ocf);
}
