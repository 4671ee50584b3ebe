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
#include "output/output.h"
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

/* The catalogue's context of a sentence naming a server of protocol P: German
 * names an outgoing server differently from an incoming one. */
static const char *direction(mailcfg_protocol p)
{
	return p == MAILCFG_PROTOCOL_SMTP ? "outgoing" : "incoming";
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
	mailcfg_lang lang;
	struct audit_finding *out;
	size_t n, max;
};

/* An encryption as a word inside a sentence of the catalogue. */
static const char *enc_label(const struct audit *a, mailcfg_encryption e)
{
	return e == MAILCFG_ENCRYPTION_SSL ? "SSL/TLS"
	       : e == MAILCFG_ENCRYPTION_STARTTLS
	           ? "STARTTLS"
	           : mc_trc(a->lang, "audit", NC_("audit", "no encryption"));
}

/* A port or other number as a catalogue argument (the catalogue takes %s
 * only); BUF must hold 12 bytes. */
static const char *num(char *buf, unsigned n)
{
	snprintf(buf, 12, "%u", n);
	return buf;
}

/* At most MAX bytes of S into BUF (of MAX + 1 bytes or more), cut before a
 * UTF-8 sequence rather than through it: command-line text may be long. */
static const char *clip(char *buf, const char *s, size_t max)
{
	mc_utf8_copy(buf, max + 1, s);
	return buf;
}

/* FMT, a translated message of the catalogue, into OUT with its %s and %N$s
 * replaced by ARGS, raw: the printers escape the whole text for their
 * format (terminal or JSON). Truncated to the buffer. */
static void say_args(char *out, size_t size, const char *fmt, const char *const *args, size_t nargs)
{
	struct mc_buf b = {0};
	mc_buf_put_msg_raw(&b, fmt, args, nargs);
	mc_buf_putc(&b, '\0');
	mc_utf8_copy(out, size, b.oom ? "" : b.data);
	mc_buf_free(&b);
}

#define ARGS(...)                                                                                  \
	(const char *const[])                                                                      \
	{                                                                                          \
		__VA_ARGS__                                                                        \
	}
#define NARGS(...) (sizeof ARGS(__VA_ARGS__) / sizeof(const char *))
/* SAY(a, f->message, N_("..."), args...): MSGID in the audit's language. */
#define SAY(a, out, msgid, ...)                                                                    \
	say_args(out, sizeof(out), mc_tr((a)->lang, msgid), ARGS(__VA_ARGS__), NARGS(__VA_ARGS__))
/* The same with a context (direction()). */
#define SAYC(a, out, ctxt, msgid, ...)                                                             \
	say_args(out, sizeof(out), mc_trc((a)->lang, ctxt, msgid), ARGS(__VA_ARGS__),              \
	         NARGS(__VA_ARGS__))

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

/* Every sentence below is a whole sentence of the catalogue, so that a
 * language can put the words in its own order; the provider's name is an
 * argument that German always places as the subject (a name lacking, it is
 * "the provider", which then needs no other case). */

static void no_service(struct audit *a, const struct audit_setting *s)
{
	struct audit_finding *f = add(a, AUDIT_NO_SUCH_SERVICE, (int)s->protocol, true);
	if (!f)
		return;
	const char *P = proto_label(s->protocol), *dir = direction(s->protocol);
	/* one message in two contexts, for the catalogue; DIR picks one */
	(void)NC_("outgoing", "%s offers no %s server");
	SAYC(a, f->message, dir, NC_("incoming", "%s offers no %s server"), a->provider, P);
	const mailcfg_server *other[16];
	size_t n =
	    s->protocol == MAILCFG_PROTOCOL_POP3   ? servers_of(a->r, MAILCFG_PROTOCOL_IMAP, other)
	    : s->protocol == MAILCFG_PROTOCOL_IMAP ? servers_of(a->r, MAILCFG_PROTOCOL_POP3, other)
	                                           : 0;
	const mailcfg_server *o = recommended(other, n);
	char port[12];
	if (o && o->encryption == MAILCFG_ENCRYPTION_NONE)
		SAY(a, f->fix, N_("set up the account with %s instead: %s, port %s, no encryption"),
		    proto_label(o->protocol), o->host, num(port, o->port));
	else if (o)
		SAY(a, f->fix, N_("set up the account with %s instead: %s, port %s, %s"),
		    proto_label(o->protocol), o->host, num(port, o->port),
		    enc_label(a, o->encryption));
	else
		SAY(a, f->fix, N_("remove the %s settings; ask %s how to reach the mail"), P,
		    a->provider);
}

/* Port and encryption contradict: the finding and its way out. */
static void mismatch(struct audit *a, const struct audit_setting *s,
                     const mailcfg_server *const *pool, size_t np, const mailcfg_server *rec,
                     const mailcfg_server *same_enc)
{
	struct audit_finding *f = add(a, AUDIT_PORT_ENCRYPTION, (int)s->protocol, true);
	if (!f)
		return;
	const char *P = proto_label(s->protocol);
	char port[12], port2[12];
	num(port, s->port);
	if (s->encryption == MAILCFG_ENCRYPTION_SSL)
		SAY(a, f->message,
		    N_("%1$s on port %2$s with SSL/TLS cannot work: port %2$s expects STARTTLS"), P,
		    port);
	else if (s->encryption == MAILCFG_ENCRYPTION_STARTTLS)
		SAY(a, f->message,
		    N_("%1$s on port %2$s with STARTTLS cannot work: port %2$s expects SSL/TLS "
		       "from the first byte"),
		    P, port);
	else
		SAY(a, f->message,
		    N_("%1$s on port %2$s with no encryption cannot work: port %2$s expects "
		       "SSL/TLS from the first byte"),
		    P, port);
	/* the other way out: this port with its own encryption, or this
	 * encryption on its own port */
	const mailcfg_server *alt = NULL;
	for (size_t i = 0; i < np && !alt; i++)
		if (pool[i]->port == s->port && pool[i] != rec)
			alt = pool[i];
	if (!alt && same_enc != rec)
		alt = same_enc;
	if (alt)
		SAY(a, f->fix, N_("use port %s with %s (or port %s with %s)"), num(port, rec->port),
		    enc_label(a, rec->encryption), num(port2, alt->port),
		    enc_label(a, alt->encryption));
	else
		SAY(a, f->fix, N_("use port %s with %s"), num(port, rec->port),
		    enc_label(a, rec->encryption));
}

static void compare_protocol(struct audit *a, const struct audit_setting *s)
{
	const mailcfg_server *cands[16], *pool[16];
	size_t nc = servers_of(a->r, s->protocol, cands), np = 0;
	if (nc == 0) {
		no_service(a, s);
		return;
	}
	const char *P = proto_label(s->protocol), *dir = direction(s->protocol);
	int proto = (int)s->protocol;
	char port[12], port2[12];
	for (size_t i = 0; i < nc; i++)
		if (host_matches(cands[i]->host, s->host))
			pool[np++] = cands[i];
	struct audit_finding *f;
	if (np == 0) {
		const mailcfg_server *rec = recommended(cands, nc);
		if ((f = add(a, AUDIT_WRONG_HOST, proto, true))) {
			/* each in two contexts, for the catalogue; DIR picks one */
			(void)NC_("outgoing", "the %1$s server is set to %2$s, but %3$s's "
			                      "%1$s server is %4$s");
			(void)NC_("outgoing", "set the %s server to %s");
			SAYC(a, f->message, dir,
			     NC_("incoming", "the %1$s server is set to %2$s, but %3$s's "
			                     "%1$s server is %4$s"),
			     P, s->host, a->provider, rec->host);
			SAYC(a, f->fix, dir, NC_("incoming", "set the %s server to %s"), P,
			     rec->host);
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
		mismatch(a, s, pool, np, rec, same_enc);
	} else if (!exact && same_enc) {
		if ((f = add(a, AUDIT_WRONG_PORT, proto, true))) {
			if (s->encryption == MAILCFG_ENCRYPTION_NONE)
				SAY(a, f->message,
				    N_("%s's %s server uses port %s for no encryption, not port "
				       "%s"),
				    a->provider, P, num(port, same_enc->port), num(port2, s->port));
			else
				SAY(a, f->message,
				    N_("%s's %s server uses port %s for %s, not port %s"),
				    a->provider, P, num(port, same_enc->port),
				    enc_label(a, s->encryption), num(port2, s->port));
			SAY(a, f->fix, N_("set the %s port to %s"), P, port);
		}
	} else if (!exact && s->encryption != MAILCFG_ENCRYPTION_NONE) {
		if ((f = add(a, AUDIT_WRONG_ENCRYPTION, proto, true))) {
			SAY(a, f->message,
			    N_("%s's published %s settings have no %s; they use %s on port %s"),
			    a->provider, P, enc_label(a, s->encryption),
			    enc_label(a, rec->encryption), num(port, rec->port));
			SAY(a, f->fix, N_("set the encryption to %s and the port to %s"),
			    enc_label(a, rec->encryption), port);
		}
	}
	if (s->encryption == MAILCFG_ENCRYPTION_NONE && encrypted_offered &&
	    !has_finding(a, proto, AUDIT_PORT_ENCRYPTION)) {
		if ((f = add(a, AUDIT_UNENCRYPTED, proto, true))) {
			SAY(a, f->message,
			    N_("%s is set to no encryption: the password and the mail travel in "
			       "clear "
			       "text, although %s offers %s"),
			    P, a->provider, enc_label(a, rec->encryption));
			SAY(a, f->fix, N_("set the encryption to %s and the port to %s"),
			    enc_label(a, rec->encryption), num(port, rec->port));
		}
	}
	if (s->encryption == MAILCFG_ENCRYPTION_STARTTLS && ssl && exact) {
		if ((f = add(a, AUDIT_STARTTLS, proto, false))) {
			SAY(a, f->message,
			    N_("%s uses STARTTLS; %s also offers SSL/TLS on port %s, which RFC "
			       "8314 "
			       "recommends over STARTTLS"),
			    P, a->provider, num(port, ssl->port));
			SAY(a, f->fix, N_("set the encryption to SSL/TLS and the port to %s"),
			    port);
		}
	}
}

/* The user name against the form the provider's server expects. The
 * customer's text is clipped: the message must hold the fix's context. */
static void compare_username(struct audit *a, const mailcfg_server *sv, const char *given)
{
	const char *exp = sv->username;
	if (!exp || !exp[0])
		return;
	const char *at = strchr(given, '@');
	struct {
		char message[600], fix[600];
	} t = {"", ""};
	char g100[101], g150[151], e150[151], e200[201], d150[151], rule[301];
	const char *domain = mailcfg_result_domain(a->r);
	const char *rule_text = mc_lang_is_de(a->lang) && sv->username_rule_de
	                            ? sv->username_rule_de
	                            : sv->username_rule_en;
	if (strcmp(exp, "%EMAILADDRESS%") == 0) {
		if (!at) {
			SAY(a, t.message,
			    N_("the user name %s is only the part before the @; %s needs the full "
			       "email address"),
			    clip(g100, given, 100), clip(e150, a->provider, 100));
			if (domain && domain[0])
				SAY(a, t.fix, N_("set the user name to %s@%s"), g100,
				    clip(d150, domain, 150));
			else
				say_args(t.fix, sizeof t.fix,
				         mc_tr(a->lang,
				               N_("set the user name to the full email address")),
				         NULL, 0);
		}
	} else if (strcmp(exp, "%EMAILLOCALPART%") == 0) {
		if (at) {
			SAY(a, t.message,
			    N_("the user name %s is a whole address; %s needs only the part before "
			       "the @"),
			    clip(g150, given, 150), clip(e150, a->provider, 100));
			size_t local = (size_t)(at - given);
			char part[151];
			memcpy(part, given, local < 150 ? local : 150);
			part[local < 150 ? local : 150] = '\0';
			SAY(a, t.fix, N_("set the user name to %s"), clip(g150, part, 150));
		}
	} else if (!strchr(exp, '%') && strcasecmp(exp, given) != 0) {
		const char *eat = strchr(exp, '@');
		if (eat && !at && strlen(given) == (size_t)(eat - exp) &&
		    strncasecmp(exp, given, strlen(given)) == 0)
			SAY(a, t.message,
			    N_("the user name %s is only the part before the @; %s needs the full "
			       "email address %s"),
			    clip(g100, given, 100), clip(e150, a->provider, 100),
			    clip(d150, exp, 150));
		else if (at && !eat && (size_t)(at - given) == strlen(exp) &&
		         strncasecmp(exp, given, strlen(exp)) == 0)
			SAY(a, t.message,
			    N_("the user name %s is a whole address; %s needs only the part before "
			       "the @"),
			    clip(g150, given, 150), clip(e150, a->provider, 100));
		else
			SAY(a, t.message, N_("the user name is %s; %s expects %s"),
			    clip(g150, given, 150), clip(e150, a->provider, 100),
			    clip(d150, exp, 150));
		if (rule_text) {
			/* the rule is a sentence of the data: its full stop would end
			 * up inside the parentheses, before the fix's own */
			size_t rl = strlen(clip(rule, rule_text, 300));
			if (rl && rule[rl - 1] == '.')
				rule[rl - 1] = '\0';
			SAY(a, t.fix, N_("set the user name to %s (%s)"), clip(e200, exp, 200),
			    rule);
		} else {
			SAY(a, t.fix, N_("set the user name to %s"), clip(e200, exp, 200));
		}
	}
	if (!t.message[0])
		return;
	for (size_t i = 0; i < a->n; i++)
		if (a->out[i].kind == AUDIT_USERNAME && strcmp(a->out[i].message, t.message) == 0)
			return; /* the same for IMAP and SMTP: say it once */
	struct audit_finding *f = add(a, AUDIT_USERNAME, (int)sv->protocol, true);
	if (f) {
		snprintf(f->message, sizeof f->message, "%s", t.message);
		snprintf(f->fix, sizeof f->fix, "%s", t.fix);
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
                     const char *username, mailcfg_lang lang, struct audit_finding *out, size_t max)
{
	const char *name = mailcfg_result_provider_name(r);
	/* TRANSLATORS: a provider the data gives no name; always the subject */
	const char *unnamed = mc_trc(lang, "audit", NC_("audit", "the provider"));
	struct audit a = {r, name && name[0] ? name : unnamed, lang, out, 0, max};
	struct audit_finding *f;
	mailcfg_provider_status st = mailcfg_result_provider_status(r);
	if (st != MAILCFG_PROVIDER_ACTIVE && (f = add(&a, AUDIT_DISCONTINUED, -1, true))) {
		const char *succ = mailcfg_result_successor_name(r);
		if (st == MAILCFG_PROVIDER_MERGED && succ) {
			SAY(&a, f->message,
			    N_("%s has been merged into %s: the old settings may stop working"),
			    a.provider, succ);
			SAY(&a, f->fix, N_("use %1$s's settings (mailcfg lookup '%1$s')"), succ);
		} else if (succ) {
			SAY(&a, f->message,
			    N_("%s has discontinued its mail service; its successor is %s"),
			    a.provider, succ);
			SAY(&a, f->fix,
			    N_("move the mailbox to %s; these settings will not keep working"),
			    succ);
		} else {
			SAY(&a, f->message, N_("%s has discontinued its mail service"), a.provider);
			say_args(
			    f->fix, sizeof f->fix,
			    mc_tr(lang, N_("move the mailbox to another provider; these settings "
			                   "will not keep working")),
			    NULL, 0);
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
