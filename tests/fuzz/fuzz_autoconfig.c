/* libFuzzer: any bytes as an autoconfig document from the network. */
#include <stdint.h>
#include <stdlib.h>

#include "db/serialize.h"
#include "sources/sources.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[256];
	struct mc_provider *m =
	    mc_autoconfig_parse((const char *)data, size, "example.test", "fuzz", why, sizeof why);
	if (m) {
		char *json = mc_provider_to_json(m);
		free(json);
		mc_provider_free(m);
	}
	return 0;
}
