/*++
/* NAME
/*	fuzz_queue_record 1
/* SUMMARY
/*	libFuzzer harness for pf_qscan_arrival()
/* SYNOPSIS
/*	fuzz_queue_record [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes, as the head of a Postfix queue file (a
/*	file in a directory mail_owner writes), to the record parser, and
/*	aborts when a result breaks its contract: a return other than
/*	PF_OK or PF_EPARSE, or on PF_OK an arrival time that is not
/*	positive. The bytes are parsed where libFuzzer put them (a buffer
/*	of exactly their size), so that AddressSanitizer catches any read
/*	past the end; the parser is also run on every prefix of the input,
/*	as a read cut at PF_QSCAN_HEAD bytes presents it.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "pf_qscan.h"
#include "pf_rc.h"

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* check - one parse, and its contract */

static void check(const uint8_t *data, size_t size)
{
    time_t  sec = 0;
    int     rc = pf_qscan_arrival(data, size, &sec);

    if (rc == PF_OK ? sec <= 0 : rc != PF_EPARSE)
	abort();
}

/* LLVMFuzzerTestOneInput - parse one queue file head, and its prefixes */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t  n;

    if (size > PF_QSCAN_HEAD)
	size = PF_QSCAN_HEAD;
    for (n = 0; n <= size; n += (n < 64 ? 1 : 61))
	check(data, n);
    check(data, size);
    return (0);
}
