/*++
/* NAME
/*	fuzz_master_cf 1
/* SUMMARY
/*	libFuzzer harness: master.cf parsing
/* DESCRIPTION
/*	Parses the input as master.cf (pf_master_ent_parse()) and checks
/*	what every returned smtpd/postscreen service must satisfy: a name,
/*	a port and a command, a positive line number, -o options with a
/*	name and a value. The services' upstream proxy protocol is then
/*	resolved (pf_conf_resolve(), no main.cf: their -o values are
/*	expanded against each other). No name resolution (pf_listen) is
/*	done here: it would make the fuzzer query DNS.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_conf.h"
#include "pf_rc.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - one master.cf */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_conf_t *conf = calloc(1, sizeof(*conf));
    pf_params_t none;
    char    why[256];
    size_t  i, j;
    int     rc;

    if (conf == NULL)
	return (0);
    pf_params_init(&none);
    rc = pf_master_ent_parse((const char *) data, size, "/fuzz/master.cf",
			      conf, why, sizeof(why));
    for (i = 0; i < conf->n_services; i++) {
	const pf_service_t *s = &conf->services[i];

	/* a service that split_listen() rejected may lack a port */
	if (s->name == NULL || s->command == NULL || s->line <= 0
	    || (strcmp(s->command, "smtpd") != 0
		&& strcmp(s->command, "postscreen") != 0))
	    abort();
	for (j = 0; j < s->opts.n; j++)
	    if (s->opts.v[j].name == NULL || s->opts.v[j].value == NULL)
		abort();
    }
    if (rc == PF_OK
	&& pf_conf_resolve(conf, "/fuzz", &none, &none, why,
			   sizeof(why)) == PF_OK)
	for (i = 0; i < conf->n_services; i++)
	    if (conf->services[i].upstream_proxy == NULL)
		abort();			/* none disabled: all resolved */
    pf_conf_free(conf);
    return (0);
}
