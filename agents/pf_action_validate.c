/*++
/* NAME
/*	pf_action_validate 3
/* SUMMARY
/*	validate-all: refuse configurations that would lose mail
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_agent_conf(const pf_ctx_t *ctx, pf_conf_t **conf,
/*			char *why, size_t whylen)
/*	int	pf_agent_validate(const pf_ctx_t *ctx, const pf_conf_t *conf,
/*			bool full)
/*	int	pf_action_validate_all(const pf_ctx_t *ctx)
/*
/*	int	pf_agent_fault_scope(const pf_ctx_t *ctx, int rc)
/* DESCRIPTION
/*	pf_agent_fault_scope() is the one rule that decides whether a
/*	configuration error (PF_ECONFIG, OCF 6: "wrong on every node, do
/*	not try elsewhere") is really the whole cluster's. It is when the
/*	configuration directory is on the queue's filesystem: the shared
/*	disk every node reads the same files from (or, when main.cf cannot
/*	be read far enough to name the queue, on the filesystem mounted at
/*	queue_mount_point; with neither known it stays PF_ECONFIG, as it
/*	cannot be proven this node's). A node-local configuration directory
/*	may be wrong here only (a mail_owner that is uid 0 in this node's
/*	passwd, an unknown service in this node's services file): then the
/*	answer is PF_EINSTALL (5), and Pacemaker tries another node. Any
/*	other rc is returned as it is. main() applies it to every action.
/*
/*	pf_agent_conf() loads the instance's configuration (pf_conf_load(),
/*	whose postconf defaults are cached: no process in the common case).
/*	monitor, start and stop use it too. It does not log.
/*
/*	pf_agent_validate() runs every check of validate-all on a loaded
/*	configuration, in an order that reports what only this node gets
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
/*	resolution (pf_conf_dir_listed()); "/etc/postfix/" is not the
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
/*	pf_action_validate_all() is the validate-all action.
/* DIAGNOSTICS
/*	pf return codes; PF_ECONFIG only for what is invalid on every node.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_agent.h"
#include "pf_cluster.h"
#include "pf_conf.h"
#include "pf_file.h"
#include "pf_ids.h"
#include "pf_listen.h"
#include "pf_log.h"
#include "pf_mount.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#define DEFAULT_MAIN_CF	PF_CONF_DEFAULT_DIR "/main.cf"

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

/* check_config_dir_arg - config_dir, if set, is an absolute path */

static int check_config_dir_arg(const pf_ctx_t *ctx)
{
    char    why[256];
    int     rc;

    if ((rc = pf_conf_check_dir_arg(ctx->config_dir, why, sizeof(why))) != PF_OK)
	pf_log_exit_reason("%s", why);
    return (rc);
}

/* check_alternate - a non-default instance is trusted by postdrop */

static int check_alternate(const pf_ctx_t *ctx)
{
    const char *dir = pf_conf_dir(ctx->config_dir);
    pf_params_t main_cf = {0};
    char    why[256];
    char   *text;
    size_t  len;
    bool    listed;
    int     rc;

    /* Postfix compares strings: "/etc/postfix/" is not the default */
    if (strcmp(dir, PF_CONF_DEFAULT_DIR) == 0)
	return (PF_OK);
    if (pf_file_read(DEFAULT_MAIN_CF, &text, &len, NULL, false) != PF_OK) {
	pf_log_exit_reason("config_dir %.60s: not listed in "
			   "alternate_config_directories: " DEFAULT_MAIN_CF
			   " does not exist", dir);
	return (PF_EINSTALL);
    }
    rc = pf_conf_parse_main(text, len, DEFAULT_MAIN_CF, &main_cf, why,
			    sizeof(why));
    free(text);
    listed = rc == PF_OK && pf_conf_dir_listed(&main_cf, dir);
    pf_params_free(&main_cf);
    if (rc != PF_OK) {
	/* the default instance's file is this node's: never 6 for it */
	pf_log_exit_reason("%s", why);
	return (rc == PF_ECONFIG || rc == PF_EPARSE ? PF_EINSTALL : rc);
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
	return (PF_EINSTALL);
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
	return (rc == PF_ETIMEOUT ? PF_ETIMEOUT : PF_EINSTALL);
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
	return (PF_EINSTALL);
    }
    pf_spawn_result_free(&res);
    return (PF_OK);
}

/* pf_agent_fault_scope - 6 only for a configuration every node reads */

int     pf_agent_fault_scope(const pf_ctx_t *ctx, int rc)
{
    const char *dir = pf_conf_dir(ctx->config_dir);
    pf_conf_t *conf = NULL;
    char    why[256];
    bool    shared;

    if (rc != PF_ECONFIG || pf_conf_check_dir_arg(ctx->config_dir, why,
						 sizeof(why)) != PF_OK)
	return (rc);
    if (pf_agent_conf(ctx, &conf, why, sizeof(why)) == PF_OK)
	shared = pf_mount_config_shared(dir, conf->queue_directory);
    else if (*ctx->queue_mount_point)
	shared = pf_mount_config_shared(dir, ctx->queue_mount_point);
    else
	shared = true;				/* cannot tell: as before */
    conf = pf_conf_free(conf);
    if (shared)
	return (rc);
    pf_warn("config_dir %s: not on the queue's shared filesystem: the "
	    "configuration error above is this node's only (answered 5, "
	    "not 6: another node may run the instance)", dir);
    return (PF_EINSTALL);
}

/* pf_agent_conf - the instance's configuration, cheaply */

int     pf_agent_conf(const pf_ctx_t *ctx, pf_conf_t **conf, char *why,
		              size_t whylen)
{
    /* pf_conf_load() checks config_dir (pf_conf_check_dir_arg()) */
    return (pf_conf_load(ctx->config_dir, ctx->postconf, ctx->deadline, conf,
			 why, whylen));
}

/* pf_agent_validate - every validate-all check */

int     pf_agent_validate(const pf_ctx_t *ctx, const pf_conf_t *conf,
			          bool full)
{
    pf_listener_t *listeners = NULL;
    size_t  n = 0;
    char    why[512];
    int     rc;

    /* config_dir was checked when conf was loaded (pf_agent_conf()) */
    if ((rc = check_commands(ctx)) != PF_OK)
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

/* pf_action_validate_all - the validate-all action */

int     pf_action_validate_all(const pf_ctx_t *ctx)
{
    pf_conf_t *conf = NULL;
    char    why[512];
    int     rc;

    if ((rc = check_config_dir_arg(ctx)) != PF_OK
	|| (rc = check_commands(ctx)) != PF_OK)
	return (rc);
    if ((rc = pf_agent_conf(ctx, &conf, why, sizeof(why))) != PF_OK) {
	pf_log_exit_reason("%s", why);
	return (rc);
    }
    rc = pf_agent_validate(ctx, conf, true);
    /* level 10: the cluster's view too (spawns cibadmin, attrd_updater) */
    if (rc == PF_OK && ctx->check_level >= 10
	&& (rc = pf_cluster_wiring(ctx, conf)) == PF_OK)
	pf_cluster_ids_compare(ctx, conf);
    pf_conf_free(conf);
    return (rc);
}
