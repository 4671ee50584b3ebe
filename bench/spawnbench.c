/* spawnbench: wall time of commands, measured interleaved.
 *
 *   spawnbench [-i INPUT -l LINES] [-t FILE] RUNS 'CMD ARG...' 'CMD ARG...' ...
 *
 * Runs every command once per round, RUNS rounds, so a busy moment on a
 * shared machine hits all of them alike (hyperfine runs one command after
 * the other). Each run is posix_spawn + wait4 with standard output on
 * /dev/null and standard input from INPUT (default /dev/null); the wall
 * time and the peak resident set size come from the clock and wait4.
 * Prints per command: median and quartiles in microseconds, the ratio of
 * the medians to the first command, the largest peak RSS in KB and, with
 * -l, millions of input lines per second at the median.
 * -t FILE also writes every measured run to FILE as a line "COMMAND_INDEX
 * MICROSECONDS EXIT_STATUS" (index from 0; 128 + N for signal N), for
 * scripts that want other figures or must check how the runs ended.
 * Arguments are split at blanks: no quoting, which is all a benchmark of
 * fixed commands needs. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_CMDS 16
#define MAX_ARGS 32

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	const char *input = "/dev/null", *times = NULL;
	double lines = 0;
	int opt;
	while ((opt = getopt(argc, argv, "+i:l:t:")) != -1) {
		if (opt == 'i')
			input = optarg;
		else if (opt == 'l')
			lines = atof(optarg);
		else if (opt == 't')
			times = optarg;
		else
			return 2;
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (argc < 3 || argc - 2 > MAX_CMDS) {
		fprintf(stderr,
		        "usage: spawnbench [-i INPUT -l LINES] [-t FILE] RUNS 'CMD ARG...'... (at "
		        "most %d)\n",
		        MAX_CMDS);
		return 2;
	}
	int runs = atoi(argv[1]), ncmd = argc - 2;
	if (runs < 1)
		return 2;
	char *args[MAX_CMDS][MAX_ARGS + 1], *label[MAX_CMDS];
	for (int c = 0; c < ncmd; c++) {
		int n = 0;
		label[c] = strdup(argv[c + 2]);
		for (char *t = strtok(argv[c + 2], " "); t && n < MAX_ARGS; t = strtok(NULL, " "))
			args[c][n++] = t;
		args[c][n] = NULL;
	}
	long *t = calloc((size_t)runs * (size_t)ncmd, sizeof *t);
	long maxrss[MAX_CMDS] = {0};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, input, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	FILE *tf = times ? fopen(times, "w") : NULL;
	if (!t || (times && !tf)) {
		perror(times ? times : "spawnbench");
		return 2;
	}
	for (int r = -runs / 10 - 1; r < runs; r++) /* the first tenth warms up */
		for (int c = 0; c < ncmd; c++) {
			pid_t pid;
			int status;
			struct rusage ru;
			long t0 = now_us();
			if (posix_spawn(&pid, args[c][0], &fa, NULL, args[c], environ) != 0) {
				perror(args[c][0]);
				return 2;
			}
			if (wait4(pid, &status, 0, &ru) < 0)
				return 2;
			long dt = now_us() - t0;
			if (r >= 0)
				t[(size_t)c * (size_t)runs + (size_t)r] = dt;
			if (r >= 0 && tf)
				fprintf(tf, "%d %ld %d\n", c, dt,
				        WIFEXITED(status) ? WEXITSTATUS(status)
				                          : 128 + WTERMSIG(status));
			if (ru.ru_maxrss > maxrss[c])
				maxrss[c] = ru.ru_maxrss;
		}
	double base = 0;
	for (int c = 0; c < ncmd; c++) {
		long *v = t + (size_t)c * (size_t)runs;
		qsort(v, (size_t)runs, sizeof *v, cmp_long);
		long med = v[runs / 2];
		if (c == 0)
			base = (double)med;
		printf("  %-50s %8ld us (q1 %ld, q3 %ld)  %5.2fx  peak %5ld KB", label[c], med,
		       v[runs / 4], v[3 * runs / 4], (double)med / base, maxrss[c]);
		if (lines > 0)
			printf("  %7.2f M lines/s", lines / (double)med);
		putchar('\n');
	}
	free(t);
	if (tf && fclose(tf) != 0) {
		perror(times);
		return 2;
	}
	return 0;
}
