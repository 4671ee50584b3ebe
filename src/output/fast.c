/* Pre-rendered answers of the built-in data (see fast.h): a provider's
 * record is formatted by the ordinary formatter with markers in place of
 * the query's parts, then cut at the markers. */
#include "fast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "../db/builtin.h"

/* What follows a constant piece of a template: a part of the query, or
 * nothing (the end). SLOT_ADDRESS is a local part, '@' and the domain, which
 * always come together in an address: one copy instead of three. */
enum slot { SLOT_QUERY, SLOT_DOMAIN, SLOT_LOCAL, SLOT_ADDRESS, SLOT_END };
#define MARKERS 3 /* the first three slots have a marker each */

/* Pieces are copied in blocks of PAD bytes, without a call of memcpy (which
 * costs more than copying twenty bytes), so every source and the output have
 * PAD bytes of room beyond their end. */
#define PAD 32

struct piece {
	uint32_t off, len; /* the constant bytes, in the template's text */
	enum slot slot;
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
	t->text = malloc(out->len + PAD); /* copies read in blocks */
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

static void make(struct mc_fast *f, int provider, bool address, struct tmpl *t)
{
	struct mc_buf out[2] = {{0}, {0}};
	struct tmpl check = {0};
	t->state = TMPL_UNUSABLE;
	render(f, provider, address, markers[1], &out[1]);
	render(f, provider, address, markers[0], &out[0]);
	if (f->r->status == MAILCFG_STATUS_FOUND && !out[0].oom && !out[1].oom &&
	    cut(f, &out[0], markers[0], t) && cut(f, &out[1], markers[1], &check) &&
	    same_cut(t, &check)) {
		/* the arena holds the filled-in names; a real query lengthens
		 * each marker, and the general path falls back to the unfilled
		 * template when the arena is full */
		const mailcfg_result *r = f->r;
		t->arena = r->arena_used;
		for (size_t i = 0; i < r->arena_used; i++) {
			t->arena_domains += r->arena[i] == markers[0][SLOT_DOMAIN];
			t->arena_locals += r->arena[i] == markers[0][SLOT_LOCAL];
		}
		t->state = TMPL_READY;
	}
	if (t->state != TMPL_READY) {
		free(t->text);
		free(t->pieces);
		t->text = NULL;
		t->pieces = NULL;
	}
	free(check.text);
	free(check.pieces);
	mc_buf_free(&out[0]);
	mc_buf_free(&out[1]);
}

/* Copy N bytes in whole blocks of PAD: may read and write up to PAD - 1
 * bytes beyond N, which the callers have room for. */
static inline void copy(char *d, const char *s, size_t n)
{
	if (n > 4 * (size_t)PAD) { /* long notes of a JSON record */
		memcpy(d, s, n);
		return;
	}
	size_t k = 0;
	do {
		memcpy(d + k, s + k, PAD);
		k += PAD;
	} while (k < n);
}

bool mc_fast_put(struct mc_fast *f, struct mc_buf *b, int provider, const struct mc_fast_query *q)
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
	if (local_len > 64 || q->domain_len > 253 || q->raw_len > 1024)
		return false; /* longer than a valid query has them */
	if (t->arena + t->arena_domains * q->domain_len + t->arena_locals * local_len >
	    sizeof f->r->arena)
		return false;
	/* the parts, with room to be copied in blocks */
	char raw[1024 + PAD], domain[253 + PAD], address[64 + 1 + 253 + PAD];
	static const char none[PAD];
	memcpy(raw, q->raw, q->raw_len);
	memcpy(domain, q->domain, q->domain_len);
	size_t address_len = 0;
	if (is_address) {
		memcpy(address, q->local, local_len);
		address[local_len] = '@';
		memcpy(address + local_len + 1, q->domain, q->domain_len);
		address_len = local_len + 1 + q->domain_len;
	}
	/* the local part is where the address starts */
	const char *part[SLOT_END + 1] = {raw, domain, address, address, none};
	size_t part_len[SLOT_END + 1] = {q->raw_len, q->domain_len, local_len, address_len, 0};
	size_t need = t->fixed;
	for (int k = 0; k < SLOT_END; k++)
		need += t->nslot[k] * part_len[k];
	if (!mc_buf_reserve(b, need + PAD))
		return false;
	char *o = b->data + b->len;
	for (size_t i = 0; i < t->count; i++) {
		const struct piece *p = &t->pieces[i];
		copy(o, t->text + p->off, p->len);
		o += p->len;
		copy(o, part[p->slot], part_len[p->slot]);
		o += part_len[p->slot];
	}
	b->len = (size_t)(o - b->data);
	return true;
}
