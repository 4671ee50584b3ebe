/* Shared by the export formatters only: the servers a client uses, clear
 * placeholders, account names, and the escapers of the target syntaxes. */
#ifndef MC_EXPORT_H
#define MC_EXPORT_H

#include "output.h"

/* What stands where the query gave no address: upper case, so a person
 * sees it at once, and never a working name. */
#define MC_PLACEHOLDER_LOCAL  "YOUR-NAME"
#define MC_PLACEHOLDER_DOMAIN "YOUR-DOMAIN"
#define MC_PLACEHOLDER_MX     "YOUR-MX-HOST"

#define MC_EXPORT_VALUES 8

enum { MC_OPEN_LOCAL = 1, MC_OPEN_DOMAIN = 2, MC_OPEN_MX = 4 };

/* One result seen by an export formatter. */
struct mc_export {
	const mailcfg_result *r;
	/* the first server of each protocol: the provider's preference */
	const mailcfg_server *imap, *pop3, *smtp;
	const mailcfg_server *incoming; /* IMAP, else POP3, else NULL */
	bool address;                   /* the query was an address */
	unsigned placeholders;          /* MC_OPEN_*: the placeholders written */
	bool oom;
	/* the account's name: the address, the domain or the provider id, with
	 * characters outside A-Z a-z 0-9 . - _ @ + made '_' */
	char name[320];
	/* the last MC_EXPORT_VALUES values returned, in turn */
	struct mc_buf values[MC_EXPORT_VALUES];
	size_t next_value;
};

void mc_export_init(struct mc_export *e, const mailcfg_result *r);
/* Free the values and carry an allocation failure over to B. */
void mc_export_done(struct mc_export *e, struct mc_buf *b);
/* T (NULL: "") with open placeholders (%EMAILADDRESS%, %EMAILLOCALPART%,
 * %EMAILDOMAIN%, %MXHOST%) made clear ones and unwanted characters made
 * U+FFFD; valid until MC_EXPORT_VALUES more values are asked for. */
const char *mc_export_value(struct mc_export *e, const char *t);
/* The sender address: the query's address, or a placeholder one. */
const char *mc_export_from(struct mc_export *e);

/* Comment lines ("# Replace YOUR-NAME ...") for the placeholders written. */
void mc_export_note(struct mc_buf *b, const struct mc_export *e);

/* Append S[0..N) with control characters, line and paragraph separators,
 * bidi overrides and invalid UTF-8 replaced by U+FFFD. */
void mc_export_clean(struct mc_buf *b, const char *s, size_t n);
/* Append S[0..N) as XML character data or attribute value: & < > " '
 * escaped, invisible and bidi characters as character references, what
 * XML cannot carry (C0 controls, invalid UTF-8) as U+FFFD. */
void mc_buf_put_xml(struct mc_buf *b, const char *s, size_t n);
/* Append S[0..N) as one POSIX shell word in single quotes, safe to eval. */
void mc_buf_put_sh(struct mc_buf *b, const char *s, size_t n);
/* Append S percent-encoded for the user part of a URL (RFC 3986: all but
 * the unreserved characters). */
void mc_buf_put_url_user(struct mc_buf *b, const char *s);

#endif
