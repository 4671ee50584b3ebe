/* The provider model: one provider file as the validator reads it.
 *
 * Used by the build-time generator (which turns it into C tables) and by the
 * run-time loader of user provider files, so both share one validator. */
#ifndef MC_MODEL_H
#define MC_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "mailcfg.h"

/* Limits that keep compiled tables small and results fixed-size. */
#define MC_MAX_SERVERS     16
#define MC_MAX_NOTES       16
#define MC_MAX_SOURCES     16
#define MC_MAX_SUGGESTIONS 3

/* A list of strings with the line each came from. */
struct mc_strlist {
	char **items;
	unsigned *lines;
	size_t count;
};

struct mc_mserver {
	mailcfg_protocol protocol;
	mailcfg_encryption encryption;
	unsigned port;
	unsigned auth;
	char *host;
	char *username;
	char *rule_en; /* NULL when absent */
	char *rule_de;
	int unusual;
};

struct mc_mnote {
	mailcfg_note_kind kind;
	char *en;
	char *de;
	char *url; /* NULL when absent */
};

struct mc_provider {
	char *file;       /* path as given, for messages */
	unsigned line;    /* line of the top-level object */
	unsigned id_line; /* lines of "id" and "name", for clashes between files */
	unsigned name_line;
	char *id;
	char *name;
	mailcfg_provider_status status;
	char *successor; /* NULL when absent */
	unsigned successor_line;
	char *documentation; /* NULL when absent */
	char *verified;      /* "YYYY-MM" or "" */
	struct mc_strlist aliases;
	struct mc_strlist countries;
	struct mc_strlist domains;
	struct mc_strlist patterns; /* "*.example.com" as written */
	struct mc_strlist mx;       /* MX host names or "*.suffix" patterns */
	struct mc_strlist sources;
	struct mc_mserver servers[MC_MAX_SERVERS];
	size_t server_count;
	struct mc_mnote notes[MC_MAX_NOTES];
	size_t note_count;
	/* compiled in from an autoconfig file (-DMAILCFG_EXTRA_AUTOCONFIG_DIR):
	 * found by its domains only, never by name, below the curated data */
	bool extra_layer;
};

/* Free a provider and everything it owns; NULL is fine. */
void mc_provider_free(struct mc_provider *p);

#endif
