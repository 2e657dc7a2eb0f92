/*++
/* NAME
/*	fuzz_smtp_reply 1
/* SUMMARY
/*	libFuzzer harness for pf_smtp_parse_reply()
/* SYNOPSIS
/*	fuzz_smtp_reply [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes, as a peer would send them, to the SMTP
/*	reply parser, consuming one reply after another as pf_smtp does,
/*	and aborts when a result breaks the parser's contract: a reply
/*	consumed beyond the input, a code outside 200-599, a line count
/*	outside 1..PF_SMTP_MAX_LINES, reply text that is not terminated
/*	or holds control characters, or an undocumented return code. It
/*	also checks that a complete reply never depends on bytes after
/*	it (parsing just the consumed prefix gives the same reply).
/*
/*	The input is copied into a buffer of exactly its size, so that
/*	AddressSanitizer catches any read past len.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_rc.h"
#include "pf_smtp.h"

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* check_reply - the contract of a PF_OK result */

static void check_reply(const pf_smtp_reply_t *reply, size_t used, size_t len)
{
    size_t  i;

    if (used == 0 || used > len)
	abort();
    if (reply->code < 200 || reply->code > 599)
	abort();
    if (reply->lines < 1 || reply->lines > PF_SMTP_MAX_LINES)
	abort();
    if (memchr(reply->text, 0, sizeof(reply->text)) == NULL)
	abort();
    for (i = 0; reply->text[i]; i++)
	if ((unsigned char) reply->text[i] < 0x20
	    || (unsigned char) reply->text[i] >= 0x7f)
	    abort();
}

/* LLVMFuzzerTestOneInput - parse replies until the input is used up */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_smtp_reply_t reply;
    pf_smtp_reply_t again;
    char   *buf;
    size_t  pos = 0;
    size_t  used;
    size_t  used2;
    int     rc;

    if ((buf = malloc(size ? size : 1)) == NULL)
	return (0);
    if (size)
	memcpy(buf, data, size);
    while (pos <= size) {
	rc = pf_smtp_parse_reply(buf + pos, size - pos, &reply, &used);
	if (rc == EAGAIN || rc == PF_EPARSE)
	    break;
	if (rc != PF_OK)
	    abort();
	check_reply(&reply, used, size - pos);
	/* The same reply from exactly its own bytes. */
	if (pf_smtp_parse_reply(buf + pos, used, &again, &used2) != PF_OK
	    || used2 != used || again.code != reply.code
	    || again.lines != reply.lines
	    || strcmp(again.text, reply.text) != 0)
	    abort();
	pos += used;
    }
    free(buf);
    return (0);
}
