/* Shared by the unit test programs: run one suite, exit status from it. */
#ifndef MC_UNIT_H
#define MC_UNIT_H

#include <check.h>

static inline int run_suite(Suite *s)
{
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}

#endif
