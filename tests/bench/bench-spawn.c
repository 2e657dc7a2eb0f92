/*++
/* NAME
/*	bench-spawn 1
/* SUMMARY
/*	run one command and report its wall time and resource usage
/* SYNOPSIS
/*	bench-spawn errfile command [argument ...]
/* DESCRIPTION
/*	bench-spawn is the measuring hand of tests/bench/bench.py. It
/*	forks, runs command with the environment it was given itself
/*	(execve, no shell), standard input and output on /dev/null and
/*	standard error on errfile, waits for it with wait4(), and prints
/*	one line on standard output:
/*
/*	    pid exit t0_ns t1_ns user_us sys_us maxrss_kb
/*
/*	t0_ns and t1_ns are CLOCK_MONOTONIC just before fork() and just
/*	after wait4() returned; exit is the exit status, or 128+signal.
/*	user_us and sys_us cover the command and every descendant that it
/*	(or they) reaped; maxrss_kb is the largest peak RSS among them.
/*
/*	Why a separate program: Linux records the peak RSS of the address
/*	space an exec replaces in the new program's maxrss. Spawned from
/*	the Python interpreter, every command would report at least the
/*	interpreter's RSS (17 MiB). Forked from this small program, the
/*	floor is this program's own few hundred KiB.
/* DIAGNOSTICS
/*	Exit 0 with the line above, 1 on a usage or system error.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* mono_ns - CLOCK_MONOTONIC in nanoseconds */

static long long mono_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long long) ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

/* tv_us - a timeval in microseconds */

static long long tv_us(const struct timeval *tv)
{
    return ((long long) tv->tv_sec * 1000000LL + tv->tv_usec);
}

int     main(int argc, char **argv)
{
    struct rusage ru;
    long long t0, t1;
    int     status;
    int     in, out, err;
    pid_t   pid;

    if (argc < 3) {
	fprintf(stderr, "usage: bench-spawn errfile command [argument ...]\n");
	return (1);
    }
    in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    out = open("/dev/null", O_WRONLY | O_CLOEXEC);
    err = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (in < 0 || out < 0 || err < 0) {
	fprintf(stderr, "bench-spawn: file %s: %s\n", argv[1], strerror(errno));
	return (1);
    }
    t0 = mono_ns();
    if ((pid = fork()) < 0) {
	fprintf(stderr, "bench-spawn: fork: %s\n", strerror(errno));
	return (1);
    }
    if (pid == 0) {
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
	    _exit(126);
	execve(argv[2], argv + 2, environ);
	_exit(127);
    }
    while (wait4(pid, &status, 0, &ru) < 0) {
	if (errno != EINTR) {
	    fprintf(stderr, "bench-spawn: wait4: %s\n", strerror(errno));
	    return (1);
	}
    }
    t1 = mono_ns();
    printf("%ld %d %lld %lld %lld %lld %ld\n", (long) pid,
	   WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	   t0, t1, tv_us(&ru.ru_utime), tv_us(&ru.ru_stime), ru.ru_maxrss);
    return (0);
}
