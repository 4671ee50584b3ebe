/* Every word the text output shows a person, in English and German, in one
 * table, so a third language is one more column, not code changes. */
#include "output.h"

static const char *const labels[MC_L_COUNT][2] = {
    [MC_L_INCOMING] = {"Incoming", "Posteingang"},
    [MC_L_OUTGOING] = {"Outgoing", "Postausgang"},
    [MC_L_USERNAME] = {"Username", "Benutzername"},
    [MC_L_LOGIN] = {"Login", "Anmeldung"},
    [MC_L_NOTES] = {"Notes", "Hinweise"},
    [MC_L_HELP] = {"Help", "Hilfe"},
    [MC_L_SOURCE] = {"Source", "Quelle"},
    [MC_L_STATUS] = {"Status", "Status"},
    [MC_L_RECOMMENDED] = {"recommended", "empfohlen"},
    [MC_L_UNENCRYPTED] = {"UNENCRYPTED", "UNVERSCHLÜSSELT"},
    [MC_L_UNUSUAL] = {"unusual port", "ungewöhnlicher Port"},
    [MC_L_NONE] = {"none", "keiner"},
    [MC_L_FULL_ADDRESS] = {"your full email address", "Ihre vollständige E-Mail-Adresse"},
    [MC_L_LOCAL_PART] = {"the part of your address before the @",
                         "der Teil Ihrer Adresse vor dem @"},
    [MC_L_DOMAIN_PART] = {"the part of your address after the @",
                          "der Teil Ihrer Adresse nach dem @"},
    [MC_L_BUILTIN_DATA] = {"built-in data", "eingebaute Daten"},
    [MC_L_USER_DATA] = {"your own provider data", "Ihre eigenen Anbieterdaten"},
    [MC_L_CHECKED] = {"checked", "geprüft"},
    [MC_L_NOT_VERIFIED] = {"NOT VERIFIED", "NICHT GEPRÜFT"},
    [MC_L_MERGED_INTO] = {"merged into", "übergegangen in"},
    [MC_L_DISCONTINUED] = {"discontinued", "eingestellt"},
    [MC_L_REFERENCES] = {"from", "laut"},
    [MC_L_USERNAME_VARIES] = {"user", "Benutzer"},
    [MC_L_BY_MX] = {"recognized by the MX host", "erkannt am MX-Host"},
    [MC_L_ONLINE] = {"found online at", "online gefunden unter"},
    [MC_L_AGREES] = {"The same from", "Dasselbe laut"},
    [MC_L_CACHED] = {"cached", "zwischengespeichert"},
    [MC_L_DISAGREES] = {"DIFFERENT settings from", "ANDERE Einstellungen laut"},
    [MC_L_UNTRUSTED] = {"UNTRUSTED: fetched over plain http",
                        "NICHT VERTRAUENSWÜRDIG: über unverschlüsseltes http geholt"},
};

const char *mc_label(enum mc_label id, mailcfg_lang lang)
{
	return labels[id][lang == MAILCFG_LANG_DE];
}

const char *mc_auth_label(unsigned bit, mailcfg_lang lang)
{
	bool de = lang == MAILCFG_LANG_DE;
	switch (bit) {
	case MAILCFG_AUTH_PASSWORD_CLEARTEXT: return de ? "Passwort, normal" : "normal password";
	case MAILCFG_AUTH_PASSWORD_ENCRYPTED:
		return de ? "verschlüsseltes Passwort (CRAM-MD5)" : "encrypted password (CRAM-MD5)";
	case MAILCFG_AUTH_OAUTH2:
		return de ? "OAuth2 (Anmeldung im Browser)" : "OAuth2 (sign-in in the browser)";
	case MAILCFG_AUTH_NTLM: return "NTLM";
	case MAILCFG_AUTH_GSSAPI: return "Kerberos/GSSAPI";
	case MAILCFG_AUTH_CLIENT_IP_ADDRESS:
		return de ? "keine, nur aus dem Netz des Anbieters"
		          : "none, only from the provider's network";
	case MAILCFG_AUTH_TLS_CLIENT_CERT:
		return de ? "TLS-Client-Zertifikat" : "TLS client certificate";
	case MAILCFG_AUTH_NONE: return de ? "keine Anmeldung" : "no login";
	default: return "?";
	}
}

const char *mc_encryption_label(mailcfg_encryption e, mailcfg_lang lang)
{
	switch (e) {
	case MAILCFG_ENCRYPTION_SSL: return "SSL/TLS";
	case MAILCFG_ENCRYPTION_STARTTLS: return "STARTTLS";
	default: return lang == MAILCFG_LANG_DE ? "keine" : "none";
	}
}
