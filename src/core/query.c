/* Query normalization: what did the user type — an address, a domain or a
 * provider name — and what is its canonical form. */
#include <stdio.h>
#include <string.h>

#include "../util/text.h"
#include "internal.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int mc_domain_normalize(const char *s, size_t len, char *out, size_t outsize, char *u8,
                        size_t u8size, char *why, size_t whysize)
{
	if (len && s[len - 1] == '.')
		len--; /* the root: "gmx.net." is gmx.net */
	u8[0] = '\0';
	if (len == 0) {
		snprintf(why, whysize, "is empty");
		return -1;
	}
	bool ascii = true;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			ascii = false;
	if (ascii) {
		if (len >= outsize) {
			snprintf(why, whysize, "is longer than 253 characters");
			return -1;
		}
		for (size_t i = 0; i < len; i++)
			out[i] = mc_ascii_lower(s[i]);
		out[len] = '\0';
	} else if (mc_idn_to_ascii(s, len, out, outsize, why, whysize) != 0) {
		return -1;
	}
	const char *problem = mc_domain_problem(out, strlen(out));
	if (problem) {
		snprintf(why, whysize, "%s", problem);
		return -1;
	}
	/* A-labels must decode; the Unicode form is worth showing a person */
	bool has_alabel = strncmp(out, "xn--", 4) == 0 || strstr(out, ".xn--");
	if (has_alabel && mc_idn_to_unicode(out, u8, u8size, why, whysize) != 0)
		return -1;
	return 0;
}

/* Characters that cannot appear unquoted before '@' (RFC 5322 specials). */
static bool bad_local_char(unsigned char c)
{
	return c == ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' ||
	       c == '<' || c == '>' || c == '[' || c == '\\' || c == ']';
}

int mc_query_parse(const char *text, size_t len, struct mc_query *q)
{
	memset(q, 0, offsetof(struct mc_query, why) + 1);
	while (len && is_blank(text[0])) {
		text++;
		len--;
	}
	while (len && is_blank(text[len - 1]))
		len--;
#define INVALID(...)                                                                               \
	do {                                                                                       \
		snprintf(q->why, sizeof q->why, __VA_ARGS__);                                      \
		return MAILCFG_ERR_INVALID_QUERY;                                                  \
	} while (0)
	if (len == 0)
		INVALID("the query is empty");
	if (len > MAILCFG_MAX_QUERY)
		INVALID("the query is longer than %d bytes", MAILCFG_MAX_QUERY);
	if (memchr(text, '\0', len))
		INVALID("the query contains a NUL byte");
	if (!mc_utf8_valid(text, len))
		INVALID("the query is not valid UTF-8");
	if (mc_has_control(text, len))
		INVALID("the query contains a control character");

	const char *at = memchr(text, '@', len);
	if (at) {
		size_t llen = (size_t)(at - text), dlen = len - llen - 1;
		if (memchr(at + 1, '@', dlen))
			INVALID("an address has exactly one '@'");
		if (llen == 0)
			INVALID("there is nothing before '@'");
		if (dlen == 0)
			INVALID("there is nothing after '@'");
		if (llen > 64)
			INVALID("the part before '@' is longer than 64 bytes");
		for (size_t i = 0; i < llen; i++)
			if (bad_local_char((unsigned char)text[i]))
				INVALID("the part before '@' contains '%c'", text[i]);
		bool double_dot = false;
		for (size_t i = 1; i < llen; i++)
			double_dot |= text[i] == '.' && text[i - 1] == '.';
		if (text[0] == '.' || text[llen - 1] == '.' || double_dot)
			INVALID("the part before '@' has a misplaced '.'");
		char why[200];
		if (mc_domain_normalize(at + 1, dlen, q->domain, sizeof q->domain, q->domain_u8,
		                        sizeof q->domain_u8, why, sizeof why) != 0)
			INVALID("the domain after '@' %s", why);
		memcpy(q->local, text, llen);
		q->local[llen] = '\0';
		snprintf(q->address, sizeof q->address, "%s@%s", q->local, q->domain);
		q->kind = MAILCFG_QUERY_ADDRESS;
		return 0;
	}

	if (memchr(text, '.', len) && !memchr(text, ' ', len)) {
		char why[200];
		if (mc_domain_normalize(text, len, q->domain, sizeof q->domain, q->domain_u8,
		                        sizeof q->domain_u8, why, sizeof why) != 0)
			INVALID("the domain %s", why);
		q->kind = MAILCFG_QUERY_DOMAIN;
		return 0;
	}

	if (len > 200)
		INVALID("a provider name is at most 200 bytes");
	if (!mc_name_key(text, len, q->key, sizeof q->key))
		INVALID("the query has no letters or digits");
	q->kind = MAILCFG_QUERY_NAME;
	return 0;
#undef INVALID
}
