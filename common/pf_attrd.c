/*++
/* NAME
/*	pf_attrd 3
/* SUMMARY
/*	node attributes through attrd_updater, published only on change
/* SYNOPSIS
/*	#include "pf_attrd.h"
/*
/*	int	pf_attrd_update(const char *name, const char *node,
/*			const char *value, bool private_attr,
/*			pf_deadline_t deadline, char *why, size_t len)
/*	int	pf_attrd_query(const char *name, pf_deadline_t deadline,
/*			pf_cib_attr_t **out, size_t *n, char *why, size_t len)
/*	void	pf_attrd_last(const char *name, char *value, size_t len)
/*	void	pf_attrd_remember(const char *name, const char *value)
/*
/*	void	pf_attrd_forget(const char *name)
/* DESCRIPTION
/*	Transient node attributes are Pacemaker's way for an agent to tell
/*	the cluster (and the other nodes' agents) something about a node.
/*	pf_attrd_update() sets (value) or removes (NULL) one with
/*	attrd_updater, run through pf_spawn (an argv, a clean environment,
/*	the deadline); private_attr keeps it out of the CIB (-p): only
/*	attrd_updater -Q sees it. pf_attrd_query() reads every node's
/*	value from attrd_updater's XML output (pf_cib_attrs_parse(): all
/*	of them, none cut; the caller frees them with pf_cib_attrs_free()),
/*	of which it keeps up to PF_CIB_MAX_XML bytes, as pf_cib does the
/*	CIB's; when libxml2 cannot be loaded it answers PF_EINSTALL
/*	(pf_cib_xml_load()) without running attrd_updater.
/*
/*	pf_attrd_last() and pf_attrd_remember() keep the last value this
/*	node published under a name in a small file in $HA_RSCTMP (default
/*	/run/resource-agents), so that a recurring monitor publishes only
/*	what changed and otherwise spawns nothing. pf_attrd_forget()
/*	removes that file. The same files keep a note that is no
/*	attribute (pf_cluster: a comparison a start left to the first
/*	monitor after it).
/* DIAGNOSTICS
/*	pf return codes, why naming attrd_updater and the attribute.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_attrd.h"
#include "pf_file.h"
#include "pf_log.h"
#include "pf_ocf.h"
#include "pf_rc.h"
#include "pf_spawn.h"

/* run - attrd_updater with these arguments; its stdout in res */

static int run(const char *const *argv, pf_deadline_t deadline,
	               size_t capture_max, pf_spawn_result_t *res,
	               const char *name, char *why, size_t len)
{
    pf_spawn_opts_t opts;
    char    what[160];
    int     rc;

    memset(&opts, 0, sizeof(opts));
    opts.argv = argv;
    opts.deadline = deadline;
    opts.capture_max = capture_max;
    rc = pf_spawn_run(&opts, res);
    snprintf(what, sizeof(what), "attribute %.80s: %s", name, PF_ATTRD_UPDATER);
    rc = pf_spawn_explain(rc, res, PF_SPAWN_WHY_STATUS, what,
			  "no diagnostics", why, len);
    return (rc == PF_ECMD ? PF_EFAIL : rc);
}

/* pf_attrd_update - set or remove a node attribute */

int     pf_attrd_update(const char *name, const char *node,
			        const char *value, bool private_attr,
			        pf_deadline_t deadline, char *why, size_t len)
{
    const char *argv[10];
    pf_spawn_result_t res;
    size_t  i = 0;
    int     rc;

    argv[i++] = PF_ATTRD_UPDATER;
    if (private_attr)
	argv[i++] = "-p";
    if (node) {
	argv[i++] = "-N";
	argv[i++] = node;
    }
    argv[i++] = "-n";
    argv[i++] = name;
    if (value) {
	argv[i++] = "-U";
	argv[i++] = value;
    } else {
	argv[i++] = "-D";
    }
    argv[i] = NULL;
    rc = run(argv, deadline, 0, &res, name, why, len);
    pf_spawn_result_free(&res);
    return (rc);
}

/* pf_attrd_query - every node's value of a node attribute */

int     pf_attrd_query(const char *name, pf_deadline_t deadline,
		               pf_cib_attr_t **out, size_t *n, char *why,
		               size_t len)
{
    const char *argv[] = {PF_ATTRD_UPDATER, "--output-as=xml", "-Q", "-A",
    "-n", name, NULL};
    pf_spawn_result_t res;
    int     rc;

    *out = NULL;
    *n = 0;
    /* no attrd_updater run for an answer that could not be read */
    if ((rc = pf_cib_xml_load(why, len)) != PF_OK)
	return (rc);
    /* every node's answer, not the last 64 kB of it */
    if ((rc = run(argv, deadline, PF_CIB_MAX_XML, &res, name, why,
		  len)) == PF_OK)
	rc = pf_cib_attrs_parse(res.out, res.out_len, name, out, n, why, len);
    pf_spawn_result_free(&res);
    return (rc);
}

/* state_path - $HA_RSCTMP/pfkit-attr.<name> */

static void state_path(const char *name, char *buf, size_t len)
{
    char   *p;
    size_t  off;

    snprintf(buf, len, "%s/pfkit-attr.", pf_ocf_rsctmp());
    off = strlen(buf);
    snprintf(buf + off, len - off, "%s", name);
    for (p = buf + off; *p; p++)
	if (*p == '/')
	    *p = '_';
}

/* pf_attrd_last - the value last published under name, or "" */

void    pf_attrd_last(const char *name, char *value, size_t len)
{
    char    path[4200];
    ssize_t got;
    int     fd;

    value[0] = 0;
    state_path(name, path, sizeof(path));
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
	return;
    got = read(fd, value, len - 1);
    close(fd);
    value[got > 0 ? got : 0] = 0;
}

/* pf_attrd_remember - keep the value just published under name */

void    pf_attrd_remember(const char *name, const char *value)
{
    char    path[4200];
    const char *step;
    int     rc;

    state_path(name, path, sizeof(path));
    if ((rc = pf_file_write_note(path, 0600, value, strlen(value),
				 &step)) != 0)
	pf_debug("file %s: cannot %s: %s", path, step, strerror(rc));
}

/* pf_attrd_forget - no value remembered under name any more */

void    pf_attrd_forget(const char *name)
{
    char    path[4200];

    state_path(name, path, sizeof(path));
    if (unlink(path) < 0 && errno != ENOENT)
	pf_debug("file %s: cannot remove it: %s", path, strerror(errno));
}
