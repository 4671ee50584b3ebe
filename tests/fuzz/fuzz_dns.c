/* libFuzzer: any bytes as a DNS reply, through everything that reads one
 * (MX choice, SRV records, TTLs). What comes out must be a valid host name;
 * the harness checks that, not just that nothing crashes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/dns_reply.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_host(const char *host)
{
	size_t n = strlen(host);
	if (n == 0 || n > 253 || mc_domain_problem(host, n))
		abort();
	for (size_t i = 0; i < n; i++)
		if (host[i] >= 'A' && host[i] <= 'Z')
			abort(); /* promised lower-case */
}

static bool each(void *ud, unsigned priority, unsigned weight, unsigned port, const char *target)
{
	(void)ud;
	if (priority > 65535 || weight > 65535 || port == 0 || port > 65535)
		abort();
	check_host(target);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65535)
		return 0; /* a DNS message is at most 64 KiB */
	/* a copy of exactly SIZE bytes, so ASan sees any read past the end */
	unsigned char *m = malloc(size ? size : 1);
	if (!m)
		return 0;
	memcpy(m, data, size);
	long ttl = mc_dns_reply_ttl(m, (int)size);
	if (ttl < -1 || ttl > 0x7fffffffL)
		abort();
	char host[254];
	if (mc_dns_best_mx(m, (int)size, host, sizeof host) == ARES_SUCCESS)
		check_host(host);
	mc_dns_srv_targets(m, (int)size, each, NULL);
	free(m);
	return 0;
}
