/*++
/* NAME
/*	pf_systemd 3
/* SUMMARY
/*	is a systemd unit enabled to start at boot
/* SYNOPSIS
/*	#include "pf_systemd.h"
/*
/*	void	pf_systemd_set_root(const char *root)
/*
/*	bool	pf_systemd_enabled(const char *unit, char *where,
/*			size_t len)
/* DESCRIPTION
/*	pf_systemd_enabled() tells, without asking systemd (no process,
/*	no D-Bus: the monitor calls it), whether unit would be started at
/*	boot: a link of that name stands in a ".wants" or ".requires"
/*	directory of /etc/systemd/system or /run/systemd/system (where
/*	"systemctl enable" and "systemctl enable --runtime" put it), and
/*	the unit is not masked (a unit file of that name in either
/*	directory that is /dev/null or a link to it). where receives the
/*	first link found. It reads those two directories and lstat()s one
/*	name in each of their ".wants"/".requires" directories; nothing it
/*	finds is followed or opened.
/*
/*	The generator units of a distribution (/run/systemd/generator)
/*	are not read: they follow from an enabled unit, which is what is
/*	reported.
/*
/*	pf_systemd_set_root() makes it read "<root>/etc/systemd/system"
/*	and "<root>/run/systemd/system" (NULL: the real ones); for tests.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "pf_systemd.h"

static const char *sd_root = "";

/* The directories "systemctl enable" writes to, persistent and runtime. */
static const char *const unit_dirs[] = {
    "/etc/systemd/system",
    "/run/systemd/system",
};

#define N_UNIT_DIRS (sizeof(unit_dirs) / sizeof(unit_dirs[0]))

/* pf_systemd_set_root - the root the unit directories are read under */

void    pf_systemd_set_root(const char *root)
{
    sd_root = root ? root : "";
}

/* masked - unit is /dev/null (or a link to it) in dirfd */

static bool masked(int dirfd, const char *unit)
{
    struct stat st;
    char    target[64];
    ssize_t n;

    if (fstatat(dirfd, unit, &st, AT_SYMLINK_NOFOLLOW) < 0)
	return (false);
    if (S_ISCHR(st.st_mode))
	return (st.st_rdev == makedev(1, 3));
    if (!S_ISLNK(st.st_mode)
	|| (n = readlinkat(dirfd, unit, target, sizeof(target) - 1)) < 0)
	return (false);
    target[n] = 0;
    return (strcmp(target, "/dev/null") == 0);
}

/* wanted - a link named unit in a .wants or .requires directory of dirfd */

static bool wanted(int dirfd, const char *dir, const char *unit, char *where,
		           size_t len)
{
    struct dirent *de;
    struct stat st;
    bool    found = false;
    DIR    *dp;
    int     fd;
    size_t  n;

    if ((fd = dup(dirfd)) < 0)
	return (false);
    if ((dp = fdopendir(fd)) == NULL) {
	close(fd);
	return (false);
    }
    while (!found && (de = readdir(dp)) != NULL) {
	char    rel[NAME_MAX * 2 + 2];

	n = strlen(de->d_name);
	if (!((n > 6 && strcmp(de->d_name + n - 6, ".wants") == 0)
	      || (n > 9 && strcmp(de->d_name + n - 9, ".requires") == 0)))
	    continue;
	if ((size_t) snprintf(rel, sizeof(rel), "%s/%s", de->d_name, unit) >= sizeof(rel))
	    continue;
	if (fstatat(dirfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0) {
	    snprintf(where, len, "%s/%s", dir, rel);
	    found = true;
	}
    }
    closedir(dp);
    return (found);
}

/* pf_systemd_enabled - would systemd start unit at boot */

bool    pf_systemd_enabled(const char *unit, char *where, size_t len)
{
    int     fds[N_UNIT_DIRS];
    char    dirs[N_UNIT_DIRS][PATH_MAX];
    bool    found = false, mask = false;
    size_t  i;

    if (len > 0)
	where[0] = 0;
    for (i = 0; i < N_UNIT_DIRS; i++) {
	snprintf(dirs[i], sizeof(dirs[i]), "%s%s", sd_root, unit_dirs[i]);
	fds[i] = open(dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    for (i = 0; i < N_UNIT_DIRS; i++) {
	if (fds[i] < 0)
	    continue;
	mask = mask || masked(fds[i], unit);
	found = found || wanted(fds[i], unit_dirs[i], unit, where, len);
    }
    for (i = 0; i < N_UNIT_DIRS; i++)
	if (fds[i] >= 0)
	    close(fds[i]);
    return (found && !mask);
}
