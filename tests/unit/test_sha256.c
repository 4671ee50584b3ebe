/* The data checksum: FIPS 180-4 test vectors. */
#include <check.h>
#include <string.h>

#include "sha256.h"
#include "unit.h"

static void hex_of(const char *s, size_t n, char out[65])
{
	struct sha256 h;
	sha256_init(&h);
	sha256_update(&h, s, n);
	sha256_hex(&h, out);
}

START_TEST(test_vectors)
{
	char out[65];
	hex_of("", 0, out);
	ck_assert_str_eq(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, out);
	ck_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	hex_of(two, strlen(two), out);
	ck_assert_str_eq(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* a million 'a', fed in uneven pieces */
	struct sha256 h;
	sha256_init(&h);
	char a[997];
	memset(a, 'a', sizeof a);
	size_t left = 1000000;
	while (left) {
		size_t n = left < sizeof a ? left : sizeof a;
		sha256_update(&h, a, n);
		left -= n;
	}
	sha256_hex(&h, out);
	ck_assert_str_eq(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sha256");
	TCase *t = tcase_create("vectors");
	tcase_add_test(t, test_vectors);
	suite_add_tcase(s, t);
	return run_suite(s);
}
