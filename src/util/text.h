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
