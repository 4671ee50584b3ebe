/* The fast path of batch look-ups: a line that is a plain address or domain
 * of the built-in data is answered with pre-rendered pieces (see
 * src/output/fast.h) instead of a full parse, look-up and formatting.
 * Every other line, and every run the fast path cannot serve, takes the
 * general path, which gives byte for byte the same answers
 * (tests/unit/test_fastpath.c proves it for every built-in domain). */
#ifndef MC_BATCH_FAST_H
#define MC_BATCH_FAST_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

struct batch_fast;

/* NULL when the run needs the general path for every line: text output,
 * user data, --mx, --provider, sources without the built-in data, or out
 * of memory. An option that changes what a found built-in record looks like
 * must be added to the checks here. */
struct batch_fast *batch_fast_new(const struct cli *cli, const mailcfg_ctx *ctx);
void batch_fast_free(struct batch_fast *bf);

/* Append the answer of line S[0..N) (without its line end) to OUT when it
 * is a plain address or domain the built-in data knows; false: nothing
 * written, answer it the general way. */
bool batch_fast_answer(struct batch_fast *bf, struct mc_buf *out, const char *s, size_t n);

/* Bytes readable beyond the end of the block batch_fast_lines is given. */
#define BATCH_FAST_PAD 64

/* Answer the whole lines ('\n' ends a line; a '\r' before it is not part
 * of it) at the start of S[0..N) while each is one batch_fast_answer would
 * answer and OUT holds less than FLUSH_AT bytes; the number of bytes of the
 * lines answered, line ends included. S + N must be followed by
 * BATCH_FAST_PAD readable and initialized bytes (what they hold does not
 * matter). */
size_t batch_fast_lines(struct batch_fast *bf, struct mc_buf *out, const char *s, size_t n,
                        size_t flush_at);

#endif
