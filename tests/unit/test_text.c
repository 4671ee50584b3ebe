/* Text checks shared by the parser and the validator. */
#include <check.h>
#include <string.h>

#include "util/text.h"
#include "unit.h"

START_TEST(test_utf8)
{
	ck_assert(mc_utf8_valid("", 0));
	ck_assert(mc_utf8_valid("abc", 3));
	ck_assert(mc_utf8_valid("bücher", strlen("bücher")));
	ck_assert(mc_utf8_valid("\xf0\x9f\x93\xa7", 4));  /* U+1F4E7 */
	ck_assert(!mc_utf8_valid("\xc3", 1));             /* truncated */
	ck_assert(!mc_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	ck_assert(!mc_utf8_valid("\xe0\x80\xaf", 3));     /* overlong */
	ck_assert(!mc_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	ck_assert(!mc_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	ck_assert(!mc_utf8_valid("\x80", 1));
}
END_TEST

START_TEST(test_control)
{
	ck_assert(!mc_has_control("plain text ü", strlen("plain text ü")));
	ck_assert(mc_has_control("a\tb", 3));
	ck_assert(mc_has_control("a\x7f", 2));
	ck_assert(mc_has_control("\xc2\x9b"
	                         "31m",
	                         5));                  /* C1 CSI */
	ck_assert(mc_has_control("\xe2\x80\xae", 3));  /* RLO */
	ck_assert(mc_has_control("\xe2\x81\xa6", 3));  /* LRI */
	ck_assert(!mc_has_control("\xe2\x80\x94", 3)); /* em dash is fine */
	ck_assert(mc_has_control("a\0b", 3));
}
END_TEST

START_TEST(test_domain_problem)
{
	ck_assert_ptr_null(mc_domain_problem("gmx.net", 7));
	ck_assert_ptr_null(mc_domain_problem("xn--bcher-kva.de", 16));
	ck_assert_ptr_null(mc_domain_problem("a-b.c0", 6));
	ck_assert_ptr_nonnull(mc_domain_problem("gmx", 3));
	ck_assert_ptr_nonnull(mc_domain_problem("GMX.net", 7));
	ck_assert_ptr_nonnull(mc_domain_problem("gmx.net.", 8));
	ck_assert_ptr_nonnull(mc_domain_problem(".gmx.net", 8));
	ck_assert_ptr_nonnull(mc_domain_problem("gmx-.net", 8));
	ck_assert_ptr_nonnull(mc_domain_problem("g mx.net", 8));
	ck_assert_ptr_nonnull(mc_domain_problem("", 0));
}
END_TEST

START_TEST(test_name_key)
{
	char k[32];
	ck_assert_uint_eq(mc_name_key("T-Online", 8, k, sizeof k), 7);
	ck_assert_str_eq(k, "tonline");
	ck_assert_uint_eq(mc_name_key(" Google  Mail ", 14, k, sizeof k), 10);
	ck_assert_str_eq(k, "googlemail");
	ck_assert_uint_eq(mc_name_key("web.de", 6, k, sizeof k), 5);
	ck_assert_str_eq(k, "webde");
	ck_assert_uint_eq(mc_name_key("- . _", 5, k, sizeof k), 0);
	ck_assert_uint_eq(mc_name_key("abcdefgh", 8, k, 4), 0); /* does not fit */
}
END_TEST

START_TEST(test_edit_distance)
{
	ck_assert_uint_eq(mc_edit_distance("gmx", 3, "gmx", 3, 3), 0);
	ck_assert_uint_eq(mc_edit_distance("gmial.com", 9, "gmail.com", 9, 3), 1);
	ck_assert_uint_eq(mc_edit_distance("gmx.met", 7, "gmx.net", 7, 3), 1);
	ck_assert_uint_eq(mc_edit_distance("tonlin", 6, "tonline", 7, 3), 1);
	ck_assert_uint_eq(mc_edit_distance("abc", 3, "xyz", 3, 3), 3);
	ck_assert_uint_gt(mc_edit_distance("short", 5, "a-much-longer-name", 18, 2), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("text");
	TCase *t = tcase_create("text");
	tcase_add_test(t, test_utf8);
	tcase_add_test(t, test_control);
	tcase_add_test(t, test_domain_problem);
	tcase_add_test(t, test_name_key);
	tcase_add_test(t, test_edit_distance);
	suite_add_tcase(s, t);
	return run_suite(s);
}
