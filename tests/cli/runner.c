/* The driver of the golden command-line tests: runs mailcfg once per case of
 * each *.test file and compares exit status, stdout and stderr with what the
 * case expects. The file format is described in tests/cli/README.md.
 *
 * Usage: runner MAILCFG_BINARY FILE.test...
 * Prints "ok NAME" or "FAIL NAME" plus an explanation per case, then
 * "N passed, N failed"; exits 1 when anything failed, 2 on a usage error. */
#define _XOPEN_SOURCE 700

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_SECONDS 20
/* Output beyond this is counted but not kept: a runaway tool must not take
 * the test machine's memory with it. */
#define KEEP_MAX (64u * 1024 * 1024)
/* How much of an unexpected output a failure report shows. */
#define SHOW_LINES      40
#define SHOW_LINE_BYTES 300

/* ---- small helpers ------------------------------------------------------- */

struct buf {
	char *data;
	size_t len, cap;
};

static void die_oom(void)
{
	fputs("runner: out of memory\n", stderr);
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

static void buf_reserve(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	b->data[b->len] = '\0'; /* a reserved, still empty buffer is "" */
}

static void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

static void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static const char *buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

/* Length of the UTF-8 sequence at S (at most N bytes) and its code point;
 * 0 when the bytes there are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	unsigned c, min;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool utf8_valid(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/* Characters that can change what a terminal shows: C0 controls except
 * newline and tab, DEL, C1 controls, the line and paragraph separators
 * (a fake line break) and the bidirectional embeddings, overrides and
 * isolates (text shown in a false order). */
static bool is_terminal_control(unsigned cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7f && cp <= 0x9f) ||
	       cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Append S to B so that the runner's own output stays readable: controls,
 * invalid bytes and bidi overrides become escapes. */
static void buf_add_visible(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		const unsigned char *u = (const unsigned char *)s + i;
		unsigned cp;
		size_t k = utf8_decode(u, n - i, &cp);
		if (k == 0) {
			buf_printf(b, "\\x%02x", u[0]);
			i++;
		} else if (cp == '\t') {
			buf_adds(b, "\\t");
			i++;
		} else if (cp == '\n') {
			buf_adds(b, "\\n");
			i++;
		} else if (is_terminal_control(cp)) {
			if (k == 1)
				buf_printf(b, "\\x%02x", cp);
			else
				buf_printf(b, "\\u%04x", cp);
			i += k;
		} else {
			buf_add(b, u, k);
			i += k;
		}
	}
}

/* ---- C escapes and shell-like words ---------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void put_utf8(struct buf *b, unsigned cp)
{
	char u[4];
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* Decode one escape; *P points just after the backslash and is advanced.
 * Known: \n \t \r \\ \0 \xNN \e \' \" \uXXXX. Returns false when unknown. */
static bool c_escape(const char **p, const char *end, struct buf *out)
{
	if (*p >= end)
		return false;
	char c = *(*p)++;
	switch (c) {
	case 'n': buf_addc(out, '\n'); return true;
	case 't': buf_addc(out, '\t'); return true;
	case 'r': buf_addc(out, '\r'); return true;
	case 'e': buf_addc(out, '\033'); return true;
	case '0': buf_addc(out, '\0'); return true;
	case '\\':
	case '\'':
	case '"': buf_addc(out, c); return true;
	case 'x': {
		if (end - *p < 2 || hexval((*p)[0]) < 0 || hexval((*p)[1]) < 0)
			return false;
		buf_addc(out, (char)(hexval((*p)[0]) * 16 + hexval((*p)[1])));
		*p += 2;
		return true;
	}
	case 'u': {
		if (end - *p < 4)
			return false;
		unsigned cp = 0;
		for (int i = 0; i < 4; i++) {
			int h = hexval((*p)[i]);
			if (h < 0)
				return false;
			cp = cp * 16 + (unsigned)h;
		}
		*p += 4;
		put_utf8(out, cp);
		return true;
	}
	default: return false;
	}
}

/* Decode a whole string with C escapes into OUT. */
static bool c_unescape(const char *s, size_t n, struct buf *out, struct buf *err)
{
	const char *p = s, *end = s + n;
	while (p < end) {
		if (*p != '\\') {
			buf_addc(out, *p++);
			continue;
		}
		const char *at = p++;
		if (!c_escape(&p, end, out)) {
			buf_printf(err, "unknown escape '");
			buf_add_visible(err, at, (size_t)(p - at) < 2 ? (size_t)(end - at) : 2);
			buf_adds(err, "' (known: \\n \\t \\r \\e \\\\ \\0 \\' \\\" \\xNN \\uXXXX)");
			return false;
		}
	}
	return true;
}

struct words {
	char **v;
	size_t n;
};

static void words_free(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

/* Split S like a POSIX shell: blanks separate words; '...' is literal;
 * "..." allows \" \\ \$ \`; $'...' takes C escapes; an unquoted backslash
 * makes the next character literal. A word may not contain a NUL byte. */
static bool split_words(const char *s, struct words *w, struct buf *err)
{
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return true;
		struct buf word = {0};
		buf_reserve(&word, 0);
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '\'') {
				const char *q = strchr(p + 1, '\'');
				if (!q) {
					buf_adds(err, "unterminated '...'");
					goto fail;
				}
				buf_add(&word, p + 1, (size_t)(q - p - 1));
				p = q + 1;
			} else if (*p == '"') {
				p++;
				while (*p && *p != '"') {
					if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
						p++;
					buf_addc(&word, *p++);
				}
				if (*p != '"') {
					buf_adds(err, "unterminated \"...\"");
					goto fail;
				}
				p++;
			} else if (p[0] == '$' && p[1] == '\'') {
				p += 2;
				const char *start = p;
				while (*p && *p != '\'')
					p += *p == '\\' && p[1] ? 2 : 1;
				if (*p != '\'') {
					buf_adds(err, "unterminated $'...'");
					goto fail;
				}
				if (!c_unescape(start, (size_t)(p - start), &word, err))
					goto fail;
				p++;
			} else if (*p == '\\') {
				if (!p[1]) {
					buf_adds(err, "a backslash at the end of the line");
					goto fail;
				}
				buf_addc(&word, p[1]);
				p += 2;
			} else {
				buf_addc(&word, *p++);
			}
		}
		if (memchr(word.data, '\0', word.len)) {
			buf_adds(err, "an argument cannot contain a NUL byte");
			goto fail;
		}
		w->v = xrealloc(w->v, (w->n + 1) * sizeof *w->v);
		w->v[w->n++] = word.data;
		continue;
	fail:
		buf_free(&word);
		return false;
	}
}

/* ---- test files ------------------------------------------------------------ */

enum check_kind {
	CK_STDOUT_CONTAINS,
	CK_STDOUT_LACKS,
	CK_STDERR_CONTAINS,
	CK_STDERR_LACKS,
	CK_STDOUT_MATCHES,
	CK_STDERR_MATCHES,
	CK_JSON_CHECK,
	CK_JSON_TYPE,
	CK_JSON_LENGTH,
	CK_FILE_CONTAINS, /* path: the file; value: the text */
	CK_FILE_LACKS,
	CK_LOG_CONTAINS, /* the same for what was appended while the case ran */
	CK_LOG_LACKS,
};

struct check {
	enum check_kind kind;
	long line; /* JSON checks: stdout line index, or -1 for the whole stdout */
	char *path;
	struct buf value;
	unsigned src_line;
	long long offset; /* log checks: the file's size when the case started */
};

struct tcase {
	char *name;
	unsigned line;
	bool has_args;
	struct words args, env, env_unset;
	bool has_stdin;
	struct buf in;
	bool has_exit;
	int exit_code;
	bool has_stdout, has_stderr;
	struct buf want_out, want_err;
	struct check *checks;
	size_t nchecks;
	long ndjson;                     /* -1: not asked */
	char *json_doc;                  /* "array" or "object", or NULL */
	long long max_bytes;             /* -1: no bound */
	long long max_ms;                /* max-seconds in milliseconds; -1: no bound */
	long stdout_lines, stderr_lines; /* -1: not asked */
	bool no_escape, to_full, tty, broken_pipe;
	char *cwd;
	struct buf error; /* mistakes in the test file; the case fails with them */
};

static void case_free(struct tcase *c)
{
	free(c->name);
	words_free(&c->args);
	words_free(&c->env);
	words_free(&c->env_unset);
	buf_free(&c->in);
	buf_free(&c->want_out);
	buf_free(&c->want_err);
	for (size_t i = 0; i < c->nchecks; i++) {
		free(c->checks[i].path);
		buf_free(&c->checks[i].value);
	}
	free(c->checks);
	free(c->json_doc);
	free(c->cwd);
	buf_free(&c->error);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
case_error(struct tcase *c, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	buf_printf(&c->error, "  test file line %u: %s\n", line, msg);
}

static bool parse_long(const char *s, long long min, long long max, long long *out)
{
	if (!*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	bool ok = !ferror(f);
	fclose(f);
	buf_reserve(b, 0);
	return ok;
}

static struct check *add_check(struct tcase *c, enum check_kind kind, unsigned line)
{
	c->checks = xrealloc(c->checks, (c->nchecks + 1) * sizeof *c->checks);
	struct check *k = &c->checks[c->nchecks++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	k->src_line = line;
	buf_reserve(&k->value, 0);
	return k;
}

/* "LINE PATH [VALUE...]" of the JSON checks. */
static void parse_json_check(struct tcase *c, enum check_kind kind, const char *v, unsigned line)
{
	const char *sp = strchr(v, ' ');
	if (!sp) {
		case_error(c, line, "expected 'LINE PATH VALUE'");
		return;
	}
	char *idx = xstrndup(v, (size_t)(sp - v));
	long long li;
	bool doc = strcmp(idx, "doc") == 0;
	if (!doc && !parse_long(idx, 0, 1000000, &li)) {
		case_error(c, line, "'%s' is not a line index (a number from 0, or doc)", idx);
		free(idx);
		return;
	}
	free(idx);
	const char *path = sp + 1;
	const char *sp2 = strchr(path, ' ');
	if (!sp2 || !sp2[1]) {
		case_error(c, line, "expected a value after the path");
		return;
	}
	struct check *k = add_check(c, kind, line);
	k->line = doc ? -1 : (long)li;
	k->path = xstrndup(path, (size_t)(sp2 - path));
	buf_adds(&k->value, sp2 + 1);
}

/* Apply one "name: value" line to the case. */
static void directive(struct tcase *c, const char *name, const char *v, unsigned line,
                      struct buf **block)
{
	struct buf err = {0};
	long long n = 0;
	if (strcmp(name, "args") == 0) {
		if (c->has_args)
			case_error(c, line, "args: given twice");
		c->has_args = true;
		if (!split_words(v, &c->args, &err))
			case_error(c, line, "args: %s", buf_str(&err));
	} else if (strcmp(name, "env") == 0) {
		struct words w = {0};
		if (!split_words(v, &w, &err)) {
			case_error(c, line, "env: %s", buf_str(&err));
		} else {
			for (size_t i = 0; i < w.n; i++) {
				const char *eq = strchr(w.v[i], '=');
				if (!eq || eq == w.v[i]) {
					case_error(c, line, "env: '%s' is not NAME=VALUE", w.v[i]);
					continue;
				}
				c->env.v = xrealloc(c->env.v, (c->env.n + 1) * sizeof *c->env.v);
				c->env.v[c->env.n++] = xstrdup(w.v[i]);
			}
		}
		words_free(&w);
	} else if (strcmp(name, "env-unset") == 0) {
		struct words w = {0};
		if (!split_words(v, &w, &err))
			case_error(c, line, "env-unset: %s", buf_str(&err));
		for (size_t i = 0; i < w.n; i++) {
			c->env_unset.v =
			    xrealloc(c->env_unset.v, (c->env_unset.n + 1) * sizeof *c->env_unset.v);
			c->env_unset.v[c->env_unset.n++] = xstrdup(w.v[i]);
		}
		words_free(&w);
	} else if (strcmp(name, "stdin") == 0) {
		c->has_stdin = true;
		if (!c_unescape(v, strlen(v), &c->in, &err))
			case_error(c, line, "stdin: %s", buf_str(&err));
	} else if (strcmp(name, "stdin-fill") == 0) {
		const char *sp = strchr(v, ' ');
		struct buf ch = {0};
		char *count = sp ? xstrndup(v, (size_t)(sp - v)) : NULL;
		if (!sp || !parse_long(count, 0, 1LL << 30, &n) ||
		    !c_unescape(sp + 1, strlen(sp + 1), &ch, &err) || ch.len != 1) {
			case_error(c, line, "stdin-fill: expected 'COUNT CHARACTER' %s",
			           buf_str(&err));
		} else {
			c->has_stdin = true;
			buf_reserve(&c->in, (size_t)n);
			memset(c->in.data + c->in.len, ch.data[0], (size_t)n);
			c->in.len += (size_t)n;
			c->in.data[c->in.len] = '\0';
		}
		free(count);
		buf_free(&ch);
	} else if (strcmp(name, "exit") == 0) {
		if (!parse_long(v, 0, 255, &n))
			case_error(c, line, "exit: '%s' is not a number from 0 to 255", v);
		c->has_exit = true;
		c->exit_code = (int)n;
	} else if (strcmp(name, "stdout") == 0 || strcmp(name, "stderr") == 0) {
		bool out = name[3] == 'o';
		if (*v)
			case_error(c, line,
			           "%s: the expected text goes on the following lines, "
			           "each starting with '> '",
			           name);
		if (out ? c->has_stdout : c->has_stderr)
			case_error(c, line, "%s: given twice", name);
		*(out ? &c->has_stdout : &c->has_stderr) = true;
		*block = out ? &c->want_out : &c->want_err;
		buf_reserve(*block, 0);
	} else if (strcmp(name, "stdout-contains") == 0 || strcmp(name, "stdout-lacks") == 0 ||
	           strcmp(name, "stderr-contains") == 0 || strcmp(name, "stderr-lacks") == 0 ||
	           strcmp(name, "stdout-contains-esc") == 0 ||
	           strcmp(name, "stdout-lacks-esc") == 0 ||
	           strcmp(name, "stderr-contains-esc") == 0 ||
	           strcmp(name, "stderr-lacks-esc") == 0) {
		bool out = name[3] == 'o', contains = name[7] == 'c';
		bool esc = strstr(name, "-esc") != NULL;
		enum check_kind k = out ? (contains ? CK_STDOUT_CONTAINS : CK_STDOUT_LACKS)
		                        : (contains ? CK_STDERR_CONTAINS : CK_STDERR_LACKS);
		struct check *ck = add_check(c, k, line);
		if (esc) {
			if (!c_unescape(v, strlen(v), &ck->value, &err))
				case_error(c, line, "%s: %s", name, buf_str(&err));
		} else {
			buf_adds(&ck->value, v);
		}
		if (ck->value.len == 0)
			case_error(c, line, "%s: an empty text would always match", name);
	} else if (strcmp(name, "stdout-matches") == 0 || strcmp(name, "stderr-matches") == 0) {
		struct check *ck =
		    add_check(c, name[3] == 'o' ? CK_STDOUT_MATCHES : CK_STDERR_MATCHES, line);
		buf_adds(&ck->value, v);
		regex_t re;
		int rc = regcomp(&re, v, REG_EXTENDED | REG_NEWLINE | REG_NOSUB);
		if (rc != 0) {
			char msg[200];
			regerror(rc, &re, msg, sizeof msg);
			case_error(c, line, "%s: bad regular expression: %s", name, msg);
		} else {
			regfree(&re);
		}
	} else if (strcmp(name, "ndjson") == 0) {
		if (!parse_long(v, 0, 100000000, &n))
			case_error(c, line, "ndjson: '%s' is not a line count", v);
		c->ndjson = (long)n;
	} else if (strcmp(name, "json-doc") == 0) {
		if (strcmp(v, "array") != 0 && strcmp(v, "object") != 0)
			case_error(c, line, "json-doc: expected array or object");
		free(c->json_doc);
		c->json_doc = xstrdup(v);
	} else if (strcmp(name, "json-check") == 0) {
		parse_json_check(c, CK_JSON_CHECK, v, line);
	} else if (strcmp(name, "json-type") == 0) {
		parse_json_check(c, CK_JSON_TYPE, v, line);
	} else if (strcmp(name, "json-length") == 0) {
		parse_json_check(c, CK_JSON_LENGTH, v, line);
	} else if (strcmp(name, "stdout-max-bytes") == 0) {
		if (!parse_long(v, 0, LLONG_MAX, &n))
			case_error(c, line, "stdout-max-bytes: '%s' is not a number", v);
		c->max_bytes = n;
	} else if (strcmp(name, "stdout-lines") == 0 || strcmp(name, "stderr-lines") == 0) {
		if (!parse_long(v, 0, 100000000, &n))
			case_error(c, line, "%s: '%s' is not a number", name, v);
		*(name[3] == 'o' ? &c->stdout_lines : &c->stderr_lines) = (long)n;
	} else if (strcmp(name, "no-escape-bytes") == 0 || strcmp(name, "stdout-to-full") == 0 ||
	           strcmp(name, "stdout-tty") == 0 || strcmp(name, "stdout-broken-pipe") == 0) {
		if (strcmp(v, "yes") != 0)
			case_error(c, line, "%s: the only value is 'yes'", name);
		if (name[0] == 'n')
			c->no_escape = true;
		else if (strcmp(name, "stdout-to-full") == 0)
			c->to_full = true;
		else if (strcmp(name, "stdout-tty") == 0)
			c->tty = true;
		else
			c->broken_pipe = true;
		if (c->to_full + c->tty + c->broken_pipe > 1)
			case_error(c, line,
			           "only one of stdout-to-full, stdout-tty and "
			           "stdout-broken-pipe");
	} else if (strcmp(name, "max-seconds") == 0) {
		char *end;
		errno = 0;
		double s = strtod(v, &end);
		if (!*v || *end || errno || !(s > 0 && s <= TIMEOUT_SECONDS))
			case_error(c, line, "max-seconds: '%s' is not a number of seconds up to %d",
			           v, TIMEOUT_SECONDS);
		else
			c->max_ms = (long long)(s * 1000 + 0.5);
	} else if (strcmp(name, "file-contains") == 0 || strcmp(name, "file-lacks") == 0 ||
	           strcmp(name, "log-contains") == 0 || strcmp(name, "log-lacks") == 0) {
		const char *sp = strchr(v, ' ');
		bool log = name[0] == 'l';
		bool has = strstr(name, "-contains") != NULL;
		if (!sp || sp == v || !sp[1]) {
			case_error(c, line, "%s: expected 'FILE TEXT'", name);
		} else {
			struct check *ck = add_check(c,
			                             log ? (has ? CK_LOG_CONTAINS : CK_LOG_LACKS)
			                                 : (has ? CK_FILE_CONTAINS : CK_FILE_LACKS),
			                             line);
			ck->path = xstrndup(v, (size_t)(sp - v));
			buf_adds(&ck->value, sp + 1);
		}
	} else if (strcmp(name, "cwd") == 0) {
		if (!*v || v[0] == '/' || strstr(v, ".."))
			case_error(c, line,
			           "cwd: a folder below the test file's folder, e.g. userdata");
		free(c->cwd);
		c->cwd = xstrdup(v);
	} else {
		case_error(c, line, "unknown directive '%s'", name);
	}
	buf_free(&err);
}

struct testfile {
	struct tcase *cases;
	size_t ncases;
	struct buf error; /* mistakes outside any case */
};

static void testfile_free(struct testfile *tf)
{
	for (size_t i = 0; i < tf->ncases; i++)
		case_free(&tf->cases[i]);
	free(tf->cases);
	buf_free(&tf->error);
}

static void parse_testfile(const char *path, const struct buf *text, struct testfile *tf)
{
	struct tcase *c = NULL;
	struct buf *block = NULL; /* collecting "> " lines into it */
	unsigned lineno = 0;
	const char *p = text->data, *end = text->data + text->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = xstrndup(p, n);
		p += n + (nl ? 1 : 0);
		lineno++;
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (block) {
			if (strncmp(line, "> ", 2) == 0 || strcmp(line, ">") == 0) {
				if (n > 2)
					buf_add(block, line + 2, n - 2);
				buf_addc(block, '\n');
				free(line);
				continue;
			}
			block = NULL;
		}
		if (n == 0 || line[0] == '#') {
			free(line);
			continue;
		}
		if (strncmp(line, "===", 3) == 0) {
			const char *name = line + 3;
			while (*name == ' ')
				name++;
			tf->cases = xrealloc(tf->cases, (tf->ncases + 1) * sizeof *tf->cases);
			c = &tf->cases[tf->ncases++];
			memset(c, 0, sizeof *c);
			c->name = xstrdup(*name ? name : "(unnamed)");
			c->line = lineno;
			c->ndjson = -1;
			c->max_bytes = -1;
			c->max_ms = -1;
			c->stdout_lines = -1;
			c->stderr_lines = -1;
			if (!*name)
				case_error(c, lineno, "a case needs a name after ===");
			free(line);
			continue;
		}
		const char *colon = strchr(line, ':');
		size_t nlen = colon ? (size_t)(colon - line) : 0;
		bool ok = colon && nlen > 0 && strspn(line, "abcdefghijklmnopqrstuvwxyz-") == nlen;
		if (!c) {
			buf_printf(&tf->error, "  %s:%u: %s\n", path, lineno,
			           ok ? "a directive before the first '=== NAME' line"
			              : "not a comment, '=== NAME' or 'directive: value'");
		} else if (!ok) {
			case_error(c, lineno,
			           "not 'directive: value' (a '> ' line outside stdout:/stderr:?)");
		} else {
			line[nlen] = '\0';
			const char *v = colon + 1;
			if (*v == ' ')
				v++;
			directive(c, line, v, lineno, &block);
		}
		free(line);
	}
	for (size_t i = 0; i < tf->ncases; i++) {
		struct tcase *k = &tf->cases[i];
		if (!k->has_exit)
			case_error(k, k->line, "exit: is required");
		if (!k->has_args)
			case_error(k, k->line, "args: is required ('args:' alone: no arguments)");
	}
	if (tf->ncases == 0 && tf->error.len == 0)
		buf_printf(&tf->error, "  %s: no cases ('=== NAME' lines)\n", path);
}

/* ---- running a case ---------------------------------------------------------- */

struct outcome {
	struct buf out, err;
	size_t out_total, err_total; /* bytes seen, kept or not */
	int status;                  /* exit status, or 128 + signal */
	int signal;                  /* 0 unless killed by a signal */
	bool timed_out;
	long long elapsed_ms;   /* from the start of the tool to its end */
	struct buf setup_error; /* the case could not be run */
};

static void outcome_free(struct outcome *o)
{
	buf_free(&o->out);
	buf_free(&o->err);
	buf_free(&o->setup_error);
}

struct env_base {
	const char *home, *xdg;
	const char *testdir; /* absolute, for %TESTDIR% */
};

static void env_set(struct words *e, const char *entry)
{
	size_t klen = (size_t)(strchr(entry, '=') - entry);
	for (size_t i = 0; i < e->n; i++)
		if (strncmp(e->v[i], entry, klen) == 0 && e->v[i][klen] == '=') {
			free(e->v[i]);
			e->v[i] = xstrdup(entry);
			return;
		}
	e->v = xrealloc(e->v, (e->n + 2) * sizeof *e->v);
	e->v[e->n++] = xstrdup(entry);
	e->v[e->n] = NULL;
}

static void env_unset(struct words *e, const char *key)
{
	size_t klen = strlen(key);
	for (size_t i = 0; i < e->n; i++)
		if (strncmp(e->v[i], key, klen) == 0 && e->v[i][klen] == '=') {
			free(e->v[i]);
			memmove(&e->v[i], &e->v[i + 1], (e->n - i) * sizeof *e->v);
			e->n--;
			return;
		}
}

/* S with each %NAME% replaced by the runner's environment variable
 * MAILCFG_TEST_NAME when that is set (a wrapper script passes paths this
 * way, e.g. %NETDIR%); any other %...% stays as it is. */
static void expand_vars(const char *s, struct buf *out)
{
	buf_add(out, "", 0); /* an empty word is still a string */
	while (*s) {
		const char *end = s[0] == '%' ? s + 1 : NULL;
		while (end && ((*end >= 'A' && *end <= 'Z') || (*end >= '0' && *end <= '9') ||
		               *end == '_'))
			end++;
		if (end && *end == '%' && end > s + 1) {
			struct buf var = {0};
			buf_adds(&var, "MAILCFG_TEST_");
			buf_add(&var, s + 1, (size_t)(end - s - 1));
			const char *val = getenv(var.data);
			buf_free(&var);
			if (val) {
				buf_adds(out, val);
				s = end + 1;
				continue;
			}
		}
		buf_addc(out, *s++);
	}
}

/* The clean, fixed environment of every case, plus the case's own. */
static void build_env(const struct tcase *c, const struct env_base *base, struct words *e)
{
	e->v = xmalloc(sizeof *e->v);
	e->v[0] = NULL;
	e->n = 0;
	struct buf s = {0};
	env_set(e, "PATH=/usr/local/bin:/usr/bin:/bin");
	buf_printf(&s, "HOME=%s", base->home);
	env_set(e, s.data);
	s.len = 0;
	buf_printf(&s, "XDG_CONFIG_HOME=%s", base->xdg);
	env_set(e, s.data);
	env_set(e, "LANG=C");
	env_set(e, "TERM=dumb");
	/* golden tests never reach the network; tests/net lifts this with
	 * env-unset: MAILCFG_OFFLINE and points every name at loopback */
	env_set(e, "MAILCFG_OFFLINE=1");
	/* and remember nothing between cases; cache cases lift this too */
	env_set(e, "MAILCFG_NO_CACHE=1");
	for (size_t i = 0; i < c->env.n; i++) {
		s.len = 0;
		const char *v = c->env.v[i], *t;
		struct buf x = {0};
		expand_vars(v, &x);
		v = x.data;
		while ((t = strstr(v, "%TESTDIR%"))) {
			buf_add(&s, v, (size_t)(t - v));
			buf_adds(&s, base->testdir);
			v = t + strlen("%TESTDIR%");
		}
		buf_adds(&s, v);
		buf_free(&x);
		env_set(e, s.data);
	}
	for (size_t i = 0; i < c->env_unset.n; i++)
		env_unset(e, c->env_unset.v[i]);
	buf_free(&s);
}

static void set_cloexec_nonblock(int fd, bool nonblock)
{
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (nonblock)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void keep(struct buf *b, size_t *total, const char *data, size_t n)
{
	*total += n;
	if (b->len < KEEP_MAX)
		buf_add(b, data, n < KEEP_MAX - b->len ? n : KEEP_MAX - b->len);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child: connect the standard streams and exec; never returns. */
static void child(const struct tcase *c, char **argv, char **envp, const char *dir, int in_fd,
                  int out_fd, int err_fd)
{
	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (in_fd < 0)
		in_fd = open("/dev/null", O_RDONLY);
	if (c->to_full)
		out_fd = open("/dev/full", O_WRONLY);
	if (in_fd < 0 || out_fd < 0 || dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 ||
	    dup2(err_fd, 2) < 0) {
		dprintf(err_fd, "runner: cannot set up the standard streams: %s\n",
		        strerror(errno));
		_exit(127);
	}
	if (chdir(dir) != 0) {
		dprintf(2, "runner: cannot enter %s: %s\n", dir, strerror(errno));
		_exit(127);
	}
	execve(argv[0], argv, envp);
	dprintf(2, "runner: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static void run_case(const struct tcase *c, const char *binary, const struct env_base *base,
                     struct outcome *o)
{
	memset(o, 0, sizeof *o);
	buf_reserve(&o->out, 0);
	buf_reserve(&o->err, 0);
	struct words env;
	build_env(c, base, &env);
	/* MAILCFG_TEST_WRAPPER (e.g. "/usr/bin/valgrind -q --error-exitcode=99")
	 * runs the tool under another program, named by its absolute path;
	 * words split at blanks, no quoting */
	char *wrap = getenv("MAILCFG_TEST_WRAPPER") ? strdup(getenv("MAILCFG_TEST_WRAPPER")) : NULL;
	size_t nwrap = 0;
	for (char *p = wrap; p && *p;) {
		p += strspn(p, " ");
		if (*p)
			nwrap++;
		p += strcspn(p, " ");
	}
	char **argv = xmalloc((nwrap + c->args.n + 2) * sizeof *argv);
	nwrap = 0;
	for (char *save = NULL, *w = wrap ? strtok_r(wrap, " ", &save) : NULL; w;
	     w = strtok_r(NULL, " ", &save))
		argv[nwrap++] = w;
	argv[nwrap] = (char *)binary;
	for (size_t i = 0; i < c->args.n; i++) {
		struct buf x = {0};
		expand_vars(c->args.v[i], &x);
		argv[nwrap + i + 1] = x.data; /* freed below */
	}
	argv[nwrap + c->args.n + 1] = NULL;
	long long started = now_ms();
	struct buf dir = {0};
	buf_adds(&dir, base->testdir);
	if (c->cwd)
		buf_printf(&dir, "/%s", c->cwd);

	int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
	int master = -1, slave = -1;
	bool ok = pipe(err) == 0 && (!c->has_stdin || pipe(in) == 0);
	if (ok && c->tty) {
		errno = 0;
		master = posix_openpt(O_RDWR | O_NOCTTY);
		ok = master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0;
		const char *name = ok ? ptsname(master) : NULL;
		slave = name ? open(name, O_RDWR | O_NOCTTY) : -1;
		ok = slave >= 0;
		struct termios t;
		if (ok && tcgetattr(slave, &t) == 0) {
			t.c_oflag &= ~(tcflag_t)OPOST; /* no \n -> \r\n */
			t.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(slave, TCSANOW, &t);
		}
		out[0] = master;
		out[1] = slave;
	} else if (ok) {
		ok = pipe(out) == 0;
	}
	if (ok && c->broken_pipe) {
		/* nobody reads: the tool's first write meets EPIPE or SIGPIPE */
		int dead[2];
		ok = pipe(dead) == 0;
		if (ok) {
			close(dead[0]);
			close(out[1]);
			out[1] = dead[1];
		}
	}
	if (!ok) {
		buf_printf(&o->setup_error, "cannot create %s: %s",
		           c->tty ? "pipes and a pseudo-terminal" : "pipes", strerror(errno));
		goto done;
	}
	for (int i = 0; i < 2; i++) {
		set_cloexec_nonblock(out[i], i == 0);
		set_cloexec_nonblock(err[i], i == 0);
		if (in[i] >= 0)
			set_cloexec_nonblock(in[i], i == 1);
	}
	pid_t pid = fork();
	if (pid < 0) {
		buf_printf(&o->setup_error, "cannot fork: %s", strerror(errno));
		goto done;
	}
	if (pid == 0)
		child(c, argv, env.v, dir.data, in[0], out[1], err[1]);
	setpgid(pid, pid); /* also in the parent, so the kill below cannot miss */
	close(out[1]);
	close(err[1]);
	out[1] = err[1] = -1;
	if (in[0] >= 0) {
		close(in[0]);
		in[0] = -1;
	}
	size_t written = 0;
	int in_fd = in[1];
	if (in_fd >= 0 && c->in.len == 0) {
		close(in_fd);
		in_fd = in[1] = -1;
	}
	int out_fd = out[0], err_fd = err[0];
	long long deadline = now_ms() + TIMEOUT_SECONDS * 1000LL;
	char chunk[65536];
	while (out_fd >= 0 || err_fd >= 0) {
		struct pollfd pf[3];
		int np = 0, iout = -1, ierr = -1, iin = -1;
		if (out_fd >= 0)
			pf[iout = np++] = (struct pollfd){out_fd, POLLIN, 0};
		if (err_fd >= 0)
			pf[ierr = np++] = (struct pollfd){err_fd, POLLIN, 0};
		if (in_fd >= 0)
			pf[iin = np++] = (struct pollfd){in_fd, POLLOUT, 0};
		long long left = deadline - now_ms();
		if (left <= 0) {
			o->timed_out = true;
			break;
		}
		int r = poll(pf, (nfds_t)np, (int)(left > 1000 ? 1000 : left));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			buf_printf(&o->setup_error, "poll: %s", strerror(errno));
			o->timed_out = true; /* kill and reap below */
			break;
		}
		if (iin >= 0 && pf[iin].revents) {
			ssize_t w = write(in_fd, c->in.data + written, c->in.len - written);
			if (w > 0)
				written += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == c->in.len) {
				/* done, or the tool stopped reading (EPIPE): either is fine */
				close(in_fd);
				in_fd = in[1] = -1;
			}
		}
		int *fds[2] = {&out_fd, &err_fd};
		int idx[2] = {iout, ierr};
		for (int k = 0; k < 2; k++) {
			if (idx[k] < 0 || !pf[idx[k]].revents)
				continue;
			ssize_t got = read(*fds[k], chunk, sizeof chunk);
			if (got > 0)
				keep(k ? &o->err : &o->out, k ? &o->err_total : &o->out_total,
				     chunk, (size_t)got);
			else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
				/* EOF; a pseudo-terminal says EIO once the tool is gone */
				close(*fds[k]);
				*fds[k] = -1;
			}
		}
	}
	if (in_fd >= 0)
		close(in_fd);
	if (out_fd >= 0)
		close(out_fd);
	if (err_fd >= 0)
		close(err_fd);
	in[1] = out[0] = err[0] = -1;
	int status = 0;
	for (;;) {
		if (o->timed_out) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		pid_t w = waitpid(pid, &status, o->timed_out ? 0 : WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			buf_printf(&o->setup_error, "waitpid: %s", strerror(errno));
			break;
		}
		if (w == 0) {
			if (now_ms() >= deadline) {
				o->timed_out = true;
			} else {
				struct timespec ts = {0, 10 * 1000000L};
				nanosleep(&ts, NULL);
			}
		}
	}
	o->elapsed_ms = now_ms() - started;
	if (WIFEXITED(status)) {
		o->status = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		o->signal = WTERMSIG(status);
		o->status = 128 + o->signal;
	}
done:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	words_free(&env);
	for (size_t i = 0; i < c->args.n; i++)
		free(argv[nwrap + i + 1]);
	free(argv);
	free(wrap);
	buf_free(&dir);
}

/* ---- comparing -------------------------------------------------------------- */

/* Append up to SHOW_LINES lines of S, indented, made visible. */
static void show_text(struct buf *r, const char *what, const char *s, size_t n)
{
	if (n == 0) {
		buf_printf(r, "    %s: (empty)\n", what);
		return;
	}
	buf_printf(r, "    %s (%zu bytes):\n", what, n);
	size_t shown = 0;
	const char *p = s, *end = s + n;
	while (p < end && shown < SHOW_LINES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		buf_adds(r, "      | ");
		buf_add_visible(r, p, len > SHOW_LINE_BYTES ? SHOW_LINE_BYTES : len);
		if (len > SHOW_LINE_BYTES)
			buf_printf(r, "... (%zu bytes)", len);
		if (!nl)
			buf_adds(r, "   (no newline at the end)");
		buf_addc(r, '\n');
		shown++;
		p += len + (nl ? 1 : 0);
	}
	if (p < end)
		buf_printf(r, "      | ... (%zu more bytes)\n", (size_t)(end - p));
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k + (n && s[n - 1] != '\n');
}

/* Report where ACTUAL first differs from WANT, line by line. */
static void diff(struct buf *r, const char *stream, const struct buf *want, const char *a,
                 size_t alen)
{
	const char *w = buf_str(want), *wend = w + want->len, *x = a, *xend = a + alen;
	size_t line = 1;
	for (;; line++) {
		const char *wn = memchr(w, '\n', (size_t)(wend - w));
		const char *xn = memchr(x, '\n', (size_t)(xend - x));
		size_t wl = wn ? (size_t)(wn - w) : (size_t)(wend - w);
		size_t xl = xn ? (size_t)(xn - x) : (size_t)(xend - x);
		bool wdone = w >= wend, xdone = x >= xend;
		if (wdone && xdone)
			return; /* equal after all */
		if (wdone || xdone || wl != xl || memcmp(w, x, wl) != 0 || !wn != !xn) {
			buf_printf(r, "  %s differs at line %zu:\n", stream, line);
			buf_adds(r, "    expected: ");
			if (wdone) {
				buf_adds(r, "(end of output)");
			} else {
				buf_addc(r, '"');
				buf_add_visible(r, w, wl > SHOW_LINE_BYTES ? SHOW_LINE_BYTES : wl);
				buf_adds(r, wn ? "\"" : "\" (no newline)");
			}
			buf_adds(r, "\n    actual:   ");
			if (xdone) {
				buf_adds(r, "(end of output)");
			} else {
				buf_addc(r, '"');
				buf_add_visible(r, x, xl > SHOW_LINE_BYTES ? SHOW_LINE_BYTES : xl);
				buf_adds(r, xn ? "\"" : "\" (no newline)");
			}
			buf_printf(r, "\n    expected %zu lines, got %zu\n",
			           count_lines(buf_str(want), want->len), count_lines(a, alen));
			show_text(r, "actual", a, alen);
			return;
		}
		w = wn + 1;
		x = xn + 1;
	}
}

static bool contains(const char *hay, size_t n, const struct buf *needle)
{
	if (needle->len > n)
		return false;
	for (size_t i = 0; i + needle->len <= n; i++)
		if (hay[i] == needle->data[0] && memcmp(hay + i, needle->data, needle->len) == 0)
			return true;
	return false;
}

/* Line I of S (0-based) as [*start, *len); false when there is none. */
static bool nth_line(const char *s, size_t n, long i, const char **start, size_t *len)
{
	const char *p = s, *end = s + n;
	for (long k = 0; p < end; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (k == i) {
			*start = p;
			*len = l;
			return true;
		}
		p += l + 1;
	}
	return false;
}

/* Parse exactly one JSON value from S; NULL and a reason otherwise. */
static cJSON *parse_json(const char *s, size_t n, struct buf *why)
{
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (!j) {
		const char *at = cJSON_GetErrorPtr();
		size_t off = at && at >= s && at <= s + n ? (size_t)(at - s) : 0;
		buf_printf(why, "not valid JSON (near byte %zu)", off);
		return NULL;
	}
	while (end && end < s + n && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (end != s + n) {
		buf_printf(why, "text after the JSON value (at byte %zu)", (size_t)(end - s));
		cJSON_Delete(j);
		return NULL;
	}
	if (!utf8_valid(s, n)) {
		buf_adds(why, "not valid UTF-8");
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* The first object in J (depth first) that holds a key twice, or NULL. */
static const char *duplicate_key(const cJSON *j)
{
	if (cJSON_IsObject(j))
		for (const cJSON *a = j->child; a; a = a->next)
			for (const cJSON *b = a->next; b; b = b->next)
				if (a->string && b->string && strcmp(a->string, b->string) == 0)
					return a->string;
	if (cJSON_IsObject(j) || cJSON_IsArray(j))
		for (const cJSON *c = j->child; c; c = c->next) {
			const char *d = duplicate_key(c);
			if (d)
				return d;
		}
	return NULL;
}

/* Follow "a.b[2].c" (or "[0].id") from J. */
static const cJSON *json_path(const cJSON *j, const char *path)
{
	const char *p = path;
	while (*p && j) {
		if (*p == '.') {
			p++;
			continue;
		}
		if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			if (*end != ']' || end == p + 1 || i < 0 || !cJSON_IsArray(j))
				return NULL;
			j = cJSON_GetArrayItem(j, (int)i);
			p = end + 1;
			continue;
		}
		size_t n = strcspn(p, ".[");
		char *key = xstrndup(p, n);
		j = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, key) : NULL;
		free(key);
		p += n;
	}
	return j;
}

static const char *json_type_name(const cJSON *j)
{
	if (cJSON_IsString(j))
		return "string";
	if (cJSON_IsNumber(j))
		return "number";
	if (cJSON_IsBool(j))
		return "boolean";
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsArray(j))
		return "array";
	if (cJSON_IsObject(j))
		return "object";
	return "invalid";
}

/* The value as the test file writes it: strings raw, numbers in decimal. */
static void json_text(const cJSON *j, struct buf *out)
{
	if (cJSON_IsString(j)) {
		buf_adds(out, j->valuestring);
	} else if (cJSON_IsNumber(j)) {
		double d = j->valuedouble;
		if (d == (double)(long long)d && d > -1e15 && d < 1e15)
			buf_printf(out, "%lld", (long long)d);
		else
			buf_printf(out, "%.17g", d);
	} else if (cJSON_IsTrue(j)) {
		buf_adds(out, "true");
	} else if (cJSON_IsFalse(j)) {
		buf_adds(out, "false");
	} else if (cJSON_IsNull(j)) {
		buf_adds(out, "null");
	} else {
		buf_printf(out, "<%s>", json_type_name(j));
	}
}

static void check_json(struct buf *r, const struct check *k, const struct outcome *o)
{
	const char *s = o->out.data;
	size_t n = o->out.len;
	struct buf why = {0};
	if (k->line >= 0 && !nth_line(o->out.data, o->out.len, k->line, &s, &n)) {
		buf_printf(r, "  line %u: stdout has no line %ld for %s\n", k->src_line, k->line,
		           k->path);
		return;
	}
	cJSON *j = parse_json(s, n, &why);
	if (!j) {
		if (k->line < 0)
			buf_printf(r, "  line %u: stdout: %s\n", k->src_line, buf_str(&why));
		else
			buf_printf(r, "  line %u: stdout line %ld: %s\n", k->src_line, k->line,
			           buf_str(&why));
		buf_free(&why);
		return;
	}
	const cJSON *v = json_path(j, k->path);
	struct buf got = {0};
	buf_reserve(&got, 0);
	const char *want = buf_str(&k->value);
	bool absent_wanted = strcmp(want, "(absent)") == 0;
	if (k->kind == CK_JSON_CHECK && absent_wanted) {
		if (v) {
			json_text(v, &got);
			buf_printf(r, "  line %u: %s should be absent, but is \"", k->src_line,
			           k->path);
			buf_add_visible(r, got.data, got.len);
			buf_adds(r, "\"\n");
		}
	} else if (!v) {
		buf_printf(r, "  line %u: %s is absent (wanted \"", k->src_line, k->path);
		buf_add_visible(r, want, strlen(want));
		buf_adds(r, "\")\n");
	} else if (k->kind == CK_JSON_CHECK) {
		json_text(v, &got);
		if (strcmp(want, "\"\"") == 0)
			want = "";
		if (!(cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v) ||
		      cJSON_IsNull(v)) ||
		    strcmp(got.data, want) != 0) {
			buf_printf(r, "  line %u: %s\n    expected: \"", k->src_line, k->path);
			buf_add_visible(r, want, strlen(want));
			buf_adds(r, "\"\n    actual:   \"");
			buf_add_visible(r, got.data, got.len);
			buf_printf(r, "\" (%s)\n", json_type_name(v));
		}
	} else if (k->kind == CK_JSON_TYPE) {
		if (strcmp(json_type_name(v), want) != 0)
			buf_printf(r, "  line %u: %s is a %s, expected a %s\n", k->src_line,
			           k->path, json_type_name(v), want);
	} else {
		long long len;
		if (!parse_long(want, 0, INT_MAX, &len))
			buf_printf(r, "  line %u: json-length needs a number, not '%s'\n",
			           k->src_line, want);
		else if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
			buf_printf(r, "  line %u: %s is a %s, not an array or object\n",
			           k->src_line, k->path, json_type_name(v));
		else if (cJSON_GetArraySize(v) != len)
			buf_printf(r, "  line %u: %s has %d entries, expected %lld\n", k->src_line,
			           k->path, cJSON_GetArraySize(v), len);
	}
	buf_free(&got);
	cJSON_Delete(j);
}

static void check_ndjson(struct buf *r, long want, const struct outcome *o)
{
	const char *p = o->out.data, *end = o->out.data + o->out.len;
	long lines = 0;
	size_t shown = 0;
	if (o->out.len && end[-1] != '\n')
		buf_adds(r, "  ndjson: the last line has no newline\n");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct buf why = {0};
		cJSON *j = parse_json(p, n, &why);
		const cJSON *fv = j ? cJSON_GetObjectItemCaseSensitive(j, "format_version") : NULL;
		const char *dup = j ? duplicate_key(j) : NULL;
		if (!j)
			;
		else if (!cJSON_IsObject(j))
			buf_adds(&why, "not an object");
		else if (!cJSON_IsNumber(fv) || fv->valuedouble != 1)
			buf_adds(&why, "no \"format_version\":1");
		else if (dup)
			buf_printf(&why, "key \"%s\" appears twice", dup);
		if (why.len && shown++ < 5) {
			buf_printf(r, "  ndjson: stdout line %ld: %s: ", lines, why.data);
			buf_add_visible(r, p, n > SHOW_LINE_BYTES ? SHOW_LINE_BYTES : n);
			buf_addc(r, '\n');
		}
		buf_free(&why);
		cJSON_Delete(j);
		lines++;
		p += n + 1;
	}
	if (lines != want) {
		buf_printf(r, "  ndjson: expected %ld lines, got %ld\n", want, lines);
		show_text(r, "actual stdout", o->out.data, o->out.len);
	}
}

/* Terminal controls anywhere in S: report the first. */
static void check_escapes(struct buf *r, const char *stream, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k && !is_terminal_control(cp)) {
			i += k;
			continue;
		}
		if (k == 0 && (unsigned char)s[i] < 0xa0 && (unsigned char)s[i] >= 0x80)
			cp = (unsigned char)s[i]; /* a raw C1 byte */
		else if (k == 0) {
			i++; /* invalid UTF-8 is not a control; other checks catch it */
			continue;
		}
		size_t from = i > 30 ? i - 30 : 0, to = i + 30 < n ? i + 30 : n;
		buf_printf(r, "  %s has a terminal control character U+%04X at byte %zu: ...",
		           stream, cp, i);
		buf_add_visible(r, s + from, to - from);
		buf_adds(r, "...\n");
		return;
	}
}

static bool dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool empty = true;
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(d);
	return empty;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Empty DIR again after a case left files in it. */
static void clean_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct buf p = {0};
	for (struct dirent *e; (e = readdir(d));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p.len = 0;
		buf_printf(&p, "%s/%s", dir, e->d_name);
		nftw(p.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	closedir(d);
	buf_free(&p);
}

/* The file of a file-* or log-* check, absolute. */
static void check_path(const struct check *k, const struct env_base *base, struct buf *path)
{
	struct buf p = {0};
	expand_vars(k->path, &p);
	if (p.data[0] != '/')
		buf_printf(path, "%s/%s", base->testdir, p.data);
	else
		buf_adds(path, p.data);
	buf_free(&p);
}

/* Before the run: where each log check starts reading. */
static void mark_logs(struct tcase *c, const struct env_base *base)
{
	for (size_t i = 0; i < c->nchecks; i++) {
		struct check *k = &c->checks[i];
		if (k->kind != CK_LOG_CONTAINS && k->kind != CK_LOG_LACKS)
			continue;
		struct buf path = {0};
		struct stat st;
		check_path(k, base, &path);
		k->offset = stat(path.data, &st) == 0 ? (long long)st.st_size : 0;
		buf_free(&path);
	}
}

/* file-contains / file-lacks / log-*: the file is often a log that another
 * process (a test server) writes a moment after the tool has its answer, so
 * a missing text is looked for again for up to 1 second, and a forbidden one
 * only after 200 milliseconds. */
static void check_file(struct buf *r, const struct check *k, const struct env_base *base)
{
	struct buf path = {0}, text = {0};
	check_path(k, base, &path);
	bool log = k->kind == CK_LOG_CONTAINS || k->kind == CK_LOG_LACKS;
	bool want = k->kind == CK_FILE_CONTAINS || k->kind == CK_LOG_CONTAINS;
	bool found = false, readable = false;
	size_t skip = 0;
	long long until = now_ms() + (want ? 1000 : 200);
	for (;;) {
		if (!want && now_ms() < until) {
			struct timespec ts = {0, 50 * 1000000L};
			nanosleep(&ts, NULL);
			continue;
		}
		text.len = 0;
		readable = read_file(path.data, &text);
		/* a log: only what the case appended (all of it if it was emptied) */
		skip = log && (unsigned long long)k->offset <= text.len ? (size_t)k->offset : 0;
		found = readable && contains(text.data + skip, text.len - skip, &k->value);
		if (!want || found || now_ms() >= until)
			break;
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	if (!readable) {
		buf_printf(r, "  line %u: cannot read %s: %s\n", k->src_line, path.data,
		           strerror(errno));
	} else if (found != want) {
		buf_printf(r, "  line %u: %s%s %s \"", k->src_line, path.data,
		           log ? " (the part written during the case)" : "",
		           want ? "lacks" : "contains");
		buf_add_visible(r, k->value.data, k->value.len);
		buf_adds(r, "\"\n");
		if (!want) {
			/* show the lines that hold it */
			const char *p = text.data + skip, *end = text.data + text.len;
			int shown = 0;
			while (p < end && shown < 5) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
				struct buf line = {0};
				buf_add(&line, p, n);
				if (contains(line.data, line.len, &k->value)) {
					buf_adds(r, "      | ");
					buf_add_visible(r, p,
					                n > SHOW_LINE_BYTES ? SHOW_LINE_BYTES : n);
					buf_addc(r, '\n');
					shown++;
				}
				buf_free(&line);
				p += n + 1;
			}
		}
	}
	buf_free(&path);
	buf_free(&text);
}

/* Everything the case expects; returns the explanation, empty when ok. */
static void judge(const struct tcase *c, const struct outcome *o, const struct env_base *base,
                  struct buf *r)
{
	if (o->setup_error.len) {
		buf_printf(r, "  runner: %s\n", o->setup_error.data);
		return;
	}
	if (o->timed_out)
		buf_printf(r, "  timed out after %d seconds and was killed\n", TIMEOUT_SECONDS);
	else if (o->signal && o->status != c->exit_code)
		buf_printf(r, "  killed by signal %d (exit %d expected)\n", o->signal,
		           c->exit_code);
	else if (o->status != c->exit_code)
		buf_printf(r, "  exit status %d, expected %d\n", o->status, c->exit_code);
	/* a wrapper such as valgrind makes every run slow: deadlines are for
	 * the plain runs */
	if (c->max_ms >= 0 && !o->timed_out && o->elapsed_ms > c->max_ms &&
	    !getenv("MAILCFG_TEST_WRAPPER"))
		buf_printf(r, "  took %lld.%03lld seconds, at most %lld.%03lld expected\n",
		           o->elapsed_ms / 1000, o->elapsed_ms % 1000, c->max_ms / 1000,
		           c->max_ms % 1000);
	if (o->out_total > o->out.len || o->err_total > o->err.len)
		buf_printf(r, "  output larger than %u bytes; only the start was kept\n", KEEP_MAX);
	if (c->has_stdout && (o->out.len != c->want_out.len ||
	                      memcmp(o->out.data, buf_str(&c->want_out), o->out.len) != 0))
		diff(r, "stdout", &c->want_out, o->out.data, o->out.len);
	if (c->has_stderr && (o->err.len != c->want_err.len ||
	                      memcmp(o->err.data, buf_str(&c->want_err), o->err.len) != 0))
		diff(r, "stderr", &c->want_err, o->err.data, o->err.len);
	bool shown_out = false, shown_err = false;
	for (size_t i = 0; i < c->nchecks; i++) {
		const struct check *k = &c->checks[i];
		bool out = k->kind == CK_STDOUT_CONTAINS || k->kind == CK_STDOUT_LACKS;
		bool want = k->kind == CK_STDOUT_CONTAINS || k->kind == CK_STDERR_CONTAINS;
		if (k->kind >= CK_FILE_CONTAINS) {
			check_file(r, k, base);
			continue;
		}
		if (k->kind >= CK_JSON_CHECK) {
			check_json(r, k, o);
			continue;
		}
		if (k->kind == CK_STDOUT_MATCHES || k->kind == CK_STDERR_MATCHES) {
			bool mout = k->kind == CK_STDOUT_MATCHES;
			const struct buf *b = mout ? &o->out : &o->err;
			regex_t re;
			if (regcomp(&re, k->value.data, REG_EXTENDED | REG_NEWLINE | REG_NOSUB) !=
			    0)
				continue; /* reported when the file was read */
			bool hit = regexec(&re, buf_str(b), 0, NULL, 0) == 0;
			regfree(&re);
			if (hit)
				continue;
			buf_printf(r, "  line %u: no line of %s matches /", k->src_line,
			           mout ? "stdout" : "stderr");
			buf_add_visible(r, k->value.data, k->value.len);
			buf_adds(r, "/\n");
			bool *shown = mout ? &shown_out : &shown_err;
			if (!*shown)
				show_text(r, mout ? "actual stdout" : "actual stderr", b->data,
				          b->len);
			*shown = true;
			continue;
		}
		const struct buf *b = out ? &o->out : &o->err;
		if (contains(b->data, b->len, &k->value) == want)
			continue;
		buf_printf(r, "  line %u: %s %s \"", k->src_line, out ? "stdout" : "stderr",
		           want ? "lacks" : "contains");
		buf_add_visible(r, k->value.data, k->value.len);
		buf_adds(r, "\"\n");
		bool *shown = out ? &shown_out : &shown_err;
		if (!*shown)
			show_text(r, out ? "actual stdout" : "actual stderr", b->data, b->len);
		*shown = true;
	}
	if (c->ndjson >= 0)
		check_ndjson(r, c->ndjson, o);
	if (c->json_doc) {
		struct buf why = {0};
		cJSON *j = parse_json(o->out.data, o->out.len, &why);
		bool array = strcmp(c->json_doc, "array") == 0;
		if (!j)
			buf_printf(r, "  json-doc: stdout is %s\n", why.data);
		else if (array ? !cJSON_IsArray(j) : !cJSON_IsObject(j))
			buf_printf(r, "  json-doc: stdout is a %s, expected a %s\n",
			           json_type_name(j), c->json_doc);
		else if (duplicate_key(j))
			buf_printf(r, "  json-doc: key \"%s\" appears twice\n", duplicate_key(j));
		cJSON_Delete(j);
		buf_free(&why);
	}
	if (c->max_bytes >= 0 && (long long)o->out_total > c->max_bytes)
		buf_printf(r, "  stdout has %zu bytes, at most %lld expected\n", o->out_total,
		           c->max_bytes);
	if (c->stdout_lines >= 0 &&
	    count_lines(o->out.data, o->out.len) != (size_t)c->stdout_lines) {
		buf_printf(r, "  stdout has %zu lines, expected %ld\n",
		           count_lines(o->out.data, o->out.len), c->stdout_lines);
		if (!shown_out)
			show_text(r, "actual stdout", o->out.data, o->out.len);
	}
	if (c->stderr_lines >= 0 &&
	    count_lines(o->err.data, o->err.len) != (size_t)c->stderr_lines) {
		buf_printf(r, "  stderr has %zu lines, expected %ld\n",
		           count_lines(o->err.data, o->err.len), c->stderr_lines);
		if (!shown_err)
			show_text(r, "actual stderr", o->err.data, o->err.len);
		shown_err = true;
	}
	if (c->no_escape) {
		check_escapes(r, "stdout", o->out.data, o->out.len);
		check_escapes(r, "stderr", o->err.data, o->err.len);
	}
	/* a lookup tool has no business writing files */
	const char *dirs[2] = {base->home, base->xdg};
	for (int i = 0; i < 2; i++)
		if (!dir_is_empty(dirs[i])) {
			buf_printf(r, "  the tool created files in %s\n",
			           i ? "XDG_CONFIG_HOME" : "HOME");
			clean_dir(dirs[i]);
		}
	if (r->len && !c->has_stderr && o->err.len && !shown_err)
		show_text(r, "stderr", o->err.data, o->err.len);
}

/* ---- main -------------------------------------------------------------------- */

static char *dirname_abs(const char *file)
{
	char *abs = realpath(file, NULL);
	if (!abs)
		return NULL;
	char *slash = strrchr(abs, '/');
	if (slash == abs)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	return abs;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: runner MAILCFG_BINARY FILE.test...\n", stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN); /* a tool that stops reading stdin is not our failure */
	/* MAILCFG_TEST_PROGRAM: another build of the tool in its place; CI runs
	 * the cases under valgrind with the dynamically linked mailcfg-full,
	 * whose allocations valgrind can follow (it cannot in a static one) */
	const char *program = getenv("MAILCFG_TEST_PROGRAM");
	if (!program || !program[0])
		program = argv[1];
	char *binary = realpath(program, NULL);
	if (!binary || access(binary, X_OK) != 0) {
		fprintf(stderr, "runner: %s is not an executable file\n", program);
		free(binary);
		return 2;
	}
	const char *tmp = getenv("TMPDIR");
	struct buf root = {0};
	buf_printf(&root, "%s/mailcfg-cli-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (!mkdtemp(root.data)) {
		fprintf(stderr, "runner: cannot create a temporary folder: %s\n", strerror(errno));
		free(binary);
		buf_free(&root);
		return 2;
	}
	struct buf home = {0}, xdg = {0};
	buf_printf(&home, "%s/home", root.data);
	buf_printf(&xdg, "%s/xdg-config", root.data);
	if (mkdir(home.data, 0700) != 0 || mkdir(xdg.data, 0700) != 0) {
		fprintf(stderr, "runner: cannot create %s: %s\n", home.data, strerror(errno));
		return 2;
	}

	size_t passed = 0, failed = 0;
	for (int f = 2; f < argc; f++) {
		struct buf text = {0};
		struct testfile tf = {0};
		char *testdir = dirname_abs(argv[f]);
		if (!testdir || !read_file(argv[f], &text)) {
			printf("FAIL %s\n  cannot read the test file: %s\n", argv[f],
			       strerror(errno));
			failed++;
			free(testdir);
			buf_free(&text);
			continue;
		}
		parse_testfile(argv[f], &text, &tf);
		buf_free(&text);
		if (tf.error.len) {
			printf("FAIL %s (test file)\n%s", argv[f], tf.error.data);
			failed++;
		}
		struct env_base base = {home.data, xdg.data, testdir};
		for (size_t i = 0; i < tf.ncases; i++) {
			const struct tcase *c = &tf.cases[i];
			struct buf report = {0};
			buf_reserve(&report, 0);
			if (c->error.len) {
				buf_add(&report, c->error.data, c->error.len);
			} else {
				struct outcome o;
				mark_logs(&tf.cases[i], &base);
				run_case(c, binary, &base, &o);
				judge(c, &o, &base, &report);
				outcome_free(&o);
			}
			if (report.len == 0) {
				printf("ok %s\n", c->name);
				passed++;
			} else {
				printf("FAIL %s  (%s:%u)\n%s", c->name, argv[f], c->line,
				       report.data);
				failed++;
			}
			fflush(stdout);
			buf_free(&report);
		}
		testfile_free(&tf);
		free(testdir);
	}
	printf("%zu passed, %zu failed\n", passed, failed);

	clean_dir(root.data);
	rmdir(root.data);
	buf_free(&home);
	buf_free(&xdg);
	buf_free(&root);
	free(binary);
	return failed ? 1 : 0;
}
