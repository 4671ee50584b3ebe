#!/bin/sh
# -DMAILCFG_EXTRA_AUTOCONFIG_DIR: autoconfig files compiled in below the
# curated data. A domain the data claims (gmx.net) stays with its curated
# provider; new domains are added as "ac-" entries; a hostile file is
# skipped with its reason.
#   autoconfig-layer.sh MAILCFG_GEN   (run from tests/gen)
set -u
gen="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() { # NAME CONDITION...
	name="$1"
	shift
	if "$@"; then
		echo "ok $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		failed=$((failed + 1))
	fi
}
"$gen" --autoconfig-dir autoconfig-layer -o "$tmp/out.c" ../../data/providers/gmx.json \
	2>"$tmp/err"
rc=$?
check "exit 0 with a hostile file among the autoconfig files" [ $rc -eq 0 ]
check "the hostile file is skipped with its reason" grep -q "bad: skipped: the document has a DOCTYPE" "$tmp/err"
check "the count is reported" grep -q "2 autoconfig files added, 1 skipped" "$tmp/err"
check "new domains are compiled in" grep -q '/\* example\.net \*/' "$tmp/out.c"
check "under an ac- id" grep -q '/\* ac-example-org \*/' "$tmp/out.c"
check "a domain of the curated data is not taken over" \
	sh -c "[ \$(grep -c '/\\* gmx\\.net \\*/' '$tmp/out.c') -eq 1 ]"
check "the other domain of that file still comes in" grep -q '/\* extra-gmx-domain\.test \*/' "$tmp/out.c"
check "layer entries are not found by name" sh -c "! grep -q '/\\* examplemail \\*/' '$tmp/out.c'"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
