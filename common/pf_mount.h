/*++
/* NAME
/*	pf_mount 3h
/* SUMMARY
/*	which mounted filesystem holds a path, from /proc/self/mountinfo
/* SYNOPSIS
/*	#include "pf_mount.h"
/* DESCRIPTION
/*	The mount table as the kernel shows it to this process, read
/*	without spawning anything: which mount holds a path (the deepest
/*	mount point that is a prefix of its real path, the last one
/*	mounted when several are stacked), whether a directory is a mount
/*	point, and the checks built on that: the queue must lie on the
/*	filesystem mounted at queue_mount_point; a configuration directory
/*	on the queue's filesystem is shared by every node.
/*--*/
#ifndef PF_MOUNT_H
#define PF_MOUNT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct pf_mount {
    int     id;				/* mount ID (field 1) */
    unsigned major;			/* device the kernel reports for it, */
    unsigned minor;			/* as in /proc/locks (field 3) */
    char    point[PATH_MAX];		/* mount point, unescaped (field 5) */
    char    fstype[64];			/* after the " - " separator */
} pf_mount_t;

/* One line of mountinfo; PF_OK or PF_EPARSE. Pure: for unit tests too. */
extern int pf_mount_parse_line(const char *line, pf_mount_t *m);

/*
 * The mount that holds path (resolved with realpath()): PF_OK, or an
 * errno (path absent, mountinfo unreadable), or PF_EPARSE.
 */
extern int pf_mount_of(const char *path, pf_mount_t *m);

/*
 * The queue lies on the filesystem mounted at mount_point (empty or NULL:
 * not checked, PF_OK). PF_EINSTALL with the cause in why otherwise: this
 * node has not mounted the shared filesystem.
 */
extern int pf_mount_check_queue(const char *queue_directory,
				        const char *mount_point,
				        char *why, size_t whylen);

/*
 * The configuration directory lives on the queue's filesystem (shared by
 * every node that can run the instance). False when either cannot be
 * resolved: a node-local reading is the safe one (never "whole cluster").
 */
extern bool pf_mount_config_shared(const char *config_dir,
				           const char *queue_directory);

/* Test seam: read another mountinfo file (NULL: /proc/self/mountinfo). */
extern void pf_mount_set_mountinfo(const char *path);

#endif
