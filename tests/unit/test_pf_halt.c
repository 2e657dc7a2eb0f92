/*++
/* NAME
/*	test_pf_halt 1
/* SUMMARY
/*	unit tests of stopping an instance (agents/pf_halt)
/* SYNOPSIS
/*	test_pf_halt
/* DESCRIPTION
/*	opendir() is wrapped (-Wl,--wrap=opendir) to fail on demand, as
/*	reading /proc does under EMFILE or ENOMEM: stop must then never
/*	claim that nothing runs. The queue is an empty temporary directory
/*	where nothing runs.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pf_agent.h"
#include "pf_halt.h"
#include "pf_rc.h"

static char dir[] = "/tmp/pfkit-test-halt.XXXXXX";

static int setup(void **state)
{
    (void) state;
    return (mkdtemp(dir) == NULL ? -1 : 0);
}

static int teardown(void **state)
{
    (void) state;
    return (rmdir(dir));
}

/* __wrap_opendir - fail with EMFILE on demand (reading /proc) */

extern DIR *__real_opendir(const char *);
extern DIR *__wrap_opendir(const char *);
static int opendir_errno;

DIR    *__wrap_opendir(const char *path)
{
    if (opendir_errno) {
	errno = opendir_errno;
	return (NULL);
    }
    return (__real_opendir(path));
}

static void stop_never_succeeds_without_reading_proc(void **state)
{
    pf_ctx_t ctx = {.config_dir = "/nonexistent-pfkit-etc", .binary = "/nonexistent-pfkit-sbin/postfix"};
    pf_conf_t conf = {0};
    char    why[PF_WHY_LEN] = "";
    int     rc;

    conf.queue_directory = dir;
    conf.daemon_directory = dir;
    opendir_errno = EMFILE;
    rc = pf_halt_instance(&ctx, &conf, pf_deadline_after(300), why, sizeof(why));
    opendir_errno = 0;
    assert_int_equal(rc, PF_EFAIL);
    assert_non_null(strstr(why, "cannot tell"));
    assert_non_null(strstr(why, strerror(EMFILE)));
    /* the same, able to look: nothing runs, 0 */
    assert_int_equal(pf_halt_instance(&ctx, &conf, pf_deadline_after(2000), why,
				      sizeof(why)), PF_OK);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(stop_never_succeeds_without_reading_proc),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
