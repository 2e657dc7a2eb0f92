/*++
/* NAME
/*	pf_ids 3h
/* SUMMARY
/*	mail_owner, setgid_group and the queue's ownership
/* SYNOPSIS
/*	#include "pf_ids.h"
/* DESCRIPTION
/*	The ownership checks of a shared queue plus Postfix's own rules. Each
/*	returns PF_OK or a classified failure with a reason naming the
/*	object first.
/*
/*	pf_ids_check_owners(): mail_owner and setgid_group exist on this
/*	node (absent: PF_EINSTALL) and are not root / root's group
/*	(PF_ECONFIG). It is pf_ids_lookup() (the getpwnam()/getgrnam())
/*	then pf_ids_check_privileges() on the ids found, for callers that
/*	need the ids again (pf_ids_check_queue_search()).
/*
/*	pf_ids_check_queue(): the queue's maildrop and public directories
/*	are group-owned by setgid_group, its private directories owned by
/*	mail_owner (PF_EPERM: this node's ids differ from the shared
/*	queue's), then their modes let the daemons in (PF_EFAIL). Never
/*	walks the queue files.
/*
/*	pf_ids_check_data_dir(): data_directory is writable by mail_owner
/*	(PF_EPERM), checked from the ownership and mode, without a shell.
/*--*/
#ifndef PF_IDS_H
#define PF_IDS_H

#include <stddef.h>
#include <sys/types.h>

#include "pf_conf.h"

/* mail_owner's and setgid_group's ids on this node */
typedef struct pf_ids {
    uid_t   uid;			/* mail_owner */
    gid_t   ugid;			/* mail_owner's primary group */
    gid_t   gid;			/* setgid_group */
} pf_ids_t;

extern int pf_ids_lookup(const pf_conf_t *conf, pf_ids_t *ids, char *why,
			         size_t whylen);
extern int pf_ids_check_privileges(const pf_conf_t *conf, const pf_ids_t *ids,
				           char *why, size_t whylen);
extern int pf_ids_check_owners(const pf_conf_t *conf, char *why, size_t whylen);
extern int pf_ids_check_queue_search(const pf_conf_t *conf, const pf_ids_t *ids,
				             char *why, size_t whylen);
extern int pf_ids_check_queue(const pf_conf_t *conf, char *why, size_t whylen);
/* Queue directories' modes keep the daemons out: PF_EFAIL. */
extern int pf_ids_check_queue_modes(const pf_conf_t *conf, char *why,
				            size_t whylen);
extern int pf_ids_check_data_dir(const pf_conf_t *conf, char *why, size_t whylen);

#endif
