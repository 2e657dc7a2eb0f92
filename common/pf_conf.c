/*++
/* NAME
/*	pf_conf 3
/* SUMMARY
/*	a Postfix instance's configuration, as Postfix resolves it
/* SYNOPSIS
/*	#include "pf_conf.h"
/*
/*	int	pf_conf_load(config_dir, postconf, deadline, out, why, whylen)
/*	pf_conf_t *pf_conf_free(conf)
/*	void	pf_conf_clear(conf)
/*
/*	int	pf_conf_parse_main(buf, len, path, params, why, whylen)
/*	int	pf_conf_expand(main_cf, defaults, path, name, value, why, whylen)
/*	int	pf_conf_resolve(conf, config_dir, main_cf, defaults, why, whylen)
/*
/*	bool	pf_conf_dir_listed(default_main_cf, config_dir)
/*
/*	bool	pf_conf_dir_multi(default_main_cf, config_dir)
/*
/*	int	pf_conf_check_dirs(conf, why, whylen)
/*
/*	bool	pf_conf_spool_used(conf)
/*
/*	char	*pf_conf_dir_normalize(config_dir)
/*	const char *pf_conf_dir(config_dir)
/*	int	pf_conf_check_dir_arg(config_dir, why, whylen)
/* DESCRIPTION
/*	pf_conf_load() reads DIR/main.cf and DIR/master.cf natively and
/*	resolves the values the agent needs the way Postfix does, from
/*	these parts, one module each as in Postfix:
/* .IP \(bu
/*	logical lines (a line starting with whitespace continues the
/*	previous one; blank lines and lines whose first non-blank is #
/*	are skipped): pf_readlline(3);
/* .IP \(bu
/*	the name = value list, last assignment wins: pf_params(3);
/* .IP \(bu
/*	$name expansion: pf_expand(3);
/* .IP \(bu
/*	the master.cf services and their -o options: pf_master_ent(3);
/* .IP \(bu
/*	the compiled-in defaults of this Postfix (postconf -d, the
/*	authority for every parameter main.cf does not set), cached in
/*	$HA_RSCTMP: pf_conf_cache(3).
/* .PP
/*	pf_conf_parse_main() is main.cf text to a name = value list.
/*	pf_conf_expand() is one main.cf parameter's value, expanded.
/*	pf_conf_resolve() fills conf's main.cf fields from main_cf over
/*	defaults, config_directory defaulting to the directory Postfix is
/*	told (postconf -c DIR), and sets each service's upstream_proxy:
/*	the value of smtpd_upstream_proxy_protocol
/*	(postscreen_upstream_proxy_protocol for postscreen) that its
/*	daemon reads, as smtpd(8) and postscreen(8) apply -o: over
/*	main.cf, before expansion, so that $name in either place is
/*	looked up in the service's -o first. It is not judged here
/*	(pf_listen(3) does); a service that master_service_disable turns
/*	off keeps it NULL. The TLS parameters the daemon reads are resolved
/*	the same way into the service's tls[] (pf_service_tls_t: security
/*	level, smtpd_use_tls, smtpd_enforce_tls, wrapper mode, the
/*	certificate files and chain files; for postscreen its own
/*	postscreen_tls_* and the tlsproxy_tls_* files that tlsproxy(8)
/*	presents for it), for pf_cert(3) to judge; a parameter that this
/*	Postfix's defaults do not list is one it does not read, and is
/*	"" whatever main.cf says.
/*
/*	pf_conf_dir_listed() decides as the set-gid commands postdrop(1)
/*	and postqueue(1) do (mail_conf_checkdir()) whether a non-default
/*	configuration directory is trusted: it must appear, compared as a
/*	string, in some assignment of alternate_config_directories or
/*	multi_instance_directories in the default main.cf, whose values
/*	are split on commas and blanks and never $name-expanded; no path is
/*	resolved (a symbolic link to the listed directory is refused, as
/*	Postfix refuses it; the agent asks with config_dir in the spelling
/*	it gives Postfix, pf_conf_dir_normalize()).
/*	pf_conf_dir_multi() is the same test for multi_instance_directories
/*	alone: the instances postmulti (and Debian's systemd generator,
/*	under postfix.service) starts with the default one.
/*
/*	pf_conf_check_dirs() is the rule for the two main.cf directories
/*	that decide which processes are the instance's (a process working
/*	in queue_directory, a program in daemon_directory): each must be an
/*	absolute path, and not the root directory (by its inode: "/",
/*	"//", "/tmp/.." and a symbolic link to "/" alike), where every
/*	other program works and lives; otherwise PF_ECONFIG, naming the
/*	parameter. pf_conf_load() applies it, so no action ever gets such a
/*	configuration: stop then finds the instance by MAIL_CONFIG only.
/*
/*	pf_conf_parse_main(), pf_conf_expand() and pf_conf_resolve() are
/*	pure (no I/O): unit tests and libFuzzer harnesses call them
/*	directly.
/*
/*	Ownership: pf_conf_load() returns a pf_conf_t the caller releases
/*	with pf_conf_free(), which returns NULL (conf = pf_conf_free(conf)).
/*	pf_conf_resolve() and pf_master_ent_parse() fill a pf_conf_t the
/*	caller provides (on the stack, say): pf_conf_clear() releases what
/*	they put in it and zeroes it, without freeing the struct. A
/*	pf_params_t is the same kind (pf_params(3)).
/*
/*	pf_conf_dir_normalize() is the one spelling of the config_dir
/*	parameter, made in place once, where main() reads it, before
/*	anything uses it ("postfix -c", MAIL_CONFIG, the comparison with
/*	the default main.cf's lists, the default instance's test): every
/*	run of slashes becomes one, and a trailing slash is removed (not
/*	the root's), as ocf:heartbeat:postfix removes it; so
/*	"/etc/postfix-a/" is "/etc/postfix-a" and "//etc/postfix/" the
/*	default instance. Postfix then sees only that spelling: it is what
/*	the instance's MAIL_CONFIG holds and what postdrop compares. A "."
/*	or ".." component is left as it is, and refused by the rule below:
/*	removing ".." by its spelling can name another directory than the
/*	kernel finds through a symbolic link, and Postfix would carry that
/*	other spelling into MAIL_CONFIG and compare it literally. Nothing
/*	is resolved: a symbolic link stays a different spelling, refused by
/*	postdrop (pf_conf_dir_listed()).
/*
/*	pf_conf_dir() is the configuration directory as Postfix is told it
/*	with -c: config_dir, or PF_CONF_DEFAULT_DIR when that is NULL or
/*	empty. pf_conf_check_dir_arg() is the rule for the config_dir
/*	parameter: when given, an absolute path with no "." or ".."
/*	component (PF_EARGS otherwise).
/* DIAGNOSTICS
/*	PF_OK; PF_EINSTALL: the configuration directory, main.cf or
/*	master.cf is absent on this node, or postconf cannot run;
/*	PF_ECONFIG: main.cf or master.cf syntax, a macro error, too many
/*	entries, queue_directory or daemon_directory relative or the root
/*	directory; an errno otherwise. why receives
/*	a reason naming the object first ("file /x/main.cf: line 12: ...").
/*	pf_conf_spool_used() says whether local(8) delivers into
/*	mail_spool_directory: it is set, and none of home_mailbox,
/*	mailbox_command and mailbox_transport is (any of those takes the
/*	mail elsewhere first).
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pf_conf.h"
#include "pf_conf_cache.h"
#include "pf_expand.h"
#include "pf_buf.h"
#include "pf_file.h"
#include "pf_rc.h"

/* pf_conf_parse_main - main.cf text to name = value list */

int     pf_conf_parse_main(const char *buf, size_t len, const char *path,
			           pf_params_t *out, char *why, size_t whylen)
{
    return (pf_params_parse(buf, len, path, out, why, whylen));
}

/* pf_conf_expand - the value of name, fully expanded (malloc'ed) */

int     pf_conf_expand(const pf_params_t *main_cf, const pf_params_t *defaults,
		               const char *path, const char *name, char **value,
		               char *why, size_t whylen)
{
    return (pf_expand_value(NULL, main_cf, defaults, NULL, path, name, value,
			     why, whylen));
}

/* dir_in - config_dir in an assignment of name (or of also) */

static bool dir_in(const pf_params_t *default_main_cf, const char *name,
		           const char *also, const char *config_dir)
{
    size_t  i;
    bool    found = false;

    for (i = 0; i < default_main_cf->n && !found; i++) {
	const pf_param_t *p = &default_main_cf->v[i];
	char   *tmp;
	char   *save;
	char   *tok;

	/* every assignment counts, not only the last; no $name expansion */
	if (strcmp(p->name, name) != 0
	    && (also == NULL || strcmp(p->name, also) != 0))
	    continue;
	if ((tmp = strdup(p->value)) == NULL)
	    return (false);
	for (tok = strtok_r(tmp, ", \t\r\n", &save); tok && !found;
	     tok = strtok_r(NULL, ", \t\r\n", &save))
	    found = strcmp(tok, config_dir) == 0;
	free(tmp);
    }
    return (found);
}

/* pf_conf_dir_listed - config_dir as postdrop/postqueue accept it */

bool    pf_conf_dir_listed(const pf_params_t *default_main_cf,
			           const char *config_dir)
{
    return (dir_in(default_main_cf, "alternate_config_directories",
		   "multi_instance_directories", config_dir));
}

/* pf_conf_dir_multi - config_dir is one of postmulti's instances */

bool    pf_conf_dir_multi(const pf_params_t *default_main_cf,
			          const char *config_dir)
{
    return (dir_in(default_main_cf, "multi_instance_directories", NULL,
		   config_dir));
}

/*
 * Resolution.
 */
#define FIELD(name) { #name, offsetof(pf_conf_t, name) }
static const struct {
    const char *name;
    size_t  off;
} fields[] = {
    FIELD(config_directory), FIELD(daemon_directory),
    FIELD(command_directory), FIELD(queue_directory),
    FIELD(data_directory), FIELD(process_id_directory),
    FIELD(mail_owner), FIELD(setgid_group), FIELD(inet_interfaces),
    FIELD(inet_protocols), FIELD(mail_spool_directory),
    FIELD(alternate_config_directories), FIELD(multi_instance_directories),
    FIELD(multi_instance_enable), FIELD(multi_instance_name),
    FIELD(mail_version), FIELD(master_service_disable),
    /* where local(8) delivers: the mailbox spool rule (pf_mount) */
    FIELD(home_mailbox), FIELD(mailbox_command), FIELD(mailbox_transport),
    /* queue file names (pf_qstamp) */
    FIELD(hash_queue_names), FIELD(hash_queue_depth),
    FIELD(enable_long_queue_ids),
    /* the free space smtpd(8) requires (pf_degraded) */
    FIELD(queue_minfree), FIELD(message_size_limit),
    /* master.cf's chroot "-": y below level 1 (pf_chroot_used) */
    FIELD(compatibility_level),
    /* Debian's configure-instance.sh refuses some (pf_command_configure) */
    FIELD(myorigin),
};

/*
 * The TLS parameters a service's daemon reads (pf_service_tls_t order):
 * smtpd's own, or for postscreen whether it offers STARTTLS itself and
 * the certificates tlsproxy(8) presents for it (their defaults are
 * smtpd's). postscreen has no wrapper mode: NULL, read as "".
 */
static const char *const tls_names[PF_SERVICE_TLS_N][2] = {
    {"smtpd_tls_security_level", "postscreen_tls_security_level"},
    {"smtpd_use_tls", "postscreen_use_tls"},
    {"smtpd_enforce_tls", "postscreen_enforce_tls"},
    {"smtpd_tls_wrappermode", NULL},
    {"smtpd_tls_cert_file", "tlsproxy_tls_cert_file"},
    {"smtpd_tls_eccert_file", "tlsproxy_tls_eccert_file"},
    {"smtpd_tls_dsa_cert_file", "tlsproxy_tls_dsa_cert_file"},
    {"smtpd_tls_chain_files", "tlsproxy_tls_chain_files"},
};

/*
 * service_value - one parameter as svc's daemon reads it: its -o over
 * main.cf over the defaults, $name expanded against the same. A name
 * this Postfix does not know (postconf -d lacks it, as it lacks
 * smtpd_tls_dsa_cert_file since DSA support went) is never read: "".
 */
static int service_value(pf_service_t *svc, const char *dir, const char *where,
			         const pf_params_t *main_cf,
			         const pf_params_t *defaults, const char *name,
			         bool known_only, char **value, char *why,
			         size_t whylen)
{
    free(*value);
    *value = NULL;
    if (name == NULL || (known_only && pf_params_find(defaults, name) == NULL))
	return ((*value = strdup("")) == NULL ?
		pf_rc_why(ENOMEM, why, whylen, "out of memory") : PF_OK);
    return (pf_expand_value(&svc->opts, main_cf, defaults, dir, where, name,
			    value, why, whylen));
}

/*
 * resolve_service - what svc's daemon reads: the upstream proxy protocol
 * it expects and its TLS parameters, as smtpd(8) and postscreen(8) read
 * them; a service master(8) does not run is left alone (NULL).
 */
static int resolve_service(const pf_conf_t *conf, pf_service_t *svc,
			           const char *dir, const pf_params_t *main_cf,
			           const pf_params_t *defaults, char *why,
			           size_t whylen)
{
    int     ps = strcmp(svc->command, "postscreen") == 0;
    char    where[300];
    int     i, rc;

    free(svc->upstream_proxy);
    svc->upstream_proxy = NULL;
    for (i = 0; i < PF_SERVICE_TLS_N; i++) {
	free(svc->tls[i]);
	svc->tls[i] = NULL;
    }
    if (pf_conf_service_disabled(conf->master_service_disable, svc->name,
				 "inet"))
	return (PF_OK);
    snprintf(where, sizeof(where), "%.200s: line %d: service %.40s",
	     conf->master_cf ? conf->master_cf : "master.cf", svc->line,
	     svc->name);
    rc = service_value(svc, dir, where, main_cf, defaults, ps ?
		       "postscreen_upstream_proxy_protocol" :
		       "smtpd_upstream_proxy_protocol", false,
		       &svc->upstream_proxy, why, whylen);
    for (i = 0; i < PF_SERVICE_TLS_N && rc == PF_OK; i++)
	rc = service_value(svc, dir, where, main_cf, defaults,
			   tls_names[i][ps], true, &svc->tls[i], why, whylen);
    return (rc);
}

/* pf_conf_resolve - fill conf's main.cf fields */

int     pf_conf_resolve(pf_conf_t *conf, const char *config_dir,
			        const pf_params_t *main_cf,
			        const pf_params_t *defaults, char *why,
			        size_t whylen)
{
    /* postconf -c DIR: config_directory defaults to DIR */
    const char *dir = pf_conf_dir(config_dir);
    size_t  i;
    int     rc = PF_OK;

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]) && rc == PF_OK; i++) {
	char  **slot = (char **) ((char *) conf + fields[i].off);

	free(*slot);
	*slot = NULL;
	if (strcmp(fields[i].name, "mail_version") == 0) {
	    /* read-only: main.cf cannot change it */
	    const pf_param_t *p = pf_params_find(defaults, "mail_version");

	    *slot = strdup(p ? p->value : "");
	    if (*slot == NULL)
		rc = ENOMEM;
	    continue;
	}
	rc = pf_expand_value(NULL, main_cf, defaults, dir, conf->main_cf,
			  fields[i].name, slot, why, whylen);
    }
    for (i = 0; i < conf->n_services && rc == PF_OK; i++)
	rc = resolve_service(conf, &conf->services[i], dir, main_cf, defaults,
			     why, whylen);
    return (rc);
}

/* pf_conf_clear - release what a configuration holds, not the struct */

void    pf_conf_clear(pf_conf_t *conf)
{
    size_t  i;
    int     j;

    if (conf == NULL)
	return;
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
	free(*(char **) ((char *) conf + fields[i].off));
    for (i = 0; i < conf->n_services; i++) {
	free(conf->services[i].name);
	free(conf->services[i].host);
	free(conf->services[i].port);
	free(conf->services[i].command);
	free(conf->services[i].upstream_proxy);
	for (j = 0; j < PF_SERVICE_TLS_N; j++)
	    free(conf->services[i].tls[j]);
	pf_params_clear(&conf->services[i].opts);
    }
    free(conf->services);
    free(conf->qmgr_name);
    free(conf->qmgr_type);
    free(conf->qmgr_command);
    free(conf->main_cf);
    free(conf->master_cf);
    memset(conf, 0, sizeof(*conf));
}

/* pf_conf_free - release what pf_conf_load() returned; NULL */

pf_conf_t *pf_conf_free(pf_conf_t *conf)
{
    pf_conf_clear(conf);
    free(conf);
    return (NULL);
}

/* load_text - read a configuration file; absent is PF_EINSTALL */

static int load_text(const char *path, const char *what, char **data,
		             size_t *len, char *why, size_t whylen)
{
    struct stat st;
    int     rc;

    /*
     * The config directory is root's: main.cf and master.cf may be
     * symbolic links (an administrator's choice, and Postfix reads them
     * through links). What they name must be a regular file: a FIFO, a
     * device or a socket is refused, checked on the descriptor before it
     * is opened, so that no action blocks on it.
     */
    rc = pf_file_read(path, data, len, &st, false);
    if ((rc == EINVAL || rc == EISDIR) && st.st_mode != 0)
	return (pf_rc_why(PF_EINSTALL, why, whylen, "file %s: %s, not a "
			  "regular file: cannot read it", path,
			  pf_file_type(st.st_mode)));
    if (rc == ENOENT || rc == ENOTDIR)
	return (pf_rc_why(PF_EINSTALL, why, whylen,
		     "file %s: not found (%s not found in the configuration "
		     "path)", path, what));
    if (rc == EFBIG)
	return (pf_rc_why(PF_ECONFIG, why, whylen, "file %s: larger than %d bytes",
		     path, PF_FILE_MAX_SIZE));
    if (rc != PF_OK)
	return (pf_rc_why(rc == EACCES ? PF_EPERM : PF_EINSTALL, why, whylen,
		     "file %s: cannot read: %s", path, strerror(rc)));
    return (PF_OK);
}

/*
 * postconf_scope - what a postconf -d that did not give the defaults means
 * to an action: postconf that cannot run, or runs and fails, is this
 * node's installation (PF_EINSTALL); any other code stands. This is the
 * agent's decision, not a fact about the configuration; it is kept here,
 * in one place, until the agent layer applies it to what pf_conf_load()
 * returns.
 */
static int postconf_scope(int rc)
{
    return (rc == PF_ESPAWN || rc == PF_ECMD ? PF_EINSTALL : rc);
}

/* pf_conf_load - the instance's configuration */

int     pf_conf_load(const char *config_dir, const char *postconf,
		             pf_deadline_t deadline, pf_conf_t **out,
		             char *why, size_t whylen)
{
    const char *dir = pf_conf_dir(config_dir);
    pf_params_t main_cf;
    pf_params_t defaults;
    pf_conf_t *conf;
    struct stat st;
    char   *data = NULL;
    size_t  len;
    char    path[4096];
    int     rc;

    *out = NULL;
    pf_params_init(&main_cf);
    pf_params_init(&defaults);
    if ((rc = pf_conf_check_dir_arg(config_dir, why, whylen)) != PF_OK)
	return (rc);
    if (stat(dir, &st) < 0)
	return (pf_rc_why(PF_EINSTALL, why, whylen,
		     "directory %.100s: %s (No config path)", dir,
		     strerror(errno)));
    if (!S_ISDIR(st.st_mode))
	return (pf_rc_why(PF_EINSTALL, why, whylen,
		     "directory %.100s: not a directory (No config path)", dir));
    if ((conf = calloc(1, sizeof(*conf))) == NULL)
	return (pf_rc_why(ENOMEM, why, whylen, "out of memory"));
    snprintf(path, sizeof(path), "%s/main.cf", dir);
    conf->main_cf = strdup(path);
    snprintf(path, sizeof(path), "%s/master.cf", dir);
    conf->master_cf = strdup(path);
    if (conf->main_cf == NULL || conf->master_cf == NULL) {
	rc = pf_rc_why(ENOMEM, why, whylen, "out of memory");
	goto out;
    }
    if ((rc = load_text(conf->main_cf, "main.cf", &data, &len, why,
			whylen)) != PF_OK)
	goto out;
    rc = pf_conf_parse_main(data, len, conf->main_cf, &main_cf, why, whylen);
    free(data);
    data = NULL;
    if (rc != PF_OK)
	goto out;
    if ((rc = load_text(conf->master_cf, "master.cf", &data, &len, why,
			whylen)) != PF_OK)
	goto out;
    rc = pf_master_ent_parse(data, len, conf->master_cf, conf, why, whylen);
    free(data);
    data = NULL;
    if (rc != PF_OK)
	goto out;
    if ((rc = pf_conf_defaults(postconf, deadline, &defaults, why,
			       whylen)) != PF_OK) {
	rc = postconf_scope(rc);
	goto out;
    }
    if ((rc = pf_conf_resolve(conf, dir, &main_cf, &defaults, why,
			      whylen)) == PF_OK)
	rc = pf_conf_check_dirs(conf, why, whylen);
out:
    pf_params_clear(&main_cf);
    pf_params_clear(&defaults);
    if (rc != PF_OK) {
	pf_conf_free(conf);
	return (rc);
    }
    *out = conf;
    return (PF_OK);
}

/* pf_conf_check_dirs - queue and daemon directories of their own */

int     pf_conf_check_dirs(const pf_conf_t *conf, char *why, size_t whylen)
{
    const char *main_cf = conf->main_cf ? conf->main_cf : "main.cf";
    const struct {
	const char *name;
	const char *value;
    }       dirs[] = {
	{"queue_directory", conf->queue_directory},
	{"daemon_directory", conf->daemon_directory},
    };
    struct stat root, st;
    size_t  i;

    for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
	const char *v = dirs[i].value ? dirs[i].value : "";

	if (*v != '/')
	    return (pf_rc_why(PF_ECONFIG, why, whylen, "file %s: parameter "
			      "%s: \"%.60s\" is not an absolute path",
			      main_cf, dirs[i].name, v));
	/* by inode: every spelling of "/", and a link to it */
	if (stat(v, &st) == 0 && stat("/", &root) == 0
	    && st.st_dev == root.st_dev && st.st_ino == root.st_ino)
	    return (pf_rc_why(PF_ECONFIG, why, whylen, "file %s: parameter "
			      "%s: \"%.60s\" is the root directory, where "
			      "other programs work", main_cf, dirs[i].name, v));
    }
    return (PF_OK);
}

/* pf_conf_dir - the configuration directory Postfix is told */

const char *pf_conf_dir(const char *config_dir)
{
    return (config_dir && *config_dir ? config_dir : PF_CONF_DEFAULT_DIR);
}

/* pf_conf_dir_normalize - one spelling: no repeated or trailing slash */

char   *pf_conf_dir_normalize(char *config_dir)
{
    char   *in, *out;

    if (config_dir == NULL)
	return (NULL);
    for (in = out = config_dir; *in; in++)
	if (*in != '/' || out == config_dir || out[-1] != '/')
	    *out++ = *in;
    if (out > config_dir + 1 && out[-1] == '/')
	out--;
    *out = 0;
    return (config_dir);
}

/* dot_component - the first "." or ".." component of path, or NULL */

static const char *dot_component(const char *path)
{
    const char *cp;
    size_t  n;

    for (cp = path; *cp; cp += n) {
	cp += strspn(cp, "/");
	n = strcspn(cp, "/");
	if ((n == 1 && cp[0] == '.') || (n == 2 && cp[0] == '.' && cp[1] == '.'))
	    return (n == 1 ? "." : "..");
    }
    return (NULL);
}

/* pf_conf_check_dir_arg - config_dir, when given, is absolute, no dots */

int     pf_conf_check_dir_arg(const char *config_dir, char *why, size_t whylen)
{
    const char *dot;

    if (config_dir == NULL || *config_dir == 0)
	return (PF_OK);
    if (*config_dir != '/')
	return (pf_rc_why(PF_EARGS, why, whylen,
			  "config_dir %.80s: not an absolute path", config_dir));
    if ((dot = dot_component(config_dir)) != NULL)
	return (pf_rc_why(PF_EARGS, why, whylen, "config_dir %.80s: a \"%s\" "
			  "component: Postfix compares the spelling; write the "
			  "directory without it", config_dir, dot));
    return (PF_OK);
}

/* pf_conf_spool_used - local(8) delivers into mail_spool_directory */

bool    pf_conf_spool_used(const pf_conf_t *conf)
{
    return (pf_buf_blank(conf->home_mailbox) && pf_buf_blank(conf->mailbox_command)
	    && pf_buf_blank(conf->mailbox_transport)
	    && !pf_buf_blank(conf->mail_spool_directory));
}
