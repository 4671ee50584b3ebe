/* mailcfg-po: compile the message catalogue (po/mailcfg.pot and po/LL.po,
 * standard gettext files) into constant C tables at build time.
 *
 *   mailcfg-po -o catalog_data.c po/mailcfg.pot po/de.po [po/fr.po ...]
 *
 * Why not gettext at run time: glibc's gettext translates only under an
 * installed locale (a fresh Debian machine has no de_DE.UTF-8, so German
 * would silently not appear), and it opens .mo files at start-up. The
 * tables cost no file I/O and no locale; a new language is still only a
 * .po file, because the build passes every po/LL.po here.
 *
 * The template lists every message (msgctxt + msgid); a language file may
 * lack some (they fall back to English), but a translation whose %
 * directives differ from its msgid's stops the build: the formatter at run
 * time must never see an argument that is not there. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *ctxt; /* NULL: none */
	char *id;
	char *str;
	bool fuzzy, obsolete;
	unsigned line;
};

struct file {
	const char *path;
	struct entry *e;
	size_t n, cap;
};

static int errors;

static void fail(const char *path, unsigned line, const char *msg, const char *detail)
{
	fprintf(stderr, "mailcfg-po: %s:%u: %s%s%s\n", path, line, msg, detail ? ": " : "",
	        detail ? detail : "");
	errors++;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("mailcfg-po: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

/* Append the C-escaped string literal at S (after the opening quote) to
 * *OUT; false on a malformed literal. */
static bool append_literal(const char *s, char **out, size_t *len)
{
	size_t cap = *len + strlen(s) + 1;
	*out = xrealloc(*out, cap);
	for (; *s && *s != '"'; s++) {
		char c = *s;
		if (c == '\\') {
			s++;
			switch (*s) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '"': c = '"'; break;
			case '\\': c = '\\'; break;
			default: return false;
			}
		}
		(*out)[(*len)++] = c;
	}
	(*out)[*len] = '\0';
	if (*s != '"')
		return false;
	for (s++; *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'; s++)
		;
	return *s == '\0';
}

static struct entry *new_entry(struct file *f, unsigned line)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->e = xrealloc(f->e, f->cap * sizeof *f->e);
	}
	struct entry *e = &f->e[f->n++];
	memset(e, 0, sizeof *e);
	e->line = line;
	return e;
}

/* Read a PO file: msgctxt, msgid, msgstr with continuation lines, the
 * fuzzy flag, obsolete (#~) entries. Plural forms are not used here. */
static bool read_po(struct file *f)
{
	FILE *in = fopen(f->path, "r");
	if (!in) {
		fprintf(stderr, "mailcfg-po: cannot read %s: %s\n", f->path, strerror(errno));
		errors++;
		return false;
	}
	char buf[8192];
	unsigned line = 0;
	struct entry *cur = NULL;
	char **field = NULL;
	size_t field_len = 0;
	bool fuzzy = false, seen_str = false;
	while (fgets(buf, sizeof buf, in)) {
		line++;
		if (!strchr(buf, '\n') && !feof(in)) {
			fail(f->path, line, "line too long", NULL);
			break;
		}
		char *p = buf;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n' || *p == '\r' || *p == '\0') {
			cur = NULL;
			field = NULL;
			continue;
		}
		if (p[0] == '#') {
			if (p[1] == '~') { /* obsolete: kept by msgmerge, never used */
				if (!cur || seen_str) {
					cur = new_entry(f, line);
					seen_str = false;
				}
				cur->obsolete = true;
				fuzzy = false;
				field = NULL;
			} else if (p[1] == ',') {
				if (cur && seen_str)
					cur = NULL;
				fuzzy |= strstr(p, "fuzzy") != NULL;
			}
			continue;
		}
		const char *kw = NULL;
		char **target = NULL;
		if (strncmp(p, "msgctxt ", 8) == 0 || strncmp(p, "msgid ", 6) == 0) {
			if (!cur || seen_str) {
				cur = new_entry(f, line);
				cur->fuzzy = fuzzy;
				fuzzy = false;
				seen_str = false;
			}
			kw = p[3] == 'c' ? "msgctxt " : "msgid ";
			target = p[3] == 'c' ? &cur->ctxt : &cur->id;
		} else if (strncmp(p, "msgstr ", 7) == 0) {
			if (!cur || !cur->id) {
				fail(f->path, line, "msgstr without msgid", NULL);
				continue;
			}
			kw = "msgstr ";
			target = &cur->str;
			seen_str = true;
		} else if (strncmp(p, "msgid_plural", 12) == 0 || strncmp(p, "msgstr[", 7) == 0) {
			fail(f->path, line, "plural forms are not supported by the catalogue",
			     NULL);
			continue;
		} else if (p[0] == '"') {
			if (!field) {
				fail(f->path, line, "a string outside an entry", NULL);
				continue;
			}
			if (!append_literal(p + 1, field, &field_len))
				fail(f->path, line, "malformed string", NULL);
			continue;
		} else {
			fail(f->path, line, "unknown line", NULL);
			continue;
		}
		p += strlen(kw);
		if (*target) {
			fail(f->path, line, "repeated keyword", kw);
			continue;
		}
		field = target;
		field_len = 0;
		*field = xrealloc(NULL, 1);
		**field = '\0';
		if (*p != '"' || !append_literal(p + 1, field, &field_len))
			fail(f->path, line, "malformed string", NULL);
	}
	fclose(in);
	return true;
}

/* The % directives of a message: %% literal, %s in order, or %N$s (N 1..9),
 * never both kinds. MASK gets a bit per argument used; false when a
 * directive is of another kind. */
static bool directives(const char *s, unsigned *mask)
{
	unsigned seq = 0;
	bool positional = false;
	*mask = 0;
	for (; *s; s++) {
		if (*s != '%')
			continue;
		s++;
		if (*s == '%')
			continue;
		if (*s == 's') {
			if (positional || seq >= 9)
				return false;
			*mask |= 1u << seq++;
		} else if (*s >= '1' && *s <= '9' && s[1] == '$' && s[2] == 's') {
			if (seq)
				return false;
			positional = true;
			*mask |= 1u << (*s - '1');
			s += 2;
		} else {
			return false;
		}
	}
	return true;
}

static const char *key_ctxt(const struct entry *e)
{
	return e->ctxt ? e->ctxt : "";
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(key_ctxt(x), key_ctxt(y));
	return c ? c : strcmp(x->id, y->id);
}

static void put_c_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("NULL", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\%03o", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* "de" from "po/de.po"; false unless it looks like ll or ll_CC. */
static bool lang_code(const char *path, char *code, size_t size)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n < 5 || strcmp(base + n - 3, ".po") != 0 || n - 3 >= size)
		return false;
	memcpy(code, base, n - 3);
	code[n - 3] = '\0';
	size_t i = 0;
	while (islower((unsigned char)code[i]))
		i++;
	if (i < 2 || i > 3)
		return false;
	if (code[i] == '\0')
		return true;
	return code[i] == '_' && isupper((unsigned char)code[i + 1]) &&
	       isupper((unsigned char)code[i + 2]) && code[i + 3] == '\0';
}

static const struct entry *find(const struct file *pot, const struct entry *key)
{
	return bsearch(key, pot->e, pot->n, sizeof *pot->e, cmp_entry);
}

/* Drop the header (msgid ""), obsolete and, in the template, empty entries. */
static void prune(struct file *f)
{
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct entry *e = &f->e[i];
		if (!e->obsolete && e->id && e->id[0]) {
			f->e[k++] = *e;
			continue;
		}
		free(e->ctxt);
		free(e->id);
		free(e->str);
	}
	f->n = k;
}

static void free_file(struct file *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->e[i].ctxt);
		free(f->e[i].id);
		free(f->e[i].str);
	}
	free(f->e);
}

/* Everything main allocates, freed in one place (LeakSanitizer runs the
 * build tools too). */
static struct file pot, *po;
static size_t nlang;
static char (*codes)[16];
static size_t *order;
static char **table;

static int finish(int rc)
{
	free_file(&pot);
	for (size_t l = 0; po && l < nlang; l++)
		free_file(&po[l]);
	free(po);
	free(codes);
	free(order);
	free(table);
	return rc;
}

int main(int argc, char **argv)
{
	const char *out_path = NULL;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out_path = argv[2];
		first = 3;
	}
	if (!out_path || argc - first < 1) {
		fputs("usage: mailcfg-po -o OUT.c TEMPLATE.pot [LL.po...]\n", stderr);
		return 2;
	}
	pot.path = argv[first];
	read_po(&pot);
	prune(&pot);
	qsort(pot.e, pot.n, sizeof *pot.e, cmp_entry);
	for (size_t i = 0; i < pot.n; i++) {
		unsigned m;
		if (i && cmp_entry(&pot.e[i - 1], &pot.e[i]) == 0)
			fail(pot.path, pot.e[i].line, "message listed twice", pot.e[i].id);
		if (!directives(pot.e[i].id, &m))
			fail(pot.path, pot.e[i].line, "only %s, %N$s and %% may appear",
			     pot.e[i].id);
	}

	nlang = (size_t)(argc - first - 1);
	po = calloc(nlang ? nlang : 1, sizeof *po);
	codes = calloc(nlang ? nlang : 1, sizeof *codes);
	if (!po || !codes)
		return finish(1);
	for (size_t l = 0; l < nlang; l++) {
		po[l].path = argv[first + 1 + (int)l];
		if (!lang_code(po[l].path, codes[l], sizeof codes[l]) ||
		    strcmp(codes[l], "en") == 0) {
			fail(po[l].path, 0,
			     "a language file is named LL.po or LL_CC.po, and not en.po (English "
			     "is the language of the msgids)",
			     NULL);
			continue;
		}
		read_po(&po[l]);
		prune(&po[l]);
	}
	if (errors)
		return finish(1);

	/* en is 0 and de is 1, the numbers of the public enum mailcfg_lang;
	 * further languages follow in the order given (CMake sorts them). */
	order = calloc(nlang + 1, sizeof *order);
	size_t norder = 0;
	if (!order)
		return finish(1);
	for (size_t l = 0; l < nlang; l++)
		if (strcmp(codes[l], "de") == 0)
			order[norder++] = l;
	if (norder != 1) {
		fputs("mailcfg-po: po/de.po is required: German has a fixed place in the public "
		      "enum mailcfg_lang\n",
		      stderr);
		return finish(1);
	}
	for (size_t l = 0; l < nlang; l++)
		if (strcmp(codes[l], "de") != 0)
			order[norder++] = l;

	table = calloc(pot.n + 1, sizeof *table);
	FILE *out = table ? fopen(out_path, "w") : NULL;
	if (!out) {
		fprintf(stderr, "mailcfg-po: cannot write %s\n", out_path);
		return finish(1);
	}
	fputs("/* Generated by tools/mailcfg-po.c from po/: do not edit. */\n"
	      "#include \"output/catalog.h\"\n\n"
	      "const struct mc_catalog_key mc_catalog_keys[] = {\n",
	      out);
	for (size_t i = 0; i < pot.n; i++) {
		fputs("    {", out);
		put_c_string(out, pot.e[i].ctxt);
		fputs(", ", out);
		put_c_string(out, pot.e[i].id);
		fputs("},\n", out);
	}
	fprintf(out, "};\nconst size_t mc_catalog_key_count = %zu;\n", pot.n);

	for (size_t k = 0; k < norder; k++) {
		struct file *f = &po[order[k]];
		memset(table, 0, pot.n * sizeof *table);
		size_t translated = 0;
		for (size_t i = 0; i < f->n; i++) {
			const struct entry *e = &f->e[i];
			const struct entry *key = find(&pot, e);
			if (!key) {
				fprintf(stderr,
				        "mailcfg-po: %s:%u: warning: not in the template (stale), "
				        "ignored: %s\n",
				        f->path, e->line, e->id);
				continue;
			}
			if (e->fuzzy || !e->str || !e->str[0])
				continue;
			unsigned want, got;
			directives(key->id, &want);
			if (!directives(e->str, &got) || got != want) {
				fail(f->path, e->line,
				     "the translation's % directives differ from the msgid's",
				     e->id);
				continue;
			}
			table[key - pot.e] = e->str;
			translated++;
		}
		fprintf(out, "\nstatic const char *const text_%s[] = { /* %zu of %zu */\n",
		        codes[order[k]], translated, pot.n);
		for (size_t i = 0; i < pot.n; i++) {
			fputs("    ", out);
			put_c_string(out, table[i]);
			fputs(",\n", out);
		}
		fputs("};\n", out);
	}
	fputs("\nconst struct mc_catalog_lang mc_catalog_langs[] = {\n    {\"en\", NULL},\n", out);
	for (size_t k = 0; k < norder; k++)
		fprintf(out, "    {\"%s\", text_%s},\n", codes[order[k]], codes[order[k]]);
	fprintf(out, "};\nconst size_t mc_catalog_lang_count = %zu;\n", norder + 1);
	if (fclose(out) != 0 || errors) {
		remove(out_path);
		return finish(1);
	}
	return finish(0);
}
