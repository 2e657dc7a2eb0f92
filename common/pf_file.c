/*++
/* NAME
/*	pf_file 3
/* SUMMARY
/*	opens that follow no link another user controls; whole-file
/*	reads, bounded; the "executable file" rule
/* SYNOPSIS
/*	#include "pf_file.h"
#include "pf_proc.h"
/*
/*	int	pf_file_open(int dirfd, const char *name, int flags,
/*			mode_t type, int *fd, struct stat *st)
/*
/*	int	pf_file_open_under(int dirfd, const char *rel, int flags,
/*			mode_t type, int *fd, struct stat *st)
/*
/*	const char *pf_file_type(mode_t mode)
/*
/*	char	*pf_file_fd_path(int fd, char *buf, size_t len)
/*
/*	int	pf_file_read(const char *path, char **data, size_t *len,
/*			struct stat *st_out, bool nofollow)
/*
/*	bool	pf_file_executable(const char *path)
/*
/*	int	pf_file_check_exec(const char *path, char *why, size_t whylen)
/*
/*	int	pf_file_replace(const char *path, mode_t mode,
/*			pf_file_fill_fn fill, void *ctx, const char **step)
/*
/*	int	pf_file_write_atomic(const char *path, mode_t mode,
/*			const char *data, size_t len, const char **step)
/*
/*	int	pf_file_write_note(const char *path, mode_t mode,
/*			const char *data, size_t len, const char **step)
/* DESCRIPTION
/*	Postfix's safe_open() is the model: what root opens is checked
/*	on the descriptor it got, never on a name looked up before.
/*
/*	pf_file_open() opens name (relative to dirfd, or absolute, or
/*	relative to AT_FDCWD) only if it is of type (S_IFREG, S_IFDIR,
/*	S_IFIFO, S_IFSOCK): first with O_PATH, which opens nothing (no
/*	FIFO blocks, no device's open routine runs), fstat() on that
/*	descriptor, and then the very inode it names is opened again
/*	through /proc/self/fd with flags, never blocking for the open
/*	itself (O_NONBLOCK, cleared afterwards unless flags has it). With
/*	O_NOFOLLOW in flags the last component may not be a symbolic link
/*	(ELOOP). With flags O_PATH the O_PATH descriptor is what *fd gets
/*	(a socket cannot be opened: connect() to pf_file_fd_path() of it).
/*	A directory is opened at once, O_DIRECTORY (its open has no side
/*	effect and O_DIRECTORY is the type check). Without /proc the name
/*	is opened a second time, never blocking, and must still be the
/*	inode checked.
/*
/*	pf_file_open_under() is pf_file_open() for a path rel under the
/*	directory dirfd that another user can write (the queue's public/
/*	and private/, its queue subdirectories): every component of rel
/*	is opened with O_NOFOLLOW, so no symbolic link is followed
/*	anywhere below dirfd; ".." is refused (EINVAL).
/*
/*	Both return PF_OK or an errno, and hand back *fd (-1 on error)
/*	and, with st, the fstat() of what was found, also when its type
/*	is wrong: ELOOP for a symbolic link, EISDIR for a directory,
/*	ENOTDIR for something else where a directory was wanted, EINVAL
/*	for any other type that is not the one wanted.
/*
/*	pf_file_type() names a file type for a reason: "a FIFO", "a
/*	symbolic link", ...
/*
/*	pf_file_fd_path() is the /proc/self/fd name of a descriptor, under
/*	pf_proc_root() (unit tests: pf_proc_set_root() to a root without
/*	self/fd takes the path used without /proc).
/*
/*	pf_file_read() reads a whole regular file of at most
/*	PF_FILE_MAX_SIZE bytes into a malloc()ed, NUL-terminated buffer
/*	(*data, *len bytes; the caller frees it) and, with st_out, hands
/*	back its fstat() (also when it is refused for its type). It
/*	opens it with pf_file_open(): a FIFO, a device, a socket is
/*	refused before it is opened, so nothing blocks. With nofollow a
/*	symbolic link is refused (ELOOP). It returns PF_OK or an errno:
/*	EISDIR for a directory, EINVAL for another non-regular file,
/*	EFBIG when too large.
/*
/*	pf_file_executable() tells whether path is an absolute path naming
/*	a regular file we may execute: access(X_OK) alone is true for root
/*	on any directory.
/*
/*	pf_file_check_exec() is that rule with the wording administrators
/*	of Postfix clusters know, for the postfix and postconf commands: PF_OK, or
/*	PF_EINSTALL (missing on this node) with why = "<path>: Execute
/*	files (postfix or postconf command) is not an executable file".
/*	pf_file_replace() gives path new content atomically: a reader
/*	sees the old file or the new one whole, never a part. The content
/*	goes to "<path>.<pid>.tmp" in the same directory (removed first if
/*	a dead run left it; created with O_EXCL and O_NOFOLLOW, so a link
/*	planted under that name is never followed), written by fill(fd,
/*	ctx), which returns 0 or an errno (mode is the creation mode, the
/*	umask applies: a fill that wants it exact calls fchmod()); then
/*	fsync() and close(), then rename() over path (which keeps the
/*	temporary file's inode). On failure the temporary file is
/*	removed, path is left as it was, the errno is returned and *step
/*	(when step is not NULL) is "create" when the temporary file could
/*	not be created (a missing or read-only directory: callers that can
/*	work without the file say so quietly) or "write" for any later
/*	step. pf_file_write_atomic() is pf_file_replace() writing len
/*	bytes of data. pf_file_write_note() is the same without the
/*	fsync(): for notes under $HA_RSCTMP, a directory the node empties
/*	at boot (tmpfs on every distribution the agent knows), where a
/*	crash can only lose a note; a sync there cost an action up to 11 ms
/*	where that directory was on a disk.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pf_file.h"
#include "pf_name_code.h"
#include "pf_proc.h"
#include "pf_rc.h"

/* pf_file_fd_path - the /proc/self/fd name of a descriptor */

char   *pf_file_fd_path(int fd, char *buf, size_t len)
{
    snprintf(buf, len, "%s/self/fd/%d", pf_proc_root(), fd);
    return (buf);
}

/* pf_file_type - a file type, named for a reason */

const char *pf_file_type(mode_t mode)
{
    static const pf_name_code_t types[] = {
	{S_IFREG, "a regular file"},
	{S_IFDIR, "a directory"},
	{S_IFLNK, "a symbolic link"},
	{S_IFIFO, "a FIFO"},
	{S_IFSOCK, "a socket"},
	{S_IFCHR, "a character device"},
	{S_IFBLK, "a block device"},
	{0, NULL},
    };
    const char *name = pf_name_code_str(types, (int) (mode & S_IFMT));

    return (name != NULL ? name : "a file of unknown type");
}

/* type_error - the errno for a file of type have where want was wanted */

static int type_error(mode_t have, mode_t want)
{
    if (S_ISLNK(have))
	return (ELOOP);
    if (S_ISDIR(have))
	return (EISDIR);
    return (want == S_IFDIR ? ENOTDIR : EINVAL);
}

/* open_dir - a directory: O_DIRECTORY is the type check */

static int open_dir(int dirfd, const char *name, int flags, int *fdp,
		            struct stat *st)
{
    struct stat sb;
    int     fd, err;

    flags = (flags & ~(O_PATH | O_CREAT | O_TRUNC)) | O_DIRECTORY | O_CLOEXEC;
    if ((fd = openat(dirfd, name, flags | O_NONBLOCK)) < 0) {
	err = errno;
	/* only for the caller's reason: what is there instead */
	if ((err == ENOTDIR || err == ELOOP)
	    && fstatat(dirfd, name, st, (flags & O_NOFOLLOW) ?
		       AT_SYMLINK_NOFOLLOW : 0) == 0)
	    return (type_error(st->st_mode, S_IFDIR));
	return (err);
    }
    if (fstat(fd, &sb) < 0) {
	err = errno;
	close(fd);
	return (err);
    }
    if (!(flags & O_NONBLOCK))
	(void) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    *st = sb;
    *fdp = fd;
    return (PF_OK);
}

/* pf_file_open - open name only if it is of type, checked on the fd */

int     pf_file_open(int dirfd, const char *name, int flags, mode_t type,
		             int *fdp, struct stat *st)
{
    struct stat none, sb;
    char    self[PATH_MAX];
    int     nofollow = flags & O_NOFOLLOW;
    int     pfd, fd, err;

    if (st == NULL)
	st = &none;
    memset(st, 0, sizeof(*st));			/* st_mode 0: nothing seen */
    *fdp = -1;
    if (type == S_IFDIR)
	return (open_dir(dirfd, name, flags, fdp, st));
    /* O_PATH: nothing is opened yet, whatever is there */
    if ((pfd = openat(dirfd, name, O_PATH | O_CLOEXEC | nofollow)) < 0)
	return (errno);
    if (fstat(pfd, st) < 0) {
	err = errno;
	close(pfd);
	return (err);
    }
    if ((st->st_mode & S_IFMT) != type) {
	close(pfd);
	return (type_error(st->st_mode, type));
    }
    if (flags & O_PATH) {
	*fdp = pfd;
	return (PF_OK);
    }
    /* the inode just checked, whatever its name names by now */
    flags = (flags & ~(O_NOFOLLOW | O_CREAT | O_EXCL)) | O_CLOEXEC | O_NOCTTY;
    fd = open(pf_file_fd_path(pfd, self, sizeof(self)), flags | O_NONBLOCK);
    if (fd < 0 && errno == ENOENT)		/* no /proc: the name again */
	fd = openat(dirfd, name, flags | O_NONBLOCK | nofollow);
    err = errno;
    close(pfd);
    if (fd < 0)
	return (err);
    if (fstat(fd, &sb) < 0 || sb.st_dev != st->st_dev || sb.st_ino != st->st_ino) {
	close(fd);
	return (EAGAIN);			/* replaced meanwhile */
    }
    if (!(flags & O_NONBLOCK))
	(void) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    *fdp = fd;
    return (PF_OK);
}

/* next_dir - open one component of a path under dirfd, no link followed */

static int next_dir(int cur, const char *comp, int *next)
{
    struct stat sb;
    int     err;

    if (strcmp(comp, "..") == 0)
	return (EINVAL);
    if ((*next = openat(cur, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW
			| O_CLOEXEC)) >= 0)
	return (PF_OK);
    err = errno;
    if (err == ENOTDIR && fstatat(cur, comp, &sb, AT_SYMLINK_NOFOLLOW) == 0)
	return (type_error(sb.st_mode, S_IFDIR));
    return (err);
}

/* pf_file_open_under - pf_file_open(), no symbolic link anywhere in rel */

int     pf_file_open_under(int dirfd, const char *rel, int flags, mode_t type,
			           int *fdp, struct stat *st)
{
    char    comp[NAME_MAX + 1];
    const char *cp = rel;
    const char *slash;
    int     cur = dirfd;
    int     next, rc = PF_OK;
    size_t  n;

    *fdp = -1;
    if (st)
	memset(st, 0, sizeof(*st));		/* st_mode 0: nothing seen */
    if (rel == NULL || *rel == '/')
	return (EINVAL);
    while (rc == PF_OK && (slash = strchr(cp, '/')) != NULL) {
	n = (size_t) (slash - cp);
	if (n > NAME_MAX) {
	    rc = ENAMETOOLONG;
	    break;
	}
	memcpy(comp, cp, n);
	comp[n] = 0;
	cp = slash + 1;
	if (n == 0 || strcmp(comp, ".") == 0)
	    continue;				/* "a//b", "./b" */
	rc = next_dir(cur, comp, &next);
	if (cur != dirfd)
	    close(cur);
	cur = (rc == PF_OK ? next : dirfd);
    }
    if (rc == PF_OK)
	rc = (*cp == 0 || strcmp(cp, ".") == 0 || strcmp(cp, "..") == 0) ? EINVAL
	    : pf_file_open(cur, cp, flags | O_NOFOLLOW, type, fdp, st);
    if (cur != dirfd)
	close(cur);
    return (rc);
}

/* pf_file_read - whole regular file, bounded; errno or PF_OK */

int     pf_file_read(const char *path, char **data, size_t *len,
		             struct stat *st_out, bool nofollow)
{
    struct stat st;
    int     fd;
    char   *p;
    size_t  got = 0;
    int     rc;

    *data = NULL;
    *len = 0;
    /* a FIFO, a device or a socket is refused before it is opened */
    rc = pf_file_open(AT_FDCWD, path, O_RDONLY | (nofollow ? O_NOFOLLOW : 0),
		      S_IFREG, &fd, &st);
    if (st_out)
	*st_out = st;
    if (rc != PF_OK)
	return (rc);
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

/* replace - pf_file_replace(), with or without the fsync() */

static int replace(const char *path, mode_t mode, pf_file_fill_fn fill,
		           void *ctx, bool sync, const char **step)
{
    char    tmp[PATH_MAX + 32];
    int     fd, rc;

    if (step != NULL)
	*step = "create";
    if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long) getpid())
	>= (int) sizeof(tmp))
	return (ENAMETOOLONG);
    (void) unlink(tmp);
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		   mode)) < 0)
	return (errno);
    if (step != NULL)
	*step = "write";
    if ((rc = fill(fd, ctx)) == 0 && sync && fsync(fd) < 0)
	rc = errno;
    if (close(fd) < 0 && rc == 0)
	rc = errno;
    if (rc == 0 && rename(tmp, path) < 0)
	rc = errno;
    if (rc != 0)
	(void) unlink(tmp);
    return (rc);
}

/* pf_file_replace - new content for path: temporary file, fsync, rename */

int     pf_file_replace(const char *path, mode_t mode, pf_file_fill_fn fill,
			        void *ctx, const char **step)
{
    return (replace(path, mode, fill, ctx, true, step));
}

typedef struct {
    const char *data;
    size_t  len;
} write_ctx_t;

/* write_all - write a whole buffer, as pf_file_replace()'s fill */

static int write_all(int fd, void *vctx)
{
    const write_ctx_t *w = vctx;
    size_t  done = 0;
    ssize_t n;

    while (done < w->len) {
	if ((n = write(fd, w->data + done, w->len - done)) < 0) {
	    if (errno == EINTR)
		continue;
	    return (errno);
	}
	if (n == 0)
	    return (EIO);
	done += (size_t) n;
    }
    return (0);
}

/* write_data - replace() with len bytes of data */

static int write_data(const char *path, mode_t mode, const char *data,
		              size_t len, bool sync, const char **step)
{
    write_ctx_t w;

    w.data = data;
    w.len = len;
    return (replace(path, mode, write_all, &w, sync, step));
}

/* pf_file_write_atomic - path holds exactly data, or stays as it was */

int     pf_file_write_atomic(const char *path, mode_t mode, const char *data,
			             size_t len, const char **step)
{
    return (write_data(path, mode, data, len, true, step));
}

/* pf_file_write_note - pf_file_write_atomic() without the fsync() */

int     pf_file_write_note(const char *path, mode_t mode, const char *data,
			           size_t len, const char **step)
{
    return (write_data(path, mode, data, len, false, step));
}
