/* Formatters: escaping that keeps JSON valid and terminals safe, and the
 * JSON record parsed back with cJSON rather than compared as a string. */
#include <check.h>
#include <cjson/cJSON.h>
#include <string.h>

#include "core/internal.h"
#include "output/output.h"
#include "unit.h"

static char *json_of(const char *s, size_t n)
{
	static char out[4096];
	struct mc_buf b = {0};
	mc_buf_put_json(&b, s, n);
	ck_assert(!b.oom);
	ck_assert_uint_lt(b.len, sizeof out);
	memcpy(out, b.data, b.len);
	out[b.len] = '\0';
	mc_buf_free(&b);
	return out;
}

/* The JSON text of S must parse back to EXPECT. */
static void roundtrip(const char *s, size_t n, const char *expect)
{
	char *j = json_of(s, n);
	cJSON *v = cJSON_Parse(j);
	ck_assert_msg(v && cJSON_IsString(v), "not a JSON string: %s", j);
	ck_assert_str_eq(v->valuestring, expect);
	cJSON_Delete(v);
}

START_TEST(test_json_escapes)
{
	roundtrip("plain", 5, "plain");
	roundtrip("q\"b\\s", 5, "q\"b\\s");
	roundtrip("nl\ntab\t", 7, "nl\ntab\t");
	roundtrip("bücher", strlen("bücher"), "bücher");
	roundtrip("bad\xff", 4, "bad\xef\xbf\xbd");           /* U+FFFD */
	roundtrip("\xc0\xae", 2, "\xef\xbf\xbd\xef\xbf\xbd"); /* overlong: two bytes */
	ck_assert_str_eq(json_of("\x1b[31m", 5), "\"\\u001b[31m\"");
	ck_assert_str_eq(json_of("\xe2\x80\xae", 3), "\"\\u202e\"");
	ck_assert_str_eq(json_of("\xc2\x9b", 2), "\"\\u009b\"");
	ck_assert_str_eq(json_of("a\0b", 3), "\"a\\u0000b\"");
	ck_assert_str_eq(json_of("\x7f", 1), "\"\\u007f\"");
}
END_TEST

START_TEST(test_safe_text)
{
	struct mc_buf b = {0};
	mc_buf_put_safe(&b, "ok ü \x1b[2J \xe2\x80\xae \xff", 16);
	mc_buf_putc(&b, '\0');
	ck_assert_str_eq(b.data, "ok ü \\x1b[2J \\xe2\\x80\\xae \\xff");
	mc_buf_free(&b);
}
END_TEST

START_TEST(test_padding_counts_characters)
{
	struct mc_buf b = {0};
	mc_buf_put_padded(&b, "Grüße", 7);
	mc_buf_putc(&b, '|');
	mc_buf_putc(&b, '\0');
	ck_assert_str_eq(b.data, "Grüße  |");
	mc_buf_free(&b);
}
END_TEST

static mailcfg_ctx *ctx;
static mailcfg_result *res;

static void setup(void)
{
	ck_assert_int_eq(mailcfg_ctx_new(&ctx), 0);
	ck_assert_int_eq(mailcfg_result_new(&res), 0);
}

static void teardown(void)
{
	mailcfg_result_free(res);
	mailcfg_ctx_free(ctx);
}

static cJSON *record(const char *query, mailcfg_lang lang)
{
	mailcfg_lookup(ctx, query, strlen(query), res);
	struct mc_buf b = {0};
	mc_format_json(&b, res, lang);
	ck_assert(b.len > 0 && b.data[b.len - 1] == '\n');
	ck_assert_ptr_null(memchr(b.data, '\n', b.len - 1)); /* one line */
	mc_buf_putc(&b, '\0');
	cJSON *v = cJSON_Parse(b.data);
	ck_assert_msg(v != NULL, "invalid JSON: %s", b.data);
	mc_buf_free(&b);
	return v;
}

static const char *str_at(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

START_TEST(test_json_found)
{
	cJSON *v = record("max@gmx.de", MAILCFG_LANG_EN);
	/* the contract's keys, in the contract's order */
	static const char *order[] = {"format_version", "query",        "status",   "domain",
	                              "address",        "source",       "provider", "servers",
	                              "notes",          "documentation"};
	const cJSON *c = v->child;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++, c = c->next) {
		ck_assert_ptr_nonnull(c);
		ck_assert_str_eq(c->string, order[i]);
	}
	ck_assert_int_eq(cJSON_GetObjectItem(v, "format_version")->valueint, 1);
	ck_assert_str_eq(str_at(v, "status"), "found");
	ck_assert_str_eq(str_at(v, "address"), "max@gmx.de");
	const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "servers"), 0);
	ck_assert_str_eq(str_at(s0, "host"), "imap.gmx.net");
	ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(s0, "port")));
	ck_assert_int_eq(cJSON_GetObjectItem(s0, "port")->valueint, 993);
	ck_assert_str_eq(str_at(s0, "encryption"), "ssl");
	ck_assert_str_eq(str_at(s0, "username"), "max@gmx.de");
	ck_assert(cJSON_IsArray(cJSON_GetObjectItem(s0, "auth")));
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_json_domain_has_no_address)
{
	cJSON *v = record("gmx.net", MAILCFG_LANG_EN);
	ck_assert_ptr_null(cJSON_GetObjectItem(v, "address"));
	const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "servers"), 0);
	ck_assert_str_eq(str_at(s0, "username"), "%EMAILADDRESS%");
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_json_languages_differ)
{
	cJSON *en = record("gmx.net", MAILCFG_LANG_EN), *de = record("gmx.net", MAILCFG_LANG_DE);
	const cJSON *n_en = cJSON_GetArrayItem(cJSON_GetObjectItem(en, "notes"), 0);
	const cJSON *n_de = cJSON_GetArrayItem(cJSON_GetObjectItem(de, "notes"), 0);
	ck_assert_str_eq(str_at(n_en, "kind"), str_at(n_de, "kind"));
	ck_assert_str_ne(str_at(n_en, "text"), str_at(n_de, "text"));
	cJSON_Delete(en);
	cJSON_Delete(de);
}
END_TEST

START_TEST(test_json_errors)
{
	cJSON *v = record("a@b@c", MAILCFG_LANG_EN);
	ck_assert_str_eq(str_at(v, "status"), "error");
	ck_assert_str_eq(str_at(cJSON_GetObjectItem(v, "error"), "code"), "invalid_query");
	ck_assert_ptr_null(cJSON_GetObjectItem(v, "servers"));
	cJSON_Delete(v);
	v = record("no-such-provider.example", MAILCFG_LANG_EN);
	ck_assert_str_eq(str_at(v, "status"), "not_found");
	ck_assert_str_eq(str_at(cJSON_GetObjectItem(v, "error"), "code"), "not_found");
	ck_assert(cJSON_IsArray(cJSON_GetObjectItem(v, "suggestions")));
	cJSON_Delete(v);
	/* a hostile query is echoed escaped, and the record stays valid */
	v = record("\x1b]0;owned\x07@x.de\xff", MAILCFG_LANG_EN);
	ck_assert_str_eq(str_at(v, "status"), "error");
	ck_assert_str_eq(str_at(v, "query"), "\x1b]0;owned\x07@x.de\xef\xbf\xbd");
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_tsv)
{
	mailcfg_lookup(ctx, "max@gmx.de", 10, res);
	struct mc_buf b = {0};
	mc_format_tsv(&b, res);
	mc_buf_putc(&b, '\0');
	ck_assert_ptr_nonnull(
	    strstr(b.data, "max@gmx.de\tgmx\timap\timap.gmx.net\t993\tssl\tmax@gmx.de\n"));
	size_t lines = 0;
	for (const char *p = b.data; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, mailcfg_result_server_count(res));
	mc_buf_free(&b);
	mailcfg_lookup(ctx, "nothing.example", 15, res);
	mc_format_tsv(&b, res);
	ck_assert_uint_eq(b.len, 0);
	mc_buf_free(&b);
}
END_TEST

static char *text_of(const char *query, mailcfg_lang lang, bool color)
{
	static char out[8192];
	mailcfg_lookup(ctx, query, strlen(query), res);
	struct mc_text_opts o = {lang, color, false};
	struct mc_buf b = {0};
	mc_format_text(&b, res, &o);
	ck_assert_uint_lt(b.len, sizeof out);
	memcpy(out, b.data, b.len);
	out[b.len] = '\0';
	mc_buf_free(&b);
	return out;
}

START_TEST(test_text_block)
{
	char *t = text_of("max@gmx.de", MAILCFG_LANG_EN, false);
	ck_assert_ptr_nonnull(strstr(t, "GMX — max@gmx.de\n"));
	ck_assert_ptr_nonnull(strstr(t, "imap.gmx.net"));
	ck_assert_ptr_nonnull(strstr(t, "recommended"));
	ck_assert_ptr_nonnull(strstr(t, "Username  max@gmx.de\n"));
	ck_assert_ptr_null(strchr(t, '\x1b'));
	ck_assert_ptr_null(strstr(t, " \n")); /* no trailing blanks */
	t = text_of("max@gmx.de", MAILCFG_LANG_DE, false);
	ck_assert_ptr_nonnull(strstr(t, "Posteingang"));
	ck_assert_ptr_nonnull(strstr(t, "empfohlen"));
	t = text_of("gmx.net", MAILCFG_LANG_EN, true);
	ck_assert_ptr_nonnull(strchr(t, '\x1b'));
	t = text_of("gmx.net", MAILCFG_LANG_EN, false);
	ck_assert_ptr_nonnull(strstr(t, "%EMAILADDRESS% (your full email address)"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("output");
	TCase *t = tcase_create("escape");
	tcase_add_test(t, test_json_escapes);
	tcase_add_test(t, test_safe_text);
	tcase_add_test(t, test_padding_counts_characters);
	suite_add_tcase(s, t);
	TCase *f = tcase_create("formats");
	tcase_add_checked_fixture(f, setup, teardown);
	tcase_add_test(f, test_json_found);
	tcase_add_test(f, test_json_domain_has_no_address);
	tcase_add_test(f, test_json_languages_differ);
	tcase_add_test(f, test_json_errors);
	tcase_add_test(f, test_tsv);
	tcase_add_test(f, test_text_block);
	suite_add_tcase(s, f);
	return run_suite(s);
}
