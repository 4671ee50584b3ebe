/* The TLS side of a live server check (OpenSSL, the backend of Debian's
 * libcurl): a verify callback records the server's certificate and the
 * first verification error while libcurl's own verification stays in
 * force, so a check never talks on over a connection that failed it. */
#include <arpa/inet.h>
#include <string.h>
#include <time.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "check_tls.h"

static int seen_index = -1;

static void name_text(X509_NAME *name, char *out, size_t size)
{
	out[0] = '\0';
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	/* RFC 2253 ("CN=mail.example.com,O=..."), UTF-8 kept as UTF-8 */
	X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	int n = BIO_read(b, out, (int)size - 1);
	out[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

/* The DNS names of the subjectAltName, comma-separated, a few at most. */
static void alt_names(X509 *cert, char *out, size_t size)
{
	out[0] = '\0';
	GENERAL_NAMES *gens = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	size_t n = 0;
	for (int i = 0; gens && i < sk_GENERAL_NAME_num(gens) && n + 1 < size; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		if (g->type != GEN_DNS)
			continue;
		const unsigned char *d = ASN1_STRING_get0_data(g->d.dNSName);
		int len = ASN1_STRING_length(g->d.dNSName);
		if (n && n + (size_t)len + 3 >= size) {
			snprintf(out + n, size - n, ", ...");
			break;
		}
		n += (size_t)snprintf(out + n, size - n, "%s%.*s", n ? ", " : "", len,
		                      (const char *)d);
	}
	GENERAL_NAMES_free(gens);
}

static void describe(struct mc_tls_seen *t, X509 *leaf)
{
	t->cert_seen = true;
	name_text(X509_get_subject_name(leaf), t->subject, sizeof t->subject);
	name_text(X509_get_issuer_name(leaf), t->issuer, sizeof t->issuer);
	alt_names(leaf, t->names, sizeof t->names);
	const ASN1_TIME *end = X509_get0_notAfter(leaf);
	struct tm tm;
	if (end && ASN1_TIME_to_tm(end, &tm) == 1)
		strftime(t->expires, sizeof t->expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int days = 0, secs = 0;
	if (end && ASN1_TIME_diff(&days, &secs, NULL, end) == 1)
		/* whole days left; a certificate that expired an hour ago is -1 */
		t->days_left = days - (secs < 0 ? 1 : 0);
	unsigned char ip[16];
	if (inet_pton(AF_INET, t->host, ip) == 1 || inet_pton(AF_INET6, t->host, ip) == 1)
		t->name_matches = X509_check_ip_asc(leaf, t->host, 0) == 1;
	else
		t->name_matches = X509_check_host(leaf, t->host, 0, 0, NULL) == 1;
}

static int on_verify(int ok, X509_STORE_CTX *sc)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(sc, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct mc_tls_seen *t =
	    ssl && seen_index >= 0 ? SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), seen_index) : NULL;
	if (!t)
		return ok;
	if (!t->cert_seen) {
		X509 *leaf = X509_STORE_CTX_get0_cert(sc);
		if (leaf)
			describe(t, leaf);
		snprintf(t->version, sizeof t->version, "%s", SSL_get_version(ssl));
		const SSL_CIPHER *c = SSL_get_pending_cipher(ssl);
		if (c)
			snprintf(t->cipher, sizeof t->cipher, "%s", SSL_CIPHER_get_name(c));
	}
	if (!ok && !t->error) {
		t->error = X509_STORE_CTX_get_error(sc);
		snprintf(t->error_text, sizeof t->error_text, "%s",
		         X509_verify_cert_error_string(t->error));
	}
	return ok; /* libcurl's verdict stands */
}

CURLcode mc_tls_ctx_hook(CURL *easy, void *ssl_ctx, void *parm)
{
	(void)easy;
	if (seen_index < 0)
		seen_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	if (seen_index < 0 || !SSL_CTX_set_ex_data(ssl_ctx, seen_index, parm))
		return CURLE_OUT_OF_MEMORY;
	struct mc_tls_seen *t = parm;
	t->name_matches = -1;
	/* libcurl set SSL_VERIFY_PEER (VERIFYPEER is on) without a callback */
	SSL_CTX_set_verify(ssl_ctx, SSL_VERIFY_PEER, on_verify);
	return CURLE_OK;
}

void mc_tls_after(CURL *easy, struct mc_tls_seen *t)
{
	struct curl_tlssessioninfo *info = NULL;
	if (curl_easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info ||
	    info->backend != CURLSSLBACKEND_OPENSSL || !info->internals)
		return;
	SSL *ssl = info->internals;
	snprintf(t->version, sizeof t->version, "%s", SSL_get_version(ssl));
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
	if (c)
		snprintf(t->cipher, sizeof t->cipher, "%s", SSL_CIPHER_get_name(c));
}

bool mc_tls_error_expired(int error)
{
	return error == X509_V_ERR_CERT_HAS_EXPIRED;
}

bool mc_tls_error_not_yet_valid(int error)
{
	return error == X509_V_ERR_CERT_NOT_YET_VALID;
}

bool mc_tls_error_untrusted(int error)
{
	return error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
	       error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
	       error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
	       error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
	       error == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}
