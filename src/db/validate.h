/* The one validator of provider files: used by the build-time generator and
 * by the run-time loader of user files, so both accept exactly the same. */
#ifndef MC_VALIDATE_H
#define MC_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "mailcfg.h"
#include "model.h"

/* Where problems go, and how many there were. */
struct mc_diag {
	mailcfg_diag_fn fn;
	void *userdata;
	unsigned errors;
	/* an answer found online and cached: nobody checked it by hand, so the
	 * rule that an empty "verified" comes with an uncertain note is waived */
	bool online_answer;
};

/* Report one problem (also used by callers for file-level problems). */
void mc_diag_report(struct mc_diag *d, const char *file, unsigned line, const char *field,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Validate the provider file PATH holding TEXT[0..LEN) and return its model,
 * or NULL after reporting every problem found in it (or on out of memory,
 * reported as such). The id must equal the file's base name without .json. */
struct mc_provider *mc_validate_file(const char *path, const char *text, size_t len,
                                     struct mc_diag *d);

/* Checks across a set of providers: a domain, domain pattern, MX pattern or alias
 * claimed twice (the later provider is at fault), a successor that names no
 * provider of the set nor one of KNOWN_IDS (may be NULL). Sets REJECT[i] for
 * every provider at fault. */
void mc_validate_set(struct mc_provider *const *ps, size_t n,
                     bool (*known_id)(const char *id, void *arg), void *arg, bool *reject,
                     struct mc_diag *d);

/* Why TEMPLATE is malformed, or NULL; the text goes to BUF. HOST: a host
 * name (%EMAILDOMAIN%, %MXHOST%), else a user name (%EMAILADDRESS%,
 * %EMAILLOCALPART%, %EMAILDOMAIN%). */
const char *mc_template_problem(const char *tmpl, bool host, char *buf, size_t bufsize);

#endif
