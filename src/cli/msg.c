/* Messages on stderr ("mailcfg: ..."), the stdout buffer, colour choice.
 * Every message the tool prints goes through here. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static bool quiet;
static mailcfg_lang lang; /* of messages and help: 0 is English */
struct mc_buf cli_out;
/* stderr text held while the full program may yet take over (front.c) */
static struct mc_buf held;
#define HELD_MAX ((size_t)64 * 1024)

static void write_held(void)
{
	if (held.len) {
		fwrite(held.data, 1, held.len, stderr);
		fflush(stderr);
		cli_front_commit();
	}
	mc_buf_free(&held);
	held = (struct mc_buf){0};
}

static void verr(const char *fmt, va_list ap)
{
	if (!cli_front_holding()) {
		vfprintf(stderr, fmt, ap);
		return;
	}
	char line[4096];
	int n = vsnprintf(line, sizeof line, fmt, ap);
	if (n > 0)
		mc_buf_put(&held, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	/* a flood of messages is not held back: it commits */
	if (held.len > HELD_MAX || held.oom)
		write_held();
}

void cli_err_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
}

void cli_set_quiet(bool q)
{
	quiet = q;
}

void cli_set_lang(mailcfg_lang l)
{
	lang = l;
}

const char *cli_tr(const char *msgid)
{
	return mc_tr(lang, msgid);
}

/* FMT is looked up in the catalogue: the compiler checked the English
 * against the arguments, the catalogue's build checked that the
 * translation has the same %s directives. */
static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	cli_err_printf("mailcfg: %s", prefix);
	verr(cli_tr(fmt), ap);
	cli_err_printf("\n");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmsg(cli_tr(N_("warning: ")), fmt, ap);
	va_end(ap);
}

void cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	cli_err_printf("%s\n", cli_tr(N_("Try 'mailcfg --help' for more information.")));
}

const char *cli_safe(const char *s, size_t n)
{
	/* a few buffers in turn, so one message may show several values */
	static char ring[4][2200];
	static unsigned next;
	char *out = ring[next++ % 4];
	struct mc_buf b = {0};
	mc_buf_put_safe(&b, s, n > 256 ? 256 : n);
	size_t len = b.len < sizeof ring[0] - 4 ? b.len : sizeof ring[0] - 4;
	if (len)
		memcpy(out, b.data, len);
	if (n > 256 || b.oom) {
		memcpy(out + len, "...", 3);
		len += 3;
	}
	out[len] = '\0';
	mc_buf_free(&b);
	return out;
}

const char *cli_result_message(const mailcfg_result *r, struct mc_buf *buf)
{
	const char *m = mailcfg_result_message(r);
	mc_buf_put_safe(buf, m, strlen(m));
	mc_buf_putc(buf, '\0');
	return buf->oom ? "(out of memory)" : buf->data;
}

int cli_unanswered_exit(const mailcfg_result *r)
{
	int err = mailcfg_result_error(r);
	return err == MAILCFG_ERR_INVALID_QUERY ? EXIT_INVALID
	       : err == MAILCFG_ERR_TEMPORARY   ? EXIT_TEMPFAIL
	                                        : EXIT_NOT_FOUND;
}

bool cli_flush(void)
{
	static bool failed;
	/* held messages first: they belong before the answer */
	write_held();
	if (failed)
		return false;
	if (cli_out.oom) {
		cli_error("out of memory");
		failed = true;
		return false;
	}
	if (cli_out.len)
		cli_front_commit();
	size_t done = 0;
	while (done < cli_out.len) {
		ssize_t w = write(STDOUT_FILENO, cli_out.data + done, cli_out.len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			cli_error("cannot write output: %s",
			          w < 0 ? strerror(errno) : "nothing written");
			failed = true;
			cli_out.len = 0;
			return false;
		}
		done += (size_t)w;
	}
	cli_out.len = 0;
	return true;
}

bool cli_is_stale(const char *verified)
{
	if (!verified || strlen(verified) != 7)
		return true;
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm))
		return false;
	/* VERIFIED was checked to be "YYYY-MM" when the data was loaded */
	int year = (int)strtol(verified, NULL, 10), month = (int)strtol(verified + 5, NULL, 10);
	int age = (tm.tm_year + 1900 - year) * 12 + (tm.tm_mon + 1 - month);
	return age > 24;
}

bool cli_use_color(const struct cli *cli)
{
	if (cli->color != COLOR_AUTO)
		return cli->color == COLOR_ALWAYS;
	const char *no = getenv("NO_COLOR");
	if (no && no[0])
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO);
}
