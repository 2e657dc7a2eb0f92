/*++
/* NAME
/*	pf_clock 3h
/* SUMMARY
/*	monotonic milliseconds, deadlines, the polling pause
/* SYNOPSIS
/*	#include "pf_clock.h"
/* DESCRIPTION
/*	See pf_clock.c.
/*--*/
#ifndef PF_CLOCK_H
#define PF_CLOCK_H

#include <stdint.h>

/* A point in CLOCK_MONOTONIC time, in milliseconds. */
typedef int64_t pf_deadline_t;

/* The pause of every polling loop (lock freed, greeting seen, gone). */
#define PF_POLL_MS	10

extern int64_t pf_now_ms(void);
extern pf_deadline_t pf_deadline_after(int ms);
extern int pf_deadline_left(pf_deadline_t deadline);
extern pf_deadline_t pf_deadline_min(pf_deadline_t a, pf_deadline_t b);
extern void pf_sleep_ms(int ms);

#endif
