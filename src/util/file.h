/* Reading a whole file with a size limit, for provider files; where the
 * running program lies. */
#ifndef MC_FILE_H
#define MC_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Read PATH into a NUL-terminated heap buffer of at most MAX bytes.
 * Returns 0, or -1 with a reason in WHY (not a regular file, too large,
 * the system's error text). */
int mc_read_file(const char *path, size_t max, char **out, size_t *len, char *why, size_t whysize);

/* The folder of PATH (a file) into DIR; false when it has none or DIR is
 * too small. */
bool mc_dir_of(const char *path, char *dir, size_t size);
/* The folder of the running program (/proc/self/exe) into DIR; false when
 * it is not known. Installed files are found relative to it. */
bool mc_program_dir(char *dir, size_t size);

#endif
