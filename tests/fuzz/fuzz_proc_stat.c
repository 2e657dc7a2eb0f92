/*++
/* NAME
/*	fuzz_proc_stat 1
/* SUMMARY
/*	libFuzzer harness for pf_proc_stat_parse()
/* SYNOPSIS
/*	fuzz_proc_stat [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes, as a text of /proc/PID/stat (whose command
/*	name is the process's own choice: any bytes but NUL, blanks and
/*	parentheses included), to the parser, and aborts when a result
/*	breaks its contract: a return other than PF_OK or EINVAL; on
/*	PF_OK a command name that is not the bytes between the first '('
/*	and the last ')' (cut to fit, NUL-terminated), a state that is a
/*	NUL or a blank, or a start time without has_start.
/*
/*	The text is copied into a buffer of exactly its size plus the
/*	NUL the reader adds, so that AddressSanitizer catches any read
/*	past it.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_proc.h"
#include "pf_rc.h"

#include "fuzz_text.h"

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* check_stat - the contract of a PF_OK result for text */

static void check_stat(const char *text, const pf_proc_stat_t *ps)
{
    const char *open = strchr(text, '(');
    const char *close = strrchr(text, ')');
    size_t  len;

    if (open == NULL || close == NULL || close < open)
	abort();
    if (memchr(ps->comm, 0, sizeof(ps->comm)) == NULL)
	abort();
    len = (size_t) (close - open - 1);
    if (len >= sizeof(ps->comm))
	len = sizeof(ps->comm) - 1;
    if (strlen(ps->comm) != len || memcmp(ps->comm, open + 1, len) != 0)
	abort();
    if (ps->state == 0 || isspace((unsigned char) ps->state))
	abort();
    if (!ps->has_start && ps->start != 0)
	abort();
}

/* LLVMFuzzerTestOneInput - parse one stat text */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_proc_stat_t ps;
    char   *buf;
    int     rc;

    /* the reader's buffer: the bytes up to the first NUL, then NUL */
    if ((buf = fuzz_text(data, size)) == NULL)
	return (0);
    rc = pf_proc_stat_parse(buf, &ps);
    if (rc == PF_OK)
	check_stat(buf, &ps);
    else if (rc != EINVAL)
	abort();
    free(buf);
    return (0);
}
