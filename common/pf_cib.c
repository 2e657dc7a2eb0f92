/*++
/* NAME
/*	pf_cib 3
/* SUMMARY
/*	the cluster's configuration, as Pacemaker's own tools give it
/* SYNOPSIS
/*	#include "pf_cib.h"
/*
/*	int	pf_cib_xml_load(char *why, size_t len)
/*	int	pf_cib_load(pf_deadline_t deadline, pf_cib_t **cib,
/*			char *why, size_t len)
/*	int	pf_cib_parse(const char *xml, size_t xlen, pf_cib_t **cib,
/*			char *why, size_t len)
/*	void	pf_cib_free(pf_cib_t *cib)
/*	bool	pf_cib_has(const pf_cib_t *cib, const char *rsc)
/*	int	pf_cib_ip_check(const pf_cib_t *cib, const char *rsc,
/*			const char *addr, char *why, size_t len)
/*	int	pf_cib_fs_check(const pf_cib_t *cib, const char *rsc,
/*			const char *what, const char *path, const char *real,
/*			char *why, size_t len)
/*	int	pf_cib_attrs_parse(const char *xml, size_t xlen,
/*			const char *name, pf_cib_attr_t **out, size_t *n,
/*			char *why, size_t len)
/*	void	pf_cib_attrs_free(pf_cib_attr_t *attrs, size_t n)
/* DESCRIPTION
/*	pf_cib_load() runs "cibadmin -Q" (pf_spawn: an argv, a clean
/*	environment, the deadline) and parses its XML. Without a CIB
/*	(cibadmin absent or failing: not in a cluster, as under ocf-tester)
/*	it answers PF_ENOTRUNNING and says why.
/*
/*	The XML is read with libxml2, loaded with dlopen() on first use:
/*	only start, validate-all and the depth-10 monitor ask the CIB, and
/*	linking libxml2 (with the ICU libraries it pulls in) would make
/*	every run of the agent, the depth-0 monitor first, load it. The
/*	name loaded is the SONAME of the libxml2 the agent was built with
/*	(PF_LIBXML2_SONAME, found by configure: libxml2.so.2 up to libxml2
/*	2.13, libxml2.so.16 from 2.14 on). pf_cib_xml_load() loads it
/*	(once per process; the answer is kept): PF_EINSTALL when it cannot
/*	be, why naming the library and the dynamic linker's reason. Every
/*	function here that reads XML answers that first: pf_cib_load()
/*	before it runs cibadmin, so that a node whose libxml2 is gone (and
/*	whose cibadmin then fails too) is never taken for a node outside a
/*	cluster.
/*
/*	pf_cib_ip_check() and pf_cib_fs_check() are the kit's hierarchy
/*	checks in Pacemaker's terms. A resource "runs with rsc and starts
/*	before it" when it is in rsc's group before rsc, or when a
/*	colocation constraint with a positive score joins the two (or the
/*	groups or clones holding them) and a mandatory order constraint
/*	starts it first. Constraints written with resource sets are not
/*	followed. IP resources are primitives of type IPaddr2, IPaddr
/*	(parameter ip) or IPsrcaddr (ipaddress); addresses are compared as
/*	addresses, not as strings. A path lies under a Filesystem resource
/*	when it is its directory parameter or below it, literally or once
/*	resolved (real: a queue reached through a symbolic link).
/*
/*	pf_cib_attrs_parse() reads the XML output of "attrd_updater
/*	--output-as=xml -Q -A -n name": one element per node, with the
/*	value and the node in attributes value and host (or node). Every
/*	node and every value is kept whole, however many and however long
/*	(the answer itself is bounded by PF_CIB_MAX_XML): a node name cut
/*	short would name another node, or none, in the marks set from it.
/*	What cannot be kept (no memory) fails the whole answer, never a
/*	part of it. pf_cib_attrs_free() releases the list.
/* DIAGNOSTICS
/*	pf return codes; why names the object first.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "pf_addr.h"
#include "pf_cib.h"
#include "pf_log.h"
#include "pf_rc.h"
#include "pf_spawn.h"

#ifndef PF_LIBXML2_SONAME
#error "PF_LIBXML2_SONAME (libxml2's SONAME) comes from configure"
#endif
/* a string, not a macro, where it is printed: what a checker sees too */
static const char pf_libxml2[] = PF_LIBXML2_SONAME;
#define CIBADMIN	"/usr/sbin/cibadmin"
#define MAX_UP		4		/* group, clone, bundle... above a primitive */

struct pf_cib {
    xmlDocPtr doc;
    xmlNodePtr resources;		/* configuration/resources */
    xmlNodePtr constraints;		/* configuration/constraints */
};

/* libxml2 is called through these, filled by dlsym() in pf_cib_xml_load() */
#define PF_XML_FUNCS(X) X(xmlReadMemory) X(xmlDocGetRootElement) X(xmlFreeDoc)
#define PF_XML_DECLARE(f) static __typeof__(f) *pf_##f;
PF_XML_FUNCS(PF_XML_DECLARE)

/* pf_cib_xml_load - dlopen libxml2 once; PF_EINSTALL when it cannot be */

int     pf_cib_xml_load(char *why, size_t len)
{
    static int state;			/* 0 untried, 1 loaded, -1 failed */
    static char err[240];
    const char *dl;
    void   *lib;

    if (state == 0) {
	state = -1;
	if ((lib = dlopen(pf_libxml2, RTLD_NOW | RTLD_LOCAL)) == NULL) {
	    dl = dlerror();
	    snprintf(err, sizeof(err), "library %s: cannot be loaded: %.180s",
		     pf_libxml2, dl ? dl : "no reason given");
	    return (pf_rc_why(PF_EINSTALL, why, len, "%s", err));
	}
#define PF_XML_LOAD(f) \
	if ((*(void **) &pf_##f = dlsym(lib, #f)) == NULL) { \
	    snprintf(err, sizeof(err), "library %s: has no %s", pf_libxml2, #f); \
	    dlclose(lib); \
	    return (pf_rc_why(PF_EINSTALL, why, len, "%s", err)); \
	}
	PF_XML_FUNCS(PF_XML_LOAD)
	state = 1;
    }
    if (state < 0)
	return (pf_rc_why(PF_EINSTALL, why, len, "%s", err));
    return (PF_OK);
}

/* elem - n is the element called name */

static bool elem(const xmlNode *n, const char *name)
{
    return (n != NULL && n->type == XML_ELEMENT_NODE
	    && strcmp((const char *) n->name, name) == 0);
}

/* attr - the value of attribute name of n, or NULL (no allocation) */

static const char *attr(const xmlNode *n, const char *name)
{
    const xmlAttr *a;

    for (a = n ? n->properties : NULL; a; a = a->next)
	if (strcmp((const char *) a->name, name) == 0)
	    return (a->children && a->children->type == XML_TEXT_NODE
		    && a->children->content ?
		    (const char *) a->children->content : "");
    return (NULL);
}

/* child - the first child element called name */

static xmlNodePtr child(const xmlNode *n, const char *name)
{
    xmlNodePtr c;

    for (c = n ? n->children : NULL; c; c = c->next)
	if (elem(c, name))
	    return (c);
    return (NULL);
}

/* same_id - a CIB id equals rsc, whose ":N" clone suffix is ignored */

static bool same_id(const char *id, const char *rsc)
{
    size_t  n = strcspn(rsc, ":");

    return (id != NULL && strlen(id) == n && strncmp(id, rsc, n) == 0);
}

/* pf_cib_parse - a CIB from its XML */

int     pf_cib_parse(const char *xml, size_t xlen, pf_cib_t **cib,
		             char *why, size_t len)
{
    pf_cib_t *c;
    xmlNodePtr root, conf;

    int     rc;

    *cib = NULL;
    if ((rc = pf_cib_xml_load(why, len)) != PF_OK)
	return (rc);
    if (xlen > PF_CIB_MAX_XML)
	return (pf_rc_why(PF_EPARSE, why, len, "CIB: larger than %d bytes",
			  PF_CIB_MAX_XML));
    if ((c = calloc(1, sizeof(*c))) == NULL)
	return (pf_rc_why(ENOMEM, why, len, "CIB: out of memory"));
    c->doc = pf_xmlReadMemory(xml, (int) xlen, "cib.xml", NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR
			      | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
    root = c->doc ? pf_xmlDocGetRootElement(c->doc) : NULL;
    if (root == NULL) {
	pf_cib_free(c);
	return (pf_rc_why(PF_EPARSE, why, len, "CIB: not XML"));
    }
    conf = elem(root, "cib") ? child(root, "configuration") : NULL;
    c->resources = child(conf, "resources");
    c->constraints = child(conf, "constraints");
    *cib = c;
    return (PF_OK);
}

/* pf_cib_free - release a CIB */

void    pf_cib_free(pf_cib_t *cib)
{
    if (cib == NULL)
	return;
    if (cib->doc)
	pf_xmlFreeDoc(cib->doc);
    free(cib);
}

/* pf_cib_load - the live CIB, from cibadmin -Q */

int     pf_cib_load(pf_deadline_t deadline, pf_cib_t **cib, char *why,
		            size_t len)
{
    const char *argv[] = {CIBADMIN, "-Q", NULL};
    pf_spawn_opts_t opts;
    pf_spawn_result_t res;
    int     rc;

    *cib = NULL;
    /* no cibadmin run for an answer that could not be read */
    if ((rc = pf_cib_xml_load(why, len)) != PF_OK)
	return (rc);
    memset(&opts, 0, sizeof(opts));
    opts.argv = argv;
    opts.deadline = deadline;
    opts.capture_max = PF_CIB_MAX_XML;
    rc = pf_spawn_run(&opts, &res);
    if (pf_spawn_explain(rc, &res, PF_SPAWN_WHY_STATUS, CIBADMIN " -Q",
			 "no CIB", why, len) != PF_OK)
	rc = PF_ENOTRUNNING;
    else
	rc = pf_cib_parse(res.out, res.out_len, cib, why, len);
    pf_spawn_result_free(&res);
    return (rc);
}

/* find_primitive - the primitive whose id is rsc, below n */

static xmlNodePtr find_primitive(xmlNodePtr n, const char *rsc)
{
    xmlNodePtr c, got;

    for (c = n ? n->children : NULL; c; c = c->next) {
	if (c->type != XML_ELEMENT_NODE)
	    continue;
	if (elem(c, "primitive") && same_id(attr(c, "id"), rsc))
	    return (c);
	if ((elem(c, "group") || elem(c, "clone") || elem(c, "master")
	     || elem(c, "bundle")) && (got = find_primitive(c, rsc)) != NULL)
	    return (got);
    }
    return (NULL);
}

/* pf_cib_has - the primitive is configured */

bool    pf_cib_has(const pf_cib_t *cib, const char *rsc)
{
    return (find_primitive(cib->resources, rsc) != NULL);
}

/* ids_of - the ids a constraint may name for primitive p: p, group, clone */

static size_t ids_of(const xmlNode *p, const char **ids)
{
    size_t  n = 0;

    for (; p != NULL && n < MAX_UP && !elem(p, "resources"); p = p->parent)
	if (attr(p, "id"))
	    ids[n++] = attr(p, "id");
    return (n);
}

/* in_ids - id is one of ids */

static bool in_ids(const char *id, const char **ids, size_t n)
{
    size_t  i;

    for (i = 0; id && i < n; i++)
	if (strcmp(id, ids[i]) == 0)
	    return (true);
    return (false);
}

/* positive_score - a colocation score that keeps two resources together */

static bool positive_score(const char *s)
{
    if (s == NULL)			/* score-attribute rules: not followed */
	return (false);
    if (*s == '+')
	s++;
    return (strcmp(s, "INFINITY") == 0 || strcmp(s, "inf") == 0
	    || strtol(s, NULL, 10) > 0);
}

/* group_before - p is in mine's group, before it */

static bool group_before(const xmlNode *p, const xmlNode *mine)
{
    const xmlNode *c;

    if (p->parent != mine->parent || !elem(p->parent, "group"))
	return (false);
    for (c = p->next; c; c = c->next)
	if (c == mine)
	    return (true);
    return (false);
}

/* binding_colocation - a colocation that keeps two resources together */

static bool binding_colocation(const xmlNode *c)
{
    return (positive_score(attr(c, "score")));
}

/* binding_order - a mandatory order on the start (or promote) of both */

static bool binding_order(const xmlNode *c)
{
    const char *kind = attr(c, "kind"), *score = attr(c, "score");
    const char *fa = attr(c, "first-action"), *ta = attr(c, "then-action");

    return (!((kind && strcmp(kind, "Optional") == 0)
	      || (score && strcmp(score, "0") == 0)
	      || (fa && strcmp(fa, "start") != 0 && strcmp(fa, "promote") != 0)
	      || (ta && strcmp(ta, "start") != 0 && strcmp(ta, "promote") != 0)));
}

/* A kind of constraint: its element, the attributes naming its two sides. */
typedef struct constraint_kind {
    const char *element;
    const char *first;
    const char *then;
    bool    either_way;			/* colocation: the sides may swap */
    bool    (*binding) (const xmlNode *c);
} constraint_kind_t;

static const constraint_kind_t together = {
    "rsc_colocation", "rsc", "with-rsc", true, binding_colocation,
};
static const constraint_kind_t ordered = {
    "rsc_order", "first", "then", false, binding_order,
};

/* constrained - a binding constraint of that kind ties p to mine */

static bool constrained(const pf_cib_t *cib, const constraint_kind_t *kind,
			        const xmlNode *p, const xmlNode *mine)
{
    const char *a[MAX_UP], *b[MAX_UP];
    size_t  na = ids_of(p, a), nb = ids_of(mine, b);
    xmlNodePtr c;

    for (c = cib->constraints ? cib->constraints->children : NULL; c; c = c->next) {
	const char *f = attr(c, kind->first), *t = attr(c, kind->then);

	if (!elem(c, kind->element) || !kind->binding(c))
	    continue;
	if ((in_ids(f, a, na) && in_ids(t, b, nb))
	    || (kind->either_way && in_ids(f, b, nb) && in_ids(t, a, na)))
	    return (true);
    }
    return (false);
}


/* wired - p runs with mine and starts before it */

static bool wired(const pf_cib_t *cib, const xmlNode *p, const xmlNode *mine)
{
    return (group_before(p, mine)
	    || (constrained(cib, &together, p, mine)
		&& constrained(cib, &ordered, p, mine)));
}

/* param - a primitive's instance attribute */

static const char *param(const xmlNode *p, const char *name)
{
    xmlNodePtr ia, nv;

    for (ia = p->children; ia; ia = ia->next) {
	if (!elem(ia, "instance_attributes"))
	    continue;
	for (nv = ia->children; nv; nv = nv->next)
	    if (elem(nv, "nvpair") && attr(nv, "name")
		&& strcmp(attr(nv, "name"), name) == 0)
		return (attr(nv, "value"));
    }
    return (NULL);
}

/* same_ip - an IP address parameter (IPaddr's "addr/prefix" too) is addr */

static bool same_ip(const char *ip, const char *addr)
{
    char    s[64];
    const char *slash;

    /* IPaddr (heartbeat 1) allows "addr/prefix" in ip */
    if (ip != NULL && (slash = strchr(ip, '/')) != NULL) {
	snprintf(s, sizeof(s), "%.*s", (int) (slash - ip), ip);
	ip = s;
    }
    return (pf_addr_same_text(ip, addr));
}

/* match_fn - a primitive that is the resource sought */
typedef bool (*match_fn) (const xmlNode *p, const void *arg);

/* walk - the first primitive matching, preferring one that is wired */

static void walk(const pf_cib_t *cib, xmlNodePtr n, const xmlNode *mine,
		         match_fn match, const void *arg,
		         const xmlNode **any, const xmlNode **good)
{
    xmlNodePtr c;

    for (c = n ? n->children : NULL; c && *good == NULL; c = c->next) {
	if (elem(c, "primitive") && c != mine && match(c, arg)) {
	    if (*any == NULL)
		*any = c;
	    if (wired(cib, c, mine))
		*good = c;
	} else if (elem(c, "group") || elem(c, "clone") || elem(c, "master")) {
	    walk(cib, c, mine, match, arg, any, good);
	}
    }
}

/* ip_match - an IP resource for this address */

static bool ip_match(const xmlNode *p, const void *arg)
{
    const char *type = attr(p, "type");
    const char *cls = attr(p, "class");

    if (type == NULL || cls == NULL || strcmp(cls, "ocf") != 0)
	return (false);
    if (strcmp(type, "IPaddr2") == 0 || strcmp(type, "IPaddr") == 0)
	return (same_ip(param(p, "ip"), arg));
    if (strcmp(type, "IPsrcaddr") == 0)
	return (same_ip(param(p, "ipaddress"), arg));
    return (false);
}

/* pf_cib_ip_check - an IP resource runs with rsc for addr */

int     pf_cib_ip_check(const pf_cib_t *cib, const char *rsc,
			        const char *addr, char *why, size_t len)
{
    const xmlNode *mine = find_primitive(cib->resources, rsc);
    const xmlNode *any = NULL, *good = NULL;

    if (mine == NULL)
	return (pf_rc_why(PF_EINSTALL, why, len, "Could not find IP resource "
			  "for %s: resource %.40s is not in the CIB", addr, rsc));
    walk(cib, cib->resources, mine, ip_match, addr, &any, &good);
    if (good)
	return (PF_OK);
    if (any)
	return (pf_rc_why(PF_EINSTALL, why, len, "Could not find IP resource "
			  "for %s that runs with %.40s: %.40s is neither before "
			  "it in its group nor colocated and ordered before it",
			  addr, attr(mine, "id"), attr(any, "id")));
    return (pf_rc_why(PF_EINSTALL, why, len, "Could not find IP resource "
		      "for %s", addr));
}

/* under - path is dir or below it */

static bool under(const char *path, const char *dir)
{
    size_t  n;

    if (path == NULL || dir == NULL || *dir != '/')
	return (false);
    n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
	n--;
    if (n == 1)				/* "/" holds everything: no shared disk */
	return (false);
    return (strncmp(path, dir, n) == 0 && (path[n] == 0 || path[n] == '/'));
}

struct fs_arg {
    const char *path;
    const char *real;
};

/* fs_match - a Filesystem resource whose directory holds the path */

static bool fs_match(const xmlNode *p, const void *arg)
{
    const struct fs_arg *f = arg;
    const char *type = attr(p, "type");
    const char *dir;

    if (type == NULL || strcmp(type, "Filesystem") != 0)
	return (false);
    dir = param(p, "directory");
    return (under(f->path, dir) || under(f->real, dir));
}

/* pf_cib_fs_check - a Filesystem resource runs with rsc and holds path */

int     pf_cib_fs_check(const pf_cib_t *cib, const char *rsc,
			        const char *what, const char *path,
			        const char *real, char *why, size_t len)
{
    const xmlNode *mine = find_primitive(cib->resources, rsc);
    const xmlNode *any = NULL, *good = NULL;
    struct fs_arg f = {path, real};

    if (mine == NULL)
	return (pf_rc_why(PF_EINSTALL, why, len, "%s %s: resource %.40s is "
			  "not in the CIB", what, path, rsc));
    walk(cib, cib->resources, mine, fs_match, &f, &any, &good);
    if (good)
	return (PF_OK);
    if (any)
	return (pf_rc_why(PF_EINSTALL, why, len, "%s %s: Filesystem %.40s "
			  "holds it but does not run with %.40s and start "
			  "before it. This directory must exist on a shared "
			  "filesystem", what, path, attr(any, "id"),
			  attr(mine, "id")));
    return (pf_rc_why(PF_EINSTALL, why, len, "%s %s: no Filesystem resource "
		      "of %.40s holds it. This directory must exist on a "
		      "shared filesystem", what, path, attr(mine, "id")));
}

/* One growing list of node values. */
typedef struct attr_list {
    pf_cib_attr_t *v;
    size_t  n;
    size_t  cap;
} attr_list_t;

/* attrs_add - a copy of node and value at the end of l: 0 or ENOMEM */

static int attrs_add(attr_list_t *l, const char *node, const char *value)
{
    pf_cib_attr_t *v;
    size_t  cap;

    if (l->n == l->cap) {
	cap = l->cap ? l->cap * 2 : 8;
	if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
	    return (ENOMEM);
	l->v = v;
	l->cap = cap;
    }
    l->v[l->n].node = strdup(node);
    l->v[l->n].value = strdup(value);
    if (l->v[l->n].node == NULL || l->v[l->n].value == NULL) {
	free(l->v[l->n].node);
	free(l->v[l->n].value);
	return (ENOMEM);
    }
    l->n++;
    return (0);
}

/* attrs_walk - elements with a value and a host (or node) attribute */

static int attrs_walk(const xmlNode *n, const char *name, attr_list_t *l)
{
    const xmlNode *c;
    int     rc = 0;

    for (c = n ? n->children : NULL; c && rc == 0; c = c->next) {
	const char *v = attr(c, "value"), *h = attr(c, "host");
	const char *nm = attr(c, "name");

	if (c->type != XML_ELEMENT_NODE)
	    continue;
	if (h == NULL)
	    h = attr(c, "node");
	if (v && h && (nm == NULL || strcmp(nm, name) == 0))
	    rc = attrs_add(l, h, v);
	if (rc == 0)
	    rc = attrs_walk(c, name, l);
    }
    return (rc);
}

/* pf_cib_attrs_free - release what pf_cib_attrs_parse() gave */

void    pf_cib_attrs_free(pf_cib_attr_t *attrs, size_t n)
{
    size_t  i;

    for (i = 0; attrs != NULL && i < n; i++) {
	free(attrs[i].node);
	free(attrs[i].value);
    }
    free(attrs);
}

/* pf_cib_attrs_parse - per-node values of a node attribute */

int     pf_cib_attrs_parse(const char *xml, size_t xlen, const char *name,
			           pf_cib_attr_t **out, size_t *n,
			           char *why, size_t len)
{
    attr_list_t l = {NULL, 0, 0};
    xmlDocPtr doc;
    int     rc;

    *out = NULL;
    *n = 0;
    if ((rc = pf_cib_xml_load(why, len)) != PF_OK)
	return (rc);
    if (xlen > PF_CIB_MAX_XML)
	return (pf_rc_why(PF_EPARSE, why, len, "attribute %s: answer too "
			  "large", name));
    doc = pf_xmlReadMemory(xml, (int) xlen, "attrd.xml", NULL,
			   XML_PARSE_NONET | XML_PARSE_NOERROR
			   | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
    if (doc == NULL || pf_xmlDocGetRootElement(doc) == NULL) {
	if (doc)
	    pf_xmlFreeDoc(doc);
	return (pf_rc_why(PF_EPARSE, why, len, "attribute %s: attrd_updater's "
			  "answer is not XML", name));
    }
    rc = attrs_walk(pf_xmlDocGetRootElement(doc), name, &l);
    pf_xmlFreeDoc(doc);
    if (rc != 0) {
	pf_cib_attrs_free(l.v, l.n);
	return (pf_rc_why(rc, why, len, "attribute %s: out of memory for "
			  "%zu nodes' values", name, l.n + 1));
    }
    *out = l.v;
    *n = l.n;
    return (PF_OK);
}
