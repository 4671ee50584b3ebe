/* The command-line tool's main.c for mailcfg-completions: the generator is
 * linked with every source of the program (cmake/completions.cmake), so it
 * sees the option table exactly as built, and this file brings in the
 * helpers main.c defines with the program's own main() renamed. */
int mailcfg_program_main(int argc, char **argv);
#define main mailcfg_program_main
#include "../src/main.c" /* NOLINT(bugprone-suspicious-include): on purpose, see above */
