/* TSV output for cut and awk: one line per server of a found result. */
#include <string.h>

#include "../core/internal.h"
#include "output.h"

/* Fields never hold tabs or newlines: queries with control characters are
 * invalid and data strings are validated, but stay safe regardless. */
static void field(struct mc_buf *b, const char *s, size_t n)
{
	mc_buf_put_safe(b, s, n);
}

void mc_format_tsv(struct mc_buf *b, const mailcfg_result *r)
{
	if (r->status != MAILCFG_STATUS_FOUND)
		return;
	const char *q = r->query;
	size_t n = r->query_len;
	while (n && (*q == ' ' || *q == '\t'))
		q++, n--;
	while (n && (q[n - 1] == ' ' || q[n - 1] == '\t' || q[n - 1] == '\r'))
		n--;
	for (size_t i = 0; i < r->server_count; i++) {
		const mailcfg_server *s = &r->servers[i];
		field(b, q, n);
		mc_buf_putc(b, '\t');
		field(b, r->provider_id, strlen(r->provider_id));
		mc_buf_putc(b, '\t');
		mc_buf_puts(b, mailcfg_protocol_name(s->protocol));
		mc_buf_putc(b, '\t');
		field(b, s->host, strlen(s->host));
		mc_buf_putc(b, '\t');
		mc_buf_put_uint(b, s->port);
		mc_buf_putc(b, '\t');
		mc_buf_puts(b, mailcfg_encryption_name(s->encryption));
		mc_buf_putc(b, '\t');
		field(b, s->username, strlen(s->username));
		mc_buf_putc(b, '\n');
	}
}
