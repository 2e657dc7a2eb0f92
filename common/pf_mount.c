/*++
/* NAME
/*	pf_mount 3
/* SUMMARY
/*	which mounted filesystem holds a path, from /proc/self/mountinfo
/* SYNOPSIS
/*	#include "pf_mount.h"
/*
/*	int	pf_mount_parse_line(const char *line, pf_mount_t *m)
/*
/*	int	pf_mount_of(const char *path, pf_mount_t *m)
/*
/*	int	pf_mount_check_queue(const char *queue_directory,
/*			const char *mount_point, char *why, size_t whylen)
/*
/*	bool	pf_mount_config_shared(const char *config_dir,
/*			const char *queue_directory)
/*
/*	void	pf_mount_set_mountinfo(const char *path)
/* DESCRIPTION
/*	pf_mount_parse_line() parses one line of mountinfo(5): "36 35
/*	98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": the
/*	mount ID, the device (which is also what /proc/locks shows for
/*	files of that filesystem; on btrfs it differs from the st_dev that
/*	stat() returns), the mount point with its octal escapes (\040)
/*	undone, and the filesystem type after the "-" separator.
/*
/*	pf_mount_of() finds the mount holding a path: the longest mount
/*	point that is a prefix of the path's real path, on a "/" boundary;
/*	among equal ones the last listed (mounted over the others).
/*
/*	pf_mount_check_queue() is the shared-storage check: with
/*	mount_point set, the queue directory must lie on the filesystem
/*	mounted there. An empty, unmounted mount point fails (the queue
/*	would be a fresh local one), as does a queue on another mount
/*	below or beside it.
/*
/*	pf_mount_config_shared() tells whether the configuration directory
/*	is on the same filesystem (device) as the queue: then every node
/*	reads the same files, and a fault in them is the whole cluster's.
/*
/*	Nothing is spawned; one file is read per call.
/*
/*	pf_mount_set_mountinfo() makes the module read another file than
/*	/proc/self/mountinfo; for unit tests.
/* DIAGNOSTICS
/*	pf return codes; pf_mount_check_queue() says why, object first.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_mount.h"
#include "pf_rc.h"

static char mountinfo_path[PATH_MAX] = "/proc/self/mountinfo";

/* pf_mount_set_mountinfo - read another mountinfo (unit tests); copied */

void    pf_mount_set_mountinfo(const char *path)
{
    snprintf(mountinfo_path, sizeof(mountinfo_path), "%s",
	     path ? path : "/proc/self/mountinfo");
}

/* unescape - undo mountinfo's \ooo escapes of blanks and backslashes */

static int unescape(const char *src, size_t n, char *dst, size_t len)
{
    size_t  i, o = 0;

    for (i = 0; i < n; i++) {
	if (o + 1 >= len)
	    return (PF_EPARSE);
	if (src[i] == '\\' && i + 3 < n
	    && src[i + 1] >= '0' && src[i + 1] <= '3'
	    && src[i + 2] >= '0' && src[i + 2] <= '7'
	    && src[i + 3] >= '0' && src[i + 3] <= '7') {
	    dst[o++] = (char) ((src[i + 1] - '0') * 64 + (src[i + 2] - '0') * 8
			       + (src[i + 3] - '0'));
	    i += 3;
	} else {
	    dst[o++] = src[i];
	}
    }
    dst[o] = 0;
    return (PF_OK);
}

/* next_field - the next blank-separated field; NULL at the end */

static const char *next_field(const char **cp, size_t *n)
{
    const char *start;

    while (**cp == ' ' || **cp == '\t')
	(*cp)++;
    if (**cp == 0 || **cp == '\n')
	return (NULL);
    start = *cp;
    while (**cp && **cp != ' ' && **cp != '\t' && **cp != '\n')
	(*cp)++;
    *n = (size_t) (*cp - start);
    return (start);
}

/* pf_mount_parse_line - one mountinfo line */

int     pf_mount_parse_line(const char *line, pf_mount_t *m)
{
    const char *cp = line;
    const char *f;
    size_t  n = 0;
    int     field;
    char    num[32];

    memset(m, 0, sizeof(*m));
    for (field = 1; field <= 5; field++) {
	if ((f = next_field(&cp, &n)) == NULL)
	    return (PF_EPARSE);
	switch (field) {
	case 1:
	    if (n >= sizeof(num))
		return (PF_EPARSE);
	    memcpy(num, f, n);
	    num[n] = 0;
	    if (sscanf(num, "%d", &m->id) != 1)
		return (PF_EPARSE);
	    break;
	case 3:
	    if (n >= sizeof(num))
		return (PF_EPARSE);
	    memcpy(num, f, n);
	    num[n] = 0;
	    if (sscanf(num, "%u:%u", &m->major, &m->minor) != 2)
		return (PF_EPARSE);
	    break;
	case 5:
	    if (*f != '/' || unescape(f, n, m->point, sizeof(m->point)) != PF_OK)
		return (PF_EPARSE);
	    break;
	default:
	    break;
	}
    }
    /* optional fields, then "-", then the filesystem type */
    while ((f = next_field(&cp, &n)) != NULL && !(n == 1 && *f == '-'))
	 /* skip */ ;
    if (f == NULL || (f = next_field(&cp, &n)) == NULL || n >= sizeof(m->fstype))
	return (PF_EPARSE);
    memcpy(m->fstype, f, n);
    m->fstype[n] = 0;
    return (PF_OK);
}

/* under - is path inside (or equal to) the directory point */

static bool under(const char *point, const char *path)
{
    size_t  len = strlen(point);

    if (strcmp(point, "/") == 0)
	return (*path == '/');
    return (strncmp(point, path, len) == 0 && (path[len] == 0 || path[len] == '/'));
}

/* scan - the mount holding real (or, exact, mounted at real) */

static int scan(const char *real, bool exact, pf_mount_t *out)
{
    FILE   *fp;
    char    line[3 * PATH_MAX];
    pf_mount_t m;
    size_t  best = 0;
    int     found = 0;

    if ((fp = fopen(mountinfo_path, "re")) == NULL)
	return (errno);
    while (fgets(line, sizeof(line), fp) != NULL) {
	size_t  len;

	if (pf_mount_parse_line(line, &m) != PF_OK)
	    continue;
	len = strlen(m.point);
	if (exact ? strcmp(m.point, real) != 0 : !under(m.point, real))
	    continue;
	if (len >= best) {			/* later entries are mounted on top */
	    best = len;
	    *out = m;
	    found = 1;
	}
    }
    fclose(fp);
    return (found ? PF_OK : ENOENT);
}

/* pf_mount_of - the mount that holds path */

int     pf_mount_of(const char *path, pf_mount_t *m)
{
    char    real[PATH_MAX];

    if (realpath(path, real) == NULL)
	return (errno);
    return (scan(real, false, m));
}

/* pf_mount_check_queue - the queue is on the filesystem at mount_point */

int     pf_mount_check_queue(const char *queue_directory, const char *mount_point,
			             char *why, size_t whylen)
{
    char    real[PATH_MAX];
    pf_mount_t top, q;
    int     err;

    if (mount_point == NULL || *mount_point == 0)
	return (PF_OK);
    if (*mount_point != '/')
	return (pf_rc_why(PF_EARGS, why, whylen, "queue_mount_point %.80s: "
			  "not an absolute path", mount_point));
    if (realpath(mount_point, real) == NULL)
	return (pf_rc_why(PF_EINSTALL, why, whylen, "queue_mount_point %.80s: "
			  "%s on this node", mount_point, strerror(errno)));
    if (scan(real, true, &top) != PF_OK)
	return (pf_rc_why(PF_EINSTALL, why, whylen, "queue_mount_point %.80s: "
			  "not mounted on this node; queue %.80s must exist on "
			  "a shared filesystem", mount_point, queue_directory));
    if ((err = pf_mount_of(queue_directory, &q)) == ENOENT || err == ENOTDIR)
	return (pf_rc_why(PF_EINSTALL, why, whylen, "%.80s is not found. This "
			  "directory must exist on a shared filesystem",
			  queue_directory));
    if (err != PF_OK)
	return (pf_rc_why(PF_EINSTALL, why, whylen, "queue directory %.80s: %s",
			  queue_directory, err > 0 ? strerror(err)
			  : pf_strerror(err)));
    if (q.id != top.id)
	return (pf_rc_why(PF_EINSTALL, why, whylen, "queue directory %.80s: on "
			  "the filesystem mounted at %.80s, not on "
			  "queue_mount_point %.80s", queue_directory, q.point,
			  mount_point));
    return (PF_OK);
}

/* pf_mount_config_shared - config directory on the queue's filesystem */

bool    pf_mount_config_shared(const char *config_dir, const char *queue_directory)
{
    pf_mount_t c, q;

    if (config_dir == NULL || queue_directory == NULL
	|| pf_mount_of(config_dir, &c) != PF_OK
	|| pf_mount_of(queue_directory, &q) != PF_OK)
	return (false);
    return (c.major == q.major && c.minor == q.minor);
}
