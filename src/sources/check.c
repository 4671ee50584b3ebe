/* Live checks of mail servers (mailcfg_check(), `mailcfg check`): every
 * server is probed at once on the event loop of online discovery (libcurl
 * multi, c-ares, one deadline), with the probe of the guess source: TCP,
 * TLS verified, greeting, capabilities, STARTTLS; a login only when asked.
 * What the probe saw comes back through hooks on its libcurl handle: the
 * dialogue (check_proto.c), the certificate (check_tls.c) and libcurl's
 * timings. This file turns that into a verdict and a reason. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_proto.h"
#include "check_tls.h"
#include "session.h"

/* A probe that ran into the deadline still reports what it reached; the
 * session's own deadline comes this much later, to collect those reports. */
#define GRACE_SECONDS 0.5

struct probe {
	struct check_run *run;
	const mailcfg_check_target *t;
	mailcfg_check_report *rep;
	struct mc_dialogue dlg;
	struct mc_tls_seen tls;
	char curl_error[CURL_ERROR_SIZE];
	/* seconds into the session: created, libcurl started to connect (the
	 * name resolved), TCP connected, TLS established; 0: not reached */
	double created, trying, connected_at, tls_at;
	bool connected, finished, done;
	CURLcode rc;
	long os_errno;
};

/* The session comes first: the callbacks get the session and find the rest. */
struct check_run {
	struct mc_session s;
	const mailcfg_check_options *co;
	struct probe *probes;
	size_t n, done;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *protocol_label(mailcfg_protocol p)
{
	return p == MAILCFG_PROTOCOL_IMAP ? "IMAP" : p == MAILCFG_PROTOCOL_POP3 ? "POP3" : "SMTP";
}

static const char *encryption_words(mailcfg_encryption e)
{
	return e == MAILCFG_ENCRYPTION_SSL        ? "with SSL/TLS"
	       : e == MAILCFG_ENCRYPTION_STARTTLS ? "with STARTTLS"
	                                          : "without encryption";
}

static unsigned standard_port(mailcfg_protocol p, mailcfg_encryption e)
{
	bool ssl = e == MAILCFG_ENCRYPTION_SSL;
	switch (p) {
	case MAILCFG_PROTOCOL_IMAP: return ssl ? 993 : 143;
	case MAILCFG_PROTOCOL_POP3: return ssl ? 995 : 110;
	case MAILCFG_PROTOCOL_SMTP: return ssl ? 465 : 587;
	}
	return 0;
}

/* Ports whose servers expect TLS from the first byte, and those that
 * expect a plain greeting: a mix-up is the most common wrong setting. */
static bool implicit_tls_port(unsigned port)
{
	return port == 993 || port == 995 || port == 465;
}

static bool plain_port(unsigned port)
{
	return port == 143 || port == 110 || port == 587 || port == 25;
}

static int on_debug(CURL *easy, curl_infotype type, char *data, size_t len, void *ud)
{
	(void)easy;
	struct probe *p = ud;
	/* once libcurl is done, what follows is its goodbye (IMAP LOGOUT,
	 * POP3 QUIT, SMTP QUIT), not the server's answer to the check */
	if (p->finished)
		return 0;
	switch (type) {
	case CURLINFO_HEADER_IN: mc_dialogue_in(&p->dlg, data, len); break;
	case CURLINFO_HEADER_OUT: mc_dialogue_out(&p->dlg, data, len); break;
	case CURLINFO_TEXT: {
		/* libcurl's progress lines mark the stages: its own timings
		 * (CURLINFO_*_TIME_T) do not fit CONNECT_ONLY mail transfers */
		double now = mc_session_elapsed(&p->run->s);
		size_t lead = 0;
		while (lead < len && data[lead] == ' ')
			lead++;
		data += lead;
		len -= lead;
		if (!p->trying && len > 7 && strncmp(data, "Trying ", 7) == 0)
			p->trying = now;
		if (!p->connected_at && len > 13 && strncmp(data, "Connected to ", 13) == 0) {
			p->connected = true;
			p->connected_at = now;
		}
		if (!p->tls_at && len > 21 && strncmp(data, "SSL connection using ", 21) == 0)
			p->tls_at = now;
		break;
	}
	default: break;
	}
	return 0;
}

static void on_setup(CURL *e, void *ud)
{
	struct probe *p = ud;
	const mailcfg_check_options *co = p->run->co;
	p->created = mc_session_elapsed(&p->run->s);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, p->curl_error);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 1L); /* feeds the debug callback, prints nothing */
	curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(e, CURLOPT_DEBUGDATA, p);
	curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, mc_tls_ctx_hook);
	curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, &p->tls);
	/* every check a full handshake on a connection of its own */
	curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	/* never a password over an unencrypted connection */
	if (co->login_user && p->t->encryption != MAILCFG_ENCRYPTION_NONE) {
		/* with CONNECT_ONLY libcurl logs in as the last step of connecting */
		curl_easy_setopt(e, CURLOPT_USERNAME, co->login_user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, co->login_password);
	}
}

/* Durations of the stages, from the moments the debug callback saw. */
static void timings(struct probe *p, double end)
{
	mailcfg_check_report *r = p->rep;
	r->total_ms = (end - p->created) * 1000;
	r->dns_ms = p->trying ? (p->trying - p->created) * 1000 : -1;
	r->connect_ms = p->connected_at && p->trying ? (p->connected_at - p->trying) * 1000 : -1;
	r->tls_ms = p->tls_at && p->connected_at ? (p->tls_at - p->connected_at) * 1000 : -1;
}

static void on_finished(CURL *e, CURLcode rc, const char *addresses, void *ud)
{
	struct probe *p = ud;
	mailcfg_check_report *r = p->rep;
	p->finished = true;
	p->rc = rc;
	snprintf(r->addresses, sizeof r->addresses, "%s", addresses);
	timings(p, mc_session_elapsed(&p->run->s));
	char *ip = NULL;
	if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && ip[0])
		snprintf(r->address, sizeof r->address, "%s", ip);
	curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &p->os_errno);
	if (rc == CURLE_OK && r->encryption != MAILCFG_ENCRYPTION_NONE)
		mc_tls_after(e, &p->tls);
}

/* Why a probe that ran out of time stopped where it did. */
static void timeout_reason(struct probe *p, double seconds)
{
	mailcfg_check_report *r = p->rep;
	bool tls_expected = r->encryption != MAILCFG_ENCRYPTION_NONE;
	if (!p->connected) {
		snprintf(r->reason, sizeof r->reason,
		         "%s did not accept a connection on port %u within %.0f s", r->host,
		         r->port, seconds);
	} else if (r->encryption == MAILCFG_ENCRYPTION_SSL && !p->tls.cert_seen) {
		snprintf(r->reason, sizeof r->reason,
		         "the server accepted the connection but did not answer the TLS handshake "
		         "within %.0f s%s",
		         seconds,
		         plain_port(r->port) ? " (this port usually expects STARTTLS)" : "");
	} else if (p->dlg.lines_in == 0) {
		bool wrong = r->encryption != MAILCFG_ENCRYPTION_SSL && implicit_tls_port(r->port);
		snprintf(r->reason, sizeof r->reason,
		         "the server accepted the connection but sent no greeting within %.0f s%s",
		         seconds,
		         wrong ? " (this port usually expects SSL/TLS from the first byte)" : "");
	} else if (tls_expected && !p->tls.cert_seen) {
		snprintf(r->reason, sizeof r->reason,
		         "the TLS handshake did not finish within %.0f s", seconds);
	} else {
		snprintf(r->reason, sizeof r->reason, "the server stopped answering within %.0f s",
		         seconds);
	}
}

/* A certificate problem in words a customer can be told. */
static bool certificate_reason(struct probe *p)
{
	mailcfg_check_report *r = p->rep;
	const struct mc_tls_seen *t = &p->tls;
	char date[16];
	snprintf(date, sizeof date, "%.10s", t->expires);
	if (mc_tls_error_expired(t->error)) {
		snprintf(r->reason, sizeof r->reason,
		         "the server's certificate expired on %s (%ld days ago)%s", date,
		         -t->days_left, t->name_matches == 0 ? " and is for other names" : "");
	} else if (mc_tls_error_not_yet_valid(t->error)) {
		snprintf(r->reason, sizeof r->reason, "the server's certificate is not valid yet");
	} else if (t->error && mc_tls_error_untrusted(t->error)) {
		snprintf(
		    r->reason, sizeof r->reason,
		    "the server's certificate is not from a trusted authority (issuer: %.150s)",
		    t->issuer[0] ? t->issuer : "unknown");
	} else if (t->error) {
		snprintf(r->reason, sizeof r->reason,
		         "the server's certificate was rejected: %.150s", t->error_text);
	} else if (t->name_matches == 0) {
		snprintf(r->reason, sizeof r->reason,
		         "the server's certificate is for %.150s, not for %.150s",
		         t->names[0] ? t->names : t->subject, r->host);
	} else {
		return false;
	}
	return true;
}

/* What went wrong when libcurl gave up. */
static void failure_reason(struct probe *p, double seconds)
{
	mailcfg_check_report *r = p->rep;
	const char *err = p->curl_error[0] ? p->curl_error : curl_easy_strerror(p->rc);
	switch (p->rc) {
	case CURLE_OPERATION_TIMEDOUT: timeout_reason(p, seconds); return;
	case CURLE_COULDNT_CONNECT:
		if (p->os_errno == ENETUNREACH || p->os_errno == EHOSTUNREACH ||
		    p->os_errno == ENETDOWN) {
			r->network_failure = 1;
			snprintf(r->reason, sizeof r->reason, "the network cannot reach %s (%s)",
			         r->host, strerror((int)p->os_errno));
		} else {
			snprintf(r->reason, sizeof r->reason,
			         "nothing answers on port %u of %s (connection refused)", r->port,
			         r->host);
		}
		return;
	case CURLE_USE_SSL_FAILED:
		snprintf(r->reason, sizeof r->reason, "the server does not offer STARTTLS");
		return;
	case CURLE_LOGIN_DENIED:
		r->login_tried = 1;
		snprintf(r->reason, sizeof r->reason, "the server refused the login: %.300s",
		         r->login_message[0] ? r->login_message : "no reason given");
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
		if (certificate_reason(p))
			return;
		if (r->encryption == MAILCFG_ENCRYPTION_SSL && plain_port(r->port)) {
			snprintf(r->reason, sizeof r->reason,
			         "the server does not speak TLS on port %u: it probably expects "
			         "STARTTLS (%.150s)",
			         r->port, err);
			return;
		}
		snprintf(r->reason, sizeof r->reason, "the TLS handshake failed: %.300s", err);
		return;
	default: break;
	}
	if (p->dlg.lines_in == 0)
		snprintf(r->reason, sizeof r->reason,
		         "the server closed the connection without a greeting (%.250s)", err);
	else
		snprintf(r->reason, sizeof r->reason, "the %s dialogue failed: %.300s",
		         protocol_label(r->protocol), err);
}

/* The verdict of a probe that got through: ok, or a warning with why. */
static void success_verdict(struct probe *p)
{
	mailcfg_check_report *r = p->rep;
	const struct mc_tls_seen *t = &p->tls;
	char date[16];
	snprintf(date, sizeof date, "%.10s", t->expires);
	r->verdict = MAILCFG_VERDICT_WARNING;
	bool old_tls = strcmp(t->version, "TLSv1") == 0 || strcmp(t->version, "TLSv1.1") == 0 ||
	               strncmp(t->version, "SSL", 3) == 0;
	if (r->login_tried && !r->login_ok) {
		r->verdict = MAILCFG_VERDICT_FAIL;
		snprintf(r->reason, sizeof r->reason, "the server refused the login: %.300s",
		         r->login_message[0] ? r->login_message : "no reason given");
	} else if (p->run->co->login_user && r->encryption == MAILCFG_ENCRYPTION_NONE) {
		snprintf(r->reason, sizeof r->reason,
		         "the connection is not encrypted, so no login was tried: the password "
		         "would travel in clear text");
	} else if (p->run->co->login_user && !r->login_tried) {
		r->verdict = MAILCFG_VERDICT_FAIL;
		snprintf(r->reason, sizeof r->reason,
		         "the server offers no way to log in on this connection");
	} else if (r->encryption == MAILCFG_ENCRYPTION_NONE) {
		snprintf(r->reason, sizeof r->reason,
		         "the connection is not encrypted: passwords and mail travel in clear "
		         "text%s",
		         r->starttls_offered ? " (the server offers STARTTLS: use it)" : "");
	} else if (r->tls && t->days_left <= 14) {
		snprintf(r->reason, sizeof r->reason,
		         "the server's certificate expires on %s, in %ld day%s", date, t->days_left,
		         t->days_left == 1 ? "" : "s");
	} else if (old_tls) {
		snprintf(r->reason, sizeof r->reason,
		         "the server uses the outdated %s; mail programs may refuse it",
		         t->version);
	} else if (r->plaintext_auth_before_tls) {
		snprintf(r->reason, sizeof r->reason,
		         "the server accepts passwords before STARTTLS, unencrypted; a mail "
		         "program set to STARTTLS is safe, one set to no encryption is not");
	} else {
		r->verdict = MAILCFG_VERDICT_OK;
		snprintf(r->reason, sizeof r->reason,
		         "%s %s works: %s, certificate valid until %s (%ld days)%s",
		         protocol_label(r->protocol), encryption_words(r->encryption), t->version,
		         date, t->days_left, r->login_ok ? ", login accepted" : "");
	}
}

/* What the dialogue and the handshake showed, into the report. */
static void fill_seen(struct probe *p, bool ok)
{
	mailcfg_check_report *r = p->rep;
	const struct mc_dialogue *d = &p->dlg;
	const struct mc_tls_seen *t = &p->tls;
	snprintf(r->greeting, sizeof r->greeting, "%s", d->greeting);
	snprintf(r->capabilities, sizeof r->capabilities, "%s", mc_dialogue_caps(d));
	snprintf(r->auth_mechanisms, sizeof r->auth_mechanisms, "%s", mc_dialogue_auth(d));
	r->starttls_offered = mc_dialogue_starttls_offered(d);
	r->plaintext_auth_before_tls =
	    r->encryption == MAILCFG_ENCRYPTION_STARTTLS && mc_dialogue_plaintext_auth(d);
	r->cert_name_matches = t->cert_seen ? t->name_matches : -1;
	if (t->cert_seen) {
		snprintf(r->cert_subject, sizeof r->cert_subject, "%s", t->subject);
		snprintf(r->cert_issuer, sizeof r->cert_issuer, "%s", t->issuer);
		snprintf(r->cert_expires, sizeof r->cert_expires, "%s", t->expires);
		r->cert_days_left = t->days_left;
		snprintf(r->cert_error, sizeof r->cert_error, "%s", t->error_text);
		snprintf(r->tls_version, sizeof r->tls_version, "%s", t->version);
		snprintf(r->tls_cipher, sizeof r->tls_cipher, "%s", t->cipher);
		if (!t->error && t->name_matches == 0)
			snprintf(r->cert_error, sizeof r->cert_error,
			         "the certificate does not name the host");
	}
	r->tls = ok && r->encryption != MAILCFG_ENCRYPTION_NONE && d->tls;
	if (d->auth_sent) {
		r->login_tried = 1;
		r->login_ok = ok;
		snprintf(r->login_message, sizeof r->login_message, "%s", d->auth_reply);
	}
}

/* Everything a probe saw, into its report, with the verdict. */
static void conclude(struct probe *p, bool ok, bool network, const char *why, double seconds)
{
	mailcfg_check_report *r = p->rep;
	fill_seen(p, ok);
	if (!p->finished) {
		/* never reached libcurl: the name did not resolve */
		timings(p, mc_session_elapsed(&p->run->s));
		r->verdict = MAILCFG_VERDICT_FAIL;
		r->network_failure = network;
		const char *w = why && strstr(why, " does not resolve") ? "" : why;
		if (network)
			snprintf(
			    r->reason, sizeof r->reason,
			    "the name %.150s could not be looked up: DNS did not answer (%.150s)",
			    r->host, why ? why : "");
		else
			snprintf(r->reason, sizeof r->reason,
			         "the name %.150s does not exist in DNS%s%.150s", r->host,
			         w && w[0] ? ": " : "", w ? w : "");
		return;
	}
	if (ok)
		success_verdict(p);
	else {
		r->verdict = MAILCFG_VERDICT_FAIL;
		failure_reason(p, seconds);
	}
}

static void on_done(struct mc_session *s, enum mc_src src, int stage, bool ok, const char *body,
                    size_t len, const char *url, bool network, const char *why)
{
	(void)src, (void)body, (void)len, (void)url;
	struct check_run *run = (struct check_run *)(void *)s;
	struct probe *p = &run->probes[stage];
	if (p->done)
		return;
	p->done = true;
	conclude(p, ok, network, why, s->timeout);
	if (++run->done == run->n)
		s->done = true;
}

static const struct mc_probe_hooks hooks = {on_setup, on_finished};

static void start_probe(struct check_run *run, size_t i)
{
	struct probe *p = &run->probes[i];
	mailcfg_check_report *r = p->rep;
	const mailcfg_check_target *t = p->t;
	r->protocol = t->protocol;
	r->encryption = t->encryption;
	snprintf(r->host, sizeof r->host, "%s", t->host);
	r->port = t->port ? t->port : standard_port(t->protocol, t->encryption);
	r->dns_ms = r->connect_ms = r->tls_ms = r->total_ms = -1;
	r->cert_name_matches = -1;
	p->tls.host = r->host;
	p->tls.name_matches = -1;
	p->dlg.protocol = t->protocol;
	p->dlg.tls = t->encryption == MAILCFG_ENCRYPTION_SSL;
	static const char *const schemes[3][2] = {
	    {"imap", "imaps"}, {"pop3", "pop3s"}, {"smtp", "smtps"}};
	char url[400], why[300];
	snprintf(url, sizeof url, "%s://%s:%u/",
	         schemes[t->protocol][t->encryption == MAILCFG_ENCRYPTION_SSL], r->host, r->port);
	if (!mc_probe_hooked(&run->s, MC_SRC_GUESS, (int)i, url,
	                     t->encryption == MAILCFG_ENCRYPTION_STARTTLS, &hooks, p, on_done, why,
	                     sizeof why)) {
		p->done = true;
		run->done++;
		r->verdict = MAILCFG_VERDICT_FAIL;
		snprintf(r->reason, sizeof r->reason, "the check could not start: %.300s", why);
	}
}

#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
int mailcfg_net_check(unsigned abi, const mailcfg_check_options *co,
                      const mailcfg_check_target *targets, size_t n,
                      mailcfg_check_report *reports);

/* The module's entry point behind mailcfg_check(), which has checked the
 * arguments and cleared REPORTS. */
int mailcfg_net_check(unsigned abi, const mailcfg_check_options *co,
                      const mailcfg_check_target *targets, size_t n, mailcfg_check_report *reports)
{
	if (abi != MC_NET_ABI) {
		snprintf(reports[0].reason, sizeof reports[0].reason,
		         "the network module does not match this mailcfg");
		return MAILCFG_ERR_IO;
	}
	mc_net_global_init();
	double timeout = co->timeout > 0 ? co->timeout : 10.0;
	/* the options of online discovery that a check uses */
	mailcfg_online_options oo = {
	    .timeout = timeout,
	    .cacert = co->cacert,
	    .resolve = co->resolve,
	    .resolve_count = co->resolve_count,
	    .dns_server = co->dns_server,
	    .log = co->log,
	    .log_userdata = co->log_userdata,
	};
	struct mc_engine e = {.o = &oo};
	struct check_run *run = calloc(1, sizeof *run);
	struct probe *probes = calloc(n, sizeof *probes);
	int rc = MAILCFG_OK;
	if (!run || !probes) {
		rc = MAILCFG_ERR_NOMEM;
	} else if (!mc_http_init(&e) || !mc_dns_init(&e)) {
		snprintf(reports[0].reason, sizeof reports[0].reason,
		         "the check could not start: %s", e.init_error);
		rc = MAILCFG_ERR_IO;
	} else {
		run->co = co;
		run->probes = probes;
		run->n = n;
		struct mc_session *s = &run->s;
		s->e = &e;
		s->o = &oo;
		s->winner = -1;
		s->timeout = timeout;
		s->start = now_seconds();
		s->deadline = s->start + timeout; /* each probe's own time limit */
		for (size_t i = 0; i < n; i++) {
			probes[i] =
			    (struct probe){.run = run, .t = &targets[i], .rep = &reports[i]};
			start_probe(run, i);
		}
		s->deadline += GRACE_SECONDS;
		s->done = run->done == n;
		mc_engine_run(&e, &s, 1);
		for (size_t i = 0; i < n; i++)
			if (!probes[i].done) {
				fill_seen(&probes[i], false);
				reports[i].verdict = MAILCFG_VERDICT_FAIL;
				timings(&probes[i], mc_session_elapsed(&run->s));
				timeout_reason(&probes[i], timeout);
			}
	}
	/* c-ares first: its callbacks still refer to the session */
	mc_dns_cleanup(&e);
	mc_http_cleanup(&e);
	free(probes);
	free(run);
	return rc;
}
