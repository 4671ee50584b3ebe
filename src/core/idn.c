/* International domain names through libidn2 (IDNA2008 with the UTS #46
 * mapping, so "BÜCHER.de" and "bücher.de" both become xn--bcher-kva.de).
 * Only called for names that need it: plain ASCII never reaches libidn2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "internal.h"

int mc_idn_to_ascii(const char *in, size_t len, char *out, size_t outsize, char *why,
                    size_t whysize)
{
	char buf[1100];
	if (len >= sizeof buf) {
		snprintf(why, whysize, "is too long");
		return -1;
	}
	memcpy(buf, in, len);
	buf[len] = '\0';
	uint8_t *ascii = NULL;
	int rc =
	    idn2_lookup_u8((const uint8_t *)buf, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK) {
		snprintf(why, whysize, "is not a valid international domain name (%s)",
		         idn2_strerror(rc));
		return -1;
	}
	size_t n = strlen((const char *)ascii);
	if (n >= outsize) {
		idn2_free(ascii);
		snprintf(why, whysize, "is longer than 253 characters");
		return -1;
	}
	memcpy(out, ascii, n + 1);
	idn2_free(ascii);
	return 0;
}

int mc_idn_to_unicode(const char *ascii, char *out, size_t outsize, char *why, size_t whysize)
{
	char *u8 = NULL;
	int rc = idn2_to_unicode_8z8z(ascii, &u8, 0);
	if (rc != IDN2_OK) {
		snprintf(why, whysize, "has punycode that does not decode (%s)", idn2_strerror(rc));
		return -1;
	}
	/* The decoded name must encode back to the same A-labels; otherwise the
	 * punycode was not a valid IDNA2008 name (e.g. upper case or symbols). */
	uint8_t *back = NULL;
	rc = idn2_lookup_u8((const uint8_t *)u8, &back, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	bool same = rc == IDN2_OK && strcmp((const char *)back, ascii) == 0;
	if (rc == IDN2_OK)
		idn2_free(back);
	if (!same || strlen(u8) >= outsize) {
		idn2_free(u8);
		snprintf(why, whysize, "has punycode that is not a valid international name");
		return -1;
	}
	memcpy(out, u8, strlen(u8) + 1);
	idn2_free(u8);
	return 0;
}
