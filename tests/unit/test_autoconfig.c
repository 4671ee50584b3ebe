/* The autoconfig reader: a good document becomes a provider model; hostile
 * or broken ones are rejected with a message naming what was wrong. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"
#include "unit.h"

static const char *good =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    " <emailProvider id=\"example.test\">\n"
    "  <domain>example.test</domain><domain>EXAMPLE2.test</domain><domain>bad_dom</domain>\n"
    "  <displayName>Example \xe2\x80\xae Mail</displayName>\n"
    "  <incomingServer type=\"imap\">\n"
    "   <hostname>IMAP.Example.test</hostname><port>143</port>\n"
    "   <socketType>STARTTLS</socketType><authentication>password-cleartext</authentication>\n"
    "   <username>%EMAILLOCALPART%</username>\n"
    "  </incomingServer>\n"
    "  <incomingServer type=\"imap\">\n"
    "   <hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>\n"
    "   "
    "<authentication>OAuth2</authentication><authentication>password-cleartext</authentication>\n"
    "   <username>%EMAILADDRESS%</username>\n"
    "  </incomingServer>\n"
    "  <incomingServer type=\"exchange\"><hostname>ews.example.test</hostname></incomingServer>\n"
    "  <outgoingServer type=\"smtp\">\n"
    "   <hostname>smtp.example.test</hostname><port>465</port><socketType>SSL</socketType>\n"
    "   <authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username>\n"
    "  </outgoingServer>\n"
    "  <documentation url=\"https://example.test/help\"><descr>Help</descr></documentation>\n"
    " </emailProvider>\n"
    " <enable visiturl=\"https://example.test/enable\"><instruction>Turn on "
    "IMAP.</instruction></enable>\n"
    "</clientConfig>\n";

static struct mc_provider *parse(const char *xml, char *why)
{
	return mc_autoconfig_parse(xml, strlen(xml), "example.test", "https://a.test/x.xml", why,
	                           256);
}

START_TEST(test_good_document)
{
	char why[256] = "";
	struct mc_provider *m = parse(good, why);
	ck_assert_msg(m != NULL, "%s", why);
	ck_assert_uint_eq(m->server_count, 3); /* the exchange server is skipped */
	/* implicit TLS first (RFC 8314), host names lowercased */
	ck_assert_str_eq(m->servers[0].host, "imap.%EMAILDOMAIN%");
	ck_assert_int_eq(m->servers[0].encryption, MAILCFG_ENCRYPTION_SSL);
	ck_assert_uint_eq(m->servers[0].auth,
	                  MAILCFG_AUTH_OAUTH2 | MAILCFG_AUTH_PASSWORD_CLEARTEXT);
	ck_assert_str_eq(m->servers[1].host, "imap.example.test");
	ck_assert_str_eq(m->servers[1].username, "%EMAILLOCALPART%");
	ck_assert_int_eq(m->servers[2].protocol, MAILCFG_PROTOCOL_SMTP);
	/* the bidi override in the display name never survives */
	ck_assert_ptr_null(strstr(m->name, "\xe2\x80\xae"));
	ck_assert_str_eq(m->documentation, "https://example.test/help");
	ck_assert_uint_eq(m->domains.count, 2); /* bad_dom dropped */
	ck_assert_str_eq(m->domains.items[1], "example2.test");
	ck_assert_str_eq(m->sources.items[0], "https://a.test/x.xml");
	mc_provider_free(m);
}
END_TEST

struct bad {
	const char *xml;
	const char *why;
};

static const struct bad bad[] = {
    {"<clientConfig><emailProvider>", "not well-formed"},
    {"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
     "<clientConfig/>",
     "DOCTYPE"},
    {"<html><body>not found</body></html>", "not a clientConfig"},
    {"<clientConfig version=\"1.1\"/>", "no <emailProvider>"},
    {"<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>imap.x.test"
     "</hostname><port>70000</port><socketType>SSL</socketType></incomingServer>"
     "</emailProvider></clientConfig>",
     "port \"70000\""},
    {"<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>imap.x.test"
     "</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS"
     "</username></incomingServer></emailProvider></clientConfig>",
     "lacks its closing"},
    {"<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>imap x.test"
     "</hostname><port>993</port><socketType>SSL</socketType></incomingServer>"
     "</emailProvider></clientConfig>",
     "not a valid host name"},
    {"<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>imap.x.test"
     "</hostname><port>993</port><socketType>TLS1.3</socketType></incomingServer>"
     "</emailProvider></clientConfig>",
     "socketType"},
    {"<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>%MXHOST%"
     "</hostname><port>993</port><socketType>SSL</socketType></incomingServer>"
     "</emailProvider></clientConfig>",
     "%MXHOST%"},
    {"<clientConfig><emailProvider><domain>x.test</domain></emailProvider></clientConfig>",
     "no IMAP, POP3 or SMTP"},
};

START_TEST(test_rejected)
{
	char why[256] = "";
	struct mc_provider *m = parse(bad[_i].xml, why);
	ck_assert_msg(m == NULL, "accepted: %s", bad[_i].xml);
	ck_assert_msg(strstr(why, bad[_i].why) != NULL, "reason '%s' lacks '%s'", why, bad[_i].why);
}
END_TEST

START_TEST(test_limits)
{
	char why[256];
	/* a body over the cap is refused before parsing */
	size_t n = MC_MAX_BODY + 10;
	char *big = malloc(n + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, ' ', n);
	memcpy(big, "<clientConfig>", 14);
	big[n] = '\0';
	ck_assert_ptr_null(mc_autoconfig_parse(big, n, "x.test", "o", why, sizeof why));
	ck_assert_ptr_nonnull(strstr(why, "larger than"));
	free(big);
	/* deep nesting */
	char deep[2000] = "<clientConfig>";
	for (int i = 0; i < 40; i++)
		strcat(deep, "<a>");
	ck_assert_ptr_null(parse(deep, why));
	ck_assert_ptr_nonnull(strstr(why, "nested"));
	/* an overlong text */
	char *text = malloc(10000);
	strcpy(text, "<clientConfig><emailProvider><displayName>");
	memset(text + strlen(text), 'x', 5000);
	text[42 + 5000] = '\0';
	ck_assert_ptr_null(parse(text, why));
	ck_assert_ptr_nonnull(strstr(why, "bytes of text"));
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("autoconfig");
	TCase *t = tcase_create("reader");
	tcase_add_test(t, test_good_document);
	tcase_add_loop_test(t, test_rejected, 0, (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(t, test_limits);
	suite_add_tcase(s, t);
	return run_suite(s);
}
