/* Small network helpers for the discovery tests (run-net-tests.sh), for the
 * few behaviours that nginx and dnsmasq cannot show. Loopback only.
 *
 *   nethelper serve [--tcp-hold ADDR:PORT] [--tcp-hostile ADDR:PORT]
 *                   [--udp-silent ADDR:PORT]
 *                   [--udp-servfail ADDR:PORT]...
 *       --tcp-hold     accept connections, read and discard, never send
 *       --tcp-hostile  a POP3 server whose greeting and answers hold terminal
 *                      controls (escape sequences, a bidi override)
 *       --udp-silent   receive DNS queries and never answer (a DNS timeout)
 *       --udp-servfail answer every DNS query with SERVFAIL (an upstream
 *                      for dnsmasq: it passes the SERVFAIL on)
 *       Prints "ready" once every socket is bound; runs until killed.
 *
 *   nethelper delay ADDR:PORT MS TARGET_ADDR:PORT
 *       A server that answers MS milliseconds late (for bench/online.sh):
 *       accepts connections on ADDR:PORT and MS milliseconds after each one
 *       connects it to TARGET and relays both ways, untouched (TLS passes
 *       through), until either side closes. One process per connection.
 *       Prints "ready" once bound; runs until killed.
 *
 *   nethelper dns ADDR:PORT NAME TYPE
 *       One DNS query over UDP (TYPE: A, MX, SRV, TXT); prints the response
 *       code and each answer ("MX 10 mx1.example.test"); exit 0 when an
 *       answer came within 1 second, 1 otherwise, 2 on a usage error.
 *
 * Every ADDR must be an IPv4 loopback address (127.0.0.0/8). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 512

static void usage(void)
{
	fputs("usage: nethelper serve [--tcp-hold|--tcp-hostile|--udp-silent|--udp-servfail "
	      "ADDR:PORT]...\n"
	      "       nethelper delay ADDR:PORT MS TARGET_ADDR:PORT\n"
	      "       nethelper dns ADDR:PORT NAME A|MX|SRV|TXT\n",
	      stderr);
	exit(2);
}

/* "127.0.0.3:443" into SA; loopback only. */
static bool parse_addr(const char *s, struct sockaddr_in *sa)
{
	const char *colon = strrchr(s, ':');
	char host[64];
	if (!colon || (size_t)(colon - s) >= sizeof host)
		return false;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return false;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return false;
	return (ntohl(sa->sin_addr.s_addr) >> 24) == 127;
}

static int bound_socket(const char *spec, int type)
{
	struct sockaddr_in sa;
	if (!parse_addr(spec, &sa)) {
		fprintf(stderr, "nethelper: '%s' is not a loopback ADDR:PORT\n", spec);
		exit(2);
	}
	int fd = socket(AF_INET, type, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    (type == SOCK_STREAM && listen(fd, 64) != 0)) {
		fprintf(stderr, "nethelper: cannot listen on %s: %s\n", spec, strerror(errno));
		exit(1);
	}
	return fd;
}

enum role { TCP_LISTEN, TCP_CONN, TCP_HOSTILE_LISTEN, TCP_HOSTILE, UDP_SILENT, UDP_SERVFAIL };

/* What the hostile POP3 server says: a title-setting escape with a bell, a
 * screen clear, a bidi override. */
static const char hostile_greeting[] = "+OK \x1b]0;owned\x07hostile \xe2\x80\xaeready\r\n";
static const char hostile_answer[] = "-ERR \x1b[2Jno\r\n";

static int serve(int argc, char **argv)
{
	struct pollfd pf[MAX_FDS];
	enum role role[MAX_FDS];
	nfds_t n = 0;
	for (int i = 0; i < argc; i++) {
		if (i + 1 >= argc || n >= MAX_FDS)
			usage();
		if (strcmp(argv[i], "--tcp-hold") == 0)
			role[n] = TCP_LISTEN;
		else if (strcmp(argv[i], "--tcp-hostile") == 0)
			role[n] = TCP_HOSTILE_LISTEN;
		else if (strcmp(argv[i], "--udp-silent") == 0)
			role[n] = UDP_SILENT;
		else if (strcmp(argv[i], "--udp-servfail") == 0)
			role[n] = UDP_SERVFAIL;
		else
			usage();
		pf[n].fd = bound_socket(
		    argv[++i], role[n] == TCP_LISTEN || role[n] == TCP_HOSTILE_LISTEN ? SOCK_STREAM
		                                                                      : SOCK_DGRAM);
		pf[n].events = POLLIN;
		n++;
	}
	if (n == 0)
		usage();
	puts("ready");
	fflush(stdout);
	unsigned char buf[4096];
	for (;;) {
		if (poll(pf, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("nethelper: poll");
			return 1;
		}
		for (nfds_t i = 0; i < n; i++) {
			if (!pf[i].revents)
				continue;
			if (role[i] == TCP_LISTEN || role[i] == TCP_HOSTILE_LISTEN) {
				int c = accept(pf[i].fd, NULL, NULL);
				bool hostile = role[i] == TCP_HOSTILE_LISTEN;
				if (c >= 0 && n < MAX_FDS) {
					pf[n] = (struct pollfd){c, POLLIN, 0};
					role[n++] = hostile ? TCP_HOSTILE : TCP_CONN;
					if (hostile && write(c, hostile_greeting,
					                     sizeof hostile_greeting - 1) < 0)
						perror("nethelper: write");
				} else if (c >= 0) {
					close(c);
				}
			} else if (role[i] == TCP_CONN || role[i] == TCP_HOSTILE) {
				ssize_t got = read(pf[i].fd, buf, sizeof buf);
				/* every command gets the same hostile refusal */
				if (got > 0 && role[i] == TCP_HOSTILE &&
				    write(pf[i].fd, hostile_answer, sizeof hostile_answer - 1) < 0)
					got = 0;
				if (got <= 0) {
					/* the client gave up: forget it */
					close(pf[i].fd);
					pf[i] = pf[n - 1];
					role[i] = role[n - 1];
					n--;
					i--;
				}
			} else {
				struct sockaddr_in from;
				socklen_t fl = sizeof from;
				ssize_t got = recvfrom(pf[i].fd, buf, sizeof buf, 0,
				                       (struct sockaddr *)&from, &fl);
				if (got < 12 || role[i] == UDP_SILENT)
					continue;
				/* the query back as a response: QR, RA, RCODE 2, no records
				 * but the question */
				buf[2] = (unsigned char)(0x80 | (buf[2] & 0x79));
				buf[3] = 0x82;
				memset(buf + 6, 0, 6);
				sendto(pf[i].fd, buf, (size_t)got, 0, (struct sockaddr *)&from, fl);
			}
		}
	}
}

/* ---- a server that answers late ------------------------------------------ */

/* Copy what FROM has to TO; false at the end of either. */
static bool pass_on(int from, int to)
{
	char buf[16384];
	ssize_t got = read(from, buf, sizeof buf);
	if (got <= 0)
		return false;
	for (ssize_t done = 0; done < got;) {
		ssize_t w = write(to, buf + done, (size_t)(got - done));
		if (w <= 0)
			return false;
		done += w;
	}
	return true;
}

/* One connection C: wait until AT, then relay between C and TARGET. Small
 * writes go out at once (TCP_NODELAY), as the relay must add no delay of its
 * own: Nagle against a delayed acknowledgement would add up to 40 ms. */
static void relay_late(int c, const struct timespec *at, const struct sockaddr_in *target)
{
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, at, NULL) == EINTR)
		;
	int t = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	if (t < 0 || connect(t, (const struct sockaddr *)target, sizeof *target) != 0) {
		perror("nethelper: delay: connect");
		_exit(1);
	}
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct pollfd pf[2] = {{c, POLLIN, 0}, {t, POLLIN, 0}};
	for (;;) {
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		if ((pf[0].revents && !pass_on(c, t)) || (pf[1].revents && !pass_on(t, c)))
			_exit(0);
	}
}

static int delay(int argc, char **argv)
{
	if (argc != 3)
		usage();
	char *end;
	long ms = strtol(argv[1], &end, 10);
	struct sockaddr_in target;
	if (!argv[1][0] || *end || ms < 0 || ms > 60000 || !parse_addr(argv[2], &target)) {
		fputs("nethelper: delay wants ADDR:PORT MS TARGET_ADDR:PORT, MS from 0 to 60000, "
		      "loopback addresses only\n",
		      stderr);
		return 2;
	}
	int l = bound_socket(argv[0], SOCK_STREAM);
	signal(SIGCHLD, SIG_IGN); /* the relays leave no zombies */
	puts("ready");
	fflush(stdout);
	for (;;) {
		int c = accept(l, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("nethelper: delay: accept");
			return 1;
		}
		/* the delay counts from the connection, not from the fork */
		struct timespec at;
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_sec += ms / 1000;
		at.tv_nsec += (ms % 1000) * 1000000L;
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		pid_t pid = fork();
		if (pid == 0) {
			close(l);
			/* a relay goes when the server is stopped */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			relay_late(c, &at, &target);
		}
		if (pid < 0)
			perror("nethelper: delay: fork");
		close(c);
	}
}

/* ---- one DNS query -------------------------------------------------------- */

static const struct {
	const char *name;
	unsigned type;
} types[] = {{"A", 1}, {"MX", 15}, {"SRV", 33}, {"TXT", 16}};

/* Read a possibly compressed name at *POS of MSG into OUT. */
static bool read_name(const unsigned char *msg, size_t len, size_t *pos, char *out, size_t outsz)
{
	size_t p = *pos, o = 0;
	bool jumped = false;
	int hops = 0;
	for (;;) {
		if (p >= len)
			return false;
		unsigned l = msg[p];
		if ((l & 0xc0) == 0xc0) {
			if (p + 1 >= len || ++hops > 32)
				return false;
			if (!jumped)
				*pos = p + 2;
			jumped = true;
			p = ((l & 0x3f) << 8) | msg[p + 1];
			continue;
		}
		if (l == 0) {
			if (!jumped)
				*pos = p + 1;
			break;
		}
		if (p + 1 + l > len || o + l + 2 > outsz)
			return false;
		memcpy(out + o, msg + p + 1, l);
		o += l;
		out[o++] = '.';
		p += 1 + l;
	}
	if (o == 0)
		out[o++] = '.';
	else
		o--; /* no trailing dot */
	out[o] = '\0';
	return true;
}

static int dns(int argc, char **argv)
{
	if (argc != 3)
		usage();
	struct sockaddr_in sa;
	if (!parse_addr(argv[0], &sa)) {
		fprintf(stderr, "nethelper: '%s' is not a loopback ADDR:PORT\n", argv[0]);
		return 2;
	}
	unsigned qtype = 0;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcasecmp(argv[2], types[i].name) == 0)
			qtype = types[i].type;
	if (!qtype)
		usage();

	unsigned char q[512], r[4096];
	size_t ql = 12;
	unsigned id = (unsigned)(time(NULL) ^ getpid()) & 0xffff;
	memset(q, 0, 12);
	q[0] = (unsigned char)(id >> 8);
	q[1] = (unsigned char)id;
	q[2] = 0x01; /* RD */
	q[5] = 1;    /* one question */
	for (const char *s = argv[1]; *s;) {
		size_t l = strcspn(s, ".");
		if (l == 0 || l > 63 || ql + l + 6 > sizeof q) {
			fprintf(stderr, "nethelper: bad name %s\n", argv[1]);
			return 2;
		}
		q[ql++] = (unsigned char)l;
		memcpy(q + ql, s, l);
		ql += l;
		s += l + (s[l] == '.');
	}
	q[ql++] = 0;
	q[ql++] = (unsigned char)(qtype >> 8);
	q[ql++] = (unsigned char)qtype;
	q[ql++] = 0;
	q[ql++] = 1; /* IN */

	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    send(fd, q, ql, 0) != (ssize_t)ql) {
		printf("error %s\n", strerror(errno));
		return 1;
	}
	struct pollfd pf = {fd, POLLIN, 0};
	ssize_t got;
	for (;;) {
		if (poll(&pf, 1, 1000) <= 0) {
			puts("timeout");
			return 1;
		}
		got = recv(fd, r, sizeof r, 0);
		if (got < 0) {
			printf("error %s\n", strerror(errno));
			return 1;
		}
		if (got >= 12 && r[0] == q[0] && r[1] == q[1])
			break;
	}
	size_t len = (size_t)got;
	static const char *const rcodes[] = {"NOERROR",  "FORMERR", "SERVFAIL",
	                                     "NXDOMAIN", "NOTIMP",  "REFUSED"};
	unsigned rc = r[3] & 0x0f;
	if (rc < 6)
		printf("%s\n", rcodes[rc]);
	else
		printf("RCODE%u\n", rc);
	unsigned qd = (unsigned)(r[4] << 8 | r[5]), an = (unsigned)(r[6] << 8 | r[7]);
	size_t pos = 12;
	char name[300], target[300];
	for (unsigned i = 0; i < qd; i++) {
		if (!read_name(r, len, &pos, name, sizeof name))
			goto bad;
		pos += 4;
	}
	for (unsigned i = 0; i < an; i++) {
		if (!read_name(r, len, &pos, name, sizeof name) || pos + 10 > len)
			goto bad;
		unsigned type = (unsigned)(r[pos] << 8 | r[pos + 1]);
		size_t rdlen = (size_t)(r[pos + 8] << 8 | r[pos + 9]);
		pos += 10;
		if (pos + rdlen > len)
			goto bad;
		size_t rd = pos;
		if (type == 1 && rdlen == 4) {
			printf("A %u.%u.%u.%u\n", r[rd], r[rd + 1], r[rd + 2], r[rd + 3]);
		} else if (type == 15 && rdlen > 2) {
			size_t p = rd + 2;
			if (!read_name(r, len, &p, target, sizeof target))
				goto bad;
			printf("MX %u %s\n", (unsigned)(r[rd] << 8 | r[rd + 1]), target);
		} else if (type == 33 && rdlen > 6) {
			size_t p = rd + 6;
			if (!read_name(r, len, &p, target, sizeof target))
				goto bad;
			printf("SRV %u %u %u %s\n", (unsigned)(r[rd] << 8 | r[rd + 1]),
			       (unsigned)(r[rd + 2] << 8 | r[rd + 3]),
			       (unsigned)(r[rd + 4] << 8 | r[rd + 5]), target);
		} else {
			printf("TYPE%u (%zu bytes)\n", type, rdlen);
		}
		pos += rdlen;
	}
	return 0;
bad:
	puts("malformed response");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (strcmp(argv[1], "serve") == 0)
		return serve(argc - 2, argv + 2);
	if (strcmp(argv[1], "delay") == 0)
		return delay(argc - 2, argv + 2);
	if (strcmp(argv[1], "dns") == 0)
		return dns(argc - 2, argv + 2);
	usage();
	return 2;
}
