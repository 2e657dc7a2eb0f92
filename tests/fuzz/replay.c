/*++
/* NAME
/*	replay 1
/* SUMMARY
/*	feed a libFuzzer corpus to a harness without libFuzzer
/* SYNOPSIS
/*	fuzz_<name> [file-or-directory ...]
/* DESCRIPTION
/*	Linked with any tests/fuzz/fuzz_<name>.c harness in place of
/*	libFuzzer's main(), so that ordinary "make check" replays the seed
/*	corpus through LLVMFuzzerTestOneInput() (under ASan/UBSan when
/*	configured with --enable-sanitizers). Without arguments it replays
/*	FUZZ_CORPUS, the directory tests/fuzz/corpus/<name> given at build
/*	time. Each input is copied into a buffer of exactly its size, as
/*	libFuzzer does, so that reads past the end are caught.
/* DIAGNOSTICS
/*	Exit status 0 after replaying at least one input; 1 if a file
/*	cannot be read or the corpus is empty. A harness that crashes
/*	fails the test by itself.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* replay_file - one input; returns 0 or -1 */

static int replay_file(const char *path)
{
    FILE   *fp = fopen(path, "rb");
    uint8_t *data;
    long    size;

    if (fp == NULL || fseek(fp, 0, SEEK_END) < 0 || (size = ftell(fp)) < 0
	|| fseek(fp, 0, SEEK_SET) < 0) {
	fprintf(stderr, "file %s: %s\n", path, strerror(errno));
	if (fp)
	    fclose(fp);
	return (-1);
    }
    /* exactly size bytes (malloc(0) may be NULL: use 1 then) */
    if ((data = malloc(size ? (size_t) size : 1)) == NULL
	|| fread(data, 1, (size_t) size, fp) != (size_t) size) {
	fprintf(stderr, "file %s: cannot read\n", path);
	free(data);
	fclose(fp);
	return (-1);
    }
    fclose(fp);
    LLVMFuzzerTestOneInput(data, (size_t) size);
    free(data);
    return (0);
}

/* replay - a file, or every regular file of a directory */

static int replay(const char *path, int *count)
{
    struct stat st;
    struct dirent **names;
    char    sub[PATH_MAX];
    int     n;
    int     i;
    int     rc = 0;

    if (stat(path, &st) < 0) {
	fprintf(stderr, "%s: %s\n", path, strerror(errno));
	return (-1);
    }
    if (!S_ISDIR(st.st_mode)) {
	if (replay_file(path) < 0)
	    return (-1);
	++*count;
	return (0);
    }
    if ((n = scandir(path, &names, NULL, alphasort)) < 0) {
	fprintf(stderr, "%s: %s\n", path, strerror(errno));
	return (-1);
    }
    for (i = 0; i < n; i++) {
	if (names[i]->d_name[0] != '.') {
	    snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
	    if (stat(sub, &st) == 0 && S_ISREG(st.st_mode)) {
		if (replay_file(sub) < 0)
		    rc = -1;
		else
		    ++*count;
	    }
	}
	free(names[i]);
    }
    free(names);
    return (rc);
}

int     main(int argc, char **argv)
{
    int     count = 0;
    int     rc = 0;
    int     i;

    if (argc < 2) {
#ifdef FUZZ_CORPUS
	rc = replay(FUZZ_CORPUS, &count);
#else
	fprintf(stderr, "usage: %s file-or-directory...\n", argv[0]);
	return (2);
#endif
    }
    for (i = 1; i < argc; i++)
	if (replay(argv[i], &count) < 0)
	    rc = -1;
    printf("%s: replayed %d inputs\n", argv[0], count);
    return (rc < 0 || count == 0 ? 1 : 0);
}
