/*++
/* NAME
/*	fuzz_proc_net_tcp 1
/* SUMMARY
/*	libFuzzer harness for pf_accept_parse_tcp_line()
/* SYNOPSIS
/*	fuzz_proc_net_tcp [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes, as a line of /proc/PID/net/tcp or tcp6, to
/*	the parser; the first byte chooses the form (even: tcp, AF_INET;
/*	odd: tcp6, AF_INET6), the rest is the line. It aborts when a
/*	result breaks the parser's contract: a return other than PF_OK or
/*	PF_EPARSE; on PF_OK a local address of another family than the
/*	form's, or a result that differs when the same line is parsed
/*	again (the parser is pure).
/*
/*	The line is copied into a buffer of exactly its size plus the NUL
/*	that fgets() adds, so that AddressSanitizer catches any read past
/*	it.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_accept.h"
#include "pf_rc.h"

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - parse one line in the form the first byte says */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_tcp_sock_t s, again;
    int     family, rc;
    char   *buf;

    if (size == 0)
	return (0);
    family = (data[0] & 1) ? AF_INET6 : AF_INET;
    if ((buf = malloc(size)) == NULL)
	return (0);
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = 0;
    rc = pf_accept_parse_tcp_line(buf, family, &s);
    if (rc == PF_OK) {
	if (s.local.ss_family != family)
	    abort();
	if (pf_accept_parse_tcp_line(buf, family, &again) != PF_OK
	    || memcmp(&s, &again, sizeof(s)) != 0)
	    abort();
    } else if (rc != PF_EPARSE)
	abort();
    free(buf);
    return (0);
}
