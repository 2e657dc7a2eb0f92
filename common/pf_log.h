/*++
/* NAME
/*	pf_log 3h
/* SUMMARY
/*	logging through libqb, and ocf-exit-reason
/* SYNOPSIS
/*	#include "pf_log.h"
/*--*/
#ifndef PF_LOG_H
#define PF_LOG_H

#include <qb/qblog.h>

/*
 * Technical detail goes after PF_XS, so that the first half of a message
 * reads well to an administrator (Pacemaker's convention).
 */
#define PF_XS	QB_XS

#define pf_err(fmt, ...)	qb_log(LOG_ERR, fmt, ##__VA_ARGS__)
#define pf_warn(fmt, ...)	qb_log(LOG_WARNING, fmt, ##__VA_ARGS__)
#define pf_notice(fmt, ...)	qb_log(LOG_NOTICE, fmt, ##__VA_ARGS__)
#define pf_info(fmt, ...)	qb_log(LOG_INFO, fmt, ##__VA_ARGS__)
#define pf_debug(fmt, ...)	qb_log(LOG_DEBUG, fmt, ##__VA_ARGS__)

extern void pf_log_init(const char *agent, const char *instance);
extern void pf_log_fini(void);
extern void pf_log_exit_reason(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
extern void pf_log_ident(char *buf, size_t len, const char *agent,
			 const char *instance);
extern void pf_log_clean(char *text);

#endif
