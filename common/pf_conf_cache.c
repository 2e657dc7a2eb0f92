/*++
/* NAME
/*	pf_conf_cache 3
/* SUMMARY
/*	Postfix's compiled-in defaults (postconf -d), cached
/* SYNOPSIS
/*	#include "pf_conf_cache.h"
/*
/*	int	pf_conf_defaults(postconf, deadline, params, why, whylen)
/*	char	*pf_conf_cache_path(postconf, buf, len)
/*	int	pf_conf_parse_postconf_output(buf, len, params, why, whylen)
/* DESCRIPTION
/*	Parameters main.cf does not set take the compiled-in defaults of
/*	this Postfix: the output of "postconf -d", which is the authority.
/*	pf_conf_defaults() appends them to params. It caches them in
/*	$HA_RSCTMP (default /run/resource-agents, created if missing) as
/*	pfkit-postconf-d.<hash of the postconf path>.cache
/*	(pf_conf_cache_path()), keyed by the device, inode, size and
/*	modification time of the postconf binary and by the node's name
/*	(myhostname's default); the cache holds the parsed list, one
/*	"name = value" line a parameter in postconf's order, is written
/*	atomically (temporary file, fsync, rename), mode 0600, and is used
/*	only when it is a regular file owned by root (or by the effective
/*	uid), not writable by others, whose header, length, trailer and
/*	every line match, with mail_version among them. It is read in one
/*	pass, its lines cut in place (pf_params_adopt()); a list that is
/*	in strict name order (postconf -d's) is searched by bisection.
/*	Otherwise postconf -d runs (through pf_spawn, never a shell) and
/*	the cache is rewritten; if the directory is missing or not
/*	writable, the agent works without a cache. So a recurring monitor
/*	runs no process at all while Postfix is not reinstalled.
/*
/*	pf_conf_parse_postconf_output() reads the "name = value" lines
/*	postconf -d or -x prints. It is pure (no I/O): unit tests and the
/*	libFuzzer harness call it directly.
/* DIAGNOSTICS
/*	pf_conf_defaults() reports what happened and leaves what it means
/*	to its caller: PF_OK; PF_EINSTALL when postconf is not an
/*	executable file (pf_file_check_exec()); PF_ESPAWN when it could not
/*	be run (its file cannot be examined, or pf_spawn failed); PF_ECMD
/*	when it ran and failed (an exit status other than 0, or an output
/*	without mail_version); PF_ETIMEOUT; PF_EPARSE when its output
/*	cannot be read; ENOMEM. pf_conf_parse_postconf_output(): PF_OK, PF_EPARSE or
/*	ENOMEM. why receives a reason naming the command or file first.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "pf_buf.h"
#include "pf_conf_cache.h"
#include "pf_file.h"
#include "pf_log.h"
#include "pf_ocf.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#define CACHE_NAME	"pfkit-postconf-d"	/* .<hash of postconf>.cache */
#define CACHE_MAGIC	"pfkit-postconf-d 2"

/* pf_conf_cache_path - $HA_RSCTMP/pfkit-postconf-d.<hash>.cache */

char   *pf_conf_cache_path(const char *postconf, char *buf, size_t len)
{
    const char *dir = pf_ocf_rsctmp();
    uint32_t hash = 2166136261u;	/* FNV-1a: one file per postconf */
    const unsigned char *p;

    for (p = (const unsigned char *) (postconf ? postconf : ""); *p; p++)
	hash = (hash ^ *p) * 16777619u;
    snprintf(buf, len, "%s/%s.%08x.cache", dir, CACHE_NAME, (unsigned) hash);
    return (buf);
}

/* cache_key - identity of the postconf binary and of the node */

static int cache_key(const char *postconf, char *key, size_t len)
{
    struct stat st;
    struct utsname u;

    if (stat(postconf, &st) < 0)
	return (errno);
    if (uname(&u) < 0)
	snprintf(u.nodename, sizeof(u.nodename), "?");
    snprintf(key, len, "%s %lu %lu %lld.%09ld %lld %s", postconf,
	     (unsigned long) st.st_dev, (unsigned long) st.st_ino,
	     (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
	     (long long) st.st_size, u.nodename);
    return (PF_OK);
}

/*
 * The cache body is what the agent parsed from postconf -d, written back
 * one "name = value" line a parameter. Reading it costs one pass over the
 * file: the lines are cut in place and the list points into the buffer.
 */

/* cache_read - the cached postconf -d parameters for key, or an error */

static int cache_read(const char *path, const char *key, pf_params_t *out)
{
    struct stat st;
    char   *data;
    size_t  len;
    char    head[1200];
    char   *body;
    unsigned long blen;
    char   *end;
    int     rc;

    if ((rc = pf_file_read(path, &data, &len, &st, true)) != PF_OK)
	return (rc);
    rc = PF_EPARSE;
    if ((st.st_uid != 0 && st.st_uid != geteuid())
	|| (st.st_mode & 022) != 0) {
	pf_warn("file %s: not owned by root or writable by others; ignored",
		path);
	goto out;
    }
    snprintf(head, sizeof(head), CACHE_MAGIC "\nkey %s\nlength ", key);
    if (len < strlen(head) || memcmp(data, head, strlen(head)) != 0)
	goto out;
    body = data + strlen(head);
    errno = 0;
    blen = strtoul(body, &end, 10);
    if (errno || end == body || *end != '\n')
	goto out;
    body = end + 1;
    if ((size_t) (data + len - body) != blen + 4
	|| memcmp(body + blen, "end\n", 4) != 0)
	goto out;
    /* The list keeps the whole buffer; only the body's lines are cut. */
    body[blen] = 0;
    if (pf_params_adopt(out, data, body, blen) != PF_OK)
	goto out;
    /* from here on, data is out's */
    if (pf_params_find(out, "mail_version") == NULL) {
	pf_params_clear(out);
	return (PF_EPARSE);
    }
    return (PF_OK);
out:
    free(data);
    return (rc);
}

/* cache_body - the parameters as "name = value" lines (malloc'ed) */

static char *cache_body(const pf_params_t *p, size_t *blen)
{
    pf_buf_t b = {0};
    size_t  i;

    for (i = 0; i < p->n; i++)
	if (!pf_buf_add(&b, p->v[i].name, strlen(p->v[i].name))
	    || !pf_buf_add(&b, " = ", 3)
	    || !pf_buf_add(&b, p->v[i].value, strlen(p->v[i].value))
	    || !pf_buf_add(&b, "\n", 1)) {
	    free(b.s);
	    return (NULL);
	}
    *blen = b.len;
    return (b.s);
}

/* cache_fill - the whole cache file, mode 0600 whatever the umask */

static int cache_fill(int fd, void *vctx)
{
    const pf_buf_t *file = vctx;

    if (write(fd, file->s, file->len) != (ssize_t) file->len)
	return (EIO);
    return (fchmod(fd, 0600) < 0 ? errno : 0);
}

/* cache_write - atomically store the parameters; failures are logged */

static void cache_write(const char *path, const char *key, const pf_params_t *p)
{
    pf_buf_t file = {0};
    char    head[1200];
    char   *body;
    size_t  blen;
    const char *step;
    int     rc;

    if ((body = cache_body(p, &blen)) == NULL)
	return;
    snprintf(head, sizeof(head), CACHE_MAGIC "\nkey %s\nlength %zu\n",
	     key, blen);
    if (!pf_buf_add(&file, head, strlen(head))
	|| !pf_buf_add(&file, body, blen) || !pf_buf_add(&file, "end\n", 4)) {
	free(file.s);
	free(body);
	return;
    }
    free(body);
    /* resource-agents creates $HA_RSCTMP at boot; do it if it has not */
    {
	char    dir[4200];
	char   *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
	    *slash = 0;
	    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		pf_debug("directory %s: %s", dir, strerror(errno));
	}
    }
    if ((rc = pf_file_replace(path, 0600, cache_fill, &file, &step)) != 0) {
	if (strcmp(step, "create") == 0)
	    pf_debug("file %s: cannot create its temporary file: %s; "
		     "working without a cache", path, strerror(rc));
	else
	    pf_warn("file %s: cannot write the postconf cache: %s", path,
		    strerror(rc));
    }
    free(file.s);
}

/* pf_conf_defaults - postconf -d, from the cache when it is still valid */

int     pf_conf_defaults(const char *postconf, pf_deadline_t deadline,
			         pf_params_t *out, char *why, size_t whylen)
{
    char    key[1024];
    char    path[4096];
    const char *argv[3];
    pf_spawn_opts_t opts;
    pf_spawn_result_t res;
    char    what[PATH_MAX + 16];
    int     rc;

    if ((rc = pf_file_check_exec(postconf, why, whylen)) != PF_OK)
	return (rc);
    if ((rc = cache_key(postconf, key, sizeof(key))) != PF_OK)
	return (pf_rc_why(PF_ESPAWN, why, whylen, "postconf %.100s: %s",
			  postconf, strerror(rc)));
    pf_conf_cache_path(postconf, path, sizeof(path));
    if (cache_read(path, key, out) == PF_OK)
	return (PF_OK);

    argv[0] = postconf;
    argv[1] = "-d";
    argv[2] = NULL;
    memset(&opts, 0, sizeof(opts));
    opts.argv = argv;
    opts.deadline = deadline;
    opts.capture_max = 4 * 1024 * 1024;
    rc = pf_spawn_run(&opts, &res);
    snprintf(what, sizeof(what), "command %s -d", postconf);
    if ((rc = pf_spawn_explain(rc, &res, PF_SPAWN_WHY_STATUS, what, "", why,
			       whylen)) != PF_OK) {
	pf_spawn_result_free(&res);		/* also after a failure */
	return (rc == PF_ETIMEOUT || rc == PF_ECMD ? rc : PF_ESPAWN);
    }
    rc = pf_conf_parse_postconf_output(res.out, res.out_len, out, why, whylen);
    if (rc == PF_OK && pf_params_find(out, "mail_version") == NULL)
	rc = pf_rc_why(PF_ECMD, why, whylen,
		  "command %s -d: no mail_version in its output", postconf);
    if (rc == PF_OK)
	cache_write(path, key, out);
    else
	pf_params_clear(out);
    pf_spawn_result_free(&res);
    return (rc);
}

/* pf_conf_parse_postconf_output - "name = value" lines of postconf -d/-x */

int     pf_conf_parse_postconf_output(const char *buf, size_t len,
				              pf_params_t *out, char *why,
				              size_t whylen)
{
    int     rc;

    rc = pf_params_parse(buf, len, "(postconf output)", out, why, whylen);
    if (rc == PF_ECONFIG)
	rc = PF_EPARSE;
    return (rc);
}
