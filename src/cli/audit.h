/* The rules of `mailcfg audit`: a customer's settings against a lookup's
 * answer, as findings with their fixes, most important first. No printing,
 * no network: cmd_audit.c does the rest. */
#ifndef MC_AUDIT_H
#define MC_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "mailcfg.h"

/* What the customer configured for one protocol. */
struct audit_setting {
	bool given;
	mailcfg_protocol protocol;
	char host[256];
	unsigned port;
	mailcfg_encryption encryption;
};

/* The kinds of finding, in order of importance: the order of the list. */
enum audit_kind {
	AUDIT_DISCONTINUED,     /* the provider is gone: nothing else matters */
	AUDIT_NO_SUCH_SERVICE,  /* the provider has no server of this protocol */
	AUDIT_WRONG_HOST,       /* not one of the provider's server names */
	AUDIT_PORT_ENCRYPTION,  /* port and encryption contradict (587 + SSL, 465 + STARTTLS) */
	AUDIT_WRONG_PORT,       /* the provider uses another port for this encryption */
	AUDIT_WRONG_ENCRYPTION, /* the provider does not offer this encryption */
	AUDIT_UNENCRYPTED,      /* no encryption where the provider offers it */
	AUDIT_STARTTLS,         /* STARTTLS where SSL/TLS is offered (RFC 8314) */
	AUDIT_USERNAME,         /* the user name has the wrong form */
	AUDIT_KIND_COUNT
};

struct audit_finding {
	enum audit_kind kind;
	int protocol;      /* a mailcfg_protocol, or -1 for the whole account */
	bool error;        /* will not work or is unsafe; false: advice */
	char message[600]; /* in the language asked for, raw: escape to print */
	char fix[600];
};

/* Parse TEXT ("HOST:PORT:ENCRYPTION", ENCRYPTION ssl, tls, starttls or
 * none) into S; false with the reason in WHY, an English message of the
 * catalogue (po/): the caller shows it translated. */
bool audit_parse_setting(const char *text, mailcfg_protocol p, struct audit_setting *s, char *why,
                         size_t whysize);

/* Compare SETTINGS[protocol] (those given) and USERNAME (or NULL) with R's
 * answer; up to MAX findings into OUT, sorted, their number returned. The
 * findings' message and fix are in LANG (the message catalogue, po/). */
size_t audit_compare(const mailcfg_result *r, const struct audit_setting settings[3],
                     const char *username, mailcfg_lang lang, struct audit_finding *out,
                     size_t max);

/* "wrong_host" and so on: the kind's name in JSON. */
const char *audit_kind_name(enum audit_kind k);

#endif
