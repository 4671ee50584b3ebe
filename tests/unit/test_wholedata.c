/* The whole-data test: every provider file in data/providers, read with the
 * validator, must come back identical through the compiled index — every
 * domain, alias and pattern to its own provider with its own servers and
 * notes — so generator and lookup can never drift apart. Prints the
 * coverage figures of the database. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "db/validate.h"
#include "unit.h"
#include "util/file.h"

static struct mc_provider *providers[4096];
static size_t count;

static void fail_diag(void *ud, const char *file, unsigned line, const char *field, const char *msg)
{
	(void)ud;
	ck_abort_msg("%s:%u: %s: %s", file, line, field, msg);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_all(void)
{
	DIR *d = opendir(MAILCFG_DATA_DIR);
	ck_assert_ptr_nonnull(d);
	char *names[4096];
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0 && n < 4096) {
			names[n] = malloc(strlen(MAILCFG_DATA_DIR) + len + 2);
			sprintf(names[n++], "%s/%s", MAILCFG_DATA_DIR, e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	struct mc_diag diag = {fail_diag, NULL, 0, false};
	for (size_t i = 0; i < n; i++) {
		char *text, why[256];
		size_t len;
		ck_assert_int_eq(mc_read_file(names[i], 1 << 20, &text, &len, why, sizeof why), 0);
		providers[count] = mc_validate_file(names[i], text, len, &diag);
		ck_assert_ptr_nonnull(providers[count]);
		count++;
		free(text);
		free(names[i]);
	}
}

static void free_all(void)
{
	for (size_t i = 0; i < count; i++)
		mc_provider_free(providers[i]);
	count = 0;
}

/* What a template becomes once the domain (and maybe address) is known. */
static const char *mx_host; /* set while checking MX patterns */

static void expect_filled(const char *tmpl, const char *domain, const char *local, char *out,
                          size_t size)
{
	size_t n = 0;
	for (const char *t = tmpl; *t && n + 1 < size;) {
		const char *fill = NULL;
		size_t skip = 1;
		if (strncmp(t, "%EMAILDOMAIN%", 13) == 0)
			fill = domain, skip = 13;
		else if (mx_host && strncmp(t, "%MXHOST%", 8) == 0)
			fill = mx_host, skip = 8;
		else if (local && strncmp(t, "%EMAILLOCALPART%", 16) == 0)
			fill = local, skip = 16;
		else if (local && strncmp(t, "%EMAILADDRESS%", 14) == 0)
			fill = NULL, skip = 0;
		if (skip == 0) {
			n += (size_t)snprintf(out + n, size - n, "%s@%s", local, domain);
			t += 14;
			continue;
		}
		if (fill)
			n += (size_t)snprintf(out + n, size - n, "%s", fill);
		else
			out[n++] = *t;
		t += skip;
	}
	out[n] = '\0';
}

static void check_same(const struct mc_provider *p, const mailcfg_result *r, const char *domain,
                       const char *local, const char *query)
{
	ck_assert_msg(mailcfg_result_status(r) == MAILCFG_STATUS_FOUND, "%s: not found", query);
	ck_assert_msg(strcmp(mailcfg_result_provider_id(r), p->id) == 0,
	              "%s: answered by %s, not %s", query, mailcfg_result_provider_id(r), p->id);
	ck_assert_int_eq(mailcfg_result_source(r),
	                 mx_host ? MAILCFG_SOURCE_MX : MAILCFG_SOURCE_BUILTIN);
	ck_assert_str_eq(mailcfg_result_provider_name(r), p->name);
	ck_assert_int_eq(mailcfg_result_provider_status(r), p->status);
	ck_assert_str_eq(mailcfg_result_verified(r), p->verified);
	ck_assert_uint_eq(mailcfg_result_server_count(r), p->server_count);
	for (size_t i = 0; i < p->server_count; i++) {
		const mailcfg_server *s = mailcfg_result_server(r, i);
		const struct mc_mserver *m = &p->servers[i];
		char host[600], user[600];
		expect_filled(m->host, domain ? domain : "%EMAILDOMAIN%", NULL, host, sizeof host);
		if (domain)
			expect_filled(m->username, domain, local, user, sizeof user);
		else
			snprintf(user, sizeof user, "%s", m->username);
		ck_assert_int_eq(s->protocol, m->protocol);
		ck_assert_msg(strcmp(s->host, host) == 0, "%s: host %s, expected %s", query,
		              s->host, host);
		ck_assert_uint_eq(s->port, m->port);
		ck_assert_int_eq(s->encryption, m->encryption);
		ck_assert_uint_eq(s->auth, m->auth);
		ck_assert_msg(strcmp(s->username, user) == 0, "%s: username %s, expected %s", query,
		              s->username, user);
		ck_assert_int_eq(s->unusual, m->unusual);
		ck_assert_int_eq(!s->username_rule_en, !m->rule_en);
	}
	ck_assert_uint_eq(mailcfg_result_note_count(r), p->note_count);
	for (size_t i = 0; i < p->note_count; i++) {
		const mailcfg_note *n = mailcfg_result_note(r, i);
		ck_assert_int_eq(n->kind, p->notes[i].kind);
		ck_assert_str_eq(n->text_en, p->notes[i].en);
		ck_assert_str_eq(n->text_de, p->notes[i].de);
		ck_assert_int_eq(!n->url, !p->notes[i].url);
	}
	ck_assert_uint_eq(mailcfg_result_reference_count(r), p->sources.count);
	if (p->successor)
		ck_assert_str_eq(mailcfg_result_successor_id(r), p->successor);
	else
		ck_assert_ptr_null(mailcfg_result_successor_id(r));
	ck_assert_int_eq(!mailcfg_result_documentation(r), !p->documentation);
}

START_TEST(test_every_domain_alias_and_pattern)
{
	load_all();
	mailcfg_ctx *ctx;
	mailcfg_result *r;
	ck_assert_int_eq(mailcfg_ctx_new(&ctx), 0);
	ck_assert_int_eq(mailcfg_result_new(&r), 0);
	mailcfg_data_info info;
	mailcfg_data_get_info(&info);
	ck_assert_uint_eq(info.providers, count);

	size_t domains = 0, patterns = 0, mx = 0, names = 0, notes = 0, verified = 0,
	       unverified = 0;
	for (size_t i = 0; i < count; i++) {
		const struct mc_provider *p = providers[i];
		for (size_t k = 0; k < p->domains.count; k++) {
			const char *d = p->domains.items[k];
			mailcfg_lookup(ctx, d, strlen(d), r);
			check_same(p, r, d, NULL, d);
			char address[300];
			snprintf(address, sizeof address, "Test.User@%s", d);
			mailcfg_lookup(ctx, address, strlen(address), r);
			check_same(p, r, d, "Test.User", address);
			domains++;
		}
		for (size_t k = 0; k < p->patterns.count; k++) {
			char sub[300];
			snprintf(sub, sizeof sub, "tenant.%s", p->patterns.items[k] + 2);
			mailcfg_lookup(ctx, sub, strlen(sub), r);
			check_same(p, r, sub, NULL, sub);
			patterns++;
		}
		for (size_t k = 0; k < p->mx.count; k++) {
			char host[300];
			const char *m = p->mx.items[k];
			bool wild = strncmp(m, "*.", 2) == 0;
			snprintf(host, sizeof host, "%s%s", wild ? "mx7." : "", wild ? m + 2 : m);
			mx_host = host;
			mailcfg_lookup_mx(ctx, host, "Test.User@customer-domain.de", 28, r);
			check_same(p, r, "customer-domain.de", "Test.User", host);
			mx_host = NULL;
			mx++;
		}
		const char *fixed[2] = {p->id, p->name};
		for (size_t k = 0; k < p->aliases.count + 2; k++) {
			const char *a = k < 2 ? fixed[k] : p->aliases.items[k - 2];
			/* a name that looks like a domain is looked up as one */
			struct mc_query q;
			if (mc_query_parse(a, strlen(a), &q) == 0 && q.kind != MAILCFG_QUERY_NAME)
				continue;
			mailcfg_lookup(ctx, a, strlen(a), r);
			check_same(p, r, NULL, NULL, a);
			names++;
		}
		notes += p->note_count;
		if (p->verified[0])
			verified++;
		else
			unverified++;
	}
	ck_assert_uint_eq(domains, info.domains);
	ck_assert_uint_eq(patterns, info.domain_patterns);
	ck_assert_uint_eq(mx, info.mx_patterns);
	printf("coverage: %zu providers, %zu domains, %zu domain patterns, %zu MX patterns, "
	       "%zu names looked up, "
	       "%zu notes (each in English and German), %zu verified, %zu unverified (%.0f%% "
	       "verified)\n",
	       count, domains, patterns, mx, names, notes, verified, unverified,
	       count ? 100.0 * (double)verified / (double)count : 0.0);
	mailcfg_result_free(r);
	mailcfg_ctx_free(ctx);
	free_all();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("wholedata");
	TCase *t = tcase_create("wholedata");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_every_domain_alias_and_pattern);
	suite_add_tcase(s, t);
	return run_suite(s);
}
