/*++
/* NAME
/*	pf_file 3
/* SUMMARY
/*	whole-file reads, bounded; the "executable file" rule
/* SYNOPSIS
/*	#include "pf_file.h"
/*
/*	int	pf_file_read(const char *path, char **data, size_t *len,
/*			struct stat *st_out, bool nofollow)
/*
/*	bool	pf_file_executable(const char *path)
/*
/*	int	pf_file_check_exec(const char *path, char *why, size_t whylen)
/* DESCRIPTION
/*	pf_file_read() reads a whole regular file of at most
/*	PF_FILE_MAX_SIZE bytes into a malloc()ed, NUL-terminated buffer
/*	(*data, *len bytes; the caller frees it) and, with st_out, hands
/*	back its fstat(). With nofollow a symbolic link is refused
/*	(ELOOP). It returns PF_OK or an errno: EISDIR for a directory,
/*	EINVAL for another non-regular file, EFBIG when too large.
/*
/*	pf_file_executable() tells whether path is an absolute path naming
/*	a regular file we may execute: access(X_OK) alone is true for root
/*	on any directory.
/*
/*	pf_file_check_exec() is that rule with the wording administrators
/*	of Postfix clusters know, for the postfix and postconf commands: PF_OK, or
/*	PF_EINSTALL (missing on this node) with why = "<path>: Execute
/*	files (postfix or postconf command) is not an executable file".
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "pf_file.h"
#include "pf_rc.h"

/* pf_file_read - whole regular file, bounded; errno or PF_OK */

int     pf_file_read(const char *path, char **data, size_t *len,
		             struct stat *st_out, bool nofollow)
{
    struct stat st;
    int     fd;
    char   *p;
    size_t  got = 0;

    *data = NULL;
    *len = 0;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY
		   | (nofollow ? O_NOFOLLOW : 0))) < 0)
	return (errno ? errno : EIO);
    if (fstat(fd, &st) < 0) {
	int     err = errno ? errno : EIO;

	/* st is undefined here: do not look at st_mode */
	close(fd);
	return (err);
    }
    if (!S_ISREG(st.st_mode)) {
	close(fd);
	return (S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
    }
    if (st.st_size > PF_FILE_MAX_SIZE) {
	close(fd);
	return (EFBIG);
    }
    if ((p = malloc((size_t) st.st_size + 1)) == NULL) {
	close(fd);
	return (ENOMEM);
    }
    while (got < (size_t) st.st_size) {
	ssize_t n = read(fd, p + got, (size_t) st.st_size - got);

	if (n < 0 && errno == EINTR)
	    continue;
	if (n <= 0)
	    break;
	got += (size_t) n;
    }
    close(fd);
    p[got] = 0;
    *data = p;
    *len = got;
    if (st_out)
	*st_out = st;
    return (PF_OK);
}

/* pf_file_executable - an absolute path to a regular file we may run */

bool    pf_file_executable(const char *path)
{
    struct stat st;

    return (path != NULL && *path == '/' && stat(path, &st) == 0
	    && S_ISREG(st.st_mode) && access(path, X_OK) == 0);
}

/* pf_file_check_exec - the rule, with the kit's message */

int     pf_file_check_exec(const char *path, char *why, size_t whylen)
{
    if (pf_file_executable(path))
	return (PF_OK);
    return (pf_rc_why(PF_EINSTALL, why, whylen, "%.100s: Execute files (postfix "
		      "or postconf command) is not an executable file",
		      path ? path : ""));
}
