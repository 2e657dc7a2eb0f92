/*++
/* NAME
/*	fuzz_main_cf 1
/* SUMMARY
/*	libFuzzer harness: main.cf parsing and $name expansion
/* DESCRIPTION
/*	Parses the input as main.cf (pf_conf_parse_main()) and resolves
/*	every value pf_conf_t exposes against a few fixed defaults
/*	(pf_conf_resolve()), then expands every parameter the input set.
/*	Errors are expected; crashes, leaks, hangs and undefined
/*	behaviour are not.
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

/* LLVMFuzzerTestOneInput - one main.cf */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_params_t main_cf = {0};
    pf_params_t defaults = {0};
    pf_conf_t conf;
    char    why[256];
    char   *v;
    size_t  i;

    (void) pf_conf_parse_main((const char *) data, size, "/fuzz/main.cf",
			      &main_cf, why, sizeof(why));
    pf_params_set(&defaults, "queue_directory", "/var/spool/postfix", 0);
    pf_params_set(&defaults, "mail_owner", "postfix", 0);
    pf_params_set(&defaults, "compatibility_level", "0", 0);
    pf_params_set(&defaults, "mynetworks_style",
	   "${{$compatibility_level} <level {2} ? {subnet} : {host}}", 0);
    pf_params_set(&defaults, "mail_version", "3.7.11", 0);
    memset(&conf, 0, sizeof(conf));
    (void) pf_conf_resolve(&conf, "/fuzz", &main_cf, &defaults, why,
			   sizeof(why));
    for (i = 0; i < main_cf.n && i < 64; i++) {
	v = NULL;
	if (pf_conf_expand(&main_cf, &defaults, "/fuzz/main.cf",
			   main_cf.v[i].name, &v, why, sizeof(why)) == PF_OK)
	    free(v);
    }
    pf_conf_clear(&conf);
    pf_params_clear(&main_cf);
    pf_params_clear(&defaults);
    return (0);
}
