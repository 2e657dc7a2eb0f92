/*++
/* NAME
/*	fuzz_attrd_query 1
/* SUMMARY
/*	libFuzzer harness for the reader of attrd_updater's query answer
/* SYNOPSIS
/*	fuzz_attrd_query [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes, as the output of "attrd_updater
/*	--output-as=xml -Q -A -n pfkit-mta-ids" (what pf_attrd_query()
/*	hands over), to pf_cib_attrs_parse() (libxml2, dlopen()ed). It
/*	aborts when a result breaks the contract: a return other than
/*	PF_OK, PF_EPARSE or ENOMEM (PF_EINSTALL, no libxml2 here, ends the
/*	run at once: nothing could be read); on failure a list left or a
/*	count other than 0; on PF_OK a value without its node or its
/*	value, or a count without a list.
/*
/*	The text is copied into a buffer of exactly its size, as the
/*	program's output is passed with its length, so that
/*	AddressSanitizer catches any read past it.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_cib.h"
#include "pf_rc.h"

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - read one answer */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_cib_attr_t *v = (pf_cib_attr_t *) 1;
    char    why[512];
    size_t  n = 99, i;
    char   *buf;
    int     rc;

    if ((buf = malloc(size ? size : 1)) == NULL)
	return (0);
    memcpy(buf, data, size);
    why[0] = 0;
    rc = pf_cib_attrs_parse(buf, size, "pfkit-mta-ids", &v, &n, why,
			    sizeof(why));
    if (rc == PF_EINSTALL)
	abort();				/* no libxml2: nothing was fuzzed */
    if (rc != PF_OK) {
	if ((rc != PF_EPARSE && rc != ENOMEM) || v != NULL || n != 0
	    || memchr(why, 0, sizeof(why)) == NULL)
	    abort();
	free(buf);
	return (0);
    }
    if (n > 0 && v == NULL)
	abort();
    for (i = 0; i < n; i++)
	if (v[i].node == NULL || v[i].value == NULL)
	    abort();
    pf_cib_attrs_free(v, n);
    free(buf);
    return (0);
}
