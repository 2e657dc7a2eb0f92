/*++
/* NAME
/*	fuzz_cib_xml 1
/* SUMMARY
/*	libFuzzer harness for the CIB's XML reader (pf_cib)
/* SYNOPSIS
/*	fuzz_cib_xml [libFuzzer options] [corpus...]
/* DESCRIPTION
/*	Feeds arbitrary bytes, as the output of "cibadmin -Q", to
/*	pf_cib_parse() (libxml2, dlopen()ed), and walks what it read as
/*	the cluster checks do: the resource mta is there, an IPv4 and an
/*	IPv6 address run with it and start before it (groups, colocation
/*	and order constraints), its queue lies on a Filesystem resource.
/*	It aborts when a result breaks the contract: pf_cib_parse()
/*	returning other than PF_OK, PF_EPARSE or ENOMEM (PF_EINSTALL, no
/*	libxml2 here, ends the run at once: nothing could be read), or
/*	leaving a CIB on failure; a check returning other than PF_OK or
/*	PF_EINSTALL, or a refusal whose reason is not NUL-terminated within
/*	its buffer.
/*
/*	The text is copied into a buffer of exactly its size, as cibadmin's
/*	output is passed with its length, so that AddressSanitizer catches
/*	any read past it.
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

/* checked - a check's result, and the reason of a refusal, keep their contract */

static void checked(int rc, const char *why, size_t len)
{
    if (rc != PF_OK && (rc != PF_EINSTALL || memchr(why, 0, len) == NULL))
	abort();
}

/* LLVMFuzzerTestOneInput - read one CIB */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const addrs[] = {"198.51.100.25", "2001:db8::25"};
    pf_cib_t *cib = (pf_cib_t *) 1;
    char    why[512];
    char   *buf;
    size_t  i;
    int     rc;

    if ((buf = malloc(size ? size : 1)) == NULL)
	return (0);
    memcpy(buf, data, size);
    why[0] = 0;
    rc = pf_cib_parse(buf, size, &cib, why, sizeof(why));
    if (rc == PF_EINSTALL)
	abort();				/* no libxml2: nothing was fuzzed */
    if (rc != PF_OK) {
	if ((rc != PF_EPARSE && rc != ENOMEM) || cib != NULL
	    || memchr(why, 0, sizeof(why)) == NULL)
	    abort();
	free(buf);
	return (0);
    }
    (void) pf_cib_has(cib, "mta:0");
    for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
	memset(why, 'x', sizeof(why));
	rc = pf_cib_ip_check(cib, "mta", addrs[i], why, sizeof(why));
	checked(rc, why, sizeof(why));
    }
    memset(why, 'x', sizeof(why));
    rc = pf_cib_fs_check(cib, "mta", "queue_directory", "/srv/mail/postfix",
			 NULL, why, sizeof(why));
    checked(rc, why, sizeof(why));
    pf_cib_free(cib);
    free(buf);
    return (0);
}
