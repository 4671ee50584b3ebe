/* International domain names through libidn2 (IDNA2008 with the UTS #46
 * mapping, so "BÜCHER.de" and "bücher.de" both become xn--bcher-kva.de).
 *
 * libidn2 is loaded with dlopen on the first name that needs it: linking it
 * would load libunistring into every process and cost about a quarter of a
 * millisecond per start, while almost every query is plain ASCII. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "internal.h"
#include "util/dl.h"

static struct {
	bool tried;
	void *handle;
	int (*lookup_u8)(const uint8_t *, uint8_t **, int);
	int (*to_unicode_8z8z)(const char *, char **, int);
	const char *(*strerror)(int);
	void (*free)(void *);
} idn;

static bool idn_load(char *why, size_t whysize)
{
	if (!idn.tried) {
		idn.tried = true;
		idn.handle = mc_dl_open("libidn2.so.0");
		if (idn.handle) {
			/* POSIX guarantees that a data pointer from dlsym converts to a
			 * function pointer; go through memcpy to keep -Wpedantic quiet */
			void *p[4] = {mc_dl_sym(idn.handle, "idn2_lookup_u8"),
			              mc_dl_sym(idn.handle, "idn2_to_unicode_8z8z"),
			              mc_dl_sym(idn.handle, "idn2_strerror"),
			              mc_dl_sym(idn.handle, "idn2_free")};
			if (p[0] && p[1] && p[2] && p[3]) {
				memcpy(&idn.lookup_u8, &p[0], sizeof p[0]);
				memcpy(&idn.to_unicode_8z8z, &p[1], sizeof p[1]);
				memcpy(&idn.strerror, &p[2], sizeof p[2]);
				memcpy(&idn.free, &p[3], sizeof p[3]);
			} else {
				mc_dl_close(idn.handle);
				idn.handle = NULL;
			}
		}
	}
	if (!idn.handle)
		snprintf(why, whysize,
		         "cannot be checked: international domain names need libidn2 "
		         "(libidn2.so.0), which could not be loaded");
	return idn.handle != NULL;
}

int mc_idn_to_ascii(const char *in, size_t len, char *out, size_t outsize, char *why,
                    size_t whysize)
{
	char buf[1100];
	if (len >= sizeof buf) {
		snprintf(why, whysize, "is too long");
		return -1;
	}
	if (!idn_load(why, whysize))
		return -1;
	memcpy(buf, in, len);
	buf[len] = '\0';
	uint8_t *ascii = NULL;
	int rc = idn.lookup_u8((const uint8_t *)buf, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK) {
		snprintf(why, whysize, "is not a valid international domain name (%s)",
		         idn.strerror(rc));
		return -1;
	}
	size_t n = strlen((const char *)ascii);
	if (n >= outsize) {
		idn.free(ascii);
		snprintf(why, whysize, "is longer than 253 characters");
		return -1;
	}
	memcpy(out, ascii, n + 1);
	idn.free(ascii);
	return 0;
}

int mc_idn_to_unicode(const char *ascii, char *out, size_t outsize, char *why, size_t whysize)
{
	if (!idn_load(why, whysize))
		return -1;
	char *u8 = NULL;
	int rc = idn.to_unicode_8z8z(ascii, &u8, 0);
	if (rc != IDN2_OK) {
		snprintf(why, whysize, "has punycode that does not decode (%s)", idn.strerror(rc));
		return -1;
	}
	/* The decoded name must encode back to the same A-labels; otherwise the
	 * punycode was not a valid IDNA2008 name (e.g. upper case or symbols). */
	uint8_t *back = NULL;
	rc = idn.lookup_u8((const uint8_t *)u8, &back, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	bool same = rc == IDN2_OK && strcmp((const char *)back, ascii) == 0;
	if (rc == IDN2_OK)
		idn.free(back);
	if (!same || strlen(u8) >= outsize) {
		idn.free(u8);
		snprintf(why, whysize, "has punycode that is not a valid international name");
		return -1;
	}
	memcpy(out, u8, strlen(u8) + 1);
	idn.free(u8);
	return 0;
}
