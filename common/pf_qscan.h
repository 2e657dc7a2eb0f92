/*++
/* NAME
/*	pf_qscan 3h
/* SUMMARY
/*	a bounded count of the queue, and the oldest deferred message
/* SYNOPSIS
/*	#include "pf_qscan.h"
/* DESCRIPTION
/*	See pf_qscan.c.
/*--*/
#ifndef PF_QSCAN_H
#define PF_QSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "pf_clock.h"

#define PF_QSCAN_HEAD		4096	/* bytes of a queue file read for 'T' */
#define PF_QSCAN_MAX_DEPTH	16	/* hashed subdirectory levels walked */

/* where a deferred message's arrival time came from */
typedef enum {
    PF_QSCAN_TIME_NONE = 0,		/* no deferred message dated */
    PF_QSCAN_TIME_RECORD,		/* its 'T' (arrival time) record */
    PF_QSCAN_TIME_BTIME,		/* the file's birth time (statx) */
} pf_qscan_time_t;

typedef struct pf_qscan {
    /* regular files in each queue (hashed subdirectories included) */
    long    incoming;
    long    active;
    long    deferred;
    long    hold;
    long    maildrop;
    long    other;			/* entries not counted: links, FIFOs... */
    /* the earliest arrival time of a deferred message, and its source */
    time_t  oldest_deferred;
    pf_qscan_time_t oldest_from;
    long    undated;			/* deferred files with neither time */
    bool    complete;			/* every directory read to its end */
} pf_qscan_t;

/*
 * Count queue_dir's queues within the deadline: PF_OK with *out, complete
 * false when the deadline cut the walk (the counts so far); an errno with
 * why when queue_dir cannot be opened. A queue directory that cannot be
 * read is left out (complete false), named in why.
 */
extern int pf_qscan_run(const char *queue_dir, pf_deadline_t deadline,
			        pf_qscan_t *out, char *why, size_t whylen);

/*
 * The arrival time in the first len bytes of a queue file: the first 'T'
 * record before the message content. PF_OK with *sec, or PF_EPARSE. Pure.
 */
extern int pf_qscan_arrival(const unsigned char *buf, size_t len,
			            time_t *sec);

#endif
