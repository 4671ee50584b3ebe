/* The cache of online answers: one small JSON file per domain and set of
 * options in $XDG_CACHE_HOME/mailcfg, valid for at most 24 hours. An entry
 * holds either a provider file (checked by the validator on every read, as
 * anything read from disk) or the id of a local provider an MX host pointed
 * at. A damaged or stale entry is a miss, never an answer. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../db/builtin.h"
#include "../db/serialize.h"
#include "../db/validate.h"
#include "../util/file.h"
#include "../util/text.h"
#include "internal.h"

#define CACHE_TTL      (24L * 60 * 60)
#define CACHE_MAX_FILE (1 << 20)

static bool enabled(const mailcfg_ctx *ctx)
{
	const mailcfg_online_options *o = &ctx->online_options;
	return ctx->online && !o->no_cache && !o->all_sources;
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (h ^ 0xff) * 1099511628211u; /* separates fields */
}

/* Everything that can change an answer is part of the key. */
static uint64_t options_key(const mailcfg_ctx *ctx)
{
	const mailcfg_online_options *o = &ctx->online_options;
	char flags[64];
	snprintf(flags, sizeof flags, "%x/%d/%d", ctx->sources, o->allow_http, o->send_address);
	uint64_t h = fnv(14695981039346656037u, flags);
	h = fnv(h, o->ispdb_url ? o->ispdb_url : getenv("MAILCFG_ISPDB_URL"));
	h = fnv(h, o->dns_server);
	h = fnv(h, o->cacert);
	for (size_t i = 0; i < o->resolve_count; i++)
		h = fnv(h, o->resolve[i]);
	return h;
}

static bool cache_dir(const mailcfg_ctx *ctx, char *out, size_t size)
{
	const char *dir = ctx->online_options.cache_dir;
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;
	if (dir && dir[0])
		n = snprintf(out, size, "%s", dir);
	else if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/mailcfg", xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, size, "%s/.cache/mailcfg", home);
	else
		return false;
	return n > 0 && (size_t)n < size;
}

static bool entry_path(const mailcfg_ctx *ctx, const char *domain, char *out, size_t size)
{
	char dir[3000];
	if (!cache_dir(ctx, dir, sizeof dir))
		return false;
	int n = snprintf(out, size, "%s/%s-%016llx.json", dir, domain,
	                 (unsigned long long)options_key(ctx));
	return n > 0 && (size_t)n < size;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int source_from(const char *name)
{
	for (int s = MAILCFG_SOURCE_MX; s <= MAILCFG_SOURCE_GUESS; s++)
		if (name && strcmp(name, mailcfg_source_name((mailcfg_source)s)) == 0)
			return s;
	return -1;
}

bool mc_cache_get(const mailcfg_ctx *ctx, mailcfg_result *r)
{
	char path[4096], *text, why[200];
	size_t len;
	if (!enabled(ctx) || !entry_path(ctx, r->q.domain, path, sizeof path) ||
	    mc_read_file(path, CACHE_MAX_FILE, &text, &len, why, sizeof why) != 0)
		return false;
	cJSON *e = cJSON_ParseWithLength(text, len);
	free(text);
	bool hit = false;
	const cJSON *exp = e ? cJSON_GetObjectItemCaseSensitive(e, "expires") : NULL;
	const char *domain = e ? str(e, "domain") : NULL;
	int source = e ? source_from(str(e, "source")) : -1;
	time_t now = time(NULL);
	if (!exp || !cJSON_IsNumber(exp) || exp->valuedouble < (double)now ||
	    exp->valuedouble > (double)now + CACHE_TTL || !domain ||
	    strcmp(domain, r->q.domain) != 0 || source < 0)
		goto out;
	const char *origin = str(e, "origin"), *mx = str(e, "mx"), *provider = str(e, "provider");
	const char *local = str(e, "local");
	if (mx && mc_domain_problem(mx, strlen(mx)) == NULL)
		snprintf(r->mx_host, sizeof r->mx_host, "%s", mx);
	struct mc_hit h = {-1, NULL};
	if (provider) {
		/* read back like any provider file: validated, or not used */
		char id[41], name[64];
		mc_id_from_domain(r->q.domain, id, sizeof id);
		snprintf(name, sizeof name, "%s.json", id);
		struct mc_diag d = {NULL, NULL, 0, true};
		r->owned = mc_validate_file(name, provider, strlen(provider), &d);
		h.user = r->owned;
	} else if (local) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "user");
		if (cJSON_IsTrue(u))
			h.user = mc_user_by_id(ctx, local);
		else
			h.builtin = mc_builtin_find_id(local);
	}
	if (!h.user && h.builtin < 0) {
		r->mx_host[0] = '\0';
		goto out;
	}
	mc_result_fill(ctx, r, &h);
	if (r->owned)
		r->user_data = false;
	r->source = (mailcfg_source)source;
	if (origin && !mc_has_control(origin, strlen(origin)))
		snprintf(r->origin, sizeof r->origin, "%s", origin);
	r->untrusted = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "untrusted"));
	r->cached = true;
	hit = true;
out:
	cJSON_Delete(e);
	return hit;
}

static void make_dirs(char *path)
{
	/* every parent of the file, private to the user */
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			return;
		}
		*p = '/';
	}
}

void mc_cache_put(const mailcfg_ctx *ctx, const mailcfg_result *r)
{
	char path[4096], tmp[4200];
	/* the answer's own lifetime (Cache-Control, DNS TTL) when shorter */
	long ttl = r->cache_ttl >= 0 && r->cache_ttl < CACHE_TTL ? r->cache_ttl : CACHE_TTL;
	if (!enabled(ctx) || r->status != MAILCFG_STATUS_FOUND || r->source < MAILCFG_SOURCE_MX ||
	    ttl == 0 || !entry_path(ctx, r->q.domain, path, sizeof path))
		return;
	cJSON *e = cJSON_CreateObject();
	if (!e)
		return;
	cJSON_AddNumberToObject(e, "mailcfg_cache", 1);
	cJSON_AddStringToObject(e, "domain", r->q.domain);
	cJSON_AddNumberToObject(e, "expires", (double)(time(NULL) + ttl));
	cJSON_AddStringToObject(e, "source", mailcfg_source_name(r->source));
	cJSON_AddStringToObject(e, "origin", r->origin);
	if (r->mx_host[0])
		cJSON_AddStringToObject(e, "mx", r->mx_host);
	cJSON_AddBoolToObject(e, "untrusted", r->untrusted);
	bool ok = true;
	if (r->owned) {
		char *json = mc_provider_to_json(r->owned);
		ok = json && cJSON_AddStringToObject(e, "provider", json);
		free(json);
	} else {
		cJSON_AddStringToObject(e, "local", r->provider_id);
		cJSON_AddBoolToObject(e, "user", r->user_data);
	}
	char *text = ok ? cJSON_PrintUnformatted(e) : NULL;
	cJSON_Delete(e);
	if (!text)
		return;
	make_dirs(path);
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		size_t n = strlen(text);
		bool written = write(fd, text, n) == (ssize_t)n;
		if (close(fd) == 0 && written)
			rename(tmp, path); /* readers see the old entry or the new, whole */
		else
			unlink(tmp);
	}
	free(text);
}
