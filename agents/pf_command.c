/*++
/* NAME
/*	pf_command 3
/* SUMMARY
/*	run Postfix's own commands for this instance
/* SYNOPSIS
/*	#include "pf_command.h"
/*
/*	int	pf_command_postfix(const pf_ctx_t *ctx, const char *cmd,
/*			pf_deadline_t deadline, char *why, size_t len)
/*
/*	int	pf_command_postfix_until(const pf_ctx_t *ctx,
/*			const char *cmd, pf_deadline_t deadline,
/*			bool (*until)(void *), void *arg,
/*			char *why, size_t len)
/*
/*	int	pf_command_configure(const pf_ctx_t *ctx,
/*			const char *daemon_dir, const char *script,
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
/*	quoted in why. pf_command_postfix_until() returns as soon as
/*	until(arg) holds (the command's effect is seen), without waiting
/*	for the command itself, which is then ended.
/*
/*	pf_command_configure() runs Debian's configure-instance.sh (script)
/*	as Debian 12's postfix.service does, with "-" and MAIL_CONFIG=<config
/*	dir>, unless the configure_instance parameter is off, the script does
/*	not exist, or Postfix's own daemon_dir/post-install runs it (Debian
/*	13: postfix start does, and the script refuses any other caller).
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
#include <sys/stat.h>

#include "pf_command.h"
#include "pf_file.h"
#include "pf_log.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#define MAX_WORDS	32

/* pf_command_postfix - postfix -c DIR [parameters] CMD */

int     pf_command_postfix(const pf_ctx_t *ctx, const char *cmd,
			   pf_deadline_t deadline, char *why, size_t len)
{
    return (pf_command_postfix_until(ctx, cmd, deadline, NULL, NULL, why, len));
}

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

/* pf_command_postfix_until - the same, done as soon as until() holds */

int     pf_command_postfix_until(const pf_ctx_t *ctx, const char *cmd,
				 pf_deadline_t deadline,
				 bool (*until) (void *), void *arg,
				 char *why, size_t len)
{
    const char *argv[MAX_WORDS + 6];
    char   *words = strdup(ctx->parameters ? ctx->parameters : "");
    char   *save = NULL, *word;
    char    what[80], invocation[64];
    const char *env[2] = {NULL, NULL};
    pf_spawn_opts_t opts = {0};
    pf_spawn_result_t res;
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
    opts.until = until;
    opts.until_arg = arg;

    rc = pf_spawn_run(&opts, &res);
    snprintf(what, sizeof(what), "postfix %.40s", cmd);
    rc = pf_spawn_explain(rc, &res, PF_SPAWN_WHY_STDOUT, what, rc == PF_OK
			  && res.signal ? "killed by a signal" : "failed",
			  why, len);
    if (rc == PF_OK)
	pf_debug("postfix %s: done%s " PF_XS " pid=%ld", cmd,
		 res.ended_early ? " (its effect seen, not waited for)" : "",
		 (long) res.pid);
    else
	pf_log_clean(why);
    if (rc == PF_ECMD)
	rc = PF_EFAIL;
    pf_spawn_result_free(&res);
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

/* pf_command_configure - Debian's chroot set-up, as postfix.service does */

int     pf_command_configure(const pf_ctx_t *ctx, const char *daemon_dir,
			     const char *script, pf_deadline_t deadline,
			     char *why, size_t len)
{
    const char *argv[3];
    const char *env[2];
    char    mail_config[PATH_MAX + 16];
    pf_spawn_opts_t opts = {0};
    pf_spawn_result_t res;
    struct stat sb;
    int     rc;

    if (!ctx->configure_instance || stat(script, &sb) < 0 || !S_ISREG(sb.st_mode))
	return (PF_OK);
    if (postfix_runs_script(daemon_dir, script)) {
	pf_debug("%s: left to postfix start, which runs it itself", script);
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
