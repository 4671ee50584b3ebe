/* The bridge to online discovery. The network code (libcurl, c-ares, expat,
 * libpsl) lives in the module mailcfg-net.so and is loaded with dlopen on
 * the first lookup that needs it: linking libcurl alone would load some
 * thirty shared libraries into every process, making each offline answer
 * several times slower. git keeps libcurl out of its main binary with a
 * helper program for the same reason; a module lets the answer flow into
 * the same result structure, and programs using the library get discovery
 * without spawning processes. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "util/dl.h"
#include "util/file.h"

#ifndef MAILCFG_NET_MODULE
#define MAILCFG_NET_MODULE "/usr/local/lib/mailcfg/mailcfg-net.so"
#endif
/* The installed module relative to the installed program (BINDIR to
 * LIBDIR/mailcfg) and to the installed shared library (LIBDIR). */
#ifndef MAILCFG_NET_MODULE_FROM_BIN
#define MAILCFG_NET_MODULE_FROM_BIN "../lib/mailcfg/mailcfg-net.so"
#endif
#define MAILCFG_NET_MODULE_FROM_LIB "mailcfg/mailcfg-net.so"

static struct {
	bool tried;
	mc_net_entry entry;
	mc_net_import_fn import;
	mc_net_many_fn many;
	mc_net_check_fn check;
	char why[512];
} net;

/* Where the module may be, most specific first: beside the running program
 * (a build tree); relative to the program and to the shared library as
 * installed, so that a tree installed or unpacked under another prefix
 * than the configured one (cmake --install --prefix, DESTDIR, a .deb) finds
 * its own module; last the path configured at build time. */
static size_t net_candidates(char (*paths)[PATH_MAX + 64])
{
	size_t n = 0;
	char self[PATH_MAX], dir[PATH_MAX];
	if (mc_program_dir(dir, sizeof dir)) {
		snprintf(paths[n++], sizeof paths[0], "%s/mailcfg-net.so", dir);
		snprintf(paths[n++], sizeof paths[0], "%s/%s", dir, MAILCFG_NET_MODULE_FROM_BIN);
	}
	/* The object holding this code: libmailcfg.so when a program links
	 * the shared library, else the program itself. */
	if (mc_dl_self_path(self, sizeof self) && mc_dir_of(self, dir, sizeof dir)) {
		snprintf(paths[n++], sizeof paths[0], "%s/mailcfg-net.so", dir);
		snprintf(paths[n++], sizeof paths[0], "%s/%s", dir, MAILCFG_NET_MODULE_FROM_LIB);
	}
	snprintf(paths[n++], sizeof paths[0], "%s", MAILCFG_NET_MODULE);
	return n;
}

static void net_load(void)
{
	net.tried = true;
	char paths[5][PATH_MAX + 64];
	size_t n = net_candidates(paths);
	const char *last = NULL;
	for (size_t i = 0; i < n && !net.entry; i++) {
		if (access(paths[i], R_OK) != 0)
			continue;
		last = paths[i];
		void *h = mc_dl_open(paths[i]);
		if (!h) {
			snprintf(net.why, sizeof net.why, "%s", mc_dl_error());
			continue;
		}
		void *sym = mc_dl_sym(h, "mailcfg_net_discover");
		void *imp = mc_dl_sym(h, "mailcfg_net_import");
		void *many = mc_dl_sym(h, "mailcfg_net_discover_many");
		void *check = mc_dl_sym(h, "mailcfg_net_check");
		if (sym && imp && many) {
			memcpy(&net.entry, &sym, sizeof sym);
			memcpy(&net.import, &imp, sizeof imp);
			memcpy(&net.many, &many, sizeof many);
			if (check)
				memcpy(&net.check, &check, sizeof check);
		} else
			snprintf(net.why, sizeof net.why, "%.400s has no mailcfg_net_discover",
			         paths[i]);
	}
	if (!last)
		snprintf(net.why, sizeof net.why,
		         "no mailcfg-net.so beside the program, and none in %s",
		         MAILCFG_NET_MODULE);
}

int mc_online_lookup(const mailcfg_ctx *ctx, mailcfg_result *r)
{
	if (!net.tried)
		net_load();
	if (!net.entry) {
		r->status = MAILCFG_STATUS_NOT_FOUND;
		r->error = MAILCFG_ERR_NOT_FOUND;
		snprintf(r->message, sizeof r->message,
		         "no settings are known for %.253s, and online discovery is not available "
		         "(%.150s)",
		         r->q.domain, net.why);
		return MAILCFG_ERR_NOT_FOUND;
	}
	return net.entry(MC_NET_ABI, ctx, r);
}

int mc_online_import(const char *xml, size_t len, const char *origin, char **json, char *why,
                     size_t whysize)
{
	if (!net.tried)
		net_load();
	if (!net.import) {
		snprintf(why, whysize,
		         "reading autoconfig files needs the module mailcfg-net.so (%.150s)",
		         net.why);
		return MAILCFG_ERR_IO;
	}
	return net.import(MC_NET_ABI, xml, len, origin, json, why, whysize);
}

int mc_online_lookup_many(const mailcfg_ctx *ctx, mailcfg_result *const *rs, size_t n)
{
	if (!net.tried)
		net_load();
	if (!net.many) {
		for (size_t i = 0; i < n; i++)
			mc_online_lookup(ctx, rs[i]); /* explains, result by result */
		return MAILCFG_ERR_IO;
	}
	return net.many(MC_NET_ABI, ctx, rs, n);
}

int mc_online_check(const mailcfg_check_options *o, const mailcfg_check_target *targets, size_t n,
                    mailcfg_check_report *reports)
{
	if (!net.tried)
		net_load();
	if (!net.check) {
		snprintf(reports[0].reason, sizeof reports[0].reason,
		         "checking servers needs the module mailcfg-net.so (%.300s)",
		         net.entry ? "it has no mailcfg_net_check" : net.why);
		return MAILCFG_ERR_IO;
	}
	return net.check(MC_NET_ABI, o, targets, n, reports);
}
