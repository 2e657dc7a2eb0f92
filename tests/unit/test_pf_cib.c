/*++
/* NAME
/*	test_pf_cib 1
/* SUMMARY
/*	unit tests of pf_cib: the wiring checks on CIBs written here
/* DESCRIPTION
/*	Each test parses a small CIB (the XML cibadmin -Q gives, cut to
/*	what pf_cib reads) and asks whether an address has an IP resource,
/*	or a path a Filesystem resource, that runs with resource mta and
/*	starts before it: through a group, through constraints, or not.
/*	Also the XML of attrd_updater --output-as=xml -Q -A, as Pacemaker
/*	2.1.5 writes it.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pf_cib.h"
#include "pf_rc.h"

#define HEAD	"<cib><configuration><resources>"
#define MID	"</resources><constraints>"
#define TAIL	"</constraints></configuration><status/></cib>"
#define IP(id, a) "<primitive id=\"" id "\" class=\"ocf\" provider=\"heartbeat\" " \
	"type=\"IPaddr2\"><instance_attributes id=\"" id "-ia\"><nvpair id=\"" \
	id "-ip\" name=\"ip\" value=\"" a "\"/></instance_attributes></primitive>"
#define FS(id, d) "<primitive id=\"" id "\" class=\"ocf\" provider=\"heartbeat\" " \
	"type=\"Filesystem\"><instance_attributes id=\"" id "-ia\"><nvpair id=\"" \
	id "-d\" name=\"directory\" value=\"" d "\"/></instance_attributes></primitive>"
#define MTA	"<primitive id=\"mta\" class=\"ocf\" provider=\"pfkit\" type=\"postfix\"/>"

static char why[512];

/* check - parse xml, run the IP check (addr) or the fs check (path) */

static int check(const char *xml, const char *addr, const char *path)
{
    pf_cib_t *cib;
    int     rc;

    why[0] = 0;
    assert_int_equal(pf_cib_parse(xml, strlen(xml), &cib, why, sizeof(why)), PF_OK);
    rc = addr ? pf_cib_ip_check(cib, "mta:0", addr, why, sizeof(why))
	: pf_cib_fs_check(cib, "mta", "queue_directory", path, NULL, why,
			  sizeof(why));
    pf_cib_free(cib);
    return (rc);
}

static void group_before_is_wired(void **state)
{
    const char *xml = HEAD "<group id=\"g\">" FS("fs", "/srv/mail/")
	IP("ip", "198.51.100.25") MTA "</group>" MID TAIL;

    (void) state;
    assert_int_equal(check(xml, "198.51.100.25", NULL), PF_OK);
    assert_int_equal(check(xml, NULL, "/srv/mail/postfix"), PF_OK);
    assert_int_equal(check(xml, NULL, "/srv/mail"), PF_OK);
    assert_int_equal(check(xml, NULL, "/srv/mailx/postfix"), PF_EINSTALL);
}

static void missing_ip_named(void **state)
{
    const char *xml = HEAD "<group id=\"g\">" FS("fs", "/srv/mail") MTA
	"</group>" MID TAIL;

    (void) state;
    assert_int_equal(check(xml, "198.51.100.25", NULL), PF_EINSTALL);
    assert_string_equal(why, "Could not find IP resource for 198.51.100.25");
}

static void missing_fs_named(void **state)
{
    const char *xml = HEAD "<group id=\"g\">" IP("ip", "198.51.100.25") MTA
	"</group>" MID TAIL;

    (void) state;
    assert_int_equal(check(xml, NULL, "/srv/mail/postfix"), PF_EINSTALL);
    assert_non_null(strstr(why, "queue_directory /srv/mail/postfix: "));
    assert_non_null(strstr(why, "must exist on a shared filesystem"));
}

static void after_in_group_is_not_wired(void **state)
{
    const char *xml = HEAD "<group id=\"g\">" MTA IP("ip", "198.51.100.25")
	"</group>" MID TAIL;

    (void) state;
    assert_int_equal(check(xml, "198.51.100.25", NULL), PF_EINSTALL);
    assert_non_null(strstr(why, "ip is neither before it"));
}

static void constraints_both_needed(void **state)
{
    const char *colo = "<rsc_colocation id=\"c\" score=\"INFINITY\" "
	"rsc=\"mta\" with-rsc=\"gip\"/>";
    const char *ord = "<rsc_order id=\"o\" first=\"gip\" then=\"mta\"/>";
    const char *res = HEAD "<group id=\"gip\">" IP("ip", "2001:db8::25")
	"</group>" MTA MID;
    char    xml[4096];

    (void) state;
    snprintf(xml, sizeof(xml), "%s%s%s%s", res, colo, ord, TAIL);
    assert_int_equal(check(xml, "2001:db8:0::25", NULL), PF_OK);
    snprintf(xml, sizeof(xml), "%s%s%s", res, colo, TAIL);
    assert_int_equal(check(xml, "2001:db8::25", NULL), PF_EINSTALL);
    snprintf(xml, sizeof(xml), "%s%s%s", res, ord, TAIL);
    assert_int_equal(check(xml, "2001:db8::25", NULL), PF_EINSTALL);
    /* against each other, or optional: not wired */
    snprintf(xml, sizeof(xml), "%s%s%s", res, "<rsc_colocation id=\"c\" "
	     "score=\"-INFINITY\" rsc=\"mta\" with-rsc=\"gip\"/>", ord);
    strcat(xml, TAIL);
    assert_int_equal(check(xml, "2001:db8::25", NULL), PF_EINSTALL);
    snprintf(xml, sizeof(xml), "%s%s%s%s", res, colo, "<rsc_order id=\"o\" "
	     "kind=\"Optional\" first=\"gip\" then=\"mta\"/>", TAIL);
    assert_int_equal(check(xml, "2001:db8::25", NULL), PF_EINSTALL);
}

static void root_filesystem_holds_nothing(void **state)
{
    const char *xml = HEAD "<group id=\"g\">" FS("fs", "/") MTA "</group>"
	MID TAIL;

    (void) state;
    assert_int_equal(check(xml, NULL, "/var/spool/postfix"), PF_EINSTALL);
}

static void not_xml_is_parse_error(void **state)
{
    pf_cib_t *cib = NULL;

    (void) state;
    assert_int_equal(pf_cib_parse("<cib", 4, &cib, why, sizeof(why)), PF_EPARSE);
    assert_null(cib);
}

static void attrd_xml_read(void **state)
{
    const char *xml = "<pacemaker-result api-version=\"2.25\" request=\"x\">\n"
	"  <attribute name=\"pfkit-mta-ids\" value=\"103:107\" host=\"node1\"/>\n"
	"  <attribute name=\"pfkit-mta-ids\" value=\"1001:107\" host=\"node2\"/>\n"
	"  <status code=\"0\" message=\"OK\"/>\n</pacemaker-result>\n";
    pf_cib_attr_t *b;
    size_t  n;

    (void) state;
    assert_int_equal(pf_cib_attrs_parse(xml, strlen(xml), "pfkit-mta-ids",
					&b, &n, why, sizeof(why)), PF_OK);
    assert_int_equal(n, 2);
    assert_string_equal(b[1].node, "node2");
    assert_string_equal(b[1].value, "1001:107");
    pf_cib_attrs_free(b, n);
    /* not XML: nothing, and why says so */
    assert_int_equal(pf_cib_attrs_parse("<x", 2, "pfkit-mta-ids", &b, &n,
					why, sizeof(why)), PF_EPARSE);
    assert_null(b);
    assert_int_equal(n, 0);
}

static void attrd_xml_every_node_whole(void **state)
{
    char    name[300], node[330];
    char   *xml;
    pf_cib_attr_t *v;
    size_t  n, len = 0, i, cap = 100 * 600;

    (void) state;
    assert_non_null(xml = malloc(cap));
    memset(name, 'n', 250);
    name[250] = 0;
    len += (size_t) snprintf(xml + len, cap - len, "<pacemaker-result>");
    /* 100 nodes (more than 32) whose names are 254 bytes (over 127) */
    for (i = 0; i < 100; i++)
	len += (size_t) snprintf(xml + len, cap - len, "<attribute name=\"pfkit-"
				 "mta-ids\" value=\"%zu:107\" host=\"%s%04zu\"/>",
				 i, name, i);
    len += (size_t) snprintf(xml + len, cap - len, "</pacemaker-result>");
    assert_true(len < cap);
    assert_int_equal(pf_cib_attrs_parse(xml, len, "pfkit-mta-ids", &v, &n,
					why, sizeof(why)), PF_OK);
    assert_int_equal(n, 100);
    for (i = 0; i < n; i++) {
	snprintf(node, sizeof(node), "%s%04zu", name, i);
	assert_string_equal(v[i].node, node);
	assert_int_equal(strlen(v[i].node), 254);
    }
    assert_string_equal(v[99].value, "99:107");
    pf_cib_attrs_free(v, n);
    free(xml);
}

int     main(void)
{
    const struct CMUnitTest tests[] = {
	cmocka_unit_test(group_before_is_wired),
	cmocka_unit_test(missing_ip_named),
	cmocka_unit_test(missing_fs_named),
	cmocka_unit_test(after_in_group_is_not_wired),
	cmocka_unit_test(constraints_both_needed),
	cmocka_unit_test(root_filesystem_holds_nothing),
	cmocka_unit_test(not_xml_is_parse_error),
	cmocka_unit_test(attrd_xml_read),
	cmocka_unit_test(attrd_xml_every_node_whole),
    };

    return (cmocka_run_group_tests(tests, NULL, NULL));
}
