/*++
/* NAME
/*	pf_smtp_probe_cli 1
/* SUMMARY
/*	run pf_smtp_probe() against one address, for tests
/* SYNOPSIS
/*	pf_smtp_probe_cli [--tls] [--proxy v1|v2] [--ehlo name]
/*		address port timeout_ms
/* DESCRIPTION
/*	Probes address:port (IPv4 or IPv6, numeric) with pf_smtp_probe(),
/*	exactly as the agent does, with a deadline timeout_ms from now, in
/*	TLS wrapper mode with --tls, after a PROXY protocol header of
/*	version 1 or 2 with --proxy. Prints one line "rc=<name> ms=<elapsed>
/*	why=<why>" on stdout. Logging goes to stderr (HA_debug=1).
/* DIAGNOSTICS
/*	Exit 0 when the probe succeeded, 1 when it failed, 2 when it timed
/*	out, 64 on a usage error.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_log.h"
#include "pf_rc.h"
#include "pf_smtp.h"

/* usage - say how, exit 64 */

static void usage(void)
{
    fprintf(stderr, "usage: pf_smtp_probe_cli [--tls] [--proxy v1|v2] "
	    "[--ehlo name] address port timeout_ms\n");
    exit(64);
}

/* listener_make - a listener for a numeric address and port */

static void listener_make(pf_listener_t *l, const char *addr, int port,
			          int tls)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) &l->addr;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &l->addr;

    memset(l, 0, sizeof(*l));
    if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short) port);
	l->addrlen = sizeof(*sin);
	snprintf(l->label, sizeof(l->label), "%s %s:%d",
		 tls ? "smtps" : "smtp", addr, port);
    } else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons((unsigned short) port);
	l->addrlen = sizeof(*sin6);
	snprintf(l->label, sizeof(l->label), "%s [%s]:%d",
		 tls ? "smtps" : "smtp", addr, port);
    } else {
	usage();
    }
    l->tls_wrapper = tls;
}

int     main(int argc, char **argv)
{
    pf_listener_t l;
    const char *ehlo = NULL;
    char    why[512];
    int64_t start;
    int     tls = 0;
    pf_proxy_t proxy = PF_PROXY_NONE;
    int     port, timeout_ms, rc;
    int     i = 1;

    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
	if (strcmp(argv[i], "--tls") == 0)
	    tls = 1;
	else if (strcmp(argv[i], "--ehlo") == 0 && i + 1 < argc)
	    ehlo = argv[++i];
	else if (strcmp(argv[i], "--proxy") == 0 && i + 1 < argc) {
	    i++;
	    if (strcmp(argv[i], "v1") == 0)
		proxy = PF_PROXY_V1;
	    else if (strcmp(argv[i], "v2") == 0)
		proxy = PF_PROXY_V2;
	    else
		usage();
	}
	else
	    usage();
    }
    if (argc - i != 3)
	usage();
    port = atoi(argv[i + 1]);
    timeout_ms = atoi(argv[i + 2]);
    if (port <= 0 || port > 65535 || timeout_ms <= 0)
	usage();
    listener_make(&l, argv[i], port, tls);
    l.proxy = proxy;
    pf_log_init("pf_smtp_probe_cli", "test");
    start = pf_now_ms();
    rc = pf_smtp_probe(&l, ehlo, pf_deadline_after(timeout_ms), why, sizeof(why));
    printf("rc=%s ms=%lld why=%s\n", rc == PF_OK ? "ok" : rc == PF_ETIMEOUT ?
	   "timeout" : "fail", (long long) (pf_now_ms() - start), why);
    pf_log_fini();
    return (rc == PF_OK ? 0 : rc == PF_ETIMEOUT ? 2 : 1);
}
