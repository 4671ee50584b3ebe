/* Reading DNS replies (MX, SRV, TTLs) into checked values. */
#ifndef MC_DNS_REPLY_H
#define MC_DNS_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/select.h> /* ares.h needs fd_set */

#include <ares.h>

/* The smallest TTL of the answer records in ABUF[0..ALEN), or -1. */
long mc_dns_reply_ttl(const unsigned char *abuf, int alen);

/* The most preferred MX host of a reply with a valid name, lower-cased,
 * into HOST. Returns ARES_SUCCESS, ARES_ENODATA when no record is usable,
 * or the parser's error. */
int mc_dns_best_mx(const unsigned char *abuf, int alen, char *host, size_t hostsize);

/* Called per usable SRV record (valid target, lower-cased; a port; not
 * "."); returning false stops. */
typedef bool (*mc_srv_each)(void *ud, unsigned priority, unsigned weight, unsigned port,
                            const char *target);
/* Each usable SRV record of a reply. Returns ARES_SUCCESS or the parser's
 * error. */
int mc_dns_srv_targets(const unsigned char *abuf, int alen, mc_srv_each each, void *ud);

#endif
