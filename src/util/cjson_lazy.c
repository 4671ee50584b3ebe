/* cJSON, loaded on first use.
 *
 * Only user provider files (src/db/validate.c), their export
 * (src/db/serialize.c) and the cache of online answers (src/core/cache.c)
 * read or write JSON; a look-up in the built-in data never does. Linking
 * libcjson made every start map and relocate one more library, about an
 * eighth of the start-up time of 'mailcfg lookup gmx.net'. So the library
 * defines the cJSON functions it uses itself, each forwarding to the real
 * one in libcjson.so.1, which is opened with dlopen by the first call; the
 * tool is linked with --as-needed, which then leaves libcjson out.
 *
 * If libcjson cannot be loaded, the functions fail the way cJSON fails when
 * out of memory (NULL, false, 0): callers already handle that. */
#include <stdbool.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dl.h"

static void *cjson;

/* Store the address of NAME in libcjson into *FN (a function pointer of
 * SIZE bytes); false when the library or the symbol is missing. */
static bool load(const char *name, void *fn, size_t size)
{
	static bool tried;
	if (!tried) {
		tried = true;
		cjson = mc_dl_open("libcjson.so.1");
	}
	void *p = cjson ? mc_dl_sym(cjson, name) : NULL;
	/* POSIX guarantees that a data pointer from dlsym converts to a
	 * function pointer; memcpy keeps -Wpedantic quiet about it */
	if (p && size == sizeof p)
		memcpy(fn, &p, sizeof p);
	return p != NULL;
}

/* RET NAME PARAMS forwarding ARGS; FAIL when cJSON is missing. RET is a
 * type, which cannot be put in parentheses. */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define FORWARD(ret, name, params, args, fail)                                                     \
	ret name params                                                                            \
	{                                                                                          \
		static ret(*fn) params;                                                            \
		if (!fn && !load(#name, &fn, sizeof fn))                                           \
			return fail;                                                               \
		return fn args;                                                                    \
	}
/* NOLINTEND(bugprone-macro-parentheses) */

FORWARD(cJSON *, cJSON_ParseWithLength, (const char *value, size_t len), (value, len), NULL)
FORWARD(cJSON *, cJSON_ParseWithLengthOpts,
        (const char *value, size_t len, const char **end, cJSON_bool require_nul),
        (value, len, end, require_nul), NULL)
FORWARD(char *, cJSON_Print, (const cJSON *item), (item), NULL)
FORWARD(char *, cJSON_PrintUnformatted, (const cJSON *item), (item), NULL)
FORWARD(int, cJSON_GetArraySize, (const cJSON *array), (array), 0)
FORWARD(cJSON *, cJSON_GetObjectItemCaseSensitive,
        (const cJSON *const object, const char *const string), (object, string), NULL)
FORWARD(const char *, cJSON_GetErrorPtr, (void), (), NULL)
FORWARD(cJSON_bool, cJSON_IsTrue, (const cJSON *const item), (item), 0)
FORWARD(cJSON_bool, cJSON_IsBool, (const cJSON *const item), (item), 0)
FORWARD(cJSON_bool, cJSON_IsNumber, (const cJSON *const item), (item), 0)
FORWARD(cJSON_bool, cJSON_IsString, (const cJSON *const item), (item), 0)
FORWARD(cJSON_bool, cJSON_IsArray, (const cJSON *const item), (item), 0)
FORWARD(cJSON_bool, cJSON_IsObject, (const cJSON *const item), (item), 0)
FORWARD(cJSON *, cJSON_CreateString, (const char *string), (string), NULL)
FORWARD(cJSON *, cJSON_CreateObject, (void), (), NULL)
FORWARD(cJSON_bool, cJSON_AddItemToArray, (cJSON * array, cJSON *item), (array, item), 0)
FORWARD(cJSON *, cJSON_AddBoolToObject,
        (cJSON *const object, const char *const name, const cJSON_bool boolean),
        (object, name, boolean), NULL)
FORWARD(cJSON *, cJSON_AddNumberToObject,
        (cJSON *const object, const char *const name, const double number), (object, name, number),
        NULL)
FORWARD(cJSON *, cJSON_AddStringToObject,
        (cJSON *const object, const char *const name, const char *const string),
        (object, name, string), NULL)
FORWARD(cJSON *, cJSON_AddObjectToObject, (cJSON *const object, const char *const name),
        (object, name), NULL)
FORWARD(cJSON *, cJSON_AddArrayToObject, (cJSON *const object, const char *const name),
        (object, name), NULL)

void cJSON_Delete(cJSON *item)
{
	static void (*fn)(cJSON *);
	if (item && (fn || load("cJSON_Delete", &fn, sizeof fn)))
		fn(item);
}
