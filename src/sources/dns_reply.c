/* Reading DNS replies: the raw bytes come from the network and are hostile
 * until checked. Everything here is a pure function of the reply, so the
 * fuzzer (tests/fuzz/fuzz_dns.c) can feed it any bytes. */
#include <stdio.h>
#include <string.h>

#include "dns_reply.h"
#include "util/text.h"

/* A domain name in a DNS message: its end, following no pointer. */
static int skip_name(const unsigned char *m, int len, int pos)
{
	while (pos < len) {
		unsigned char c = m[pos];
		if (c == 0)
			return pos + 1;
		if ((c & 0xC0) == 0xC0)
			return pos + 2 <= len ? pos + 2 : -1;
		if (c & 0xC0)
			return -1;
		pos += c + 1;
	}
	return -1;
}

long mc_dns_reply_ttl(const unsigned char *m, int len)
{
	/* c-ares 1.18 parses records without their TTL: read it ourselves,
	 * bounds-checked, from the answer section */
	if (!m || len < 12)
		return -1;
	int qd = m[4] << 8 | m[5], an = m[6] << 8 | m[7], pos = 12;
	for (int i = 0; i < qd && pos >= 0; i++) {
		pos = skip_name(m, len, pos);
		pos = pos >= 0 && pos + 4 <= len ? pos + 4 : -1;
	}
	long ttl = -1;
	for (int i = 0; i < an && pos >= 0; i++) {
		pos = skip_name(m, len, pos);
		if (pos < 0 || pos + 10 > len)
			return ttl;
		unsigned long t = (unsigned long)m[pos + 4] << 24 |
		                  (unsigned long)m[pos + 5] << 16 | (unsigned long)m[pos + 6] << 8 |
		                  m[pos + 7];
		if (t > 0x7fffffffUL)
			t = 0; /* RFC 2181: such a TTL means zero */
		if (ttl < 0 || (long)t < ttl)
			ttl = (long)t;
		pos += 10 + (m[pos + 8] << 8 | m[pos + 9]);
	}
	return ttl;
}

/* Copy a host name from a reply, lower-cased; false when it is not a valid
 * mail host name (a hostile or broken name is never passed on). */
static bool take_host(const char *name, char *out, size_t outsize)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n >= outsize || mc_domain_problem(name, n))
		return false;
	for (size_t i = 0; i <= n; i++)
		out[i] = mc_ascii_lower(name[i]);
	return true;
}

int mc_dns_best_mx(const unsigned char *abuf, int alen, char *host, size_t hostsize)
{
	struct ares_mx_reply *mx = NULL;
	int status = ares_parse_mx_reply(abuf, alen, &mx);
	if (status != ARES_SUCCESS)
		return status;
	/* the most preferred exchanger with a valid name */
	unsigned short best = 0;
	bool found = false;
	char name[254];
	for (const struct ares_mx_reply *m = mx; m; m = m->next)
		if ((!found || m->priority < best) && take_host(m->host, name, sizeof name)) {
			found = true;
			best = m->priority;
			snprintf(host, hostsize, "%s", name);
		}
	ares_free_data(mx);
	return found ? ARES_SUCCESS : ARES_ENODATA;
}

int mc_dns_srv_targets(const unsigned char *abuf, int alen, mc_srv_each each, void *ud)
{
	struct ares_srv_reply *srv = NULL;
	int status = ares_parse_srv_reply(abuf, alen, &srv);
	if (status != ARES_SUCCESS)
		return status;
	char target[254];
	for (const struct ares_srv_reply *r = srv; r; r = r->next) {
		/* "." means the service is not offered (RFC 6186 section 3.4) */
		if (!r->host || strcmp(r->host, ".") == 0 || r->port == 0)
			continue;
		if (take_host(r->host, target, sizeof target) &&
		    !each(ud, r->priority, r->weight, r->port, target))
			break;
	}
	ares_free_data(srv);
	return ARES_SUCCESS;
}
