/* Names of enumeration values: one table per enumeration, used both ways. */
#include <string.h>
#include <strings.h>

#include "names.h"

static const char *const protocol_names[] = {"imap", "pop3", "smtp"};
static const char *const encryption_names[] = {"ssl", "starttls", "none"};
static const char *const auth_names[MAILCFG_AUTH_COUNT] = {
    "password-cleartext", "password-encrypted", "oauth2", "ntlm", "gssapi",
    "client-ip-address",  "tls-client-cert",    "none",
};
static const char *const status_names[] = {"active", "discontinued", "merged"};
static const char *const note_kind_names[MAILCFG_NOTE_KIND_COUNT] = {
    "app-password",
    "enable-imap",
    "enable-pop3",
    "oauth2-only",
    "paid-feature",
    "provider-network-only",
    "customer-number-login",
    "two-factor",
    "discontinued",
    "migrated",
    "sending-limits",
    "no-imap",
    "unencrypted-only",
    "uncertain",
    "info",
};
static const char *const source_names[] = {"none",       "builtin", "user", "mx",
                                           "autoconfig", "ispdb",   "srv",  "guess"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int index_of(const char *const *table, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i], name) == 0)
			return (int)i;
	return -1;
}

static const char *name_at(const char *const *table, size_t n, unsigned i)
{
	return i < n ? table[i] : "unknown";
}

const char *mailcfg_protocol_name(mailcfg_protocol p)
{
	return name_at(protocol_names, COUNT(protocol_names), (unsigned)p);
}

const char *mailcfg_encryption_name(mailcfg_encryption e)
{
	return name_at(encryption_names, COUNT(encryption_names), (unsigned)e);
}

const char *mailcfg_auth_name(unsigned auth_bit)
{
	for (unsigned i = 0; i < MAILCFG_AUTH_COUNT; i++)
		if (auth_bit == 1u << i)
			return auth_names[i];
	return "unknown";
}

const char *mailcfg_provider_status_name(mailcfg_provider_status s)
{
	return name_at(status_names, COUNT(status_names), (unsigned)s);
}

const char *mailcfg_note_kind_name(mailcfg_note_kind k)
{
	return name_at(note_kind_names, COUNT(note_kind_names), (unsigned)k);
}

const char *mailcfg_source_name(mailcfg_source s)
{
	return name_at(source_names, COUNT(source_names), (unsigned)s);
}

int mc_protocol_from_name(const char *name)
{
	return index_of(protocol_names, COUNT(protocol_names), name);
}

int mc_encryption_from_name(const char *name)
{
	return index_of(encryption_names, COUNT(encryption_names), name);
}

int mc_auth_from_name(const char *name)
{
	int i = index_of(auth_names, COUNT(auth_names), name);
	return i < 0 ? -1 : 1 << i;
}

int mc_provider_status_from_name(const char *name)
{
	return index_of(status_names, COUNT(status_names), name);
}

int mc_note_kind_from_name(const char *name)
{
	return index_of(note_kind_names, COUNT(note_kind_names), name);
}

const char *mailcfg_strerror(int err)
{
	switch (err) {
	case MAILCFG_OK: return "success";
	case MAILCFG_ERR_NOMEM: return "out of memory";
	case MAILCFG_ERR_INVALID_QUERY: return "not a valid domain, address or provider name";
	case MAILCFG_ERR_NOT_FOUND: return "no settings known";
	case MAILCFG_ERR_IO: return "input/output error";
	case MAILCFG_ERR_DATA: return "invalid provider data";
	case MAILCFG_ERR_TEMPORARY: return "temporary failure";
	case MAILCFG_ERR_ARGUMENT: return "invalid argument";
	default: return "unknown error";
	}
}

int mc_encryption_from_setting(const char *text)
{
	/* "tls" is what many mail programs call implicit TLS on 993/995/465 */
	if (strcasecmp(text, "tls") == 0)
		return MAILCFG_ENCRYPTION_SSL;
	for (size_t i = 0; i < COUNT(encryption_names); i++)
		if (strcasecmp(text, encryption_names[i]) == 0)
			return (int)i;
	return -1;
}
