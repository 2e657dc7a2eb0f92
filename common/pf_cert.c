/*++
/* NAME
/*	pf_cert 3
/* SUMMARY
/*	the certificates an SMTP service presents, and when they expire
/* SYNOPSIS
/*	#include "pf_cert.h"
/*
/*	int	pf_cert_not_after(const char *pem_file, time_t *not_after,
/*			char *why, size_t len)
/*
/*	pf_cert_tls_t pf_cert_service_tls(const pf_service_t *svc)
/*
/*	int	pf_cert_service_files(const pf_service_t *svc, char ***files,
/*			size_t *n)
/*
/*	void	pf_cert_files_free(char **files, size_t n)
/* DESCRIPTION
/*	Facts about the certificates of a master.cf SMTP service; whether
/*	an expiry is near is the caller's question.
/*
/*	pf_cert_not_after() reads the first certificate of a PEM file (the
/*	leaf: the first certificate of a chain, also in a
/*	smtpd_tls_chain_files file where the private key comes first) and
/*	returns its notAfter time. The file is root's to name: its path may
/*	be a symbolic link (Let's Encrypt's live/ names files in archive/)
/*	and is followed, but what it names must be a regular file, checked
/*	on the descriptor before it is read (pf_file_open(): a FIFO is
/*	never opened). At most PF_CERT_MAX_FILE bytes (1 MiB) are read; the
/*	first "-----BEGIN CERTIFICATE-----" (or X509 CERTIFICATE, TRUSTED
/*	CERTIFICATE) block is handed to OpenSSL, so a private key that
/*	precedes or follows it is never decoded, and the buffer is wiped
/*	afterwards.
/*
/*	libcrypto is loaded with dlopen() at the first use, as pf_tls(3)
/*	loads libssl: runs that read no certificate never pay for it. When
/*	it cannot be loaded, or lacks a function, the answer is
/*	PF_EINSTALL with dlerror()'s text (the check cannot be made on
/*	this node: it never passes silently); a failed load is tried again
/*	at the next call.
/*
/*	pf_cert_service_tls() says whether a service offers TLS, from the
/*	parameters pf_conf(3) resolved for its daemon (its -o over main.cf,
/*	$name expanded): PF_CERT_TLS_WRAPPER when smtpd_tls_wrappermode is
/*	yes (smtps; smtpd then ignores the security level);
/*	PF_CERT_TLS_STARTTLS when the security level is "may" or "encrypt",
/*	or, with no level set, smtpd_use_tls or smtpd_enforce_tls is yes
/*	(postscreen: its postscreen_tls_security_level, postscreen_use_tls,
/*	postscreen_enforce_tls); PF_CERT_TLS_NONE otherwise, also for a
/*	service pf_conf did not resolve (master_service_disable).
/*
/*	pf_cert_service_files() lists the certificate files the daemon
/*	loads: the files of smtpd_tls_chain_files (split on commas and
/*	blanks, as Postfix splits it) when it is not empty, for Postfix
/*	then ignores the others; else smtpd_tls_cert_file,
/*	smtpd_tls_eccert_file and smtpd_tls_dsa_cert_file (where this
/*	Postfix knows it), those that are set. For postscreen the
/*	tlsproxy_tls_* files, which tlsproxy(8) presents when postscreen
/*	itself offers STARTTLS (the smtpd behind postscreen is not an
/*	inet service: its -o options are not seen). A path named twice is
/*	listed once. The caller frees the list with pf_cert_files_free().
/* DIAGNOSTICS
/*	pf_cert_not_after(): PF_OK; PF_EINSTALL (libcrypto cannot be
/*	loaded), PF_EUNIMPL (built without OpenSSL), PF_EPARSE (no
/*	certificate in the file, or OpenSSL cannot read it), an errno
/*	(the file is absent, not a regular file: EINVAL, EISDIR;
/*	unreadable), each with why naming the file first ("file
/*	/etc/ssl/x.pem: no certificate in its first 1048576 bytes").
/* LICENSE
/*	GPL-2.0-or-later
/*--*/
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_cert.h"
#include "pf_file.h"
#include "pf_rc.h"

/* yes - a Postfix boolean that is true */

static bool yes(const char *value)
{
    return (value != NULL && strcasecmp(value, "yes") == 0);
}

/* pf_cert_service_tls - does the service offer TLS, and how */

pf_cert_tls_t pf_cert_service_tls(const pf_service_t *svc)
{
    const char *level = svc->tls[PF_SERVICE_TLS_LEVEL];

    if (yes(svc->tls[PF_SERVICE_TLS_WRAPPER]))
	return (PF_CERT_TLS_WRAPPER);
    if (level != NULL && *level != 0)
	return (strcasecmp(level, "may") == 0 || strcasecmp(level, "encrypt") == 0 ?
		PF_CERT_TLS_STARTTLS : PF_CERT_TLS_NONE);
    return (yes(svc->tls[PF_SERVICE_TLS_USE]) || yes(svc->tls[PF_SERVICE_TLS_ENFORCE]) ?
	    PF_CERT_TLS_STARTTLS : PF_CERT_TLS_NONE);
}

/* pf_cert_files_free - release a list of files */

void    pf_cert_files_free(char **files, size_t n)
{
    size_t  i;

    for (i = 0; files != NULL && i < n; i++)
	free(files[i]);
    free(files);
}

/* add_file - append a copy of name len to the list, unless listed */

static int add_file(char ***files, size_t *n, const char *name, size_t len)
{
    char  **v;
    size_t  i;

    for (i = 0; i < *n; i++)
	if (strlen((*files)[i]) == len && strncmp((*files)[i], name, len) == 0)
	    return (PF_OK);
    if ((v = realloc(*files, (*n + 1) * sizeof(*v))) == NULL)
	return (ENOMEM);
    *files = v;
    if ((v[*n] = strndup(name, len)) == NULL)
	return (ENOMEM);
    ++*n;
    return (PF_OK);
}

/* pf_cert_service_files - the certificate files the daemon loads */

int     pf_cert_service_files(const pf_service_t *svc, char ***files, size_t *n)
{
    static const pf_service_tls_t single[] = {
	PF_SERVICE_TLS_CERT, PF_SERVICE_TLS_ECCERT, PF_SERVICE_TLS_DSACERT,
    };
    const char *chain = svc->tls[PF_SERVICE_TLS_CHAIN];
    const char *cp;
    size_t  i, len;
    int     rc = PF_OK;

    *files = NULL;
    *n = 0;
    if (chain != NULL && chain[strspn(chain, ", \t\r\n")] != 0) {
	/* the chain files replace the others */
	for (cp = chain; rc == PF_OK && *(cp += strspn(cp, ", \t\r\n")); cp += len)
	    rc = add_file(files, n, cp, len = strcspn(cp, ", \t\r\n"));
    } else {
	for (i = 0; rc == PF_OK && i < sizeof(single) / sizeof(single[0]); i++)
	    if ((cp = svc->tls[single[i]]) != NULL && *cp != 0)
		rc = add_file(files, n, cp, strlen(cp));
    }
    if (rc != PF_OK) {
	pf_cert_files_free(*files, *n);
	*files = NULL;
	*n = 0;
    }
    return (rc);
}

/* first_cert - where the first certificate block starts, or NULL */

static const char *first_cert(const char *buf)
{
    static const char *const labels[] = {
	"CERTIFICATE-----", "X509 CERTIFICATE-----",
	"TRUSTED CERTIFICATE-----",
    };
    const char *cp;
    size_t  i;

    for (cp = buf; (cp = strstr(cp, "-----BEGIN ")) != NULL; cp += 11) {
	if (cp != buf && cp[-1] != '\n')
	    continue;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
	    if (strncmp(cp + 11, labels[i], strlen(labels[i])) == 0)
		return (cp);
    }
    return (NULL);
}

/* read_head - the first PF_CERT_MAX_FILE bytes of a regular file */

static int read_head(const char *path, char *buf, size_t len, size_t *got,
		             char *why, size_t whylen)
{
    struct stat st;
    ssize_t r;
    int     fd, rc;

    *got = 0;
    /* a root's path: links followed, a regular file checked on the fd */
    if ((rc = pf_file_open(AT_FDCWD, path, O_RDONLY, S_IFREG, &fd, &st)) != PF_OK)
	return (st.st_mode != 0 ?
		pf_rc_why(rc, why, whylen, "file %s: %s, not a regular file",
			  path, pf_file_type(st.st_mode)) :
		pf_rc_why(rc, why, whylen, "file %s: %s", path, strerror(rc)));
    while (*got < len - 1) {
	if ((r = read(fd, buf + *got, len - 1 - *got)) < 0) {
	    if (errno == EINTR)
		continue;
	    rc = errno;
	    close(fd);
	    return (pf_rc_why(rc, why, whylen, "file %s: %s", path, strerror(rc)));
	}
	if (r == 0)
	    break;
	*got += (size_t) r;
    }
    close(fd);
    buf[*got] = 0;
    return (PF_OK);
}

#ifdef HAVE_OPENSSL

#include <dlfcn.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/*
 * libcrypto is loaded with dlopen() at the first use, as pf_tls loads
 * libssl, and its functions are called through pointers of their own
 * types (__typeof__), filled by dlsym().
 */
#define PF_STR2(x)	#x
#define PF_STR(x)	PF_STR2(x)
#if defined(OPENSSL_VERSION_MAJOR) && OPENSSL_VERSION_MAJOR >= 3
#define PF_LIBCRYPTO	"libcrypto.so." PF_STR(OPENSSL_VERSION_MAJOR)
#else
#define PF_LIBCRYPTO	"libcrypto.so.1.1"
#endif

#define PF_CRYPTO_FUNCS(X) \
    X(ASN1_TIME_to_tm) X(BIO_free) X(BIO_new_mem_buf) X(ERR_clear_error) \
    X(ERR_error_string_n) X(ERR_get_error) X(PEM_read_bio_X509_AUX) \
    X(X509_free) X(X509_get0_notAfter)

#define PF_CRYPTO_DECLARE(f) static __typeof__(f) *pf_##f;
PF_CRYPTO_FUNCS(PF_CRYPTO_DECLARE)

/* crypto_load - dlopen libcrypto once it works; PF_EINSTALL with why */

static int crypto_load(char *why, size_t whylen)
{
    static bool loaded;
    const char *err;
    void   *lib;

    if (loaded)
	return (PF_OK);
    if ((lib = dlopen(PF_LIBCRYPTO, RTLD_NOW | RTLD_LOCAL)) == NULL) {
	err = dlerror();
	return (pf_rc_why(PF_EINSTALL, why, whylen, "%s cannot be loaded: %s; "
			  "certificates are not checked", PF_LIBCRYPTO,
			  err ? err : "unknown error"));
    }
#define PF_CRYPTO_LOAD(f) \
    if ((*(void **) &pf_##f = dlsym(lib, #f)) == NULL) { \
	err = dlerror(); \
	dlclose(lib); \
	return (pf_rc_why(PF_EINSTALL, why, whylen, "%s has no %s: %s; " \
			  "certificates are not checked", PF_LIBCRYPTO, #f, \
			  err ? err : "unknown error")); \
    }
    PF_CRYPTO_FUNCS(PF_CRYPTO_LOAD)
    loaded = true;
    return (PF_OK);
}

/* no_password - never prompt: a certificate is not encrypted */

static int no_password(char *buf, int size, int rwflag, void *u)
{
    return (0);
}

/* not_after - the first certificate's notAfter, from the PEM text */

static int not_after(const char *path, const char *pem, time_t *when,
		             char *why, size_t whylen)
{
    char    cause[256];
    BIO    *bio;
    X509   *x;
    const ASN1_TIME *t;
    struct tm tm;
    int     rc = PF_OK;

    (*pf_ERR_clear_error) ();
    if ((bio = (*pf_BIO_new_mem_buf) (pem, -1)) == NULL)
	return (pf_rc_why(ENOMEM, why, whylen, "file %s: out of memory", path));
    if ((x = (*pf_PEM_read_bio_X509_AUX) (bio, NULL, no_password, NULL)) == NULL) {
	(*pf_ERR_error_string_n) ((*pf_ERR_get_error) (), cause, sizeof(cause));
	rc = pf_rc_why(PF_EPARSE, why, whylen, "file %s: certificate "
		       "unreadable: %s", path, cause);
    } else if ((t = (*pf_X509_get0_notAfter) (x)) == NULL
	       || (*pf_ASN1_TIME_to_tm) (t, &tm) != 1) {
	rc = pf_rc_why(PF_EPARSE, why, whylen, "file %s: certificate "
		       "without a valid notAfter time", path);
    } else {
	*when = timegm(&tm);
    }
    (*pf_X509_free) (x);
    (*pf_BIO_free) (bio);
    (*pf_ERR_clear_error) ();
    return (rc);
}

#else					/* HAVE_OPENSSL */

/* not_after - no OpenSSL compiled in: say so */

static int not_after(const char *path, const char *pem, time_t *when,
		             char *why, size_t whylen)
{
    return (pf_rc_why(PF_EUNIMPL, why, whylen, "file %s: not checked: "
		      "built without OpenSSL", path));
}

/* crypto_load - nothing to load */

static int crypto_load(char *why, size_t whylen)
{
    return (PF_OK);
}

#endif					/* HAVE_OPENSSL */

/* pf_cert_not_after - notAfter of the first certificate in a PEM file */

int     pf_cert_not_after(const char *pem_file, time_t *not_after_time,
			          char *why, size_t len)
{
    char   *buf;
    const char *start;
    size_t  got;
    int     rc;

    *not_after_time = 0;
    if ((rc = crypto_load(why, len)) != PF_OK)
	return (rc);
    if ((buf = malloc(PF_CERT_MAX_FILE + 1)) == NULL)
	return (pf_rc_why(ENOMEM, why, len, "file %s: out of memory", pem_file));
    if ((rc = read_head(pem_file, buf, PF_CERT_MAX_FILE + 1, &got, why,
			len)) == PF_OK) {
	if ((start = first_cert(buf)) == NULL)
	    rc = pf_rc_why(PF_EPARSE, why, len, "file %s: no certificate in "
			   "its first %d bytes", pem_file, PF_CERT_MAX_FILE);
	else
	    rc = not_after(pem_file, start, not_after_time, why, len);
    }
    /* a chain file holds the private key too */
    explicit_bzero(buf, got);
    free(buf);
    return (rc);
}
