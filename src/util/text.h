/* Small text checks shared by the query parser and the data validator. */
#ifndef MC_TEXT_H
#define MC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* C's tolower() for ASCII only: independent of the locale, and leaves the
 * bytes of UTF-8 sequences alone. */
static inline char mc_ascii_lower(char c)
{
	if (c >= 'A' && c <= 'Z')
		c = (char)(c | 0x20);
	return c;
}

/* Copy S into DST of SIZE bytes, NUL-terminated; when S is longer, cut it
 * before the character that does not fit, never inside one. */
void mc_utf8_copy(char *dst, size_t size, const char *s);

/* The length of the valid UTF-8 sequence at S (at most N bytes, N > 0), or
 * 0 when S starts none (overlong forms, surrogates and code points past
 * U+10FFFF are invalid); *CP receives the code point. Inline: the JSON and
 * terminal escapers call it per character. */
static inline size_t mc_utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		*cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		*cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		*cp = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) || *cp > 0x10FFFF ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

/* Code points that must never reach a terminal or a configuration file raw:
 * C0 and C1 controls, DEL, line and paragraph separators, bidi embeddings,
 * overrides and isolates. */
static inline bool mc_cp_unsafe(unsigned cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
	       cp == 0x2029;
}

/* True when S[0..LEN) is well-formed UTF-8 (no overlongs, no surrogates). */
bool mc_utf8_valid(const char *s, size_t len);

/* True when S[0..LEN) holds a C0 or C1 control character or DEL, or a
 * Unicode bidirectional override; such text must never reach a terminal. */
bool mc_has_control(const char *s, size_t len);

/* Why S[0..LEN) is not a valid lowercase ASCII domain name (labels of
 * a-z 0-9 and '-', 1..63 bytes each, 253 in all, at least two labels),
 * or NULL when it is one. */
const char *mc_domain_problem(const char *s, size_t len);

/* Write the lookup key of a provider name into OUT: ASCII lowercased,
 * blanks, '-', '.' and '_' removed. Returns the key length, 0 when nothing
 * is left or it does not fit. */
size_t mc_name_key(const char *s, size_t len, char *out, size_t outsize);

/* A provider id made from a domain: lowercase, '.' and other characters
 * outside a-z 0-9 become '-', at most 40 characters (the id rule). */
void mc_id_from_domain(const char *domain, char *out, size_t size);

/* Edit distance (optimal string alignment) of A and B, giving up above MAX. */
unsigned mc_edit_distance(const char *a, size_t alen, const char *b, size_t blen, unsigned max);

#endif
