/* The full program's side of src/cli/front.c: it loads shared objects
 * itself (src/util/dl.c), so there is nothing to hand over to and no
 * reason to hold messages back. */
#include "cli.h"

void cli_front_init(char **argv)
{
	(void)argv;
}

bool cli_front_holding(void)
{
	return false;
}

void cli_front_commit(void) {}

void cli_front_hand_over(void) {}
