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

/* A query that the general path would parse into exactly these parts. All
 * bytes are printable ASCII other than '"' and '\\', so no formatter would
 * escape them. */
struct mc_fast_query {
	const char *raw; /* the query as given */
	size_t raw_len;
	const char *local; /* the part before '@' as typed; NULL: a domain */
	size_t local_len;
	const char *domain; /* lowercase ASCII, as found in the built-in data */
	size_t domain_len;
};

struct mc_fast;

/* Templates are made on first use, at most two per provider. NULL when out
 * of memory. */
struct mc_fast *mc_fast_new(enum mc_fast_format format, mailcfg_lang lang);
void mc_fast_free(struct mc_fast *f);

/* Append the answer of built-in provider PROVIDER (an index into the
 * built-in tables) to Q. False, with B unchanged: answer Q the general way
 * (the provider's record cannot be cut at the markers, or Q is too long for
 * the result's arena, or out of memory). */
bool mc_fast_put(struct mc_fast *f, struct mc_buf *b, int provider, const struct mc_fast_query *q);

#endif
