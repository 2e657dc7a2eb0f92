/*++
/* NAME
/*	pf_chroot 3h
/* SUMMARY
/*	the copies of /etc files that chrooted Postfix daemons read
/* SYNOPSIS
/*	#include "pf_chroot.h"
/* DESCRIPTION
/*	See pf_chroot.c.
/*--*/
#ifndef PF_CHROOT_H
#define PF_CHROOT_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_conf.h"

/* The part of a file compared byte for byte; beyond it, the size only. */
#define PF_CHROOT_MAX_COMPARE	(1024 * 1024)

/*
 * The files Debian's configure-instance.sh copies into the queue, in its
 * order, relative to the root ("etc/resolv.conf"); NULL-terminated.
 */
extern const char *const pf_chroot_files[];

/*
 * For each listed file that is a regular file under etc_root ("/"),
 * does its copy under queue_dir differ (or is it missing)? PF_OK with
 * *count and names ("etc/resolv.conf etc/hosts"), or a pf code / errno
 * with the reason in names when the check cannot be made.
 */
extern int pf_chroot_stale(const char *queue_dir, const char *etc_root,
			           char *names, size_t len, int *count);

/*
 * Does some master.cf service run chrooted (chroot y, or "-" below
 * compatibility_level 1)? Debian copies the files only then.
 */
extern bool pf_chroot_used(const pf_conf_t *conf);

#endif
