/*++
/* NAME
/*	pf_conf_dump 1
/* SUMMARY
/*	print an instance's configuration as pf_conf resolves it (tests)
/* SYNOPSIS
/*	pf_conf_dump [-p postconf] [-l listeners] [config_dir]
/* DESCRIPTION
/*	Loads the configuration with pf_conf_load() and prints one
/*	"name = value" line per main.cf parameter pf_conf_t exposes, then
/*	one "service name|host|port|command|wrappermode|line|upstream_proxy"
/*	line per master.cf smtpd service (upstream_proxy: "-" when not
/*	resolved, a disabled service) and one "listener label[ tls][ proxy]"
/*	line per pf_listen_build() result. The integration tests compare
/*	the first part with postconf -c DIR -h name.
/* DIAGNOSTICS
/*	Exit status 0, or 1 with the reason on stderr and the pf code name.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pf_conf.h"
#include "pf_listen.h"
#include "pf_rc.h"

int     main(int argc, char **argv)
{
    const char *postconf = "/usr/sbin/postconf";
    const char *override = "";
    pf_conf_t *conf;
    pf_listener_t *l;
    size_t  n;
    size_t  i;
    char    why[512];
    int     rc;
    int     ch;

    while ((ch = getopt(argc, argv, "p:l:")) != -1) {
	switch (ch) {
	case 'p':
	    postconf = optarg;
	    break;
	case 'l':
	    override = optarg;
	    break;
	default:
	    fprintf(stderr, "usage: %s [-p postconf] [-l listeners] [dir]\n",
		    argv[0]);
	    return (2);
	}
    }
    rc = pf_conf_load(optind < argc ? argv[optind] : "", postconf,
		      pf_deadline_after(20000), &conf, why, sizeof(why));
    if (rc != PF_OK) {
	fprintf(stderr, "%s (%s)\n", why, pf_strerror(rc));
	return (1);
    }
#define P(f) printf("%s = %s\n", #f, conf->f)
    P(config_directory); P(daemon_directory); P(command_directory);
    P(queue_directory); P(data_directory); P(process_id_directory);
    P(mail_owner); P(setgid_group); P(inet_interfaces); P(inet_protocols);
    P(mail_spool_directory); P(alternate_config_directories);
    P(multi_instance_directories); P(multi_instance_enable);
    P(multi_instance_name); P(mail_version);
    for (i = 0; i < conf->n_services; i++)
	printf("service %s|%s|%s|%s|%d|%d|%s\n", conf->services[i].name,
	       conf->services[i].host ? conf->services[i].host : "",
	       conf->services[i].port, conf->services[i].command,
	       conf->services[i].wrappermode, conf->services[i].line,
	       conf->services[i].upstream_proxy ?
	       conf->services[i].upstream_proxy : "-");
    rc = pf_listen_build(conf, override, &l, &n, why, sizeof(why));
    if (rc != PF_OK) {
	fprintf(stderr, "%s (%s)\n", why, pf_strerror(rc));
	pf_conf_free(conf);
	return (1);
    }
    for (i = 0; i < n; i++)
	printf("listener %s%s%s\n", l[i].label, l[i].tls_wrapper ? " tls" : "",
	       l[i].proxy != PF_PROXY_NONE ? " proxy" : "");
    free(l);
    pf_conf_free(conf);
    return (0);
}
