/*++
/* NAME
/*	pf_answer 3h
/* SUMMARY
/*	what the agent exits with: the situations, the one table of
/*	answers, and its rules
/* SYNOPSIS
/*	#include "pf_answer.h"
/* DESCRIPTION
/*	The rows and rules of "Answers the agent gives" in
/*	docs/architecture.md, in code: the situations, the findings of
/*	start and validate-all, the fault scope. See pf_answer.c.
/*--*/
#ifndef PF_ANSWER_H
#define PF_ANSWER_H

#include <stdbool.h>

/* The situations: one per row of the answer table. */
typedef enum pf_situation {
    PF_SIT_HEALTHY,			/* master runs, every listener greets */
    PF_SIT_DEGRADED,			/* healthy, with a condition to fix */
    PF_SIT_NOT_RUNNING,			/* nothing of the instance runs */
    PF_SIT_STALE_PID,			/* pid file names another process */
    PF_SIT_ABSENT,			/* config or queue directory not here */
    PF_SIT_FAILING,			/* something runs but does not serve */
    PF_SIT_HUNG,			/* master stopped (state T) */
    PF_SIT_LEFTOVERS,			/* processes left without their master */
    PF_SIT_CONFIG_INVALID,		/* wrong on every node */
    PF_SIT_BAD_PARAMETER,		/* a resource parameter is malformed */
    PF_SIT_NODE_PERM,			/* ownership wrong on this node */
    PF_SIT_NODE_FAULT,			/* this node cannot manage what runs */
    PF_SIT_NO_BINARY,			/* postfix/postconf missing, none runs */
    PF_SIT_COUNT
} pf_situation_t;

/* Which check produced the facts (see pf_answer_classify()). */
typedef enum pf_stage {
    PF_STAGE_CONF,			/* loading the configuration */
    PF_STAGE_OWNERS,			/* mail_owner, setgid_group lookups */
    PF_STAGE_HEALTH,			/* master, queue, listeners, ids */
} pf_stage_t;

/* What the checks found: the input of the classifier. */
typedef struct pf_facts {
    pf_stage_t stage;			/* where rc comes from */
    int     rc;				/* first failing check, PF_OK if none */
    bool    running;			/* a process of the instance runs */
    bool    master;			/* a verified master holds the lock */
    bool    hung;			/* the verified master is stopped */
    bool    stale_pid;			/* pid file names no master of ours */
    bool    no_binary;			/* postfix or postconf not executable */
    bool    degraded;			/* healthy, a pf_degraded condition holds */
} pf_facts_t;

/* The columns. */
typedef enum pf_answer_col {
    PF_ANSWER_PROBE,			/* monitor, no interval */
    PF_ANSWER_MONITOR,			/* recurring monitor */
} pf_answer_col_t;

/*
 * What a check of start or validate-all found that is no pf code of its
 * own: pf_answer_found() says what it answers.
 */
typedef enum pf_finding {
    PF_FOUND_THIS_NODE,			/* a file or command only this node has */
    PF_FOUND_UNCHECKABLE,		/* libxml2 gone: cluster checks cannot run */
    PF_FOUND_UNWIRED,			/* the CIB lacks the IP/Filesystem wiring */
    PF_FOUND_START_FAILED,		/* postfix start did not bring it up */
    PF_FOUND_COUNT
} pf_finding_t;

/* Who a configuration error (PF_ECONFIG) is wrong for: the fault scope. */
typedef enum pf_scope {
    PF_SCOPE_CLUSTER,			/* every node reads it (or cannot tell) */
    PF_SCOPE_NODE,			/* config_dir is this node's own */
} pf_scope_t;

extern pf_situation_t pf_answer_classify(const pf_facts_t *facts);
extern int pf_answer(pf_situation_t situation, pf_answer_col_t col);
extern const char *pf_answer_name(pf_situation_t situation);
extern int pf_answer_stop(bool left);
extern int pf_answer_found(pf_finding_t finding, bool required);
extern bool pf_answer_scoped(int rc);
extern int pf_answer_scope(int rc, pf_scope_t scope);
extern int pf_answer_exit(int rc, pf_scope_t scope);

/* the worse of two answers: the one a report of many problems gives */
extern int pf_answer_worst(int a, int b);

#endif
