/* Line numbers for diagnostics: cJSON keeps no positions, so a second,
 * tiny scanner walks the raw text along a path to find where a value is. */
#ifndef MC_JSONLOC_H
#define MC_JSONLOC_H

#include <stddef.h>

/* One step of a path: an object member (key != NULL; INDEX counts which of
 * several members of that name, 0 for the first) or an array index. */
struct mc_jstep {
	const char *key;
	size_t index;
};

/* Line (1-based) of the value at PATH (DEPTH steps) in TEXT[0..LEN);
 * the line of the deepest step that was found when the path ends early. */
unsigned mc_json_line(const char *text, size_t len, const struct mc_jstep *path, size_t depth);

/* Line of byte offset OFF in TEXT. */
unsigned mc_line_at(const char *text, size_t off);

#endif
