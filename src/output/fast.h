/* Pre-rendered answers of the built-in data, for batches.
 *
 * The record of a built-in provider differs from query to query only in the
 * query, its local part and its domain. So the ordinary formatter renders
 * each provider once, with marker bytes in their place, and the output is
 * cut at the markers into constant pieces; answering a line is then a few
 * memcpy. Because the pieces come from mc_format_json and mc_format_tsv
 * themselves, the fast answers cannot drift from the general ones. */
#ifndef MC_FAST_H
#define MC_FAST_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"

enum mc_fast_format { MC_FAST_TSV, MC_FAST_JSON };

/* Answers are copied in blocks: every part of a query must be followed by
 * MC_FAST_PAD readable and initialized bytes (what they hold does not
 * matter), and the output gets that much room beyond the answer. */
#define MC_FAST_PAD 64

/* A query that the general path would parse into exactly these parts. All
 * bytes are printable ASCII other than '"' and '\\', so no formatter would
 * escape them. Each part is followed by MC_FAST_PAD readable bytes. */
struct mc_fast_query {
	const char *raw; /* the query as given */
	size_t raw_len;
	/* the address: the LOCAL_LEN bytes before '@' as typed, '@' and the
	 * DOMAIN_LEN bytes of the domain, in one piece; NULL: a domain */
	const char *local;
	size_t local_len;
	const char *domain; /* lowercase ASCII, as found in the built-in data */
	size_t domain_len;
};

struct mc_fast;

/* Templates are made on first use, at most two per provider. NULL when out
 * of memory. */
struct mc_fast *mc_fast_new(enum mc_fast_format format, mailcfg_lang lang);
void mc_fast_free(struct mc_fast *f);

/* The longest part of a query the fast path takes (a line of a batch is
 * shorter than this). */
#define MC_FAST_MAX_PART 320

/* One answer made ready to be written: everything that depends on the
 * query, so that a batch can make the next line's answer ready while the
 * copies of this one run. The fields are fast.c's business; the struct is
 * here so that callers can keep answers on the stack. The parts of the
 * query must stay where they are until the answer is written. */
#define MC_FAST_SOURCES 6
struct mc_fast_answer {
	const void *tmpl;
	const char *base[MC_FAST_SOURCES];
	size_t len[MC_FAST_SOURCES];
	/* a part and the short text after it, joined */
	char join[MC_FAST_MAX_PART + 16 + MC_FAST_PAD];
};

/* Make ready the answer of built-in provider PROVIDER (an index into the
 * built-in tables) to Q. False: answer Q the general way (the provider's
 * record cannot be cut at the markers, or Q is too long for the result's
 * arena, or out of memory). */
bool mc_fast_prepare(struct mc_fast *f, int provider, const struct mc_fast_query *q,
                     struct mc_fast_answer *a);

/* Append answer A to B; false, with B unchanged, when out of memory. */
bool mc_fast_write(struct mc_buf *b, const struct mc_fast_answer *a);

#endif
