/*++
/* NAME
/*	pf_qstamp 3h
/* SUMMARY
/*	is this the queue the last start left, with every file name right
/* SYNOPSIS
/*	#include "pf_qstamp.h"
/* DESCRIPTION
/*	A small stamp in $queue_directory/pid, written after each
/*	successful start, that proves at the next start that the queue
/*	was not copied file by file since: then postfix-script's
/*	integrity pass (postsuper's renaming of queue files after their
/*	inode numbers, a walk of the whole queue) can be skipped.
/*--*/
#ifndef PF_QSTAMP_H
#define PF_QSTAMP_H

#include <stddef.h>
#include <sys/types.h>

#include "pf_conf.h"

#define PF_QSTAMP_FILE		"pid/pfkit-queue.stamp"
#define PF_QSTAMP_SAMPLE	4	/* queue files looked at per directory */

/*
 * Does the queue name name an inode: a short queue ID ("%05X%lX", the
 * microseconds then the inode number in hex) whose inode part is ino.
 * 1 yes, 0 no (a long queue ID or anything else: not proven). Pure.
 */
extern int pf_qstamp_name_matches(const char *name, ino_t ino);

/*
 * A stamp file's text (NUL-terminated): PF_OK with the inode it was
 * written on and where its body starts in text, or PF_EPARSE. Pure.
 */
extern int pf_qstamp_parse(const char *text, unsigned long long *self,
			           const char **body);

/* The first line of stamp that now lacks, worded for a reason. Pure. */
extern void pf_qstamp_diff(const char *stamp, const char *now, char *out,
			           size_t len);

/*
 * The stamp's body (everything but its own inode number) for the queue
 * as it is now, in buf: PF_OK, or an errno / PF_EINSTALL with why.
 */
extern int pf_qstamp_body(const pf_conf_t *conf, char *buf, size_t len,
			          char *why, size_t whylen);

/*
 * PF_OK when the stamp proves the queue is the one the last start left,
 * in place (same filesystem, same directories, the stamp file itself
 * not a copy) and a sample of queue files is named after its inodes;
 * PF_EFAIL with the first difference in why otherwise.
 */
extern int pf_qstamp_check(const pf_conf_t *conf, char *why, size_t whylen);

/* Record the queue as it is now; PF_OK or an errno with why. */
extern int pf_qstamp_write(const pf_conf_t *conf, char *why, size_t whylen);

/*
 * Remove the stamp and any quick-start marker (a failed start, or the
 * queue touched in a way the stamp cannot prove): the next postfix start
 * runs its integrity pass.
 */
extern void pf_qstamp_remove(const pf_conf_t *conf);

/*
 * Before a start: *proven when pf_qstamp_check() proves the queue is
 * where the last start left it. With marker, then create
 * $queue_directory/quick-start (postfix-script skips its integrity
 * pass); otherwise, and when not proven, remove any such file.
 */
extern int pf_qstamp_quick_start(const pf_conf_t *conf, bool marker,
				 bool *proven, char *why, size_t whylen);

#endif
