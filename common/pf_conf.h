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
/*	daemon expects. Its parts: pf_readlline(3), pf_params(3),
/*	pf_expand(3), pf_master_ent(3), pf_conf_cache(3).
/*	config_dir "" or NULL means the default instance (/etc/postfix).
/*--*/
#ifndef PF_CONF_H
#define PF_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "pf_clock.h"
#include "pf_master_ent.h"
#include "pf_params.h"

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
    /* what smtpd(8) requires free on the queue filesystem (pf_degraded) */
    char   *queue_minfree;
    char   *message_size_limit;
    /* master.cf services that greet SMTP clients */
    pf_service_t *services;
    size_t  n_services;
    /* the queue manager service (first qmgr/oqmgr entry), NULL if none */
    char   *qmgr_name;			/* first master.cf field */
    char   *qmgr_type;			/* unix or fifo */
    char   *qmgr_command;		/* qmgr or oqmgr, as written */
    bool    qmgr_private;		/* private/ (y) or public/ (n) */
    /* master.cf's chroot column: some service y, some "-" (default) */
    bool    chroot_yes;
    bool    chroot_default;
    char   *compatibility_level;	/* what "-" means (pf_chroot_used) */
    char   *myorigin;			/* configure-instance.sh's own check */
} pf_conf_t;

/*
 * Returns PF_OK, PF_EINSTALL (config dir, main.cf or master.cf absent on
 * this node; postconf missing), PF_ECONFIG (syntax; pf_conf_check_dirs()),
 * PF_EARGS (config_dir not absolute, or with a "." or ".." component)
 * or an errno, with a reason in why
 * ("file /x/main.cf: line 12: ..."). Spawns no process while the cache of
 * "postconf -d" in $HA_RSCTMP is valid (see pf_conf_cache(3)).
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
#define PF_CONF_DEFAULT_MAIN_CF	PF_CONF_DEFAULT_DIR "/main.cf"

/* config_dir as Postfix is told it ("" and NULL: the default). */
extern const char *pf_conf_dir(const char *config_dir);

/* local(8) delivers into mail_spool_directory (no other mailbox setting). */
extern bool pf_conf_spool_used(const pf_conf_t *conf);

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
extern int pf_conf_parse_main(const char *buf, size_t len, const char *path,
			              pf_params_t *out, char *why, size_t whylen);
extern int pf_conf_expand(const pf_params_t *main_cf,
			          const pf_params_t *defaults, const char *path,
			          const char *name, char **value, char *why,
			          size_t whylen);
extern int pf_conf_resolve(pf_conf_t *conf, const char *config_dir,
			           const pf_params_t *main_cf,
			           const pf_params_t *defaults, char *why,
			           size_t whylen);

/*
 * Is config_dir trusted by postdrop/postqueue: listed literally in an
 * alternate_config_directories or multi_instance_directories assignment
 * of the default main.cf (parsed with pf_conf_parse_main())?
 */
extern bool pf_conf_dir_listed(const pf_params_t *default_main_cf,
			               const char *config_dir);
extern bool pf_conf_dir_multi(const pf_params_t *default_main_cf,
				      const char *config_dir);

#endif
