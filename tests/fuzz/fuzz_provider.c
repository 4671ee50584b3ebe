/* libFuzzer: any bytes as a user provider file, through the validator the
 * build and the run-time loader share. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; /* callers always hand a terminated buffer */
	struct mc_diag d = {NULL, NULL, 0, false};
	struct mc_provider *p = mc_validate_file("fuzz.json", text, size, &d);
	if (p) {
		struct mc_provider *set[1] = {p};
		bool reject[1] = {false};
		mc_validate_set(set, 1, NULL, NULL, reject, &d);
	}
	mc_provider_free(p);
	free(text);
	return 0;
}
