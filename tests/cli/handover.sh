#!/bin/sh
# The static program hands over to the full one (src/cli/front.c) exactly
# when a shared object is needed, with the same arguments, its standard
# input unread, and nothing said or written twice.
#
# A copy of the program runs beside a stand-in for mailcfg-full that
# records its arguments and its standard input, so each case sees whether
# the hand-over happened and what the full program would have been given.
#   handover.sh MAILCFG
set -u
mailcfg="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT INT TERM
cp "$mailcfg" "$dir/mailcfg"
cat >"$dir/mailcfg-full" <<'EOF'
#!/bin/sh
# the stand-in: what it was given, then a status no real answer has
here=$(dirname "$0")
printf '%s\n' "$@" >"$here/args"
cat >"$here/stdin"
exit 42
EOF
chmod 755 "$dir/mailcfg-full"
export XDG_CONFIG_HOME="$dir/config" LANG=C MAILCFG_OFFLINE=1
passed=0 failed=0
ok() {
	echo "ok $1"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL $1"
	failed=$((failed + 1))
}
# run ARGS...: the copy, input from $dir/in, output to $dir/out and $dir/err
run() {
	rm -f "$dir/args" "$dir/stdin"
	timeout 20 "$dir/mailcfg" "$@" <"$dir/in" >"$dir/out" 2>"$dir/err"
	rc=$?
}
printf 'gmx.net\nweb.de\n' >"$dir/in"

run lookup gmx.net
if [ $rc -eq 0 ] && [ ! -e "$dir/args" ] && grep -q 'imap.gmx.net' "$dir/out"; then
	ok "a built-in answer comes from the program itself"
else
	fail "lookup gmx.net: exit $rc, handed over: $([ -e "$dir/args" ] && echo yes || echo no)"
fi

run lookup --json bücher.de
if [ $rc -eq 42 ] && [ "$(cat "$dir/args" 2>/dev/null)" = "$(printf 'lookup\n--json\nbücher.de')" ]; then
	ok "an international name hands over, with the same arguments"
else
	fail "lookup --json bücher.de: exit $rc, arguments: $(cat "$dir/args" 2>/dev/null)"
fi

run lookup gmx.net gmxx bücher.de
if [ $rc -eq 42 ] && [ ! -s "$dir/out" ] && [ ! -s "$dir/err" ]; then
	ok "answers and messages before the hand-over are left to the full program"
else
	fail "lookup gmx.net gmxx bücher.de: exit $rc, stdout: $(cat "$dir/out"), stderr: $(cat "$dir/err")"
fi

run lookup --format tsv -
if [ $rc -eq 42 ] && cmp -s "$dir/in" "$dir/stdin"; then
	ok "a batch hands over before reading standard input"
else
	fail "lookup -: exit $rc, the full program read: $(cat "$dir/stdin" 2>/dev/null)"
fi

mkdir -p "$dir/mine"
printf '{"format": 1}\n' >"$dir/mine/mine.json"
run lookup --data-dir "$dir/mine" gmx.net
if [ $rc -eq 42 ]; then
	ok "provider files (JSON) hand over"
else
	fail "lookup --data-dir: exit $rc, expected the hand-over"
fi

run check --server imaps://127.0.0.1:1
if [ $rc -eq 42 ]; then
	ok "check hands over before it begins"
else
	fail "check: exit $rc, expected the hand-over"
fi

run lookup --bogus-option
if [ $rc -eq 2 ] && [ ! -e "$dir/args" ] && grep -q "^mailcfg: .*--bogus-option" "$dir/err"; then
	ok "a usage error is the program's own, said once"
else
	fail "lookup --bogus-option: exit $rc, stderr: $(cat "$dir/err")"
fi

# without a full program: the built-in answer still works, and what needs
# the full program says what is missing
rm "$dir/mailcfg-full"
run lookup gmx.net
[ $rc -eq 0 ] && ok "alone, a built-in answer still works" || fail "alone, lookup gmx.net: exit $rc"
run lookup bücher.de
if [ $rc -eq 3 ] && grep -q "mailcfg-full" "$dir/err" && [ "$(grep -c mailcfg-full "$dir/err")" = 1 ]; then
	ok "alone, an international name says once that mailcfg-full is missing"
else
	fail "alone, lookup bücher.de: exit $rc, stderr: $(cat "$dir/err")"
fi

echo "handover: $passed passed, $failed failed"
[ $failed -eq 0 ]
