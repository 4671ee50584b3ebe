/* The one validator of provider files (see data/README.md for the rules).
 * It reports every problem it finds, with file, line and field, instead of
 * stopping at the first, so one run lists everything a data author must fix. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/names.h"
#include "../util/text.h"
#include "jsonloc.h"
#include "validate.h"

#define MAX_DEPTH  4
#define MAX_LIST   10000
#define MAX_STRING 2000

struct v {
	const char *file;
	const char *text;
	size_t len;
	struct mc_diag *d;
	struct mc_jstep path[MAX_DEPTH];
	size_t depth;
	unsigned errors; /* errors in this file */
};

void mc_diag_report(struct mc_diag *d, const char *file, unsigned line, const char *field,
                    const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	d->errors++;
	if (d->fn)
		d->fn(d->userdata, file, line, field, msg);
}

/* The field name of the current path, like servers[2].port. */
static void field_name(const struct v *v, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < v->depth && n < size; i++) {
		int w;
		if (v->path[i].key)
			w = snprintf(out + n, size - n, "%s%s", i ? "." : "", v->path[i].key);
		else
			w = snprintf(out + n, size - n, "[%zu]", v->path[i].index);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
fail(struct v *v, const char *fmt, ...)
{
	char field[160], msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	field_name(v, field, sizeof field);
	unsigned line = mc_json_line(v->text, v->len, v->path, v->depth);
	v->errors++;
	mc_diag_report(v->d, v->file, line, field[0] ? field : "(file)", "%s", msg);
}

static void push_key(struct v *v, const char *key)
{
	if (v->depth < MAX_DEPTH)
		v->path[v->depth] = (struct mc_jstep){key, 0};
	v->depth++;
}

static void push_index(struct v *v, size_t i)
{
	if (v->depth < MAX_DEPTH)
		v->path[v->depth] = (struct mc_jstep){NULL, i};
	v->depth++;
}

static void pop(struct v *v)
{
	v->depth--;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* Check the members of OBJ: known names, no duplicates, required ones. */
static void check_members(struct v *v, const cJSON *obj, const char *const *known,
                          const char *const *required)
{
	for (const cJSON *c = obj->child; c; c = c->next) {
		bool ok = false;
		for (const char *const *k = known; *k; k++)
			if (strcmp(*k, c->string) == 0)
				ok = true;
		if (!ok) {
			push_key(v, c->string);
			fail(v, "unknown key \"%s\"", c->string);
			pop(v);
			continue;
		}
		size_t earlier = 0;
		for (const cJSON *p = obj->child; p != c; p = p->next)
			earlier += strcmp(p->string, c->string) == 0;
		if (earlier) {
			/* point at this repetition, not at the first one */
			push_key(v, c->string);
			v->path[v->depth - 1].index = earlier;
			fail(v, "key appears more than once");
			pop(v);
		}
	}
	for (const char *const *r = required; *r; r++)
		if (!cJSON_GetObjectItemCaseSensitive(obj, *r))
			fail(v, "missing required key \"%s\"", *r);
}

/* A string member: type, UTF-8, no control characters, length. Returns a
 * copy, or NULL when absent or wrong (reported unless merely absent). */
static char *get_string(struct v *v, const cJSON *obj, const char *key, bool allow_empty)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!it)
		return NULL;
	push_key(v, key);
	char *out = NULL;
	if (!cJSON_IsString(it)) {
		fail(v, "must be a string");
	} else {
		const char *s = it->valuestring;
		size_t n = strlen(s);
		if (!mc_utf8_valid(s, n))
			fail(v, "is not valid UTF-8");
		else if (mc_has_control(s, n))
			fail(v, "contains a control character");
		else if (n == 0 && !allow_empty)
			fail(v, "must not be empty");
		else if (n > MAX_STRING)
			fail(v, "is longer than %d bytes", MAX_STRING);
		else if (!(out = xstrdup(s)))
			fail(v, "out of memory");
	}
	pop(v);
	return out;
}

static bool is_https_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 && s[8] != '\0' && !strchr(s, ' ');
}

typedef const char *(*item_check)(const char *s, char *buf, size_t bufsize);

/* An array of strings, each checked by CHECK (NULL: any non-empty text). */
static void get_list(struct v *v, const cJSON *obj, const char *key, struct mc_strlist *out,
                     item_check check, size_t max)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!arr)
		return;
	push_key(v, key);
	if (!cJSON_IsArray(arr)) {
		fail(v, "must be an array of strings");
		pop(v);
		return;
	}
	size_t n = (size_t)cJSON_GetArraySize(arr);
	if (n > max) {
		fail(v, "has %zu entries, at most %zu are allowed", n, max);
		pop(v);
		return;
	}
	out->items = calloc(n ? n : 1, sizeof *out->items);
	out->lines = calloc(n ? n : 1, sizeof *out->lines);
	if (!out->items || !out->lines) {
		fail(v, "out of memory");
		pop(v);
		return;
	}
	size_t i = 0;
	for (const cJSON *it = arr->child; it; it = it->next, i++) {
		push_index(v, i);
		char buf[160];
		const char *problem = NULL;
		if (!cJSON_IsString(it)) {
			fail(v, "must be a string");
		} else {
			const char *s = it->valuestring;
			size_t len = strlen(s);
			if (!mc_utf8_valid(s, len))
				problem = "is not valid UTF-8";
			else if (mc_has_control(s, len))
				problem = "contains a control character";
			else if (len == 0)
				problem = "must not be empty";
			else if (len > MAX_STRING)
				problem = "is too long";
			else if (check)
				problem = check(s, buf, sizeof buf);
			if (problem) {
				fail(v, "\"%s\" %s", mc_has_control(s, len) ? "?" : s, problem);
			} else {
				bool dup = false;
				for (size_t k = 0; k < out->count; k++)
					if (strcmp(out->items[k], s) == 0)
						dup = true;
				if (dup) {
					fail(v, "\"%s\" is listed twice", s);
				} else {
					out->lines[out->count] =
					    mc_json_line(v->text, v->len, v->path, v->depth);
					if (!(out->items[out->count] = xstrdup(s)))
						fail(v, "out of memory");
					else
						out->count++;
				}
			}
		}
		pop(v);
	}
	pop(v);
}

static const char *check_domain(const char *s, char *buf, size_t size)
{
	const char *p = mc_domain_problem(s, strlen(s));
	if (p) {
		snprintf(buf, size, "is not a valid domain: it %s", p);
		return buf;
	}
	return NULL;
}

static const char *check_pattern(const char *s, char *buf, size_t size)
{
	if (strncmp(s, "*.", 2) != 0)
		return "must start with \"*.\"";
	return check_domain(s + 2, buf, size);
}

static const char *check_mx(const char *s, char *buf, size_t size)
{
	return check_domain(strncmp(s, "*.", 2) == 0 ? s + 2 : s, buf, size);
}

static const char *check_alias(const char *s, char *buf, size_t size)
{
	(void)buf;
	(void)size;
	char key[256];
	if (mc_name_key(s, strlen(s), key, sizeof key) == 0)
		return "has no letters or digits to match (or is too long)";
	return NULL;
}

static const char *check_country(const char *s, char *buf, size_t size)
{
	(void)buf;
	(void)size;
	if (strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
		return "is not an ISO 3166-1 alpha-2 code (two uppercase letters)";
	return NULL;
}

/* The placeholders, where each may stand, and a sample value to check
 * the filled-in name with. */
static const struct {
	const char *name;
	bool in_host, in_username;
	const char *sample;
} placeholders[] = {
    {"%EMAILADDRESS%", false, true, "user@example.com"},
    {"%EMAILLOCALPART%", false, true, "user"},
    {"%EMAILDOMAIN%", true, true, "example.com"},
    {"%MXHOST%", true, false, "mx.example.com"},
};
#define PLACEHOLDERS (sizeof placeholders / sizeof placeholders[0])

const char *mc_template_problem(const char *t, bool host, char *buf, size_t size)
{
	for (const char *p = strchr(t, '%'); p; p = strchr(p, '%')) {
		const char *end = strchr(p + 1, '%');
		size_t n = end ? (size_t)(end - p) + 1 : strlen(p);
		int w = (int)(n > 40 ? 40 : n);
		size_t found = PLACEHOLDERS, closest = PLACEHOLDERS;
		for (size_t i = 0; i < PLACEHOLDERS; i++) {
			size_t len = strlen(placeholders[i].name);
			if (end && len == n && memcmp(placeholders[i].name, p, n) == 0)
				found = i;
			else if (strncmp(p, placeholders[i].name, len - 1) == 0)
				closest = i; /* the name without its closing '%' */
		}
		if (found == PLACEHOLDERS) {
			if (!end && closest < PLACEHOLDERS)
				snprintf(buf, size,
				         "placeholder \"%.*s\" lacks its closing '%%' (%s)", w, p,
				         placeholders[closest].name);
			else
				snprintf(buf, size, "unknown placeholder \"%.*s\" (known: %s)", w,
				         p,
				         host ? "%EMAILDOMAIN%, %MXHOST%"
				              : "%EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%");
			return buf;
		}
		if (host ? !placeholders[found].in_host : !placeholders[found].in_username) {
			snprintf(buf, size, "placeholder %s is not allowed in a %s (only %s)",
			         placeholders[found].name, host ? "host name" : "user name",
			         host ? "%EMAILDOMAIN% and %MXHOST%"
			              : "%EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN%");
			return buf;
		}
		p = end + 1;
	}
	return NULL;
}

/* T with every placeholder replaced by its sample value. */
static void fill_samples(const char *t, char *out, size_t size)
{
	size_t n = 0;
	while (*t && n + 1 < size) {
		size_t i = 0;
		for (; i < PLACEHOLDERS; i++)
			if (strncmp(t, placeholders[i].name, strlen(placeholders[i].name)) == 0)
				break;
		if (i < PLACEHOLDERS) {
			int w = snprintf(out + n, size - n, "%s", placeholders[i].sample);
			n += w > 0 ? (size_t)w : 0;
			t += strlen(placeholders[i].name);
		} else {
			out[n++] = *t++;
		}
	}
	out[n < size ? n : size - 1] = '\0';
}

const char *mc_host_problem(const char *host, char *buf, size_t size)
{
	const char *problem = mc_template_problem(host, true, buf, size);
	if (problem)
		return problem;
	/* the name as it will be once placeholders are filled */
	char expanded[600];
	fill_samples(host, expanded, sizeof expanded);
	const char *dp = mc_domain_problem(expanded, strlen(expanded));
	if (!dp)
		return NULL;
	snprintf(buf, size, "is not a valid host name: it %s", dp);
	return buf;
}

size_t mc_provider_names(const struct mc_provider *p, struct mc_name out[MC_MAX_NAMES])
{
	size_t n = 0;
	for (size_t k = 0; k < p->aliases.count + 2 && n < MC_MAX_NAMES; k++) {
		const char *s = k == 0 ? p->id : k == 1 ? p->name : p->aliases.items[k - 2];
		if (!s || !mc_name_key(s, strlen(s), out[n].key, sizeof out[n].key))
			continue;
		bool dup = false; /* a provider repeating its own name is harmless */
		for (size_t j = 0; j < n; j++)
			dup |= strcmp(out[j].key, out[n].key) == 0;
		if (dup)
			continue;
		out[n].text = s;
		out[n].line = k == 0 ? p->id_line : k == 1 ? p->name_line : p->aliases.lines[k - 2];
		out[n].which = k;
		n++;
	}
	return n;
}

bool mc_port_unusual(unsigned port, mailcfg_encryption e)
{
	bool implicit_port = port == 465 || port == 993 || port == 995;
	bool plain_port = port == 587 || port == 143 || port == 110;
	return (implicit_port && e != MAILCFG_ENCRYPTION_SSL) ||
	       (plain_port && e == MAILCFG_ENCRYPTION_SSL);
}

static void get_rule(struct v *v, const cJSON *obj, struct mc_mserver *s)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(obj, "username_rule");
	if (!r)
		return;
	push_key(v, "username_rule");
	if (!cJSON_IsObject(r)) {
		fail(v, "must be an object with \"en\" and \"de\"");
	} else {
		static const char *const keys[] = {"en", "de", NULL};
		check_members(v, r, keys, keys);
		s->rule_en = get_string(v, r, "en", false);
		s->rule_de = get_string(v, r, "de", false);
	}
	pop(v);
}

static void get_server(struct v *v, const cJSON *obj, struct mc_mserver *s)
{
	static const char *const known[] = {"protocol",      "host",    "port",
	                                    "encryption",    "auth",    "username",
	                                    "username_rule", "unusual", NULL};
	static const char *const required[] = {"protocol", "host",     "port", "encryption",
	                                       "auth",     "username", NULL};
	char buf[200];
	if (!cJSON_IsObject(obj)) {
		fail(v, "must be an object");
		return;
	}
	check_members(v, obj, known, required);

	char *proto = get_string(v, obj, "protocol", false);
	if (proto) {
		int p = mc_protocol_from_name(proto);
		push_key(v, "protocol");
		if (p < 0)
			fail(v, "unknown protocol \"%s\" (known: imap, pop3, smtp)", proto);
		else
			s->protocol = (mailcfg_protocol)p;
		pop(v);
		free(proto);
	}

	s->host = get_string(v, obj, "host", false);
	if (s->host) {
		const char *problem = mc_host_problem(s->host, buf, sizeof buf);
		if (problem) {
			push_key(v, "host");
			fail(v, "\"%s\" %s", s->host, problem);
			pop(v);
		}
	}

	const cJSON *port = cJSON_GetObjectItemCaseSensitive(obj, "port");
	if (port) {
		push_key(v, "port");
		double d = port->valuedouble;
		if (!cJSON_IsNumber(port))
			fail(v, "must be a number%s", cJSON_IsString(port) ? ", not a string" : "");
		else if (!(d >= 1 && d <= 65535)) /* also catches NaN; no cast out of range */
			fail(v, "%g is out of range (1 to 65535)", d);
		else if (d != (double)(unsigned)d)
			fail(v, "%g is not a whole number", d);
		else
			s->port = (unsigned)d;
		pop(v);
	}

	char *enc = get_string(v, obj, "encryption", false);
	int e = -1;
	if (enc) {
		e = mc_encryption_from_name(enc);
		push_key(v, "encryption");
		if (e < 0)
			fail(v, "unknown encryption \"%s\" (known: ssl, starttls, none)", enc);
		else
			s->encryption = (mailcfg_encryption)e;
		pop(v);
		free(enc);
	}

	const cJSON *un = cJSON_GetObjectItemCaseSensitive(obj, "unusual");
	if (un) {
		push_key(v, "unusual");
		if (!cJSON_IsBool(un))
			fail(v, "must be true or false");
		else
			s->unusual = cJSON_IsTrue(un);
		pop(v);
	}

	if (s->port && e >= 0 && !s->unusual && mc_port_unusual(s->port, (mailcfg_encryption)e)) {
		push_key(v, "encryption");
		if (e != MAILCFG_ENCRYPTION_SSL)
			fail(v,
			     "port %u is implicit TLS (\"ssl\") by convention, not \"%s\"; "
			     "add \"unusual\": true if this is really so",
			     s->port, mailcfg_encryption_name((mailcfg_encryption)e));
		else
			fail(v,
			     "port %u is \"starttls\" or \"none\" by convention, not \"ssl\"; "
			     "add \"unusual\": true if this is really so",
			     s->port);
		pop(v);
	}

	const cJSON *auth = cJSON_GetObjectItemCaseSensitive(obj, "auth");
	if (auth) {
		push_key(v, "auth");
		if (!cJSON_IsArray(auth) || cJSON_GetArraySize(auth) == 0) {
			fail(v, "must be a non-empty array of methods");
		} else {
			size_t i = 0;
			for (const cJSON *a = auth->child; a; a = a->next, i++) {
				push_index(v, i);
				int bit =
				    cJSON_IsString(a) ? mc_auth_from_name(a->valuestring) : -1;
				if (bit < 0)
					fail(v,
					     "unknown authentication method%s%s%s (known: "
					     "password-cleartext, password-encrypted, oauth2, "
					     "ntlm, gssapi, "
					     "client-ip-address, tls-client-cert, none)",
					     cJSON_IsString(a) ? " \"" : "",
					     cJSON_IsString(a) &&
					             !mc_has_control(a->valuestring,
					                             strlen(a->valuestring))
					         ? a->valuestring
					         : "",
					     cJSON_IsString(a) ? "\"" : "");
				else if (s->auth & (unsigned)bit)
					fail(v, "\"%s\" is listed twice", a->valuestring);
				else
					s->auth |= (unsigned)bit;
				pop(v);
			}
		}
		pop(v);
	}

	s->username = get_string(v, obj, "username", false);
	if (s->username) {
		const char *problem = mc_template_problem(s->username, false, buf, sizeof buf);
		if (problem) {
			push_key(v, "username");
			fail(v, "%s", problem);
			pop(v);
		}
	}
	get_rule(v, obj, s);
}

static void get_note(struct v *v, const cJSON *obj, struct mc_mnote *n)
{
	static const char *const known[] = {"kind", "en", "de", "url", NULL};
	static const char *const required[] = {"kind", "en", "de", NULL};
	if (!cJSON_IsObject(obj)) {
		fail(v, "must be an object");
		return;
	}
	check_members(v, obj, known, required);
	char *kind = get_string(v, obj, "kind", false);
	if (kind) {
		int k = mc_note_kind_from_name(kind);
		push_key(v, "kind");
		if (k < 0)
			fail(v, "unknown note kind \"%s\" (see data/README.md for the list)", kind);
		else
			n->kind = (mailcfg_note_kind)k;
		pop(v);
		free(kind);
	}
	n->en = get_string(v, obj, "en", false);
	n->de = get_string(v, obj, "de", false);
	n->url = get_string(v, obj, "url", false);
	if (n->url && !is_https_url(n->url)) {
		push_key(v, "url");
		fail(v, "must be an https:// URL");
		pop(v);
	}
}

static bool valid_month(const char *s)
{
	return strlen(s) == 7 && s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
	       s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && s[4] == '-' &&
	       ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') ||
	        (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

static bool has_note(const struct mc_provider *p, mailcfg_note_kind kind)
{
	for (size_t i = 0; i < p->note_count; i++)
		if (p->notes[i].kind == kind && p->notes[i].en)
			return true;
	return false;
}

/* The file's base name without directory and ".json". */
static void base_name(const char *path, char *out, size_t size)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 5 && strcmp(b + n - 5, ".json") == 0)
		n -= 5;
	snprintf(out, size, "%.*s", (int)n, b);
}

static bool valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 40 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static void check_provider(struct v *v, const cJSON *root, struct mc_provider *p)
{
	static const char *const known[] = {
	    "format",          "id",          "name",      "aliases",
	    "country",         "status",      "successor", "domains",
	    "domain_patterns", "mx_patterns", "servers",   "notes",
	    "documentation",   "sources",     "verified",  NULL};
	static const char *const required[] = {
	    "format", "id", "name", "status", "domains", "servers", "sources", "verified", NULL};
	check_members(v, root, known, required);

	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (fmt && (!cJSON_IsNumber(fmt) || fmt->valuedouble != 1)) {
		push_key(v, "format");
		fail(v, "must be 1 (this build reads format 1)");
		pop(v);
	}

	p->id = get_string(v, root, "id", false);
	if (p->id) {
		char base[128];
		base_name(v->file, base, sizeof base);
		push_key(v, "id");
		if (!valid_id(p->id))
			fail(v, "\"%s\" must be 1 to 40 characters of a-z, 0-9 and '-'", p->id);
		else if (strcmp(base, p->id) != 0)
			fail(v, "\"%s\" differs from the file name \"%s.json\"", p->id, base);
		pop(v);
	}
	p->name = get_string(v, root, "name", false);
	struct mc_jstep id_step = {"id", 0}, name_step = {"name", 0};
	p->id_line = mc_json_line(v->text, v->len, &id_step, 1);
	p->name_line = mc_json_line(v->text, v->len, &name_step, 1);

	char *status = get_string(v, root, "status", false);
	if (status) {
		int s = mc_provider_status_from_name(status);
		push_key(v, "status");
		if (s < 0)
			fail(v, "unknown status \"%s\" (known: active, discontinued, merged)",
			     status);
		else
			p->status = (mailcfg_provider_status)s;
		pop(v);
		free(status);
	}
	p->successor = get_string(v, root, "successor", false);
	if (p->successor) {
		push_key(v, "successor");
		p->successor_line = mc_json_line(v->text, v->len, v->path, v->depth);
		if (p->status == MAILCFG_PROVIDER_ACTIVE)
			fail(v, "an active provider must not have a successor");
		else if (p->id && strcmp(p->successor, p->id) == 0)
			fail(v, "names the provider itself");
		pop(v);
	} else if (p->status == MAILCFG_PROVIDER_MERGED &&
	           cJSON_GetObjectItemCaseSensitive(root, "status")) {
		push_key(v, "status");
		fail(v, "status \"merged\" needs a \"successor\"");
		pop(v);
	}

	get_list(v, root, "aliases", &p->aliases, check_alias, 100);
	get_list(v, root, "country", &p->countries, check_country, 300);
	get_list(v, root, "domains", &p->domains, check_domain, MAX_LIST);
	get_list(v, root, "domain_patterns", &p->patterns, check_pattern, 100);
	get_list(v, root, "mx_patterns", &p->mx, check_mx, 100);
	get_list(v, root, "sources", &p->sources, NULL, MC_MAX_SOURCES);
	if (cJSON_GetObjectItemCaseSensitive(root, "sources") && p->sources.count == 0 &&
	    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "sources"))) {
		push_key(v, "sources");
		fail(v, "needs at least one source");
		pop(v);
	}

	const cJSON *servers = cJSON_GetObjectItemCaseSensitive(root, "servers");
	if (servers) {
		push_key(v, "servers");
		if (!cJSON_IsArray(servers)) {
			fail(v, "must be an array of objects");
		} else if (cJSON_GetArraySize(servers) > MC_MAX_SERVERS) {
			fail(v, "has more than %d servers", MC_MAX_SERVERS);
		} else {
			size_t i = 0;
			for (const cJSON *s = servers->child; s; s = s->next, i++) {
				push_index(v, i);
				get_server(v, s, &p->servers[i]);
				p->server_count = i + 1;
				pop(v);
			}
		}
		pop(v);
	}

	const cJSON *notes = cJSON_GetObjectItemCaseSensitive(root, "notes");
	if (notes) {
		push_key(v, "notes");
		if (!cJSON_IsArray(notes)) {
			fail(v, "must be an array of objects");
		} else if (cJSON_GetArraySize(notes) > MC_MAX_NOTES) {
			fail(v, "has more than %d notes", MC_MAX_NOTES);
		} else {
			size_t i = 0;
			for (const cJSON *n = notes->child; n; n = n->next, i++) {
				push_index(v, i);
				get_note(v, n, &p->notes[i]);
				p->note_count = i + 1;
				pop(v);
			}
		}
		pop(v);
	}

	p->documentation = get_string(v, root, "documentation", false);
	if (p->documentation && !is_https_url(p->documentation)) {
		push_key(v, "documentation");
		fail(v, "must be an https:// URL");
		pop(v);
	}

	p->verified = get_string(v, root, "verified", true);
	if (p->verified) {
		push_key(v, "verified");
		if (p->verified[0] && !valid_month(p->verified))
			fail(v, "\"%s\" is not a month written YYYY-MM", p->verified);
		else if (!p->verified[0] && !has_note(p, MAILCFG_NOTE_UNCERTAIN) &&
		         !v->d->online_answer)
			fail(v,
			     "is empty, so a note of kind \"uncertain\" must say what is in doubt");
		pop(v);
	}

	/* Cross-field rules: these are what a customer would trip over. */
	for (size_t i = 0; i < p->server_count; i++)
		if (p->servers[i].host && strstr(p->servers[i].host, "%MXHOST%") &&
		    p->mx.count == 0) {
			push_key(v, "servers");
			push_index(v, i);
			push_key(v, "host");
			fail(
			    v,
			    "%%MXHOST%% can only be filled in for a provider with \"mx_patterns\"");
			pop(v);
			pop(v);
			pop(v);
		}
	if (servers && cJSON_IsArray(servers)) {
		bool all_plain = p->server_count > 0;
		for (size_t i = 0; i < p->server_count; i++)
			if (p->servers[i].encryption != MAILCFG_ENCRYPTION_NONE)
				all_plain = false;
		push_key(v, "servers");
		if (all_plain && !has_note(p, MAILCFG_NOTE_UNENCRYPTED_ONLY))
			fail(v,
			     "every server is unencrypted, so a note of kind \"unencrypted-only\" "
			     "must say so");
		if (p->server_count == 0 && p->status == MAILCFG_PROVIDER_ACTIVE &&
		    !has_note(p, MAILCFG_NOTE_NO_IMAP))
			fail(v,
			     "an active provider without servers needs a note of kind \"no-imap\"");
		pop(v);
	}
}

struct mc_provider *mc_validate_file(const char *path, const char *text, size_t len,
                                     struct mc_diag *d)
{
	struct v v = {.file = path, .text = text, .len = len, .d = d};
	/* cJSON would cut a string at an escaped NUL without a word */
	for (size_t i = 0; i + 6 <= len; i++) {
		if (text[i] == '\\' && (text[i + 1] == '\\')) {
			i++;
			continue;
		}
		if (text[i] == '\\' && text[i + 1] == 'u' &&
		    strncmp(text + i + 2, "0000", 4) == 0) {
			mc_diag_report(d, path, mc_line_at(text, i), "(file)",
			               "\\u0000 (a NUL character) is not allowed in provider data");
			return NULL;
		}
	}
	if (memchr(text, '\0', len)) {
		mc_diag_report(
		    d, path,
		    mc_line_at(text, (size_t)((const char *)memchr(text, '\0', len) - text)),
		    "(file)", "contains a NUL byte");
		return NULL;
	}
	const char *end = NULL;
	/* require_null_terminated: text after the object is an error, not ignored;
	 * TEXT[LEN] is the terminator every caller provides */
	cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (!root) {
		size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
		const char *ep = cJSON_GetErrorPtr();
		if (ep && ep >= text && ep <= text + len)
			off = (size_t)(ep - text);
		mc_diag_report(d, path, mc_line_at(text, off), "(file)", "not valid JSON here");
		return NULL;
	}
	struct mc_provider *p = calloc(1, sizeof *p);
	if (!p || !(p->file = xstrdup(path))) {
		cJSON_Delete(root);
		free(p);
		mc_diag_report(d, path, 1, "(file)", "out of memory");
		return NULL;
	}
	p->line = 1;
	if (!cJSON_IsObject(root))
		fail(&v, "the file must hold one JSON object");
	else
		check_provider(&v, root, p);
	cJSON_Delete(root);
	if (v.errors) {
		mc_provider_free(p);
		return NULL;
	}
	return p;
}

static void free_list(struct mc_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	free(l->lines);
}

void mc_provider_free(struct mc_provider *p)
{
	if (!p)
		return;
	free(p->file);
	free(p->id);
	free(p->name);
	free(p->successor);
	free(p->documentation);
	free(p->verified);
	free_list(&p->aliases);
	free_list(&p->countries);
	free_list(&p->domains);
	free_list(&p->patterns);
	free_list(&p->mx);
	free_list(&p->sources);
	for (size_t i = 0; i < MC_MAX_SERVERS; i++) {
		free(p->servers[i].host);
		free(p->servers[i].username);
		free(p->servers[i].rule_en);
		free(p->servers[i].rule_de);
	}
	for (size_t i = 0; i < MC_MAX_NOTES; i++) {
		free(p->notes[i].en);
		free(p->notes[i].de);
		free(p->notes[i].url);
	}
	free(p);
}

/* One claim on a key (domain, pattern or alias) for the duplicate check. */
struct claim {
	const char *key;   /* what is compared */
	const char *shown; /* what the author wrote */
	size_t provider;
	unsigned line;
	const char *what;
	char field[48];
};

static int claim_cmp(const void *a, const void *b)
{
	const struct claim *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->provider < y->provider ? -1 : x->provider > y->provider;
}

void mc_validate_set(struct mc_provider *const *ps, size_t n,
                     bool (*known_id)(const char *id, void *arg), void *arg, bool *reject,
                     struct mc_diag *d)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += ps[i]->domains.count + ps[i]->patterns.count + ps[i]->mx.count +
		         ps[i]->aliases.count + 2;
	struct claim *c = calloc(total ? total : 1, sizeof *c);
	char(*keys)[256] = calloc(total ? total : 1, sizeof *keys);
	if (!c || !keys) {
		free(c);
		free(keys);
		mc_diag_report(d, "(data)", 0, "(set)", "out of memory");
		return;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const struct mc_provider *p = ps[i];
		for (size_t k = 0; k < p->domains.count; k++) {
			c[m] = (struct claim){p->domains.items[k],
			                      p->domains.items[k],
			                      i,
			                      p->domains.lines[k],
			                      "domain",
			                      ""};
			snprintf(c[m].field, sizeof c[m].field, "domains[%zu]", k);
			m++;
		}
		for (size_t k = 0; k < p->patterns.count; k++) {
			snprintf(keys[m], sizeof keys[m], "*.%s", p->patterns.items[k] + 2);
			c[m] = (struct claim){keys[m],
			                      p->patterns.items[k],
			                      i,
			                      p->patterns.lines[k],
			                      "domain pattern",
			                      ""};
			snprintf(c[m].field, sizeof c[m].field, "domain_patterns[%zu]", k);
			m++;
		}
		for (size_t k = 0; k < p->mx.count; k++) {
			snprintf(keys[m], sizeof keys[m], "mx:%s", p->mx.items[k]);
			c[m] = (struct claim){keys[m],        p->mx.items[k], i,
			                      p->mx.lines[k], "MX pattern",   ""};
			snprintf(c[m].field, sizeof c[m].field, "mx_patterns[%zu]", k);
			m++;
		}
		/* names: the id, the name and every alias share one key space */
		struct mc_name names[MC_MAX_NAMES];
		size_t count = mc_provider_names(p, names);
		for (size_t k = 0; k < count; k++) {
			memcpy(keys[m], names[k].key, sizeof keys[m]);
			size_t w = names[k].which;
			c[m] = (struct claim){keys[m],
			                      names[k].text,
			                      i,
			                      names[k].line,
			                      w == 0 ? "id" : w == 1 ? "name" : "alias",
			                      ""};
			if (w < 2)
				snprintf(c[m].field, sizeof c[m].field, "%s",
				         w == 0 ? "id" : "name");
			else
				snprintf(c[m].field, sizeof c[m].field, "aliases[%zu]", w - 2);
			m++;
		}
	}
	qsort(c, m, sizeof *c, claim_cmp);
	for (size_t k = 1; k < m; k++) {
		if (strcmp(c[k].key, c[k - 1].key) != 0 || c[k].provider == c[k - 1].provider)
			continue;
		const struct mc_provider *p = ps[c[k].provider], *q = ps[c[k - 1].provider];
		bool is_name = strcmp(c[k].what, "domain") != 0 &&
		               strcmp(c[k].what, "domain pattern") != 0 &&
		               strcmp(c[k].what, "MX pattern") != 0;
		if (is_name)
			mc_diag_report(d, p->file, c[k].line, c[k].field,
			               "\"%s\" matches %s \"%s\" of %s (%s); names are compared "
			               "ignoring case, blanks, '-', '.' and '_'",
			               c[k].shown, c[k - 1].what, c[k - 1].shown, q->id, q->file);
		else
			mc_diag_report(d, p->file, c[k].line, c[k].field,
			               "%s \"%s\" is already claimed by %s (%s)", c[k].what,
			               c[k].shown, q->id, q->file);
		if (reject)
			reject[c[k].provider] = true;
	}
	for (size_t i = 0; i < n; i++) {
		const struct mc_provider *p = ps[i];
		if (!p->successor)
			continue;
		bool found = known_id && known_id(p->successor, arg);
		for (size_t k = 0; k < n && !found; k++)
			found = ps[k]->id && strcmp(ps[k]->id, p->successor) == 0;
		if (!found) {
			mc_diag_report(d, p->file, p->successor_line, "successor",
			               "\"%s\" is not the id of any provider", p->successor);
			if (reject)
				reject[i] = true;
		}
	}
	free(c);
	free(keys);
}
