/* Shared objects opened at run time: libcjson, libidn2 and the network
 * module mailcfg-net.so (see src/util/cjson_lazy.c, src/core/idn.c and
 * src/core/online.c for why each is not linked).
 *
 * The libraries and the full program open them with dlopen (dl.c). The
 * command-line program 'mailcfg' is linked statically and cannot: its
 * versions of these functions (src/cli/front.c) start the full program in
 * its place instead, with the same arguments, when nothing has been
 * written yet. */
#ifndef MC_DL_H
#define MC_DL_H

#include <stdbool.h>
#include <stddef.h>

/* The shared object FILE (a name the dynamic linker searches, or a path),
 * its symbols bound now and kept to itself. NULL when it cannot be loaded:
 * mc_dl_error() says why. */
void *mc_dl_open(const char *file);
/* The address of NAME in HANDLE; NULL when it has none. */
void *mc_dl_sym(void *handle, const char *name);
void mc_dl_close(void *handle);
/* Why the last mc_dl_open failed, in words. */
const char *mc_dl_error(void);
/* The path of the file that holds this code (the shared library or the
 * program) into PATH; false when it is not known. */
bool mc_dl_self_path(char *path, size_t size);

#endif
