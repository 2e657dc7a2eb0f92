/*++
/* NAME
/*	pf_clock 3
/* SUMMARY
/*	monotonic milliseconds, deadlines, the polling pause
/* SYNOPSIS
/*	#include "pf_clock.h"
/*
/*	int64_t	pf_now_ms(void)
/*
/*	pf_deadline_t pf_deadline_after(int ms)
/*
/*	int	pf_deadline_left(pf_deadline_t deadline)
/*
/*	pf_deadline_t pf_deadline_min(pf_deadline_t a, pf_deadline_t b)
/*
/*	void	pf_sleep_ms(int ms)
/* DESCRIPTION
/*	Every wait of the agent ends by a deadline: a point in
/*	CLOCK_MONOTONIC time, in milliseconds, immune to clock changes.
/*
/*	pf_now_ms() is the current monotonic time. pf_deadline_after() is
/*	the deadline ms from now (a negative ms counts as 0).
/*	pf_deadline_left() is how many milliseconds are left, never
/*	negative. pf_deadline_min() is the earlier of two deadlines.
/*
/*	pf_sleep_ms() pauses for ms milliseconds, resuming after a signal
/*	handler; polling loops call it with PF_POLL_MS.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <time.h>

#include "pf_clock.h"

/* pf_now_ms - monotonic clock in milliseconds */

int64_t pf_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* pf_deadline_after - deadline ms from now */

pf_deadline_t pf_deadline_after(int ms)
{
    return (pf_now_ms() + (ms > 0 ? ms : 0));
}

/* pf_deadline_left - milliseconds left, never negative */

int     pf_deadline_left(pf_deadline_t deadline)
{
    int64_t left = deadline - pf_now_ms();

    if (left <= 0)
	return (0);
    if (left > INT_MAX)
	return (INT_MAX);
    return ((int) left);
}

/* pf_deadline_min - the earlier of two deadlines */

pf_deadline_t pf_deadline_min(pf_deadline_t a, pf_deadline_t b)
{
    return (a < b ? a : b);
}

/* pf_sleep_ms - pause, resumed after a signal handler */

void    pf_sleep_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000,.tv_nsec = (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
	 /* continue */ ;
}
