/* HTTPS for the online sources, through libcurl's multi interface: TLS
 * always verified, redirects few and only to https, bodies capped, one
 * deadline. Host names are resolved by c-ares on the session's loop (with
 * the DNS server the user chose) and handed to libcurl as pins. */
#include <arpa/inet.h>
#include <dirent.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "session.h"
#include "util/file.h"
#include "util/text.h"

struct mc_xfer {
	struct mc_session *s;
	CURL *easy;
	enum mc_src src;
	int stage;
	mc_http_done done;
	char url[1024];
	char host[256];
	unsigned port;
	char *body;
	size_t len, cap;
	bool too_big;
	bool in_multi;
	bool probe;   /* a mail protocol greeting, not an HTTP GET */
	long max_age; /* from Cache-Control; -1: none, 0: must not be kept */
	char error[CURL_ERROR_SIZE];
	double started;
	struct curl_slist *resolve; /* the session's pins plus this host's addresses */
	char addresses[400];        /* what the host resolved to, for the hooks */
	const struct mc_probe_hooks *hooks;
	void *hook_ud;
	struct mc_xfer *next;
};

/* The system's CAs, one file each, named by the hash of their subject
 * (update-ca-certificates makes these links). OpenSSL reads from such a
 * folder only the CA a chain names, when it verifies it; the bundle of all
 * of them (/etc/ssl/certs/ca-certificates.crt, libcurl's default) is parsed
 * whole for every transfer, some 20 ms for 150 certificates, and a lookup
 * starts three transfers at once on one thread: that alone made an answer
 * that arrived in 50 ms take 140. */
#define SYSTEM_CA_DIR "/etc/ssl/certs"

/* Whether DIR holds hashed links: a name of eight hex digits, '.', a digit. */
static bool has_hashed_cas(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool found = false;
	for (struct dirent *e; !found && (e = readdir(d));) {
		const char *n = e->d_name;
		found = strlen(n) == 10 && strspn(n, "0123456789abcdef") == 8 && n[8] == '.' &&
		        n[9] >= '0' && n[9] <= '9';
	}
	closedir(d);
	return found;
}

bool mc_http_init(struct mc_engine *s)
{
	s->multi = curl_multi_init();
	if (!s->multi) {
		snprintf(s->init_error, sizeof s->init_error, "libcurl could not start");
		return false;
	}
	const mailcfg_online_options *o = s->o;
	for (size_t i = 0; i < o->resolve_count; i++) {
		struct curl_slist *l = curl_slist_append(s->resolve, o->resolve[i]);
		if (!l) {
			snprintf(s->init_error, sizeof s->init_error, "out of memory");
			return false;
		}
		s->resolve = l;
	}
	s->ca_dir = has_hashed_cas(SYSTEM_CA_DIR);
	/* --cacert adds CAs: libcurl loads a CAINFO blob besides its CAINFO
	 * file and CAPATH folder, where CAINFO itself would replace the file */
	if (o->cacert) {
		char why[200];
		if (mc_read_file(o->cacert, 4 << 20, &s->ca_blob, &s->ca_len, why, sizeof why) !=
		    0) {
			snprintf(s->init_error, sizeof s->init_error, "--cacert %.100s: %.100s",
			         o->cacert, why);
			return false;
		}
	}
	return true;
}

/* Cache-Control: max-age=N, no-store, no-cache (the last response's). */
static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	struct mc_xfer *x = ud;
	size_t len = size * n;
	char line[512];
	if (len >= sizeof line)
		return len;
	memcpy(line, data, len);
	line[len] = '\0';
	if (strncmp(line, "HTTP/", 5) == 0)
		x->max_age = -1; /* a new response (after a redirect) */
	if (strncasecmp(line, "cache-control:", 14) != 0)
		return len;
	for (char *p = line + 14; *p; p++)
		*p = mc_ascii_lower(*p);
	if (strstr(line + 14, "no-store") || strstr(line + 14, "no-cache")) {
		x->max_age = 0;
	} else if (strstr(line + 14, "max-age=")) {
		long v = strtol(strstr(line + 14, "max-age=") + 8, NULL, 10);
		if (v >= 0)
			x->max_age = v;
	}
	return len;
}

/* The max-age of the transfer whose callback is running. */
static long last_max_age = -1;

long mc_http_last_max_age(const struct mc_session *s)
{
	(void)s;
	return last_max_age;
}

static size_t on_data(char *data, size_t size, size_t n, void *ud)
{
	struct mc_xfer *x = ud;
	size_t len = size * n;
	if (x->len + len > MC_MAX_BODY) {
		x->too_big = true;
		return 0; /* aborts the transfer */
	}
	if (x->len + len + 1 > x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16384;
		while (cap < x->len + len + 1)
			cap *= 2;
		char *b = realloc(x->body, cap);
		if (!b)
			return 0;
		x->body = b;
		x->cap = cap;
	}
	memcpy(x->body + x->len, data, len);
	x->len += len;
	x->body[x->len] = '\0';
	return len;
}

static void unlink_xfer(struct mc_engine *e, struct mc_xfer *x)
{
	for (struct mc_xfer **p = &e->xfers; *p; p = &(*p)->next)
		if (*p == x) {
			*p = x->next;
			break;
		}
	if (x->in_multi)
		curl_multi_remove_handle(e->multi, x->easy);
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->resolve);
	free(x->body);
	free(x);
}

/* Hand the outcome to the source and forget the transfer. */
static void complete(struct mc_session *s, struct mc_xfer *x, bool ok, bool network,
                     const char *why)
{
	s->busy[x->src]--;
	enum mc_src src = x->src;
	int stage = x->stage;
	mc_http_done done = x->done;
	char url[1024];
	snprintf(url, sizeof url, "%s", x->url);
	char *body = x->body;
	size_t len = x->len;
	x->body = NULL;
	last_max_age = x->max_age;
	unlink_xfer(s->e, x);
	if (!s->done)
		done(s, src, stage, ok, body ? body : "", len, url, network, why);
	free(body);
}

static bool start(struct mc_session *s, struct mc_xfer *x, char *why, size_t whysize)
{
	if (curl_multi_add_handle(s->e->multi, x->easy) != CURLM_OK) {
		snprintf(why, whysize, "libcurl refused the transfer");
		return false;
	}
	x->in_multi = true;
	return true;
}

static bool xfer_alive(struct mc_session *s, struct mc_xfer *x)
{
	for (struct mc_xfer *p = s->e->xfers; p; p = p->next)
		if (p == x)
			return true;
	return false;
}

void mc_http_resolved(struct mc_session *s, void *xfer, int status, const struct ares_addrinfo *ai)
{
	struct mc_xfer *x = xfer;
	if (!xfer_alive(s, x))
		return;
	char why[400];
	if (status != ARES_SUCCESS || !ai || !ai->nodes) {
		/* no such name is an answer; a DNS failure is a network problem */
		bool nothing = status == ARES_ENOTFOUND || status == ARES_ENODATA;
		snprintf(why, sizeof why, "%s does not resolve (%s)", x->host,
		         nothing ? "no such name" : ares_strerror(status));
		mc_session_log(s, "%s -> %s", x->url, why);
		complete(s, x, false, !nothing, why);
		return;
	}
	char pin[1200];
	size_t n = (size_t)snprintf(pin, sizeof pin, "%s:%u:", x->host, x->port);
	bool first = true;
	for (const struct ares_addrinfo_node *a = ai->nodes; a && n + 64 < sizeof pin;
	     a = a->ai_next) {
		char addr[INET6_ADDRSTRLEN + 2];
		if (a->ai_family == AF_INET) {
			inet_ntop(AF_INET,
			          &((const struct sockaddr_in *)(void *)a->ai_addr)->sin_addr, addr,
			          sizeof addr);
		} else if (a->ai_family == AF_INET6) {
			char v6[INET6_ADDRSTRLEN];
			inet_ntop(AF_INET6,
			          &((const struct sockaddr_in6 *)(void *)a->ai_addr)->sin6_addr, v6,
			          sizeof v6);
			snprintf(addr, sizeof addr, "[%s]", v6);
		} else {
			continue;
		}
		n += (size_t)snprintf(pin + n, sizeof pin - n, "%s%s", first ? "" : ",", addr);
		first = false;
	}
	snprintf(x->addresses, sizeof x->addresses, "%s", strchr(strchr(pin, ':') + 1, ':') + 1);
	x->resolve = curl_slist_append(NULL, pin);
	for (const struct curl_slist *l = s->e->resolve; l && x->resolve; l = l->next)
		x->resolve = curl_slist_append(x->resolve, l->data);
	if (!x->resolve) {
		complete(s, x, false, true, "out of memory");
		return;
	}
	curl_easy_setopt(x->easy, CURLOPT_RESOLVE, x->resolve);
	if (!start(s, x, why, sizeof why))
		complete(s, x, false, true, why);
}

static bool transfer(struct mc_session *s, enum mc_src src, int stage, const char *url, bool probe,
                     bool starttls, const struct mc_probe_hooks *hooks, void *ud, mc_http_done done,
                     char *why, size_t whysize);

bool mc_http_get(struct mc_session *s, enum mc_src src, int stage, const char *url,
                 mc_http_done done, char *why, size_t whysize)
{
	return transfer(s, src, stage, url, false, false, NULL, NULL, done, why, whysize);
}

bool mc_probe(struct mc_session *s, enum mc_src src, int stage, const char *url, bool starttls,
              mc_http_done done, char *why, size_t whysize)
{
	return transfer(s, src, stage, url, true, starttls, NULL, NULL, done, why, whysize);
}

bool mc_probe_hooked(struct mc_session *s, enum mc_src src, int stage, const char *url,
                     bool starttls, const struct mc_probe_hooks *hooks, void *ud, mc_http_done done,
                     char *why, size_t whysize)
{
	return transfer(s, src, stage, url, true, starttls, hooks, ud, done, why, whysize);
}

static bool transfer(struct mc_session *s, enum mc_src src, int stage, const char *url, bool probe,
                     bool starttls, const struct mc_probe_hooks *hooks, void *ud, mc_http_done done,
                     char *why, size_t whysize)
{
	const char *h = strstr(url, "://");
	if (!h) {
		snprintf(why, whysize, "%.200s is not a URL", url);
		return false;
	}
	h += 3;
	struct mc_xfer *x = calloc(1, sizeof *x);
	if (!x || !(x->easy = curl_easy_init())) {
		free(x);
		snprintf(why, whysize, "out of memory");
		return false;
	}
	x->s = s;
	x->src = src;
	x->stage = stage;
	x->done = done;
	x->probe = probe;
	x->hooks = hooks;
	x->hook_ud = ud;
	x->started = mc_session_elapsed(s);
	snprintf(x->url, sizeof x->url, "%s", url);
	bool http = strncmp(url, "http://", 7) == 0;
	size_t hl = strcspn(h, ":/?#");
	if (hl >= sizeof x->host)
		hl = sizeof x->host - 1;
	memcpy(x->host, h, hl);
	x->host[hl] = '\0';
	x->port = http ? 80 : 443;
	if (h[hl] == ':') {
		/* libcurl rejects a bad port itself; this copy only labels pins */
		unsigned long port = strtoul(h + hl + 1, NULL, 10);
		x->port = port <= 65535 ? (unsigned)port : 0;
	}

	CURL *e = x->easy;
	long left_ms = (long)((s->deadline - s->start - x->started) * 1000);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	x->max_age = -1;
	if (!probe) {
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	}
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->error);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "mailcfg/" MAILCFG_VERSION);
	if (probe) {
		/* connect, TLS, greeting, capabilities, STARTTLS; then stop */
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "imap,imaps,pop3,pop3s,smtp,smtps");
		curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
		if (starttls)
			curl_easy_setopt(e, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	} else {
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, http ? "http" : "https");
	}
	/* a redirect never leaves https, even from an http:// start */
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)MC_MAX_REDIRECTS);
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MC_MAX_BODY);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, left_ms > 1 ? left_ms : 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (s->e->ca_dir) {
		curl_easy_setopt(e, CURLOPT_CAINFO, NULL);
		curl_easy_setopt(e, CURLOPT_CAPATH, SYSTEM_CA_DIR);
	}
	if (s->e->ca_blob) {
		struct curl_blob blob = {s->e->ca_blob, s->e->ca_len, CURL_BLOB_NOCOPY};
		curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
	}
	if (hooks && hooks->setup)
		hooks->setup(e, ud);
	x->next = s->e->xfers;
	s->e->xfers = x;
	s->busy[src]++;
	mc_session_log(s, "%s %s", probe ? "PROBE" : "GET", url);

	char pin[300];
	snprintf(pin, sizeof pin, "%s:%u:", x->host, x->port);
	for (const struct curl_slist *l = s->e->resolve; l; l = l->next)
		if (strncmp(l->data, pin, strlen(pin)) == 0) {
			snprintf(x->addresses, sizeof x->addresses, "%s", l->data + strlen(pin));
			curl_easy_setopt(e, CURLOPT_RESOLVE, s->e->resolve);
			if (start(s, x, why, whysize))
				return true;
			s->busy[src]--;
			unlink_xfer(s->e, x);
			return false;
		}
	mc_resolve_host(s, x->host, x);
	return true;
}

/* Tell an answer that says "nothing here" from a network failure. */
static void finish(struct mc_session *s, struct mc_xfer *x, CURLcode rc)
{
	long status = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	char why[400];
	bool ok = false, network = false;
	if (x->probe) {
		/* a refusal or a protocol error is an answer from that host;
		 * silence and TLS failures are network problems, as for HTTPS */
		ok = rc == CURLE_OK;
		network = rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_SSL_CONNECT_ERROR ||
		          rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CERTPROBLEM;
		if (ok)
			why[0] = '\0';
		else
			snprintf(why, sizeof why, "%.200s: %.180s", x->url,
			         x->error[0] ? x->error : curl_easy_strerror(rc));
	} else if (rc == CURLE_OK && status == 200) {
		ok = true;
		why[0] = '\0';
	} else if (rc == CURLE_OK) {
		snprintf(why, sizeof why, "%.200s answered HTTP %ld", x->url, status);
	} else if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(why, sizeof why, "%.200s: the response is larger than %zu KiB", x->url,
		         MC_MAX_BODY / 1024);
	} else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		snprintf(why, sizeof why, "%.200s: redirect to a URL that is not https, refused",
		         x->url);
	} else if (rc == CURLE_TOO_MANY_REDIRECTS) {
		snprintf(why, sizeof why, "%.200s: more than %d redirects", x->url,
		         MC_MAX_REDIRECTS);
	} else {
		network = true;
		snprintf(why, sizeof why, "%.200s: %.180s", x->url,
		         x->error[0] ? x->error : curl_easy_strerror(rc));
	}
	mc_session_log(s, "%s -> %s (%.0f ms)", x->url, ok ? "200" : why,
	               (mc_session_elapsed(s) - x->started) * 1000);
	if (x->hooks && x->hooks->finished)
		x->hooks->finished(x->easy, rc, x->addresses, x->hook_ud);
	complete(s, x, ok, network, why);
}

void mc_http_progress(struct mc_engine *s)
{
	int running = 0;
	curl_multi_perform(s->multi, &running);
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(s->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct mc_xfer *x = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x)
			finish(x->s, x, m->data.result);
	}
}

void mc_http_cancel(struct mc_session *s)
{
	for (struct mc_xfer *x = s->e->xfers, *next; x; x = next) {
		next = x->next;
		if (x->s == s) {
			s->busy[x->src]--;
			unlink_xfer(s->e, x);
		}
	}
}

void mc_http_cleanup(struct mc_engine *s)
{
	while (s->xfers)
		unlink_xfer(s, s->xfers);
	if (s->multi)
		curl_multi_cleanup(s->multi);
	curl_slist_free_all(s->resolve);
	free(s->ca_blob);
}
