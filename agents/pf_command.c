/*++
/* NAME
/*	pf_command 3
/* SUMMARY
/*	run Postfix's own commands for this instance
/* SYNOPSIS
/*	#include "pf_chroot.h"
#include "pf_command.h"
/*
/*	int	pf_command_postfix(const pf_ctx_t *ctx, const char *cmd,
/*			pf_deadline_t deadline, char *why, size_t len)
/*
/*	int	pf_command_master(const pf_ctx_t *ctx, const pf_conf_t *conf,
/*			pf_deadline_t deadline, char *why, size_t len)
/*
/*	int	pf_command_configure(const pf_ctx_t *ctx,
/*			const pf_conf_t *conf, const char *script,
/*			pf_deadline_t deadline, char *why, size_t len)
/* DESCRIPTION
/*	pf_command_postfix() runs "postfix -c DIR [parameters] CMD": the
/*	parameters are split on blanks into argv words, no shell ever sees
/*	them, and -c is always given so that the multi-instance wrapper
/*	never acts on another instance. Its environment is PATH, and the
/*	INVOCATION_ID of the systemd service the agent runs in, if any, so
/*	that Debian 13's postfix-script starts the master itself instead of
/*	handing it to systemd's postfix.service. stderr is a pseudo-terminal because
/*	postfix(1) writes its diagnostics there only then; the last line is
/*	quoted in why.
/*
/*	pf_command_master() starts the master as postfix-script's start
/*	does once it has nothing to check (its quick-start path):
/*	"DAEMON_DIR/master -c DIR -w", which waits until the master daemon
/*	has initialised and answers whether it did, with MAIL_CONFIG=DIR
/*	in its environment as postfix(1) gives it (what finds the
/*	instance's processes when main.cf cannot be read). The master itself
/*	makes its own session, cleans its environment (import_environment),
/*	sets its umask and goes to the queue directory; postfix(1) and
/*	postfix-script add nothing to that on this path but a shell, two
/*	postconf runs, a "master -t" the caller has already answered (the
/*	lock is free) and a log line. Its stderr is a pseudo-terminal, as
/*	for postfix(1): the master writes its diagnostics there only then.
/*
/*	pf_command_configure() runs Debian's configure-instance.sh (script)
/*	as Debian 12's postfix.service does, with "-" and MAIL_CONFIG=<config
/*	dir>, unless the configure_instance parameter is off, the script does
/*	not exist, or Postfix's own daemon_dir/post-install runs it (Debian
/*	13: postfix start does, and the script refuses any other caller).
/*	When no master.cf service runs chrooted (pf_chroot_used(), the
/*	script's own rule), the script copies nothing, and all it does is
/*	refuse a myorigin of ubuntu.com or debian.org ("Invalid $myorigin
/*	..., refusing to start"): that refusal is then made here, with the
/*	script's words, and the script (four postconf runs) is not run. A
/*	myorigin that names a file is left to the script.
/*
/*	Every command runs through pf_spawn: execve() with an argv, a
/*	clean environment, and the deadline.
/* DIAGNOSTICS
/*	pf return codes; the cause in why, object first.
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

#include "pf_chroot.h"
#include "pf_command.h"
#include "pf_file.h"
#include "pf_log.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#define MAX_WORDS	32

/*
 * systemd_invocation - "INVOCATION_ID=<id>" when this agent runs inside a
 * systemd service (Pacemaker's: systemd sets it for every process of a
 * unit), else NULL. Debian 13's postfix-script, when systemd is the init
 * system and INVOCATION_ID is unset, hands "postfix start" of /etc/postfix
 * or /etc/postfix-NAME to "systemctl start postfix[@NAME].service": the
 * master would then be systemd's, not Pacemaker's. Passed on only when it
 * looks like what systemd sets (32 hexadecimal digits).
 */
static const char *systemd_invocation(char *buf, size_t len)
{
    const char *id = getenv("INVOCATION_ID");

    if (id == NULL || strlen(id) != 32 || strspn(id, "0123456789abcdef") != 32)
	return (NULL);
    snprintf(buf, len, "INVOCATION_ID=%s", id);
    return (buf);
}

/*
 * run - one of Postfix's commands, as opts say: PF_OK when it exited 0,
 * else PF_EFAIL (PF_ETIMEOUT, an errno) with why = "WHAT: <its last line>"
 */
static int run(pf_spawn_opts_t *opts, const char *what, char *why, size_t len)
{
    pf_spawn_result_t res;
    int     rc;

    rc = pf_spawn_run(opts, &res);
    rc = pf_spawn_explain(rc, &res, PF_SPAWN_WHY_STDOUT, what, rc == PF_OK
			  && res.signal ? "killed by a signal" : "failed",
			  why, len);
    if (rc == PF_OK)
	pf_debug("%s: done " PF_XS " pid=%ld", what, (long) res.pid);
    else
	pf_log_clean(why);
    if (rc == PF_ECMD)
	rc = PF_EFAIL;
    pf_spawn_result_free(&res);
    return (rc);
}

/* pf_command_postfix - postfix -c DIR [parameters] CMD */

int     pf_command_postfix(const pf_ctx_t *ctx, const char *cmd,
			           pf_deadline_t deadline, char *why, size_t len)
{
    const char *argv[MAX_WORDS + 6];
    char   *words = strdup(ctx->parameters ? ctx->parameters : "");
    char   *save = NULL, *word;
    char    what[80], invocation[64];
    const char *env[2] = {NULL, NULL};
    pf_spawn_opts_t opts = {0};
    int     argc = 0, rc;

    if (words == NULL) {
	snprintf(why, len, "postfix %s: out of memory", cmd);
	return (ENOMEM);
    }
    argv[argc++] = ctx->binary;
    argv[argc++] = "-c";
    argv[argc++] = pf_conf_dir(ctx->config_dir);
    for (word = strtok_r(words, " \t\n", &save); word && argc < MAX_WORDS + 3;
	 word = strtok_r(NULL, " \t\n", &save))
	argv[argc++] = word;
    argv[argc++] = cmd;
    argv[argc] = NULL;
    opts.argv = argv;
    env[0] = systemd_invocation(invocation, sizeof(invocation));
    opts.env = env;
    opts.deadline = deadline;
    opts.flags = PF_SPAWN_PTY_STDERR;

    snprintf(what, sizeof(what), "postfix %.40s", cmd);
    rc = run(&opts, what, why, len);
    free(words);
    return (rc);
}

/*
 * postfix_runs_script - Postfix's own post-install (DAEMON_DIR/post-install)
 * runs SCRIPT: Debian 13's postfix start does so from its integrity check,
 * with the instance's variables set, and the script then refuses any other
 * caller ("E: old postfix initscript will not work with this postfix
 * package version"). Comment lines do not count.
 */
static bool postfix_runs_script(const char *daemon_dir, const char *script)
{
    char    path[PATH_MAX], *data, *line, *save = NULL;
    size_t  len;
    bool    found = false;

    if (daemon_dir == NULL)
	return (false);
    snprintf(path, sizeof(path), "%s/post-install", daemon_dir);
    if (pf_file_read(path, &data, &len, NULL, false) != PF_OK)
	return (false);
    for (line = strtok_r(data, "\n", &save); !found && line != NULL;
	 line = strtok_r(NULL, "\n", &save)) {
	line += strspn(line, " \t");
	found = (*line != '#' && strstr(line, script) != NULL);
    }
    free(data);
    return (found);
}

/* pf_command_master - the master, started as postfix-script's quick path */

int     pf_command_master(const pf_ctx_t *ctx, const pf_conf_t *conf,
			          pf_deadline_t deadline, char *why, size_t len)
{
    char    master[PATH_MAX], mail_config[PATH_MAX + 16];
    const char *argv[5];
    const char *env[] = {"PATH=/bin:/usr/bin:/sbin:/usr/sbin", mail_config, NULL};
    pf_spawn_opts_t opts = {0};

    snprintf(master, sizeof(master), "%s/master", conf->daemon_directory);
    /* in the master's own environment, as postfix(1) puts it: pf_master_locate() */
    snprintf(mail_config, sizeof(mail_config), "MAIL_CONFIG=%s",
	     pf_conf_dir(ctx->config_dir));
    argv[0] = master;
    argv[1] = "-c";
    argv[2] = pf_conf_dir(ctx->config_dir);
    argv[3] = "-w";
    argv[4] = NULL;
    opts.argv = argv;
    opts.env = env;
    opts.deadline = deadline;
    opts.flags = PF_SPAWN_PTY_STDERR;
    return (run(&opts, "master -w", why, len));
}

/* The values of myorigin configure-instance.sh refuses to start with. */
static const char *const refused_origins[] = {"ubuntu.com", "debian.org"};

/* pf_command_configure - Debian's chroot set-up, as postfix.service does */

int     pf_command_configure(const pf_ctx_t *ctx, const pf_conf_t *conf,
			             const char *script, pf_deadline_t deadline,
			             char *why, size_t len)
{
    const char *argv[3];
    const char *env[2];
    char    mail_config[PATH_MAX + 16];
    pf_spawn_opts_t opts = {0};
    pf_spawn_result_t res;
    struct stat sb;
    size_t  i;
    int     rc;

    if (!ctx->configure_instance || stat(script, &sb) < 0 || !S_ISREG(sb.st_mode))
	return (PF_OK);
    if (postfix_runs_script(conf->daemon_directory, script)) {
	pf_debug("%s: left to postfix start, which runs it itself", script);
	return (PF_OK);
    }
    if (!pf_chroot_used(conf) && conf->myorigin && conf->myorigin[0] != '/') {
	for (i = 0; i < sizeof(refused_origins) / sizeof(refused_origins[0]); i++)
	    if (strcasecmp(conf->myorigin, refused_origins[i]) == 0)
		return (pf_rc_why(PF_EFAIL, why, len, "%s: Invalid $myorigin "
				  "(%s), refusing to start", script,
				  refused_origins[i]));
	pf_debug("%s: not run: no service runs chrooted, nothing to copy",
		 script);
	return (PF_OK);
    }
    /*
     * The script takes an instance name for "postmulti -i NAME" or "-"
     * for plain postconf, which honours MAIL_CONFIG: that reaches this
     * instance whether or not postmulti knows it.
     */
    snprintf(mail_config, sizeof(mail_config), "MAIL_CONFIG=%s",
	     pf_conf_dir(ctx->config_dir));
    argv[0] = script;
    argv[1] = "-";
    argv[2] = NULL;
    env[0] = mail_config;
    env[1] = NULL;
    opts.argv = argv;
    opts.env = env;
    opts.deadline = deadline;
    rc = pf_spawn_run(&opts, &res);
    if (pf_spawn_explain(rc, &res, PF_SPAWN_WHY_STDOUT, script, "failed", why,
			 len) == PF_OK) {
	pf_debug("%s: chroot files updated " PF_XS " pid=%ld", script, (long) res.pid);
    } else {
	pf_log_clean(why);
	rc = PF_EFAIL;
    }
    pf_spawn_result_free(&res);
    return (rc);
}
