/* libFuzzer: any bytes as a query, through lookup and every formatter
 * (also --client and --copy). The
 * JSON must always parse, the text must never carry a control byte that did
 * not come from us. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/internal.h"
#include "output/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mailcfg_ctx *ctx;
	static mailcfg_result *r;
	if (!ctx && (mailcfg_ctx_new(&ctx) || mailcfg_result_new(&r)))
		abort();
	mailcfg_lookup(ctx, (const char *)data, size, r);
	struct mc_buf b = {0};
	mc_format_json(&b, r, MAILCFG_LANG_DE);
	mc_buf_putc(&b, '\0');
	cJSON *v = cJSON_Parse(b.data);
	if (!v)
		abort(); /* the JSON contract: always valid */
	cJSON_Delete(v);
	b.len = 0;
	struct mc_text_opts o = {MAILCFG_LANG_EN, false, true};
	mc_format_text(&b, r, &o);
	mc_format_tsv(&b, r);
	/* the helpdesk texts: every mail program's steps and the copy block */
	for (int c = 0; c <= 6 && r->status == MAILCFG_STATUS_FOUND; c++)
		mc_format_client(&b, r, c, MAILCFG_LANG_DE);
	if (r->status == MAILCFG_STATUS_FOUND)
		mc_format_copy(&b, r, MAILCFG_LANG_EN);
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 && b.data[i] != '\n' && b.data[i] != '\t')
			abort(); /* nothing from outside reaches a terminal raw */
	mc_buf_free(&b);
	return 0;
}
