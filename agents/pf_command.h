/*++
/* NAME
/*	pf_command 3h
/* SUMMARY
/*	run Postfix's own commands for this instance
/* SYNOPSIS
/*	#include "pf_command.h"
/* DESCRIPTION
/*	See pf_command.c.
/*--*/
#ifndef PF_COMMAND_H
#define PF_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_agent.h"
#include "pf_conf.h"

/*
 * Start the master as postfix-script's start does when it has nothing to
 * check: DAEMON_DIR/master -c DIR -w. PF_OK once the master daemon has
 * initialised; otherwise PF_EFAIL (PF_ETIMEOUT, an errno) with its last
 * line in why.
 */
extern int pf_command_master(const pf_ctx_t *ctx, const pf_conf_t *conf,
			             pf_deadline_t deadline, char *why, size_t len);

/*
 * Run "postfix -c DIR [parameters words] CMD" through pf_spawn, stderr on
 * a pseudo-terminal. PF_OK when it exited 0; otherwise PF_EFAIL (or
 * PF_ETIMEOUT, or an errno from execve) with why = "postfix CMD: <last
 * line Postfix wrote>".
 */
extern int pf_command_postfix(const pf_ctx_t *ctx, const char *cmd,
			      pf_deadline_t deadline, char *why, size_t len);

/*
 * Before "postfix start": run Debian's configure-instance.sh (script) as
 * Debian 12's postfix.service does, "-" with MAIL_CONFIG=<config dir>,
 * unless the configure_instance parameter is off, the script does not
 * exist, or Postfix's daemon_dir/post-install runs it itself (Debian 13:
 * postfix start does). When no service runs chrooted the script would
 * copy nothing: its one check (myorigin) is made here instead.
 */
#define PF_CONFIGURE_INSTANCE	"/usr/lib/postfix/configure-instance.sh"
extern int pf_command_configure(const pf_ctx_t *ctx, const pf_conf_t *conf,
				const char *script, pf_deadline_t deadline,
				char *why, size_t len);

#endif
