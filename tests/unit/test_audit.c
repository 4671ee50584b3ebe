/* The rules of `mailcfg audit` (src/cli/audit.c): settings as typed, and
 * the comparison against a real lookup of the test providers. */
#include <check.h>
#include <string.h>

#include "cli/audit.h"
#include "unit.h"

struct parse_row {
	const char *in;
	bool ok;
	const char *host;
	unsigned port;
	mailcfg_encryption enc;
	const char *why; /* a part of the reason when not ok */
};

static const struct parse_row parse_rows[] = {
    {"imap.gmx.net:993:ssl", true, "imap.gmx.net", 993, MAILCFG_ENCRYPTION_SSL, NULL},
    {"imap.gmx.net:993:TLS", true, "imap.gmx.net", 993, MAILCFG_ENCRYPTION_SSL, NULL},
    {"mail.gmx.net.:587:StartTLS", true, "mail.gmx.net", 587, MAILCFG_ENCRYPTION_STARTTLS, NULL},
    {"pop.gmx.net:110:none", true, "pop.gmx.net", 110, MAILCFG_ENCRYPTION_NONE, NULL},
    {"bücher.de:993:ssl", true, "bücher.de", 993, MAILCFG_ENCRYPTION_SSL, NULL},
    {"imap.gmx.net:993", false, NULL, 0, 0, "HOST:PORT:ENCRYPTION"},
    {"imap.gmx.net", false, NULL, 0, 0, "HOST:PORT:ENCRYPTION"},
    {"[::1]:993:ssl", false, NULL, 0, 0, "HOST:PORT:ENCRYPTION"},
    {":993:ssl", false, NULL, 0, 0, "host name is missing"},
    {"imap gmx.net:993:ssl", false, NULL, 0, 0, "character"},
    {"imap.gmx.net:0:ssl", false, NULL, 0, 0, "1 to 65535"},
    {"imap.gmx.net:65536:ssl", false, NULL, 0, 0, "1 to 65535"},
    {"imap.gmx.net:99x:ssl", false, NULL, 0, 0, "1 to 65535"},
    {"imap.gmx.net:993:ssl/tls", false, NULL, 0, 0, "ssl, starttls or none"},
    {"imap.gmx.net:993:", false, NULL, 0, 0, "ssl, starttls or none"},
};

START_TEST(test_parse)
{
	const struct parse_row *w = &parse_rows[_i];
	struct audit_setting s;
	char why[200] = "";
	memset(&s, 0, sizeof s);
	bool ok = audit_parse_setting(w->in, MAILCFG_PROTOCOL_IMAP, &s, why, sizeof why);
	ck_assert_msg(ok == w->ok, "'%s': %d (%s)", w->in, ok, why);
	if (!ok) {
		ck_assert_msg(strstr(why, w->why) != NULL, "'%s': '%s' lacks '%s'", w->in, why,
		              w->why);
		ck_assert(!s.given);
		return;
	}
	ck_assert_str_eq(s.host, w->host);
	ck_assert_uint_eq(s.port, w->port);
	ck_assert_int_eq(s.encryption, w->enc);
	ck_assert(s.given);
}
END_TEST

/* QUERY looked up with the user data of the golden tests, then compared;
 * the findings in LANG. */
static size_t audit_in(mailcfg_lang lang, const char *dir, const char *query, const char *imap,
                       const char *smtp, const char *username, struct audit_finding *f, size_t max)
{
	mailcfg_ctx *ctx;
	mailcfg_result *r;
	ck_assert_int_eq(mailcfg_ctx_new(&ctx), 0);
	ck_assert_int_eq(mailcfg_ctx_load_dir(ctx, dir, NULL, NULL), 0);
	ck_assert_int_eq(mailcfg_result_new(&r), 0);
	ck_assert_int_eq(mailcfg_lookup(ctx, query, strlen(query), r), 0);
	struct audit_setting set[3];
	memset(set, 0, sizeof set);
	char why[200];
	if (imap)
		ck_assert(
		    audit_parse_setting(imap, MAILCFG_PROTOCOL_IMAP, &set[0], why, sizeof why));
	if (smtp)
		ck_assert(
		    audit_parse_setting(smtp, MAILCFG_PROTOCOL_SMTP, &set[2], why, sizeof why));
	size_t n = audit_compare(r, set, username, lang, f, max);
	mailcfg_result_free(r);
	mailcfg_ctx_free(ctx);
	return n;
}

static size_t audit(const char *dir, const char *query, const char *imap, const char *smtp,
                    const char *username, struct audit_finding *f, size_t max)
{
	return audit_in(MAILCFG_LANG_EN, dir, query, imap, smtp, username, f, max);
}

#define USERDATA  MAILCFG_TEST_DIR "/../cli/userdata"
#define AUDITDATA MAILCFG_TEST_DIR "/../cli/userdata-audit"

/* A provider name: hosts keep %EMAILDOMAIN%, which matches any domain. */
START_TEST(test_placeholder_host)
{
	struct audit_finding f[8];
	ck_assert_uint_eq(audit(USERDATA, "Example Hosting", "mail.kunde.example:993:ssl",
	                        "MAIL.kunden.example:465:ssl", NULL, f, 8),
	                  0);
	size_t n =
	    audit(USERDATA, "Example Hosting", "imap.kunde.example:993:ssl", NULL, NULL, f, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(f[0].kind, AUDIT_WRONG_HOST);
	/* the placeholder needs at least one character */
	ck_assert_uint_eq(audit(USERDATA, "Example Hosting", "mail.:993:ssl", NULL, NULL, f, 8), 1);
}
END_TEST

/* Everything wrong at once: sorted by importance, then by protocol. */
START_TEST(test_order)
{
	struct audit_finding f[8];
	size_t n = audit(AUDITDATA, "max@audit.example", "imap.audit.example:143:starttls",
	                 "smtp.wrong.example:465:starttls", "max", f, 8);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(f[0].kind, AUDIT_WRONG_HOST);
	ck_assert_int_eq(f[0].protocol, MAILCFG_PROTOCOL_SMTP);
	ck_assert_int_eq(f[1].kind, AUDIT_PORT_ENCRYPTION);
	ck_assert_int_eq(f[2].kind, AUDIT_STARTTLS);
	ck_assert_int_eq(f[2].protocol, MAILCFG_PROTOCOL_IMAP);
	ck_assert(!f[2].error);
	ck_assert_int_eq(f[3].kind, AUDIT_USERNAME);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_gt(strlen(f[i].message), 10);
		ck_assert_uint_gt(strlen(f[i].fix), 10);
	}
	/* MAX is respected */
	ck_assert_uint_eq(audit(AUDITDATA, "max@audit.example", "imap.audit.example:143:starttls",
	                        "smtp.wrong.example:465:starttls", "max", f, 2),
	                  2);
	ck_assert_int_eq(f[0].kind, AUDIT_WRONG_HOST);
}
END_TEST

/* The same findings in German: the same kinds and order, German text with
 * the numbers and names put in. */
START_TEST(test_german)
{
	struct audit_finding en[8], de[8];
	size_t n = audit(AUDITDATA, "max@audit.example", "imap.audit.example:994:ssl",
	                 "smtp.wrong.example:465:starttls", "max", en, 8);
	ck_assert_uint_eq(audit_in(MAILCFG_LANG_DE, AUDITDATA, "max@audit.example",
	                           "imap.audit.example:994:ssl", "smtp.wrong.example:465:starttls",
	                           "max", de, 8),
	                  n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(de[i].kind, en[i].kind);
		ck_assert_int_eq(de[i].protocol, en[i].protocol);
		ck_assert_str_ne(de[i].message, en[i].message);
		ck_assert_str_ne(de[i].fix, en[i].fix);
	}
	ck_assert_int_eq(de[0].kind, AUDIT_WRONG_HOST);
	ck_assert_str_eq(de[0].message,
	                 "als Postausgangsserver (SMTP) ist smtp.wrong.example "
	                 "eingetragen, Audit Mail verwendet aber smtp.audit.example");
	ck_assert_int_eq(de[2].kind, AUDIT_WRONG_PORT);
	ck_assert_str_eq(de[2].fix, "tragen Sie als IMAP-Port 993 ein");
}
END_TEST

/* A long user name is cut in the message (at 150 bytes), never through a
 * UTF-8 character, and the message still ends with the provider's part. */
static size_t cut_length(const char *name)
{
	struct audit_finding f[4];
	ck_assert_uint_eq(
	    audit(AUDITDATA, "max@audit.example", "imap.audit.example:993:ssl", NULL, name, f, 4),
	    1);
	ck_assert_int_eq(f[0].kind, AUDIT_USERNAME);
	const char *prefix = "the user name is ";
	ck_assert(strncmp(f[0].message, prefix, strlen(prefix)) == 0);
	const char *m = f[0].message + strlen(prefix), *semi = strchr(m, ';');
	ck_assert_ptr_nonnull(semi);
	ck_assert_str_eq(semi, "; Audit Mail expects max@audit.example");
	return (size_t)(semi - m);
}

START_TEST(test_long_username)
{
	char name[512] = "";
	for (int i = 0; i < 200; i++)
		strcat(name, "\xc3\xa4"); /* 400 bytes of ä: 75 of them fit */
	ck_assert_uint_eq(cut_length(name), 150);
	strcpy(name, "a");
	for (int i = 0; i < 200; i++)
		strcat(name, "\xc3\xa4"); /* the 150th byte starts an ä: cut before it */
	ck_assert_uint_eq(cut_length(name), 149);
}
END_TEST

START_TEST(test_kind_names)
{
	ck_assert_str_eq(audit_kind_name(AUDIT_DISCONTINUED), "provider_discontinued");
	ck_assert_str_eq(audit_kind_name(AUDIT_USERNAME), "wrong_username");
	ck_assert_str_eq(audit_kind_name(AUDIT_KIND_COUNT), "unknown");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("rules");
	tcase_add_loop_test(tc, test_parse, 0, (int)(sizeof parse_rows / sizeof parse_rows[0]));
	tcase_add_test(tc, test_placeholder_host);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_german);
	tcase_add_test(tc, test_long_username);
	tcase_add_test(tc, test_kind_names);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
