/* Look-ups in the compiled message catalogue and the one formatter of its
 * messages. A binary search per message: no initialisation, no file I/O,
 * no dependence on the installed locales (see tools/mailcfg-po.c). */
#include <stdlib.h>
#include <string.h>

#include "output.h"

struct probe {
	const char *ctxt, *msgid;
};

static int cmp_key(const void *a, const void *b)
{
	const struct probe *p = a;
	const struct mc_catalog_key *k = b;
	int c = strcmp(p->ctxt ? p->ctxt : "", k->ctxt ? k->ctxt : "");
	return c ? c : strcmp(p->msgid, k->msgid);
}

const char *mc_trc(mailcfg_lang lang, const char *ctxt, const char *msgid)
{
	size_t l = (size_t)lang;
	if (l == 0 || l >= mc_catalog_lang_count)
		return msgid;
	struct probe p = {ctxt, msgid};
	const struct mc_catalog_key *k =
	    bsearch(&p, mc_catalog_keys, mc_catalog_key_count, sizeof *k, cmp_key);
	if (!k)
		return msgid;
	const char *t = mc_catalog_langs[l].text[k - mc_catalog_keys];
	return t ? t : msgid;
}

const char *mc_tr(mailcfg_lang lang, const char *msgid)
{
	return mc_trc(lang, NULL, msgid);
}

static bool find_code(const char *s, size_t n, mailcfg_lang *lang)
{
	for (size_t i = 0; i < mc_catalog_lang_count; i++)
		if (strlen(mc_catalog_langs[i].code) == n &&
		    strncmp(mc_catalog_langs[i].code, s, n) == 0) {
			*lang = (mailcfg_lang)i;
			return true;
		}
	return false;
}

bool mc_lang_from_code(const char *s, mailcfg_lang *lang)
{
	size_t full = strcspn(s, ".@"); /* de_DE of de_DE.UTF-8@euro */
	size_t ll = strcspn(s, "_.@");  /* de */
	if (ll == 0)
		return false;
	return find_code(s, full, lang) || find_code(s, ll, lang);
}

const char *mc_lang_code(mailcfg_lang lang)
{
	size_t l = (size_t)lang;
	return l < mc_catalog_lang_count ? mc_catalog_langs[l].code : "en";
}

bool mc_lang_is_de(mailcfg_lang lang)
{
	return lang == MAILCFG_LANG_DE;
}

/* FMT with its %s and %N$s replaced by ARGS, each escaped for a terminal
 * when SAFE. */
static void put_msg(struct mc_buf *b, const char *fmt, const char *const *args, size_t nargs,
                    bool safe)
{
	size_t next = 0;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			mc_buf_putc(b, *p);
			continue;
		}
		size_t i;
		if (p[1] == '%') {
			mc_buf_putc(b, '%');
			p++;
			continue;
		} else if (p[1] == 's') {
			i = next++;
			p++;
		} else if (p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's') {
			i = (size_t)(p[1] - '1');
			p += 3;
		} else {
			/* the generator rejects this; show it rather than guess */
			mc_buf_putc(b, '%');
			continue;
		}
		if (i >= nargs || !args[i])
			continue;
		if (safe)
			mc_buf_put_safe(b, args[i], strlen(args[i]));
		else
			mc_buf_puts(b, args[i]);
	}
}

void mc_buf_put_msg(struct mc_buf *b, const char *fmt, const char *const *args, size_t nargs)
{
	/* arguments are data (host names, notes): never raw on a terminal */
	put_msg(b, fmt, args, nargs, true);
}

void mc_buf_put_msg_raw(struct mc_buf *b, const char *fmt, const char *const *args, size_t nargs)
{
	put_msg(b, fmt, args, nargs, false);
}
