/* mailcfg — mail settings lookup library.
 *
 * The one public header: resolve a domain, an email address or a provider
 * name into IMAP, POP3 and SMTP settings from a database compiled into the
 * library, optionally overlaid with the user's own provider files.
 *
 * Conventions: functions return 0 (MAILCFG_OK) or a negative mailcfg_error;
 * strings returned by accessors stay valid until the result is reused or
 * freed (result strings) or the context is freed (provider strings).
 * Nothing in the library prints or exits.
 */
#ifndef MAILCFG_H
#define MAILCFG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MAILCFG_VERSION       "0.1.0"
#define MAILCFG_VERSION_MAJOR 0
#define MAILCFG_VERSION_MINOR 1
#define MAILCFG_VERSION_PATCH 0

/* Longest query accepted, in bytes, after surrounding blanks are removed. */
#define MAILCFG_MAX_QUERY 1024

typedef enum mailcfg_error {
	MAILCFG_OK = 0,
	MAILCFG_ERR_NOMEM = -1,         /* out of memory */
	MAILCFG_ERR_INVALID_QUERY = -2, /* not a domain, address or name */
	MAILCFG_ERR_NOT_FOUND = -3,     /* valid query, no settings known */
	MAILCFG_ERR_IO = -4,            /* a file could not be read */
	MAILCFG_ERR_DATA = -5,          /* a provider file is invalid */
	MAILCFG_ERR_TEMPORARY = -6,     /* a temporary failure, try again */
	MAILCFG_ERR_ARGUMENT = -7,      /* the caller passed a bad argument */
} mailcfg_error;

typedef enum mailcfg_protocol {
	MAILCFG_PROTOCOL_IMAP,
	MAILCFG_PROTOCOL_POP3,
	MAILCFG_PROTOCOL_SMTP,
} mailcfg_protocol;

typedef enum mailcfg_encryption {
	MAILCFG_ENCRYPTION_SSL,      /* implicit TLS from the first byte */
	MAILCFG_ENCRYPTION_STARTTLS, /* plain connection upgraded by STARTTLS */
	MAILCFG_ENCRYPTION_NONE,     /* unencrypted */
} mailcfg_encryption;

/* Authentication methods, as bits of mailcfg_server.auth. */
enum {
	MAILCFG_AUTH_PASSWORD_CLEARTEXT = 1 << 0,
	MAILCFG_AUTH_PASSWORD_ENCRYPTED = 1 << 1,
	MAILCFG_AUTH_OAUTH2 = 1 << 2,
	MAILCFG_AUTH_NTLM = 1 << 3,
	MAILCFG_AUTH_GSSAPI = 1 << 4,
	MAILCFG_AUTH_CLIENT_IP_ADDRESS = 1 << 5,
	MAILCFG_AUTH_TLS_CLIENT_CERT = 1 << 6,
	MAILCFG_AUTH_NONE = 1 << 7,
};
#define MAILCFG_AUTH_COUNT 8

typedef enum mailcfg_provider_status {
	MAILCFG_PROVIDER_ACTIVE,
	MAILCFG_PROVIDER_DISCONTINUED,
	MAILCFG_PROVIDER_MERGED,
} mailcfg_provider_status;

typedef enum mailcfg_note_kind {
	MAILCFG_NOTE_APP_PASSWORD,
	MAILCFG_NOTE_ENABLE_IMAP,
	MAILCFG_NOTE_ENABLE_POP3,
	MAILCFG_NOTE_OAUTH2_ONLY,
	MAILCFG_NOTE_PAID_FEATURE,
	MAILCFG_NOTE_PROVIDER_NETWORK_ONLY,
	MAILCFG_NOTE_CUSTOMER_NUMBER_LOGIN,
	MAILCFG_NOTE_TWO_FACTOR,
	MAILCFG_NOTE_DISCONTINUED,
	MAILCFG_NOTE_MIGRATED,
	MAILCFG_NOTE_SENDING_LIMITS,
	MAILCFG_NOTE_NO_IMAP,
	MAILCFG_NOTE_UNENCRYPTED_ONLY,
	MAILCFG_NOTE_UNCERTAIN,
	MAILCFG_NOTE_INFO,
} mailcfg_note_kind;
#define MAILCFG_NOTE_KIND_COUNT 15

typedef enum mailcfg_status {
	MAILCFG_STATUS_FOUND,     /* settings are in the result */
	MAILCFG_STATUS_NOT_FOUND, /* a valid query nobody knows */
	MAILCFG_STATUS_ERROR,     /* the query could not be answered */
} mailcfg_status;

typedef enum mailcfg_source {
	MAILCFG_SOURCE_NONE,
	MAILCFG_SOURCE_BUILTIN, /* the database compiled into the library */
	MAILCFG_SOURCE_USER,    /* the user's own provider files */
	MAILCFG_SOURCE_MX,      /* a provider recognized by its MX host name */
	MAILCFG_SOURCE_AUTOCONFIG, /* the provider's own autoconfig file */
	MAILCFG_SOURCE_ISPDB,      /* the ISPDB (Thunderbird's database) */
	MAILCFG_SOURCE_SRV,        /* DNS SRV records (RFC 6186, RFC 8314) */
	MAILCFG_SOURCE_GUESS,      /* usual server names that greeted (only on request) */
} mailcfg_source;

typedef enum mailcfg_query_kind {
	MAILCFG_QUERY_DOMAIN,
	MAILCFG_QUERY_ADDRESS,
	MAILCFG_QUERY_NAME,
} mailcfg_query_kind;

typedef enum mailcfg_lang {
	MAILCFG_LANG_EN,
	MAILCFG_LANG_DE,
} mailcfg_lang;

/* One server of a result, in the provider's order of preference. */
typedef struct mailcfg_server {
	mailcfg_protocol protocol;
	mailcfg_encryption encryption;
	unsigned port;
	unsigned auth;                /* MAILCFG_AUTH_* bits, never 0 */
	const char *host;             /* %EMAILDOMAIN% filled in when known */
	const char *username;         /* placeholders filled in when known */
	const char *username_rule_en; /* how the provider forms it, or NULL */
	const char *username_rule_de;
	int unusual; /* port and encryption contradict convention on purpose */
} mailcfg_server;

/* A note the customer must know or act on. */
typedef struct mailcfg_note {
	mailcfg_note_kind kind;
	const char *text_en;
	const char *text_de;
	const char *url; /* the provider's page about it, or NULL */
} mailcfg_note;

/* Summary of one provider, for listings. */
typedef struct mailcfg_provider_info {
	const char *id;
	const char *name;
	mailcfg_provider_status status;
	const char *successor; /* id, or NULL */
	size_t domain_count;
	const char *verified; /* "YYYY-MM", or "" when unverified */
	mailcfg_source source;
} mailcfg_provider_info;

/* Provenance of the built-in data. */
typedef struct mailcfg_data_info {
	size_t providers;
	size_t domains;
	size_t domain_patterns;
	size_t aliases;
	size_t mx_patterns;     /* MX host names and patterns */
	size_t unverified;  /* entries whose verified field is empty */
	const char *oldest; /* oldest "verified" month */
	const char *newest; /* newest "verified" month */
	const char *sha256; /* checksum of the data files, hex */
} mailcfg_data_info;

/* A set of sources, for mailcfg_online_options.sources. */
#define MAILCFG_SOURCE_BIT(s) (1u << (unsigned)(s))

/* Online discovery, for domains neither the built-in nor the user's data
 * knows. Strings must stay valid as long as the context uses them. */
typedef struct mailcfg_online_options {
	double timeout;               /* seconds for a whole lookup; <= 0: 5 */
	const char *ispdb_url;        /* base URL; NULL: the Thunderbird ISPDB */
	const char *cacert;           /* a CA file trusted besides the system's */
	const char *const *resolve;   /* "HOST:PORT:ADDR" pins, like curl's */
	size_t resolve_count;
	const char *dns_server;       /* "ADDR[:PORT]"; NULL: the system's */
	int allow_http;               /* also plain http:// autoconfig (untrusted) */
	int send_address;             /* send the whole address, not only the domain */
	void (*log)(void *userdata, const char *line); /* progress, for -v */
	void *log_userdata;
	int all_sources; /* wait for every source; the others become alternatives */
	int no_cache;    /* neither read nor write the cache of online answers */
	const char *cache_dir; /* NULL: $XDG_CACHE_HOME/mailcfg or ~/.cache/mailcfg */
	int guess;             /* also probe the usual server names (imap., mail., smtp.) */
} mailcfg_online_options;

typedef struct mailcfg_ctx mailcfg_ctx;
typedef struct mailcfg_result mailcfg_result;

/* Called once for every problem found in a user provider file. */
typedef void (*mailcfg_diag_fn)(void *userdata, const char *file, unsigned line, const char *field,
                                const char *message);

/* Create a context holding the built-in data. */
int mailcfg_ctx_new(mailcfg_ctx **ctx);
/* Free a context and every user provider loaded into it. */
void mailcfg_ctx_free(mailcfg_ctx *ctx);
/* Load every *.json provider file of DIR as user data (takes precedence). */
int mailcfg_ctx_load_dir(mailcfg_ctx *ctx, const char *dir, mailcfg_diag_fn diag, void *userdata);
/* Turn online discovery on with O (copied; its strings are not), or off
 * with NULL. */
int mailcfg_ctx_set_online(mailcfg_ctx *ctx, const mailcfg_online_options *o);
/* Use only these sources (MAILCFG_SOURCE_BIT()s; 0: all). */
int mailcfg_ctx_set_sources(mailcfg_ctx *ctx, unsigned sources);

/* Number of user providers loaded so far. */
size_t mailcfg_ctx_user_count(const mailcfg_ctx *ctx);

/* Allocate a result; reuse it for any number of lookups. */
int mailcfg_result_new(mailcfg_result **result);
/* Free a result. */
void mailcfg_result_free(mailcfg_result *result);

/* Resolve QUERY (LEN bytes, need not be NUL-terminated) into RESULT. */
int mailcfg_lookup(mailcfg_ctx *ctx, const char *query, size_t len, mailcfg_result *result);
/* Resolve N queries; the ones that need the network are looked up
 * concurrently (up to 64 at once, each under its own deadline). RESULTS[i]
 * answers QUERIES[i] (LENS[i] bytes). Returns 0 or an error for the call;
 * each result has its own status. */
int mailcfg_lookup_many(mailcfg_ctx *ctx, const char *const *queries, const size_t *lens,
                        mailcfg_result *const *results, size_t n);

/* Like mailcfg_lookup, but answer with PROVIDER (an id, name, alias or
 * domain as for mailcfg_provider_find): fills a customer's address or domain
 * into a hosting provider's settings. */
int mailcfg_lookup_as(mailcfg_ctx *ctx, const char *provider, const char *query, size_t len,
                      mailcfg_result *result);

/* Answer QUERY (an address, a domain, or LEN 0 for none) with the provider
 * whose MX host patterns match MX_HOST, the mail exchanger a DNS look-up
 * shows for the customer's domain: how hosted custom domains are told apart.
 * %MXHOST% in the provider's host names is filled in with MX_HOST. */
int mailcfg_lookup_mx(mailcfg_ctx *ctx, const char *mx_host, const char *query, size_t len,
                      mailcfg_result *result);

/* Accessors of a result. R must have been filled by a lookup; strings are
 * valid until R is reused or freed, and NULL where a value does not apply. */

/* Whether the query was answered (MAILCFG_STATUS_FOUND), is unknown, or
 * could not be answered. */
mailcfg_status mailcfg_result_status(const mailcfg_result *r);
/* MAILCFG_OK when found, else the mailcfg_error that explains why not. */
int mailcfg_result_error(const mailcfg_result *r);
/* Why the query was not answered, in English, for a person; "" when found. */
const char *mailcfg_result_message(const mailcfg_result *r);
/* The query as given, surrounding blanks removed. */
const char *mailcfg_result_query(const mailcfg_result *r);
/* Whether the query was a domain, an address or a provider name. */
mailcfg_query_kind mailcfg_result_query_kind(const mailcfg_result *r);
/* The mail domain in ASCII (punycode for international names), or NULL
 * when the query was not a domain or an address, or was invalid. */
const char *mailcfg_result_domain(const mailcfg_result *r);
/* The mail domain in Unicode, only for international domain names. */
const char *mailcfg_result_domain_unicode(const mailcfg_result *r);
/* The normalized address when the query was one, else NULL. */
const char *mailcfg_result_address(const mailcfg_result *r);
/* Where the answer came from (MAILCFG_SOURCE_NONE when not found). */
mailcfg_source mailcfg_result_source(const mailcfg_result *r);
/* The MX host the provider was recognized by; NULL unless by MX. */
const char *mailcfg_result_mx_host(const mailcfg_result *r);
/* Where an online answer came from (URL or DNS names), or NULL. */
const char *mailcfg_result_origin(const mailcfg_result *r);
/* Whether the answer came over an unauthenticated channel (plain http). */
int mailcfg_result_untrusted(const mailcfg_result *r);
/* With all_sources: the number of answers of the other sources. */
size_t mailcfg_result_alternative_count(const mailcfg_result *r);
/* With all_sources: the other sources' answer I, in priority order; NULL
 * when I is out of range. Valid as long as R. */
const mailcfg_result *mailcfg_result_alternative(const mailcfg_result *r, size_t i);
/* With all_sources: whether an alternative's servers differ from R's. */
int mailcfg_result_disagrees(const mailcfg_result *r);
/* Whether an online answer came from the cache instead of the network. */
int mailcfg_result_cached(const mailcfg_result *r);
/* The answering provider's id ("gmx"), or NULL when not found or when an
 * online source answered without naming a known provider. */
const char *mailcfg_result_provider_id(const mailcfg_result *r);
/* The answering provider's name as customers know it ("GMX"), or NULL. */
const char *mailcfg_result_provider_name(const mailcfg_result *r);
/* Whether the provider is active, discontinued or merged. */
mailcfg_provider_status mailcfg_result_provider_status(const mailcfg_result *r);
/* The provider that took over a merged or discontinued one: id, or NULL. */
const char *mailcfg_result_successor_id(const mailcfg_result *r);
/* The successor's name, or NULL. */
const char *mailcfg_result_successor_name(const mailcfg_result *r);
/* The provider's own page on mail program settings (https://), or NULL. */
const char *mailcfg_result_documentation(const mailcfg_result *r);
/* The month the data was last checked, "YYYY-MM"; "" when never; NULL when
 * not found. */
const char *mailcfg_result_verified(const mailcfg_result *r);
/* The number of servers, in the provider's order of preference. */
size_t mailcfg_result_server_count(const mailcfg_result *r);
/* Server I, or NULL when I is out of range. */
const mailcfg_server *mailcfg_result_server(const mailcfg_result *r, size_t i);
/* The number of notes the customer must know or act on. */
size_t mailcfg_result_note_count(const mailcfg_result *r);
/* Note I, or NULL when I is out of range. */
const mailcfg_note *mailcfg_result_note(const mailcfg_result *r, size_t i);
/* The number of sources the data names (URLs or document descriptions). */
size_t mailcfg_result_reference_count(const mailcfg_result *r);
/* Source I, or NULL when I is out of range. */
const char *mailcfg_result_reference(const mailcfg_result *r, size_t i);
/* When not found: the number of similar known names or domains. */
size_t mailcfg_result_suggestion_count(const mailcfg_result *r);
/* Suggestion I ("did you mean"), or NULL when I is out of range. */
const char *mailcfg_result_suggestion(const mailcfg_result *r, size_t i);

/* The number of providers known to CTX: user providers first, then
 * built-in ones. */
size_t mailcfg_provider_count(const mailcfg_ctx *ctx);
/* Fill INFO with provider I (0 <= I < mailcfg_provider_count()); returns
 * MAILCFG_ERR_ARGUMENT when I is out of range. */
int mailcfg_provider_get(const mailcfg_ctx *ctx, size_t i, mailcfg_provider_info *info);

/* Find a provider by id, name, alias or one of its domains and fill INFO;
 * MAILCFG_ERR_NOT_FOUND when none matches. */
int mailcfg_provider_find(const mailcfg_ctx *ctx, const char *name, mailcfg_provider_info *info);

/* Provenance of the built-in data. */
void mailcfg_data_get_info(mailcfg_data_info *info);

/* Names of enumeration values as used in JSON and in provider files; each
 * returns a static string, "unknown" for a value out of range. */
/* "imap", "pop3", "smtp" */
const char *mailcfg_protocol_name(mailcfg_protocol p);
/* "ssl", "starttls", "none" */
const char *mailcfg_encryption_name(mailcfg_encryption e);
/* "password-cleartext", "oauth2", ... for one MAILCFG_AUTH_* bit */
const char *mailcfg_auth_name(unsigned auth_bit);
/* "active", "discontinued", "merged" */
const char *mailcfg_provider_status_name(mailcfg_provider_status s);
/* "app-password", "enable-imap", ... */
const char *mailcfg_note_kind_name(mailcfg_note_kind k);
/* "none", "builtin", "user", "mx", "autoconfig", "ispdb", "srv", "guess" */
const char *mailcfg_source_name(mailcfg_source s);

/* ---- Live checks of mail servers ------------------------------------------
 * A check connects to a server the way a mail program would: DNS, TCP, TLS
 * (implicit or STARTTLS, certificate verified), the greeting and the
 * capabilities (IMAP CAPABILITY, POP3 CAPA, SMTP EHLO); a login only when a
 * user name and password are given. It runs in the network module
 * mailcfg-net.so, loaded on first use; all servers of one call are checked
 * side by side under one deadline. docs/check.md describes the verdicts. */

typedef enum mailcfg_verdict {
	MAILCFG_VERDICT_OK,      /* a mail program will work with this server */
	MAILCFG_VERDICT_WARNING, /* it works, but something needs attention soon */
	MAILCFG_VERDICT_FAIL,    /* a mail program will not work with it */
} mailcfg_verdict;

/* One server to check. */
typedef struct mailcfg_check_target {
	mailcfg_protocol protocol;
	mailcfg_encryption encryption;
	const char *host;
	unsigned port; /* 0: the standard port of the protocol and encryption */
} mailcfg_check_target;

/* How to check. Strings must stay valid during the call. */
typedef struct mailcfg_check_options {
	double timeout;             /* seconds for the whole call; <= 0: 10 */
	const char *cacert;         /* a CA file trusted besides the system's */
	const char *const *resolve; /* "HOST:PORT:ADDR" pins, like curl's */
	size_t resolve_count;
	const char *dns_server; /* "ADDR[:PORT]"; NULL: the system's */
	const char *login_user; /* NULL: no login (a failed login can lock an account) */
	const char *login_password;
	void (*log)(void *userdata, const char *line); /* progress, for -v */
	void *log_userdata;
} mailcfg_check_options;

/* What a check found. Text fields are "" when unknown and hold what the
 * server sent, unfiltered: make them safe before showing them. Times are
 * durations in milliseconds, -1 when the stage was not reached: dns (the
 * name to addresses), connect (TCP), tls (TCP connected to TLS established;
 * with STARTTLS this includes the greeting and the STARTTLS exchange) and
 * total (the whole check, login included). */
typedef struct mailcfg_check_report {
	mailcfg_protocol protocol;
	mailcfg_encryption encryption;
	char host[256];
	unsigned port;
	mailcfg_verdict verdict;
	char reason[400];    /* one English line a customer can be told */
	int network_failure; /* the network itself failed (DNS unreachable, no route) */
	char addresses[400]; /* what the name resolved to, comma-separated */
	char address[64];    /* the address connected to */
	double dns_ms, connect_ms, tls_ms, total_ms;
	int tls;              /* a TLS session was established */
	char tls_version[32]; /* "TLSv1.3" */
	char tls_cipher[96];
	char cert_subject[256], cert_issuer[256];
	char cert_expires[32]; /* "YYYY-MM-DDTHH:MM:SSZ" (the notAfter date) */
	long cert_days_left;   /* negative: expired that many days ago */
	int cert_name_matches; /* 1, 0, or -1 when no certificate was seen */
	char cert_error[200];  /* why verification failed, "" when it passed */
	char greeting[300];
	char capabilities[1200];   /* space-separated; after STARTTLS when it was used */
	char auth_mechanisms[300]; /* space-separated SASL mechanisms offered */
	int starttls_offered;
	int plaintext_auth_before_tls; /* AUTH offered on the unencrypted connection */
	int login_tried, login_ok;
	char login_message[300]; /* the server's answer to the login */
} mailcfg_check_report;

/* Check the N servers of TARGETS at once, filling REPORTS[i] for
 * TARGETS[i]. Returns 0 when every server was checked (whatever the
 * verdicts), MAILCFG_ERR_ARGUMENT for a bad target, MAILCFG_ERR_IO when
 * the network module is missing or does not start (REPORTS[0].reason says
 * why), MAILCFG_ERR_NOMEM. */
int mailcfg_check(const mailcfg_check_options *o, const mailcfg_check_target *targets, size_t n,
                  mailcfg_check_report *reports);
/* "ok", "warning", "fail". */
const char *mailcfg_verdict_name(mailcfg_verdict v);

/* A short English description of an error code. */
const char *mailcfg_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* MAILCFG_H */
