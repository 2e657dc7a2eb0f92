/*++
/* NAME
/*	pf_action_validate 3
/* SUMMARY
/*	validate-all: refuse configurations that would lose mail
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_agent_validate_params(const pf_ctx_t *ctx)
/*	int	pf_agent_validate(const pf_ctx_t *ctx, const pf_conf_t *conf,
/*			bool full)
/*	int	pf_action_validate_all(const pf_ctx_t *ctx)
/* DESCRIPTION
/*	pf_agent_validate_params() runs the checks of check level 0: the
/*	parameters alone, which are the same on every node. config_dir
/*	and binary are absolute paths, config_dir without a "." or ".."
/*	component (pf_conf_check_dir_arg()), and no parameter holds a character
/*	outside the set its kind of value needs (so no shell
/*	metacharacter, quote, blank inside a path, or line break), and the
/*	listeners parameter is a host:port list. It reads no file, spawns
/*	no process and does not care whether this node has the shared
/*	storage mounted: pcs 0.12 runs validate-all this way, on whatever
/*	node it runs on, before the resource exists. It calls
/*	pf_log_exit_reason() on the first failure (PF_EARGS).
/*
/*	pf_agent_validate() runs the checks of check level 10 on a loaded
/*	configuration, the parameters first, then in an order that reports what only this node gets
/*	wrong before what is wrong everywhere, and calls
/*	pf_log_exit_reason() itself on the first failure:
/* .IP \(bu
/*	the postfix and postconf commands are executable files
/*	(PF_EINSTALL);
/* .IP \(bu
/*	mail_owner and setgid_group exist here (PF_EINSTALL) and are not
/*	privileged (PF_ECONFIG);
/* .IP \(bu
/*	a non-default config_dir is listed in alternate_config_directories
/*	or multi_instance_directories of the default instance's
/*	/etc/postfix/main.cf, else postdrop and postqueue refuse it. As
/*	they do, the strings are compared: no $name expansion, no path
/*	resolution (pf_conf_dir_listed()), so a symbolic link to a listed
/*	directory is refused; config_dir is compared in the one spelling
/*	main() made of it (pf_conf_dir_normalize(): no repeated or trailing
/*	slash), the spelling Postfix is given, and "/etc/postfix/" is the
/*	default. That file is node-local: PF_EINSTALL, also when it does
/*	not exist;
/* .IP \(bu
/*	the queue directory exists (PF_EINSTALL: shared storage not
/*	mounted here) and was written with this node's postfix uid and
/*	postdrop gid (PF_EPERM); with queue_mount_point set, it lies on the
/*	filesystem mounted there (PF_EINSTALL: an empty mount point would
/*	give a fresh local queue); data_directory is writable by mail_owner
/*	(PF_EPERM);
/* .IP \(bu
/*	a warning only: local(8) delivers to mail_spool_directory (no
/*	home_mailbox, mailbox_command or mailbox_transport) on this node's
/*	root filesystem while the queue is on another (shared) one;
/* .IP \(bu
/*	the listeners can be computed: every inet_interfaces value is an
/*	address or a name (PF_ECONFIG), the listeners parameter is well
/*	formed (PF_EARGS);
/* .IP \(bu
/*	with full, "postfix -c DIR check" runs (its stderr on a pty: postfix
/*	writes diagnostics only to a terminal); its complaints are logged,
/*	and a failure is PF_EINSTALL (its checks are about this node's
/*	files and permissions).
/* .PP
/*	multi_instance_enable = yes gives a warning only: the boot-time
/*	"postfix start" of the default instance would start this instance
/*	on every node.
/*
/*	pf_action_validate_all() is the validate-all action: with
/*	OCF_CHECK_LEVEL below 10 (the default, crm_resource --validate)
/*	the parameter checks only; from 10 on (crm_resource --validate=10)
/*	also this node's environment, with "postfix check", and the
/*	cluster's view (pf_cluster): the wiring and the other nodes' ids,
/*	which it marks as mismatched only when the instance runs on this
/*	node (its master holds the lock): a passive node's queue directory
/*	may be a stale local copy, so there a mismatch is only reported.
/*	Those read XML with libxml2: when it cannot be loaded here the
/*	answer is PF_EINSTALL naming the library, whatever require_wiring
/*	says, as for a command missing here (the question asked was
/*	whether this node can do all its checks). start runs the level-10
/*	checks itself.
/*
/*	Where the answer to a check is no pf code of its own (the default
/*	instance's main.cf, "postfix check", libxml2), the PF_EINSTALL
/*	above is the answer table's (pf_answer_found()).
/* DIAGNOSTICS
/*	pf return codes; PF_ECONFIG only for what is invalid on every node.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_agent.h"
#include "pf_answer.h"
#include "pf_cib.h"
#include "pf_cluster.h"
#include "pf_degraded.h"
#include "pf_conf.h"
#include "pf_file.h"
#include "pf_ids.h"
#include "pf_listen.h"
#include "pf_log.h"
#include "pf_master.h"
#include "pf_mount.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#define DEFAULT_MAIN_CF	PF_CONF_DEFAULT_MAIN_CF

/* check_commands - postfix and postconf can run on this node */

static int check_commands(const pf_ctx_t *ctx)
{
    char    why[256];
    int     rc;

    if ((rc = pf_file_check_exec(ctx->binary, why, sizeof(why))) != PF_OK
	|| (rc = pf_file_check_exec(ctx->postconf, why, sizeof(why))) != PF_OK)
	pf_log_exit_reason("%s", why);
    return (rc);
}

/* PATH_CHARS - what a path parameter may hold besides letters and digits */

#define PATH_CHARS	"/._-+@%,=:~"

/* OPTION_CHARS - what a postfix command option word may hold */

#define OPTION_CHARS	"-_.=/,:@%+"

/* HOST_CHARS - what an EHLO name may hold (names, address literals) */

#define HOST_CHARS	".-_[]:"

/* bad_char - the first character of value outside letters, digits, extra */

static const char *bad_char(const char *value, const char *extra)
{
    const char *cp;

    for (cp = value; *cp; cp++)
	if (!isalnum((unsigned char) *cp) && strchr(extra, *cp) == NULL)
	    return (cp);
    return (NULL);
}

/* check_chars - a parameter holds only the characters its kind needs */

static int check_chars(const char *name, const char *value, const char *extra)
{
    const char *bad = bad_char(value ? value : "", extra);

    if (bad == NULL)
	return (PF_OK);
    if (isprint((unsigned char) *bad))
	pf_log_exit_reason("%s %.60s: character '%c' is not allowed", name,
			   value, *bad);
    else
	pf_log_exit_reason("%s: character 0x%02x is not allowed", name,
			   (unsigned char) *bad);
    return (PF_EARGS);
}

/* check_config_dir - config_dir as pf_conf's one rule has it */

static int check_config_dir(const char *config_dir)
{
    char    why[256];
    int     rc;

    if ((rc = pf_conf_check_dir_arg(config_dir, why, sizeof(why))) != PF_OK)
	pf_log_exit_reason("%s", why);
    return (rc);
}

/* check_absolute - a path parameter, when given, is absolute */

static int check_absolute(const char *name, const char *value)
{
    if (value == NULL || *value == 0 || *value == '/')
	return (PF_OK);
    pf_log_exit_reason("%s %.80s: not an absolute path", name, value);
    return (PF_EARGS);
}

/* check_listeners_arg - the listeners parameter is a host:port list */

static int check_listeners_arg(const pf_ctx_t *ctx)
{
    pf_conf_t none;
    pf_listener_t *l = NULL;
    size_t  n = 0;
    char    why[512];
    int     rc;

    if (ctx->listeners == NULL || *ctx->listeners == 0)
	return (PF_OK);
    memset(&none, 0, sizeof(none));
    rc = pf_listen_build(&none, ctx->listeners, &l, &n, why, sizeof(why));
    free(l);
    /* a name this node cannot resolve now is not a parameter error */
    if (rc != PF_EARGS)
	return (rc == ENOMEM ? rc : PF_OK);
    pf_log_exit_reason("%s", why);
    return (rc);
}

/* check_degraded - degraded_checks names known checks, limits are numbers */

static int check_degraded(const pf_ctx_t *ctx)
{
    pf_degraded_limits_t lim;
    char    why[256];
    unsigned mask;
    int     rc;

    if ((rc = pf_degraded_parse(ctx->degraded_checks, &mask, why,
				sizeof(why))) != PF_OK
	|| (rc = pf_degraded_limits(ctx, &lim, why, sizeof(why))) != PF_OK)
	pf_log_exit_reason("%s", why);
    return (rc);
}

/* pf_agent_validate_params - check level 0: the parameters alone */

int     pf_agent_validate_params(const pf_ctx_t *ctx)
{
    int     rc;

    if ((rc = check_config_dir(ctx->config_dir)) != PF_OK
	|| (rc = check_chars("config_dir", ctx->config_dir,
			     PATH_CHARS)) != PF_OK
	|| (rc = check_absolute("binary", ctx->binary)) != PF_OK
	|| (rc = check_chars("binary", ctx->binary, PATH_CHARS)) != PF_OK
	|| (rc = check_chars("parameters", ctx->parameters,
			     OPTION_CHARS " \t")) != PF_OK
	|| (rc = check_chars("helo_name", ctx->helo_name, HOST_CHARS)) != PF_OK
	|| (rc = check_listeners_arg(ctx)) != PF_OK
	|| (rc = check_degraded(ctx)) != PF_OK)
	return (rc);
    return (PF_OK);
}

/* check_alternate - a non-default instance is trusted by postdrop */

static int check_alternate(const pf_ctx_t *ctx)
{
    const char *dir = pf_conf_dir(ctx->config_dir);
    pf_params_t main_cf;
    char    why[256];
    char   *text;
    size_t  len;
    bool    listed;
    int     rc;

    pf_params_init(&main_cf);
    /* main() normalised config_dir: "/etc/postfix/" is the default too */
    if (strcmp(dir, PF_CONF_DEFAULT_DIR) == 0)
	return (PF_OK);
    if (pf_file_read(DEFAULT_MAIN_CF, &text, &len, NULL, false) != PF_OK) {
	pf_log_exit_reason("config_dir %.60s: not listed in "
			   "alternate_config_directories: " DEFAULT_MAIN_CF
			   " does not exist", dir);
	return (pf_answer_found(PF_FOUND_THIS_NODE, ctx->require_wiring));
    }
    rc = pf_conf_parse_main(text, len, DEFAULT_MAIN_CF, &main_cf, why,
			    sizeof(why));
    free(text);
    listed = rc == PF_OK && pf_conf_dir_listed(&main_cf, dir);
    pf_params_clear(&main_cf);
    if (rc != PF_OK) {
	/* the default instance's file is this node's: never 6 for it */
	pf_log_exit_reason("%s", why);
	return (rc == PF_ECONFIG || rc == PF_EPARSE ?
		pf_answer_found(PF_FOUND_THIS_NODE, ctx->require_wiring) : rc);
    }
    if (!listed) {
	pf_err("config_dir %s: postdrop and postqueue refuse a configuration "
	       "directory that " DEFAULT_MAIN_CF " does not list, literally "
	       "(no $name, no other spelling of the path), in "
	       "alternate_config_directories or multi_instance_directories",
	       dir);
	pf_log_exit_reason("config_dir %.60s: not listed in "
			   "alternate_config_directories of " DEFAULT_MAIN_CF,
			   dir);
	return (pf_answer_found(PF_FOUND_THIS_NODE, ctx->require_wiring));
    }
    return (PF_OK);
}

/* empty - a parameter value that is unset or blank */

static bool empty(const char *v)
{
    return (v == NULL || v[strspn(v, " \t")] == 0);
}

/* warn_spool_local - mailboxes on this node while the queue moves */

static void warn_spool_local(const pf_conf_t *conf)
{
    pf_mount_t root, queue, spool;

    /* local(8) writes to mail_spool_directory only without these */
    if (!empty(conf->home_mailbox) || !empty(conf->mailbox_command)
	|| !empty(conf->mailbox_transport) || empty(conf->mail_spool_directory))
	return;
    if (pf_mount_of("/", &root) != PF_OK
	|| pf_mount_of(conf->queue_directory, &queue) != PF_OK
	|| pf_mount_of(conf->mail_spool_directory, &spool) != PF_OK)
	return;
    if (queue.id != root.id && spool.id == root.id)
	pf_warn("mail_spool_directory %s: on this node's root filesystem, "
		"while queue %s is on the filesystem mounted at %s: mail "
		"delivered here stays on this node after a failover; put the "
		"spool on a shared filesystem too", conf->mail_spool_directory,
		conf->queue_directory, queue.point);
}

/* log_lines - log each non-empty line of a program's output */

static void log_lines(int prio, const char *what, const char *text)
{
    const char *p = text;

    while (p && *p) {
	const char *nl = strchr(p, '\n');
	int     n = nl ? (int) (nl - p) : (int) strlen(p);

	if (n > 0)
	    qb_log(prio, "%s: %.*s", what, n, p);
	p = nl ? nl + 1 : NULL;
    }
}

/* run_postfix_check - postfix -c DIR check; complaints go to the log */

static int run_postfix_check(const pf_ctx_t *ctx)
{
    const char *argv[5];
    pf_spawn_opts_t opts;
    pf_spawn_result_t res;
    char    last[256];
    int     rc;

    argv[0] = ctx->binary;
    argv[1] = "-c";
    argv[2] = pf_conf_dir(ctx->config_dir);
    argv[3] = "check";
    argv[4] = NULL;
    memset(&opts, 0, sizeof(opts));
    opts.argv = argv;
    opts.deadline = ctx->deadline;
    opts.flags = PF_SPAWN_PTY_STDERR;
    rc = pf_spawn_run(&opts, &res);
    if (rc != PF_OK) {
	pf_log_exit_reason("%.60s check: %s", ctx->binary,
			   rc > 0 ? strerror(rc) : pf_strerror(rc));
	pf_spawn_result_free(&res);		/* also after a failure */
	return (rc == PF_ETIMEOUT ? PF_ETIMEOUT :
		pf_answer_found(PF_FOUND_THIS_NODE, ctx->require_wiring));
    }
    log_lines(res.exit_code == 0 ? LOG_WARNING : LOG_ERR, "postfix check",
	      res.err);
    log_lines(res.exit_code == 0 ? LOG_WARNING : LOG_ERR, "postfix check",
	      res.out);
    if (res.exit_code != 0 || strstr(res.err, "fatal:") != NULL) {
	pf_spawn_last_line(res.err[0] ? res.err : res.out, last, sizeof(last));
	pf_log_exit_reason("Failed in a check by postfix command: %s",
			   last[0] ? last : "no diagnostics");
	pf_spawn_result_free(&res);
	return (pf_answer_found(PF_FOUND_THIS_NODE, ctx->require_wiring));
    }
    pf_spawn_result_free(&res);
    return (PF_OK);
}

/* pf_agent_validate - every validate-all check */

int     pf_agent_validate(const pf_ctx_t *ctx, const pf_conf_t *conf,
			          bool full)
{
    pf_listener_t *listeners = NULL;
    size_t  n = 0;
    char    why[512];
    int     rc;

    if ((rc = pf_agent_validate_params(ctx)) != PF_OK
	|| (rc = check_commands(ctx)) != PF_OK)
	return (rc);
    /* this node first: never report 6 for what only this node gets wrong */
    if ((rc = pf_ids_check_owners(conf, why, sizeof(why))) != PF_OK) {
	pf_log_exit_reason("%s", why);
	return (rc);
    }
    if ((rc = check_alternate(ctx)) != PF_OK)
	return (rc);
    if ((rc = pf_mount_check_queue(conf->queue_directory,
				   ctx->queue_mount_point, why,
				   sizeof(why))) != PF_OK
	|| (rc = pf_ids_check_queue(conf, why, sizeof(why))) != PF_OK
	|| (rc = pf_ids_check_data_dir(conf, why, sizeof(why))) != PF_OK) {
	pf_log_exit_reason("%s", why);
	return (rc);
    }
    warn_spool_local(conf);
    rc = pf_listen_build(conf, ctx->listeners, &listeners, &n, why,
			 sizeof(why));
    free(listeners);
    if (rc != PF_OK) {
	pf_log_exit_reason("%s", why);
	return (rc);
    }
    if (conf->multi_instance_enable
	&& strcasecmp(conf->multi_instance_enable, "yes") == 0)
	pf_warn("file %s: multi_instance_enable = yes: the boot-time "
		"\"postfix start\" of the default instance would start this "
		"cluster-managed instance on every node; set it to no",
		conf->main_cf);
    if (full && (rc = run_postfix_check(ctx)) != PF_OK)
	return (rc);
    pf_debug("validate: %s is valid " PF_XS " listeners=%zu version=%s",
	     conf->main_cf, n, conf->mail_version);
    return (PF_OK);
}

/* cluster_readable - libxml2, which the cluster checks read with, loads */

static int cluster_readable(const pf_ctx_t *ctx)
{
    char    why[PF_WHY_LEN];

    if (pf_cib_xml_load(why, sizeof(why)) == PF_OK)
	return (PF_OK);
    pf_log_exit_reason("%s; the cluster checks of level 10 cannot run", why);
    return (pf_answer_found(PF_FOUND_UNCHECKABLE, ctx->require_wiring));
}

/* runs_here - this node's master of the instance holds its lock */

static bool runs_here(const pf_conf_t *conf)
{
    pf_master_state_t st;
    char    why[PF_WHY_LEN];

    /* a passive node's queue directory may be a stale local copy */
    return (pf_master_status(conf->queue_directory, conf->daemon_directory,
			     &st, why, sizeof(why)) == PF_OK);
}

/* pf_action_validate_all - the validate-all action */

int     pf_action_validate_all(const pf_ctx_t *ctx)
{
    pf_conf_t *conf = NULL;
    char    why[512];
    int     rc;

    if ((rc = pf_agent_validate_params(ctx)) != PF_OK)
	return (rc);
    if (ctx->check_level < PF_CHECK_LEVEL_NODE) {
	pf_debug("validate: parameters are valid " PF_XS " depth=%d: this "
		 "node's environment not checked", ctx->check_level);
	return (PF_OK);
    }
    if ((rc = check_commands(ctx)) != PF_OK)
	return (rc);
    if ((rc = pf_agent_conf(ctx, &conf, why, sizeof(why))) != PF_OK) {
	pf_log_exit_reason("%s", why);
	return (rc);
    }
    rc = pf_agent_validate(ctx, conf, true);
    /* level 10: the cluster's view too (spawns cibadmin, attrd_updater) */
    if (rc == PF_OK && ctx->check_level >= PF_CHECK_LEVEL_NODE
	&& (rc = cluster_readable(ctx)) == PF_OK
	&& (rc = pf_cluster_wiring(ctx, conf)) == PF_OK)
	pf_cluster_ids_compare(ctx, conf, runs_here(conf));
    pf_conf_free(conf);
    return (rc);
}
