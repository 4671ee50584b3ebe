/* The escapers of the export formats (src/output/export.c), with input the
 * user-data validator would never let through: control characters, line
 * separators, bidi overrides, invalid UTF-8. The consumers themselves read
 * the escaped text in tests/formats. */
#include <check.h>
#include <string.h>

#include "core/internal.h"
#include "output/export.h"
#include "output/output.h"
#include "unit.h"
#include "util/text.h"

typedef void (*escaper)(struct mc_buf *, const char *, size_t);

static const char *esc(escaper fn, const char *s, size_t n)
{
	static char out[1024];
	struct mc_buf b = {0};
	fn(&b, s, n);
	ck_assert(!b.oom);
	ck_assert_uint_lt(b.len, sizeof out);
	memcpy(out, b.data, b.len);
	out[b.len] = '\0';
	mc_buf_free(&b);
	return out;
}
#define ESC(fn, lit) esc(fn, lit, sizeof lit - 1)

START_TEST(test_xml)
{
	ck_assert_str_eq(ESC(mc_buf_put_xml, "a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
	ck_assert_str_eq(ESC(mc_buf_put_xml, "x]]>y"), "x]]&gt;y");
	ck_assert_str_eq(ESC(mc_buf_put_xml, "bücher"), "bücher");
	/* XML 1.0 cannot carry C0 controls, not even as references */
	ck_assert_str_eq(ESC(mc_buf_put_xml, "a\nb\x01"
	                                     "c"),
	                 "a\xef\xbf\xbd"
	                 "b\xef\xbf\xbd"
	                 "c");
	/* invisible and bidi characters stay, but as references */
	ck_assert_str_eq(ESC(mc_buf_put_xml, "a\xe2\x80\xa8"
	                                     "b\xe2\x80\xae"
	                                     "c\xc2\x85"),
	                 "a&#x2028;b&#x202E;c&#x85;");
	ck_assert_str_eq(ESC(mc_buf_put_xml, "bad\xff\xc3"), "bad\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(esc(mc_buf_put_xml, "a\0b", 3), "a\xef\xbf\xbd"
	                                                 "b");
}
END_TEST

START_TEST(test_shell)
{
	ck_assert_str_eq(ESC(mc_buf_put_sh, ""), "''");
	ck_assert_str_eq(ESC(mc_buf_put_sh, "it's"), "'it'\\''s'");
	ck_assert_str_eq(ESC(mc_buf_put_sh, "$(id)`id`\\\"!*"), "'$(id)`id`\\\"!*'");
	/* a newline would end the assignment in some readers: never written */
	ck_assert_str_eq(ESC(mc_buf_put_sh, "a\nb\x1b[0m"), "'a\xef\xbf\xbd"
	                                                    "b\xef\xbf\xbd[0m'");
	ck_assert_str_eq(ESC(mc_buf_put_sh, "a\xe2\x80\xa9"
	                                    "b"),
	                 "'a\xef\xbf\xbd"
	                 "b'");
}
END_TEST

START_TEST(test_clean)
{
	ck_assert_str_eq(ESC(mc_export_clean, "plain é"), "plain é");
	ck_assert_str_eq(ESC(mc_export_clean, "\t\x7f\xc2\x9b\xe2\x81\xa6\xed\xa0\x80"),
	                 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	                 "\xef\xbf\xbd");
}
END_TEST

START_TEST(test_url_user)
{
	struct mc_buf b = {0};
	mc_buf_put_url_user(&b, "a.b-c_d~e@f g%h/é");
	mc_buf_putc(&b, '\0');
	ck_assert_str_eq(b.data, "a.b-c_d~e%40f%20g%25h%2F%C3%A9");
	mc_buf_free(&b);
}
END_TEST

/* Found by tests/fuzz/fuzz_output.c: aerc, neomutt and mobileconfig copied
 * values into fixed buffers and could cut a UTF-8 character in half. */
START_TEST(test_utf8_copy)
{
	char d[6];
	mc_utf8_copy(d, sizeof d, "abcd\xc3\xa9"); /* "abcdé": é needs bytes 5 and 6 */
	ck_assert_str_eq(d, "abcd");
	mc_utf8_copy(d, sizeof d, "ab\xe2\x82\xac"); /* "ab€" fits */
	ck_assert_str_eq(d, "ab\xe2\x82\xac");
	mc_utf8_copy(d, sizeof d, "\xf0\x9f\x93\xa7\xf0\x9f\x93\xa7"); /* two emoji */
	ck_assert_str_eq(d, "\xf0\x9f\x93\xa7");
}
END_TEST

START_TEST(test_long_values_stay_utf8)
{
	static char host[2048];
	for (size_t i = 0; i + 2 < sizeof host; i += 2)
		memcpy(host + i, "\xc3\xa9", 2);
	mailcfg_result *r;
	ck_assert_int_eq(mailcfg_result_new(&r), 0);
	mc_result_reset(r, "x.example", 9);
	r->status = MAILCFG_STATUS_FOUND;
	r->provider_id = r->provider_name = host;
	r->server_count = 2;
	r->servers[0] = (mailcfg_server){
	    MAILCFG_PROTOCOL_IMAP, MAILCFG_ENCRYPTION_SSL, 993, 1, host, host, NULL, NULL, 0};
	r->servers[1] = (mailcfg_server){
	    MAILCFG_PROTOCOL_SMTP, MAILCFG_ENCRYPTION_SSL, 465, 1, host, host, NULL, NULL, 0};
	const char *(*const formats[])(struct mc_buf *, const mailcfg_result *) = {
	    mc_format_aerc, mc_format_neomutt, mc_format_mobileconfig};
	for (size_t i = 0; i < 3; i++) {
		struct mc_buf b = {0};
		ck_assert_ptr_null(formats[i](&b, r));
		ck_assert(!b.oom);
		ck_assert_msg(mc_utf8_valid(b.data, b.len), "format %zu wrote invalid UTF-8", i);
		mc_buf_free(&b);
	}
	mailcfg_result_free(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("export");
	TCase *t = tcase_create("escape");
	tcase_add_test(t, test_xml);
	tcase_add_test(t, test_shell);
	tcase_add_test(t, test_clean);
	tcase_add_test(t, test_url_user);
	tcase_add_test(t, test_utf8_copy);
	tcase_add_test(t, test_long_values_stay_utf8);
	suite_add_tcase(s, t);
	return run_suite(s);
}
