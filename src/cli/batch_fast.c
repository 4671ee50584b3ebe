/* The fast path of batch look-ups (see batch_fast.h): which lines it may
 * answer, and how. A batch names the same few hundred domains over and
 * over: each is found once in the built-in index, then in a small cache of
 * its own, where a domain is one 32-byte key compared at once. */
#include "batch_fast.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/internal.h"
#include "db/builtin.h"
#include "db/domhash.h"
#include "output/fast.h"

/* The longest line taken: the longest local part, '@', the longest
 * domain and its root dot. Anything longer is rare and goes the general way. */
#define FAST_MAX_LINE (64 + 1 + 253 + 1)

static_assert(BATCH_FAST_PAD >= MC_FAST_PAD, "the answers copy the line's parts in blocks");

/* The cache: open addressing, at most half full (the built-in data has far
 * fewer domains than it can hold; more are simply not cached). A slot is
 * 32 bytes, one look at memory: the lowercase domain, zero-filled, its
 * length in byte 29 (so domains up to 29 bytes, all but a few, fit; an
 * empty slot has length 0) and the provider in bytes 30 and 31. */
#define CACHE_BITS  11
#define CACHE_SLOTS (1u << CACHE_BITS)
#define KEY_MAX     29

struct key {
	uint64_t w[4]; /* the provider: the top 16 bits of w[3] */
};

struct batch_fast {
	struct mc_fast *fast;
	size_t cached;
	struct key slot[CACHE_SLOTS];
};

struct batch_fast *batch_fast_new(const struct cli *cli, const mailcfg_ctx *ctx)
{
	if ((cli->format != FORMAT_TSV && cli->format != FORMAT_JSON) || cli->mx || cli->provider)
		return NULL;
	/* user providers come before built-in domains and patterns */
	if (mailcfg_ctx_user_count(ctx) != 0 ||
	    !(ctx->sources & MAILCFG_SOURCE_BIT(MAILCFG_SOURCE_BUILTIN)))
		return NULL;
	struct batch_fast *bf = calloc(1, sizeof *bf); /* an empty cache */
	if (!bf)
		return NULL;
	bf->fast = mc_fast_new(cli->format == FORMAT_JSON ? MC_FAST_JSON : MC_FAST_TSV, cli->lang);
	if (!bf->fast) {
		free(bf);
		return NULL;
	}
	return bf;
}

void batch_fast_free(struct batch_fast *bf)
{
	if (bf)
		mc_fast_free(bf->fast);
	free(bf);
}

/* Printable ASCII bytes that need no escaping in JSON or on a terminal and
 * can stand unquoted before '@' (RFC 5322 atext and '.'). Blanks, controls,
 * non-ASCII, '@', '"', '\\' and the other specials are not among them.
 * (With SSE2, not_plain() below tests the same sixteen at a time.) */
#ifndef __SSE2__
static const unsigned char plain[256] = {
#define P(c) [c] = 1
    P('!'), P('#'), P('$'), P('%'), P('&'), P('\''), P('*'), P('+'), P('-'), P('.'), P('/'), P('0'),
    P('1'), P('2'), P('3'), P('4'), P('5'), P('6'),  P('7'), P('8'), P('9'), P('='), P('?'), P('A'),
    P('B'), P('C'), P('D'), P('E'), P('F'), P('G'),  P('H'), P('I'), P('J'), P('K'), P('L'), P('M'),
    P('N'), P('O'), P('P'), P('Q'), P('R'), P('S'),  P('T'), P('U'), P('V'), P('W'), P('X'), P('Y'),
    P('Z'), P('^'), P('_'), P('`'), P('a'), P('b'),  P('c'), P('d'), P('e'), P('f'), P('g'), P('h'),
    P('i'), P('j'), P('k'), P('l'), P('m'), P('n'),  P('o'), P('p'), P('q'), P('r'), P('s'), P('t'),
    P('u'), P('v'), P('w'), P('x'), P('y'), P('z'),  P('{'), P('|'), P('}'), P('~'),
#undef P
};
#endif

/* The rules of mc_query_parse (src/core/query.c) for the part before '@',
 * for a part made of plain bytes without "..": 1 to 64 bytes, no dot at
 * either end. */
static bool good_local(const char *s, size_t n)
{
	return n != 0 && n <= 64 && s[0] != '.' && s[n - 1] != '.';
}

#ifdef __SSE2__
/* Bytes that are not plain (the table above), sixteen at a time: controls,
 * blanks, non-ASCII, DEL and the specials " ( ) , : ; < > @ [ \\ ]. */
static inline __m128i not_plain(__m128i c)
{
	__m128i r = _mm_cmplt_epi8(c, _mm_set1_epi8(0x21)); /* non-ASCII is negative */
	r = _mm_or_si128(r, _mm_cmpeq_epi8(c, _mm_set1_epi8(0x7F)));
	r = _mm_or_si128(r, _mm_cmpeq_epi8(c, _mm_set1_epi8('"')));
	r = _mm_or_si128(r, _mm_cmpeq_epi8(c, _mm_set1_epi8(',')));
	r = _mm_or_si128(r, _mm_cmpeq_epi8(c, _mm_set1_epi8('>')));
	r = _mm_or_si128(r, _mm_cmpeq_epi8(c, _mm_set1_epi8('@')));
	/* ( ) */
	r = _mm_or_si128(r, _mm_cmpeq_epi8(_mm_or_si128(c, _mm_set1_epi8(1)), _mm_set1_epi8(')')));
	/* : ; < */
	r = _mm_or_si128(r, _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8(':' - 1)),
	                                  _mm_cmplt_epi8(c, _mm_set1_epi8('<' + 1))));
	/* [ \ ] */
	r = _mm_or_si128(r, _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8('[' - 1)),
	                                  _mm_cmplt_epi8(c, _mm_set1_epi8(']' + 1))));
	return r;
}
#endif

/* The length of the run of plain bytes that S[0..N) starts with, and in
 * *TWO_DOTS whether it holds "..". Reads up to 15 bytes beyond S + N. */
static inline size_t plain_run(const char *s, size_t n, bool *two_dots)
{
#ifdef __SSE2__
	size_t i = 0;
	unsigned carry = 0, two = 0; /* carry: the last byte of a block was a dot */
	for (;;) {
		__m128i c = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned special = (unsigned)_mm_movemask_epi8(not_plain(c));
		unsigned dot = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(c, _mm_set1_epi8('.')));
		size_t left = n - i;
		/* where the run ends in this block: a special byte, the line's
		 * end, or (bit 16) not here */
		unsigned stop = special | 0x10000u | (left < 16 ? 1u << left : 0);
		unsigned at = (unsigned)__builtin_ctz(stop);
		two |= (dot & (dot << 1 | carry)) & ((1u << at) - 1);
		i += at;
		if (at < 16 || i >= n)
			break;
		carry = dot >> 15;
	}
	*two_dots = two != 0;
	return i;
#else
	size_t i = 0;
	unsigned char dots = 0, two = 0;
	while (i < n && plain[(unsigned char)s[i]]) {
		unsigned char dot = s[i] == '.';
		two |= dots & dot;
		dots = dot;
		i++;
	}
	*two_dots = two != 0;
	return i;
#endif
}

/* The cache key of domain D[0..N), N <= KEY_MAX, as the general path
 * normalizes it (ASCII lowercase); true when D held upper case. Reads up
 * to 32 bytes from D. */
static inline bool make_key(const char *d, size_t n, struct key *k)
{
#ifdef __SSE2__
	/* 32 bytes of 0xFF then 32 of 0: a mask for the first N of 32 */
	static const unsigned char keep[64] = {
	    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	};
	__m128i a = _mm_loadu_si128((const __m128i *)(const void *)d);
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(d + 16));
	__m128i ka = _mm_loadu_si128((const __m128i *)(const void *)(keep + 32 - n));
	__m128i kb = _mm_loadu_si128((const __m128i *)(const void *)(keep + 48 - n));
	/* c - 'A' < 26 unsigned, as a signed comparison: c + 63 < -128 + 26 */
	__m128i ua = _mm_and_si128(
	    ka, _mm_cmplt_epi8(_mm_add_epi8(a, _mm_set1_epi8(63)), _mm_set1_epi8(-128 + 26)));
	__m128i ub = _mm_and_si128(
	    kb, _mm_cmplt_epi8(_mm_add_epi8(b, _mm_set1_epi8(63)), _mm_set1_epi8(-128 + 26)));
	__m128i bit = _mm_set1_epi8(0x20);
	a = _mm_or_si128(_mm_and_si128(a, ka), _mm_and_si128(ua, bit));
	b = _mm_or_si128(_mm_and_si128(b, kb), _mm_and_si128(ub, bit));
	b = _mm_or_si128(b, _mm_slli_si128(_mm_cvtsi32_si128((int)n), KEY_MAX - 16));
	_mm_storeu_si128((__m128i *)(void *)k->w, a);
	_mm_storeu_si128((__m128i *)(void *)(k->w + 2), b);
	return _mm_movemask_epi8(_mm_or_si128(ua, ub)) != 0;
#else
	unsigned char t[32] = {0};
	unsigned upper = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)d[i], up = (unsigned)(c - 'A') < 26u;
		t[i] = (unsigned char)(c | up << 5);
		upper |= up;
	}
	t[KEY_MAX] = (unsigned char)n;
	memcpy(k->w, t, sizeof t);
	return upper != 0;
#endif
}

static inline uint32_t key_slot(const struct key *k)
{
	/* one multiply: a collision costs a probe, and the table is sparse */
	uint64_t h = (k->w[0] ^ (k->w[1] << 1) ^ k->w[2] ^ (k->w[3] >> 3)) * 0x9E3779B97F4A7C15u;
	return (uint32_t)(h >> (64 - CACHE_BITS));
}

/* Key K is in slot E (the provider aside). */
static inline bool same_key(const struct key *e, const struct key *k)
{
	return ((e->w[0] ^ k->w[0]) | (e->w[1] ^ k->w[1]) | (e->w[2] ^ k->w[2]) |
	        (e->w[3] ^ k->w[3]) << 16) == 0;
}

/* The provider of key K (its provider bits zero), or -1; *SLOT: where K
 * would go. */
static inline int cache_find(const struct batch_fast *bf, const struct key *k, uint32_t *slot)
{
	uint32_t i = key_slot(k);
	while (bf->slot[i].w[3] != 0 && !same_key(&bf->slot[i], k))
		i = (i + 1) & (CACHE_SLOTS - 1);
	*slot = i;
	return bf->slot[i].w[3] != 0 ? (int)(bf->slot[i].w[3] >> 48) : -1;
}

/* The built-in provider of domain D[0..N) the hard way (hash, index), with
 * the lowercase domain written to OUT; -1 when none or an A-label, which
 * the general path shows in Unicode too. */
static int find_domain(const char *d, size_t n, char *out, bool *upper)
{
	uint32_t hash = MC_DOMAIN_HASH_INIT;
	uint32_t last4 = 0; /* the last four bytes, lowercase */
	size_t label = 0;   /* bytes of the current label so far */
	unsigned changed = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)d[i];
		unsigned char up = (unsigned)(c - 'A') < 26u;
		c |= (unsigned char)(up << 5); /* A-Z to a-z */
		changed |= up;
		last4 = last4 << 8 | c;
		label = c == '.' ? 0 : label + 1;
		/* an A-label ("xn--") has a Unicode form: the general path adds it */
		if (label == 4 && last4 == ('x' << 24 | 'n' << 16 | '-' << 8 | '-'))
			return -1;
		out[i] = (char)c;
		hash = mc_domain_hash_step(hash, c);
	}
	*upper = changed != 0;
	/* an exact built-in domain is valid (the generator checked it) and
	 * wins over every pattern and name when there is no user data */
	return mc_builtin_find_domain_hashed(out, n, hash);
}

/* A line's answer, made ready, and the address it may need. */
struct ready {
	struct mc_fast_answer a;
	char address[64 + 1 + 253 + MC_FAST_PAD]; /* the address, normalized */
};

/* Make the answer of line S[0..N) ready in R; S has BATCH_FAST_PAD readable
 * bytes beyond it, and must stay until the answer is written. False: the
 * general path's line. */
static inline bool prepare(struct batch_fast *bf, const char *s, size_t n, struct ready *r)
{
	/* a comment line, blanks anywhere, anything but plain bytes: general */
	if (n == 0 || n > FAST_MAX_LINE || s[0] == '#')
		return false;
	/* the part before '@' (or the whole line) must be plain bytes; the
	 * domain need not be checked here: only a domain of the built-in data
	 * is answered, and those are letters, digits, dots and hyphens */
	bool two_dots;
	size_t i = plain_run(s, n, &two_dots);
	struct mc_fast_query q = {s, n, NULL, 0, s, n};
	if (i < n) {
		if (s[i] != '@' || two_dots || !good_local(s, i))
			return false;
		q.local = s;
		q.local_len = i;
		q.domain = s + i + 1;
		q.domain_len = n - i - 1;
	}
	/* the domain as the general path normalizes it: one root dot off,
	 * ASCII lowercase */
	bool root_dot = q.domain_len && q.domain[q.domain_len - 1] == '.';
	q.domain_len -= root_dot;
	if (q.domain_len == 0 || q.domain_len > 253)
		return false;
	/* the address, local part '@' domain, in one piece: the line itself
	 * when the domain is already as normalized, else a copy */
	char *domain = r->address + q.local_len + (q.local != NULL);
	struct key k;
	uint32_t slot = 0;
	bool upper = false;
	int provider = -1;
	if (q.domain_len <= KEY_MAX) {
		upper = make_key(q.domain, q.domain_len, &k);
		provider = cache_find(bf, &k, &slot);
		if (provider >= 0 && (upper || root_dot))
			memcpy(domain, k.w, 32); /* the domain, zeros, length */
	}
	if (provider < 0) {
		provider = find_domain(q.domain, q.domain_len, domain, &upper);
		if (provider < 0)
			return false;
		if (q.domain_len <= KEY_MAX && 2 * bf->cached < CACHE_SLOTS) {
			bf->slot[slot] = k;
			bf->slot[slot].w[3] |= (uint64_t)provider << 48;
			bf->cached++;
		}
	}
	if (upper || root_dot) {
		/* the padding is compared (a join may find its text there):
		 * defined bytes */
		memset(domain + q.domain_len, 0, 16);
		if (q.local) {
			memcpy(r->address, q.local, q.local_len);
			r->address[q.local_len] = '@';
			q.local = r->address;
		}
		q.domain = domain;
	}
	return mc_fast_prepare(bf->fast, provider, &q, &r->a);
}

bool batch_fast_answer(struct batch_fast *bf, struct mc_buf *out, const char *s, size_t n)
{
	if (n == 0 || n > FAST_MAX_LINE)
		return false;
	char line[FAST_MAX_LINE + BATCH_FAST_PAD];
	memcpy(line, s, n);
	memset(line + n, 0, BATCH_FAST_PAD);
	struct ready r;
	return prepare(bf, line, n, &r) && mc_fast_write(out, &r.a);
}

/* Make the answer of the line at P ready, when it is whole and the fast
 * path's; *NEXT: where the line after it starts. */
static inline bool prepare_line(struct batch_fast *bf, const char *p, const char *end,
                                struct ready *r, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		return false;
	size_t len = (size_t)(nl - p);
	if (len && p[len - 1] == '\r')
		len--;
	*next = nl + 1;
	return prepare(bf, p, len, r);
}

size_t batch_fast_lines(struct batch_fast *bf, struct mc_buf *out, const char *s, size_t n,
                        size_t flush_at)
{
	/* the next line's answer is made ready before this one is written:
	 * the look-up of one and the copies of the other overlap */
	struct ready r[2];
	const char *end = s + n, *at = s, *next[2];
	unsigned k = 0;
	if (out->len >= flush_at || !prepare_line(bf, at, end, &r[0], &next[0]))
		return 0;
	for (;;) {
		bool more =
		    next[k] < end && prepare_line(bf, next[k], end, &r[k ^ 1], &next[k ^ 1]);
		if (!mc_fast_write(out, &r[k].a))
			break; /* out of memory: the general path says so */
		at = next[k];
		if (!more || out->len >= flush_at)
			break;
		k ^= 1;
	}
	return (size_t)(at - s);
}
