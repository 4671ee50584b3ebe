/* The message catalogue: every sentence and label the tool shows a person,
 * looked up by its English text (the gettext msgid, with a msgctxt where
 * the same English needs different translations). The tables are compiled
 * from po/mailcfg.pot and po/LL.po at build time by tools/mailcfg-po.c.
 *
 * Languages are numbered like mailcfg_lang: 0 en (the msgids), 1 de, and
 * every further po/LL.po after them, so a mailcfg_lang value may exceed
 * MAILCFG_LANG_DE. Provider data (notes, user name rules) exists in en and
 * de only: code reading it asks mc_lang_is_de(). */
#ifndef MC_CATALOG_H
#define MC_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "mailcfg.h"

/* Markers for xgettext (po/README.md): N_("text") and NC_("context",
 * "text") only mark; they expand to the English text. */
#define N_(s)     s
#define NC_(c, s) s

struct mc_catalog_key {
	const char *ctxt; /* NULL: none */
	const char *msgid;
};
struct mc_catalog_lang {
	const char *code;        /* "en", "de", "pt_BR" */
	const char *const *text; /* per key, NULL: untranslated; NULL for en */
};

/* Generated: keys sorted by (ctxt or "", msgid) with strcmp. */
extern const struct mc_catalog_key mc_catalog_keys[];
extern const size_t mc_catalog_key_count;
extern const struct mc_catalog_lang mc_catalog_langs[];
extern const size_t mc_catalog_lang_count;

/* MSGID in LANG; the English MSGID itself when untranslated. */
const char *mc_tr(mailcfg_lang lang, const char *msgid);
const char *mc_trc(mailcfg_lang lang, const char *ctxt, const char *msgid);

/* The language named by a locale value or a code ("de", "de_DE.UTF-8",
 * "pt_BR@euro"): ll_CC first, then ll. False when the catalogue has none. */
bool mc_lang_from_code(const char *s, mailcfg_lang *lang);
/* The code of LANG ("en", "de"). */
const char *mc_lang_code(mailcfg_lang lang);
/* Whether data that comes in en and de only should be shown in German. */
bool mc_lang_is_de(mailcfg_lang lang);

#endif
