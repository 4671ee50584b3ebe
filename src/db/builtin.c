/* Look-ups in the compiled provider database: binary search over tables
 * sorted by the generator. No parsing, no allocation. */
#include <string.h>

#include "builtin.h"

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

int mc_builtin_find_domain(const char *domain)
{
	return find_key(mc_builtin_domains, mc_builtin_info.domains, domain);
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
