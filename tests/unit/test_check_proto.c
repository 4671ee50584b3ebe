/* Reading mail protocol dialogues for `mailcfg check` (check_proto.c):
 * table-driven, one scripted dialogue per row, as libcurl's debug callback
 * hands it over ("<" a server line, ">" a client line). */
#include <check.h>
#include <string.h>

#include "sources/check_proto.h"
#include "unit.h"

struct row {
	const char *name;
	mailcfg_protocol protocol;
	bool implicit_tls;
	const char *script; /* lines "<..." or ">...", separated by '\n' */
	const char *greeting, *caps, *auth, *auth_reply;
	bool starttls_offered, plaintext_auth;
};

static const struct row rows[] = {
    {"IMAP over TLS: the CAPABILITY answer, not the greeting's list, counts", MAILCFG_PROTOCOL_IMAP,
     true,
     "<* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN] ready\n"
     ">A001 CAPABILITY\n<* CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN\n<A001 OK done",
     "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN] ready", "IMAP4rev1 IDLE AUTH=PLAIN",
     "PLAIN", "", false, false},
    {"IMAP STARTTLS with LOGINDISABLED before it: no plaintext passwords", MAILCFG_PROTOCOL_IMAP,
     false,
     "<* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\n>A001 CAPABILITY\n"
     "<* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\n<A001 OK done\n>A002 STARTTLS\n"
     "<A002 OK Begin TLS negotiation now.\n>A003 CAPABILITY\n"
     "<* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2\n<A003 OK done",
     "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready",
     "IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2", "PLAIN XOAUTH2", "", true, false},
    {"IMAP STARTTLS without LOGINDISABLED: LOGIN is accepted in clear text", MAILCFG_PROTOCOL_IMAP,
     false,
     "<* OK ready\n>A001 CAPABILITY\n<* CAPABILITY IMAP4rev1 STARTTLS\n<A001 OK done\n"
     ">A002 STARTTLS\n<A002 OK go\n>A003 CAPABILITY\n<* CAPABILITY IMAP4rev1 AUTH=PLAIN",
     "* OK ready", "IMAP4rev1 AUTH=PLAIN", "PLAIN", "", true, true},
    {"IMAP STARTTLS refused: the lines after it are still unencrypted", MAILCFG_PROTOCOL_IMAP,
     false,
     "<* OK ready\n>A001 CAPABILITY\n<* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\n"
     "<A001 OK done\n>A002 STARTTLS\n<A002 BAD not now",
     "* OK ready", "IMAP4rev1 STARTTLS AUTH=PLAIN", "PLAIN", "", true, true},
    {"IMAP login refused: the answer without its tag; continuations skipped", MAILCFG_PROTOCOL_IMAP,
     true,
     "<* OK ready\n>A001 CAPABILITY\n<* CAPABILITY IMAP4rev1 AUTH=PLAIN\n<A001 OK done\n"
     ">A002 AUTHENTICATE PLAIN\n<+ \n>AHVzZXIAc2VjcmV0\n"
     "<A002 NO [AUTHENTICATIONFAILED] Authentication failed.",
     "* OK ready", "IMAP4rev1 AUTH=PLAIN", "PLAIN",
     "NO [AUTHENTICATIONFAILED] Authentication failed.", false, false},
    {"IMAP login accepted: a capability list after it changes nothing", MAILCFG_PROTOCOL_IMAP, true,
     "<* OK ready\n>A001 CAPABILITY\n<* CAPABILITY IMAP4rev1 AUTH=PLAIN\n<A001 OK done\n"
     ">A002 LOGIN user secret\n<A002 OK [CAPABILITY IMAP4rev1 IDLE MOVE] Logged in",
     "* OK ready", "IMAP4rev1 AUTH=PLAIN", "PLAIN", "OK [CAPABILITY IMAP4rev1 IDLE MOVE] Logged in",
     false, false},
    {"POP3 STARTTLS: CAPA before (USER, SASL, STLS) and after", MAILCFG_PROTOCOL_POP3, false,
     "<+OK Dovecot ready.\n>CAPA\n<+OK\n<CAPA\n<TOP\n<USER\n<SASL PLAIN LOGIN\n<STLS\n<.\n"
     ">STLS\n<+OK Begin TLS negotiation now.\n>CAPA\n<+OK\n<CAPA\n<USER\n<SASL PLAIN\n<.",
     "+OK Dovecot ready.", "CAPA USER SASL", "PLAIN", "", true, true},
    {"POP3 without CAPA: nothing known, nothing claimed", MAILCFG_PROTOCOL_POP3, true,
     "<+OK hello\n>CAPA\n<-ERR unknown command", "+OK hello", "", "", "", false, false},
    {"POP3 USER/PASS refused: the last answer", MAILCFG_PROTOCOL_POP3, true,
     "<+OK hello\n>CAPA\n<+OK\n<USER\n<.\n>USER max\n<+OK\n>PASS secret\n"
     "<-ERR [AUTH] Authentication failed.",
     "+OK hello", "USER", "", "-ERR [AUTH] Authentication failed.", false, false},
    {"SMTP STARTTLS: the EHLO name is not a keyword; AUTH before TLS is plaintext",
     MAILCFG_PROTOCOL_SMTP, false,
     "<220 mx.example ESMTP\n>EHLO localhost\n<250-mx.example\n<250-PIPELINING\n"
     "<250-STARTTLS\n<250 AUTH PLAIN LOGIN\n>STARTTLS\n<220 2.0.0 Ready\n>EHLO localhost\n"
     "<250-mx.example\n<250-SIZE 100\n<250 AUTH PLAIN",
     "220 mx.example ESMTP", "SIZE AUTH", "PLAIN", "", true, true},
    {"SMTP over TLS: login refused after a 334 challenge", MAILCFG_PROTOCOL_SMTP, true,
     "<220 mx\n>EHLO localhost\n<250-mx\n<250 AUTH LOGIN\n>AUTH LOGIN\n<334 VXNlcm5hbWU6\n"
     ">bWF4\n<334 UGFzc3dvcmQ6\n>c2VjcmV0\n<535 5.7.8 Authentication failed",
     "220 mx", "AUTH", "LOGIN", "535 5.7.8 Authentication failed", false, false},
};

static void play(struct mc_dialogue *d, const struct row *w)
{
	memset(d, 0, sizeof *d);
	d->protocol = w->protocol;
	d->tls = w->implicit_tls;
	for (const char *p = w->script; *p;) {
		size_t n = strcspn(p, "\n");
		char line[600];
		/* as libcurl hands them: with CRLF */
		memcpy(line, p + 1, n - 1);
		memcpy(line + n - 1, "\r\n", 2);
		if (p[0] == '<')
			mc_dialogue_in(d, line, n + 1);
		else
			mc_dialogue_out(d, line, n + 1);
		p += n + (p[n] == '\n');
	}
}

START_TEST(test_rows)
{
	const struct row *w = &rows[_i];
	struct mc_dialogue d;
	play(&d, w);
	ck_assert_msg(strcmp(d.greeting, w->greeting) == 0, "%s: greeting '%s'", w->name,
	              d.greeting);
	ck_assert_msg(strcmp(mc_dialogue_caps(&d), w->caps) == 0, "%s: caps '%s'", w->name,
	              mc_dialogue_caps(&d));
	ck_assert_msg(strcmp(mc_dialogue_auth(&d), w->auth) == 0, "%s: auth '%s'", w->name,
	              mc_dialogue_auth(&d));
	ck_assert_msg(strcmp(d.auth_reply, w->auth_reply) == 0, "%s: reply '%s'", w->name,
	              d.auth_reply);
	ck_assert_msg(mc_dialogue_starttls_offered(&d) == w->starttls_offered, "%s: starttls",
	              w->name);
	ck_assert_msg(mc_dialogue_plaintext_auth(&d) == w->plaintext_auth, "%s: plaintext",
	              w->name);
}
END_TEST

static bool holds(const void *mem, size_t size, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= size; i++)
		if (memcmp((const char *)mem + i, s, n) == 0)
			return true;
	return false;
}

/* What the client sends is read for its verb only: no password is kept. */
START_TEST(test_no_password_kept)
{
	struct mc_dialogue d;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		play(&d, &rows[i]);
		ck_assert_msg(!holds(&d, sizeof d, "secret"), "%s", rows[i].name);
		ck_assert_msg(!holds(&d, sizeof d, "c2VjcmV0"), "%s", rows[i].name);
		ck_assert_msg(!holds(&d, sizeof d, "AHVzZXIAc2VjcmV0"), "%s", rows[i].name);
	}
}
END_TEST

/* Several lines in one piece, a line without CR, a last line without LF. */
START_TEST(test_chunks)
{
	struct mc_dialogue d = {.protocol = MAILCFG_PROTOCOL_SMTP, .tls = true};
	const char *greet = "220 mx ready\r\n";
	mc_dialogue_in(&d, greet, strlen(greet));
	mc_dialogue_out(&d, "EHLO x\r\n", 8);
	const char *ehlo = "250-mx\r\n250-8BITMIME\n250 AUTH PLAIN XOAUTH2";
	mc_dialogue_in(&d, ehlo, strlen(ehlo));
	ck_assert_str_eq(d.greeting, "220 mx ready");
	ck_assert_str_eq(mc_dialogue_caps(&d), "8BITMIME AUTH");
	ck_assert_str_eq(mc_dialogue_auth(&d), "PLAIN XOAUTH2");
}
END_TEST

/* An endless capability list fills its buffer and stops, never overflows. */
START_TEST(test_long_lists)
{
	struct mc_dialogue d = {.protocol = MAILCFG_PROTOCOL_IMAP, .tls = true};
	char line[8192] = "* CAPABILITY";
	for (int i = 0; i < 500; i++) /* 7000 bytes */
		strcat(line, " AUTH=X1234567");
	mc_dialogue_in(&d, "* OK hi\r\n", 9);
	mc_dialogue_in(&d, line, strlen(line));
	ck_assert_uint_lt(strlen(mc_dialogue_caps(&d)), sizeof d.caps[1]);
	ck_assert_uint_lt(strlen(mc_dialogue_auth(&d)), sizeof d.auth[1]);
	ck_assert_uint_gt(strlen(mc_dialogue_caps(&d)), 1000);
	ck_assert_uint_lt(strlen(d.last), sizeof d.last);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("check_proto");
	TCase *tc = tcase_create("dialogues");
	tcase_add_loop_test(tc, test_rows, 0, (int)(sizeof rows / sizeof rows[0]));
	tcase_add_test(tc, test_no_password_kept);
	tcase_add_test(tc, test_chunks);
	tcase_add_test(tc, test_long_lists);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
