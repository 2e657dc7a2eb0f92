/*++
/* NAME
/*	pf_conf 3h
/* SUMMARY
/*	a Postfix instance's configuration, as Postfix resolves it
/* SYNOPSIS
/*	#include "pf_conf.h"
/* DESCRIPTION
/*	pf_conf_load() returns the main.cf values the agent needs, fully
/*	resolved ($name and ${name} expansion, compiled-in defaults,
/*	continuation lines, last assignment wins), the master.cf inet
/*	services that greet SMTP clients (command smtpd or postscreen) and
/*	the queue manager service (command qmgr or oqmgr). Each such
/*	service keeps its -o options and the upstream proxy protocol its
/*	daemon expects.
/*	config_dir "" or NULL means the default instance (/etc/postfix).
/*--*/
#ifndef PF_CONF_H
#define PF_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_ocf.h"

/*
 * An ordered list of name = value (last assignment wins on lookup); line
 * is the logical line's first physical line, 0 if none. The caller
 * provides it, empty from pf_params_init(); the list owns its strings,
 * and pf_params_clear() frees them and leaves it empty.
 */
typedef struct pf_param {
    char   *name;
    char   *value;
    int     line;
} pf_param_t;

typedef struct pf_params {
    pf_param_t *v;			/* the entries, in order */
    size_t  n;
    size_t  cap;
    bool    unsorted;			/* names not strictly ascending */
    char  **blocks;			/* owned: every name and value is in one */
    size_t  nblocks;
    size_t  blocks_cap;
} pf_params_t;

typedef struct pf_service {
    char   *name;			/* first master.cf field, as written */
    char   *host;			/* host part, NULL when none given */
    char   *port;			/* service name or number */
    char   *command;		/* smtpd or postscreen */
    bool    wrappermode;		/* -o smtpd_tls_wrappermode=yes */
    int     line;			/* line in master.cf */
    pf_params_t opts;			/* its -o name=value, in order */
    /* smtpd_ or postscreen_upstream_proxy_protocol as the daemon sees
     * it (-o over main.cf, expanded): "" none; NULL until resolved */
    char   *upstream_proxy;
} pf_service_t;

typedef struct pf_conf {
    char   *main_cf;			/* path of main.cf read */
    char   *master_cf;		/* path of master.cf read */
    /* main.cf values, resolved */
    char   *config_directory;
    char   *daemon_directory;
    char   *command_directory;
    char   *queue_directory;
    char   *data_directory;
    char   *process_id_directory;
    char   *mail_owner;
    char   *setgid_group;
    char   *inet_interfaces;
    char   *inet_protocols;
    char   *mail_spool_directory;
    char   *alternate_config_directories;
    char   *multi_instance_directories;
    char   *multi_instance_enable;
    char   *multi_instance_name;
    char   *mail_version;
    char   *home_mailbox;		/* local(8): spool unused when set */
    char   *mailbox_command;
    char   *mailbox_transport;
    char   *master_service_disable;
    /* how queue files are named and hashed (pf_qstamp) */
    char   *hash_queue_names;
    char   *hash_queue_depth;
    char   *enable_long_queue_ids;
    /* master.cf services that greet SMTP clients */
    pf_service_t *services;
    size_t  n_services;
    /* the queue manager service (first qmgr/oqmgr entry), NULL if none */
    char   *qmgr_name;			/* first master.cf field */
    char   *qmgr_type;			/* unix or fifo */
    char   *qmgr_command;		/* qmgr or oqmgr, as written */
    bool    qmgr_private;		/* private/ (y) or public/ (n) */
} pf_conf_t;

/*
 * Returns PF_OK, PF_EINSTALL (config dir, main.cf or master.cf absent on
 * this node; postconf missing), PF_ECONFIG (syntax; pf_conf_check_dirs()),
 * PF_EARGS (config_dir not absolute, or with a "." or ".." component)
 * or an errno, with a reason in why
 * ("file /x/main.cf: line 12: ..."). Spawns no process while the cache of
 * "postconf -d" in $HA_RSCTMP is valid (see pf_conf(3)).
 */
extern int pf_conf_load(const char *config_dir, const char *postconf,
			        pf_deadline_t deadline, pf_conf_t **out,
			        char *why, size_t whylen);
/* Release what pf_conf_load() returned; returns NULL. */
extern pf_conf_t *pf_conf_free(pf_conf_t *conf);

/* Release what a caller-provided pf_conf_t holds, zero it; not the struct. */
extern void pf_conf_clear(pf_conf_t *conf);

/*
 * queue_directory and daemon_directory (which decide what processes are
 * the instance's) are absolute and not the root directory, whatever the
 * spelling or a symbolic link: else PF_ECONFIG, why naming the parameter.
 * pf_conf_load() applies it.
 */
extern int pf_conf_check_dirs(const pf_conf_t *conf, char *why,
			              size_t whylen);

/* The default instance's configuration directory. */
#define PF_CONF_DEFAULT_DIR	"/etc/postfix"

/* config_dir as Postfix is told it ("" and NULL: the default). */
extern const char *pf_conf_dir(const char *config_dir);

/*
 * config_dir in its one spelling, in place: runs of slashes made one, a
 * trailing slash removed (not the root's); returns config_dir.
 */
extern char *pf_conf_dir_normalize(char *config_dir);

/*
 * config_dir, when given, is an absolute path with no "." or ".."
 * component: else PF_EARGS, why set.
 */
extern int pf_conf_check_dir_arg(const char *config_dir, char *why,
				         size_t whylen);

/*
 * The pure parts, for unit tests and fuzzers: no file system, no process.
 */
#define PF_CONF_MAX_PARAMS	20000	/* main.cf or postconf -d entries */
#define PF_CONF_MAX_SERVICES	5000	/* master.cf smtpd/postscreen entries */
#define PF_CONF_MAX_DEPTH	100	/* $name nesting, as Postfix */
#define PF_CONF_MAX_EXPANSIONS	10000	/* $name lookups for one value */
#define PF_CONF_MAX_VALUE	(1024 * 1024)	/* an expanded value */

extern int pf_conf_parse_main(const char *buf, size_t len, const char *path,
			              pf_params_t *out, char *why, size_t whylen);
extern int pf_conf_parse_postconf_output(const char *buf, size_t len,
				               pf_params_t *out, char *why,
					               size_t whylen);
extern int pf_conf_parse_master(const char *buf, size_t len, const char *path,
			              pf_conf_t *conf, char *why, size_t whylen);
extern const pf_param_t *pf_params_find(const pf_params_t *p, const char *name);
extern int pf_params_set(pf_params_t *p, const char *name, const char *value,
			         int line);
extern void pf_params_init(pf_params_t *p);
extern void pf_params_clear(pf_params_t *p);
extern int pf_conf_expand(const pf_params_t *main_cf,
			          const pf_params_t *defaults, const char *path,
			          const char *name, char **value, char *why,
			          size_t whylen);
extern int pf_conf_resolve(pf_conf_t *conf, const char *config_dir,
			           const pf_params_t *main_cf,
			           const pf_params_t *defaults, char *why,
			           size_t whylen);

/*
 * master_service_disable as master(8) applies it: patterns "type" or
 * "name/type" (the older "name.type" too), "!" negates, case-insensitive,
 * the first match decides. True when the service name/type is disabled.
 */
extern bool pf_conf_service_disabled(const char *patterns, const char *name,
				             const char *type);

/*
 * Is config_dir trusted by postdrop/postqueue: listed literally in an
 * alternate_config_directories or multi_instance_directories assignment
 * of the default main.cf (parsed with pf_conf_parse_main())?
 */
extern bool pf_conf_dir_listed(const pf_params_t *default_main_cf,
			               const char *config_dir);

/* The cache of postconf -d under $HA_RSCTMP, keyed by postconf's identity. */
extern int pf_conf_defaults(const char *postconf, pf_deadline_t deadline,
			            pf_params_t *out, char *why, size_t whylen);
extern char *pf_conf_cache_path(const char *postconf, char *buf, size_t len);

#endif
