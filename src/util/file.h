/* Reading a whole file with a size limit, for provider files. */
#ifndef MC_FILE_H
#define MC_FILE_H

#include <stddef.h>

/* Read PATH into a NUL-terminated heap buffer of at most MAX bytes.
 * Returns 0, or -1 with a reason in WHY (not a regular file, too large,
 * the system's error text). */
int mc_read_file(const char *path, size_t max, char **out, size_t *len, char *why, size_t whysize);

#endif
