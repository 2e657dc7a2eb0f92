/*++
/* NAME
/*	fuzz_qstamp 1
/* SUMMARY
/*	libFuzzer harness for the queue stamp file's reader
/* SYNOPSIS
/*	fuzz_qstamp [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes, as the text of
/*	$queue_directory/pid/pfkit-queue.stamp (what pf_qstamp_check()
/*	reads: the bytes up to the first NUL), to pf_qstamp_parse(), then
/*	compares the body found with a stamp body of today's form through
/*	pf_qstamp_diff(), both ways. It aborts when a result breaks the
/*	contract: a return other than PF_OK or PF_EPARSE; on PF_OK a text
/*	that does not start with the stamp's first line, or a body that
/*	does not lie inside the text; a worded difference that is not
/*	NUL-terminated within its buffer or does not start with "stamp ".
/*
/*	The text is copied into a buffer of exactly its size plus the NUL
/*	the reader adds, so that AddressSanitizer catches any read past
/*	it.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_qstamp.h"
#include "pf_rc.h"

#include "fuzz_text.h"

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A body as pf_qstamp_body() writes it. */
static const char now[] =
"fs ef53 1a2b3c4d:5e6f7081\n"
"queue 131073\n"
"dir active 131074\n"
"dir maildrop 131082\n"
"version 3.7.11\n"
"hash deferred defer;1\n"
"long_ids no\n";

/* check_diff - the worded difference of a and b fits and says "stamp " */

static void check_diff(const char *a, const char *b)
{
    char    out[256];

    memset(out, 'x', sizeof(out));
    pf_qstamp_diff(a, b, out, sizeof(out));
    if (memchr(out, 0, sizeof(out)) == NULL
	|| strncmp(out, "stamp \"", 7) != 0)
	abort();
}

/* LLVMFuzzerTestOneInput - read one stamp text */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned long long self;
    const char *body = NULL;
    char   *buf;
    int     rc;

    /* the reader's buffer: the bytes up to the first NUL, then NUL */
    if ((buf = fuzz_text(data, size)) == NULL)
	return (0);
    rc = pf_qstamp_parse(buf, &self, &body);
    if (rc == PF_OK) {
	if (strncmp(buf, "pfkit-qstamp 1\n", 15) != 0
	    || body < buf + 15 || body > buf + strlen(buf))
	    abort();
	check_diff(body, now);
	check_diff(now, body);
    } else if (rc != PF_EPARSE) {
	abort();
    }
    /* the difference walks any two texts, stamps or not */
    check_diff(buf, now);
    free(buf);
    return (0);
}
