/*++
/* NAME
/*	fuzz_text 3h
/* SUMMARY
/*	a fuzzer's input as the text a reader gets
/* SYNOPSIS
/*	#include "fuzz_text.h"
/* DESCRIPTION
/*	fuzz_text() copies size bytes of data into a buffer of exactly
/*	size + 1 bytes and ends it with the NUL a reader adds (fgets(),
/*	read() into a buffer then NUL), so that AddressSanitizer catches
/*	any read past it; NULL when memory runs out. The caller frees it.
/*--*/
#ifndef FUZZ_TEXT_H
#define FUZZ_TEXT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* fuzz_text - data as a NUL-terminated text of its exact size */

static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char   *buf;

    if ((buf = malloc(size + 1)) == NULL)
	return (NULL);
    memcpy(buf, data, size);
    buf[size] = 0;
    return (buf);
}

#endif
