/* The mail protocol side of a live server check: the lines libcurl
 * exchanged with the server (its debug callback), read for the greeting,
 * the capabilities before and after STARTTLS, the SASL mechanisms and the
 * answer to a login. Commands are read for their verb only: a password
 * never leaves libcurl through here. */
#ifndef MC_CHECK_PROTO_H
#define MC_CHECK_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#include "mailcfg.h"

struct mc_dialogue {
	mailcfg_protocol protocol;
	bool tls;           /* lines now travel over TLS */
	bool starttls_sent; /* the next answer is STARTTLS's */
	bool in_caps;       /* inside a multi-line CAPA / EHLO answer */
	bool ehlo_first;    /* the next EHLO line is the server's name */
	char greeting[300];
	char caps[2][1200]; /* [0] before TLS, [1] over TLS */
	char auth[2][300];  /* SASL mechanisms, likewise */
	bool seen_caps[2];
	bool logindisabled[2], plain_login[2]; /* IMAP LOGINDISABLED; POP3 USER */
	bool auth_sent;                        /* a login command went out */
	char auth_reply[300];                  /* the last final answer after it */
	char last[300];                        /* the last line the server sent */
	int lines_in;
};

/* A line (or several) the server sent / the client sent. */
void mc_dialogue_in(struct mc_dialogue *d, const char *data, size_t len);
void mc_dialogue_out(struct mc_dialogue *d, const char *data, size_t len);
/* The capabilities that count: over TLS when TLS was used. */
const char *mc_dialogue_caps(const struct mc_dialogue *d);
const char *mc_dialogue_auth(const struct mc_dialogue *d);
bool mc_dialogue_starttls_offered(const struct mc_dialogue *d);
/* Whether passwords were accepted on the unencrypted connection before
 * STARTTLS (AUTH=PLAIN, AUTH LOGIN, IMAP without LOGINDISABLED, POP3 USER). */
bool mc_dialogue_plaintext_auth(const struct mc_dialogue *d);

#endif
