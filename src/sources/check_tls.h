/* The TLS side of a live server check: what OpenSSL saw of the server's
 * certificate, captured during the handshake so that a failed handshake
 * still tells why it failed (expired, wrong name, unknown issuer). */
#ifndef MC_CHECK_TLS_H
#define MC_CHECK_TLS_H

#include <stdbool.h>

#include <curl/curl.h>

struct mc_tls_seen {
	const char *host; /* the name the certificate must carry */
	bool cert_seen;
	int error; /* the first X509_V_ERR_* of verification; 0: none */
	char error_text[200];
	char subject[256], issuer[256], names[256];
	char expires[32]; /* notAfter, "YYYY-MM-DDTHH:MM:SSZ" */
	long days_left;
	int name_matches; /* -1 until a certificate was seen */
	char version[32], cipher[96];
};

/* libcurl's CURLOPT_SSL_CTX_FUNCTION: keeps libcurl's verification and
 * adds a verify callback that records into PARM (a struct mc_tls_seen). */
CURLcode mc_tls_ctx_hook(CURL *easy, void *ssl_ctx, void *parm);
/* After a handshake: the negotiated version and cipher from libcurl. */
void mc_tls_after(CURL *easy, struct mc_tls_seen *t);
/* Whether ERROR (an X509_V_ERR_*) means the certificate has expired / is
 * not valid yet / comes from an authority nobody trusts. */
bool mc_tls_error_expired(int error);
bool mc_tls_error_not_yet_valid(int error);
bool mc_tls_error_untrusted(int error);

#endif
