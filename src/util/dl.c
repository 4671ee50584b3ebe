/* Shared objects opened at run time with dlopen (see dl.h). */
/* dladdr is a GNU extension */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): a feature-test macro */
#include "dl.h"

#include <dlfcn.h>
#include <stdio.h>

static char why[512];

void *mc_dl_open(const char *file)
{
	void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(why, sizeof why, "%s", e ? e : "cannot be loaded");
	}
	return h;
}

void *mc_dl_sym(void *handle, const char *name)
{
	return dlsym(handle, name);
}

void mc_dl_close(void *handle)
{
	dlclose(handle);
}

const char *mc_dl_error(void)
{
	return why;
}

bool mc_dl_self_path(char *path, size_t size)
{
	Dl_info info;
	if (!dladdr(why, &info) || !info.dli_fname || !info.dli_fname[0])
		return false;
	return (size_t)snprintf(path, size, "%s", info.dli_fname) < size;
}
