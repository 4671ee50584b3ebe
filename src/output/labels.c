/* Every word the text output shows a person, by label id. The English text
 * is the message id of the catalogue (po/), which holds the translations. */
#include "output.h"

struct label {
	const char *ctxt, *msgid;
};

static const struct label labels[MC_L_COUNT] = {
    [MC_L_INCOMING] = {NULL, N_("Incoming")},
    [MC_L_OUTGOING] = {NULL, N_("Outgoing")},
    [MC_L_USERNAME] = {NULL, N_("Username")},
    [MC_L_LOGIN] = {NULL, N_("Login")},
    [MC_L_NOTES] = {NULL, N_("Notes")},
    [MC_L_HELP] = {NULL, N_("Help")},
    [MC_L_SOURCE] = {NULL, N_("Source")},
    [MC_L_STATUS] = {NULL, N_("Status")},
    [MC_L_RECOMMENDED] = {NULL, N_("recommended")},
    [MC_L_UNENCRYPTED] = {NULL, N_("UNENCRYPTED")},
    [MC_L_UNUSUAL] = {NULL, N_("unusual port")},
    /* "no outgoing server": German needs the masculine form */
    [MC_L_NONE] = {"server", NC_("server", "none")},
    [MC_L_FULL_ADDRESS] = {NULL, N_("your full email address")},
    [MC_L_LOCAL_PART] = {NULL, N_("the part of your address before the @")},
    [MC_L_DOMAIN_PART] = {NULL, N_("the part of your address after the @")},
    [MC_L_BUILTIN_DATA] = {NULL, N_("built-in data")},
    [MC_L_USER_DATA] = {NULL, N_("your own provider data")},
    [MC_L_CHECKED] = {NULL, N_("checked")},
    [MC_L_NOT_VERIFIED] = {NULL, N_("NOT VERIFIED")},
    [MC_L_MERGED_INTO] = {NULL, N_("merged into")},
    [MC_L_DISCONTINUED] = {NULL, N_("discontinued")},
    [MC_L_REFERENCES] = {NULL, N_("from")},
    [MC_L_USERNAME_VARIES] = {NULL, N_("user")},
    [MC_L_BY_MX] = {NULL, N_("recognized by the MX host")},
    [MC_L_ONLINE] = {NULL, N_("found online at")},
    [MC_L_AGREES] = {NULL, N_("The same from")},
    [MC_L_CACHED] = {NULL, N_("cached")},
    [MC_L_DISAGREES] = {NULL, N_("DIFFERENT settings from")},
    [MC_L_UNTRUSTED] = {NULL, N_("UNTRUSTED: fetched over plain http")},
    [MC_L_OR] = {NULL, N_(" or ")},
};

const char *mc_label(enum mc_label id, mailcfg_lang lang)
{
	return mc_trc(lang, labels[id].ctxt, labels[id].msgid);
}

const char *mc_auth_label(unsigned bit, mailcfg_lang lang)
{
	switch (bit) {
	case MAILCFG_AUTH_PASSWORD_CLEARTEXT: return mc_tr(lang, N_("normal password"));
	case MAILCFG_AUTH_PASSWORD_ENCRYPTED:
		return mc_tr(lang, N_("encrypted password (CRAM-MD5)"));
	case MAILCFG_AUTH_OAUTH2: return mc_tr(lang, N_("OAuth2 (sign-in in the browser)"));
	case MAILCFG_AUTH_NTLM: return "NTLM";
	case MAILCFG_AUTH_GSSAPI: return "Kerberos/GSSAPI";
	case MAILCFG_AUTH_CLIENT_IP_ADDRESS:
		return mc_tr(lang, N_("none, only from the provider's network"));
	case MAILCFG_AUTH_TLS_CLIENT_CERT: return mc_tr(lang, N_("TLS client certificate"));
	case MAILCFG_AUTH_NONE: return mc_tr(lang, N_("no login"));
	default: return "?";
	}
}

const char *mc_encryption_label(mailcfg_encryption e, mailcfg_lang lang)
{
	switch (e) {
	case MAILCFG_ENCRYPTION_SSL: return "SSL/TLS";
	case MAILCFG_ENCRYPTION_STARTTLS: return "STARTTLS";
	default: return mc_trc(lang, "encryption", NC_("encryption", "none"));
	}
}
