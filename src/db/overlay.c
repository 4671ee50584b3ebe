/* The user's own providers: *.json files of the built-in format, read at run
 * time with cJSON and checked by the same validator as the built-in data.
 * A broken file is reported and skipped; everything else keeps working. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/internal.h"
#include "../util/file.h"
#include "../util/text.h"
#include "builtin.h"
#include "validate.h"

#define MAX_USER_FILE  ((size_t)1024 * 1024)
#define MAX_USER_FILES 10000

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ukey_sort(const void *a, const void *b)
{
	const struct mc_ukey *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	/* equal keys: the provider loaded first wins, and bsearch may land on
	 * any of them, so duplicates are removed after sorting */
	return c ? c : (x->provider < y->provider ? -1 : x->provider > y->provider);
}

static size_t dedupe(struct mc_ukey *k, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || strcmp(k[m - 1].key, k[i].key) != 0)
			k[m++] = k[i];
	return m;
}

/* Rebuild the sorted indexes over every user provider. */
static int reindex(mailcfg_ctx *ctx)
{
	size_t nd = 0, np = 0, nn = 0, nx = 0;
	for (size_t i = 0; i < ctx->user_count; i++) {
		nd += ctx->user[i]->domains.count;
		np += ctx->user[i]->patterns.count;
		nx += ctx->user[i]->mx.count;
		nn += ctx->user[i]->aliases.count + 2;
	}
	struct mc_ukey *d = calloc(nd + 1, sizeof *d), *p = calloc(np + 1, sizeof *p),
	               *n = calloc(nn + 1, sizeof *n);
	char(*keys)[256] = calloc(nn + 1, sizeof *keys);
	struct mc_ukey *xh = calloc(nx + 1, sizeof *xh), *xs = calloc(nx + 1, sizeof *xs);
	if (!d || !p || !n || !keys || !xh || !xs) {
		free(d);
		free(p);
		free(n);
		free(keys);
		free(xh);
		free(xs);
		return MAILCFG_ERR_NOMEM;
	}
	size_t nh = 0, ns = 0;
	nd = np = nn = 0;
	for (size_t i = 0; i < ctx->user_count; i++) {
		const struct mc_provider *pr = ctx->user[i];
		for (size_t k = 0; k < pr->domains.count; k++)
			d[nd++] = (struct mc_ukey){pr->domains.items[k], i};
		for (size_t k = 0; k < pr->patterns.count; k++)
			p[np++] = (struct mc_ukey){pr->patterns.items[k] + 2, i};
		for (size_t k = 0; k < pr->mx.count; k++) {
			const char *m = pr->mx.items[k];
			if (strncmp(m, "*.", 2) == 0)
				xs[ns++] = (struct mc_ukey){m + 2, i};
			else
				xh[nh++] = (struct mc_ukey){m, i};
		}
		struct mc_name found[MC_MAX_NAMES];
		size_t count = mc_provider_names(pr, found);
		for (size_t k = 0; k < count; k++) {
			memcpy(keys[nn], found[k].key, sizeof keys[nn]);
			n[nn] = (struct mc_ukey){keys[nn], i};
			nn++;
		}
	}
	qsort(d, nd, sizeof *d, ukey_sort);
	qsort(p, np, sizeof *p, ukey_sort);
	qsort(n, nn, sizeof *n, ukey_sort);
	qsort(xh, nh, sizeof *xh, ukey_sort);
	qsort(xs, ns, sizeof *xs, ukey_sort);
	free(ctx->user_mx_hosts);
	free(ctx->user_mx_suffixes);
	ctx->user_mx_hosts = xh;
	ctx->user_mx_host_count = dedupe(xh, nh);
	ctx->user_mx_suffixes = xs;
	ctx->user_mx_suffix_count = dedupe(xs, ns);
	free(ctx->user_domains);
	free(ctx->user_patterns);
	free(ctx->user_names);
	free(ctx->user_name_keys);
	ctx->user_domains = d;
	ctx->user_domain_count = dedupe(d, nd);
	ctx->user_patterns = p;
	ctx->user_pattern_count = dedupe(p, np);
	ctx->user_names = n;
	ctx->user_name_count = dedupe(n, nn);
	ctx->user_name_keys = keys;
	return MAILCFG_OK;
}

static bool known_id(const char *id, void *arg)
{
	const mailcfg_ctx *ctx = arg;
	return mc_builtin_find_id(id) >= 0 || mc_user_by_id(ctx, id) != NULL;
}

static bool is_json_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0;
}

int mailcfg_ctx_load_dir(mailcfg_ctx *ctx, const char *dir, mailcfg_diag_fn fn, void *ud)
{
	if (!ctx || !dir)
		return MAILCFG_ERR_ARGUMENT;
	struct mc_diag d = {fn, ud, 0, false};
	DIR *dh = opendir(dir);
	if (!dh) {
		mc_diag_report(&d, dir, 0, "(directory)", "cannot open: %s", strerror(errno));
		return MAILCFG_ERR_IO;
	}
	char **names = NULL;
	size_t count = 0, cap = 0;
	int rc = MAILCFG_OK;
	for (struct dirent *e; (e = readdir(dh));) {
		if (!is_json_name(e->d_name))
			continue;
		if (count == MAX_USER_FILES) {
			mc_diag_report(&d, dir, 0, "(directory)",
			               "more than %d provider files; the rest are ignored",
			               MAX_USER_FILES);
			break;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			char **nn = realloc(names, cap * sizeof *names);
			if (!nn) {
				rc = MAILCFG_ERR_NOMEM;
				break;
			}
			names = nn;
		}
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		if (!(names[count] = malloc(len))) {
			rc = MAILCFG_ERR_NOMEM;
			break;
		}
		snprintf(names[count++], len, "%s/%s", dir, e->d_name);
	}
	closedir(dh);
	if (count)
		qsort(names, count, sizeof *names, name_cmp);

	struct mc_provider **loaded = rc == MAILCFG_OK ? calloc(count + 1, sizeof *loaded) : NULL;
	bool *reject = rc == MAILCFG_OK ? calloc(count + 1, sizeof *reject) : NULL;
	size_t n = 0;
	if (rc == MAILCFG_OK && (!loaded || !reject))
		rc = MAILCFG_ERR_NOMEM;
	for (size_t i = 0; i < count && rc == MAILCFG_OK; i++) {
		char *text, why[200];
		size_t len;
		if (mc_read_file(names[i], MAX_USER_FILE, &text, &len, why, sizeof why) != 0) {
			mc_diag_report(&d, names[i], 0, "(file)", "cannot read: %s", why);
			continue;
		}
		struct mc_provider *p = mc_validate_file(names[i], text, len, &d);
		free(text);
		if (p)
			loaded[n++] = p;
	}
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);

	if (rc == MAILCFG_OK && n) {
		mc_validate_set(loaded, n, known_id, ctx, reject, &d);
		struct mc_provider **all =
		    realloc(ctx->user, (ctx->user_count + n) * sizeof *ctx->user);
		if (!all) {
			rc = MAILCFG_ERR_NOMEM;
		} else {
			ctx->user = all;
			for (size_t i = 0; i < n; i++) {
				if (reject[i]) {
					mc_provider_free(loaded[i]);
				} else {
					ctx->user[ctx->user_count++] = loaded[i];
				}
				loaded[i] = NULL;
			}
			rc = reindex(ctx);
		}
	}
	for (size_t i = 0; i < n; i++)
		mc_provider_free(loaded[i]);
	free(loaded);
	free(reject);
	if (rc == MAILCFG_OK && d.errors)
		rc = MAILCFG_ERR_DATA;
	return rc;
}
