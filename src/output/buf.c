/* A growable byte buffer and the two escapers every formatter needs:
 * JSON strings and terminal-safe text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"
#include "output.h"

static bool reserve(struct mc_buf *b, size_t n)
{
	if (b->oom)
		return false;
	if (b->len + n <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + n)
		cap *= 2;
	char *d = realloc(b->data, cap);
	if (!d) {
		b->oom = true;
		return false;
	}
	b->data = d;
	b->cap = cap;
	return true;
}

bool mc_buf_reserve(struct mc_buf *b, size_t n)
{
	return reserve(b, n);
}

void mc_buf_free(struct mc_buf *b)
{
	free(b->data);
	*b = (struct mc_buf){0};
}

void mc_buf_put(struct mc_buf *b, const char *s, size_t n)
{
	if (n && reserve(b, n)) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
	}
}

void mc_buf_puts(struct mc_buf *b, const char *s)
{
	mc_buf_put(b, s, strlen(s));
}

void mc_buf_putc(struct mc_buf *b, char c)
{
	if (reserve(b, 1))
		b->data[b->len++] = c;
}

void mc_buf_put_uint(struct mc_buf *b, unsigned long v)
{
	char tmp[24];
	size_t n = sizeof tmp;
	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	mc_buf_put(b, tmp + n, sizeof tmp - n);
}

size_t mc_utf8_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

void mc_buf_put_padded(struct mc_buf *b, const char *s, size_t width)
{
	mc_buf_puts(b, s);
	for (size_t w = mc_utf8_width(s); w < width; w++)
		mc_buf_putc(b, ' ');
}

/* Bytes that need a closer look in a JSON string: controls, '"', '\\', DEL
 * and every non-ASCII byte (which may start a C1 control, a bidi override or
 * invalid UTF-8). Printable ASCII, the vast majority, is copied in runs. */
static bool json_special(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c >= 0x7F;
}

void mc_buf_put_json(struct mc_buf *b, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	if (!reserve(b, n + 2))
		return;
	b->data[b->len++] = '"';
	size_t run = 0; /* start of the pending run of plain bytes */
	for (size_t i = 0; i < n;) {
		if (!json_special(s[i])) {
			i++;
			continue;
		}
		unsigned cp;
		size_t len = mc_utf8_seq(s + i, n - i, &cp);
		if (len && !mc_cp_unsafe(cp) && cp != '"' && cp != '\\') {
			i += len;
			continue;
		}
		mc_buf_put(b, str + run, i - run);
		if (!len) {
			mc_buf_puts(b, "\\ufffd");
			len = 1;
		} else if (cp == '"' || cp == '\\') {
			char esc[2] = {'\\', (char)cp};
			mc_buf_put(b, esc, 2);
		} else if (cp == '\n') {
			mc_buf_puts(b, "\\n");
		} else if (cp == '\t') {
			mc_buf_puts(b, "\\t");
		} else {
			char esc[6] = {'\\',
			               'u',
			               hex[(cp >> 12) & 15],
			               hex[(cp >> 8) & 15],
			               hex[(cp >> 4) & 15],
			               hex[cp & 15]};
			mc_buf_put(b, esc, 6);
		}
		i += len;
		run = i;
	}
	mc_buf_put(b, str + run, n - run);
	mc_buf_putc(b, '"');
}

void mc_buf_put_safe(struct mc_buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t plain = 0;
	while (plain < n && s[plain] >= 0x20 && s[plain] < 0x7F)
		plain++;
	mc_buf_put(b, str, plain);
	for (size_t i = plain; i < n;) {
		unsigned cp;
		size_t len = mc_utf8_seq(s + i, n - i, &cp);
		if (len && !mc_cp_unsafe(cp)) {
			mc_buf_put(b, str + i, len);
			i += len;
			continue;
		}
		/* show every byte of the offending sequence, so nothing is hidden */
		size_t k = len ? len : 1;
		for (size_t j = 0; j < k; j++) {
			char esc[5];
			snprintf(esc, sizeof esc, "\\x%02x", s[i + j]);
			mc_buf_put(b, esc, 4);
		}
		i += k;
	}
}
