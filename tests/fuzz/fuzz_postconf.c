/*++
/* NAME
/*	fuzz_postconf 1
/* SUMMARY
/*	libFuzzer harness: postconf output (and cache body) parsing
/* DESCRIPTION
/*	Parses the input as "postconf -d" output, which is also the body
/*	of the defaults cache (pf_conf_parse_postconf_output()), then
/*	resolves the exposed values with those defaults and an empty
/*	main.cf, as pf_conf_load() does with a cached or fresh postconf -d.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pf_conf.h"
#include "pf_conf_cache.h"
#include "pf_rc.h"

extern int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - one postconf output */

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_params_t defaults = {0};
    pf_params_t main_cf = {0};
    pf_conf_t *conf = calloc(1, sizeof(*conf));
    char    why[256];

    if (conf == NULL)
	return (0);
    if (pf_conf_parse_postconf_output((const char *) data, size, &defaults,
				      why, sizeof(why)) == PF_OK)
	(void) pf_conf_resolve(conf, "/fuzz", &main_cf, &defaults, why,
			       sizeof(why));
    pf_conf_free(conf);
    pf_params_clear(&defaults);
    return (0);
}
