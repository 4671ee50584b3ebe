/* The static program's side of run-time loading (see src/util/dl.h).
 *
 * 'mailcfg' is linked statically: no dynamic linker runs, no libc.so is
 * mapped, and an answer from the built-in data costs less than starting
 * /bin/true. A static program cannot open shared objects, though, and
 * JSON files, international domain names and online discovery need them
 * (libcjson, libidn2, mailcfg-net.so). So when one is needed, this program
 * replaces itself with the full one (mailcfg-full, the same code linked
 * dynamically) and the same arguments: git starts git-remote-https for
 * the same reason.
 *
 * That is only right while nothing has been done that the full program
 * would do again: so until the first byte of output, messages meant for
 * stderr are held (src/cli/msg.c), and commands that read standard input
 * or prompt hand over before they begin (src/main.c). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/dl.h"
#include "util/file.h"

#ifndef MAILCFG_FULL_PROGRAM
#define MAILCFG_FULL_PROGRAM "/usr/local/lib/mailcfg/mailcfg-full"
#endif
/* The installed full program relative to the installed one (BINDIR to
 * LIBDIR/mailcfg), so that a tree installed under another prefix than the
 * configured one finds its own. */
#ifndef MAILCFG_FULL_FROM_BIN
#define MAILCFG_FULL_FROM_BIN "../lib/mailcfg/mailcfg-full"
#endif

static char **args;
static bool committed;
static char why[PATH_MAX + 200];

void cli_front_init(char **argv)
{
	args = argv;
}

bool cli_front_holding(void)
{
	return !committed;
}

void cli_front_commit(void)
{
	committed = true;
}

/* The full program: beside this one (a build tree), then where it is
 * installed relative to this one, then where it was configured to go. */
static bool find_full(char *path, size_t size)
{
	char dir[PATH_MAX];
	if (mc_program_dir(dir, sizeof dir)) {
		if ((size_t)snprintf(path, size, "%s/mailcfg-full", dir) < size &&
		    access(path, X_OK) == 0)
			return true;
		if ((size_t)snprintf(path, size, "%s/%s", dir, MAILCFG_FULL_FROM_BIN) < size &&
		    access(path, X_OK) == 0)
			return true;
	}
	snprintf(path, size, "%s", MAILCFG_FULL_PROGRAM);
	return access(path, X_OK) == 0;
}

/* Say once why the full program could not take over: the callers then
 * report only the shared object as missing. */
static void explain_failure(void)
{
	static bool said;
	if (!said)
		cli_warn("%s", why);
	said = true;
}

void cli_front_hand_over(void)
{
	if (committed || !args) {
		snprintf(why, sizeof why, "%s",
		         cli_tr(N_("this needs shared libraries, which the program can no longer "
		                   "load once it has begun to answer")));
		explain_failure();
		return;
	}
	char full[PATH_MAX + 64];
	if (!find_full(full, sizeof full)) {
		snprintf(why, sizeof why,
		         cli_tr(N_("this needs the program mailcfg-full, which is neither beside "
		                   "this one nor in %s")),
		         full);
		explain_failure();
		return;
	}
	/* held messages and unwritten output are dropped with this process
	 * image: the full program says and writes all of it again */
	execv(full, args);
	snprintf(why, sizeof why, cli_tr(N_("cannot start %s: %s")), full, strerror(errno));
	explain_failure();
}

/* Every shared object is a reason to hand over; these return only when
 * that failed, and the callers report the object as missing. */
void *mc_dl_open(const char *file)
{
	(void)file;
	cli_front_hand_over();
	return NULL;
}

void *mc_dl_sym(void *handle, const char *name)
{
	(void)handle;
	(void)name;
	return NULL;
}

void mc_dl_close(void *handle)
{
	(void)handle;
}

const char *mc_dl_error(void)
{
	return why;
}

bool mc_dl_self_path(char *path, size_t size)
{
	(void)path;
	(void)size;
	return false;
}
