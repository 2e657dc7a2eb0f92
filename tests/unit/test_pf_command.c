/*++
/* NAME
/*	test_pf_command 1
/* SUMMARY
/*	unit tests of Postfix's own commands run for the instance
/* SYNOPSIS
/*	test_pf_command
/* DESCRIPTION
/*	pf_command_postfix() runs a stand-in for postfix(1): a script the
/*	test writes, which records its argv one word a line and then does
/*	what the test asks (fail with a diagnostic on stderr, hang).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_agent.h"
#include "pf_command.h"
#include "pf_rc.h"

static char dir[] = "/tmp/pfkit-test-instance.XXXXXX";
static char fake[256];			/* the stand-in for postfix */
static char argv_file[256];		/* where it writes its argv */

/* write_fake - a postfix stand-in: record argv, then run body */

static void write_fake(const char *body)
{
    FILE   *fp = fopen(fake, "w");
    int     rc;

    assert_non_null(fp);
    fprintf(fp, "#!/bin/sh\nfor a; do printf '%%s\\n' \"$a\"; done > %s\n%s\n",
	    argv_file, body);
    rc = fclose(fp);
    assert_int_equal(rc, 0);
    assert_int_equal(chmod(fake, 0755), 0);
    unlink(argv_file);
}

/* recorded_argv - what the stand-in was called with, one word a line */

static char *recorded_argv(void)
{
    static char buf[4096];
    FILE   *fp = fopen(argv_file, "r");
    size_t  n;

    assert_non_null(fp);
    n = fread(buf, 1, sizeof(buf) - 1, fp);
    buf[n] = 0;
    fclose(fp);
    return (buf);
}

static int setup(void **state)
{
    if (mkdtemp(dir) == NULL)
	return (-1);
    snprintf(fake, sizeof(fake), "%s/postfix", dir);
    snprintf(argv_file, sizeof(argv_file), "%s/argv", dir);
    return (0);
}

static int teardown(void **state)
{
    char    path[300];

    unlink(fake);
    unlink(argv_file);
    snprintf(path, sizeof(path), "%s/pwned", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/quick-start", dir);
    unlink(path);
    rmdir(dir);
    return (0);
}

static void config_dir_defaults_to_etc_postfix(void **state)
{
    pf_ctx_t ctx = {.config_dir = ""};

    assert_string_equal(pf_conf_dir(ctx.config_dir), "/etc/postfix");
    ctx.config_dir = NULL;
    assert_string_equal(pf_conf_dir(ctx.config_dir), "/etc/postfix");
    ctx.config_dir = "/etc/postfix2";
    assert_string_equal(pf_conf_dir(ctx.config_dir), "/etc/postfix2");
}

static void postfix_argv_always_has_c_and_no_shell(void **state)
{
    char    pwned[300], expect[1024], why[PF_WHY_LEN] = "";
    char    params[512];
    pf_ctx_t ctx = {.binary = fake,.config_dir = "/etc/postfix2"};
    struct stat st;

    snprintf(pwned, sizeof(pwned), "%s/pwned", dir);
    snprintf(expect, sizeof(expect), "-c\n/etc/postfix2\n-v\n$(touch\n%s)\n`id`;\nstart\n",
	     pwned);
    /* parameters are split on blanks into words, never interpreted */
    snprintf(params, sizeof(params), " -v\t$(touch %s) `id`; ", pwned);
    ctx.parameters = params;
    write_fake("exit 0");
    assert_int_equal(pf_command_postfix(&ctx, "start", pf_deadline_after(5000),
					 why, sizeof(why)), PF_OK);
    assert_string_equal(recorded_argv(), expect);
    assert_int_equal(stat(pwned, &st), -1);

    /* the default instance still gets -c: the multi-instance wrapper
     * must never act on the other instances */
    ctx.config_dir = "";
    ctx.parameters = NULL;
    assert_int_equal(pf_command_postfix(&ctx, "stop", pf_deadline_after(5000),
					 why, sizeof(why)), PF_OK);
    assert_string_equal(recorded_argv(), "-c\n/etc/postfix\nstop\n");
}

/*
 * Under a systemd service (Pacemaker's), postfix gets its INVOCATION_ID:
 * Debian 13's postfix-script would otherwise hand the start to systemd.
 * Only what systemd sets is passed on.
 */
static void postfix_gets_systemd_invocation_id(void **state)
{
    pf_ctx_t ctx = {.binary = fake,.config_dir = "/etc/postfix"};
    char    why[PF_WHY_LEN], body[512];

    snprintf(body, sizeof(body), "echo \"id=${INVOCATION_ID-unset}\" >> %s",
	     argv_file);
    write_fake(body);
    setenv("INVOCATION_ID", "0123456789abcdef0123456789abcdef", 1);
    assert_int_equal(pf_command_postfix(&ctx, "start", pf_deadline_after(5000),
					 why, sizeof(why)), PF_OK);
    assert_string_equal(recorded_argv(), "-c\n/etc/postfix\nstart\n"
			"id=0123456789abcdef0123456789abcdef\n");
    setenv("INVOCATION_ID", "x; rm -rf /", 1);
    assert_int_equal(pf_command_postfix(&ctx, "start", pf_deadline_after(5000),
					 why, sizeof(why)), PF_OK);
    assert_string_equal(recorded_argv(), "-c\n/etc/postfix\nstart\nid=unset\n");
    unsetenv("INVOCATION_ID");
    assert_int_equal(pf_command_postfix(&ctx, "start", pf_deadline_after(5000),
					 why, sizeof(why)), PF_OK);
    assert_string_equal(recorded_argv(), "-c\n/etc/postfix\nstart\nid=unset\n");
}

static void postfix_failure_quotes_its_last_stderr_line(void **state)
{
    pf_ctx_t ctx = {.binary = fake,.config_dir = "/etc/postfix"};
    char    why[PF_WHY_LEN];

    write_fake("echo 'postfix/postfix-script: warning: first' >&2\n"
	       "echo 'postfix/postfix-script: fatal: the Postfix mail system "
	       "is already running' >&2\nexit 1");
    assert_int_equal(pf_command_postfix(&ctx, "start", pf_deadline_after(5000),
					 why, sizeof(why)), PF_EFAIL);
    assert_string_equal(why, "postfix start: postfix/postfix-script: fatal: the "
			"Postfix mail system is already running");

    write_fake("exit 3");			/* fails without a word */
    assert_int_equal(pf_command_postfix(&ctx, "stop", pf_deadline_after(5000),
					 why, sizeof(why)), PF_EFAIL);
    assert_string_equal(why, "postfix stop: failed");
}

static void postfix_that_hangs_is_ended_by_the_deadline(void **state)
{
    pf_ctx_t ctx = {.binary = fake,.config_dir = "/etc/postfix"};
    char    why[PF_WHY_LEN];

    /* PF_ETIMEOUT: the deadline ended it, not its own end 60 s later */
    write_fake("exec sleep 60");
    assert_int_equal(pf_command_postfix(&ctx, "start", pf_deadline_after(500),
					 why, sizeof(why)), PF_ETIMEOUT);
    /* Postfix wrote nothing: no empty "()" */
    assert_string_equal(why, "postfix start: no answer by the deadline");

    write_fake("echo 'postfix/postfix-script: waiting for the master' >&2\n"
	       "exec sleep 60");
    assert_int_equal(pf_command_postfix(&ctx, "stop", pf_deadline_after(1000),
					 why, sizeof(why)), PF_ETIMEOUT);
    assert_string_equal(why, "postfix stop: no answer by the deadline "
			"(postfix/postfix-script: waiting for the master)");
}

/* put_line - write "PREFIX WORD" as a line to PATH, opened with MODE */

static void put_line(const char *path, const char *mode, const char *prefix,
		             const char *word)
{
    FILE   *fp = fopen(path, mode);
    int     rc;

    assert_non_null(fp);
    fprintf(fp, "%s %s\n", prefix, word);
    rc = fclose(fp);
    assert_int_equal(rc, 0);
}

static void configure_instance_gets_dash_and_mail_config(void **state)
{
    pf_ctx_t ctx = {.config_dir = "/etc/pfk; rm -rf /", .configure_instance = true};
    pf_conf_t conf = {.chroot_yes = true};
    char    why[PF_WHY_LEN] = "", path[300];

    write_fake("");				/* records argv */
    {
	FILE   *fp = fopen(fake, "a");

	assert_non_null(fp);
	fprintf(fp, "echo \"MAIL_CONFIG=$MAIL_CONFIG\" >> %s\n", argv_file);
	fclose(fp);
    }
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_OK);
    assert_string_equal(recorded_argv(), "-\nMAIL_CONFIG=/etc/pfk; rm -rf /\n");
    /* off, or absent: not run */
    unlink(argv_file);
    ctx.configure_instance = false;
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_OK);
    assert_int_equal(access(argv_file, F_OK), -1);
    ctx.configure_instance = true;
    snprintf(path, sizeof(path), "%s/absent.sh", dir);
    assert_int_equal(pf_command_configure(&ctx, &conf, path, pf_deadline_after(5000),
					   why, sizeof(why)), PF_OK);
    /* its failure is quoted */
    write_fake("echo 'Invalid $myorigin (debian.org), refusing to start'; exit 1");
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "refusing to start"));
    /* Postfix's own post-install runs it (Debian 13): left to postfix start */
    unlink(argv_file);
    write_fake("");
    snprintf(path, sizeof(path), "%s/post-install", dir);
    put_line(path, "w", "#!/bin/sh\n# is mentioned here only:", fake);
    conf.daemon_directory = dir;
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_OK);
    assert_int_equal(access(argv_file, F_OK), 0);	/* a comment: run */
    unlink(argv_file);
    put_line(path, "a", "   ", fake);
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_OK);
    assert_int_equal(access(argv_file, F_OK), -1);
    unlink(path);
}

static void configure_instance_not_run_without_chroot(void **state)
{
    pf_ctx_t ctx = {.config_dir = "/etc/pfk", .configure_instance = true};
    char    level36[] = "3.6", level0[] = "0", origin[] = "mail.example.org",
            debian[] = "Debian.ORG", file[] = "/etc/mailname";
    pf_conf_t conf = {.compatibility_level = level36, .chroot_default = true,
    .myorigin = origin};
    char    why[PF_WHY_LEN] = "";

    /* no service chrooted ("-" is n from level 1 on): nothing to copy */
    write_fake("");
    unlink(argv_file);
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_OK);
    assert_int_equal(access(argv_file, F_OK), -1);
    /* the script's one check, made without it, in its words */
    conf.myorigin = debian;
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_EFAIL);
    assert_non_null(strstr(why, "Invalid $myorigin (debian.org), refusing to start"));
    assert_int_equal(access(argv_file, F_OK), -1);
    /* a myorigin that names a file: the script reads it */
    conf.myorigin = file;
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_OK);
    assert_int_equal(access(argv_file, F_OK), 0);
    /* below level 1 "-" means chrooted: the script runs */
    unlink(argv_file);
    conf.myorigin = origin;
    conf.compatibility_level = level0;
    assert_int_equal(pf_command_configure(&ctx, &conf, fake, pf_deadline_after(5000),
					   why, sizeof(why)), PF_OK);
    assert_int_equal(access(argv_file, F_OK), 0);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(config_dir_defaults_to_etc_postfix),
	cmocka_unit_test(postfix_argv_always_has_c_and_no_shell),
	cmocka_unit_test(postfix_gets_systemd_invocation_id),
	cmocka_unit_test(postfix_failure_quotes_its_last_stderr_line),
	cmocka_unit_test(postfix_that_hangs_is_ended_by_the_deadline),
	cmocka_unit_test(configure_instance_gets_dash_and_mail_config),
	cmocka_unit_test(configure_instance_not_run_without_chroot),
    };

    return (cmocka_run_group_tests(tests, setup, teardown));
}
