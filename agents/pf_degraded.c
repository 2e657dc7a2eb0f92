/*++
/* NAME
/*	pf_degraded 3
/* SUMMARY
/*	the conditions that make a healthy instance "degraded" (OCF 190)
/* SYNOPSIS
/*	#include "pf_degraded.h"
/*
/*	int	pf_degraded_parse(const char *list, unsigned *mask,
/*			char *why, size_t len)
/*
/*	int	pf_degraded_scan_ms(const pf_ctx_t *ctx)
/*
/*	int	pf_degraded_check(const pf_ctx_t *ctx,
/*			const pf_conf_t *conf, pid_t master, int depth,
/*			pf_degraded_fn report, void *arg)
/* DESCRIPTION
/*	A degraded instance serves now, but a condition makes a failure
/*	more likely or a failover worse; the recurring monitor answers 190
/*	for it (pf_answer: PF_SIT_DEGRADED), naming each condition and its
/*	fix. Each condition is a row of one table: its name (the value of
/*	the degraded_checks parameter that keeps it on), the monitor depth
/*	from which it is looked at, and its check. The checks below depth
/*	10 read only the filesystem's counters, a few file times and
/*	/proc: no process, no walk of the queue.
/* .IP queue_space
/*	the queue's filesystem has less free space than twice what smtpd(8)
/*	requires before it accepts a message: more than queue_minfree,
/*	and more than 1.5 times message_size_limit (it answers "452
/*	Insufficient system storage" below that); with neither set, less
/*	than 1 % of the filesystem. Or fewer free inodes than 1 % of the
/*	filesystem's, and at least 1000 (each message is a file).
/* .IP config_reload
/*	main.cf or master.cf changed (its inode change time, which a copy
/*	that keeps the modification time also sets) after the running
/*	queue manager started. Postfix reads its configuration when the
/*	master starts and at "postfix reload", which starts a new queue
/*	manager; the master's own start time is not that moment, since a
/*	reload keeps the master. A change not older than 10 s is not
/*	judged yet: an edit followed by "postfix reload" is no condition, and
/*	a monitor between the two must not leave a failed action behind. A queue manager restarted after a
/*	crash hides the condition until the next change.
/* .IP systemd
/*	systemd would start this instance at boot, outside the cluster,
/*	on whatever queue is there (pf_systemd_enabled()): postfix.service
/*	or postfix@-.service for the default instance; for another,
/*	postfix@NAME.service (NAME its multi_instance_name), and
/*	postfix.service when the default main.cf lists it in
/*	multi_instance_directories (Debian's generator then wants
/*	postfix@NAME.service).
/* .PP
/*	pf_degraded_parse() reads the degraded_checks parameter: names of
/*	the table, separated by commas or blanks, or "all" or "none";
/*	PF_EARGS naming an unknown one.
/*
/*	pf_degraded_scan_ms() is the budget of the queue count the deferred
/*	condition judges (pf_qscan), for the monitor and validate-all alike:
/*	a quarter of the action's time left, at most 5 s.
/*
/*	pf_degraded_check() looks at every condition that the parameter
/*	keeps on and the depth reaches (of those about the running instance
/*	and its queue, only when facts->master names its verified master: a
/*	passive node's queue directory may be a stale local copy; validate-all
/*	asks there too), and calls report for each that
/*	holds with its name, a brief (a few words for the exit reason,
/*	which Pacemaker cuts at 128 characters), its text (object first,
/*	then the numbers) and its fix. It returns how many did.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

#include "pf_cert.h"
#include "pf_chroot.h"
#include "pf_conf.h"
#include "pf_decimal.h"
#include "pf_degraded.h"
#include "pf_file.h"
#include "pf_log.h"
#include "pf_proc.h"
#include "pf_qmgr.h"
#include "pf_qscan.h"
#include "pf_rc.h"
#include "pf_systemd.h"

#define TEXT_LEN	(PATH_MAX + 400)
#define QUEUE_SCAN_SHARE 4		/* deferred: the count's share of the time left */
#define QUEUE_SCAN_MAX_MS 5000		/* and its most */
#define CHANGE_SETTLE_MS 10000		/* config_reload: a change's time to be reloaded */

/*
 * What a check found: the condition in a few words for the exit reason
 * (Pacemaker shows 128 characters of it, and several conditions share
 * it), and in full, with its numbers and fix, for the log.
 */
typedef struct found {
    char    brief[96];
    char    text[TEXT_LEN];
    char    fix[PATH_MAX + 200];
} found_t;

typedef bool (*check_fn) (const pf_ctx_t *ctx, const pf_conf_t *conf,
			          const pf_degraded_facts_t *facts,
			          const pf_degraded_limits_t *lim, found_t *out);

#define CHECK(name) static bool name(const pf_ctx_t *, const pf_conf_t *, \
	const pf_degraded_facts_t *, const pf_degraded_limits_t *, found_t *)
CHECK(queue_space);
CHECK(config_reload);
CHECK(systemd);
CHECK(chroot_copies);
CHECK(tls_expiry);
CHECK(deferred);

/* The conditions: one row each, named as degraded_checks names them. */
static const struct condition {
    const char *name;
    int     depth;			/* looked at from this monitor depth */
    bool    running;			/* only of a running instance's queue */
    check_fn check;
} conditions[] = {
    {"queue_space", 0, true, queue_space},
    {"config_reload", 0, true, config_reload},
    {"systemd", 0, false, systemd},
    {"chroot", PF_CHECK_LEVEL_NODE, true, chroot_copies},
    {"tls_expiry", PF_CHECK_LEVEL_NODE, false, tls_expiry},
    {"deferred", PF_CHECK_LEVEL_NODE, true, deferred},
};

#define N_CONDITIONS (sizeof(conditions) / sizeof(conditions[0]))
#define ALL_CONDITIONS ((1u << N_CONDITIONS) - 1)

/* pf_degraded_parse - the degraded_checks parameter as a mask */

int     pf_degraded_parse(const char *list, unsigned *mask, char *why,
			          size_t len)
{
    char   *copy, *save, *tok;
    size_t  i;
    int     rc = PF_OK;

    *mask = ALL_CONDITIONS;
    if (list == NULL || list[strspn(list, ", \t")] == 0)
	return (PF_OK);
    if ((copy = strdup(list)) == NULL)
	return (ENOMEM);
    *mask = 0;
    for (tok = strtok_r(copy, ", \t", &save); tok != NULL && rc == PF_OK;
	 tok = strtok_r(NULL, ", \t", &save)) {
	if (strcmp(tok, "all") == 0) {
	    *mask = ALL_CONDITIONS;
	    continue;
	}
	if (strcmp(tok, "none") == 0)
	    continue;
	for (i = 0; i < N_CONDITIONS; i++)
	    if (strcmp(tok, conditions[i].name) == 0)
		break;
	if (i == N_CONDITIONS)
	    rc = pf_rc_why(PF_EARGS, why, len, "parameter degraded_checks: "
			   "unknown check \"%.40s\" (known: all, none, "
			   "queue_space, config_reload, systemd, chroot, "
			   "tls_expiry, deferred)", tok);
	else
	    *mask |= 1u << i;
    }
    free(copy);
    return (rc);
}

/* limit - one threshold parameter: digits, with a unit for a time */

static int limit(const char *name, const char *value, long long dflt,
		         bool time, long long *out, char *why, size_t len)
{
    static const struct unit {
	char    suffix;
	long long seconds;
    } units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
    char    digits[32];
    size_t  n, i;
    long long mult = 1;

    *out = dflt;
    if (value == NULL || *value == 0)
	return (PF_OK);
    n = strlen(value);
    /* a time takes Postfix's units: 3600, 3600s, 60m, 1h, 1d, 1w */
    if (time && n > 1 && n < sizeof(digits)) {
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
	    if (value[n - 1] == units[i].suffix) {
		mult = units[i].seconds;
		n--;
	    }
    }
    if (n >= sizeof(digits))
	n = sizeof(digits) - 1;
    memcpy(digits, value, n);
    digits[n] = 0;
    if (pf_decimal_parse(digits, out) != PF_OK || *out > 100LL * 365 * 86400) {
	*out = dflt;
	return (pf_rc_why(PF_EARGS, why, len, "parameter %s: \"%.40s\" is "
			  "not %s", name, value, time ? "a time (digits, "
			  "optionally followed by s, m, h, d or w)" :
			  "a number"));
    }
    *out = *out * mult;
    return (PF_OK);
}

/* pf_degraded_limits - the thresholds' parameters */

int     pf_degraded_limits(const pf_ctx_t *ctx, pf_degraded_limits_t *lim,
			           char *why, size_t len)
{
    int     rc;

    if ((rc = limit("tls_expiry_days", ctx->tls_expiry_days,
		    PF_DEGRADED_TLS_DAYS, false, &lim->tls_days, why, len)) != PF_OK
	|| (rc = limit("deferred_max_age", ctx->deferred_max_age, 0, true,
		       &lim->deferred_age, why, len)) != PF_OK
	|| (rc = limit("deferred_max_count", ctx->deferred_max_count, 0, false,
		       &lim->deferred_count, why, len)) != PF_OK)
	return (rc);
    return (PF_OK);
}

/* pf_degraded_scan_ms - the queue count's budget: a quarter of what is left, at most 5 s */

int     pf_degraded_scan_ms(const pf_ctx_t *ctx)
{
    int     ms = pf_deadline_left(ctx->deadline) / QUEUE_SCAN_SHARE;

    return (ms < QUEUE_SCAN_MAX_MS ? ms : QUEUE_SCAN_MAX_MS);
}

/* pf_degraded_check - report each condition that holds */

int     pf_degraded_check(const pf_ctx_t *ctx, const pf_conf_t *conf,
			          const pf_degraded_facts_t *facts, int depth,
			          pf_degraded_fn report, void *arg)
{
    pf_degraded_limits_t lim;
    found_t out;
    unsigned mask;
    size_t  i;
    int     found = 0;

    /* validate-all refuses a bad value: here, the defaults */
    if (pf_degraded_parse(ctx->degraded_checks, &mask, out.text,
			  sizeof(out.text)) != PF_OK)
	mask = ALL_CONDITIONS;
    if (pf_degraded_limits(ctx, &lim, out.text, sizeof(out.text)) != PF_OK)
	pf_degraded_limits(&(pf_ctx_t) {0}, &lim, out.text, sizeof(out.text));
    for (i = 0; i < N_CONDITIONS; i++) {
	if (!(mask & (1u << i)) || depth < conditions[i].depth
	    || (conditions[i].running && facts->master <= 0))
	    continue;
	out.brief[0] = out.text[0] = out.fix[0] = 0;
	if (conditions[i].check(ctx, conf, facts, &lim, &out)) {
	    report(conditions[i].name, out.brief, out.text, out.fix, arg);
	    found++;
	}
    }
    return (found);
}

/* size_param - a main.cf size (bytes), 0 when unset or not a number */

static unsigned long long size_param(const char *value)
{
    long long n;

    if (value == NULL || pf_decimal_parse(value, &n) != PF_OK || n < 0)
	return (0);
    return ((unsigned long long) n);
}

/* mb - bytes as megabytes with one decimal, for the reason */

static double mb(unsigned long long bytes)
{
    return ((double) bytes / 1e6);
}

/* queue_space - less free space or inodes than smtpd needs, twice */

static bool queue_space(const pf_ctx_t *ctx, const pf_conf_t *conf,
		const pf_degraded_facts_t *facts,
		const pf_degraded_limits_t *lim, found_t *out)
{
    struct statvfs vfs;
    unsigned long long minfree = size_param(conf->queue_minfree);
    unsigned long long limit = size_param(conf->message_size_limit);
    unsigned long long avail, floor, want, inodes_want;
    char    basis[160];

    (void) ctx;
    (void) facts;
    (void) lim;
    if (statvfs(conf->queue_directory, &vfs) != 0 || vfs.f_frsize == 0)
	return (false);
    avail = (unsigned long long) vfs.f_bavail * vfs.f_frsize;
    /* smtpd(8): 452 when free <= queue_minfree or free / 1.5 <= limit */
    floor = limit + limit / 2 > minfree ? limit + limit / 2 : minfree;
    if (floor > 0) {
	want = 2 * floor;
	if (limit + limit / 2 >= minfree)
	    snprintf(basis, sizeof(basis), "twice what smtpd requires: "
		     "1.5 x message_size_limit %llu", limit);
	else
	    snprintf(basis, sizeof(basis), "twice what smtpd requires: "
		     "queue_minfree %llu", minfree);
    } else {
	want = (unsigned long long) vfs.f_blocks * vfs.f_frsize / 100;
	snprintf(basis, sizeof(basis), "1 %% of the filesystem: neither "
		 "queue_minfree nor message_size_limit is set");
    }
    if (avail < want) {
	snprintf(out->brief, sizeof(out->brief), "queue filesystem %.1f MB "
		 "free, below %.1f MB", mb(avail), mb(want));
	snprintf(out->text, sizeof(out->text), "queue %s: %.1f MB free on "
		 "its filesystem, below %.1f MB (%s); smtpd refuses mail below "
		 "%.1f MB", conf->queue_directory, mb(avail), mb(want), basis,
		 mb(floor));
	snprintf(out->fix, sizeof(out->fix), "free space there or grow the "
		 "filesystem");
	return (true);
    }
    inodes_want = vfs.f_files / 100 > 1000 ? vfs.f_files / 100 : 1000;
    /* filesystems without an inode count (btrfs) say 0 */
    if (vfs.f_files > 0 && vfs.f_favail < inodes_want) {
	snprintf(out->brief, sizeof(out->brief), "queue filesystem %llu "
		 "inodes free, below %llu", (unsigned long long) vfs.f_favail,
		 inodes_want);
	snprintf(out->text, sizeof(out->text), "queue %s: %llu free inodes "
		 "on its filesystem, below %llu (1 %% of its inodes, at least "
		 "1000; each message is a file)", conf->queue_directory,
		 (unsigned long long) vfs.f_favail, inodes_want);
	snprintf(out->fix, sizeof(out->fix), "remove files there or grow the "
		 "filesystem");
	return (true);
    }
    return (false);
}

/* later - a is after b */

static bool later(const struct timespec *a, const struct timespec *b)
{
    return (a->tv_sec > b->tv_sec
	    || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec));
}

/* clock_text - a wall time as HH:MM:SS, local time */

static const char *clock_text(const struct timespec *t, char *buf, size_t len)
{
    struct tm tm;

    if (localtime_r(&t->tv_sec, &tm) == NULL
	|| strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm) == 0)
	snprintf(buf, len, "%lld", (long long) t->tv_sec);
    return (buf);
}

/* config_reload - main.cf or master.cf changed after the last (re)load */

static bool config_reload(const pf_ctx_t *ctx, const pf_conf_t *conf,
		const pf_degraded_facts_t *facts,
		const pf_degraded_limits_t *lim, found_t *out)
{
    const char *files[2] = {conf->main_cf, conf->master_cf};
    pf_proc_stat_t ps;
    struct timespec loaded, settled;
    long long settle;
    struct stat st;
    char    t1[32], t2[32];
    pid_t   qmgr;
    size_t  i;

    (void) lim;
    /* when no queue manager runs now, nothing tells when it loaded */
    if (pf_qmgr_find(conf, facts->master, &qmgr) != PF_OK || qmgr <= 0
	|| pf_proc_stat(qmgr, &ps) != PF_OK || !ps.has_start)
	return (false);
    pf_proc_start_time(ps.start, &loaded);
    clock_gettime(CLOCK_REALTIME, &settled);
    /*
     * an edit followed by "postfix reload" is no condition, and a monitor
     * between the two must not leave a failed action behind: the same
     * time for every monitor (Pacemaker keeps one failure record of the
     * resource, whichever monitor wrote it last)
     */
    settle = CHANGE_SETTLE_MS;
    settled.tv_sec -= (time_t) (settle / 1000);
    settled.tv_nsec -= (long) (settle % 1000) * 1000000L;
    if (settled.tv_nsec < 0) {
	settled.tv_nsec += 1000000000L;
	settled.tv_sec--;
    }
    for (i = 0; i < 2; i++) {
	if (files[i] == NULL || stat(files[i], &st) != 0
	    || !later(&st.st_ctim, &loaded) || later(&st.st_ctim, &settled))
	    continue;
	snprintf(out->brief, sizeof(out->brief), "%s changed, not "
		 "reloaded", strrchr(files[i], '/') ? strrchr(files[i], '/') + 1
		 : files[i]);
	snprintf(out->text, sizeof(out->text), "file %s: changed at %s, "
		 "after the running Postfix loaded its configuration (%s)",
		 files[i], clock_text(&st.st_ctim, t1, sizeof(t1)),
		 clock_text(&loaded, t2, sizeof(t2)));
	snprintf(out->fix, sizeof(out->fix), "run \"postfix -c %s reload\" "
		 "to apply it, or undo the change", pf_conf_dir(ctx->config_dir));
	return (true);
    }
    return (false);
}

/* listed_multi - the default main.cf lists dir as a postmulti instance */

static bool listed_multi(const char *dir)
{
    pf_params_t main_cf;
    char    why[256];
    char   *data;
    size_t  n;
    bool    listed;

    if (pf_file_read(PF_CONF_DEFAULT_MAIN_CF, &data, &n, NULL, false) != PF_OK)
	return (false);
    pf_params_init(&main_cf);
    listed = pf_conf_parse_main(data, n, PF_CONF_DEFAULT_MAIN_CF, &main_cf, why,
				sizeof(why)) == PF_OK
	&& pf_conf_dir_multi(&main_cf, dir);
    pf_params_clear(&main_cf);
    free(data);
    return (listed);
}

/* systemd - systemd would start this instance at boot */

static bool systemd(const pf_ctx_t *ctx, const pf_conf_t *conf,
		const pf_degraded_facts_t *facts,
		const pf_degraded_limits_t *lim, found_t *out)
{
    const char *dir = pf_conf_dir(ctx->config_dir);
    bool    dflt = strcmp(dir, PF_CONF_DEFAULT_DIR) == 0;
    char    unit[NAME_MAX + 1], where[PATH_MAX];
    const char *name = conf->multi_instance_name;

    (void) facts;
    (void) lim;
    unit[0] = 0;
    if (pf_systemd_enabled("postfix.service", where, sizeof(where))
	&& (dflt || listed_multi(dir)))
	snprintf(unit, sizeof(unit), "postfix.service");
    else if (dflt && pf_systemd_enabled("postfix@-.service", where, sizeof(where)))
	snprintf(unit, sizeof(unit), "postfix@-.service");
    else if (!dflt && name != NULL && *name != 0 && strchr(name, '/') == NULL
	     && (size_t) snprintf(unit, sizeof(unit), "postfix@%s.service",
				  name) < sizeof(unit)
	     && pf_systemd_enabled(unit, where, sizeof(where)))
	 /* void */ ;
    else
	return (false);
    snprintf(out->brief, sizeof(out->brief), "%.60s enabled in systemd",
	     unit);
    snprintf(out->text, sizeof(out->text), "systemd unit %s: enabled (%s): "
	     "it starts this instance at boot, outside the cluster, on "
	     "whatever queue is there", unit, where);
    snprintf(out->fix, sizeof(out->fix), "run \"systemctl disable --now "
	     "%s\" (or mask it)", unit);
    return (true);
}

/* chroot_copies - the copies of /etc files that chrooted daemons read are stale */

static bool chroot_copies(const pf_ctx_t *ctx, const pf_conf_t *conf,
		           const pf_degraded_facts_t *facts,
		           const pf_degraded_limits_t *lim, found_t *out)
{
    char    names[400];
    int     count, rc;

    (void) ctx;
    (void) facts;
    (void) lim;
    /* without a chrooted service nothing reads (or makes) the copies */
    if (!pf_chroot_used(conf))
	return (false);
    if ((rc = pf_chroot_stale(conf->queue_directory, NULL, names,
			      sizeof(names), &count)) != PF_OK) {
	pf_warn("%s; stale chroot copies not looked for", names);
	return (false);
    }
    if (count == 0)
	return (false);
    snprintf(out->brief, sizeof(out->brief), "%d chroot cop%s stale", count,
	     count == 1 ? "y" : "ies");
    snprintf(out->text, sizeof(out->text), "queue %s: %s differ%s from "
	     "the file%s under / (chrooted daemons read the copies: name "
	     "lookups see stale data)", conf->queue_directory, names,
	     count == 1 ? "s" : "", count == 1 ? "" : "s");
    snprintf(out->fix, sizeof(out->fix), "copy %s again (Debian's "
	     "/usr/lib/postfix/configure-instance.sh does so; start runs it "
	     "with configure_instance=true)", count == 1 ? "it" : "them");
    return (true);
}

/* tls_expiry - a certificate a TLS listener presents expires soon */

static bool tls_expiry(const pf_ctx_t *ctx, const pf_conf_t *conf,
		               const pf_degraded_facts_t *facts,
		               const pf_degraded_limits_t *lim, found_t *out)
{
    time_t  now = time(NULL), not_after, worst = 0;
    char    why[300], t[32], worst_file[PATH_MAX] = "", *worst_svc = NULL;
    char  **files;
    size_t  i, j, n;

    (void) ctx;
    (void) facts;
    if (lim->tls_days <= 0)
	return (false);
    for (i = 0; i < conf->n_services; i++) {
	pf_service_t *svc = conf->services + i;

	if (pf_cert_service_tls(svc) == PF_CERT_TLS_NONE
	    || pf_cert_service_files(svc, &files, &n) != PF_OK)
	    continue;
	for (j = 0; j < n; j++) {
	    if (pf_cert_not_after(files[j], &not_after, why, sizeof(why)) != PF_OK) {
		pf_warn("service %s: %s; its expiry not checked", svc->name, why);
		continue;
	    }
	    if (worst_file[0] == 0 || not_after < worst) {
		worst = not_after;
		worst_svc = svc->name;
		snprintf(worst_file, sizeof(worst_file), "%s", files[j]);
	    }
	}
	pf_cert_files_free(files, n);
    }
    if (worst_file[0] == 0 || worst - now >= lim->tls_days * 86400LL)
	return (false);
    if (worst <= now)
	snprintf(out->brief, sizeof(out->brief), "TLS certificate expired");
    else
	snprintf(out->brief, sizeof(out->brief), "TLS certificate expires in "
		 "%lld days", (long long) ((worst - now) / 86400));
    snprintf(out->text, sizeof(out->text), "file %s: the certificate of "
	     "service %s %s %s (tls_expiry_days %lld)", worst_file, worst_svc,
	     worst <= now ? "expired at" : "expires at",
	     clock_text(&(struct timespec) {worst, 0}, t, sizeof(t)),
	     lim->tls_days);
    snprintf(out->fix, sizeof(out->fix), "renew it, then run \"postfix -c "
	     "%s reload\"", pf_conf_dir(ctx->config_dir));
    return (true);
}

/* duration_text - seconds in the largest unit that fits whole */

static const char *duration_text(long long s, char *buf, size_t len)
{
    if (s >= 2 * 86400)
	snprintf(buf, len, "%lld d", s / 86400);
    else if (s >= 2 * 3600)
	snprintf(buf, len, "%lld h", s / 3600);
    else if (s >= 2 * 60)
	snprintf(buf, len, "%lld min", s / 60);
    else
	snprintf(buf, len, "%lld s", s);
    return (buf);
}

/* deferred - the deferred queue larger or older than its limits */

static bool deferred(const pf_ctx_t *ctx, const pf_conf_t *conf,
		             const pf_degraded_facts_t *facts,
		             const pf_degraded_limits_t *lim, found_t *out)
{
    const pf_qscan_t *q = facts->queue;
    long long age;

    (void) ctx;
    if (q == NULL || (lim->deferred_count <= 0 && lim->deferred_age <= 0))
	return (false);
    /* an incomplete scan counted at least this many, this old */
    age = q->oldest_from == PF_QSCAN_TIME_NONE ? 0
	: (long long) (time(NULL) - q->oldest_deferred);
    if (lim->deferred_count > 0 && q->deferred > lim->deferred_count) {
	snprintf(out->brief, sizeof(out->brief), "%s%ld deferred messages, "
		 "over %lld", q->complete ? "" : "at least ", q->deferred,
		 lim->deferred_count);
	snprintf(out->text, sizeof(out->text), "queue %s: %s%ld messages in "
		 "the deferred queue, more than deferred_max_count %lld",
		 conf->queue_directory, q->complete ? "" : "at least ",
		 q->deferred, lim->deferred_count);
	snprintf(out->fix, sizeof(out->fix), "see why with \"postqueue -c %s "
		 "-p\" and the log", pf_conf_dir(ctx->config_dir));
	return (true);
    }
    if (lim->deferred_age > 0 && age > lim->deferred_age) {
	char    a[32], m[32];

	snprintf(out->brief, sizeof(out->brief), "deferred mail %s old, over "
		 "%s", duration_text(age, a, sizeof(a)),
		 duration_text(lim->deferred_age, m, sizeof(m)));
	snprintf(out->text, sizeof(out->text), "queue %s: the oldest "
		 "deferred message arrived %lld s ago, more than "
		 "deferred_max_age %lld s", conf->queue_directory, age,
		 lim->deferred_age);
	snprintf(out->fix, sizeof(out->fix), "see why with \"postqueue -c %s "
		 "-p\" and the log", pf_conf_dir(ctx->config_dir));
	return (true);
    }
    return (false);
}
