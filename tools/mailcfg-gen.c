/* mailcfg-gen: the build-time compiler of the provider database.
 *
 *   mailcfg-gen --check FILE.json...        validate only
 *   mailcfg-gen -o builtin_data.c FILE.json...
 *
 * Validates every file with the same validator the run-time loader uses,
 * reports every problem as FILE:LINE: FIELD: MESSAGE, and only when there
 * are none writes C tables (see src/db/builtin.h) for the library. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/db/builtin.h"
#include "../src/db/domhash.h"
#include "../src/db/validate.h"
#include "../src/util/file.h"
#include "../src/util/text.h"
#include "sha256.h"
#ifdef MC_GEN_AUTOCONFIG
#include <dirent.h>

#include "../src/sources/sources.h"
#include "../src/util/text.h"
#endif

#define MAX_FILE_SIZE ((size_t)1024 * 1024)

static void print_diag(void *ud, const char *file, unsigned line, const char *field,
                       const char *msg)
{
	(void)ud;
	fprintf(stderr, "%s:%u: %s: %s\n", file, line, field, msg);
}

/* ---- string pool with interning ---- */

struct pool {
	char *data;
	size_t len, cap;
	uint32_t *slots; /* offset + 1, 0 = empty */
	size_t nslots, used;
};

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fprintf(stderr, "mailcfg-gen: out of memory\n");
		exit(2);
	}
	return q;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p) {
		fprintf(stderr, "mailcfg-gen: out of memory\n");
		exit(2);
	}
	return p;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void pool_grow_slots(struct pool *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 1024;
	uint32_t *slots = calloc(n, sizeof *slots);
	if (!slots) {
		fprintf(stderr, "mailcfg-gen: out of memory\n");
		exit(2);
	}
	for (size_t i = 0; i < p->nslots; i++) {
		if (!p->slots[i])
			continue;
		size_t j = hash(p->data + p->slots[i] - 1) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = p->slots[i];
	}
	free(p->slots);
	p->slots = slots;
	p->nslots = n;
}

/* Offset of S in the pool; NULL gives 0, the empty string at the start. */
static uint32_t intern(struct pool *p, const char *s)
{
	if (!s || !*s)
		return 0;
	if (p->used * 2 >= p->nslots)
		pool_grow_slots(p);
	size_t j = hash(s) & (p->nslots - 1);
	while (p->slots[j]) {
		if (strcmp(p->data + p->slots[j] - 1, s) == 0)
			return p->slots[j] - 1;
		j = (j + 1) & (p->nslots - 1);
	}
	size_t n = strlen(s) + 1;
	if (p->len + n > p->cap) {
		p->cap = (p->len + n) * 2;
		p->data = xrealloc(p->data, p->cap);
	}
	uint32_t off = (uint32_t)p->len;
	memcpy(p->data + p->len, s, n);
	p->len += n;
	p->slots[j] = off + 1;
	p->used++;
	return off;
}

/* ---- collection ---- */

struct key {
	const char *text; /* for sorting */
	uint32_t off;
	uint16_t provider;
};

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->text, ((const struct key *)b)->text);
}

static int provider_cmp(const void *a, const void *b)
{
	const struct mc_provider *const *x = a, *const *y = b;
	return strcmp((*x)->id, (*y)->id);
}

static struct mc_provider *const *g_sorted;
static size_t g_count;

static int find_index(const char *id)
{
	for (size_t i = 0; i < g_count; i++)
		if (strcmp(g_sorted[i]->id, id) == 0)
			return (int)i;
	return -1;
}

/* ---- output ---- */

static void emit_string_pool(FILE *f, const struct pool *p)
{
	fputs("const char mc_builtin_strings[] =\n\t\"", f);
	size_t col = 0;
	for (size_t i = 0; i < p->len; i++) {
		unsigned char c = (unsigned char)p->data[i];
		if (c == 0) {
			/* one literal per string keeps octal escapes unambiguous */
			fputs(i + 1 < p->len ? "\\000\"\n\t\"" : "", f);
			col = 0;
			continue;
		}
		if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '?')
			col += (size_t)fprintf(f, "\\%03o", c);
		else
			col += (size_t)fprintf(f, "%c", c);
		if (col > 70) {
			fputs("\"\n\t\"", f);
			col = 0;
		}
	}
	fputs("\";\n\n", f);
}

static void emit_keys(FILE *f, const char *name, struct key *k, size_t n)
{
	qsort(k, n, sizeof *k, key_cmp);
	fprintf(f, "const struct mc_bkey %s[] = {\n", name);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "\t{%u, %u}, /* %s */\n", k[i].off, k[i].provider, k[i].text);
	fprintf(f, "\t{0, MC_NO_PROVIDER},\n};\n\n");
}

/* The hash index over the sorted domain table K (see domhash.h): at most
 * half full, so a miss ends after a probe or two. */
static void emit_domain_slots(FILE *f, const struct key *k, size_t n)
{
	if (n >= 0xFFFF) {
		fprintf(stderr, "mailcfg-gen: more than 65534 domains do not fit the index\n");
		exit(2);
	}
	size_t size = 16;
	while (size < 2 * n)
		size *= 2;
	uint16_t *slots = calloc(size, sizeof *slots);
	if (!slots) {
		fprintf(stderr, "mailcfg-gen: out of memory\n");
		exit(2);
	}
	for (size_t i = 0; i < n; i++) {
		size_t j = mc_domain_hash(k[i].text, strlen(k[i].text)) & (size - 1);
		while (slots[j])
			j = (j + 1) & (size - 1);
		slots[j] = (uint16_t)(i + 1);
	}
	fprintf(f, "const uint32_t mc_builtin_domain_slot_mask = %zu;\n", size - 1);
	fputs("const uint16_t mc_builtin_domain_slots[] = {", f);
	for (size_t i = 0; i < size; i++)
		fprintf(f, "%s%u,", i % 16 ? " " : "\n\t", slots[i]);
	fputs("\n};\n\n", f);
	free(slots);
}

static int generate(const char *out, struct mc_provider **ps, size_t n, const char *sha)
{
	struct pool pool = {0};
	pool.cap = 4096;
	pool.data = xrealloc(NULL, pool.cap);
	pool.data[0] = '\0';
	pool.len = 1;

	qsort(ps, n, sizeof *ps, provider_cmp);
	g_sorted = ps;
	g_count = n;

	size_t ndom = 0, npat = 0, nname = 0, nmx = 0;
	for (size_t i = 0; i < n; i++) {
		ndom += ps[i]->domains.count;
		npat += ps[i]->patterns.count;
		nmx += ps[i]->mx.count;
		nname += ps[i]->aliases.count + 2;
	}
	/* opened first: a failure here leaves nothing to free */
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", out);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		perror(tmp);
		free(pool.data);
		return 2;
	}
	struct key *dom = xcalloc(ndom + 1, sizeof *dom);
	struct key *pat = xcalloc(npat + 1, sizeof *pat);
	struct key *mxh = xcalloc(nmx + 1, sizeof *mxh), *mxs = xcalloc(nmx + 1, sizeof *mxs);
	struct key *names = xcalloc(nname + 1, sizeof *names);
	char(*namekeys)[256] = xcalloc(nname + 1, sizeof *namekeys);
	fprintf(f,
	        "/* Generated by mailcfg-gen from data/providers: do not edit.\n"
	        " * %zu providers, %zu domains; data sha256 %s */\n"
	        "#include \"builtin.h\"\n\n",
	        n, ndom, sha);

	/* Intern in a fixed order so the output is reproducible. */
	fputs("const struct mc_bprovider mc_builtin_providers[] = {\n", f);
	size_t si = 0, ni = 0, ri = 0, di = 0, pi = 0, ki = 0, xh = 0, xs = 0, unverified = 0;
	const char *oldest = NULL, *newest = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct mc_provider *p = ps[i];
		int succ = p->successor ? find_index(p->successor) : -1;
		/* one statement per intern: argument order is unspecified in C, and
		 * the pool must come out the same on every compiler */
		uint32_t o_id = intern(&pool, p->id);
		uint32_t o_name = intern(&pool, p->name);
		uint32_t o_doc = intern(&pool, p->documentation);
		uint32_t o_ver = intern(&pool, p->verified);
		fprintf(f,
		        "\t{%u, %u, %u, %u, %u, %zu, %zu, %zu, %zu, %zu, %zu, %zu, %d}, /* %s */\n",
		        o_id, o_name, o_doc, o_ver, succ < 0 ? MC_NO_PROVIDER : (unsigned)succ, si,
		        ni, ri, p->domains.count, p->server_count, p->note_count, p->sources.count,
		        (int)p->status, p->id);
		si += p->server_count;
		ni += p->note_count;
		ri += p->sources.count;
		if (!p->verified[0])
			unverified++;
		else {
			if (!oldest || strcmp(p->verified, oldest) < 0)
				oldest = p->verified;
			if (!newest || strcmp(p->verified, newest) > 0)
				newest = p->verified;
		}
		for (size_t k = 0; k < p->domains.count; k++)
			dom[di++] = (struct key){p->domains.items[k],
			                         intern(&pool, p->domains.items[k]), (uint16_t)i};
		for (size_t k = 0; k < p->patterns.count; k++) {
			const char *suffix = p->patterns.items[k] + 2;
			pat[pi++] = (struct key){suffix, intern(&pool, suffix), (uint16_t)i};
		}
		for (size_t k = 0; k < p->mx.count; k++) {
			const char *m = p->mx.items[k];
			if (strncmp(m, "*.", 2) == 0)
				mxs[xs++] = (struct key){m + 2, intern(&pool, m + 2), (uint16_t)i};
			else
				mxh[xh++] = (struct key){m, intern(&pool, m), (uint16_t)i};
		}
		struct mc_name found[MC_MAX_NAMES];
		size_t count = p->extra_layer ? 0 : mc_provider_names(p, found);
		for (size_t k = 0; k < count; k++) {
			memcpy(namekeys[ki], found[k].key, sizeof namekeys[ki]);
			names[ki] =
			    (struct key){namekeys[ki], intern(&pool, namekeys[ki]), (uint16_t)i};
			ki++;
		}
	}
	fputs("\t{0, 0, 0, 0, MC_NO_PROVIDER, 0, 0, 0, 0, 0, 0, 0, 0},\n};\n\n", f);

	fputs("const struct mc_bserver mc_builtin_servers[] = {\n", f);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ps[i]->server_count; k++) {
			const struct mc_mserver *s = &ps[i]->servers[k];
			uint32_t o_host = intern(&pool, s->host);
			uint32_t o_user = intern(&pool, s->username);
			uint32_t o_ren = intern(&pool, s->rule_en);
			uint32_t o_rde = intern(&pool, s->rule_de);
			fprintf(f, "\t{%u, %u, %u, %u, %u, %d, %d, %u, %d},\n", o_host, o_user,
			        o_ren, o_rde, s->port, (int)s->protocol, (int)s->encryption,
			        s->auth, s->unusual);
		}
	fputs("\t{0, 0, 0, 0, 0, 0, 0, 0, 0},\n};\n\n", f);

	fputs("const struct mc_bnote mc_builtin_notes[] = {\n", f);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ps[i]->note_count; k++) {
			const struct mc_mnote *no = &ps[i]->notes[k];
			uint32_t o_en = intern(&pool, no->en);
			uint32_t o_de = intern(&pool, no->de);
			uint32_t o_url = intern(&pool, no->url);
			fprintf(f, "\t{%u, %u, %u, %d},\n", o_en, o_de, o_url, (int)no->kind);
		}
	fputs("\t{0, 0, 0, 0},\n};\n\n", f);

	fputs("const uint32_t mc_builtin_sources[] = {\n", f);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ps[i]->sources.count; k++)
			fprintf(f, "\t%u,\n", intern(&pool, ps[i]->sources.items[k]));
	fputs("\t0,\n};\n\n", f);

	emit_keys(f, "mc_builtin_domains", dom, di);
	emit_domain_slots(f, dom, di);
	emit_keys(f, "mc_builtin_patterns", pat, pi);
	emit_keys(f, "mc_builtin_names", names, ki);
	emit_keys(f, "mc_builtin_mx_hosts", mxh, xh);
	emit_keys(f, "mc_builtin_mx_suffixes", mxs, xs);

	fprintf(f,
	        "const struct mc_binfo mc_builtin_info = {%zu, %zu, %zu, %zu, %zu, %zu, %zu, "
	        "\"%s\", \"%s\", \"%s\"};\n\n",
	        n, di, pi, ki, xh, xs, unverified, oldest ? oldest : "", newest ? newest : "", sha);
	emit_string_pool(f, &pool);

	int rc = 0;
	if (ferror(f) | fclose(f)) {
		perror(tmp);
		rc = 2;
	} else if (rename(tmp, out) != 0) {
		perror(out);
		rc = 2;
	}
	free(dom);
	free(pat);
	free(mxh);
	free(mxs);
	free(names);
	free(namekeys);
	free(pool.data);
	free(pool.slots);
	return rc;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *base(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static int base_cmp(const void *a, const void *b)
{
	int c = strcmp(base(*(const char *const *)a), base(*(const char *const *)b));
	return c ? c : path_cmp(a, b);
}

#ifdef MC_GEN_AUTOCONFIG
static int name_sort(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool claimed(struct mc_provider **ps, size_t n, const char *domain)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ps[i]->domains.count; k++)
			if (strcmp(ps[i]->domains.items[k], domain) == 0)
				return true;
	return false;
}

/* Autoconfig files of DIR (for example a checkout of the public ISPDB) as
 * a layer below the curated data: only domains nobody else claims, each
 * entry marked unverified. Returns the new count of providers. */
static size_t add_autoconfig_dir(const char *dir, struct mc_provider ***ps, size_t n,
                                 struct sha256 *sum)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		fprintf(stderr, "mailcfg-gen: %s: cannot open the autoconfig folder\n", dir);
		exit(1);
	}
	static char *names[20000]; /* a build tool: one call per run */
	size_t count = 0;
	for (struct dirent *e; (e = readdir(dh)) && count < 20000;)
		if (e->d_name[0] != '.')
			names[count++] = strdup(e->d_name);
	closedir(dh);
	qsort(names, count, sizeof *names, name_sort);
	size_t added = 0, skipped = 0;
	for (size_t i = 0; i < count; i++) {
		char path[4096], *xml, why[256];
		size_t len;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (!names[i] ||
		    mc_read_file(path, MC_MAX_BODY, &xml, &len, why, sizeof why) != 0) {
			skipped++;
			free(names[i]);
			continue;
		}
		sha256_update(sum, names[i], strlen(names[i]) + 1);
		sha256_update(sum, xml, len);
		struct mc_provider *m =
		    mc_autoconfig_parse(xml, len, names[i], names[i], why, sizeof why);
		free(xml);
		if (!m) {
			fprintf(stderr, "mailcfg-gen: %s: skipped: %s\n", path, why);
			skipped++;
			free(names[i]);
			continue;
		}
		/* only what nobody claims, so the curated data always wins */
		size_t keep = 0;
		for (size_t k = 0; k < m->domains.count; k++) {
			if (claimed(*ps, n, m->domains.items[k]))
				free(m->domains.items[k]);
			else
				m->domains.items[keep++] = m->domains.items[k];
		}
		m->domains.count = keep;
		char id[64], base[41];
		mc_id_from_domain(keep ? m->domains.items[0] : names[i], base, sizeof base);
		snprintf(id, sizeof id, "ac-%.37s", base);
		bool taken = false;
		for (size_t k = 0; k < n; k++)
			taken |= strcmp((*ps)[k]->id, id) == 0;
		struct mc_mnote *note =
		    m->note_count < MC_MAX_NOTES ? &m->notes[m->note_count] : NULL;
		if (keep == 0 || taken || !note) {
			mc_provider_free(m);
			skipped++;
			free(names[i]);
			continue;
		}
		m->note_count++;
		note->kind = MAILCFG_NOTE_UNCERTAIN;
		note->en = strdup("From an autoconfig file compiled in at build time; not "
		                  "checked by the mailcfg project.");
		note->de = strdup("Aus einer beim Bau eingebundenen Autoconfig-Datei; vom "
		                  "mailcfg-Projekt nicht geprüft.");
		free(m->id);
		m->id = strdup(id);
		m->extra_layer = true;
		struct mc_provider **grown = realloc(*ps, (n + 1) * sizeof **ps);
		if (!grown || !m->id || !note->en || !note->de) {
			fprintf(stderr, "mailcfg-gen: out of memory\n");
			exit(2);
		}
		*ps = grown;
		(*ps)[n++] = m;
		added++;
		free(names[i]);
	}
	fprintf(stderr, "mailcfg-gen: %s: %zu autoconfig files added, %zu skipped\n", dir, added,
	        skipped);
	return n;
}
#endif

int main(int argc, char **argv)
{
	const char *out = NULL, *autoconfig_dir = NULL;
	bool check_only = false;
	int first = 1;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--check") == 0) {
			check_only = true;
		} else if (strcmp(argv[first], "-o") == 0 && first + 1 < argc) {
			out = argv[++first];
#ifdef MC_GEN_AUTOCONFIG
		} else if (strcmp(argv[first], "--autoconfig-dir") == 0 && first + 1 < argc) {
			autoconfig_dir = argv[++first];
#endif
		} else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else {
			fprintf(stderr, "usage: mailcfg-gen [--check | -o OUT.c] FILE.json...\n");
			return 2;
		}
	}
	if ((!out && !check_only) || first >= argc) {
		fprintf(stderr, "usage: mailcfg-gen [--check | -o OUT.c] FILE.json...\n");
		return 2;
	}
	size_t nfiles = (size_t)(argc - first);
	const char **files = (const char **)(argv + first);
	/* by file name, so the checksum and the tables do not depend on the
	 * order the build system lists the files in */
	qsort(files, nfiles, sizeof *files, base_cmp);

	struct mc_diag d = {print_diag, NULL, 0, false};
	struct mc_provider **ps = calloc(nfiles, sizeof *ps);
	if (!ps)
		return 2;
	size_t n = 0;
	struct sha256 sum;
	sha256_init(&sum);
	for (size_t i = 0; i < nfiles; i++) {
		char *text, why[256];
		size_t len;
		if (mc_read_file(files[i], MAX_FILE_SIZE, &text, &len, why, sizeof why) != 0) {
			mc_diag_report(&d, files[i], 0, "(file)", "cannot read: %s", why);
			continue;
		}
		sha256_update(&sum, base(files[i]), strlen(base(files[i])) + 1);
		sha256_update(&sum, text, len);
		struct mc_provider *p = mc_validate_file(files[i], text, len, &d);
		free(text);
		if (p)
			ps[n++] = p;
	}
	mc_validate_set(ps, n, NULL, NULL, NULL, &d);
	if (n > MC_NO_PROVIDER - 1)
		mc_diag_report(&d, "(data)", 0, "(set)", "more than %u providers",
		               MC_NO_PROVIDER - 1);

	int rc = 0;
	if (d.errors) {
		fprintf(stderr, "mailcfg-gen: %u problem%s in the provider data; nothing written\n",
		        d.errors, d.errors == 1 ? "" : "s");
		rc = 1;
	} else if (!check_only) {
#ifdef MC_GEN_AUTOCONFIG
		if (autoconfig_dir)
			n = add_autoconfig_dir(autoconfig_dir, &ps, n, &sum);
#else
		(void)autoconfig_dir;
#endif
		char hex[65];
		sha256_hex(&sum, hex);
		rc = generate(out, ps, n, hex);
	}
	for (size_t i = 0; i < n; i++)
		mc_provider_free(ps[i]);
	free(ps);
	return rc;
}
