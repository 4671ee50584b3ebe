/* The rules of `mailcfg audit` (audit.h). Each rule compares one thing the
 * customer typed with the provider's servers and, when they differ, says
 * what is wrong and what to type instead. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "core/names.h"
#include "output/catalog.h"
#include "util/text.h"

static const char *const kind_names[AUDIT_KIND_COUNT] = {"provider_discontinued",
                                                         "no_such_service",
                                                         "wrong_host",
                                                         "port_encryption_mismatch",
                                                         "wrong_port",
                                                         "wrong_encryption",
                                                         "unencrypted",
                                                         "starttls_instead_of_ssl",
                                                         "wrong_username"};

const char *audit_kind_name(enum audit_kind k)
{
	return (unsigned)k < AUDIT_KIND_COUNT ? kind_names[k] : "unknown";
}

static const char *proto_label(mailcfg_protocol p)
{
	return p == MAILCFG_PROTOCOL_IMAP ? "IMAP" : p == MAILCFG_PROTOCOL_POP3 ? "POP3" : "SMTP";
}

static const char *enc_label(mailcfg_encryption e)
{
	return e == MAILCFG_ENCRYPTION_SSL        ? "SSL/TLS"
	       : e == MAILCFG_ENCRYPTION_STARTTLS ? "STARTTLS"
	                                          : "no encryption";
}

static bool implicit_tls_port(unsigned port)
{
	return port == 993 || port == 995 || port == 465;
}

static bool plain_port(unsigned port)
{
	return port == 143 || port == 110 || port == 587 || port == 25;
}

bool audit_parse_setting(const char *text, mailcfg_protocol p, struct audit_setting *s, char *why,
                         size_t whysize)
{
	const char *c1 = strchr(text, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c1 || !c2 || strchr(c2 + 1, ':')) {
		snprintf(why, whysize, "%s", N_("it is not HOST:PORT:ENCRYPTION"));
		return false;
	}
	size_t hl = (size_t)(c1 - text);
	if (hl == 0 || hl >= sizeof s->host) {
		snprintf(why, whysize, "%s", N_("the host name is missing or too long"));
		return false;
	}
	for (size_t i = 0; i < hl; i++)
		if (!isalnum((unsigned char)text[i]) && !strchr(".-_", text[i]) &&
		    (unsigned char)text[i] < 0x80) {
			snprintf(why, whysize, "%s",
			         N_("the host name holds a character no host name has"));
			return false;
		}
	char *end;
	long port = strtol(c1 + 1, &end, 10);
	if (end != c2 || port < 1 || port > 65535) {
		snprintf(why, whysize, "%s", N_("the port is not a number from 1 to 65535"));
		return false;
	}
	const char *e = c2 + 1;
	int enc = mc_encryption_from_setting(e);
	if (enc < 0) {
		snprintf(why, whysize, "%s", N_("the encryption is not ssl, starttls or none"));
		return false;
	}
	s->encryption = (mailcfg_encryption)enc;
	memcpy(s->host, text, hl);
	s->host[hl] = '\0';
	/* a trailing dot names the same host */
	if (hl > 1 && s->host[hl - 1] == '.')
		s->host[hl - 1] = '\0';
	s->port = (unsigned)port;
	s->protocol = p;
	s->given = true;
	return true;
}

/* HOST against a provider's host name, case-insensitively; a %PLACEHOLDER%
 * the lookup could not fill (a provider name was asked) matches any label
 * run. */
static bool host_matches(const char *pattern, const char *host)
{
	for (;;) {
		if (*pattern == '%') {
			const char *close = strchr(pattern + 1, '%');
			if (!close)
				return false;
			for (const char *h = host + 1; h <= host + strlen(host); h++)
				if (host_matches(close + 1, h))
					return true;
			return false;
		}
		if (!*pattern || !*host)
			return !*pattern && !*host;
		if (mc_ascii_lower(*pattern) != mc_ascii_lower(*host))
			return false;
		pattern++;
		host++;
	}
}

struct audit {
	const mailcfg_result *r;
	const char *provider;
	struct audit_finding *out;
	size_t n, max;
};

static struct audit_finding *add(struct audit *a, enum audit_kind kind, int protocol, bool error)
{
	if (a->n == a->max)
		return NULL;
	struct audit_finding *f = &a->out[a->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->protocol = protocol;
	f->error = error;
	return f;
}

static bool has_finding(const struct audit *a, int protocol, enum audit_kind kind)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->out[i].protocol == protocol && a->out[i].kind == kind)
			return true;
	return false;
}

/* The provider's servers of protocol P. */
static size_t servers_of(const mailcfg_result *r, mailcfg_protocol p, const mailcfg_server **out)
{
	size_t n = 0;
	for (size_t i = 0; i < mailcfg_result_server_count(r) && n < 16; i++) {
		const mailcfg_server *s = mailcfg_result_server(r, i);
		if (s->protocol == p)
			out[n++] = s;
	}
	return n;
}

/* The server to recommend among CANDS: the first with SSL/TLS (RFC 8314),
 * else the provider's first. */
static const mailcfg_server *recommended(const mailcfg_server *const *cands, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cands[i]->encryption == MAILCFG_ENCRYPTION_SSL)
			return cands[i];
	return n ? cands[0] : NULL;
}

static void no_service(struct audit *a, const struct audit_setting *s)
{
	struct audit_finding *f = add(a, AUDIT_NO_SUCH_SERVICE, (int)s->protocol, true);
	if (!f)
		return;
	snprintf(f->message, sizeof f->message, "%s offers no %s server", a->provider,
	         proto_label(s->protocol));
	const mailcfg_server *other[16];
	size_t n =
	    s->protocol == MAILCFG_PROTOCOL_POP3   ? servers_of(a->r, MAILCFG_PROTOCOL_IMAP, other)
	    : s->protocol == MAILCFG_PROTOCOL_IMAP ? servers_of(a->r, MAILCFG_PROTOCOL_POP3, other)
	                                           : 0;
	const mailcfg_server *o = recommended(other, n);
	if (o)
		snprintf(f->fix, sizeof f->fix,
		         "set up the account with %s instead: %s, port %u, %s",
		         proto_label(o->protocol), o->host, o->port, enc_label(o->encryption));
	else
		snprintf(f->fix, sizeof f->fix,
		         "remove the %s settings; ask %s how to reach the mail",
		         proto_label(s->protocol), a->provider);
}

static void compare_protocol(struct audit *a, const struct audit_setting *s)
{
	const mailcfg_server *cands[16], *pool[16];
	size_t nc = servers_of(a->r, s->protocol, cands), np = 0;
	if (nc == 0) {
		no_service(a, s);
		return;
	}
	const char *P = proto_label(s->protocol);
	int proto = (int)s->protocol;
	for (size_t i = 0; i < nc; i++)
		if (host_matches(cands[i]->host, s->host))
			pool[np++] = cands[i];
	struct audit_finding *f;
	if (np == 0) {
		const mailcfg_server *rec = recommended(cands, nc);
		if ((f = add(a, AUDIT_WRONG_HOST, proto, true))) {
			snprintf(f->message, sizeof f->message,
			         "the %s server is set to %s, but %s's %s server is %s", P, s->host,
			         a->provider, P, rec->host);
			snprintf(f->fix, sizeof f->fix, "set the %s server to %s", P, rec->host);
		}
		memcpy(pool, cands, nc * sizeof *cands);
		np = nc;
	}
	const mailcfg_server *rec = recommended(pool, np), *exact = NULL, *same_enc = NULL;
	bool encrypted_offered = false;
	const mailcfg_server *ssl = NULL;
	for (size_t i = 0; i < np; i++) {
		if (pool[i]->port == s->port && pool[i]->encryption == s->encryption && !exact)
			exact = pool[i];
		if (pool[i]->encryption == s->encryption && !same_enc)
			same_enc = pool[i];
		if (pool[i]->encryption != MAILCFG_ENCRYPTION_NONE)
			encrypted_offered = true;
		if (pool[i]->encryption == MAILCFG_ENCRYPTION_SSL && !ssl)
			ssl = pool[i];
	}
	bool contradicts = (s->encryption == MAILCFG_ENCRYPTION_SSL && plain_port(s->port)) ||
	                   (s->encryption != MAILCFG_ENCRYPTION_SSL && implicit_tls_port(s->port));
	if (!exact && contradicts) {
		if ((f = add(a, AUDIT_PORT_ENCRYPTION, proto, true))) {
			snprintf(f->message, sizeof f->message,
			         "%s on port %u with %s cannot work: port %u expects %s", P,
			         s->port, enc_label(s->encryption), s->port,
			         implicit_tls_port(s->port) ? "SSL/TLS from the first byte"
			                                    : "STARTTLS");
			size_t k = (size_t)snprintf(f->fix, sizeof f->fix, "use port %u with %s",
			                            rec->port, enc_label(rec->encryption));
			/* the other way out: this port with its own encryption, or
			 * this encryption on its own port */
			const mailcfg_server *alt = NULL;
			for (size_t i = 0; i < np && !alt; i++)
				if (pool[i]->port == s->port && pool[i] != rec)
					alt = pool[i];
			if (!alt && same_enc != rec)
				alt = same_enc;
			if (alt && k < sizeof f->fix)
				snprintf(f->fix + k, sizeof f->fix - k, " (or port %u with %s)",
				         alt->port, enc_label(alt->encryption));
		}
	} else if (!exact && same_enc) {
		if ((f = add(a, AUDIT_WRONG_PORT, proto, true))) {
			snprintf(f->message, sizeof f->message,
			         "%s's %s server uses port %u for %s, not port %u", a->provider, P,
			         same_enc->port, enc_label(s->encryption), s->port);
			snprintf(f->fix, sizeof f->fix, "set the %s port to %u", P, same_enc->port);
		}
	} else if (!exact && s->encryption != MAILCFG_ENCRYPTION_NONE) {
		if ((f = add(a, AUDIT_WRONG_ENCRYPTION, proto, true))) {
			snprintf(f->message, sizeof f->message,
			         "%s's published %s settings have no %s; they use %s on port %u",
			         a->provider, P, enc_label(s->encryption),
			         enc_label(rec->encryption), rec->port);
			snprintf(f->fix, sizeof f->fix,
			         "set the encryption to %s and the port to %u",
			         enc_label(rec->encryption), rec->port);
		}
	}
	if (s->encryption == MAILCFG_ENCRYPTION_NONE && encrypted_offered &&
	    !has_finding(a, proto, AUDIT_PORT_ENCRYPTION)) {
		if ((f = add(a, AUDIT_UNENCRYPTED, proto, true))) {
			snprintf(
			    f->message, sizeof f->message,
			    "%s is set to no encryption: the password and the mail travel in clear "
			    "text, although %s offers %s",
			    P, a->provider, enc_label(rec->encryption));
			snprintf(f->fix, sizeof f->fix,
			         "set the encryption to %s and the port to %u",
			         enc_label(rec->encryption), rec->port);
		}
	}
	if (s->encryption == MAILCFG_ENCRYPTION_STARTTLS && ssl && exact) {
		if ((f = add(a, AUDIT_STARTTLS, proto, false))) {
			snprintf(
			    f->message, sizeof f->message,
			    "%s uses STARTTLS; %s also offers SSL/TLS on port %u, which RFC 8314 "
			    "recommends over STARTTLS",
			    P, a->provider, ssl->port);
			snprintf(f->fix, sizeof f->fix,
			         "set the encryption to SSL/TLS and the port to %u", ssl->port);
		}
	}
}

/* The user name against the form the provider's server expects. */
static void compare_username(struct audit *a, const mailcfg_server *sv, const char *given)
{
	const char *exp = sv->username;
	if (!exp || !exp[0])
		return;
	const char *at = strchr(given, '@');
	char msg[600] = "", fix[600] = "";
	const char *domain = mailcfg_result_domain(a->r);
	if (strcmp(exp, "%EMAILADDRESS%") == 0) {
		if (!at) {
			snprintf(
			    msg, sizeof msg,
			    "the user name %.100s is only the part before the @; %.100s needs the "
			    "full email address",
			    given, a->provider);
			if (domain && domain[0])
				snprintf(fix, sizeof fix, "set the user name to %.100s@%.150s",
				         given, domain);
			else
				snprintf(fix, sizeof fix,
				         "set the user name to the full email address");
		}
	} else if (strcmp(exp, "%EMAILLOCALPART%") == 0) {
		if (at) {
			snprintf(
			    msg, sizeof msg,
			    "the user name %.150s is a whole address; %.100s needs only the part "
			    "before the @",
			    given, a->provider);
			snprintf(fix, sizeof fix, "set the user name to %.*s", (int)(at - given),
			         given);
		}
	} else if (!strchr(exp, '%') && strcasecmp(exp, given) != 0) {
		const char *eat = strchr(exp, '@');
		if (eat && !at && strlen(given) == (size_t)(eat - exp) &&
		    strncasecmp(exp, given, strlen(given)) == 0)
			snprintf(
			    msg, sizeof msg,
			    "the user name %.100s is only the part before the @; %.100s needs the "
			    "full email address %.150s",
			    given, a->provider, exp);
		else if (at && !eat && (size_t)(at - given) == strlen(exp) &&
		         strncasecmp(exp, given, strlen(exp)) == 0)
			snprintf(
			    msg, sizeof msg,
			    "the user name %.150s is a whole address; %.100s needs only the part "
			    "before the @",
			    given, a->provider);
		else
			snprintf(msg, sizeof msg, "the user name is %.150s; %.100s expects %.150s",
			         given, a->provider, exp);
		if (sv->username_rule_en)
			snprintf(fix, sizeof fix, "set the user name to %.200s (%.150s)", exp,
			         sv->username_rule_en);
		else
			snprintf(fix, sizeof fix, "set the user name to %.200s", exp);
	}
	if (!msg[0])
		return;
	for (size_t i = 0; i < a->n; i++)
		if (a->out[i].kind == AUDIT_USERNAME && strcmp(a->out[i].message, msg) == 0)
			return; /* the same for IMAP and SMTP: say it once */
	struct audit_finding *f = add(a, AUDIT_USERNAME, (int)sv->protocol, true);
	if (f) {
		snprintf(f->message, sizeof f->message, "%s", msg);
		snprintf(f->fix, sizeof f->fix, "%s", fix);
	}
}

static int by_kind(const void *x, const void *y)
{
	const struct audit_finding *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->protocol != b->protocol)
		return a->protocol < b->protocol ? -1 : 1;
	/* the insertion order: qsort is not stable, the message keeps it stable */
	return strcmp(a->message, b->message);
}

size_t audit_compare(const mailcfg_result *r, const struct audit_setting settings[3],
                     const char *username, struct audit_finding *out, size_t max)
{
	const char *name = mailcfg_result_provider_name(r);
	struct audit a = {r, name && name[0] ? name : "the provider", out, 0, max};
	struct audit_finding *f;
	mailcfg_provider_status st = mailcfg_result_provider_status(r);
	if (st != MAILCFG_PROVIDER_ACTIVE && (f = add(&a, AUDIT_DISCONTINUED, -1, true))) {
		const char *succ = mailcfg_result_successor_name(r);
		if (st == MAILCFG_PROVIDER_MERGED && succ) {
			snprintf(f->message, sizeof f->message,
			         "%s has been merged into %s: the old settings may stop working",
			         a.provider, succ);
			snprintf(f->fix, sizeof f->fix, "use %s's settings (mailcfg lookup '%s')",
			         succ, succ);
		} else {
			snprintf(f->message, sizeof f->message,
			         "%s has discontinued its mail service%s%s", a.provider,
			         succ ? "; its successor is " : "", succ ? succ : "");
			snprintf(f->fix, sizeof f->fix,
			         "move the mailbox to %s; these settings will not keep working",
			         succ ? succ : "another provider");
		}
	}
	for (int p = 0; p < 3; p++)
		if (settings[p].given)
			compare_protocol(&a, &settings[p]);
	if (username && username[0])
		for (int p = 0; p < 3; p++) {
			const mailcfg_server *cands[16];
			size_t n =
			    settings[p].given ? servers_of(r, (mailcfg_protocol)p, cands) : 0;
			const mailcfg_server *rec = recommended(cands, n);
			if (rec)
				compare_username(&a, rec, username);
		}
	qsort(out, a.n, sizeof *out, by_kind);
	return a.n;
}
