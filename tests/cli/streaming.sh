#!/bin/sh
# Batch answers stream: the answer to a line appears while standard input is
# still open, before any further line is written (a pipeline from a slow
# producer, or a person typing, gets each answer at once).
#   streaming.sh MAILCFG
set -u
mailcfg="$1"
dir="$(mktemp -d)"
trap 'exec 3>&- 2>/dev/null; kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
mkfifo "$dir/in"
MAILCFG_OFFLINE=1 XDG_CONFIG_HOME="$dir" "$mailcfg" lookup --format tsv - <"$dir/in" >"$dir/out" 2>"$dir/err" &
pid=$!
exec 3>"$dir/in"
printf 'gmx.net\n' >&3
# wait (bounded) for the first answer while the input stays open
i=0
while ! grep -q '^gmx.net	gmx	imap	' "$dir/out" && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
passed=0 failed=0
if grep -q '^gmx.net	gmx	imap	' "$dir/out"; then
	echo "ok the first answer arrives before the input ends"
	passed=$((passed + 1))
else
	echo "FAIL the first answer did not arrive while the input was open"
	failed=$((failed + 1))
fi
printf 'web.de\n' >&3
exec 3>&-
wait "$pid"
rc=$?
if [ $rc -eq 0 ] && grep -q '^web.de	webde	imap	' "$dir/out"; then
	echo "ok the next line is answered after it, exit 0"
	passed=$((passed + 1))
else
	echo "FAIL second answer or exit status ($rc): $(cat "$dir/out" "$dir/err")"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
