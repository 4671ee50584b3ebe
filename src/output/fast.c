/* Pre-rendered answers of the built-in data (see fast.h): a provider's
 * record is formatted by the ordinary formatter with markers in place of
 * the query's parts, then cut at the markers. */
#include "fast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../core/internal.h"
#include "../db/builtin.h"

/* What follows a constant piece of a template: a part of the query, or
 * nothing (the end). SLOT_ADDRESS is a local part, '@' and the domain, which
 * always come together in an address: one copy instead of three. */
enum slot { SLOT_QUERY, SLOT_DOMAIN, SLOT_LOCAL, SLOT_ADDRESS, SLOT_END };
#define MARKERS 3 /* the first three slots have a marker each */

/* Bytes are copied in blocks of BLOCK, without a call of memcpy (which
 * costs more than copying twenty bytes), so every source and the output have
 * PAD bytes of room beyond their end. */
#define PAD   MC_FAST_PAD
#define BLOCK 32
_Static_assert(BLOCK <= PAD, "a block may reach PAD bytes beyond its source");

struct piece {
	uint32_t off, len; /* the constant bytes, in the template's text */
	enum slot slot;
};

/* An answer is a list of copies, each from the template's text or from a
 * part of the query. A part followed by a short text, several times over
 * (in TSV: the address and the line end), is copied as one: SRC_JOIN. In a
 * batch the address is the line and the line end follows it already;
 * otherwise the two are joined once per line. */
enum src {
	SRC_TEXT,
	SRC_QUERY, /* SRC_QUERY + slot: the parts */
	SRC_DOMAIN,
	SRC_LOCAL,
	SRC_ADDRESS,
	SRC_JOIN,
	SRC_COUNT
};
#define JOIN_MAX_TEXT 16
struct op {
	uint32_t off, len; /* SRC_TEXT: the bytes in the text; parts: 0 */
	uint32_t src;
};

enum { TMPL_NEW, TMPL_READY, TMPL_UNUSABLE };

struct tmpl {
	int state;
	char *text;
	struct piece *pieces;
	size_t count;
	size_t fixed;           /* bytes of constant text */
	size_t nslot[SLOT_END]; /* how often each part appears */
	size_t arena;           /* arena bytes the markers' record used */
	size_t arena_domains;   /* domain and local-part markers among them */
	size_t arena_locals;
	bool arena_fits; /* even with the longest local part and domain */
	struct op *ops;
	size_t nops;
	size_t nsrc[SRC_COUNT]; /* how often each part is copied */
	size_t need_max;        /* output room for any query the fast path takes */
	/* the joined part, when there is one: part X and a text */
	bool join;
	enum src join_x;
	uint32_t join_off, join_len;
};

struct mc_fast {
	enum mc_fast_format format;
	mailcfg_lang lang;
	mailcfg_result *r; /* where the marker records are made */
	struct tmpl *t;    /* [provider * 2 + is_address] */
};

/* Two sets of markers (query, domain, local part): a record rendered with
 * both must cut into the same pieces, which proves the markers' escaped
 * forms occur nowhere in the provider's own strings. */
static const char markers[2][MARKERS] = {{1, 2, 3}, {4, 5, 6}};

struct mc_fast *mc_fast_new(enum mc_fast_format format, mailcfg_lang lang)
{
	struct mc_fast *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->format = format;
	f->lang = lang;
	f->t = calloc(2 * (size_t)mc_builtin_info.providers, sizeof *f->t);
	if (!f->t || mailcfg_result_new(&f->r) != MAILCFG_OK) {
		mc_fast_free(f);
		return NULL;
	}
	return f;
}

void mc_fast_free(struct mc_fast *f)
{
	if (!f)
		return;
	for (size_t i = 0; f->t && i < 2 * (size_t)mc_builtin_info.providers; i++) {
		free(f->t[i].text);
		free(f->t[i].pieces);
		free(f->t[i].ops);
	}
	free(f->t);
	mailcfg_result_free(f->r);
	free(f);
}

/* The record of PROVIDER for a query made of markers M, as the general
 * path would fill and format it (src/core/resolve.c, answer()). */
static void render(struct mc_fast *f, int provider, bool address, const char *m, struct mc_buf *out)
{
	mailcfg_result *r = f->r;
	mc_result_reset(r, &m[SLOT_QUERY], 1);
	memset(&r->q, 0, sizeof r->q);
	r->parsed = true;
	r->q.kind = address ? MAILCFG_QUERY_ADDRESS : MAILCFG_QUERY_DOMAIN;
	r->q.domain[0] = m[SLOT_DOMAIN];
	if (address) {
		r->q.local[0] = m[SLOT_LOCAL];
		r->q.address[0] = m[SLOT_LOCAL];
		r->q.address[1] = '@';
		r->q.address[2] = m[SLOT_DOMAIN];
	}
	struct mc_hit hit = {provider, NULL};
	mc_result_fill(NULL, r, &hit); /* a built-in hit needs no context */
	if (f->format == MC_FAST_JSON)
		mc_format_json(out, r, f->lang);
	else
		mc_format_tsv(out, r);
}

/* Which marker of M, escaped as the format escapes it, starts at S. */
static enum slot marker_at(const struct mc_fast *f, const char *s, size_t n, const char *m)
{
	static const char hex[] = "0123456789abcdef";
	for (int k = 0; k < MARKERS; k++) {
		/* mc_buf_put_json writes \u00XX, mc_buf_put_safe \xXX */
		char esc[6] = {'\\', 'u', '0', '0', '0', hex[(unsigned char)m[k]]};
		size_t len = 6;
		if (f->format == MC_FAST_TSV) {
			esc[1] = 'x';
			esc[3] = hex[(unsigned char)m[k]];
			len = 4;
		}
		if (n >= len && memcmp(s, esc, len) == 0)
			return (enum slot)k;
	}
	return SLOT_END;
}

/* Cut the record in OUT at the markers M into T's pieces; false when out
 * of memory. */
static bool cut(const struct mc_fast *f, const struct mc_buf *out, const char *m, struct tmpl *t)
{
	size_t cap = 8;
	/* copies read in blocks, and a join compares 16 bytes: padding, and
	 * defined (valgrind) */
	t->text = calloc(1, out->len + PAD);
	t->pieces = malloc(cap * sizeof *t->pieces);
	if (!t->text || !t->pieces)
		return false;
	size_t len = 0, start = 0;
	t->count = 0;
	for (size_t i = 0; i <= out->len;) {
		enum slot s = SLOT_END;
		size_t skip = 0;
		if (i < out->len && out->data[i] == '\\') {
			s = marker_at(f, out->data + i, out->len - i, m);
			skip = f->format == MC_FAST_TSV ? 4 : 6;
		}
		if (i < out->len && s == SLOT_END) {
			i++;
			continue;
		}
		if (t->count == cap) {
			struct piece *p = realloc(t->pieces, 2 * cap * sizeof *p);
			if (!p)
				return false;
			t->pieces = p;
			cap *= 2;
		}
		if (i > start) /* an empty record (no servers in TSV) has no data */
			memcpy(t->text + len, out->data + start, i - start);
		t->pieces[t->count++] = (struct piece){(uint32_t)len, (uint32_t)(i - start), s};
		len += i - start;
		if (s == SLOT_END)
			break;
		i += skip;
		start = i;
	}
	/* local part, "@", domain: one address */
	size_t k = 0;
	for (size_t i = 0; i < t->count; i++) {
		struct piece *p = &t->pieces[i];
		if (p->slot == SLOT_LOCAL && i + 1 < t->count && t->pieces[i + 1].len == 1 &&
		    t->text[t->pieces[i + 1].off] == '@' && t->pieces[i + 1].slot == SLOT_DOMAIN) {
			p->slot = SLOT_ADDRESS;
			i++;
		}
		t->pieces[k++] = *p;
	}
	t->count = k;
	t->fixed = 0;
	for (size_t i = 0; i < t->count; i++) {
		t->fixed += t->pieces[i].len;
		if (t->pieces[i].slot != SLOT_END)
			t->nslot[t->pieces[i].slot]++;
	}
	return true;
}

static bool same_cut(const struct tmpl *a, const struct tmpl *b)
{
	if (a->count != b->count || a->fixed != b->fixed)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		const struct piece *x = &a->pieces[i], *y = &b->pieces[i];
		if (x->len != y->len || x->slot != y->slot ||
		    memcmp(a->text + x->off, b->text + y->off, x->len) != 0)
			return false;
	}
	return true;
}

static bool same_text(const struct tmpl *t, const struct op *a, const struct op *b)
{
	return a->src == SRC_TEXT && b->src == SRC_TEXT && a->len == b->len &&
	       memcmp(t->text + a->off, t->text + b->off, a->len) == 0;
}

/* Does the join (part X, text C) start at OPS[I]? */
static bool join_at(const struct tmpl *t, size_t i, enum src x, const struct op *c)
{
	return i + 1 < t->nops && t->ops[i].src == x && same_text(t, &t->ops[i + 1], c);
}

/* The template's pieces as a list of copies, the most frequent join
 * joined; false when out of memory. */
static bool compile(struct tmpl *t)
{
	t->ops = malloc(2 * t->count * sizeof *t->ops);
	if (!t->ops)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < t->count; i++) {
		const struct piece *p = &t->pieces[i];
		if (p->len)
			t->ops[n++] = (struct op){p->off, p->len, SRC_TEXT};
		if (p->slot != SLOT_END)
			t->ops[n++] = (struct op){0, 0, SRC_QUERY + (uint32_t)p->slot};
	}
	t->nops = n;
	/* the join that saves the most copies: one per use, and making it
	 * may cost two */
	size_t best = 0, best_at = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		const struct op *o = &t->ops[i];
		if (o[0].src == SRC_TEXT || o[1].src != SRC_TEXT || o[1].len > JOIN_MAX_TEXT)
			continue;
		size_t uses = 0;
		for (size_t k = i; k + 1 < n; k++)
			uses += join_at(t, k, o[0].src, &o[1]);
		if (uses > best) {
			best = uses;
			best_at = i;
		}
	}
	if (best >= 2) {
		struct op c = t->ops[best_at + 1];
		enum src x = t->ops[best_at].src;
		size_t k = 0;
		for (size_t i = 0; i < n;) {
			if (join_at(t, i, x, &c)) {
				t->ops[k++] = (struct op){0, 0, SRC_JOIN};
				i += 2;
			} else {
				t->ops[k++] = t->ops[i++];
			}
		}
		t->nops = k;
		t->join = true;
		t->join_x = x;
		t->join_off = c.off;
		t->join_len = c.len;
	}
	t->fixed = 0; /* now without the joined text */
	size_t parts = 0;
	for (size_t i = 0; i < t->nops; i++) {
		t->nsrc[t->ops[i].src]++;
		t->fixed += t->ops[i].len;
		parts += t->ops[i].src != SRC_TEXT;
	}
	t->need_max = t->fixed + PAD + parts * (MC_FAST_MAX_PART + JOIN_MAX_TEXT);
	return true;
}

static void make(struct mc_fast *f, int provider, bool address, struct tmpl *t)
{
	struct mc_buf out[2] = {{0}, {0}};
	struct tmpl check = {0};
	t->state = TMPL_UNUSABLE;
	render(f, provider, address, markers[1], &out[1]);
	render(f, provider, address, markers[0], &out[0]);
	if (f->r->status == MAILCFG_STATUS_FOUND && !out[0].oom && !out[1].oom &&
	    cut(f, &out[0], markers[0], t) && cut(f, &out[1], markers[1], &check) &&
	    same_cut(t, &check) && compile(t)) {
		/* the arena holds the filled-in names; a real query lengthens
		 * each marker, and the general path falls back to the unfilled
		 * template when the arena is full */
		const mailcfg_result *r = f->r;
		t->arena = r->arena_used;
		for (size_t i = 0; i < r->arena_used; i++) {
			t->arena_domains += r->arena[i] == markers[0][SLOT_DOMAIN];
			t->arena_locals += r->arena[i] == markers[0][SLOT_LOCAL];
		}
		t->arena_fits =
		    t->arena + t->arena_domains * 253 + t->arena_locals * 64 <= sizeof r->arena;
		t->state = TMPL_READY;
	}
	if (t->state != TMPL_READY) {
		free(t->text);
		free(t->pieces);
		free(t->ops);
		t->text = NULL;
		t->pieces = NULL;
		t->ops = NULL;
	}
	free(check.text);
	free(check.pieces);
	mc_buf_free(&out[0]);
	mc_buf_free(&out[1]);
}

/* Copy N bytes in whole blocks of PAD: may read and write up to PAD - 1
 * bytes beyond N, which the callers have room for. One block is the rule
 * (every piece and part of a TSV answer), so its branch is well predicted. */
static inline void copy(char *d, const char *s, size_t n)
{
	if (n > 8 * (size_t)BLOCK) { /* long notes of a JSON record */
		memcpy(d, s, n);
		return;
	}
	size_t k = 0;
	do {
		memcpy(d + k, s + k, BLOCK);
		k += BLOCK;
	} while (k < n);
}

/* A[0..N) equals B[0..N), N <= JOIN_MAX_TEXT; both have 16 readable
 * bytes. No call of memcmp for a byte or two. */
static inline bool same_short(const char *a, const char *b, size_t n)
{
	if (n == 1) /* a line end, in TSV */
		return a[0] == b[0];
#ifdef __SSE2__
	__m128i eq = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)a),
	                            _mm_loadu_si128((const __m128i *)(const void *)b));
	unsigned want = (1u << n) - 1;
	return ((unsigned)_mm_movemask_epi8(eq) & want) == want;
#else
	unsigned diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
#endif
}

bool mc_fast_prepare(struct mc_fast *f, int provider, const struct mc_fast_query *q,
                     struct mc_fast_answer *a)
{
	if (provider < 0 || (uint32_t)provider >= mc_builtin_info.providers)
		return false;
	bool is_address = q->local != NULL;
	struct tmpl *t = &f->t[2 * (size_t)provider + is_address];
	if (t->state == TMPL_NEW)
		make(f, provider, is_address, t);
	if (t->state != TMPL_READY)
		return false;
	size_t local_len = is_address ? q->local_len : 0;
	if (local_len > 64 || q->domain_len > 253 || q->raw_len > MC_FAST_MAX_PART)
		return false; /* longer than a valid query or a batch's line has them */
	if (!t->arena_fits &&
	    t->arena + t->arena_domains * q->domain_len + t->arena_locals * local_len >
	        sizeof f->r->arena)
		return false;
	size_t address_len = is_address ? local_len + 1 + q->domain_len : 0;
	a->tmpl = t;
	/* the local part is where the address starts; all parts are padded */
	a->base[SRC_TEXT] = t->text;
	a->base[SRC_QUERY] = q->raw;
	a->base[SRC_DOMAIN] = q->domain;
	a->base[SRC_LOCAL] = q->local;
	a->base[SRC_ADDRESS] = q->local;
	a->base[SRC_JOIN] = NULL;
	a->len[SRC_TEXT] = 0;
	a->len[SRC_QUERY] = q->raw_len;
	a->len[SRC_DOMAIN] = q->domain_len;
	a->len[SRC_LOCAL] = local_len;
	a->len[SRC_ADDRESS] = address_len;
	a->len[SRC_JOIN] = 0;
	if (t->join) {
		/* the part is padded: its text may follow it already */
		const char *x = a->base[t->join_x];
		size_t n = a->len[t->join_x];
		const char *text = t->text + t->join_off;
		if (!same_short(x + n, text, t->join_len)) {
			copy(a->join, x, n);
			copy(a->join + n, text, t->join_len);
			x = a->join;
		}
		a->base[SRC_JOIN] = x;
		a->len[SRC_JOIN] = n + t->join_len;
	}
	return true;
}

bool mc_fast_write(struct mc_buf *b, const struct mc_fast_answer *a)
{
	const struct tmpl *t = a->tmpl;
	/* room for any answer of the template, as a rule; the exact figure
	 * only near the end of the buffer */
	if (b->oom || b->cap - b->len < t->need_max) {
		size_t need = t->fixed + PAD;
		for (int k = SRC_QUERY; k < SRC_COUNT; k++)
			need += t->nsrc[k] * a->len[k];
		if (!mc_buf_reserve(b, need))
			return false;
	}
	char *o = b->data + b->len;
	for (const struct op *p = t->ops, *end = p + t->nops; p < end; p++) {
		size_t n = p->len + a->len[p->src];
		copy(o, a->base[p->src] + p->off, n);
		o += n;
	}
	b->len = (size_t)(o - b->data);
	return true;
}
