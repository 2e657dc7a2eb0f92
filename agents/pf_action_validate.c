/*++
/* NAME
/*	pf_action_validate 3
/* SUMMARY
/*	validate-all: refuse configurations that would lose mail
/* SYNOPSIS
/*	#include "pf_agent.h"
/*
/*	int	pf_agent_validate_params(const pf_ctx_t *ctx,
/*			pf_report_t *report)
/*	int	pf_agent_validate(const pf_ctx_t *ctx, const pf_conf_t *conf,
/*			bool full, pf_report_t *report)
/*	int	pf_action_validate_all(const pf_ctx_t *ctx)
/* DESCRIPTION
/*	pf_agent_validate_params() runs the checks of check level 0: the
/*	parameters alone, which are the same on every node. config_dir
/*	and binary are absolute paths, config_dir without a "." or ".."
/*	component (pf_conf_check_dir_arg()), and no parameter holds a character
/*	outside the set its kind of value needs (so no shell
/*	metacharacter, quote, blank inside a path, or line break), and the
/*	listeners parameter is a host:port list. It reads no file, spawns
/*	no process and does not care whether this node has the shared
/*	storage mounted: pcs 0.12 runs validate-all this way, on whatever
/*	node it runs on, before the resource exists.
/*
/*	Every check says what it finds to a report (pf_report(3)), with
/*	what mends it (the table of fixes below, by check and pf code).
/*	report NULL, as start and level 0 give it: the first problem is
/*	the exit reason and the answer, and the checks stop there, as
/*	they always have. A report collecting every problem (validate-all
/*	at level 10): each is a line "ERROR: object: problem; fix" and the
/*	checks go on wherever a later one can still run; one that cannot
/*	(it needs the configuration, the owners or the queue found wrong
/*	above) is a "SKIPPED:" line, never a silent pass; the warnings
/*	below are "WARNING:" lines; the answer is the worst error's
/*	(pf_answer_worst()) and its text the one exit reason.
/*
/*	pf_agent_validate() runs the checks of check level 10 on a loaded
/*	configuration, the parameters first, then in an order that
/*	reports what only this node gets wrong before what is wrong
/*	everywhere (start's first problem):
/* .IP \(bu
/*	the postfix and postconf commands are executable files
/*	(PF_EINSTALL);
/* .IP \(bu
/*	mail_owner and setgid_group exist here (PF_EINSTALL) and are not
/*	privileged (PF_ECONFIG);
/* .IP \(bu
/*	a non-default config_dir is listed in alternate_config_directories
/*	or multi_instance_directories of the default instance's
/*	/etc/postfix/main.cf, else postdrop and postqueue refuse it. As
/*	they do, the strings are compared: no $name expansion, no path
/*	resolution (pf_conf_dir_listed()), so a symbolic link to a listed
/*	directory is refused; config_dir is compared in the one spelling
/*	main() made of it (pf_conf_dir_normalize(): no repeated or trailing
/*	slash), the spelling Postfix is given, and "/etc/postfix/" is the
/*	default. That file is node-local: PF_EINSTALL, also when it does
/*	not exist;
/* .IP \(bu
/*	the queue directory exists (PF_EINSTALL: shared storage not
/*	mounted here) and was written with this node's postfix uid and
/*	postdrop gid (PF_EPERM); with queue_mount_point set, it lies on the
/*	filesystem mounted there (PF_EINSTALL: an empty mount point would
/*	give a fresh local queue); data_directory is writable by mail_owner
/*	(PF_EPERM);
/* .IP \(bu
/*	a warning only: local(8) delivers to mail_spool_directory (no
/*	home_mailbox, mailbox_command or mailbox_transport) on this node's
/*	root filesystem while the queue is on another (shared) one;
/* .IP \(bu
/*	the listeners can be computed: every inet_interfaces value is an
/*	address or a name (PF_ECONFIG), the listeners parameter is well
/*	formed (PF_EARGS);
/* .IP \(bu
/*	with full, "postfix -c DIR check" runs (its stderr on a pty: postfix
/*	writes diagnostics only to a terminal); its complaints are logged,
/*	and a failure is PF_EINSTALL (its checks are about this node's
/*	files and permissions). It creates missing queue directories: in a
/*	report it runs only when the owners, the queue and data_directory
/*	passed (else SKIPPED), never on a queue found not to be the shared
/*	one.
/* .PP
/*	multi_instance_enable = yes gives a warning only: the boot-time
/*	"postfix start" of the default instance would start this instance
/*	on every node.
/*
/*	pf_action_validate_all() is the validate-all action: with
/*	OCF_CHECK_LEVEL below 10 (the default, crm_resource --validate)
/*	the parameter checks only, up to the first problem; from 10 on
/*	(crm_resource --validate=10, which Pacemaker passes as
/*	OCF_CHECK_LEVEL=10) one report of every problem: the parameters,
/*	the commands, the configuration (not loaded: the checks that need
/*	it are SKIPPED, alternate_config_directories is still checked),
/*	this node's environment, with "postfix check", and the
/*	cluster's view (pf_cluster): the wiring and the other nodes' ids,
/*	which it marks as mismatched only when the instance runs on this
/*	node (its master holds the lock): a passive node's queue directory
/*	may be a stale local copy, so there a mismatch is only reported.
/*	Those read XML with libxml2: when it cannot be loaded here the
/*	answer is PF_EINSTALL naming the library, whatever require_wiring
/*	says, as for a command missing here (the question asked was
/*	whether this node can do all its checks). start runs the level-10
/*	checks itself.
/*
/*	Where the answer to a check is no pf code of its own (the default
/*	instance's main.cf, "postfix check", libxml2), the PF_EINSTALL
/*	above is the answer table's (pf_answer_found()).
/* DIAGNOSTICS
/*	pf return codes; PF_ECONFIG only for what is invalid on every node.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_agent.h"
#include "pf_answer.h"
#include "pf_buf.h"
#include "pf_cib.h"
#include "pf_cluster.h"
#include "pf_degraded.h"
#include "pf_conf.h"
#include "pf_file.h"
#include "pf_ids.h"
#include "pf_listen.h"
#include "pf_log.h"
#include "pf_qscan.h"
#include "pf_master.h"
#include "pf_mount.h"
#include "pf_rc.h"
#include "pf_report.h"
#include "pf_spawn.h"

#define DEFAULT_MAIN_CF	PF_CONF_DEFAULT_MAIN_CF

/* The checks, by the fixes they name (fix_for()). */
typedef enum check {
    CHECK_ANY,				/* any check: the default fixes */
    CHECK_COMMANDS,			/* postfix, postconf executable */
    CHECK_CONF,				/* main.cf, master.cf loaded */
    CHECK_OWNERS,			/* mail_owner, setgid_group */
    CHECK_ALTERNATE,			/* listed by the default instance */
    CHECK_MOUNT,			/* queue on queue_mount_point */
    CHECK_QUEUE,			/* queue written with our ids */
    CHECK_DATA_DIR,			/* data_directory writable */
    CHECK_LISTENERS,			/* inet_interfaces, master.cf */
    CHECK_POSTFIX,			/* postfix check */
} check_t;

/*
 * What to do about a problem, by check and pf code; the first row that
 * matches wins, the CHECK_ANY rows last. The parameters' fixes are
 * written where each is checked: they name the parameter.
 */
static const struct {
    check_t check;
    int     rc;
    const char *fix;
}       fixes[] = {
    {CHECK_COMMANDS, PF_EINSTALL, "install Postfix on this node (apt "
	"install postfix) or set the binary parameter to its postfix"},
    {CHECK_CONF, PF_EINSTALL, "mount the filesystem holding config_dir on "
	"this node, or correct config_dir"},
    {CHECK_OWNERS, PF_EINSTALL, "create the user and group on this node, "
	"with the uid and gid they have on the other nodes"},
    {CHECK_OWNERS, PF_ECONFIG, "set mail_owner and setgid_group to "
	"unprivileged accounts of their own (postfix, postdrop)"},
    {CHECK_OWNERS, PF_EPERM, "give setgid_group a group of its own "
	"(postdrop), not mail_owner's primary group"},
    {CHECK_ALTERNATE, PF_EINSTALL, "add config_dir, spelt as in the "
	"parameter, to alternate_config_directories in " DEFAULT_MAIN_CF
	" on this node"},
    {CHECK_MOUNT, PF_EARGS, "set queue_mount_point to an absolute path"},
    {CHECK_MOUNT, PF_EINSTALL, "mount the queue's shared filesystem at "
	"queue_mount_point on this node (the Filesystem resource)"},
    {CHECK_QUEUE, PF_EINSTALL, "mount the shared filesystem holding the "
	"queue on this node (the Filesystem resource), or correct "
	"queue_directory"},
    {CHECK_QUEUE, PF_EPERM, "give postfix and postdrop on this node the "
	"uid and gid the queue was written with (usermod -u, groupmod -g)"},
    {CHECK_QUEUE, PF_EFAIL, "run postfix -c config_dir set-permissions"},
    {CHECK_DATA_DIR, PF_EPERM, "chown mail_owner the data_directory, or "
	"run postfix -c config_dir set-permissions"},
    {CHECK_LISTENERS, PF_EINSTALL, "make the name resolvable on this node "
	"(/etc/hosts) or write the address"},
    {CHECK_LISTENERS, PF_ECONFIG, "correct main.cf's inet_interfaces or the "
	"master.cf line named (postconf -c config_dir -e)"},
    {CHECK_POSTFIX, PF_EINSTALL, "run postfix -c config_dir check on this "
	"node and mend what it says"},
    {CHECK_ANY, PF_ECONFIG, "correct the file named, on the shared "
	"configuration (postconf -c config_dir -e)"},
    {CHECK_ANY, PF_EINSTALL, "install or mount what is named on this node"},
    {CHECK_ANY, PF_EPERM, "correct the ownership named on this node"},
    {CHECK_ANY, PF_EARGS, "correct the resource parameter (pcs resource "
	"update)"},
    {CHECK_ANY, PF_ETIMEOUT, "raise the validate-all timeout"},
};

/* fix_for - what to do about what check found */

static const char *fix_for(check_t check, int rc)
{
    size_t  i;

    for (i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++)
	if ((fixes[i].check == check || fixes[i].check == CHECK_ANY)
	    && fixes[i].rc == rc)
	    return (fixes[i].fix);
    return ("see the log for details");
}

/* found - a check's answer, a problem of the report unless PF_OK */

static int found(pf_report_t *r, check_t check, int rc, const char *why)
{
    if (rc == PF_OK)
	return (PF_OK);
    return (pf_report_error(r, rc, why, fix_for(check, rc)));
}

/* go_on - note a check's answer; false: the caller stops here */

static bool go_on(const pf_report_t *r, int rc, int *worst)
{
    *worst = pf_answer_worst(*worst, rc);
    return (rc == PF_OK || pf_report_all(r));
}

/* check_commands - postfix and postconf can run on this node */

static int check_commands(const pf_ctx_t *ctx, pf_report_t *r)
{
    char    why[256];
    int     rc;

    if ((rc = pf_file_check_exec(ctx->binary, why, sizeof(why))) != PF_OK
	|| (rc = pf_file_check_exec(ctx->postconf, why, sizeof(why))) != PF_OK)
	return (found(r, CHECK_COMMANDS, rc, why));
    return (PF_OK);
}

/* PATH_CHARS - what a path parameter may hold besides letters and digits */

#define PATH_CHARS	"/._-+@%,=:~"

/* OPTION_CHARS - what a postfix command option word may hold */

#define OPTION_CHARS	"-_.=/,:@%+"

/* HOST_CHARS - what an EHLO name may hold (names, address literals) */

#define HOST_CHARS	".-_[]:"

/* bad_char - the first character of value outside letters, digits, extra */

static const char *bad_char(const char *value, const char *extra)
{
    const char *cp;

    for (cp = value; *cp; cp++)
	if (!isalnum((unsigned char) *cp) && strchr(extra, *cp) == NULL)
	    return (cp);
    return (NULL);
}

/* check_chars - a parameter holds only the characters its kind needs */

static int check_chars(pf_report_t *r, const char *name, const char *value,
		               const char *extra)
{
    const char *bad = bad_char(value ? value : "", extra);
    char    why[256], fix[128];

    if (bad == NULL)
	return (PF_OK);
    if (isprint((unsigned char) *bad))
	snprintf(why, sizeof(why), "%s %.60s: character '%c' is not allowed",
		 name, value, *bad);
    else
	snprintf(why, sizeof(why), "%s: character 0x%02x is not allowed",
		 name, (unsigned char) *bad);
    snprintf(fix, sizeof(fix), "use only letters, digits and \"%s\" in %s",
	     extra, name);
    return (pf_report_error(r, PF_EARGS, why, fix));
}

/* check_config_dir - config_dir as pf_conf's one rule has it */

static int check_config_dir(pf_report_t *r, const char *config_dir)
{
    char    why[256];
    int     rc;

    if ((rc = pf_conf_check_dir_arg(config_dir, why, sizeof(why))) != PF_OK)
	return (pf_report_error(r, rc, why, "give config_dir as an absolute "
				"path without \".\" or \"..\" components"));
    return (PF_OK);
}

/* check_absolute - a path parameter, when given, is absolute */

static int check_absolute(pf_report_t *r, const char *name, const char *value)
{
    char    why[256], fix[64];

    if (value == NULL || *value == 0 || *value == '/')
	return (PF_OK);
    snprintf(why, sizeof(why), "%s %.80s: not an absolute path", name, value);
    snprintf(fix, sizeof(fix), "give %s as an absolute path", name);
    return (pf_report_error(r, PF_EARGS, why, fix));
}

/* check_listeners_arg - the listeners parameter is a host:port list */

static int check_listeners_arg(const pf_ctx_t *ctx, pf_report_t *r)
{
    pf_conf_t none;
    pf_listener_t *l = NULL;
    size_t  n = 0;
    char    why[512];
    int     rc;

    if (ctx->listeners == NULL || *ctx->listeners == 0)
	return (PF_OK);
    memset(&none, 0, sizeof(none));
    rc = pf_listen_build(&none, ctx->listeners, &l, &n, why, sizeof(why));
    free(l);
    /* a name this node cannot resolve now is not a parameter error */
    if (rc != PF_EARGS)
	return (rc == ENOMEM ? rc : PF_OK);
    return (pf_report_error(r, rc, why, "give listeners as host:port or "
			    "host:port/haproxy, separated by blanks or commas"));
}

/* check_degraded - degraded_checks names known checks, limits are numbers */

static int check_degraded(const pf_ctx_t *ctx, pf_report_t *r)
{
    pf_degraded_limits_t lim;
    char    why[256];
    unsigned mask;
    int     rc;

    if ((rc = pf_degraded_parse(ctx->degraded_checks, &mask, why,
				sizeof(why))) != PF_OK
	|| (rc = pf_degraded_limits(ctx, &lim, why, sizeof(why))) != PF_OK)
	return (pf_report_error(r, rc, why, "give degraded_checks as a list "
				"of the checks the meta-data names, and each "
				"limit as a number"));
    return (rc);
}

/* pf_agent_validate_params - check level 0: the parameters alone */

int     pf_agent_validate_params(const pf_ctx_t *ctx, pf_report_t *r)
{
    int     worst = PF_OK;

    if (go_on(r, check_config_dir(r, ctx->config_dir), &worst)
	&& go_on(r, check_chars(r, "config_dir", ctx->config_dir,
				PATH_CHARS), &worst)
	&& go_on(r, check_absolute(r, "binary", ctx->binary), &worst)
	&& go_on(r, check_chars(r, "binary", ctx->binary, PATH_CHARS), &worst)
	&& go_on(r, check_chars(r, "parameters", ctx->parameters,
				OPTION_CHARS " \t"), &worst)
	&& go_on(r, check_chars(r, "helo_name", ctx->helo_name, HOST_CHARS),
		 &worst)
	&& go_on(r, check_listeners_arg(ctx, r), &worst))
	go_on(r, check_degraded(ctx, r), &worst);
    return (worst);
}

/* check_alternate - a non-default instance is trusted by postdrop */

static int check_alternate(const pf_ctx_t *ctx, pf_report_t *r)
{
    const char *dir = pf_conf_dir(ctx->config_dir);
    int     this_node = pf_answer_found(PF_FOUND_THIS_NODE,
					ctx->require_wiring);
    pf_params_t main_cf;
    char    why[256];
    char   *text;
    size_t  len;
    bool    listed;
    int     rc;

    pf_params_init(&main_cf);
    /* main() normalised config_dir: "/etc/postfix/" is the default too */
    if (strcmp(dir, PF_CONF_DEFAULT_DIR) == 0)
	return (PF_OK);
    if (pf_file_read(DEFAULT_MAIN_CF, &text, &len, NULL, false) != PF_OK) {
	snprintf(why, sizeof(why), "config_dir %.60s: not listed in "
		 "alternate_config_directories: " DEFAULT_MAIN_CF
		 " does not exist", dir);
	return (found(r, CHECK_ALTERNATE, this_node, why));
    }
    rc = pf_conf_parse_main(text, len, DEFAULT_MAIN_CF, &main_cf, why,
			    sizeof(why));
    free(text);
    listed = rc == PF_OK && pf_conf_dir_listed(&main_cf, dir);
    pf_params_clear(&main_cf);
    if (rc != PF_OK)
	/* the default instance's file is this node's: never 6 for it */
	return (found(r, CHECK_ALTERNATE, rc == PF_ECONFIG || rc == PF_EPARSE ?
		      this_node : rc, why));
    if (!listed) {
	pf_err("config_dir %s: postdrop and postqueue refuse a configuration "
	       "directory that " DEFAULT_MAIN_CF " does not list, literally "
	       "(no $name, no other spelling of the path), in "
	       "alternate_config_directories or multi_instance_directories",
	       dir);
	snprintf(why, sizeof(why), "config_dir %.60s: not listed in "
		 "alternate_config_directories of " DEFAULT_MAIN_CF, dir);
	return (found(r, CHECK_ALTERNATE, this_node, why));
    }
    return (PF_OK);
}

/* warn_spool_local - mailboxes on this node while the queue moves */

static void warn_spool_local(const pf_conf_t *conf, pf_report_t *r)
{
    pf_mount_t root, queue, spool;
    char    why[512];

    if (!pf_conf_spool_used(conf))
	return;
    if (pf_mount_of("/", &root) != PF_OK
	|| pf_mount_of(conf->queue_directory, &queue) != PF_OK
	|| pf_mount_of(conf->mail_spool_directory, &spool) != PF_OK)
	return;
    if (queue.id != root.id && spool.id == root.id) {
	snprintf(why, sizeof(why), "mail_spool_directory %.100s: on this "
		 "node's root filesystem, while queue %.100s is on the "
		 "filesystem mounted at %.100s: mail delivered here stays on this node after a "
		 "failover", conf->mail_spool_directory, conf->queue_directory,
		 queue.point);
	pf_report_warn(r, why, "put the spool on a shared filesystem too");
    }
}

/* warn_multi_instance - the default instance would start this one */

static void warn_multi_instance(const pf_conf_t *conf, pf_report_t *r)
{
    char    why[512];

    if (conf->multi_instance_enable == NULL
	|| strcasecmp(conf->multi_instance_enable, "yes") != 0)
	return;
    snprintf(why, sizeof(why), "file %.200s: multi_instance_enable = yes: the "
	     "boot-time \"postfix start\" of the default instance would start "
	     "this cluster-managed instance on every node", conf->main_cf);
    pf_report_warn(r, why, "set it to no");
}

/* log_lines - log each non-empty line of a program's output */

static void log_lines(int prio, const char *what, const char *text)
{
    const char *p = text;

    while (p && *p) {
	const char *nl = strchr(p, '\n');
	int     n = nl ? (int) (nl - p) : (int) strlen(p);

	if (n > 0)
	    qb_log(prio, "%s: %.*s", what, n, p);
	p = nl ? nl + 1 : NULL;
    }
}

/* run_postfix_check - postfix -c DIR check; complaints go to the log */

static int run_postfix_check(const pf_ctx_t *ctx, pf_report_t *r)
{
    const char *argv[5];
    pf_spawn_opts_t opts;
    pf_spawn_result_t res;
    char    last[256], why[PF_WHY_LEN];
    int     this_node = pf_answer_found(PF_FOUND_THIS_NODE,
					ctx->require_wiring);
    int     rc;

    argv[0] = ctx->binary;
    argv[1] = "-c";
    argv[2] = pf_conf_dir(ctx->config_dir);
    argv[3] = "check";
    argv[4] = NULL;
    memset(&opts, 0, sizeof(opts));
    opts.argv = argv;
    opts.deadline = ctx->deadline;
    opts.flags = PF_SPAWN_PTY_STDERR;
    rc = pf_spawn_run(&opts, &res);
    if (rc != PF_OK) {
	snprintf(why, sizeof(why), "%.60s check: %s", ctx->binary,
		 rc > 0 ? strerror(rc) : pf_strerror(rc));
	pf_spawn_result_free(&res);		/* also after a failure */
	return (found(r, CHECK_POSTFIX, rc == PF_ETIMEOUT ? PF_ETIMEOUT :
		      this_node, why));
    }
    log_lines(res.exit_code == 0 ? LOG_WARNING : LOG_ERR, "postfix check",
	      res.err);
    log_lines(res.exit_code == 0 ? LOG_WARNING : LOG_ERR, "postfix check",
	      res.out);
    if (res.exit_code != 0 || strstr(res.err, "fatal:") != NULL) {
	pf_spawn_last_line(res.err[0] ? res.err : res.out, last, sizeof(last));
	snprintf(why, sizeof(why), "Failed in a check by postfix command: %s",
		 last[0] ? last : "no diagnostics");
	pf_spawn_result_free(&res);
	return (found(r, CHECK_POSTFIX, this_node, why));
    }
    pf_spawn_result_free(&res);
    return (PF_OK);
}

/* check_queue - the queue is the shared one and written with our ids */

static int check_queue(const pf_ctx_t *ctx, const pf_conf_t *conf,
		               bool owners_usable, pf_report_t *r)
{
    char    why[512];
    int     rc;

    rc = found(r, CHECK_MOUNT, pf_mount_check_queue(conf->queue_directory,
			     ctx->queue_mount_point, why, sizeof(why)), why);
    if (rc != PF_OK) {
	pf_report_skip(r, "queue ownership", "the queue directory is not the "
		       "shared one (above)");
	return (rc);
    }
    if (!owners_usable) {
	pf_report_skip(r, "queue ownership", "mail_owner and setgid_group "
		       "cannot be used on this node (above)");
	return (PF_OK);
    }
    return (found(r, CHECK_QUEUE, pf_ids_check_queue(conf, why, sizeof(why)),
		  why));
}

/* check_listeners - the listeners can be computed from the configuration */

static int check_listeners(const pf_ctx_t *ctx, const pf_conf_t *conf,
			           pf_report_t *r, size_t *n)
{
    pf_listener_t *listeners = NULL;
    char    why[512];
    int     rc;

    rc = pf_listen_build(conf, ctx->listeners, &listeners, n, why,
			 sizeof(why));
    free(listeners);
    /* the listeners parameter's own error: its check has reported it */
    if (rc == PF_EARGS && pf_report_all(r) && !pf_buf_blank(ctx->listeners))
	return (rc);
    return (found(r, CHECK_LISTENERS, rc, why));
}

/* validate_node - this node's environment and the configuration */

static int validate_node(const pf_ctx_t *ctx, const pf_conf_t *conf,
			         bool full, pf_report_t *r)
{
    char    why[512];
    size_t  n = 0;
    int     worst = PF_OK, rc, owners;

    /* this node first: never report 6 for what only this node gets wrong */
    owners = found(r, CHECK_OWNERS, pf_ids_check_owners(conf, why,
							sizeof(why)), why);
    if (!go_on(r, owners, &worst)
	|| !go_on(r, check_alternate(ctx, r), &worst)
	|| !go_on(r, check_queue(ctx, conf, owners == PF_OK, r), &worst))
	return (worst);
    if (owners != PF_OK)
	pf_report_skip(r, "data_directory", "mail_owner cannot be used on "
		       "this node (above)");
    else if (!go_on(r, found(r, CHECK_DATA_DIR, pf_ids_check_data_dir(conf,
					 why, sizeof(why)), why), &worst))
	return (worst);
    /* postfix check writes (it creates queue directories): only here */
    rc = worst;
    warn_spool_local(conf, r);
    if (!go_on(r, check_listeners(ctx, conf, r, &n), &worst))
	return (worst);
    warn_multi_instance(conf, r);
    if (full && rc != PF_OK)
	pf_report_skip(r, "postfix check", "it creates and repairs the queue's "
		       "directories: mend the errors above first");
    else if (full)
	go_on(r, run_postfix_check(ctx, r), &worst);
    if (worst == PF_OK)
	pf_debug("validate: %s is valid " PF_XS " listeners=%zu version=%s",
		 conf->main_cf, n, conf->mail_version);
    return (worst);
}

/* pf_agent_validate - every validate-all check */

int     pf_agent_validate(const pf_ctx_t *ctx, const pf_conf_t *conf,
			          bool full, pf_report_t *r)
{
    int     worst = PF_OK;

    if (go_on(r, pf_agent_validate_params(ctx, r), &worst)
	&& go_on(r, check_commands(ctx, r), &worst))
	go_on(r, validate_node(ctx, conf, full, r), &worst);
    return (worst);
}

/* cluster_readable - libxml2, which the cluster checks read with, loads */

static int cluster_readable(const pf_ctx_t *ctx, pf_report_t *r)
{
    char    why[PF_WHY_LEN], text[PF_WHY_LEN + 64];

    if (pf_cib_xml_load(why, sizeof(why)) == PF_OK)
	return (PF_OK);
    snprintf(text, sizeof(text), "%s; the cluster checks of level 10 cannot "
	     "run", why);
    return (pf_report_error(r, pf_answer_found(PF_FOUND_UNCHECKABLE,
					       ctx->require_wiring), text,
			    "install libxml2 (libxml2 package) on this node"));
}

/* runs_here - this node's master of the instance holds its lock */

static bool runs_here(const pf_conf_t *conf)
{
    pf_master_state_t st;
    char    why[PF_WHY_LEN];

    /* a passive node's queue directory may be a stale local copy */
    return (pf_master_status(conf->queue_directory, conf->daemon_directory,
			     &st, why, sizeof(why)) == PF_OK);
}

/* degraded_warn - one degraded condition, a warning of the report */

static void degraded_warn(const char *name, const char *brief,
			          const char *text, const char *fix, void *arg)
{
    (void) name;
    (void) brief;
    pf_report_warn(arg, text, fix);
}

/*
 * warn_degraded - the conditions a recurring monitor answers as degraded
 * (pf_degraded: queue filesystem filling, main.cf changed since the last
 * reload, the instance enabled in systemd, stale chroot copies, a
 * certificate expiring, deferred mail over its limits), each a warning of
 * the report, as the depth-10 monitor would see them. Where the instance
 * does not run, what only a running instance has (its configuration's
 * reload, the queue's counts) is not judged; the queue directory may be a
 * passive node's stale copy, so the queue's conditions only where it runs.
 */
static void warn_degraded(const pf_ctx_t *ctx, const pf_conf_t *conf,
			          pf_report_t *r)
{
    pf_master_state_t st;
    pf_degraded_facts_t df = {0, NULL};
    pf_qscan_t scan;
    char    why[PF_WHY_LEN];

    if (pf_master_status(conf->queue_directory, conf->daemon_directory,
			 &st, why, sizeof(why)) == PF_OK) {
	df.master = st.pid;
	why[0] = 0;
	/* the monitor's budget */
	if (pf_qscan_run(conf->queue_directory,
			 pf_deadline_after(pf_degraded_scan_ms(ctx)),
			 &scan, why, sizeof(why)) == PF_OK)
	    df.queue = &scan;
	else
	    pf_report_skip(r, "the deferred queue's limits", why);
    }
    pf_degraded_check(ctx, conf, &df, ctx->check_level, degraded_warn, r);
}

/* paths_usable - config_dir and binary passed their parameter checks */

static bool paths_usable(const pf_ctx_t *ctx)
{
    char    why[256];

    return (pf_conf_check_dir_arg(ctx->config_dir, why, sizeof(why)) == PF_OK
	    && bad_char(ctx->config_dir, PATH_CHARS) == NULL
	    && *ctx->binary == '/' && bad_char(ctx->binary, PATH_CHARS) == NULL);
}

/* validate_report - level 10: every check that can run, one report */

static int validate_report(const pf_ctx_t *ctx)
{
    pf_conf_t *conf = NULL;
    pf_report_t report;
    char    why[512];
    int     rc;

    pf_report_init(&report, true, stderr);
    pf_agent_validate_params(ctx, &report);
    /* a path refused above is never read nor run, as at level 0 */
    if (!paths_usable(ctx)) {
	pf_report_skip(&report, "this node's checks", "config_dir or binary "
		       "refused (above): no file read, no command run");
    } else if (check_commands(ctx, &report) != PF_OK) {
	pf_report_skip(&report, "configuration", "postconf cannot run "
		       "(above): main.cf and master.cf not read");
	check_alternate(ctx, &report);
    } else if ((rc = pf_agent_conf(ctx, &conf, why, sizeof(why))) != PF_OK) {
	found(&report, CHECK_CONF, rc, why);
	pf_report_skip(&report, "configuration", "not loaded (above): owners, "
		       "queue, listeners and cluster wiring not checked");
	check_alternate(ctx, &report);
    } else {
	validate_node(ctx, conf, true, &report);
	warn_degraded(ctx, conf, &report);
	/* the cluster's view too (spawns cibadmin, attrd_updater) */
	if (cluster_readable(ctx, &report) == PF_OK) {
	    pf_cluster_wiring(ctx, conf, &report);
	    pf_cluster_ids_compare(ctx, conf, runs_here(conf), &report);
	}
    }
    pf_conf_free(conf);
    return (pf_report_end(&report));
}

/* pf_action_validate_all - the validate-all action */

int     pf_action_validate_all(const pf_ctx_t *ctx)
{
    if (ctx->check_level >= PF_CHECK_LEVEL_NODE)
	return (validate_report(ctx));
    int     rc;

    if ((rc = pf_agent_validate_params(ctx, NULL)) != PF_OK)
	return (rc);
    pf_debug("validate: parameters are valid " PF_XS " depth=%d: this "
	     "node's environment not checked", ctx->check_level);
    return (PF_OK);
}
