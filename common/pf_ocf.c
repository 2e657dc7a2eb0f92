/*++
/* NAME
/*	pf_ocf 3
/* SUMMARY
/*	OCF environment, exit codes and deadlines
/* SYNOPSIS
/*	#include "pf_ocf.h"
/*
/*	const char *pf_ocf_reskey(const char *name, const char *dflt)
/*	const char *pf_ocf_meta(const char *name)
/*	int	pf_ocf_timeout_ms(void)
/*	int	pf_ocf_margin_ms(int timeout_ms)
/*	pf_deadline_t pf_ocf_deadline(void)
/*	bool	pf_ocf_is_probe(const char *action)
/*	int	pf_ocf_check_level(void)
/*	int	pf_ocf_from_rc(int rc)
/*	const char *pf_ocf_rsctmp(void)
/* DESCRIPTION
/*	pf_ocf_reskey() returns OCF_RESKEY_<name>, or dflt when it is unset
/*	or empty. pf_ocf_meta() returns OCF_RESKEY_CRM_meta_<name> or NULL.
/*
/*	pf_ocf_timeout_ms() returns the action timeout Pacemaker gave in
/*	OCF_RESKEY_CRM_meta_timeout (milliseconds). A missing, empty,
/*	non-numeric, zero or negative value gives the default of 20 s; a
/*	value above one day is clamped to one day.
/*
/*	pf_ocf_margin_ms() is the part of a timeout the agent keeps for
/*	itself: 10% of it, at least 500 ms and at most 5 s, and never more
/*	than half of the timeout. pf_ocf_deadline() is now + timeout -
/*	margin: every wait of an action ends by then, so that the agent
/*	always answers before Pacemaker gives up on it.
/*
/*	pf_ocf_is_probe() tells whether this is a probe: a monitor (or
/*	status) whose OCF_RESKEY_CRM_meta_interval is absent, empty or zero.
/*	Pacemaker sends no interval at all with a probe (recorded from
/*	Pacemaker 2.1 and 3.0: tests/unit/fixtures/pacemaker), and the shell
/*	agents' ocf_is_probe() defaults a missing interval to 0 for that
/*	reason. An interval that is not a number is no probe: a recurring
/*	monitor is the stricter reading, it never answers 7 for a missing
/*	queue that a probe would excuse.
/*
/*	pf_ocf_check_level() returns OCF_CHECK_LEVEL (0 when unset or
/*	empty), or -1 when it is not a plain non-negative decimal number.
/*
/*	pf_ocf_from_rc() maps a pf return code to an OCF exit code.
/*
/*	pf_ocf_rsctmp() is the directory for an agent's state between
/*	runs: $HA_RSCTMP when it is an absolute path, else
/*	/run/resource-agents (resource-agents' default, created at boot).
/*
/*	The deadline clock itself is pf_clock.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_decimal.h"
#include "pf_ocf.h"
#include "pf_rc.h"

/* getenv_nonempty - getenv() that treats "" as unset */

static const char *getenv_nonempty(const char *name)
{
    const char *value = getenv(name);

    return ((value && *value) ? value : NULL);
}

/* pf_ocf_reskey - OCF_RESKEY_<name> with default */

const char *pf_ocf_reskey(const char *name, const char *dflt)
{
    char    var[128];
    const char *value;

    if (snprintf(var, sizeof(var), "OCF_RESKEY_%s", name) >= (int) sizeof(var))
	return (dflt);
    value = getenv_nonempty(var);
    return (value ? value : dflt);
}

/* pf_ocf_meta - OCF_RESKEY_CRM_meta_<name> */

const char *pf_ocf_meta(const char *name)
{
    char    var[128];

    if (snprintf(var, sizeof(var), "OCF_RESKEY_CRM_meta_%s", name) >= (int) sizeof(var))
	return (NULL);
    return (getenv_nonempty(var));
}

/* parse_decimal - pf_decimal_parse(), -1 when not a number */

static long long parse_decimal(const char *text)
{
    long long value;

    return (pf_decimal_parse(text, &value) == PF_OK ? value : -1);
}

/* pf_ocf_timeout_ms - the action timeout Pacemaker gave */

int     pf_ocf_timeout_ms(void)
{
    long long ms = parse_decimal(pf_ocf_meta("timeout"));

    if (ms <= 0)
	return (PF_OCF_DEFAULT_TIMEOUT_MS);
    if (ms > PF_OCF_MAX_TIMEOUT_MS)
	return (PF_OCF_MAX_TIMEOUT_MS);
    return ((int) ms);
}

/* pf_ocf_margin_ms - time kept back from the timeout */

int     pf_ocf_margin_ms(int timeout_ms)
{
    int     margin = timeout_ms / 10;

    if (margin < 500)
	margin = 500;
    if (margin > 5000)
	margin = 5000;
    if (margin > timeout_ms / 2)
	margin = timeout_ms / 2;
    return (margin);
}

/* pf_ocf_deadline - when this action must be done */

pf_deadline_t pf_ocf_deadline(void)
{
    int     timeout = pf_ocf_timeout_ms();

    return (pf_deadline_after(timeout - pf_ocf_margin_ms(timeout)));
}

/* pf_ocf_is_probe - monitor with no interval, or interval 0 */

bool    pf_ocf_is_probe(const char *action)
{
    const char *interval = pf_ocf_meta("interval");

    if (action == NULL
	|| (strcmp(action, "monitor") != 0 && strcmp(action, "status") != 0))
	return (false);
    return (interval == NULL || parse_decimal(interval) == 0);
}

/* pf_ocf_check_level - OCF_CHECK_LEVEL as a number */

int     pf_ocf_check_level(void)
{
    const char *text = getenv_nonempty("OCF_CHECK_LEVEL");
    long long level;

    if (text == NULL)
	return (0);
    level = parse_decimal(text);
    if (level < 0 || level > INT_MAX)
	return (-1);
    return ((int) level);
}

/* pf_ocf_from_rc - pf return code to OCF exit code */

int     pf_ocf_from_rc(int rc)
{
    static const struct {
	int     rc;
	int     ocf;
    }       codes[] = {
	{PF_OK, PF_OCF_SUCCESS},
	{PF_ECONFIG, PF_OCF_ERR_CONFIGURED},
	{PF_EINSTALL, PF_OCF_ERR_INSTALLED},
	{PF_EPERM, PF_OCF_ERR_PERM},
	{PF_ENOTRUNNING, PF_OCF_NOT_RUNNING},
	{PF_EARGS, PF_OCF_ERR_ARGS},
	{PF_EUNIMPL, PF_OCF_ERR_UNIMPLEMENTED},
	{PF_DEGRADED, PF_OCF_DEGRADED},
    };
    size_t  i;

    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
	if (codes[i].rc == rc)
	    return (codes[i].ocf);
    return (PF_OCF_ERR_GENERIC);		/* every other code, every errno */
}

/* pf_ocf_rsctmp - $HA_RSCTMP, or resource-agents' default */

const char *pf_ocf_rsctmp(void)
{
    const char *dir = getenv("HA_RSCTMP");

    return (dir != NULL && *dir == '/' ? dir : "/run/resource-agents");
}
