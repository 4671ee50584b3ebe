/* The password for `mailcfg check --login`: never an option (it would show
 * in ps and the shell's history), but MAILCFG_PASSWORD or a question on the
 * terminal with echo off. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static int tty_fd = -1;
static struct termios saved;

/* Interrupted at the prompt: give the terminal its echo back first. */
static void on_signal(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

bool cli_read_password(const char *user, char *out, size_t size)
{
	const char *env = getenv("MAILCFG_PASSWORD");
	if (env) {
		if (strlen(env) >= size || strpbrk(env, "\r\n")) {
			char max[24];
			snprintf(max, sizeof max, "%zu", size - 1);
			cli_error(
			    N_("--login: MAILCFG_PASSWORD is longer than %s bytes or holds a line "
			       "break"),
			    max);
			return false;
		}
		memcpy(out, env, strlen(env) + 1);
		return true;
	}
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct termios t;
	if (fd < 0 || tcgetattr(fd, &t) != 0) {
		if (fd >= 0)
			close(fd);
		cli_error(
		    N_("--login: no password: set MAILCFG_PASSWORD or run mailcfg on a terminal "
		       "to be asked for it"));
		return false;
	}
	saved = t;
	tty_fd = fd;
	void (*old_int)(int) = signal(SIGINT, on_signal);
	void (*old_term)(int) = signal(SIGTERM, on_signal);
	t.c_lflag &= ~(tcflag_t)ECHO;
	t.c_lflag |= ICANON;
	tcsetattr(fd, TCSAFLUSH, &t);
	char prompt[400];
	int pn = snprintf(prompt, sizeof prompt, "Password for %s: ", cli_safe(user, strlen(user)));
	size_t plen = pn > 0 ? ((size_t)pn < sizeof prompt ? (size_t)pn : sizeof prompt - 1) : 0;
	if (write(fd, prompt, plen) < 0) {
		/* no prompt shown: the read below still works */
	}
	size_t n = 0;
	bool ok = false;
	for (;;) {
		char c;
		ssize_t got = read(fd, &c, 1);
		if (got <= 0)
			break;
		if (c == '\n' || c == '\r') {
			ok = true;
			break;
		}
		if (n + 1 < size)
			out[n++] = c;
	}
	out[n] = '\0';
	tcsetattr(fd, TCSAFLUSH, &saved);
	if (write(fd, "\n", 1) < 0) {
		/* only the line end after the hidden input */
	}
	signal(SIGINT, old_int);
	signal(SIGTERM, old_term);
	tty_fd = -1;
	close(fd);
	if (!ok) {
		cli_error(N_("--login: no password was entered"));
		return false;
	}
	return true;
}
