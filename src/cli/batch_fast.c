/* The fast path of batch look-ups (see batch_fast.h): which lines it may
 * answer, and how. */
#include "batch_fast.h"

#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "db/builtin.h"
#include "db/domhash.h"
#include "output/fast.h"

/* The longest line taken: the longest local part, '@', the longest
 * domain and its root dot. Anything longer is rare and goes the general way. */
#define FAST_MAX_LINE (64 + 1 + 253 + 1)

struct batch_fast {
	struct mc_fast *fast;
};

struct batch_fast *batch_fast_new(const struct cli *cli, const mailcfg_ctx *ctx)
{
	if ((cli->format != FORMAT_TSV && cli->format != FORMAT_JSON) || cli->mx || cli->provider)
		return NULL;
	/* user providers come before built-in domains and patterns */
	if (mailcfg_ctx_user_count(ctx) != 0 ||
	    !(ctx->sources & MAILCFG_SOURCE_BIT(MAILCFG_SOURCE_BUILTIN)))
		return NULL;
	struct batch_fast *bf = malloc(sizeof *bf);
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
 * non-ASCII, '@', '"', '\\' and the other specials are not among them. */
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

/* The rules of mc_query_parse (src/core/query.c) for the part before '@',
 * for a part made of plain bytes without "..": 1 to 64 bytes, no dot at
 * either end. */
static bool good_local(const char *s, size_t n)
{
	return n != 0 && n <= 64 && s[0] != '.' && s[n - 1] != '.';
}

bool batch_fast_answer(struct batch_fast *bf, struct mc_buf *out, const char *s, size_t n)
{
	/* a comment line, blanks anywhere, anything but plain bytes: general */
	if (n == 0 || n > FAST_MAX_LINE || s[0] == '#')
		return false;
	/* the part before '@' (or the whole line) must be plain bytes; the
	 * domain need not be checked here: only a domain of the built-in data
	 * is answered, and those are letters, digits, dots and hyphens */
	size_t i = 0;
	unsigned char dots = 0, two_dots = 0; /* ".." is misplaced before '@' */
	while (i < n && plain[(unsigned char)s[i]]) {
		unsigned char dot = s[i] == '.';
		two_dots |= dots & dot;
		dots = dot;
		i++;
	}
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
	if (q.domain_len && q.domain[q.domain_len - 1] == '.')
		q.domain_len--;
	if (q.domain_len == 0 || q.domain_len > 253)
		return false;
	char domain[254];
	uint32_t hash = MC_DOMAIN_HASH_INIT;
	uint32_t last4 = 0; /* the last four bytes, lowercase */
	size_t label = 0;   /* bytes of the current label so far */
	for (i = 0; i < q.domain_len; i++) {
		unsigned char c = (unsigned char)q.domain[i];
		c |= (unsigned char)((unsigned)(c - 'A') < 26u) << 5; /* A-Z to a-z */
		last4 = last4 << 8 | c;
		label = c == '.' ? 0 : label + 1;
		/* an A-label ("xn--") has a Unicode form: the general path adds it */
		if (label == 4 && last4 == ('x' << 24 | 'n' << 16 | '-' << 8 | '-'))
			return false;
		domain[i] = (char)c;
		hash = mc_domain_hash_step(hash, c);
	}
	/* an exact built-in domain is valid (the generator checked it) and
	 * wins over every pattern and name when there is no user data */
	int provider = mc_builtin_find_domain_hashed(domain, q.domain_len, hash);
	if (provider < 0)
		return false;
	q.domain = domain;
	return mc_fast_put(bf->fast, out, provider, &q);
}
