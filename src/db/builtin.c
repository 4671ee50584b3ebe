/* Look-ups in the compiled provider database: a hash index for domains,
 * binary search over the other tables sorted by the generator. No parsing,
 * no allocation. */
#include <string.h>

#include "builtin.h"
#include "domhash.h"

static int find_key(const struct mc_bkey *table, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, mc_bstr(table[mid].key));
		if (c == 0)
			return table[mid].provider;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

int mc_builtin_find_domain_hashed(const char *domain, size_t len, uint32_t hash)
{
	/* a hash probe touches one slot and one string where a binary search
	 * touches ten strings spread over the pool: fewer page faults for one
	 * look-up, fewer cache misses for a million */
	uint32_t mask = mc_builtin_domain_slot_mask;
	for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
		unsigned slot = mc_builtin_domain_slots[i];
		if (slot == 0)
			return -1;
		const struct mc_bkey *k = &mc_builtin_domains[slot - 1];
		const char *key = mc_bstr(k->key);
		size_t same = 0;
		while (same < len && key[same] == domain[same]) /* short: no call to memcmp */
			same++;
		if (same == len && key[len] == '\0')
			return k->provider;
	}
}

int mc_builtin_find_domain_n(const char *domain, size_t len)
{
	return mc_builtin_find_domain_hashed(domain, len, mc_domain_hash(domain, len));
}

int mc_builtin_find_domain(const char *domain)
{
	return mc_builtin_find_domain_n(domain, strlen(domain));
}

int mc_builtin_find_pattern(const char *domain)
{
	/* "*.example.com" matches below example.com, never example.com itself */
	for (const char *dot = strchr(domain, '.'); dot; dot = strchr(dot + 1, '.')) {
		int p = find_key(mc_builtin_patterns, mc_builtin_info.patterns, dot + 1);
		if (p >= 0)
			return p;
	}
	return -1;
}

int mc_builtin_find_mx(const char *host)
{
	int p = find_key(mc_builtin_mx_hosts, mc_builtin_info.mx_hosts, host);
	for (const char *dot = strchr(host, '.'); p < 0 && dot; dot = strchr(dot + 1, '.'))
		p = find_key(mc_builtin_mx_suffixes, mc_builtin_info.mx_suffixes, dot + 1);
	return p;
}

int mc_builtin_find_name(const char *key)
{
	return find_key(mc_builtin_names, mc_builtin_info.names, key);
}

int mc_builtin_find_id(const char *id)
{
	size_t lo = 0, hi = mc_builtin_info.providers;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, mc_bstr(mc_builtin_providers[mid].id));
		if (c == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}
