/*++
/* NAME
/*	pf_chroot 3
/* SUMMARY
/*	the copies of /etc files that chrooted Postfix daemons read
/* SYNOPSIS
/*	#include "pf_chroot.h"
/*
/*	extern const char *const pf_chroot_files[];
/*
/*	int	pf_chroot_stale(const char *queue_dir, const char *etc_root,
/*			char *names, size_t len, int *count)
/*
/*	bool	pf_chroot_used(const pf_conf_t *conf)
/* DESCRIPTION
/*	A daemon that master.cf runs chrooted (chroot column y) resolves
/*	names, services and the time zone inside $queue_directory, where
/*	Debian's configure-instance.sh (run before every start) copies
/*	pf_chroot_files: etc/localtime, etc/services, etc/resolv.conf,
/*	etc/hosts, etc/host.conf, etc/nsswitch.conf, etc/nss_mdns.config.
/*	A file changed after the start (a new resolver from DHCP or
/*	systemd-resolved, an edited hosts file) leaves the daemons with
/*	the old copy until the next start. The chroot_extra_files of
/*	/etc/default/postfix (a shell fragment, never run by the agent)
/*	are not read.
/*
/*	pf_chroot_stale() reports which copies are stale; it decides
/*	nothing (whether any service runs chrooted is the caller's
/*	question). For each listed file that exists under etc_root ("/",
/*	another directory in tests) as a regular file, followed through
/*	symbolic links as the script's "test -f" and "cp" follow them (a
/*	root's file, opened by pf_file_open(): its type checked on the
/*	descriptor), the copy queue_dir/<same path> is opened through
/*	pf_file_open_under() (the queue is mail_owner's: no symbolic link
/*	is followed under it). The copy is stale when it is missing, is
/*	not a regular file (a link planted there included), differs in
/*	size, or differs in its first PF_CHROOT_MAX_COMPARE bytes (1 MiB;
/*	beyond them only the sizes are compared: no file of the list is
/*	that large). A listed file that is absent or not a regular file
/*	under etc_root is skipped, as the script skips it.
/*
/*	names receives the stale copies, relative to the queue directory,
/*	separated by one space ("etc/resolv.conf etc/hosts"): those that
/*	fit whole in len bytes (*count counts them all).
/*
/*	pf_chroot_used() answers that question as configure-instance.sh
/*	does before it copies anything: some master.cf service has y in
/*	its chroot column, or "-" (the default) while compatibility_level
/*	is below 1 (master(8) then runs it chrooted; from level 1 on "-"
/*	is n). A service that master_service_disable turns off still
/*	counts, as it does for the script.
/* DIAGNOSTICS
/*	PF_OK with *count (0: every copy is current). When the check cannot
/*	be made, an errno (the queue directory cannot be opened; a source or
/*	a copy cannot be read for another reason than its absence or type)
/*	with the reason in names, object first ("file /etc/hosts: Permission
/*	denied"), and *count 0.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_chroot.h"
#include "pf_file.h"
#include "pf_rc.h"

/* the FILES list of Debian's /usr/lib/postfix/configure-instance.sh */
const char *const pf_chroot_files[] = {
    "etc/localtime", "etc/services", "etc/resolv.conf", "etc/hosts",
    "etc/host.conf", "etc/nsswitch.conf", "etc/nss_mdns.config", NULL,
};

#define CHUNK	65536

/* pf_chroot_used - does some master.cf service run chrooted */

bool    pf_chroot_used(const pf_conf_t *conf)
{
    const char *level = conf->compatibility_level;

    /* "0", "1", "2", "3.6": below 1 only the level 0 (or none: Postfix 2) */
    return (conf->chroot_yes || (conf->chroot_default
				 && (level == NULL || atoi(level) < 1)));
}

/* read_full - up to len bytes, short only at end of file; or -1 */

static ssize_t read_full(int fd, char *buf, size_t len)
{
    size_t  got = 0;
    ssize_t n;

    while (got < len) {
	if ((n = read(fd, buf + got, len - got)) < 0) {
	    if (errno == EINTR)
		continue;
	    return (-1);
	}
	if (n == 0)
	    break;
	got += (size_t) n;
    }
    return ((ssize_t) got);
}

/* same_content - the first PF_CHROOT_MAX_COMPARE bytes are equal */

static int same_content(int a, int b, off_t size, bool *same)
{
    static char abuf[CHUNK], bbuf[CHUNK];
    off_t   left = size < PF_CHROOT_MAX_COMPARE ? size : PF_CHROOT_MAX_COMPARE;
    ssize_t na, nb;

    *same = true;
    while (left > 0 && *same) {
	size_t  want = left < CHUNK ? (size_t) left : CHUNK;

	if ((na = read_full(a, abuf, want)) < 0
	    || (nb = read_full(b, bbuf, want)) < 0)
	    return (errno);
	/* a file that shrank meanwhile differs */
	*same = na == nb && na == (ssize_t) want && memcmp(abuf, bbuf, want) == 0;
	left -= (off_t) want;
    }
    return (PF_OK);
}

/* add_name - append a stale copy's name when it fits whole */

static void add_name(char *names, size_t len, const char *name)
{
    size_t  used = strlen(names);
    size_t  need = strlen(name) + (used ? 1 : 0);

    if (used + need < len)
	snprintf(names + used, len - used, "%s%s", used ? " " : "", name);
}

/*
 * copy_stale - one file: *stale set, or skipped (source absent or not a
 * regular file: *stale false); an errno with the reason when unreadable
 */
static int copy_stale(int qfd, const char *root, const char *rel,
		              bool *stale, char *why, size_t whylen)
{
    char    src[PATH_MAX];
    struct stat sst, cst;
    int     sfd, cfd, rc;
    bool    same;

    *stale = false;
    if (snprintf(src, sizeof(src), "%s%s%s", root,
		 root[strlen(root) - 1] == '/' ? "" : "/", rel) >= (int) sizeof(src))
	return (pf_rc_why(ENAMETOOLONG, why, whylen, "file %s%s: name too long",
			  root, rel));
    rc = pf_file_open(AT_FDCWD, src, O_RDONLY, S_IFREG, &sfd, &sst);
    if (rc == ENOENT || rc == ENOTDIR || (rc != PF_OK && sst.st_mode != 0))
	return (PF_OK);				/* not copied: not compared */
    if (rc != PF_OK)
	return (pf_rc_why(rc, why, whylen, "file %s: %s", src, strerror(rc)));
    rc = pf_file_open_under(qfd, rel, O_RDONLY, S_IFREG, &cfd, &cst);
    /* ELOOP: a link on the way (the queue's etc/ itself) */
    if (rc == ENOENT || rc == ENOTDIR || rc == ELOOP
	|| (rc != PF_OK && cst.st_mode != 0)) {
	*stale = true;				/* missing, or not a copy */
	close(sfd);
	return (PF_OK);
    }
    if (rc != PF_OK) {
	close(sfd);
	return (pf_rc_why(rc, why, whylen, "file %s in the queue directory: %s",
			  rel, strerror(rc)));
    }
    if (sst.st_size != cst.st_size) {
	*stale = true;
    } else if ((rc = same_content(sfd, cfd, sst.st_size, &same)) != PF_OK) {
	rc = pf_rc_why(rc, why, whylen, "file %s or its copy: %s", src,
		       strerror(rc));
    } else {
	*stale = !same;
    }
    close(sfd);
    close(cfd);
    return (rc);
}

/* pf_chroot_stale - which chroot copies differ from their sources */

int     pf_chroot_stale(const char *queue_dir, const char *etc_root,
			        char *names, size_t len, int *count)
{
    char    why[512];
    bool    stale;
    int     qfd, i, rc = PF_OK;

    *count = 0;
    if (len > 0)
	names[0] = 0;
    if (etc_root == NULL || *etc_root == 0)
	etc_root = "/";
    /* the queue directory itself is root's: its own name may be a link */
    if ((qfd = open(queue_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
	rc = errno;
	return (pf_rc_why(rc, names, len, "queue directory %s: %s", queue_dir,
			  strerror(rc)));
    }
    for (i = 0; pf_chroot_files[i] != NULL && rc == PF_OK; i++) {
	if ((rc = copy_stale(qfd, etc_root, pf_chroot_files[i], &stale, why,
			     sizeof(why))) == PF_OK && stale) {
	    ++*count;
	    add_name(names, len, pf_chroot_files[i]);
	}
    }
    close(qfd);
    if (rc != PF_OK) {
	*count = 0;
	return (pf_rc_why(rc, names, len, "%s", why));
    }
    return (PF_OK);
}
