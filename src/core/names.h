/* Names of enumeration values, as they appear in data files and JSON. */
#ifndef MC_NAMES_H
#define MC_NAMES_H

#include "mailcfg.h"

/* Look NAME up in the table of its kind; return the value or -1. */
int mc_protocol_from_name(const char *name);
int mc_encryption_from_name(const char *name);
int mc_auth_from_name(const char *name); /* returns the bit */
int mc_provider_status_from_name(const char *name);
int mc_note_kind_from_name(const char *name);
/* An encryption as a person types it on the command line: ssl (or tls),
 * starttls or none, in any case; -1 for anything else. */
int mc_encryption_from_setting(const char *text);

#endif
