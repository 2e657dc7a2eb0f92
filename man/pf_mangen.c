/*++
/* NAME
/*	pf_mangen 1
/* SUMMARY
/*	generate ocf_pfkit_postfix(7) from the agent's meta-data
/* SYNOPSIS
/*	pf_mangen VERSION METADATA.xml DESCRIPTION.txt > ocf_pfkit_postfix.7
/* DESCRIPTION
/*	pf_mangen reads the OCF meta-data of ocf:pfkit:postfix (the one
/*	source, metadata/postfix.xml) with libxml2 and writes its manual page
/*	in the layout of resource-agents' ocf_heartbeat_*(7) pages: NAME,
/*	SYNOPSIS, DESCRIPTION, SUPPORTED PARAMETERS, SUPPORTED ACTIONS, EXIT
/*	CODES, EXAMPLE CRM SHELL, EXAMPLE PCS, SEE ALSO.
/*
/*	DESCRIPTION is the meta-data's longdesc (short: pcs and crm print
/*	it when a resource is created) followed by the paragraphs of
/*	DESCRIPTION.txt (man/description.txt, the one source of the
/*	agent's detailed rules), from the line after its first line of
/*	dashes on.
/*
/*	The page's date is taken from SOURCE_DATE_EPOCH when that is set
/*	(reproducible builds), else left out.
/*
/*	This is a build-time program; it is not installed.
/* DIAGNOSTICS
/*	Exit status 1 with a message on stderr when the meta-data cannot be
/*	parsed or is not resource-agent meta-data, or DESCRIPTION.txt cannot
/*	be read or has no line of dashes.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define PF_MAN_AGENT	"ocf:pfkit:postfix"
#define PF_MAN_NAME	"ocf_pfkit_postfix"

/* What each action does, in the words of resource-agents' pages. */
static const struct {
    const char *name;
    const char *what;
} action_text[] = {
    {"start", "Starts the resource."},
    {"stop", "Stops the resource, and every process of the instance."},
    {"monitor", "Checks the status of the resource."},
    {"validate-all", "Performs a validation of the resource configuration. "
	"At check level 0 (the default, as crm_resource --validate and pcs "
	"run it) only the parameters, which are the same on every node: "
	"absolute paths, no character a value has no business holding, a "
	"well-formed listeners list; nothing is run and the shared storage "
	"need not be mounted. At check level 10 (OCF_CHECK_LEVEL=10, "
	"crm_resource --validate=10) also this node's "
	"environment: configuration readable, mail_owner and setgid_group, "
	"queue ownership, and postfix check, and the cluster's view (the "
	"CIB, read with libxml2: 5 when that library cannot be loaded here). "
	"start runs the level 10 checks itself."},
    {"meta-data", "Retrieves resource agent metadata (internal use only)."},
    {"usage", "Prints the list of actions."},
};

/* The OCF exit codes and what this agent means by each. */
static const struct {
    int     code;
    const char *name;
    const char *meaning;
} exit_text[] = {
    {0, "OCF_SUCCESS", "The action succeeded; for monitor: the master of "
	"this instance holds its lock and every listener answers 220."},
    {1, "OCF_ERR_GENERIC", "The instance runs but is unhealthy (a listener "
	"refuses, times out or does not greet with 220; the master hangs; "
	"daemons of the instance outlived their master), or an action failed."},
    {2, "OCF_ERR_ARGS", "No action was given, or a parameter is malformed "
	"(config_dir not an absolute path or with a \".\" or \"..\" "
	"component, listeners not a host:port[/haproxy] list)."},
    {3, "OCF_ERR_UNIMPLEMENTED", "The action is not implemented."},
    {4, "OCF_ERR_PERM", "A problem of this node only: for example the "
	"postfix uid or postdrop gid here differs from the owners of the "
	"shared queue. Pacemaker moves the resource elsewhere."},
    {5, "OCF_ERR_INSTALLED", "Something this node lacks: Postfix or "
	"postconf, (on a recurring monitor) the configuration or queue "
	"directory, the filesystem at queue_mount_point; or a configuration "
	"error in a node-local config_dir (see \"Whole cluster or this node\" "
	"above), which another node may not have; libxml2, when the cluster "
	"checks were asked for (validate-all at level 10, start with "
	"require_wiring=true). Pacemaker tries another node."},
    {6, "OCF_ERR_CONFIGURED", "The configuration is invalid on every node: "
	"an error in main.cf or master.cf (syntax, mail_owner is root, an "
	"invalid inet_interfaces value, an upstream proxy protocol other than "
	"haproxy, a queue_directory or daemon_directory that is relative or "
	"the root directory) in a config_dir on the queue's "
	"filesystem, which every node reads the same. Pacemaker does not try "
	"again anywhere."},
    {7, "OCF_NOT_RUNNING", "No master of this instance runs and none of its "
	"daemons is left (this includes a pid file that names another "
	"process). Another user's processes in the queue directory, and "
	"delivery commands orphaned after their daemons died, are not the "
	"instance's and do not count."},
};

/* prop - an attribute as a malloc'ed string, or NULL */

static char *prop(xmlNode *node, const char *name)
{
    return ((char *) xmlGetProp(node, (const xmlChar *) name));
}

/* child - the first element child called name, or NULL */

static xmlNode *child(xmlNode *node, const char *name)
{
    xmlNode *c;

    for (c = node ? node->children : NULL; c != NULL; c = c->next)
	if (c->type == XML_ELEMENT_NODE
	    && strcmp((const char *) c->name, name) == 0)
	    return (c);
    return (NULL);
}

/* put_escaped - write text with roff's special characters escaped */

static void put_escaped(const char *s)
{
    int     bol = 1;

    for (; *s; s++) {
	if (bol && (*s == '.' || *s == '\''))
	    fputs("\\&", stdout);
	bol = (*s == '\n');
	if (*s == '\\')
	    fputs("\\e", stdout);
	else if (*s == '-')
	    fputs("\\-", stdout);
	else
	    putchar(*s);
    }
}

/* put_paragraphs - text with blank lines as paragraph breaks, lines trimmed */

static void put_paragraphs(const char *text)
{
    const char *p = text;
    const char *end;
    int     blank_seen = 0;
    int     written = 0;

    while (*p) {
	size_t  len;

	end = strchr(p, '\n');
	len = end ? (size_t) (end - p) : strlen(p);
	while (len > 0 && (*p == ' ' || *p == '\t'))
	    p++, len--;
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
	    len--;
	if (len == 0) {
	    blank_seen = written;
	} else {
	    char   *line = strndup(p, len);

	    if (line == NULL) {
		perror("pf_mangen");
		exit(1);
	    }
	    if (blank_seen)
		fputs(".sp\n", stdout);
	    blank_seen = 0;
	    put_escaped(line);
	    putchar('\n');
	    written = 1;
	    free(line);
	}
	p += (end ? (size_t) (end - p) + 1 : strlen(p));
    }
}

/* text_of - the text of a child element (malloc'ed, "" if absent) */

static char *text_of(xmlNode *node, const char *name)
{
    xmlNode *c = child(node, name);
    char   *t = c ? (char *) xmlNodeGetContent(c) : NULL;

    return (t ? t : (char *) xmlStrdup((const xmlChar *) ""));
}

/* put_header - .TH and NAME */

static void put_header(xmlNode *root, const char *version)
{
    char    date[32] = "";
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char   *shortdesc = text_of(root, "shortdesc");

    if (epoch != NULL && *epoch) {
	time_t  t = (time_t) strtoll(epoch, NULL, 10);
	struct tm tm;

	if (gmtime_r(&t, &tm) != NULL)
	    strftime(date, sizeof(date), "%Y-%m-%d", &tm);
    }
    printf(".\\\" generated from metadata/postfix.xml and man/description.txt by pf_mangen: do not edit\n");
    printf(".TH \"OCF_PFKIT_POSTFIX\" \"7\" \"%s\" \"pfkit %s\" "
	   "\"OCF resource agents\"\n", date, version);
    printf(".nh\n.ad l\n");
    printf(".SH \"NAME\"\n" PF_MAN_NAME " \\- ");
    put_escaped(shortdesc);
    putchar('\n');
    xmlFree(shortdesc);
}

/* put_synopsis - the agent's name and its actions */

static void put_synopsis(xmlNode *actions)
{
    xmlNode *a;
    xmlNode *b;
    int     first = 1;

    printf(".SH \"SYNOPSIS\"\n.HP \\w'\\fBpostfix\\fR\\ 'u\n\\fBpostfix\\fR [");
    for (a = actions ? actions->children : NULL; a != NULL; a = a->next) {
	char   *name;
	int     dup = 0;

	if (a->type != XML_ELEMENT_NODE)
	    continue;
	name = prop(a, "name");
	for (b = actions->children; b != a; b = b->next) {
	    char   *other = b->type == XML_ELEMENT_NODE ? prop(b, "name") : NULL;

	    if (other != NULL && name != NULL && strcmp(other, name) == 0)
		dup = 1;
	    xmlFree(other);
	}
	if (name != NULL && !dup) {
	    fputs(first ? "" : " | ", stdout);
	    put_escaped(name);
	    first = 0;
	}
	xmlFree(name);
    }
    printf("]\n");
}

/* put_parameters - SUPPORTED PARAMETERS */

static void put_parameters(xmlNode *params)
{
    xmlNode *p;

    printf(".SH \"SUPPORTED PARAMETERS\"\n");
    for (p = params ? params->children : NULL; p != NULL; p = p->next) {
	char   *name, *unique, *required, *longdesc, *type = NULL, *def = NULL;
	xmlNode *content;

	if (p->type != XML_ELEMENT_NODE || strcmp((const char *) p->name, "parameter"))
	    continue;
	name = prop(p, "name");
	unique = prop(p, "unique");
	required = prop(p, "required");
	longdesc = text_of(p, "longdesc");
	if ((content = child(p, "content")) != NULL) {
	    type = prop(content, "type");
	    def = prop(content, "default");
	}
	printf(".PP\n\\fB");
	put_escaped(name ? name : "");
	printf("\\fR\n.RS 4\n");
	put_paragraphs(longdesc);
	printf(".sp\n(%s%s, %s, ",
	       unique && strcmp(unique, "1") == 0 ? "unique, " : "",
	       required && strcmp(required, "1") == 0 ? "required" : "optional",
	       type ? type : "string");
	if (def != NULL && *def) {
	    printf("default \"");
	    put_escaped(def);
	    printf("\")\n");
	} else {
	    printf("no default)\n");
	}
	printf(".RE\n");
	xmlFree(name);
	xmlFree(unique);
	xmlFree(required);
	xmlFree(longdesc);
	xmlFree(type);
	xmlFree(def);
    }
}

/*
 * One <action> element's attributes (NULL where absent).
 */
typedef struct action {
    char   *name;
    char   *timeout;
    char   *interval;
    char   *depth;
} action_t;

/* action_read - the attributes of an element; false for other nodes */

static bool action_read(xmlNode *node, action_t *act)
{
    if (node->type != XML_ELEMENT_NODE)
	return (false);
    act->name = prop(node, "name");
    act->timeout = prop(node, "timeout");
    act->interval = prop(node, "interval");
    act->depth = prop(node, "depth");
    return (true);
}

/* action_free - release what action_read() got */

static void action_free(action_t *act)
{
    xmlFree(act->name);
    xmlFree(act->timeout);
    xmlFree(act->interval);
    xmlFree(act->depth);
}

/* put_actions - SUPPORTED ACTIONS, with suggested timeouts and depths */

static void put_actions(xmlNode *actions)
{
    xmlNode *a;
    action_t act;
    size_t  i;

    printf(".SH \"SUPPORTED ACTIONS\"\n.PP\n"
	   "This resource agent supports the following actions (operations):\n");
    for (a = actions ? actions->children : NULL; a != NULL; a = a->next) {
	const char *what = "";

	if (!action_read(a, &act))
	    continue;
	for (i = 0; act.name && i < sizeof(action_text) / sizeof(action_text[0]); i++)
	    if (strcmp(action_text[i].name, act.name) == 0)
		what = action_text[i].what;
	printf(".PP\n\\fB");
	put_escaped(act.name ? act.name : "");
	if (act.depth != NULL && strcmp(act.depth, "0") != 0)
	    printf(" (OCF_CHECK_LEVEL=%s)", act.depth);
	printf("\\fR\n.RS 4\n");
	put_escaped(what);
	if (act.depth != NULL)
	    printf(" Depth %s.", act.depth);
	if (act.timeout != NULL)
	    printf(" Suggested minimum timeout: %s.", act.timeout);
	if (act.interval != NULL)
	    printf(" Suggested interval: %s.", act.interval);
	printf("\n.RE\n");
	action_free(&act);
    }
}

/* put_exit_codes - EXIT CODES */

static void put_exit_codes(void)
{
    size_t  i;

    printf(".SH \"EXIT CODES\"\n");
    for (i = 0; i < sizeof(exit_text) / sizeof(exit_text[0]); i++) {
	printf(".TP\n\\fB%d\\fR (%s)\n", exit_text[i].code, exit_text[i].name);
	put_escaped(exit_text[i].meaning);
	putchar('\n');
    }
    printf(".PP\nThe reason of a failure is printed as an "
	   "\"ocf\\-exit\\-reason:\" line, object first; Pacemaker shows it "
	   "in crm_mon.\n");
}

/* put_monitor_ops - the recurring monitors of the meta-data, one per line */

static void put_monitor_ops(xmlNode *actions, const char *lead)
{
    xmlNode *a;
    action_t act;

    for (a = actions ? actions->children : NULL; a != NULL; a = a->next) {
	if (!action_read(a, &act))
	    continue;
	if (act.name && strcmp(act.name, "monitor") == 0 && act.interval && act.timeout)
	    printf(" \\e\n  %s interval=\"%s\" timeout=\"%s\" OCF_CHECK_LEVEL=\"%s\"",
		   lead, act.interval, act.timeout, act.depth ? act.depth : "0");
	action_free(&act);
    }
}

/* put_examples - EXAMPLE CRM SHELL and EXAMPLE PCS */

static void put_examples(xmlNode *actions)
{
    printf(".SH \"EXAMPLE CRM SHELL\"\n.PP\n"
	   "The following is an example configuration for a postfix resource "
	   "using the\n\\fBcrm\\fR(8)\nshell, in a group after its address "
	   "(and, with shared storage, its queue filesystem):\n"
	   ".sp\n.if n \\{\\\n.RS 4\n.\\}\n.nf\n");
    printf("primitive p_postfix " PF_MAN_AGENT " \\e\n"
	   "  params config_dir=\"/etc/postfix\"");
    put_monitor_ops(actions, "op monitor");
    printf("\ngroup g_mail p_ip p_postfix\n");
    printf(".fi\n.if n \\{\\\n.RE\n.\\}\n");
    printf(".SH \"EXAMPLE PCS\"\n.PP\n"
	   "The following is an example configuration for a postfix resource "
	   "using\n\\fBpcs\\fR(8)\n.sp\n.if n \\{\\\n.RS 4\n.\\}\n.nf\n");
    printf("pcs resource create p_postfix " PF_MAN_AGENT " \\e\n"
	   "  config_dir=\"/etc/postfix\" \\e\n  --group g_mail");
    put_monitor_ops(actions, "op monitor");
    printf("\n.fi\n.if n \\{\\\n.RE\n.\\}\n");
    printf(".PP\nWorking active/standby and active/active configurations "
	   "for both shells are in the crm\\-examples directory of the "
	   "pfkit sources.\n");
}

/* read_details - DESCRIPTION.txt's text after its first line of dashes */

static char *read_details(const char *path)
{
    FILE   *fp = fopen(path, "r");
    char   *text = NULL;
    size_t  size = 0;
    size_t  len;
    char   *rule;

    if (fp == NULL) {
	fprintf(stderr, "pf_mangen: file %s: cannot be opened\n", path);
	return (NULL);
    }
    for (;;) {
	char   *grown = realloc(text, size + 4096 + 1);

	if (grown == NULL) {
	    perror("pf_mangen");
	    free(text);
	    fclose(fp);
	    return (NULL);
	}
	text = grown;
	len = fread(text + size, 1, 4096, fp);
	size += len;
	if (len < 4096)
	    break;
    }
    text[size] = 0;
    if (ferror(fp)) {
	fprintf(stderr, "pf_mangen: file %s: read error\n", path);
	free(text);
	fclose(fp);
	return (NULL);
    }
    fclose(fp);
    if ((rule = strstr(text, "\n----")) == NULL || (rule = strchr(rule + 1, '\n')) == NULL) {
	fprintf(stderr, "pf_mangen: file %s: no line of dashes before the text\n", path);
	free(text);
	return (NULL);
    }
    memmove(text, rule + 1, strlen(rule + 1) + 1);
    return (text);
}

/* put_see_also - SEE ALSO */

static void put_see_also(void)
{
    printf(".SH \"SEE ALSO\"\n.PP\n"
	   "\\fBocf_heartbeat_IPaddr2\\fR(7), \\fBocf_heartbeat_Filesystem\\fR(7), "
	   "\\fBocf_heartbeat_postfix\\fR(7), \\fBpostfix\\fR(1), "
	   "\\fBpostfix\\-wrapper\\fR(5), \\fBcrm_resource\\fR(8), "
	   "\\fBcrm\\fR(8), \\fBpcs\\fR(8)\n");
}

int     main(int argc, char **argv)
{
    xmlDoc *doc;
    xmlNode *root;
    char   *details;

    if (argc != 4) {
	fprintf(stderr, "usage: pf_mangen VERSION METADATA.xml DESCRIPTION.txt\n");
	return (1);
    }
    if ((details = read_details(argv[3])) == NULL)
	return (1);
    doc = xmlReadFile(argv[2], NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    if (doc == NULL) {
	fprintf(stderr, "pf_mangen: file %s: cannot be parsed as XML\n", argv[2]);
	free(details);
	return (1);
    }
    root = xmlDocGetRootElement(doc);
    if (root == NULL || strcmp((const char *) root->name, "resource-agent") != 0) {
	fprintf(stderr, "pf_mangen: file %s: root element is not resource-agent\n",
		argv[2]);
	xmlFreeDoc(doc);
	free(details);
	return (1);
    }
    put_header(root, argv[1]);
    put_synopsis(child(root, "actions"));
    printf(".SH \"DESCRIPTION\"\n.PP\n");
    {
	char   *longdesc = text_of(root, "longdesc");

	put_paragraphs(longdesc);
	xmlFree(longdesc);
	fputs(".sp\n", stdout);
	put_paragraphs(details);
	free(details);
    }
    put_parameters(child(root, "parameters"));
    put_actions(child(root, "actions"));
    put_exit_codes();
    put_examples(child(root, "actions"));
    put_see_also();
    xmlFreeDoc(doc);
    xmlCleanupParser();
    if (fflush(stdout) != 0 || ferror(stdout)) {
	perror("pf_mangen: write");
	return (1);
    }
    return (0);
}
