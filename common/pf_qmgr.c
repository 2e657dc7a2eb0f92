/*++
/* NAME
/*	pf_qmgr 3
/* SUMMARY
/*	is the queue manager of this instance's master alive
/* SYNOPSIS
/*	#include "pf_qmgr.h"
/*
/*	bool	pf_qmgr_expected(const pf_conf_t *conf)
/*
/*	int	pf_qmgr_find(const pf_conf_t *conf, pid_t master, pid_t *qmgr)
/*
/*	int	pf_qmgr_check(const pf_conf_t *conf, pid_t master,
/*			pf_deadline_t deadline, char *why, size_t len)
/* DESCRIPTION
/*	pf_qmgr_expected() is true when master.cf has a unix or fifo
/*	service running qmgr or oqmgr that master_service_disable does not
/*	turn off.
/*
/*	pf_qmgr_find() looks for a live child of the (verified) master
/*	whose /proc/PID/exe is $daemon_directory/<command> (real paths; a
/*	" (deleted)" suffix left by a package upgrade is ignored). The
/*	children are read from /proc/MASTER/task/MASTER/children, one file;
/*	only a kernel without that file makes it read the parent of every
/*	process.
/*
/*	pf_qmgr_check() is what a monitor asks. The master restarts the
/*	queue manager by itself, but only when something triggers its
/*	service socket (new mail, its wakeup timer: 300 s in the stock
/*	master.cf) and not during the throttle delay after a crash
/*	($service_throttle_time). So a missing qmgr is first woken the way
/*	postqueue -f and postkick do (a "W" on $queue_directory/public/qmgr,
/*	or private/ for a private service), then awaited for
/*	PF_QMGR_GRACE_MS: a qmgr absent for a moment (postfix reload, an
/*	idle restart) is no failure; one that the master does not start
/*	again (throttled after a crash, its binary unusable) is, since no
/*	mail leaves the queue without it. public/ and private/ belong to
/*	mail_owner: the wakeup goes only to a FIFO or socket (as
/*	master.cf's type says) found there with no symbolic link followed,
/*	its type checked on the descriptor (pf_file_open_under()); anything
/*	else there is logged and never written to.
/*
/*	/proc is read through pf_proc (pf_proc_set_root() for unit tests).
/* DIAGNOSTICS
/*	pf return codes; why names the queue, the master and the service.
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "pf_clock.h"
#include "pf_file.h"
#include "pf_log.h"
#include "pf_proc.h"
#include "pf_qmgr.h"
#include "pf_rc.h"

/* pf_qmgr_expected - does master.cf run a queue manager */

bool    pf_qmgr_expected(const pf_conf_t *conf)
{
    return (conf->qmgr_name != NULL
	    && !pf_conf_service_disabled(conf->master_service_disable,
					 conf->qmgr_name, conf->qmgr_type));
}

/* qmgr_path - $daemon_directory/<command>, as a real path if it exists */

static void qmgr_path(const pf_conf_t *conf, char *buf, size_t len)
{
    char    path[PATH_MAX];
    char    real[PATH_MAX];

    snprintf(path, sizeof(path), "%s/%s", conf->daemon_directory ?
	     conf->daemon_directory : "", conf->qmgr_command);
    snprintf(buf, len, "%s", realpath(path, real) ? real : path);
}

/* is_qmgr - the process runs the queue manager binary */

static bool is_qmgr(pid_t pid, const char *want)
{
    char    exe[PATH_MAX];

    /* a binary replaced by an upgrade under the running qmgr is still it */
    return (pf_proc_link(pid, "exe", exe, sizeof(exe), NULL) == PF_OK
	    && strcmp(exe, want) == 0);
}

/* parent_of - ppid from /proc/PID/stat; 0 if gone or zombie */

static pid_t parent_of(pid_t pid)
{
    pf_proc_stat_t ps;

    return (pf_proc_stat(pid, &ps) == PF_OK && ps.state != 'Z' ? ps.ppid : 0);
}

/* is_qmgr_child - a live child of master running the queue manager */

static bool is_qmgr_child(pid_t pid, pid_t master, const char *want)
{
    return (pid > 0 && parent_of(pid) == master && is_qmgr(pid, want));
}

/* find_in_children - the master's children file; -1 if unavailable */

static int find_in_children(pid_t master, const char *want, pid_t *qmgr)
{
    pid_t  *kids;
    size_t  n, i;
    int     found = 0;

    if (pf_proc_children(master, &kids, &n) != PF_OK)
	return (parent_of(master) != 0 ? -1 : 0);	/* no such file here */
    for (i = 0; !found && i < n; i++)
	if (is_qmgr_child(kids[i], master, want)) {
	    *qmgr = kids[i];
	    found = 1;
	}
    free(kids);
    return (found);
}

/* find_by_scan - every process's parent (kernels without "children") */

static int find_by_scan(pid_t master, const char *want, pid_t *qmgr)
{
    pf_proc_iter_t it;
    pid_t   pid;
    int     found = 0;

    if (pf_proc_iter_open(&it) != PF_OK)
	return (0);
    while (!found && (pid = pf_proc_iter_next(&it)) != 0)
	if (is_qmgr_child(pid, master, want)) {
	    *qmgr = pid;
	    found = 1;
	}
    pf_proc_iter_close(&it);
    return (found);
}

/* pf_qmgr_find - a live queue manager child of the master */

int     pf_qmgr_find(const pf_conf_t *conf, pid_t master, pid_t *qmgr)
{
    char    want[PATH_MAX];
    pid_t   dummy;
    int     found;

    if (qmgr == NULL)
	qmgr = &dummy;
    *qmgr = 0;
    if (master <= 0 || conf->qmgr_command == NULL)
	return (PF_ENOTRUNNING);
    qmgr_path(conf, want, sizeof(want));
    if ((found = find_in_children(master, want, qmgr)) < 0)
	found = find_by_scan(master, want, qmgr);
    return (found ? PF_OK : PF_ENOTRUNNING);
}

/* wake - trigger the service socket, as postqueue -f does */

static void wake(const pf_conf_t *conf)
{
    bool    fifo = strcmp(conf->qmgr_type, "fifo") == 0;
    mode_t  want = fifo ? S_IFIFO : S_IFSOCK;
    char    rel[PATH_MAX];
    struct sockaddr_un sun;
    struct stat st;
    int     qfd, fd, sock, rc;

    /*
     * public/ and private/ belong to mail_owner, who can put anything
     * there: a symbolic link to a file of root's, a regular file. What
     * is written to is the FIFO or socket itself, checked on its
     * descriptor, and nothing is followed below the queue directory.
     */
    if ((size_t) snprintf(rel, sizeof(rel), "%s/%s", conf->qmgr_private ?
			  "private" : "public", conf->qmgr_name) >= sizeof(rel))
	return;
    if ((qfd = open(conf->queue_directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
	return;
    /* a FIFO: the master holds the reading end, O_NONBLOCK never waits */
    rc = pf_file_open_under(qfd, rel, fifo ? O_WRONLY | O_NONBLOCK : O_PATH,
			    want, &fd, &st);
    close(qfd);
    if (rc != PF_OK) {
	if (st.st_mode != 0 && (st.st_mode & S_IFMT) != want)
	    pf_warn("file %s/%s: %s, not %s: service %s/%s not woken, "
		    "nothing written there", conf->queue_directory, rel,
		    pf_file_type(st.st_mode), pf_file_type(want),
		    conf->qmgr_name, conf->qmgr_type);
	else if (rc == ELOOP || rc == ENOTDIR)
	    pf_warn("file %s/%s: %s: not woken", conf->queue_directory, rel,
		    strerror(rc));
	return;
    }
    if (!fifo) {
	/* connect() follows names: the socket checked, by its descriptor */
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	pf_file_fd_path(fd, sun.sun_path, sizeof(sun.sun_path));
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *) &sun, sizeof(sun)) < 0) {
	    if (sock >= 0)
		close(sock);
	    close(fd);
	    return;
	}
	close(fd);
	fd = sock;
    }
    /* QMGR_REQ_WAKEUP, not awaited; the connection alone starts qmgr */
    ssize_t ignored = write(fd, "W", 1);

    (void) ignored;
    close(fd);
}

/* pf_qmgr_check - a queue manager runs, or comes back at once */

int     pf_qmgr_check(const pf_conf_t *conf, pid_t master,
		              pf_deadline_t deadline, char *why, size_t len)
{
    pf_deadline_t grace = pf_deadline_min(deadline,
					  pf_deadline_after(PF_QMGR_GRACE_MS));
    pid_t   pid;

    if (!pf_qmgr_expected(conf))
	return (PF_OK);
    if (pf_qmgr_find(conf, master, &pid) == PF_OK)
	return (PF_OK);
    wake(conf);
    while (pf_deadline_left(grace) > 0) {
	pf_sleep_ms(PF_POLL_MS);
	if (pf_qmgr_find(conf, master, &pid) == PF_OK)
	    return (PF_OK);
    }
    snprintf(why, len, "queue %s: queue manager (service %s/%s) not running "
	     "under master pid %ld: mail is not delivered",
	     conf->queue_directory, conf->qmgr_name, conf->qmgr_type,
	     (long) master);
    return (PF_EFAIL);
}
