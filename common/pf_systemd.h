/*++
/* NAME
/*	pf_systemd 3h
/* SUMMARY
/*	is a systemd unit enabled to start at boot
/* SYNOPSIS
/*	#include "pf_systemd.h"
/* DESCRIPTION
/*	See pf_systemd.c.
/*--*/
#ifndef PF_SYSTEMD_H
#define PF_SYSTEMD_H

#include <stdbool.h>
#include <stddef.h>

extern void pf_systemd_set_root(const char *root);
extern bool pf_systemd_enabled(const char *unit, char *where, size_t len);

#endif
