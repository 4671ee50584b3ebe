/* lookup: the smallest program that embeds libmailcfg. For each domain,
 * address or provider name given, it prints the IMAP server to use.
 *
 *   cc lookup.c $(pkg-config --cflags --libs mailcfg) -o lookup
 *   ./lookup gmx.net        # gmx.net: IMAP imap.gmx.net port 993 ssl
 *
 * or with CMake: find_package(mailcfg) and link mailcfg::mailcfg (see
 * CMakeLists.txt here). The library answers from its built-in data and
 * never prints; online discovery is off unless mailcfg_ctx_set_online() is
 * called. */
#include <stdio.h>
#include <string.h>

#include <mailcfg.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DOMAIN|ADDRESS|PROVIDER...\n", argv[0]);
		return 2;
	}
	mailcfg_ctx *ctx;
	mailcfg_result *result;
	int err = mailcfg_ctx_new(&ctx);
	if (err == MAILCFG_OK) {
		err = mailcfg_result_new(&result);
		if (err != MAILCFG_OK)
			mailcfg_ctx_free(ctx);
	}
	if (err != MAILCFG_OK) {
		fprintf(stderr, "lookup: %s\n", mailcfg_strerror(err));
		return 5;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		/* one result, reused for every query */
		mailcfg_lookup(ctx, argv[i], strlen(argv[i]), result);
		if (mailcfg_result_status(result) != MAILCFG_STATUS_FOUND) {
			fprintf(stderr, "lookup: %s\n", mailcfg_result_message(result));
			status = 1;
			continue;
		}
		const mailcfg_server *imap = NULL;
		for (size_t s = 0; s < mailcfg_result_server_count(result) && !imap; s++) {
			const mailcfg_server *server = mailcfg_result_server(result, s);
			if (server->protocol == MAILCFG_PROTOCOL_IMAP)
				imap = server; /* the first is the provider's preferred one */
		}
		if (!imap) {
			fprintf(stderr, "lookup: %s: %s offers no IMAP\n", argv[i],
			        mailcfg_result_provider_name(result));
			status = 1;
			continue;
		}
		printf("%s: IMAP %s port %u %s\n", argv[i], imap->host, imap->port,
		       mailcfg_encryption_name(imap->encryption));
	}
	mailcfg_result_free(result);
	mailcfg_ctx_free(ctx);
	return status;
}
