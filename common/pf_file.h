/*++
/* NAME
/*	pf_file 3h
/* SUMMARY
/*	opens that follow no link another user controls; whole-file
/*	reads, bounded; the "executable file" rule
/* SYNOPSIS
/*	#include "pf_file.h"
/* DESCRIPTION
/*	See pf_file.c.
/*--*/
#ifndef PF_FILE_H
#define PF_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* The largest file read whole: main.cf, master.cf, the postconf cache. */
#define PF_FILE_MAX_SIZE	(16 * 1024 * 1024)

extern int pf_file_open(int dirfd, const char *name, int flags, mode_t type,
			        int *fd, struct stat *st);
extern int pf_file_open_under(int dirfd, const char *rel, int flags,
			              mode_t type, int *fd, struct stat *st);
extern const char *pf_file_type(mode_t mode);
extern char *pf_file_fd_path(int fd, char *buf, size_t len);
extern int pf_file_read(const char *path, char **data, size_t *len,
			        struct stat *st_out, bool nofollow);
extern bool pf_file_executable(const char *path);
extern int pf_file_check_exec(const char *path, char *why, size_t whylen);

/*
 * path's new content through "<path>.<pid>.tmp", fsync, rename: 0 or an
 * errno, *step "create" (the temporary file) or "write" (what followed).
 */
typedef int (*pf_file_fill_fn) (int fd, void *ctx);
extern int pf_file_replace(const char *path, mode_t mode, pf_file_fill_fn fill,
			           void *ctx, const char **step);
extern int pf_file_write_atomic(const char *path, mode_t mode,
				        const char *data, size_t len,
				        const char **step);
/* the same without fsync: a note under $HA_RSCTMP, emptied at boot */
extern int pf_file_write_note(const char *path, mode_t mode,
			              const char *data, size_t len,
			              const char **step);

#endif
