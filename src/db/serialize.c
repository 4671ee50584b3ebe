/* A provider model written back as a provider file (data/README.md), for
 * `mailcfg import`: what the validator reads, the serializer writes. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model.h"
#include "serialize.h"

static void add_list(cJSON *o, const char *key, const struct mc_strlist *l)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; a && i < l->count; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l->items[i]));
}

char *mc_provider_to_json(const struct mc_provider *p)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "format", 1);
	cJSON_AddStringToObject(o, "id", p->id);
	cJSON_AddStringToObject(o, "name", p->name);
	if (p->aliases.count)
		add_list(o, "aliases", &p->aliases);
	cJSON_AddStringToObject(o, "status", mailcfg_provider_status_name(p->status));
	if (p->successor)
		cJSON_AddStringToObject(o, "successor", p->successor);
	add_list(o, "domains", &p->domains);
	if (p->patterns.count)
		add_list(o, "domain_patterns", &p->patterns);
	if (p->mx.count)
		add_list(o, "mx_patterns", &p->mx);
	cJSON *servers = cJSON_AddArrayToObject(o, "servers");
	for (size_t i = 0; servers && i < p->server_count; i++) {
		const struct mc_mserver *s = &p->servers[i];
		cJSON *j = cJSON_CreateObject();
		cJSON_AddItemToArray(servers, j);
		cJSON_AddStringToObject(j, "protocol", mailcfg_protocol_name(s->protocol));
		cJSON_AddStringToObject(j, "host", s->host);
		cJSON_AddNumberToObject(j, "port", s->port);
		cJSON_AddStringToObject(j, "encryption", mailcfg_encryption_name(s->encryption));
		cJSON *auth = cJSON_AddArrayToObject(j, "auth");
		for (unsigned b = 0; auth && b < MAILCFG_AUTH_COUNT; b++)
			if (s->auth & (1u << b))
				cJSON_AddItemToArray(
				    auth, cJSON_CreateString(mailcfg_auth_name(1u << b)));
		cJSON_AddStringToObject(j, "username", s->username);
		if (s->rule_en && s->rule_de) {
			cJSON *rule = cJSON_AddObjectToObject(j, "username_rule");
			cJSON_AddStringToObject(rule, "en", s->rule_en);
			cJSON_AddStringToObject(rule, "de", s->rule_de);
		}
		if (s->unusual)
			cJSON_AddBoolToObject(j, "unusual", 1);
	}
	if (p->note_count) {
		cJSON *notes = cJSON_AddArrayToObject(o, "notes");
		for (size_t i = 0; notes && i < p->note_count; i++) {
			const struct mc_mnote *n = &p->notes[i];
			cJSON *j = cJSON_CreateObject();
			cJSON_AddItemToArray(notes, j);
			cJSON_AddStringToObject(j, "kind", mailcfg_note_kind_name(n->kind));
			cJSON_AddStringToObject(j, "en", n->en);
			cJSON_AddStringToObject(j, "de", n->de);
			if (n->url)
				cJSON_AddStringToObject(j, "url", n->url);
		}
	}
	if (p->documentation)
		cJSON_AddStringToObject(o, "documentation", p->documentation);
	add_list(o, "sources", &p->sources);
	cJSON_AddStringToObject(o, "verified", p->verified ? p->verified : "");
	char *text = cJSON_Print(o);
	cJSON_Delete(o);
	return text;
}
