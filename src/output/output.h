/* Formatters: each turns a result into bytes appended to a buffer. They
 * never print; the caller decides where the bytes go. */
#ifndef MC_OUTPUT_H
#define MC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "mailcfg.h"

/* A growable byte buffer. After an allocation failure it stops growing
 * and sets OOM; the caller checks once, at the end. */
struct mc_buf {
	char *data;
	size_t len, cap;
	bool oom;
};

void mc_buf_free(struct mc_buf *b);
/* Room for N more bytes at DATA + LEN, for writers that copy in place;
 * false after an allocation failure. */
bool mc_buf_reserve(struct mc_buf *b, size_t n);
void mc_buf_put(struct mc_buf *b, const char *s, size_t n);
void mc_buf_puts(struct mc_buf *b, const char *s);
void mc_buf_putc(struct mc_buf *b, char c);
void mc_buf_put_uint(struct mc_buf *b, unsigned long v);
/* Append S padded with blanks to WIDTH characters (UTF-8 aware). */
void mc_buf_put_padded(struct mc_buf *b, const char *s, size_t width);
/* Append S[0..N) as a JSON string with quotes. Control characters, C1
 * controls and bidirectional overrides are escaped; invalid UTF-8 becomes
 * U+FFFD, so the output is always valid JSON and safe on a terminal. */
void mc_buf_put_json(struct mc_buf *b, const char *s, size_t n);
/* Append S[0..N) for a terminal: control bytes, C1 controls, bidi
 * overrides and invalid UTF-8 are shown as \xNN escapes. */
void mc_buf_put_safe(struct mc_buf *b, const char *s, size_t n);

/* Characters (not bytes) in UTF-8 text S. */
size_t mc_utf8_width(const char *s);

/* The JSON record of one result, NDJSON: one line, keys in fixed order. */
void mc_format_json(struct mc_buf *b, const mailcfg_result *r, mailcfg_lang lang);

/* TSV: one line per server (query, provider id, protocol, host, port,
 * encryption, username); nothing for an unanswered query. */
void mc_format_tsv(struct mc_buf *b, const mailcfg_result *r);

struct mc_text_opts {
	mailcfg_lang lang;
	bool color;
	bool verbose; /* also list the sources of the data */
};

/* The block a person reads: servers first, then username, notes, links. */
void mc_format_text(struct mc_buf *b, const mailcfg_result *r, const struct mc_text_opts *o);

/* Labels of the text output and the commands, in English and German. */
enum mc_label {
	MC_L_INCOMING,
	MC_L_OUTGOING,
	MC_L_USERNAME,
	MC_L_LOGIN,
	MC_L_NOTES,
	MC_L_HELP,
	MC_L_SOURCE,
	MC_L_STATUS,
	MC_L_RECOMMENDED,
	MC_L_UNENCRYPTED,
	MC_L_UNUSUAL,
	MC_L_NONE,
	MC_L_FULL_ADDRESS,
	MC_L_LOCAL_PART,
	MC_L_DOMAIN_PART,
	MC_L_BUILTIN_DATA,
	MC_L_USER_DATA,
	MC_L_CHECKED,
	MC_L_NOT_VERIFIED,
	MC_L_MERGED_INTO,
	MC_L_DISCONTINUED,
	MC_L_REFERENCES,
	MC_L_USERNAME_VARIES,
	MC_L_BY_MX,
	MC_L_ONLINE,
	MC_L_AGREES,
	MC_L_CACHED,
	MC_L_DISAGREES,
	MC_L_UNTRUSTED,
	MC_L_OR,
	MC_L_COUNT
};

const char *mc_label(enum mc_label id, mailcfg_lang lang);
/* A person's words for an authentication method bit. */
const char *mc_auth_label(unsigned bit, mailcfg_lang lang);
/* A person's words for an encryption ("SSL/TLS", "STARTTLS", "none"). */
const char *mc_encryption_label(mailcfg_encryption e, mailcfg_lang lang);

/* The export formats (docs/formats.md), one file each. Each writes a found
 * result for one consumer and returns NULL, or returns why the result cannot
 * be written in that format (then nothing is appended). */
const char *mc_format_env(struct mc_buf *b, const mailcfg_result *r);
const char *mc_format_autoconfig(struct mc_buf *b, const mailcfg_result *r);
const char *mc_format_mobileconfig(struct mc_buf *b, const mailcfg_result *r);
const char *mc_format_msmtp(struct mc_buf *b, const mailcfg_result *r);
const char *mc_format_mbsync(struct mc_buf *b, const mailcfg_result *r);
const char *mc_format_neomutt(struct mc_buf *b, const mailcfg_result *r);
const char *mc_format_aerc(struct mc_buf *b, const mailcfg_result *r);
/* Append a catalogue message FMT with its %s / %N$s directives replaced by
 * ARGS (see catalog.h). */
void mc_buf_put_msg(struct mc_buf *b, const char *fmt, const char *const *args, size_t nargs);
/* The same with ARGS as they are, for text that a printer escapes whole. */
void mc_buf_put_msg_raw(struct mc_buf *b, const char *fmt, const char *const *args, size_t nargs);
/* Append TEXT word-wrapped to WIDTH columns; every line is INDENT columns
 * in: the blanks of the first are written only when FIRST_TOO (otherwise
 * the caller has written something that wide, such as "1. "). */
void mc_buf_put_wrapped(struct mc_buf *b, const char *text, size_t indent, size_t width,
                        bool first_too);

/* --client NAME: the settings as numbered steps in that mail program's own
 * words; --copy: a plain block to paste into a ticket. Both need a found
 * result. */
int mc_client_find(const char *name); /* index, or -1 */
const char *mc_client_names(void);    /* "outlook, thunderbird, ..." */
void mc_format_client(struct mc_buf *b, const mailcfg_result *r, int client, mailcfg_lang lang);
void mc_format_copy(struct mc_buf *b, const mailcfg_result *r, mailcfg_lang lang);

#include "catalog.h"

#endif
