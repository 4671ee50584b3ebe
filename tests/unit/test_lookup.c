/* The resolver through the public API: domains, addresses, names, patterns,
 * templates, suggestions, and user providers loaded from a temporary folder. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mailcfg.h"
#include "unit.h"

static mailcfg_ctx *ctx;
static mailcfg_result *r;
static char dir[64];

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static const char *hosting =
    "{\"format\":1,\"id\":\"example-hosting\",\"name\":\"Example Hosting\",\n"
    " \"aliases\":[\"ExHost\"],\"status\":\"active\",\"domains\":[\"kunde.example\"],\n"
    " \"domain_patterns\":[\"*.hosted.example\"],\n"
    " \"servers\":[{\"protocol\":\"imap\",\"host\":\"mail.%EMAILDOMAIN%\",\"port\":993,\n"
    "   "
    "\"encryption\":\"ssl\",\"auth\":[\"password-cleartext\"],\"username\":\"%EMAILLOCALPART%\"},\n"
    "  {\"protocol\":\"smtp\",\"host\":\"smtp.example\",\"port\":587,\"encryption\":\"starttls\",\n"
    "   \"auth\":[\"password-cleartext\",\"oauth2\"],\"username\":\"%EMAILADDRESS%\"}],\n"
    " \"sources\":[\"test\"],\"verified\":\"2026-11\"}\n";

/* claims gmx.net, which the built-in data also knows */
static const char *override =
    "{\"format\":1,\"id\":\"my-gmx\",\"name\":\"My GMX\",\"status\":\"active\",\n"
    " \"domains\":[\"gmx.net\"],\"servers\":[{\"protocol\":\"imap\",\"host\":\"imap.my.example\",\n"
    " \"port\":993,\"encryption\":\"ssl\",\"auth\":[\"password-cleartext\"],\n"
    " \"username\":\"%EMAILADDRESS%\"}],\"sources\":[\"test\"],\"verified\":\"2026-11\"}\n";

/* a host whose customers' MX host is their mail server */
static const char *by_mx =
    "{\"format\":1,\"id\":\"mx-hosting\",\"name\":\"MX Hosting\",\"status\":\"active\",\n"
    " \"domains\":[],\"mx_patterns\":[\"*.kas.example\",\"mx.solo.example\"],\n"
    " \"servers\":[{\"protocol\":\"imap\",\"host\":\"%MXHOST%\",\"port\":993,\n"
    "   "
    "\"encryption\":\"ssl\",\"auth\":[\"password-cleartext\"],\"username\":\"%EMAILADDRESS%\"}],\n"
    " \"sources\":[\"test\"],\"verified\":\"2026-11\"}\n";

struct diag_count {
	int n;
	char last[512];
};

static void count_diag(void *ud, const char *file, unsigned line, const char *field,
                       const char *msg)
{
	struct diag_count *d = ud;
	d->n++;
	snprintf(d->last, sizeof d->last, "%s:%u: %s: %s", strrchr(file, '/') + 1, line, field,
	         msg);
}

static void setup(void)
{
	ck_assert_int_eq(mailcfg_ctx_new(&ctx), MAILCFG_OK);
	ck_assert_int_eq(mailcfg_result_new(&r), MAILCFG_OK);
	snprintf(dir, sizeof dir, "/tmp/mailcfg-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	mailcfg_result_free(r);
	mailcfg_ctx_free(ctx);
}

static int look(const char *q)
{
	return mailcfg_lookup(ctx, q, strlen(q), r);
}

START_TEST(test_domain_and_address)
{
	ck_assert_int_eq(look("gmx.net"), MAILCFG_OK);
	ck_assert_int_eq(mailcfg_result_status(r), MAILCFG_STATUS_FOUND);
	ck_assert_str_eq(mailcfg_result_provider_id(r), "gmx");
	ck_assert_int_eq(mailcfg_result_source(r), MAILCFG_SOURCE_BUILTIN);
	ck_assert_ptr_null(mailcfg_result_address(r));
	ck_assert_int_eq(look("Max.Muster@GMX.DE"), MAILCFG_OK);
	ck_assert_str_eq(mailcfg_result_address(r), "Max.Muster@gmx.de");
	for (size_t i = 0; i < mailcfg_result_server_count(r); i++)
		ck_assert_str_eq(mailcfg_result_server(r, i)->username, "Max.Muster@gmx.de");
	ck_assert_ptr_null(mailcfg_result_server(r, mailcfg_result_server_count(r)));
}
END_TEST

START_TEST(test_names)
{
	const char *names[] = {"gmx", "GMX", " G-M-X ", "gmx.net"};
	for (size_t i = 0; i < 4; i++) {
		ck_assert_int_eq(look(names[i]), MAILCFG_OK);
		ck_assert_str_eq(mailcfg_result_provider_id(r), "gmx");
	}
}
END_TEST

START_TEST(test_subdomain_does_not_match_parent)
{
	ck_assert_int_eq(look("mail.gmx.net"), MAILCFG_ERR_NOT_FOUND);
	ck_assert_int_eq(mailcfg_result_status(r), MAILCFG_STATUS_NOT_FOUND);
}
END_TEST

START_TEST(test_invalid)
{
	ck_assert_int_eq(look("a@b@c"), MAILCFG_ERR_INVALID_QUERY);
	ck_assert_int_eq(mailcfg_result_status(r), MAILCFG_STATUS_ERROR);
	ck_assert_ptr_nonnull(strstr(mailcfg_result_message(r), "'@'"));
	ck_assert_int_eq(mailcfg_lookup(NULL, "x", 1, r), MAILCFG_ERR_ARGUMENT);
	ck_assert_int_eq(mailcfg_lookup(ctx, NULL, 1, r), MAILCFG_ERR_ARGUMENT);
}
END_TEST

START_TEST(test_suggestions)
{
	ck_assert_int_eq(look("max@gmx.met"), MAILCFG_ERR_NOT_FOUND);
	ck_assert_uint_ge(mailcfg_result_suggestion_count(r), 1);
	ck_assert_str_eq(mailcfg_result_suggestion(r, 0), "gmx.net");
	ck_assert_int_eq(look("completely-unknown-words.example"), MAILCFG_ERR_NOT_FOUND);
	ck_assert_uint_eq(mailcfg_result_suggestion_count(r), 0);
}
END_TEST

START_TEST(test_user_provider_templates_and_patterns)
{
	write_file("example-hosting.json", hosting);
	struct diag_count d = {0};
	ck_assert_int_eq(mailcfg_ctx_load_dir(ctx, dir, count_diag, &d), MAILCFG_OK);
	ck_assert_int_eq(d.n, 0);
	ck_assert_uint_eq(mailcfg_ctx_user_count(ctx), 1);

	ck_assert_int_eq(look("info@kunde.example"), MAILCFG_OK);
	ck_assert_int_eq(mailcfg_result_source(r), MAILCFG_SOURCE_USER);
	const mailcfg_server *s = mailcfg_result_server(r, 0);
	ck_assert_str_eq(s->host, "mail.kunde.example");
	ck_assert_str_eq(s->username, "info");
	s = mailcfg_result_server(r, 1);
	ck_assert_str_eq(s->username, "info@kunde.example");
	ck_assert_uint_eq(s->auth, MAILCFG_AUTH_PASSWORD_CLEARTEXT | MAILCFG_AUTH_OAUTH2);

	/* patterns match below their domain, not the domain itself */
	ck_assert_int_eq(look("a.b.hosted.example"), MAILCFG_OK);
	ck_assert_str_eq(mailcfg_result_server(r, 0)->host, "mail.a.b.hosted.example");
	ck_assert_int_eq(look("hosted.example"), MAILCFG_ERR_NOT_FOUND);

	/* by name, nothing can be filled in */
	ck_assert_int_eq(look("exhost"), MAILCFG_OK);
	ck_assert_str_eq(mailcfg_result_server(r, 0)->host, "mail.%EMAILDOMAIN%");

	/* a provider named explicitly answers for any customer domain */
	ck_assert_int_eq(mailcfg_lookup_as(ctx, "Example Hosting", "max@mueller-gmbh.de", 19, r),
	                 MAILCFG_OK);
	ck_assert_str_eq(mailcfg_result_server(r, 0)->host, "mail.mueller-gmbh.de");
	ck_assert_str_eq(mailcfg_result_domain(r), "mueller-gmbh.de");
	ck_assert_int_eq(mailcfg_lookup_as(ctx, "nobody", "max@x.de", 8, r), MAILCFG_ERR_NOT_FOUND);
}
END_TEST

START_TEST(test_user_takes_precedence)
{
	write_file("my-gmx.json", override);
	ck_assert_int_eq(mailcfg_ctx_load_dir(ctx, dir, NULL, NULL), MAILCFG_OK);
	ck_assert_int_eq(look("gmx.net"), MAILCFG_OK);
	ck_assert_str_eq(mailcfg_result_provider_id(r), "my-gmx");
	ck_assert_int_eq(mailcfg_result_source(r), MAILCFG_SOURCE_USER);
	/* other GMX domains still come from the built-in data */
	ck_assert_int_eq(look("gmx.de"), MAILCFG_OK);
	ck_assert_str_eq(mailcfg_result_provider_id(r), "gmx");
	mailcfg_provider_info info;
	ck_assert_int_eq(mailcfg_provider_get(ctx, 0, &info), MAILCFG_OK);
	ck_assert_str_eq(info.id, "my-gmx");
	ck_assert_int_eq(info.source, MAILCFG_SOURCE_USER);
}
END_TEST

START_TEST(test_broken_user_files_are_skipped)
{
	write_file("example-hosting.json", hosting);
	write_file("truncated.json", "{\"format\":1,\n\"id\":\"trunc");
	write_file("bad-port.json",
	           "{\"format\":1,\"id\":\"bad-port\",\"name\":\"B\",\"status\":\"active\",\n"
	           "\"domains\":[\"b.example\"],\"servers\":[{\"protocol\":\"imap\",\n"
	           "\"host\":\"imap.b.example\",\"port\":99999,\"encryption\":\"ssl\",\n"
	           "\"auth\":[\"password-cleartext\"],\"username\":\"%EMAILADDRESS%\"}],\n"
	           "\"sources\":[\"x\"],\"verified\":\"2026-11\"}");
	write_file("ignored.txt", "not json at all");
	struct diag_count d = {0};
	ck_assert_int_eq(mailcfg_ctx_load_dir(ctx, dir, count_diag, &d), MAILCFG_ERR_DATA);
	ck_assert_int_eq(d.n, 2);
	ck_assert_msg(strstr(d.last, "truncated.json:") || strstr(d.last, "bad-port.json:4: "),
	              "%s", d.last);
	ck_assert_uint_eq(mailcfg_ctx_user_count(ctx), 1);
	ck_assert_int_eq(look("kunde.example"), MAILCFG_OK);
	ck_assert_int_eq(look("b.example"), MAILCFG_ERR_NOT_FOUND);
	ck_assert_int_eq(look("gmx.net"), MAILCFG_OK); /* built-in still answers */
}
END_TEST

START_TEST(test_bad_port_message)
{
	write_file("bad-port.json",
	           "{\"format\":1,\"id\":\"bad-port\",\"name\":\"B\",\"status\":\"active\",\n"
	           "\"domains\":[\"b.example\"],\"servers\":[{\"protocol\":\"imap\",\n"
	           "\"host\":\"imap.b.example\",\n\"port\":99999,\"encryption\":\"ssl\",\n"
	           "\"auth\":[\"password-cleartext\"],\"username\":\"%EMAILADDRESS%\"}],\n"
	           "\"sources\":[\"x\"],\"verified\":\"2026-11\"}");
	struct diag_count d = {0};
	mailcfg_ctx_load_dir(ctx, dir, count_diag, &d);
	ck_assert_int_eq(d.n, 1);
	ck_assert_str_eq(d.last, "bad-port.json:4: servers[0].port: 99999 is out of range "
	                         "(1 to 65535)");
}
END_TEST

START_TEST(test_mx_patterns)
{
	write_file("mx-hosting.json", by_mx);
	ck_assert_int_eq(mailcfg_ctx_load_dir(ctx, dir, NULL, NULL), MAILCFG_OK);
	ck_assert_int_eq(mailcfg_lookup_mx(ctx, "W0123.KAS.example.", "info@kunde.de", 13, r),
	                 MAILCFG_OK);
	ck_assert_int_eq(mailcfg_result_source(r), MAILCFG_SOURCE_MX);
	ck_assert_str_eq(mailcfg_result_mx_host(r), "w0123.kas.example");
	ck_assert_str_eq(mailcfg_result_server(r, 0)->host, "w0123.kas.example");
	ck_assert_str_eq(mailcfg_result_server(r, 0)->username, "info@kunde.de");
	/* an exact MX host matches itself only; a pattern not its own apex */
	ck_assert_int_eq(mailcfg_lookup_mx(ctx, "mx.solo.example", "", 0, r), MAILCFG_OK);
	ck_assert_str_eq(mailcfg_result_provider_id(r), "mx-hosting");
	ck_assert_int_eq(mailcfg_lookup_mx(ctx, "a.mx.solo.example", "", 0, r),
	                 MAILCFG_ERR_NOT_FOUND);
	ck_assert_int_eq(mailcfg_lookup_mx(ctx, "kas.example", "", 0, r), MAILCFG_ERR_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(mailcfg_result_message(r), "kas.example"));
	ck_assert_int_eq(mailcfg_lookup_mx(ctx, "bad host!", "", 0, r), MAILCFG_ERR_INVALID_QUERY);
	ck_assert_int_eq(mailcfg_lookup_mx(ctx, "w1.kas.example", "a@b@c", 5, r),
	                 MAILCFG_ERR_INVALID_QUERY);
}
END_TEST

START_TEST(test_missing_dir)
{
	struct diag_count d = {0};
	ck_assert_int_eq(mailcfg_ctx_load_dir(ctx, "/nonexistent/mailcfg", count_diag, &d),
	                 MAILCFG_ERR_IO);
	ck_assert_int_eq(d.n, 1);
}
END_TEST

START_TEST(test_data_info)
{
	mailcfg_data_info info;
	mailcfg_data_get_info(&info);
	ck_assert_uint_gt(info.providers, 30);
	ck_assert_uint_gt(info.domains, info.providers);
	ck_assert_uint_eq(strlen(info.sha256), 64);
	ck_assert_uint_eq(mailcfg_provider_count(ctx), info.providers);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lookup");
	TCase *t = tcase_create("lookup");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_domain_and_address);
	tcase_add_test(t, test_names);
	tcase_add_test(t, test_subdomain_does_not_match_parent);
	tcase_add_test(t, test_invalid);
	tcase_add_test(t, test_suggestions);
	tcase_add_test(t, test_user_provider_templates_and_patterns);
	tcase_add_test(t, test_user_takes_precedence);
	tcase_add_test(t, test_broken_user_files_are_skipped);
	tcase_add_test(t, test_bad_port_message);
	tcase_add_test(t, test_mx_patterns);
	tcase_add_test(t, test_missing_dir);
	tcase_add_test(t, test_data_info);
	suite_add_tcase(s, t);
	return run_suite(s);
}
