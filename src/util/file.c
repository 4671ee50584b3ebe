/* Reading a whole file with a size limit, for provider files; the folder
 * of the running program. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

int mc_read_file(const char *path, size_t max, char **out, size_t *len, char *why, size_t whysize)
{
	/* O_NONBLOCK: a FIFO placed among provider files must not hang us */
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whysize, "%s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whysize, "%s",
		         S_ISDIR(st.st_mode) ? "a directory, not a file" : "not a regular file");
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > max) {
		snprintf(why, whysize, "larger than %zu bytes", max);
		close(fd);
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap);
	if (!buf) {
		snprintf(why, whysize, "out of memory");
		close(fd);
		return -1;
	}
	for (;;) {
		if (n + 1 == cap) {
			/* the file grew while we read it */
			if (cap > max) {
				snprintf(why, whysize, "larger than %zu bytes", max);
				free(buf);
				close(fd);
				return -1;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				snprintf(why, whysize, "out of memory");
				free(buf);
				close(fd);
				return -1;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(why, whysize, "%s", strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

bool mc_dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) >= size)
		return false;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return true;
}

bool mc_program_dir(char *dir, size_t size)
{
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len <= 0)
		return false;
	self[len] = '\0';
	return mc_dir_of(self, dir, size);
}
