/*++
/* NAME
/*	pf_ids 3
/* SUMMARY
/*	mail_owner, setgid_group and the queue's ownership
/* SYNOPSIS
/*	#include "pf_ids.h"
/*
/*	int	pf_ids_lookup(conf, ids, why, whylen)
/*	int	pf_ids_check_privileges(conf, ids, why, whylen)
/*	int	pf_ids_check_owners(conf, why, whylen)
/*	int	pf_ids_check_queue(conf, why, whylen)
/*	int	pf_ids_check_queue_modes(conf, why, whylen)
/*	int	pf_ids_check_queue_search(conf, ids, why, whylen)
/*	int	pf_ids_check_data_dir(conf, why, whylen)
/* DESCRIPTION
/*	The ownership checks of a shared queue, worded as administrators
/*	of Postfix clusters know them, plus Postfix's own
/*	rules (postfix(1) refuses a privileged mail_owner or setgid_group).
/*
/*	pf_ids_lookup(): the ids of mail_owner and setgid_group on this
/*	node, looked up once (getpwnam(), getgrnam()) for the checks that
/*	take them, as Postfix's check_mail_owner() does for its daemons.
/*	pf_ids_check_privileges(): those ids are not root's, and
/*	setgid_group is not mail_owner's primary group.
/*	pf_ids_check_owners(): both of them in one call.
/*
/*	pf_ids_check_queue_search(): mail_owner can search the queue
/*	directory (the execute bit that applies to it), else Postfix's
/*	daemons cannot reach their queues; with ids NULL it looks them up
/*	(and leaves an absent owner to pf_ids_check_owners()).
/*
/*	pf_ids_check_queue(): queue_directory exists; its maildrop and
/*	public directories (those that exist) are group-owned by
/*	setgid_group; its private directories (active bounce corrupt defer
/*	deferred flush hold incoming private saved trace, those that exist)
/*	are owned by mail_owner. A node whose postfix uid or postdrop gid
/*	differs from the node that wrote the shared queue fails here. Only
/*	those directories are examined, never the queue files: a few dozen
/*	stat() calls, cheap enough for every recurring monitor. Then
/*	pf_ids_check_queue_modes().
/*
/*	pf_ids_check_queue_modes(): the private directories give
/*	mail_owner rwx, maildrop gives setgid_group wx and public x
/*	(postfix-files: 0700, 0730, 0710). The owner or group of a shared
/*	queue's directories depends on this node's user and group
/*	databases (numeric ids on the disk): PF_EPERM, this node. Their
/*	mode bits are the same on every node that mounts the disk, but a
/*	restart elsewhere is what Pacemaker should try before giving up:
/*	PF_EFAIL, never PF_ECONFIG.
/*
/*	pf_ids_check_data_dir(): data_directory, if it exists, is writable
/*	by mail_owner, computed from its owner, group and mode and from the
/*	user's groups (no shell, no setuid test process). A missing
/*	data_directory is left to postfix(1), which creates it at start.
/* DIAGNOSTICS
/*	PF_OK; PF_EINSTALL: an owner, group or the queue directory does not
/*	exist on this node; PF_ECONFIG: a privileged mail_owner or
/*	setgid_group; PF_EPERM: ownership wrong on this node; PF_EFAIL:
/*	a queue directory's mode keeps the daemons out. why
/*	names the object first.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "pf_ids.h"
#include "pf_rc.h"

#define MAX_GROUPS	1024

static const char *const private_dirs[] = {
    "active", "bounce", "corrupt", "defer", "deferred", "flush", "hold",
    "incoming", "private", "saved", "trace",
};

/* no_such - an owner that this node's databases do not know (errno set) */

static int no_such(const char *param, const char *what, const char *name,
		           char *why, size_t whylen)
{
    return (pf_rc_why(PF_EINSTALL, why, whylen,
		      "%s %.40s: The %s %.40s does not exist%s%s", param, name,
		      what, name, errno ? ": " : "",
		      errno ? strerror(errno) : ""));
}

/* pf_ids_lookup - mail_owner's and setgid_group's ids on this node */

int     pf_ids_lookup(const pf_conf_t *conf, pf_ids_t *ids, char *why, size_t whylen)
{
    const char *owner = conf->mail_owner ? conf->mail_owner : "";
    const char *group = conf->setgid_group ? conf->setgid_group : "";
    struct passwd *pw;
    struct group *gr;

    /* Defined on every path, never root by accident. */
    ids->uid = (uid_t) -1;
    ids->ugid = (gid_t) -1;
    ids->gid = (gid_t) -1;
    errno = 0;
    if (*owner == 0 || (pw = getpwnam(owner)) == NULL)
	return (no_such("mail_owner", "postfix owner", owner, why, whylen));
    ids->uid = pw->pw_uid;
    ids->ugid = pw->pw_gid;
    errno = 0;
    if (*group == 0 || (gr = getgrnam(group)) == NULL)
	return (no_such("setgid_group", "postdrop group", group, why, whylen));
    ids->gid = gr->gr_gid;
    return (PF_OK);
}

/* pf_ids_check_owners - mail_owner and setgid_group exist, unprivileged */

int     pf_ids_check_owners(const pf_conf_t *conf, char *why, size_t whylen)
{
    pf_ids_t ids;
    int     rc;

    if ((rc = pf_ids_lookup(conf, &ids, why, whylen)) != PF_OK)
	return (rc);
    return (pf_ids_check_privileges(conf, &ids, why, whylen));
}

/* pf_ids_check_privileges - looked-up owners are not root's */

int     pf_ids_check_privileges(const pf_conf_t *conf, const pf_ids_t *ids,
				        char *why, size_t whylen)
{
    const char *main_cf = conf->main_cf ? conf->main_cf : "main.cf";
    uid_t   uid = ids->uid;
    gid_t   ugid = ids->ugid;
    gid_t   gid = ids->gid;

    if (uid == 0)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: parameter mail_owner: user %.40s has "
		     "privileged user ID", main_cf, conf->mail_owner));
    if (gid == 0)
	return (pf_rc_why(PF_ECONFIG, why, whylen,
		     "file %s: parameter setgid_group: group %.40s has "
		     "privileged group ID", main_cf, conf->setgid_group));
    if (gid == ugid)
	return (pf_rc_why(PF_EPERM, why, whylen,
		     "setgid_group %.40s: has the same group ID as mail_owner "
		     "%.40s's group on this node", conf->setgid_group,
		     conf->mail_owner));
    return (PF_OK);
}

/* stat_dir_param - a main.cf directory parameter: absolute, and its status */

static int stat_dir_param(const char *name, const char *dir, struct stat *st,
			          char *why, size_t whylen)
{
    if (*dir != '/')
	return (pf_rc_why(PF_ECONFIG, why, whylen, "parameter %s: \"%.60s\" is "
			  "not an absolute path", name, dir));
    if (stat(dir, st) < 0)
	return (errno);			/* the caller says what it means */
    return (PF_OK);
}

/* pf_ids_check_queue - the shared queue was written with our ids */

int     pf_ids_check_queue(const pf_conf_t *conf, char *why, size_t whylen)
{
    const char *queue = conf->queue_directory ? conf->queue_directory : "";
    char    path[PATH_MAX];
    struct stat st;
    pf_ids_t ids;
    size_t  i;
    int     rc;

    if ((rc = stat_dir_param("queue_directory", queue, &st, why, whylen)) < 0)
	return (rc);
    if (rc > 0 || !S_ISDIR(st.st_mode))
	return (pf_rc_why(PF_EINSTALL, why, whylen,
		     "%.80s is not found. This directory must exist on a "
		     "shared filesystem", queue));
    if ((rc = pf_ids_lookup(conf, &ids, why, whylen)) != PF_OK)
	return (rc);
    for (i = 0; i < 2; i++) {
	snprintf(path, sizeof(path), "%s/%s", queue,
		 i == 0 ? "maildrop" : "public");
	if (stat(path, &st) < 0)
	    continue;
	if (st.st_gid != ids.gid)
	    return (pf_rc_why(PF_EPERM, why, whylen,
			 "directory %.80s: The postdrop group id does not "
			 "match an attribute of queue directory (group %lu, "
			 "%.20s is %lu here)", path, (unsigned long) st.st_gid,
			 conf->setgid_group, (unsigned long) ids.gid));
    }
    for (i = 0; i < sizeof(private_dirs) / sizeof(private_dirs[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", queue, private_dirs[i]);
	if (stat(path, &st) < 0)
	    continue;
	if (st.st_uid != ids.uid)
	    return (pf_rc_why(PF_EPERM, why, whylen,
			 "directory %.80s: postfix id does not match between "
			 "servers (owner %lu, %.20s is %lu here)", path,
			 (unsigned long) st.st_uid, conf->mail_owner,
			 (unsigned long) ids.uid));
    }
    return (pf_ids_check_queue_modes(conf, why, whylen));
}

/* pf_ids_check_queue_modes - the daemons can use the queue directories */

int     pf_ids_check_queue_modes(const pf_conf_t *conf, char *why, size_t whylen)
{
    static const struct {
	const char *name;
	mode_t  need;
	const char *who;
    }       group_dirs[] = {
	{"maildrop", S_IRWXU | S_IWGRP | S_IXGRP, "postdrop writes, pickup reads"},
	{"public", S_IRWXU | S_IXGRP, "postdrop and sendmail connect"},
    };
    const char *queue = conf->queue_directory ? conf->queue_directory : "";
    char    path[PATH_MAX];
    struct stat st;
    size_t  i;

    /* 0700 for mail_owner, as postfix-files creates them; no wider need */
    for (i = 0; i < sizeof(private_dirs) / sizeof(private_dirs[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", queue, private_dirs[i]);
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
	    continue;
	if ((st.st_mode & S_IRWXU) != S_IRWXU)
	    return (pf_rc_why(PF_EFAIL, why, whylen,
			 "directory %.80s: mode %04o, mail_owner %.20s needs "
			 "rwx (cleanup and qmgr fail)", path,
			 (unsigned) (st.st_mode & 07777), conf->mail_owner));
    }
    for (i = 0; i < sizeof(group_dirs) / sizeof(group_dirs[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", queue, group_dirs[i].name);
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
	    continue;
	if ((st.st_mode & group_dirs[i].need) != group_dirs[i].need)
	    return (pf_rc_why(PF_EFAIL, why, whylen,
			 "directory %.80s: mode %04o, needs at least %04o "
			 "(%s)", path, (unsigned) (st.st_mode & 07777),
			 (unsigned) group_dirs[i].need, group_dirs[i].who));
    }
    return (PF_OK);
}

/* pf_ids_check_queue_search - can mail_owner reach the queue's subdirectories */

int     pf_ids_check_queue_search(const pf_conf_t *conf, const pf_ids_t *ids,
				          char *why, size_t whylen)
{
    pf_ids_t own;
    struct stat sb;
    mode_t  bit;

    if (stat(conf->queue_directory, &sb) < 0) {
	int     err = errno;

	snprintf(why, whylen, "queue directory %s: %s", conf->queue_directory,
		 strerror(err));
	return (err == ENOENT ? PF_EINSTALL : PF_EFAIL);
    }
    if (ids == NULL) {
	if (pf_ids_lookup(conf, &own, NULL, 0) != PF_OK)
	    return (PF_OK);			/* pf_ids_check_owners() says */
	ids = &own;
    }
    bit = sb.st_uid == ids->uid ? S_IXUSR : sb.st_gid == ids->ugid ? S_IXGRP : S_IXOTH;
    if ((sb.st_mode & bit) == 0)
	return (pf_rc_why(PF_EFAIL, why, whylen, "queue directory %s: mode %03o, "
			  "not searchable by mail_owner %s", conf->queue_directory,
			  (unsigned) (sb.st_mode & 07777), conf->mail_owner));
    return (PF_OK);
}

/* in_groups - is gid the user's primary group or one of its groups */

static bool in_groups(const char *user, gid_t primary, gid_t gid)
{
    gid_t   groups[MAX_GROUPS];
    int     n = MAX_GROUPS;
    int     i;

    if (gid == primary)
	return (true);
    if (getgrouplist(user, primary, groups, &n) < 0)
	n = MAX_GROUPS;
    for (i = 0; i < n; i++)
	if (groups[i] == gid)
	    return (true);
    return (false);
}

/* owner_can_write - mail_owner may create files in directory dir */

static int owner_can_write(const pf_conf_t *conf, const char *dir,
			           const struct stat *st, char *why, size_t whylen)
{
    pf_ids_t ids;
    mode_t  need;
    int     rc;

    if ((rc = pf_ids_lookup(conf, &ids, why, whylen)) != PF_OK)
	return (rc);
    if (ids.uid == 0)
	return (PF_OK);
    if (st->st_uid == ids.uid)
	need = S_IWUSR | S_IXUSR;
    else if (in_groups(conf->mail_owner, ids.ugid, st->st_gid))
	need = S_IWGRP | S_IXGRP;
    else
	need = S_IWOTH | S_IXOTH;
    if ((st->st_mode & need) != need)
	return (pf_rc_why(PF_EPERM, why, whylen,
		     "data_directory %.80s: not writable by mail_owner %.40s "
		     "(owner %lu, mode %04o)", dir, conf->mail_owner,
		     (unsigned long) st->st_uid,
		     (unsigned) (st->st_mode & 07777)));
    return (PF_OK);
}

/* pf_ids_check_data_dir - mail_owner can create files in data_directory */

int     pf_ids_check_data_dir(const pf_conf_t *conf, char *why, size_t whylen)
{
    const char *dir = conf->data_directory ? conf->data_directory : "";
    struct stat st;
    int     rc;

    if ((rc = stat_dir_param("data_directory", dir, &st, why, whylen)) < 0)
	return (rc);
    if (rc == ENOENT)
	return (PF_OK);				/* postfix start creates it */
    if (rc > 0)
	return (pf_rc_why(PF_EPERM, why, whylen, "directory %.80s: %s", dir,
		     strerror(rc)));
    if (!S_ISDIR(st.st_mode))
	return (pf_rc_why(PF_EPERM, why, whylen,
		     "data_directory %.80s: not a directory", dir));
    return (owner_can_write(conf, dir, &st, why, whylen));
}
