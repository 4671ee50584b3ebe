/* Small text checks shared by the query parser and the data validator. */
#include <string.h>

#include "text.h"

bool mc_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned cp;
	for (size_t i = 0, n; i < len; i += n)
		if (!(n = mc_utf8_seq(s + i, len - i, &cp)))
			return false;
	return true;
}

bool mc_has_control(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x20 || s[i] == 0x7F)
			return true;
		/* C1 controls U+0080..U+009F are encoded C2 80..C2 9F */
		if (s[i] == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
			return true;
		/* U+202A..U+202E and U+2066..U+2069: bidi embeddings, overrides and
		 * isolates, which can make a terminal show text in a false order */
		if (s[i] == 0xE2 && i + 2 < len &&
		    ((s[i + 1] == 0x80 && s[i + 2] >= 0xA8 && s[i + 2] <= 0xAE) ||
		     (s[i + 1] == 0x81 && s[i + 2] >= 0xA6 && s[i + 2] <= 0xA9)))
			return true;
	}
	return false;
}

const char *mc_domain_problem(const char *s, size_t len)
{
	if (len == 0)
		return "is empty";
	if (len > 253)
		return "is longer than 253 characters";
	if (s[len - 1] == '.')
		return "ends with a dot";
	size_t label = 0, labels = 1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (label == 0)
				return "has an empty label";
			if (s[i - 1] == '-')
				return "has a label ending in '-'";
			label = 0;
			labels++;
			continue;
		}
		if (label == 0 && c == '-')
			return "has a label starting with '-'";
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
			if (c >= 'A' && c <= 'Z')
				return "has uppercase letters";
			return "has a character that is not allowed in a domain name";
		}
		if (++label > 63)
			return "has a label longer than 63 characters";
	}
	if (label == 0)
		return "has an empty label";
	if (s[len - 1] == '-')
		return "has a label ending in '-'";
	if (labels < 2)
		return "has only one label";
	return NULL;
}

size_t mc_name_key(const char *s, size_t len, char *out, size_t outsize)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '_')
			continue;
		c = mc_ascii_lower(c);
		if (n + 1 >= outsize)
			return 0;
		out[n++] = c;
	}
	if (outsize)
		out[n] = '\0';
	return n;
}

void mc_id_from_domain(const char *domain, char *out, size_t size)
{
	size_t n = 0, max = size - 1 < 40 ? size - 1 : 40;
	for (const char *p = domain; *p && n < max; p++) {
		char c = mc_ascii_lower(*p);
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (ok || (n && out[n - 1] != '-'))
			out[n++] = (char)(ok ? c : '-');
	}
	while (n && out[n - 1] == '-')
		n--;
	if (n == 0)
		out[n++] = 'x';
	out[n] = '\0';
}

unsigned mc_edit_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned max)
{
	/* Three rows suffice for optimal string alignment; names are short, so
	 * anything longer than the row size is simply "too far". */
	enum { ROW = 128 };
	unsigned r0[ROW], r1[ROW], r2[ROW];
	unsigned *prev2 = r0, *prev = r1, *cur = r2;
	if (alen >= ROW || blen >= ROW)
		return max + 1;
	if ((alen > blen ? alen - blen : blen - alen) > max)
		return max + 1;
	for (size_t j = 0; j <= blen; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= alen; i++) {
		unsigned best = cur[0] = (unsigned)i;
		for (size_t j = 1; j <= blen; j++) {
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		unsigned *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[blen];
}

void mc_utf8_copy(char *dst, size_t size, const char *s)
{
	if (!size)
		return;
	size_t n = strlen(s);
	if (n >= size) {
		n = size - 1;
		/* back to the start of the character the cut falls into */
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}
