/* The library's face of live server checks: arguments are checked here,
 * the work happens in the network module (src/sources/check.c). */
#include <string.h>

#include "internal.h"

const char *mailcfg_verdict_name(mailcfg_verdict v)
{
	switch (v) {
	case MAILCFG_VERDICT_OK: return "ok";
	case MAILCFG_VERDICT_WARNING: return "warning";
	case MAILCFG_VERDICT_FAIL: return "fail";
	}
	return "unknown";
}

int mailcfg_check(const mailcfg_check_options *o, const mailcfg_check_target *targets, size_t n,
                  mailcfg_check_report *reports)
{
	if (!o || !reports || (n && !targets) || n == 0 || n > 64)
		return MAILCFG_ERR_ARGUMENT;
	for (size_t i = 0; i < n; i++) {
		const mailcfg_check_target *t = &targets[i];
		if (!t->host || !t->host[0] || strlen(t->host) > 253 || t->port > 65535 ||
		    (unsigned)t->protocol > MAILCFG_PROTOCOL_SMTP ||
		    (unsigned)t->encryption > MAILCFG_ENCRYPTION_NONE)
			return MAILCFG_ERR_ARGUMENT;
		/* a host name goes into a URL: nothing that could change it */
		for (const char *p = t->host; *p; p++)
			if (strchr("/?#@ \\:[]", *p) || (unsigned char)*p < 0x21 ||
			    (unsigned char)*p >= 0x7f)
				return MAILCFG_ERR_ARGUMENT;
	}
	memset(reports, 0, n * sizeof *reports);
	if (o->login_user && (!o->login_password || strpbrk(o->login_user, "\r\n") ||
	                      strpbrk(o->login_password, "\r\n")))
		return MAILCFG_ERR_ARGUMENT;
	return mc_online_check(o, targets, n, reports);
}
