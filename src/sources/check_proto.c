/* Reading an IMAP, POP3 or SMTP dialogue as libcurl's debug callback shows
 * it, one line at a time. The formats: IMAP "* CAPABILITY A B AUTH=PLAIN"
 * (or in the greeting's [CAPABILITY ...]); POP3 CAPA, a "+OK" and one
 * capability per line up to "."; SMTP EHLO, "250-NAME" then "250-KEYWORD
 * ARGS" lines, the last with "250 ". */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check_proto.h"

static void add_word(char *list, size_t size, const char *w, size_t n)
{
	size_t len = strlen(list);
	if (n == 0 || len + n + 2 > size)
		return;
	if (len)
		list[len++] = ' ';
	memcpy(list + len, w, n);
	list[len + n] = '\0';
}

static bool has_word(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && strncasecmp(p, w, n) == 0)
			return true;
		p += k;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* Words of S[0..N) into the capability list of the current side; IMAP's
 * AUTH=X also into the mechanisms. */
static void imap_caps(struct mc_dialogue *d, const char *s, size_t n)
{
	int side = d->tls;
	d->caps[side][0] = d->auth[side][0] = '\0';
	d->seen_caps[side] = true;
	d->logindisabled[side] = false;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t k = i;
		while (k < n && s[k] != ' ' && s[k] != ']')
			k++;
		if (k == i)
			break;
		add_word(d->caps[side], sizeof d->caps[side], s + i, k - i);
		if (k - i > 5 && strncasecmp(s + i, "AUTH=", 5) == 0)
			add_word(d->auth[side], sizeof d->auth[side], s + i + 5, k - i - 5);
		if (k - i == 13 && strncasecmp(s + i, "LOGINDISABLED", 13) == 0)
			d->logindisabled[side] = true;
		if (k < n && s[k] == ']')
			break;
		i = k;
	}
}

/* One capability line of POP3 CAPA or SMTP EHLO: "KEYWORD ARGS". */
static void keyword_line(struct mc_dialogue *d, const char *s, size_t n)
{
	int side = d->tls;
	size_t k = 0;
	while (k < n && s[k] != ' ')
		k++;
	add_word(d->caps[side], sizeof d->caps[side], s, k);
	bool sasl = (k == 4 && strncasecmp(s, "SASL", 4) == 0) ||
	            (k == 4 && strncasecmp(s, "AUTH", 4) == 0);
	if (k == 4 && strncasecmp(s, "USER", 4) == 0)
		d->plain_login[side] = true;
	if (!sasl)
		return;
	for (size_t i = k; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t e = i;
		while (e < n && s[e] != ' ')
			e++;
		if (e > i)
			add_word(d->auth[side], sizeof d->auth[side], s + i, e - i);
		i = e;
	}
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && strncasecmp(s, prefix, k) == 0;
}

/* A final answer (not a continuation such as IMAP "+ " or SMTP "334 "). */
static bool final_answer(const struct mc_dialogue *d, const char *s, size_t n)
{
	switch (d->protocol) {
	case MAILCFG_PROTOCOL_IMAP: return !starts(s, n, "+") && !starts(s, n, "* ");
	case MAILCFG_PROTOCOL_POP3: return !starts(s, n, "+ ") && !(n == 1 && s[0] == '+');
	case MAILCFG_PROTOCOL_SMTP: return !starts(s, n, "334") && !(n > 3 && s[3] == '-');
	}
	return true;
}

/* A positive answer: IMAP "TAG OK", POP3 "+OK", SMTP "220". */
static bool positive(const struct mc_dialogue *d, const char *s, size_t n)
{
	if (d->protocol == MAILCFG_PROTOCOL_POP3)
		return starts(s, n, "+OK");
	if (d->protocol == MAILCFG_PROTOCOL_SMTP)
		return starts(s, n, "220");
	const char *sp = memchr(s, ' ', n);
	return sp && starts(sp + 1, n - (size_t)(sp + 1 - s), "OK");
}

static void copy_line(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static void line_in(struct mc_dialogue *d, const char *s, size_t n)
{
	d->lines_in++;
	copy_line(d->last, sizeof d->last, s, n);
	if (d->lines_in == 1) {
		copy_line(d->greeting, sizeof d->greeting, s, n);
		if (d->protocol == MAILCFG_PROTOCOL_IMAP) {
			const char *c = NULL;
			for (size_t i = 0; i + 12 <= n && !c; i++)
				if (strncasecmp(s + i, "[CAPABILITY ", 12) == 0)
					c = s + i + 12;
			if (c)
				imap_caps(d, c, n - (size_t)(c - s));
		}
		return;
	}
	if (d->starttls_sent) {
		/* the answer to STARTTLS; what follows it is encrypted */
		d->starttls_sent = false;
		d->in_caps = false;
		if (positive(d, s, n))
			d->tls = true;
		return;
	}
	if (d->auth_sent && final_answer(d, s, n)) {
		/* IMAP: drop the tag, the answer is what follows it */
		const char *a = s;
		size_t an = n;
		if (d->protocol == MAILCFG_PROTOCOL_IMAP && memchr(s, ' ', n)) {
			a = (const char *)memchr(s, ' ', n) + 1;
			an = n - (size_t)(a - s);
		}
		copy_line(d->auth_reply, sizeof d->auth_reply, a, an);
	}
	switch (d->protocol) {
	case MAILCFG_PROTOCOL_IMAP:
		if (starts(s, n, "* CAPABILITY "))
			imap_caps(d, s + 13, n - 13);
		else if (memchr(s, '[', n)) {
			/* "A001 OK [CAPABILITY ...] Logged in" after a login */
			const char *c = NULL;
			for (size_t i = 0; i + 12 <= n && !c; i++)
				if (strncasecmp(s + i, "[CAPABILITY ", 12) == 0)
					c = s + i + 12;
			if (c && !d->auth_sent)
				imap_caps(d, c, n - (size_t)(c - s));
		}
		break;
	case MAILCFG_PROTOCOL_POP3:
		if (!d->in_caps)
			break;
		/* the list ends with "." (or an -ERR: no CAPA at all) */
		if ((n == 1 && s[0] == '.') || starts(s, n, "-ERR"))
			d->in_caps = false;
		else if (!starts(s, n, "+OK"))
			keyword_line(d, s, n);
		break;
	case MAILCFG_PROTOCOL_SMTP:
		if (!d->in_caps || n < 4 || (s[3] != '-' && s[3] != ' ') ||
		    strncmp(s, "250", 3) != 0) {
			d->in_caps = false;
			break;
		}
		if (d->ehlo_first)
			d->ehlo_first = false; /* "250-mail.example.com": the server's name */
		else
			keyword_line(d, s + 4, n - 4);
		if (s[3] == ' ')
			d->in_caps = false;
		break;
	}
}

void mc_dialogue_in(struct mc_dialogue *d, const char *data, size_t len)
{
	while (len) {
		size_t n = 0;
		while (n < len && data[n] != '\n')
			n++;
		size_t line = n;
		if (line && data[line - 1] == '\r')
			line--;
		line_in(d, data, line);
		if (n < len)
			n++;
		data += n;
		len -= n;
	}
}

/* The verb of a command: "A001 STARTTLS" -> STARTTLS for IMAP. */
static void verb(const struct mc_dialogue *d, const char *s, size_t n, char *out, size_t size)
{
	if (d->protocol == MAILCFG_PROTOCOL_IMAP) {
		const char *sp = memchr(s, ' ', n);
		if (sp) {
			n -= (size_t)(sp + 1 - s);
			s = sp + 1;
		}
	}
	size_t k = 0;
	while (k < n && k + 1 < size && isalpha((unsigned char)s[k])) {
		out[k] = (char)toupper((unsigned char)s[k]);
		k++;
	}
	out[k] = '\0';
}

void mc_dialogue_out(struct mc_dialogue *d, const char *data, size_t len)
{
	char v[16];
	verb(d, data, len, v, sizeof v);
	if (strcmp(v, "STARTTLS") == 0 || strcmp(v, "STLS") == 0) {
		d->starttls_sent = true;
	} else if (strcmp(v, "CAPA") == 0) {
		int side = d->tls;
		d->caps[side][0] = d->auth[side][0] = '\0';
		d->seen_caps[side] = true;
		d->plain_login[side] = false;
		d->in_caps = true;
	} else if (strcmp(v, "EHLO") == 0) {
		int side = d->tls;
		d->caps[side][0] = d->auth[side][0] = '\0';
		d->seen_caps[side] = true;
		d->in_caps = true;
		d->ehlo_first = true;
	} else if (strcmp(v, "AUTHENTICATE") == 0 || strcmp(v, "AUTH") == 0 ||
	           strcmp(v, "LOGIN") == 0 || strcmp(v, "USER") == 0 || strcmp(v, "APOP") == 0) {
		d->auth_sent = true;
	}
}

const char *mc_dialogue_caps(const struct mc_dialogue *d)
{
	return d->caps[d->tls];
}

const char *mc_dialogue_auth(const struct mc_dialogue *d)
{
	return d->auth[d->tls];
}

bool mc_dialogue_starttls_offered(const struct mc_dialogue *d)
{
	const char *w = d->protocol == MAILCFG_PROTOCOL_POP3 ? "STLS" : "STARTTLS";
	return has_word(d->caps[0], w);
}

bool mc_dialogue_plaintext_auth(const struct mc_dialogue *d)
{
	if (!d->seen_caps[0])
		return false;
	if (has_word(d->auth[0], "PLAIN") || has_word(d->auth[0], "LOGIN"))
		return true;
	if (d->protocol == MAILCFG_PROTOCOL_IMAP)
		return !d->logindisabled[0];
	if (d->protocol == MAILCFG_PROTOCOL_POP3)
		return d->plain_login[0];
	return false;
}
