/*++
/* NAME
/*	test_pf_qscan 1
/* SUMMARY
/*	unit tests: the bounded queue count and the oldest deferred message
/* DESCRIPTION
/*	A fake queue in a temporary directory: queue files made of
/*	Postfix records (a 'C' size record, then 'T' with the arrival
/*	time), hashed deferred subdirectories two levels deep. The oldest
/*	arrival comes from the 'T' record, never the mtime the queue
/*	manager sets; a file without one is dated by its birth time where
/*	the filesystem keeps it. A symbolic link planted in a queue (to a
/*	file that would be the oldest) or in place of a hashed
/*	subdirectory is never followed nor counted as a message; a FIFO is
/*	never opened. A deadline already passed stops the walk: complete
/*	is false. The record parser on its own: old and new time formats,
/*	multi-byte lengths, the content's start, truncation, overflow.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "pf_qscan.h"
#include "pf_rc.h"

static char q[] = "/tmp/pfkit-qscan-XXXXXX";

/* run - a shell command on the test tree */

static void run(const char *fmt,...)
{
    char    cmd[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    assert_int_equal(system(cmd), 0);
}

/* rec - append one Postfix record to buf at *used */

static void rec(unsigned char *buf, size_t *used, int type, const char *data,
		        size_t len)
{
    size_t  rest = len;

    buf[(*used)++] = (unsigned char) type;
    do {
	unsigned char b = rest & 0177;

	if (rest >>= 7)
	    b |= 0200;
	buf[(*used)++] = b;
    } while (rest != 0);
    memcpy(buf + *used, data, len);
    *used += len;
}

/* queue_file - rel under the queue: C record, T record (if t), content */

static void queue_file(const char *rel, long t)
{
    unsigned char buf[1024];
    char    path[PATH_MAX], text[200];
    size_t  used = 0;
    FILE   *fp;

    snprintf(text, sizeof(text), "%15ld %15ld %15ld %15ld %15ld %15ld",
	     100L, 200L, 1L, 0L, 100L, 0L);
    rec(buf, &used, 'C', text, strlen(text));
    if (t > 0) {
	snprintf(text, sizeof(text), "%ld %ld", t, 123456L);
	rec(buf, &used, 'T', text, strlen(text));
    }
    rec(buf, &used, 'S', "sender@example.org", 18);
    rec(buf, &used, 'M', "", 0);
    rec(buf, &used, 'N', "Subject: x", 10);
    rec(buf, &used, 'E', "", 0);
    snprintf(path, sizeof(path), "%s/%s", q, rel);
    assert_non_null(fp = fopen(path, "w"));
    assert_int_equal(fwrite(buf, 1, used, fp), used);
    fclose(fp);
    /* the queue manager's next retry time, in the past: not the arrival */
    {
	struct timeval tv[2] = {{1000, 0}, {1000, 0}};

	assert_int_equal(utimes(path, tv), 0);
    }
}

static int fresh(void **state)
{
    run("rm -rf '%s' && mkdir -p '%s/incoming' '%s/active' '%s/hold'"
	" '%s/maildrop' '%s/deferred/A/B' '%s/deferred/3/0' '%s/outside'",
	q, q, q, q, q, q, q, q);
    return (0);
}

static int setup(void **state)
{
    return (mkdtemp(q) == NULL ? -1 : 0);
}

static int teardown(void **state)
{
    char    cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", q);
    return (system(cmd) == 0 ? 0 : -1);
}

/* scan - pf_qscan_run() with a second to spare, which must succeed */

static void scan(pf_qscan_t *qs, char *why, size_t len)
{
    assert_int_equal(pf_qscan_run(q, pf_deadline_after(1000), qs, why, len),
		     PF_OK);
}

static void counts_each_queue_and_hashed_deferred(void **state)
{
    pf_qscan_t qs;
    char    why[300];

    queue_file("incoming/1A2B3", 1700000000);
    queue_file("active/1A2B4", 1700000000);
    queue_file("active/1A2B5", 1700000000);
    queue_file("hold/1A2B6", 1700000000);
    queue_file("maildrop/1A2B7", 1700000000);
    queue_file("deferred/A/B/AB123", 1700000300);
    queue_file("deferred/3/0/30456", 1700000200);
    queue_file("deferred/3/30457", 1700000100);
    scan(&qs, why, sizeof(why));
    assert_true(qs.complete);
    assert_string_equal(why, "");
    assert_int_equal(qs.incoming, 1);
    assert_int_equal(qs.active, 2);
    assert_int_equal(qs.hold, 1);
    assert_int_equal(qs.maildrop, 1);
    assert_int_equal(qs.deferred, 3);
    assert_int_equal(qs.other, 0);
    assert_int_equal(qs.undated, 0);
    /* the 'T' record, not the mtime (1000) the queue manager set */
    assert_int_equal(qs.oldest_from, PF_QSCAN_TIME_RECORD);
    assert_int_equal((long) qs.oldest_deferred, 1700000100L);
}

static void empty_queue_dates_nothing(void **state)
{
    pf_qscan_t qs;
    char    why[300];

    run("rmdir '%s/hold'", q);			/* a missing queue: empty */
    scan(&qs, why, sizeof(why));
    assert_true(qs.complete);
    assert_int_equal(qs.deferred + qs.incoming + qs.active + qs.hold, 0);
    assert_int_equal(qs.oldest_from, PF_QSCAN_TIME_NONE);
}

static void planted_link_is_not_followed_nor_counted(void **state)
{
    pf_qscan_t qs;
    char    why[300];

    queue_file("deferred/A/AB001", 1700000500);
    /* a link to a file that would be the oldest message */
    queue_file("outside/old", 1000000000);
    run("ln -s '%s/outside/old' '%s/deferred/A/AB002'", q, q);
    run("ln -s '%s/outside/old' '%s/active/1A2B8'", q, q);
    /* a link in place of a hashed subdirectory */
    run("ln -s '%s/outside' '%s/deferred/F'", q, q);
    /* a FIFO: never opened (the scan would block) */
    run("mkfifo '%s/deferred/3/30999' '%s/incoming/1A2B9'", q, q);
    scan(&qs, why, sizeof(why));
    assert_true(qs.complete);
    assert_int_equal(qs.deferred, 1);
    assert_int_equal(qs.active, 0);
    assert_int_equal(qs.incoming, 0);
    assert_int_equal(qs.other, 5);
    assert_int_equal((long) qs.oldest_deferred, 1700000500L);
}

static void queue_directory_link_is_not_followed(void **state)
{
    pf_qscan_t qs;
    char    why[300];

    queue_file("outside/AB003", 1000000000);
    run("rm -rf '%s/deferred' && ln -s outside '%s/deferred'", q, q);
    scan(&qs, why, sizeof(why));
    assert_false(qs.complete);
    assert_int_equal(qs.deferred, 0);
    assert_non_null(strstr(why, "/deferred: a symbolic link, not a directory"));
}

static void other_directories_are_not_walked(void **state)
{
    pf_qscan_t qs;
    char    why[300];

    run("mkdir '%s/deferred/AB' '%s/deferred/.x'", q, q);
    queue_file("deferred/AB/AB004", 1700000000);
    queue_file("deferred/.x/AB005", 1700000000);
    queue_file("deferred/.AB006", 1700000000);
    scan(&qs, why, sizeof(why));
    assert_int_equal(qs.deferred, 0);
    assert_int_equal(qs.other, 1);			/* "AB"; dot names skipped */
}

static void file_without_time_record_falls_back_to_birth_time(void **state)
{
    pf_qscan_t qs;
    struct statx stx;
    char    why[300], path[PATH_MAX];

    queue_file("deferred/A/AB007", 0);
    snprintf(path, sizeof(path), "%s/deferred/A/AB007", q);
    scan(&qs, why, sizeof(why));
    assert_int_equal(qs.deferred, 1);
    if (statx(AT_FDCWD, path, 0, STATX_BTIME, &stx) == 0
	&& (stx.stx_mask & STATX_BTIME)) {
	assert_int_equal(qs.oldest_from, PF_QSCAN_TIME_BTIME);
	assert_int_equal((long) qs.oldest_deferred, (long) stx.stx_btime.tv_sec);
	assert_int_equal(qs.undated, 0);
    } else {
	assert_int_equal(qs.oldest_from, PF_QSCAN_TIME_NONE);
	assert_int_equal(qs.undated, 1);
    }
    /* a dated message wins over... only by its time: record beats btime */
    queue_file("deferred/A/AB008", 1000000000);
    scan(&qs, why, sizeof(why));
    assert_int_equal(qs.oldest_from, PF_QSCAN_TIME_RECORD);
    assert_int_equal((long) qs.oldest_deferred, 1000000000L);
}

static void passed_deadline_stops_incomplete(void **state)
{
    pf_qscan_t qs;
    char    why[300];

    queue_file("incoming/1A2C0", 1700000000);
    queue_file("deferred/A/AB009", 1700000000);
    assert_int_equal(pf_qscan_run(q, pf_deadline_after(0) - 1, &qs, why,
				  sizeof(why)), PF_OK);
    assert_false(qs.complete);
    assert_int_equal(qs.incoming + qs.deferred, 0);
    assert_non_null(strstr(why, "the scan's time ran out"));
}

static void missing_queue_directory_is_an_error(void **state)
{
    pf_qscan_t qs;
    char    why[300], path[PATH_MAX];

    snprintf(path, sizeof(path), "%s/none", q);
    assert_int_equal(pf_qscan_run(path, pf_deadline_after(1000), &qs, why,
				  sizeof(why)), ENOENT);
    assert_false(qs.complete);
    assert_non_null(strstr(why, "queue directory "));
}

/* arrival - pf_qscan_arrival() of a record sequence */

static int arrival(const unsigned char *buf, size_t len, time_t *sec)
{
    *sec = 0;
    return (pf_qscan_arrival(buf, len, sec));
}

static void time_record_old_and_new_formats(void **state)
{
    unsigned char buf[600];
    char    big[300];
    size_t  used = 0;
    time_t  sec;

    rec(buf, &used, 'T', "1700000000 999999", 17);
    assert_int_equal(arrival(buf, used, &sec), PF_OK);
    assert_int_equal((long) sec, 1700000000L);
    used = 0;
    rec(buf, &used, 'T', "1700000001", 10);		/* before Postfix 2.3 */
    assert_int_equal(arrival(buf, used, &sec), PF_OK);
    assert_int_equal((long) sec, 1700000001L);
    /* a record longer than 127 bytes first: a two-byte length */
    used = 0;
    memset(big, 'x', sizeof(big));
    rec(buf, &used, 'F', big, sizeof(big));
    assert_int_equal(buf[1], 0200 | (300 & 0177));
    rec(buf, &used, 'T', "1700000002 1", 12);
    rec(buf, &used, 'T', "1800000000 1", 12);	/* the first one counts */
    assert_int_equal(arrival(buf, used, &sec), PF_OK);
    assert_int_equal((long) sec, 1700000002L);
}

static void malformed_records_are_no_time(void **state)
{
    unsigned char buf[100];
    const unsigned char many[] = {'C', 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    size_t  used = 0;
    time_t  sec;

    rec(buf, &used, 'M', "", 0);			/* content starts first */
    rec(buf, &used, 'T', "1700000000 0", 12);
    assert_int_equal(arrival(buf, used, &sec), PF_EPARSE);
    used = 0;
    rec(buf, &used, 'T', "1700000000 0", 12);
    assert_int_equal(arrival(buf, used - 1, &sec), PF_EPARSE);	/* cut */
    assert_int_equal(arrival(buf, 1, &sec), PF_EPARSE);	/* no length */
    assert_int_equal(arrival(buf, 0, &sec), PF_EPARSE);
    assert_int_equal(arrival(many, sizeof(many), &sec), PF_EPARSE);
    used = 0;
    rec(buf, &used, 'T', "-1 0", 4);
    assert_int_equal(arrival(buf, used, &sec), PF_EPARSE);
    used = 0;
    rec(buf, &used, 'T', "0 0", 3);
    assert_int_equal(arrival(buf, used, &sec), PF_EPARSE);
    used = 0;
    rec(buf, &used, 'T', "99999999999999999999 0", 22);	/* overflow */
    assert_int_equal(arrival(buf, used, &sec), PF_EPARSE);
    used = 0;
    rec(buf, &used, 'T', "17x", 3);
    assert_int_equal(arrival(buf, used, &sec), PF_EPARSE);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup(counts_each_queue_and_hashed_deferred, fresh),
	cmocka_unit_test_setup(empty_queue_dates_nothing, fresh),
	cmocka_unit_test_setup(planted_link_is_not_followed_nor_counted, fresh),
	cmocka_unit_test_setup(queue_directory_link_is_not_followed, fresh),
	cmocka_unit_test_setup(other_directories_are_not_walked, fresh),
	cmocka_unit_test_setup(file_without_time_record_falls_back_to_birth_time,
			       fresh),
	cmocka_unit_test_setup(passed_deadline_stops_incomplete, fresh),
	cmocka_unit_test_setup(missing_queue_directory_is_an_error, fresh),
	cmocka_unit_test(time_record_old_and_new_formats),
	cmocka_unit_test(malformed_records_are_no_time),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
