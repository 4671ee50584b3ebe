/* The reader of autoconfig documents (Thunderbird's clientConfig 1.1), for
 * provider autoconfig, the ISPDB and `mailcfg import`. Remote XML is hostile
 * until checked: a DOCTYPE or any entity declaration rejects the document
 * (so no entity is ever expanded), nesting and text are bounded, and every
 * value passes the same checks as the built-in data before it is used. */
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/names.h"
#include "db/validate.h"
#include "sources.h"
#include "util/text.h"

#define MAX_DEPTH   32
#define MAX_TEXT    2048
#define MAX_DOMAINS 1000

struct xserver {
	bool incoming;
	int protocol; /* -1: a type we do not use (exchange, jmap, ...) */
	char host[256], port[16], socket[32], username[256];
	unsigned auth;
	bool auth_seen, auth_unknown_only;
};

struct reader {
	XML_Parser parser;
	char why[256];
	bool failed;
	int depth;
	const char *stack[MAX_DEPTH];
	char text[MAX_TEXT + 1];
	size_t text_len;
	bool in_provider;
	char id[256], name[256], doc_url[512], enable_url[512], enable_text[MAX_TEXT + 1];
	char *domains[MAX_DOMAINS];
	size_t domain_count;
	struct xserver servers[MC_MAX_SERVERS];
	size_t server_count;
	struct xserver *cur;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
reject(struct reader *rd, const char *fmt, ...)
{
	if (rd->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rd->why, sizeof rd->why, fmt, ap);
	va_end(ap);
	rd->failed = true;
	XML_StopParser(rd->parser, XML_FALSE);
}

static const char *attr(const XML_Char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

static bool parent_is(const struct reader *rd, const char *name)
{
	return rd->depth >= 2 && strcmp(rd->stack[rd->depth - 2], name) == 0;
}

static void XMLCALL on_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct reader *rd = ud;
	if (rd->depth >= MAX_DEPTH) {
		reject(rd, "elements are nested more than %d deep", MAX_DEPTH);
		return;
	}
	/* element names are kept only as far as we compare them */
	static const char *const known[] = {
	    "clientConfig",   "emailProvider", "domain", "displayName", "incomingServer",
	    "outgoingServer", "hostname",      "port",   "socketType",  "authentication",
	    "username",       "documentation", "enable", "instruction"};
	const char *name = "?";
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(el, known[i]) == 0)
			name = known[i];
	rd->stack[rd->depth++] = name;
	rd->text_len = 0;
	rd->text[0] = '\0';

	if (rd->depth == 1 && strcmp(name, "clientConfig") != 0) {
		reject(rd, "the document is not a clientConfig (root element <%.40s>)", el);
		return;
	}
	if (strcmp(name, "emailProvider") == 0 && parent_is(rd, "clientConfig")) {
		const char *id = attr(atts, "id");
		snprintf(rd->id, sizeof rd->id, "%s", id ? id : "");
		rd->in_provider = true;
	} else if ((strcmp(name, "incomingServer") == 0 || strcmp(name, "outgoingServer") == 0) &&
	           parent_is(rd, "emailProvider")) {
		if (rd->server_count == MC_MAX_SERVERS) {
			reject(rd, "more than %d servers", MC_MAX_SERVERS);
			return;
		}
		struct xserver *s = &rd->servers[rd->server_count++];
		memset(s, 0, sizeof *s);
		s->incoming = name[0] == 'i';
		const char *type = attr(atts, "type");
		s->protocol = -1;
		if (type && s->incoming && (strcmp(type, "imap") == 0 || strcmp(type, "pop3") == 0))
			s->protocol =
			    type[0] == 'i' ? MAILCFG_PROTOCOL_IMAP : MAILCFG_PROTOCOL_POP3;
		else if (type && !s->incoming && strcmp(type, "smtp") == 0)
			s->protocol = MAILCFG_PROTOCOL_SMTP;
		rd->cur = s;
	} else if (strcmp(name, "documentation") == 0 && parent_is(rd, "emailProvider")) {
		const char *url = attr(atts, "url");
		if (url && !rd->doc_url[0] && strlen(url) < sizeof rd->doc_url)
			snprintf(rd->doc_url, sizeof rd->doc_url, "%s", url);
	} else if (strcmp(name, "enable") == 0 && parent_is(rd, "emailProvider")) {
		const char *url = attr(atts, "visiturl");
		if (url && strlen(url) < sizeof rd->enable_url)
			snprintf(rd->enable_url, sizeof rd->enable_url, "%s", url);
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct reader *rd = ud;
	if (rd->text_len + (size_t)len > MAX_TEXT) {
		reject(rd, "an element holds more than %d bytes of text", MAX_TEXT);
		return;
	}
	memcpy(rd->text + rd->text_len, s, (size_t)len);
	rd->text_len += (size_t)len;
	rd->text[rd->text_len] = '\0';
}

/* The element's text without surrounding blanks. */
static char *trimmed(struct reader *rd)
{
	char *t = rd->text;
	while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
		t++;
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n' || t[n - 1] == '\r'))
		t[--n] = '\0';
	return t;
}

static void copy_field(struct reader *rd, char *dst, size_t size, const char *what)
{
	char *t = trimmed(rd);
	if (strlen(t) >= size)
		reject(rd, "%s is too long", what);
	else if (!dst[0])
		snprintf(dst, size, "%s", t);
}

static void XMLCALL on_end(void *ud, const XML_Char *el)
{
	(void)el;
	struct reader *rd = ud;
	const char *name = rd->stack[rd->depth - 1];
	struct xserver *s = rd->cur;
	bool in_server = s && (parent_is(rd, "incomingServer") || parent_is(rd, "outgoingServer"));
	if (strcmp(name, "domain") == 0 && parent_is(rd, "emailProvider")) {
		char *t = trimmed(rd);
		if (rd->domain_count < MAX_DOMAINS && *t) {
			rd->domains[rd->domain_count] = strdup(t);
			if (rd->domains[rd->domain_count])
				rd->domain_count++;
		}
	} else if (strcmp(name, "displayName") == 0 && parent_is(rd, "emailProvider")) {
		copy_field(rd, rd->name, sizeof rd->name, "displayName");
	} else if (strcmp(name, "instruction") == 0 && parent_is(rd, "enable")) {
		copy_field(rd, rd->enable_text, sizeof rd->enable_text, "an instruction");
	} else if (in_server && strcmp(name, "hostname") == 0) {
		copy_field(rd, s->host, sizeof s->host, "a hostname");
	} else if (in_server && strcmp(name, "port") == 0) {
		copy_field(rd, s->port, sizeof s->port, "a port");
	} else if (in_server && strcmp(name, "socketType") == 0) {
		copy_field(rd, s->socket, sizeof s->socket, "a socketType");
	} else if (in_server && strcmp(name, "username") == 0) {
		copy_field(rd, s->username, sizeof s->username, "a username");
	} else if (in_server && strcmp(name, "authentication") == 0) {
		/* Thunderbird's names, case-insensitive; old "plain"/"secure" too */
		static const struct {
			const char *xml;
			unsigned bit;
		} map[] = {{"password-cleartext", MAILCFG_AUTH_PASSWORD_CLEARTEXT},
		           {"plain", MAILCFG_AUTH_PASSWORD_CLEARTEXT},
		           {"password-encrypted", MAILCFG_AUTH_PASSWORD_ENCRYPTED},
		           {"secure", MAILCFG_AUTH_PASSWORD_ENCRYPTED},
		           {"oauth2", MAILCFG_AUTH_OAUTH2},
		           {"ntlm", MAILCFG_AUTH_NTLM},
		           {"gssapi", MAILCFG_AUTH_GSSAPI},
		           {"client-ip-address", MAILCFG_AUTH_CLIENT_IP_ADDRESS},
		           {"tls-client-cert", MAILCFG_AUTH_TLS_CLIENT_CERT},
		           {"none", MAILCFG_AUTH_NONE}};
		char *t = trimmed(rd);
		s->auth_seen = true;
		for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
			if (strcasecmp(t, map[i].xml) == 0)
				s->auth |= map[i].bit;
	} else if (strcmp(name, "incomingServer") == 0 || strcmp(name, "outgoingServer") == 0) {
		rd->cur = NULL;
	}
	rd->depth--;
	rd->text_len = 0;
	rd->text[0] = '\0';
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	reject(ud, "the document has a DOCTYPE, which autoconfig files never need");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid,
	    (void)pubid, (void)notation;
	reject(ud, "the document declares an entity");
}

/* Remote text that will be shown: control characters removed, valid UTF-8
 * (expat guarantees it), bounded. */
static char *clean_text(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (mc_has_control(s + i, 1) ||
		    (i + 2 < n && mc_has_control(s + i, 3) && (unsigned char)s[i] == 0xE2)) {
			if ((unsigned char)s[i] == 0xE2)
				i += 2;
			*o++ = ' ';
			continue;
		}
		if ((unsigned char)s[i] == 0xC2 && i + 1 < n && mc_has_control(s + i, 2)) {
			i++;
			*o++ = ' ';
			continue;
		}
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* Lowercase a host name, but not its %PLACEHOLDERS%. */
static void lower_host(char *h)
{
	bool in_placeholder = false;
	for (char *p = h; *p; p++) {
		if (*p == '%')
			in_placeholder = !in_placeholder;
		else if (!in_placeholder)
			*p = mc_ascii_lower(*p);
	}
}

/* Check one server with the built-in data's rules and move it into M. */
static bool take_server(struct reader *rd, const struct xserver *x, size_t n, struct mc_provider *m)
{
	const char *kind = x->incoming ? "incomingServer" : "outgoingServer";
	char host[256], buf[200];
	snprintf(host, sizeof host, "%s", x->host);
	lower_host(host);
	if (!host[0]) {
		snprintf(rd->why, sizeof rd->why, "%s %zu has no hostname", kind, n);
		return false;
	}
	const char *problem = strstr(host, "%MXHOST%")
	                          ? "uses %MXHOST%, which only built-in data may use"
	                          : mc_host_problem(host, buf, sizeof buf);
	if (problem) {
		snprintf(rd->why, sizeof rd->why, "%.14s %zu: hostname \"%.60s\" %.140s", kind, n,
		         host, problem);
		return false;
	}
	char *end = NULL;
	long port = strtol(x->port, &end, 10);
	if (!x->port[0] || *end || port < 1 || port > 65535) {
		snprintf(rd->why, sizeof rd->why, "%s %zu: port \"%.20s\" is not 1 to 65535", kind,
		         n, x->port);
		return false;
	}
	int enc;
	if (strcasecmp(x->socket, "SSL") == 0 || strcasecmp(x->socket, "TLS") == 0)
		enc = MAILCFG_ENCRYPTION_SSL;
	else if (strcasecmp(x->socket, "STARTTLS") == 0)
		enc = MAILCFG_ENCRYPTION_STARTTLS;
	else if (strcasecmp(x->socket, "plain") == 0)
		enc = MAILCFG_ENCRYPTION_NONE;
	else {
		snprintf(rd->why, sizeof rd->why,
		         "%s %zu: socketType \"%.20s\" is not SSL, STARTTLS or plain", kind, n,
		         x->socket);
		return false;
	}
	const char *user = x->username[0] ? x->username : "%EMAILADDRESS%";
	problem = mc_template_problem(user, false, buf, sizeof buf);
	if (!problem && (mc_has_control(user, strlen(user)) || !mc_utf8_valid(user, strlen(user))))
		problem = "contains a control character";
	if (problem) {
		snprintf(rd->why, sizeof rd->why, "%s %zu: username: %s", kind, n, problem);
		return false;
	}
	struct mc_mserver *s = &m->servers[m->server_count];
	s->protocol = (mailcfg_protocol)x->protocol;
	s->encryption = (mailcfg_encryption)enc;
	s->port = (unsigned)port;
	/* no or only unknown methods: a normal password is what clients assume */
	s->auth = x->auth ? x->auth : MAILCFG_AUTH_PASSWORD_CLEARTEXT;
	s->unusual = mc_port_unusual((unsigned)port, (mailcfg_encryption)enc);
	s->host = strdup(host);
	s->username = strdup(user);
	if (!s->host || !s->username) {
		snprintf(rd->why, sizeof rd->why, "out of memory");
		return false;
	}
	m->server_count++;
	return true;
}

static bool add_string(struct mc_strlist *l, const char *s)
{
	char **items = realloc(l->items, (l->count + 1) * sizeof *items);
	unsigned *lines = realloc(l->lines, (l->count + 1) * sizeof *lines);
	if (items)
		l->items = items;
	if (lines)
		l->lines = lines;
	if (!items || !lines || !(l->items[l->count] = strdup(s)))
		return false;
	l->lines[l->count++] = 0;
	return true;
}

/* Servers: incoming ones in document order, then outgoing, implicit TLS of
 * each protocol first as RFC 8314 recommends, stable otherwise. */
static int server_rank(const struct mc_mserver *s)
{
	return (int)s->protocol * 4 + (s->encryption == MAILCFG_ENCRYPTION_SSL        ? 0
	                               : s->encryption == MAILCFG_ENCRYPTION_STARTTLS ? 1
	                                                                              : 2);
}

static void sort_servers(struct mc_provider *m)
{
	for (size_t i = 1; i < m->server_count; i++)
		for (size_t k = i;
		     k > 0 && server_rank(&m->servers[k]) < server_rank(&m->servers[k - 1]); k--) {
			struct mc_mserver t = m->servers[k];
			m->servers[k] = m->servers[k - 1];
			m->servers[k - 1] = t;
		}
}

struct mc_provider *mc_autoconfig_parse(const char *xml, size_t len, const char *domain,
                                        const char *origin, char *why, size_t whysize)
{
	struct reader *rd = calloc(1, sizeof *rd);
	struct mc_provider *m = calloc(1, sizeof *m);
	if (!rd || !m) {
		free(rd);
		free(m);
		snprintf(why, whysize, "out of memory");
		return NULL;
	}
	rd->parser = XML_ParserCreate("UTF-8");
	bool ok = rd->parser != NULL;
	if (ok) {
		XML_SetUserData(rd->parser, rd);
		XML_SetElementHandler(rd->parser, on_start, on_end);
		XML_SetCharacterDataHandler(rd->parser, on_text);
		XML_SetStartDoctypeDeclHandler(rd->parser, on_doctype);
		XML_SetEntityDeclHandler(rd->parser, on_entity);
		XML_SetParamEntityParsing(rd->parser, XML_PARAM_ENTITY_PARSING_NEVER);
		if (len > MC_MAX_BODY) {
			reject(rd, "the document is larger than %zu bytes", MC_MAX_BODY);
		} else if (XML_Parse(rd->parser, xml, (int)len, XML_TRUE) == XML_STATUS_ERROR &&
		           !rd->failed) {
			snprintf(rd->why, sizeof rd->why, "not well-formed XML (line %lu: %s)",
			         (unsigned long)XML_GetCurrentLineNumber(rd->parser),
			         XML_ErrorString(XML_GetErrorCode(rd->parser)));
			rd->failed = true;
		}
		XML_ParserFree(rd->parser);
	} else {
		snprintf(rd->why, sizeof rd->why, "out of memory");
		rd->failed = true;
	}
	if (!rd->failed && !rd->in_provider)
		snprintf(rd->why, sizeof rd->why, "the document has no <emailProvider>"),
		    rd->failed = true;

	size_t usable = 0;
	for (size_t i = 0; i < rd->server_count && !rd->failed; i++) {
		if (rd->servers[i].protocol < 0)
			continue; /* exchange, jmap, ...: not ours to check */
		if (!take_server(rd, &rd->servers[i], i + 1, m))
			rd->failed = true;
		usable++;
	}
	if (!rd->failed && usable == 0)
		snprintf(rd->why, sizeof rd->why,
		         "the document names no IMAP, POP3 or SMTP server"),
		    rd->failed = true;

	if (!rd->failed) {
		sort_servers(m);
		char *name = clean_text(rd->name[0] ? rd->name : domain);
		char id[41];
		mc_id_from_domain(domain, id, sizeof id);
		m->id = strdup(id);
		m->name = name;
		m->file = strdup(origin);
		m->verified = strdup("");
		m->status = MAILCFG_PROVIDER_ACTIVE;
		ok = m->id && m->name && m->file && m->verified && add_string(&m->sources, origin);
		for (size_t i = 0; ok && i < rd->domain_count; i++) {
			char *d = rd->domains[i];
			lower_host(d);
			if (!mc_domain_problem(d, strlen(d)))
				ok = add_string(&m->domains, d);
		}
		if (ok && strncmp(rd->doc_url, "https://", 8) == 0 &&
		    !mc_has_control(rd->doc_url, strlen(rd->doc_url)))
			ok = (m->documentation = strdup(rd->doc_url)) != NULL;
		if (ok && (rd->enable_text[0] || rd->enable_url[0])) {
			/* the provider's own words, in its language: one text for both */
			struct mc_mnote *n = &m->notes[m->note_count++];
			n->kind = MAILCFG_NOTE_ENABLE_IMAP;
			n->en = clean_text(rd->enable_text[0]
			                       ? rd->enable_text
			                       : "Mail program access must be enabled first.");
			n->de = n->en ? strdup(n->en) : NULL;
			if (strncmp(rd->enable_url, "https://", 8) == 0 &&
			    !mc_has_control(rd->enable_url, strlen(rd->enable_url)))
				n->url = strdup(rd->enable_url);
			ok = n->en && n->de;
		}
		if (!ok)
			snprintf(rd->why, sizeof rd->why, "out of memory"), rd->failed = true;
	}
	for (size_t i = 0; i < rd->domain_count; i++)
		free(rd->domains[i]);
	if (rd->failed) {
		snprintf(why, whysize, "%s", rd->why);
		free(rd);
		mc_provider_free(m);
		return NULL;
	}
	free(rd);
	return m;
}
