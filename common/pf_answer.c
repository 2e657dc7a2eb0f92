/*++
/* NAME
/*	pf_answer 3
/* SUMMARY
/*	what the agent exits with: the situations, the one table of
/*	answers, and its rules
/* SYNOPSIS
/*	#include "pf_answer.h"
/*
/*	pf_situation_t pf_answer_classify(const pf_facts_t *facts)
/*
/*	int	pf_answer(pf_situation_t situation, pf_answer_col_t col)
/*
/*	int	pf_answer_stop(bool left)
/*
/*	int	pf_answer_found(pf_finding_t finding, bool required)
/*
/*	const char *pf_answer_name(pf_situation_t situation)
/*
/*	bool	pf_answer_scoped(int rc)
/*
/*	int	pf_answer_scope(int rc, pf_scope_t scope)
/*
/*	int	pf_answer_exit(int rc, pf_scope_t scope)
/* DESCRIPTION
/*	This module decides what the agent exits with. Its table and
/*	rules are those of "Answers the agent gives" in
/*	docs/architecture.md, row by row and rule by rule; the checks
/*	(pf_master, pf_ids, pf_smtp, pf_health_check(), validate-all's)
/*	only gather facts, and the actions only log and return them. To
/*	know what the agent exits with when X: a monitor, find X in
/*	pf_answer_classify() and read its row of the table below; a stop,
/*	pf_answer_stop(); start and validate-all answer the fact their
/*	first failing check reports, a pf return code that says where it
/*	can be fixed (PF_ECONFIG wrong on every node, PF_EINSTALL missing
/*	on this node, PF_EPERM ownership here, PF_EARGS a parameter,
/*	PF_EFAIL the service failed), or what pf_answer_found() says of a
/*	finding that is no pf code of its own; then every action's answer goes
/*	through the fault scope rule and pf_ocf_from_rc(), once, in
/*	pf_answer_exit(), which main() calls.
/*
/*	pf_answer_classify() maps what the monitor's checks found to a
/*	situation. The facts name the stage whose check failed:
/* .IP PF_STAGE_CONF
/*	the configuration could not be loaded (config directory or main.cf
/*	absent here, postconf missing, ...); running then says whether a
/*	verified master or daemon started with this config directory
/*	(MAIL_CONFIG) runs;
/* .IP PF_STAGE_OWNERS
/*	mail_owner or setgid_group cannot be used on this node: absent
/*	here, as when the configuration is absent;
/* .IP PF_STAGE_HEALTH
/*	pf_health_check(): master, queue directory, listeners and, at
/*	depth 10, ownership.
/* .PP
/*	A healthy instance with degraded set (a condition of pf_degraded:
/*	queue space low, a configuration changed but not reloaded, Postfix
/*	enabled in systemd, ...) is PF_SIT_DEGRADED: a recurring monitor
/*	answers PF_DEGRADED (OCF 190, which Pacemaker takes as success and
/*	shows), a probe PF_OK (where it runs is all a probe asks).
/*	A malformed parameter and a configuration invalid everywhere win
/*	at every stage; "not running" is never answered while a process
/*	of the instance runs.
/*
/*	pf_answer() is the pf return code (pf_rc.h) to give for a
/*	situation in a column: a probe (monitor without interval) or a
/*	recurring monitor. main() turns it into the OCF exit code with
/*	pf_answer_exit().
/*
/*	pf_answer_stop() is stop's one rule, whatever the situation stop
/*	began in: PF_OK (0) only when nothing of the instance is left
/*	(left false: pf_halt_instance() proved none of its processes
/*	remains), else PF_EFAIL (1): processes are left, or /proc could
/*	not be read to prove that none is. Never 6 or 7: a stop that
/*	leaves nothing has succeeded, whatever the configuration says.
/*
/*	pf_answer_name() is the situation's name for logs and tests.
/*
/*	pf_answer_found() is what start and validate-all answer for a
/*	finding that the checks cannot name with a pf code of its own,
/*	because what it means depends on the action's question rather than
/*	on where it can be fixed; required is the resource's
/*	require_wiring parameter (the administrator's choice to refuse
/*	rather than warn):
/* .IP PF_FOUND_THIS_NODE
/*	a file or command only this node has is wrong: the default
/*	instance's /etc/postfix/main.cf (absent, malformed, or not listing
/*	config_dir), "postfix check" failing or unable to run. PF_EINSTALL
/*	(5), never 6, whatever the file says.
/* .IP PF_FOUND_UNCHECKABLE
/*	validate-all at level 10 cannot run its cluster checks here
/*	(libxml2 cannot be loaded): PF_EINSTALL (5), as for a command
/*	missing here; the question asked was whether this node can do all
/*	its checks.
/* .IP PF_FOUND_UNWIRED
/*	the CIB lacks the IP or Filesystem resource this one needs, or this
/*	node cannot read the CIB: with require_wiring=true PF_EINSTALL (5:
/*	the CIB is not the agent's configuration), else PF_OK (the check's
/*	warning and node attribute say it).
/* .IP PF_FOUND_START_FAILED
/*	postfix start or configure-instance.sh failed, or the instance did
/*	not come up in time: PF_EFAIL (1).
/* .PP
/*	pf_answer_scope() is the fault scope rule, applied to every
/*	action's answer: a configuration error (PF_ECONFIG, OCF 6, which
/*	Pacemaker takes as "wrong on every node, try nowhere else") is the
/*	whole cluster's only when every node reads that configuration
/*	(PF_SCOPE_CLUSTER: config_dir on the queue's shared filesystem, or
/*	that cannot be told); from a node-local config_dir (PF_SCOPE_NODE)
/*	it may be wrong here only, and the answer is PF_EINSTALL (5), so
/*	that Pacemaker tries another node. Any other code is left as it
/*	is. pf_answer_scoped() tells whether the scope can change an
/*	answer at all, so that the agent gathers that fact (it reads
/*	/proc/self/mountinfo) only then.
/*
/*	pf_answer_exit() is what the agent exits with: the scope rule,
/*	then pf_ocf_from_rc(). main() calls it once, for every action and
/*	for its own refusals (no action: PF_EARGS, 2; an unknown one:
/*	PF_EUNIMPL, 3).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include "pf_answer.h"
#include "pf_ocf.h"
#include "pf_rc.h"

typedef struct answer_row {
    const char *name;
    int     probe;			/* monitor without interval */
    int     monitor;			/* recurring monitor */
} answer_row_t;

/*
 * The answer table. OCF codes: PF_OK 0, PF_EFAIL 1, PF_EARGS 2, PF_EPERM
 * 4, PF_EINSTALL 5, PF_ECONFIG 6, PF_ENOTRUNNING 7, PF_DEGRADED 190 (OCF
 * 1.1: success that Pacemaker shows, no recovery). Pacemaker treats 6
 * as fatal for the whole cluster: only for what is wrong on every node
 * (and pf_answer_scope() makes it 5 from a node-local config_dir).
 */
static const answer_row_t table[PF_SIT_COUNT] = {
    /* situation                        probe           monitor */
    [PF_SIT_HEALTHY] = {"healthy", PF_OK, PF_OK},
    [PF_SIT_DEGRADED] = {"degraded", PF_OK, PF_DEGRADED},
    [PF_SIT_NOT_RUNNING] = {"not running", PF_ENOTRUNNING, PF_ENOTRUNNING},
    [PF_SIT_STALE_PID] = {"stale pid file", PF_ENOTRUNNING, PF_ENOTRUNNING},
    [PF_SIT_ABSENT] = {"absent on this node", PF_ENOTRUNNING, PF_EINSTALL},
    [PF_SIT_FAILING] = {"failing", PF_EFAIL, PF_EFAIL},
    [PF_SIT_HUNG] = {"master hung", PF_EFAIL, PF_EFAIL},
    [PF_SIT_LEFTOVERS] = {"processes without master", PF_EFAIL, PF_EFAIL},
    [PF_SIT_CONFIG_INVALID] = {"configuration invalid", PF_ECONFIG, PF_ECONFIG},
    [PF_SIT_BAD_PARAMETER] = {"parameter invalid", PF_EARGS, PF_EARGS},
    [PF_SIT_NODE_PERM] = {"ownership wrong on this node", PF_EPERM, PF_EPERM},
    [PF_SIT_NODE_FAULT] = {"runs, unmanageable here", PF_EFAIL, PF_EINSTALL},
    [PF_SIT_NO_BINARY] = {"commands missing", PF_EINSTALL, PF_EINSTALL},
};

/*
 * The findings of start and validate-all that are no pf code of their
 * own, and what they answer without and with require_wiring=true.
 */
static const int found[PF_FOUND_COUNT][2] = {
    /* finding                          default         require_wiring */
    [PF_FOUND_THIS_NODE] = {PF_EINSTALL, PF_EINSTALL},
    [PF_FOUND_UNCHECKABLE] = {PF_EINSTALL, PF_EINSTALL},
    [PF_FOUND_UNWIRED] = {PF_OK, PF_EINSTALL},
    [PF_FOUND_START_FAILED] = {PF_EFAIL, PF_EFAIL},
};

/* classify_unloaded - no configuration (or no owners) on this node */

static pf_situation_t classify_unloaded(const pf_facts_t *f)
{
    if (f->running)
	return (PF_SIT_NODE_FAULT);
    if (f->no_binary)
	return (PF_SIT_NO_BINARY);
    if (f->stage == PF_STAGE_OWNERS || f->rc == PF_EINSTALL)
	return (PF_SIT_ABSENT);
    return (PF_SIT_FAILING);
}

/* classify_health - what pf_health_check() found */

static pf_situation_t classify_health(const pf_facts_t *f)
{
    /* as when unloaded: what runs here can be neither started nor stopped */
    if (f->running && f->no_binary)
	return (PF_SIT_NODE_FAULT);
    switch (f->rc) {
    case PF_OK:
	return (f->degraded ? PF_SIT_DEGRADED : PF_SIT_HEALTHY);
    case PF_ENOTRUNNING:
	if (f->no_binary)			/* and could not be started */
	    return (PF_SIT_NO_BINARY);
	return (f->stale_pid ? PF_SIT_STALE_PID : PF_SIT_NOT_RUNNING);
    case PF_EINSTALL:
	return (f->running ? PF_SIT_NODE_FAULT : PF_SIT_ABSENT);
    case PF_EPERM:
	return (PF_SIT_NODE_PERM);
    default:
	if (f->hung)
	    return (PF_SIT_HUNG);
	if (f->running && !f->master)
	    return (PF_SIT_LEFTOVERS);
	return (PF_SIT_FAILING);
    }
}

/* pf_answer_classify - the situation the facts describe */

pf_situation_t pf_answer_classify(const pf_facts_t *f)
{
    if (f->rc == PF_EARGS)
	return (PF_SIT_BAD_PARAMETER);
    if (f->rc == PF_ECONFIG)
	return (PF_SIT_CONFIG_INVALID);
    if (f->stage != PF_STAGE_HEALTH)
	return (classify_unloaded(f));
    return (classify_health(f));
}

/* pf_answer - the table's answer for a situation */

int     pf_answer(pf_situation_t situation, pf_answer_col_t col)
{
    const answer_row_t *row;

    if ((unsigned) situation >= PF_SIT_COUNT)
	return (PF_EFAIL);
    row = table + situation;
    return (col == PF_ANSWER_PROBE ? row->probe : row->monitor);
}

/* pf_answer_stop - stop's one rule */

int     pf_answer_stop(bool left)
{
    return (left ? PF_EFAIL : PF_OK);
}

/* pf_answer_name - a situation's name */

const char *pf_answer_name(pf_situation_t situation)
{
    if ((unsigned) situation >= PF_SIT_COUNT)
	return ("unknown situation");
    return (table[situation].name);
}

/* pf_answer_found - a finding of start or validate-all, answered */

int     pf_answer_found(pf_finding_t finding, bool required)
{
    if ((unsigned) finding >= PF_FOUND_COUNT)
	return (PF_EFAIL);
    return (found[finding][required ? 1 : 0]);
}

/* pf_answer_scoped - can the fault scope change this answer */

bool    pf_answer_scoped(int rc)
{
    return (rc == PF_ECONFIG);
}

/* pf_answer_scope - 6 only for a configuration every node reads */

int     pf_answer_scope(int rc, pf_scope_t scope)
{
    if (pf_answer_scoped(rc) && scope == PF_SCOPE_NODE)
	return (PF_EINSTALL);
    return (rc);
}

/* pf_answer_exit - the OCF exit code of an answer */

int     pf_answer_exit(int rc, pf_scope_t scope)
{
    return (pf_ocf_from_rc(pf_answer_scope(rc, scope)));
}

/* worst_rank - how far a pf code's failure reaches (pf_answer_worst()) */

static int worst_rank(int rc)
{
    /* from the nearest to the farthest; any other failure ranks 1 */
    static const int reach[] = {PF_EPERM, PF_EINSTALL, PF_EARGS, PF_ECONFIG};
    int     i;

    if (rc == PF_OK)
	return (0);
    for (i = 0; i < (int) (sizeof(reach) / sizeof(reach[0])); i++)
	if (rc == reach[i])
	    return (i + 2);
    return (1);
}

/*
 * pf_answer_worst - the worse of two answers, when a report finds many.
 * Ranked by how far the failure reaches, which is what Pacemaker acts
 * on: PF_ECONFIG (6) is fatal for the whole cluster; PF_EARGS (2) is a
 * resource parameter, the same on every node, so each node would refuse
 * the resource in turn; PF_EINSTALL (5) and PF_EPERM (4) are this node's
 * only, what is missing before what is owned wrong (no chown mends an
 * absent directory); any other failure (PF_EFAIL, a deadline, an errno)
 * is a soft 1; PF_OK is none. Of equal ranks a, the first found, stays.
 * The fault scope (pf_answer_scope()) applies to the worst afterwards.
 */
int     pf_answer_worst(int a, int b)
{
    return (worst_rank(b) > worst_rank(a) ? b : a);
}
