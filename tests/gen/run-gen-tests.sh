#!/bin/sh
# Generator tests: feed mailcfg-gen bad provider files and valid edge cases.
#
#   sh run-gen-tests.sh GENERATOR_BINARY      (run from tests/gen)
#
# bad/NAME.json        one file with one mistake (several-mistakes.json: many);
#                      `--check bad/NAME.json` must exit 1 with exactly the
#                      stderr in bad/NAME.expected
# bad-sets/NAME/*.json files that are each valid but clash with each other;
#                      stderr must equal bad-sets/NAME.expected, exit 1
# good/*.json          valid edge cases: together they must pass with exit 0,
#                      no output on stderr, and give a C file that compiles
# Nothing is written into the source tree: output goes to a mktemp directory.
# CC (default cc) compiles the generated C file.

if [ $# -ne 1 ]; then
	echo "usage: sh run-gen-tests.sh GENERATOR_BINARY" >&2
	exit 2
fi
gen=$1
case $gen in
/*) ;;
*) gen=$(pwd)/$gen ;;
esac
if [ ! -x "$gen" ]; then
	echo "run-gen-tests.sh: $gen is not an executable" >&2
	exit 2
fi
here=$(dirname "$0")
cd "$here" || exit 2
srcdb=../../src/db

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mailcfg-gen-tests.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

passed=0
failed=0

ok() {
	echo "ok $1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL $1${2:+: $2}"
	failed=$((failed + 1))
}

# expect_run NAME EXPECTED_STATUS EXPECTED_STDERR_FILE GEN-ARGS...
# Runs the generator; passes when the status, stderr and (empty) stdout match.
expect_run() {
	name=$1
	want_rc=$2
	want_err=$3
	shift 3
	"$gen" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=
	[ "$rc" -eq "$want_rc" ] || why="exit status $rc, expected $want_rc"
	if ! cmp -s "$want_err" "$tmp/err"; then
		why="${why:+$why; }stderr differs"
	fi
	if [ -s "$tmp/out" ]; then
		why="${why:+$why; }unexpected output on stdout"
	fi
	if [ -z "$why" ]; then
		ok "$name"
		return 0
	fi
	fail "$name" "$why"
	diff -u "$want_err" "$tmp/err" | sed 's/^/    /'
	if [ -s "$tmp/out" ]; then
		sed 's/^/    stdout: /' "$tmp/out"
	fi
	return 1
}

: >"$tmp/empty"

# --- one bad file at a time --------------------------------------------------
for f in bad/*.json; do
	exp=${f%.json}.expected
	if [ ! -f "$exp" ]; then
		fail "$f" "no $exp"
		continue
	fi
	expect_run "$f" 1 "$exp" --check "$f"
done

# --- sets of files that clash with each other --------------------------------
for d in bad-sets/*/; do
	d=${d%/}
	exp=$d.expected
	if [ ! -f "$exp" ]; then
		fail "$d" "no $exp"
		continue
	fi
	# the glob sorts, so the argument order and the output are stable
	expect_run "$d/" 1 "$exp" --check "$d"/*.json
done

# --- several mistakes with -o: every one reported, nothing written -----------
# The valid files come first: the generator must still check every file and
# must not write the output (nor leave its temporary file behind).
out=$tmp/several/builtin_data.c
mkdir "$tmp/several"
expect_run "-o with bad/several-mistakes.json among good/*.json: all mistakes, exit 1" \
	1 bad/several-mistakes.expected -o "$out" good/*.json bad/several-mistakes.json
if [ -e "$out" ] || [ -e "$out.tmp" ]; then
	fail "-o with a bad file: nothing written" "$(ls "$tmp/several")"
else
	ok "-o with a bad file: nothing written"
fi

# --- good files --------------------------------------------------------------
out=$tmp/good/builtin_data.c
mkdir "$tmp/good"
"$gen" -o "$out" good/*.json >"$tmp/out" 2>"$tmp/err"
rc=$?
# one line per file, so a rejected edge case is named
for f in good/*.json; do
	if grep -F "$f:" "$tmp/err" >/dev/null; then
		fail "$f accepted"
		grep -F "$f:" "$tmp/err" | sed 's/^/    /'
	else
		ok "$f accepted"
	fi
done
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && [ -s "$out" ]; then
	ok "good/*.json: exit 0, no diagnostics, output written"
else
	fail "good/*.json: exit 0, no diagnostics, output written" "exit status $rc"
	sed 's/^/    /' "$tmp/err"
	[ -s "$out" ] || echo "    (no output file)"
fi
if [ -s "$out" ]; then
	if ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Wno-overlength-strings -Werror \
		-c -I"$srcdb" -o "$tmp/good/builtin_data.o" "$out" >"$tmp/cc" 2>&1; then
		ok "good/*.json: generated C compiles"
	else
		fail "good/*.json: generated C compiles"
		sed 's/^/    /' "$tmp/cc"
	fi
else
	fail "good/*.json: generated C compiles" "nothing to compile"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
