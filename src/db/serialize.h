/* A provider model written as a provider file. */
#ifndef MC_SERIALIZE_H
#define MC_SERIALIZE_H

#include "model.h"

/* The JSON text of P in the data format (data/README.md), heap-allocated
 * (free with free), or NULL when out of memory. */
char *mc_provider_to_json(const struct mc_provider *p);

#endif
