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

/* Why HOST (which may hold placeholders) is not a valid host name, or NULL;
 * the text goes to BUF. */
const char *mc_host_problem(const char *host, char *buf, size_t bufsize);

/* The names a provider is found by: its id, its name and its aliases as
 * name keys (mc_name_key), each once, in that order. */
#define MC_MAX_NAMES 102 /* the id, the name and at most 100 aliases */
struct mc_name {
	char key[256];
	const char *text; /* as written in the data */
	unsigned line;
	size_t which; /* 0: id, 1: name, 2 + N: aliases[N] */
};
size_t mc_provider_names(const struct mc_provider *p, struct mc_name out[MC_MAX_NAMES]);

/* Whether PORT with E contradicts convention: 465, 993 and 995 are implicit
 * TLS; 587, 143 and 110 are STARTTLS or unencrypted. */
bool mc_port_unusual(unsigned port, mailcfg_encryption e);

#endif
