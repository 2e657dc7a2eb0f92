/*++
/* NAME
/*	test_pf_qstamp 1
/* SUMMARY
/*	unit tests: the queue stamp that lets a start skip the integrity pass
/* DESCRIPTION
/*	A queue directory tree in a temporary directory: the stamp proves
/*	it unchanged; a copied stamp, a replaced directory, a changed
/*	hashing parameter, a queue file not named after its inode, or a
/*	long queue ID each fail the proof, naming the difference. A
/*	symbolic link in a queue directory (mail_owner's) is never
/*	followed, also when a subdirectory becomes one between the
/*	fstatat() that saw a directory and its open (--wrap=fstatat swaps
/*	it there).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_qstamp.h"
#include "pf_rc.h"

static const char *const sub[] = {
    "active", "bounce", "corrupt", "defer", "deferred", "flush", "hold",
    "incoming", "maildrop", "pid", "private", "public", "saved", "trace",
};
static char q[] = "/tmp/pfkit-qstamp-XXXXXX";
static pf_conf_t conf;
static char version[] = "3.7.11", names[] = "deferred, defer";
static char depth1[] = "1", depth2[] = "2", no[] = "no";

/* run - a shell command on the test tree */

static void run(const char *fmt,...)
{
    char    cmd[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    assert_int_equal(system(cmd), 0);
}

/* queue_file - a file in dir named after its inode, as Postfix names it */

static void queue_file(const char *dir, char *name, size_t len)
{
    char    tmp[400], path[600];
    struct stat sb;
    FILE   *fp;

    snprintf(tmp, sizeof(tmp), "%s/%s/tmp", q, dir);
    assert_non_null(fp = fopen(tmp, "w"));
    fclose(fp);
    assert_int_equal(stat(tmp, &sb), 0);
    snprintf(name, len, "%05X%llX", 12345, (unsigned long long) sb.st_ino);
    snprintf(path, sizeof(path), "%s/%s/%s", q, dir, name);
    assert_int_equal(rename(tmp, path), 0);
}

/*
 * The window after fstatat(): swap_name, once seen as a directory, is
 * replaced with a link to a directory of good-looking queue files.
 */
static const char *swap_name;
static int swapped;

extern int __real_fstatat(int dirfd, const char *name, struct stat *st, int flags);
extern int __wrap_fstatat(int dirfd, const char *name, struct stat *st, int flags);

/* __wrap_fstatat - fstatat(), and the swap right after it */

int     __wrap_fstatat(int dirfd, const char *name, struct stat *st, int flags)
{
    char    target[400], moved[400];
    int     rc = __real_fstatat(dirfd, name, st, flags);

    if (rc == 0 && swap_name != NULL && strcmp(name, swap_name) == 0
	&& S_ISDIR(st->st_mode)) {
	snprintf(target, sizeof(target), "%s/outside", q);
	snprintf(moved, sizeof(moved), "%s.moved", name);
	if (renameat(dirfd, name, dirfd, moved) == 0
	    && symlinkat(target, dirfd, name) == 0)
	    swapped++;
	swap_name = NULL;
    }
    return (rc);
}

static int setup(void **state)
{
    char    path[400];
    size_t  i;

    if (mkdtemp(q) == NULL)
	return (-1);
    for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", q, sub[i]);
	if (mkdir(path, 0755) < 0)
	    return (-1);
    }
    snprintf(path, sizeof(path), "%s/deferred/A", q);
    if (mkdir(path, 0755) < 0)
	return (-1);
    conf.queue_directory = q;
    conf.mail_version = version;
    conf.hash_queue_names = names;
    conf.hash_queue_depth = depth1;
    conf.enable_long_queue_ids = no;
    return (0);
}

static int teardown(void **state)
{
    char    cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", q);
    return (system(cmd) == 0 ? 0 : -1);
}

static void short_queue_id_names_its_inode(void **state)
{
    assert_true(pf_qstamp_name_matches("4B0D331A2F", 0x31A2F));
    assert_true(pf_qstamp_name_matches("000001", 1));
    assert_false(pf_qstamp_name_matches("4B0D331A2F", 0x31A2E));
    /* the microseconds are not the inode */
    assert_false(pf_qstamp_name_matches("31A2F", 0x31A2F));
    assert_false(pf_qstamp_name_matches("4b0d331a2f", 0x31A2F));
    assert_false(pf_qstamp_name_matches("4B0D331A2G", 0x31A2F));
    assert_false(pf_qstamp_name_matches("", 0));
    /* long queue IDs: not proven */
    assert_false(pf_qstamp_name_matches("4Rf3Hv1pBzz9Xw", 0x31A2F));
    assert_false(pf_qstamp_name_matches("00000FFFFFFFFFFFFFFFFF", 1));
}

static void stamp_text_read_and_worded(void **state)
{
    unsigned long long self = 0;
    const char *body = NULL;
    const char *text = "pfkit-qstamp 1\nself 131090\nqueue 7\ndir active 8\n";
    char    diff[128];

    (void) state;
    assert_int_equal(pf_qstamp_parse(text, &self, &body), PF_OK);
    assert_true(self == 131090);
    assert_string_equal(body, "queue 7\ndir active 8\n");
    assert_int_equal(pf_qstamp_parse("pfkit-qstamp 2\nself 1\n", &self, &body), PF_EPARSE);
    assert_int_equal(pf_qstamp_parse("pfkit-qstamp 1\nqueue 7\n", &self, &body), PF_EPARSE);
    assert_int_equal(pf_qstamp_parse("", &self, &body), PF_EPARSE);
    /* the first line that differs, whole, both sides */
    pf_qstamp_diff("queue 7\ndir active 8\n", "queue 7\ndir active 9\n", diff,
		   sizeof(diff));
    assert_string_equal(diff, "stamp \"dir active 8\", now \"dir active 9\"");
}

static void unchanged_queue_is_proven(void **state)
{
    char    why[512] = "", name[64];

    queue_file("hold", name, sizeof(name));
    queue_file("deferred/A", name, sizeof(name));
    queue_file("incoming", name, sizeof(name));
    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_OK);
    /* written again (every start): still proven */
    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_OK);
}

static ino_t stamp_inode(void)
{
    char    path[PATH_MAX];
    struct stat sb;

    snprintf(path, sizeof(path), "%s/%s", q, PF_QSTAMP_FILE);
    assert_int_equal(lstat(path, &sb), 0);
    return (sb.st_ino);
}

static void stamp_written_only_when_it_would_change(void **state)
{
    char    why[512] = "";
    ino_t   ino;

    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    ino = stamp_inode();
    /* the stamp there says it already: left as it is (no write, no fsync) */
    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    assert_int_equal(stamp_inode(), ino);
    /* another body (a directory replaced): written anew, proven again */
    run("mv '%s/active' '%s/active.old' && mkdir '%s/active' && rmdir '%s/active.old'",
	q, q, q, q);
    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    assert_int_not_equal(stamp_inode(), ino);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_OK);
    /* a copy says the same bytes on another inode: written anew too */
    run("cp '%s/%s' '%s/copy' && mv '%s/copy' '%s/%s'", q, PF_QSTAMP_FILE,
	q, q, q, PF_QSTAMP_FILE);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_OK);
}

static void no_stamp_is_no_proof(void **state)
{
    char    why[512] = "";

    pf_qstamp_remove(&conf);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "no start recorded"));
}

static void copied_stamp_is_no_proof(void **state)
{
    char    why[512] = "";

    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    /* same bytes, new inode: what cp, rsync or a restore makes */
    run("cp '%s/%s' '%s/copy' && mv '%s/copy' '%s/%s'", q, PF_QSTAMP_FILE,
	q, q, q, PF_QSTAMP_FILE);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "a copy"));
}

static void replaced_directory_is_no_proof(void **state)
{
    char    why[512] = "";

    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    run("mv '%s/active' '%s/active.old' && mkdir '%s/active' && rmdir '%s/active.old'",
	q, q, q, q);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "not where it was last started"));
    assert_non_null(strstr(why, "dir active"));
    /* a directory check-fatal would create: missing, so no proof */
    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    run("rmdir '%s/trace'", q);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "trace: missing"));
    run("mkdir '%s/trace'", q);
}

static void changed_hashing_is_no_proof(void **state)
{
    char    why[512] = "";

    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    conf.hash_queue_depth = depth2;
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "hash deferred, defer;2"));
    conf.hash_queue_depth = depth1;
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_OK);
}

static void misnamed_queue_file_is_no_proof(void **state)
{
    char    why[512] = "", name[64];

    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    /* in a hashed subdirectory, under the name of another inode */
    queue_file("deferred/A", name, sizeof(name));
    run("cd '%s/deferred/A' && mv '%s' 00000FFFFFFF ", q, name);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "deferred/A/00000FFFFFFF"));
    assert_non_null(strstr(why, "name not its short queue ID"));
    run("rm '%s/deferred/A/00000FFFFFFF'", q);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_OK);
}

static void link_in_queue_directory_is_not_followed(void **state)
{
    char    why[512] = "", name[64];

    /* a link to a directory of files named after their inodes */
    run("mkdir '%s/outside'", q);
    queue_file("outside", name, sizeof(name));
    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    run("ln -s '%s/outside' '%s/deferred/B'", q, q);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "deferred/B: a symbolic link, not a queue file: "
			   "not followed"));
    run("rm '%s/deferred/B' && rm -r '%s/outside'", q, q);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_OK);
}

static void directory_swapped_for_link_while_sampled_is_not_followed(void **state)
{
    char    why[512] = "", name[64];

    run("mkdir '%s/outside' '%s/deferred/C'", q, q);
    queue_file("outside", name, sizeof(name));
    assert_int_equal(pf_qstamp_write(&conf, why, sizeof(why)), PF_OK);
    /* seen as a directory, a link by the time it is opened */
    swap_name = "C";
    swapped = 0;
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_EFAIL);
    assert_int_equal(swapped, 1);
    assert_non_null(strstr(why, "deferred/C: a symbolic link, not a directory: "
			   "not followed"));
    swap_name = NULL;
    run("rm '%s/deferred/C' && rmdir '%s/deferred/C.moved' && rm -r '%s/outside'",
	q, q, q);
    assert_int_equal(pf_qstamp_check(&conf, why, sizeof(why)), PF_OK);
}

static void quick_start_only_when_stamp_proves_queue(void **state)
{
    pf_conf_t qc = {0};
    char    path[400], qq[300], why[512];
    FILE   *fp;
    size_t  i;
    bool    proven = false;

    snprintf(qq, sizeof(qq), "%s/qs", q);
    assert_int_equal(mkdir(qq, 0755), 0);
    for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", qq, sub[i]);
	assert_int_equal(mkdir(path, 0755), 0);
    }
    qc.queue_directory = qq;
    snprintf(path, sizeof(path), "%s/quick-start", qq);
    /* a marker (quick-stop, a copied queue), no stamp: removed */
    assert_non_null(fp = fopen(path, "w"));
    fclose(fp);
    assert_int_equal(pf_qstamp_quick_start(&qc, true, &proven, why, sizeof(why)), PF_OK);
    assert_int_equal(access(path, F_OK), -1);
    /* none there, none wanted: nothing to do */
    assert_int_equal(pf_qstamp_quick_start(&qc, true, &proven, why, sizeof(why)), PF_OK);
    assert_int_equal(access(path, F_OK), -1);
    assert_false(proven);
    /* the queue a start recorded, unchanged: the marker is made */
    assert_int_equal(pf_qstamp_write(&qc, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_qstamp_quick_start(&qc, true, &proven, why, sizeof(why)), PF_OK);
    assert_int_equal(access(path, F_OK), 0);
    assert_true(proven);
    /* proven, but the master started without postfix-script: no marker */
    assert_int_equal(pf_qstamp_quick_start(&qc, false, &proven, why, sizeof(why)), PF_OK);
    assert_int_equal(access(path, F_OK), -1);
    assert_true(proven);
    assert_int_equal(pf_qstamp_quick_start(&qc, true, &proven, why, sizeof(why)), PF_OK);
    assert_int_equal(access(path, F_OK), 0);
    /* the queue's directories replaced (a copy): removed again */
    {
	char    old[420];

	/* kept until the new one exists: a new inode, not the freed one */
	snprintf(path, sizeof(path), "%s/hold", qq);
	snprintf(old, sizeof(old), "%s.old", path);
	assert_int_equal(rename(path, old), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(rmdir(old), 0);
    }
    assert_int_equal(pf_qstamp_quick_start(&qc, true, &proven, why, sizeof(why)), PF_OK);
    snprintf(path, sizeof(path), "%s/quick-start", qq);
    assert_int_equal(access(path, F_OK), -1);
    /* a failed start: stamp and marker gone, no quick start next */
    assert_int_equal(pf_qstamp_write(&qc, why, sizeof(why)), PF_OK);
    assert_int_equal(pf_qstamp_quick_start(&qc, true, &proven, why, sizeof(why)), PF_OK);
    assert_int_equal(access(path, F_OK), 0);
    pf_qstamp_remove(&qc);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(pf_qstamp_quick_start(&qc, true, &proven, why, sizeof(why)), PF_OK);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof(path), "%s/" PF_QSTAMP_FILE, qq);
    assert_int_equal(access(path, F_OK), -1);
    unlink(path);
    for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
	snprintf(path, sizeof(path), "%s/%s", qq, sub[i]);
	rmdir(path);
    }
    rmdir(qq);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(short_queue_id_names_its_inode),
	cmocka_unit_test(stamp_text_read_and_worded),
	cmocka_unit_test(unchanged_queue_is_proven),
	cmocka_unit_test(stamp_written_only_when_it_would_change),
	cmocka_unit_test(no_stamp_is_no_proof),
	cmocka_unit_test(copied_stamp_is_no_proof),
	cmocka_unit_test(replaced_directory_is_no_proof),
	cmocka_unit_test(changed_hashing_is_no_proof),
	cmocka_unit_test(misnamed_queue_file_is_no_proof),
	cmocka_unit_test(link_in_queue_directory_is_not_followed),
	cmocka_unit_test(directory_swapped_for_link_while_sampled_is_not_followed),
	cmocka_unit_test(quick_start_only_when_stamp_proves_queue),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
