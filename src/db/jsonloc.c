/* Line numbers for diagnostics: walk raw JSON text along a path.
 * Only ever run on text that cJSON has already accepted, but written to stop
 * safely at the end of the text whatever it holds. */
#include <string.h>

#include "jsonloc.h"

struct scan {
	const char *s;
	size_t len;
	size_t pos;
};

unsigned mc_line_at(const char *text, size_t off)
{
	unsigned line = 1;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

static void skip_ws(struct scan *sc)
{
	while (sc->pos < sc->len && strchr(" \t\r\n", sc->s[sc->pos]) && sc->s[sc->pos])
		sc->pos++;
}

/* Skip a string starting at its opening quote; return start of contents. */
static size_t skip_string(struct scan *sc)
{
	size_t start = ++sc->pos;
	while (sc->pos < sc->len && sc->s[sc->pos] != '"') {
		if (sc->s[sc->pos] == '\\')
			sc->pos++;
		sc->pos++;
	}
	if (sc->pos < sc->len)
		sc->pos++;
	return start;
}

static void skip_value(struct scan *sc)
{
	skip_ws(sc);
	if (sc->pos >= sc->len)
		return;
	char c = sc->s[sc->pos];
	if (c == '"') {
		skip_string(sc);
	} else if (c == '{' || c == '[') {
		int depth = 0;
		while (sc->pos < sc->len) {
			c = sc->s[sc->pos];
			if (c == '"') {
				skip_string(sc);
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']')
				depth--;
			sc->pos++;
			if (depth == 0)
				return;
		}
	} else {
		while (sc->pos < sc->len && !strchr(",]} \t\r\n", sc->s[sc->pos]))
			sc->pos++;
	}
}

/* Position of the value at PATH, or of the deepest container reached. */
static size_t find(struct scan *sc, const struct mc_jstep *path, size_t depth)
{
	skip_ws(sc);
	size_t here = sc->pos;
	if (depth == 0 || sc->pos >= sc->len)
		return here;
	char open = sc->s[sc->pos];
	if ((open == '{') != (path->key != NULL) || (open != '{' && open != '['))
		return here;
	sc->pos++;
	size_t seen = 0; /* occurrences of the key so far: duplicates are found too */
	for (size_t i = 0;; i++) {
		skip_ws(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] == '}' || sc->s[sc->pos] == ']')
			return here;
		int match;
		if (open == '{') {
			size_t k = skip_string(sc);
			size_t klen = sc->pos - k - 1;
			match = strlen(path->key) == klen &&
			        memcmp(sc->s + k, path->key, klen) == 0 && seen++ == path->index;
			skip_ws(sc);
			if (sc->pos < sc->len && sc->s[sc->pos] == ':')
				sc->pos++;
		} else {
			match = i == path->index;
		}
		if (match)
			return find(sc, path + 1, depth - 1);
		skip_value(sc);
		skip_ws(sc);
		if (sc->pos < sc->len && sc->s[sc->pos] == ',')
			sc->pos++;
	}
}

unsigned mc_json_line(const char *text, size_t len, const struct mc_jstep *path, size_t depth)
{
	struct scan sc = {text, len, 0};
	size_t pos = find(&sc, path, depth);
	return mc_line_at(text, pos < len ? pos : len);
}
