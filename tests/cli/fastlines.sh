#!/bin/sh
# The batch fast path's loop over standard input: lines cut by the reads at
# any byte, CRLF line ends, upper-case domains and root dots, local parts of
# every length around the copy blocks, and a last line without a line end
# must get exactly the answers, messages and exit status that the same
# queries get as arguments (which always take the general path). Input comes
# from a file (full 64 KB reads) and from a pipe fed in small odd chunks.
#   fastlines.sh MAILCFG DATA_DIR
set -u
mailcfg="$1"
data="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
command -v dd >/dev/null || {
	echo "FAIL dd is needed (coreutils)"
	exit 1
}
# shellcheck source=tests/cli/same-answers.sh
. "$(dirname "$0")/same-answers.sh"
builtin_domains "$data"
# the queries, one per line, no line end on the last; lines for the general
# path in between (no unknown domain: offline it is simply not found)
awk '{
	print "user" NR "@" $0
	print toupper($0) "."
	print "First.Last+" NR "@" toupper(substr($0, 1, 1)) substr($0, 2)
	print $0
	print "x" NR "@" $0 "."
	if (NR % 7 == 0) print "a@@" $0
	if (NR % 11 == 0) print "GMX"
}
END {
	for (n = 1; n <= 70; n++) {
		l = ""
		for (i = 0; i < n; i++) l = l (i % 9 == 4 ? "." : "x")
		print l "@web.de"
		print l "@WEB.DE."
	}
	printf "last@gmx.net"
}' "$dir/domains" >"$dir/queries"
# the same with CRLF on every third line (the last keeps none)
awk 'NR > 1 { printf "%s%s\n", prev, (NR - 1) % 3 == 0 ? "\r" : "" }
     { prev = $0 }
     END { printf "%s", prev }' "$dir/queries" >"$dir/crlf"
# more than one read of 64 KB, and a last line without a line end
[ "$(wc -c <"$dir/queries")" -gt 65536 ] || {
	echo "FAIL the test input is shorter than one read"
	exit 1
}
[ "$(tail -c 1 "$dir/crlf" | od -An -c | tr -d ' ')" = "t" ] || {
	echo "FAIL the test input ends in a line end"
	exit 1
}

set -f # from here on queries are words: no globbing
passed=0 failed=0
check() { # NAME FEED ARGS...: FEED is "file" or "pipe"
	name="$1" feed="$2"
	shift 2
	if [ "$feed" = file ]; then
		"$mailcfg" lookup "$@" - <"$dir/crlf" >"$dir/fast.out" 2>"$dir/fast.err"
		fast_rc=$?
	else
		dd if="$dir/crlf" bs=997 status=none | "$mailcfg" lookup "$@" - >"$dir/fast.out" 2>"$dir/fast.err"
		fast_rc=$?
	fi
	IFS='
'
	# shellcheck disable=SC2046
	"$mailcfg" lookup "$@" $(cat "$dir/queries") >"$dir/slow.out" 2>"$dir/slow.err"
	slow_rc=$?
	unset IFS
	same_answers "$name" "$count" "$(wc -c <"$dir/crlf") bytes in, $(wc -c <"$dir/fast.out") out"
}

export XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache" HOME="$dir" MAILCFG_OFFLINE=1
check "tsv, from a file" file --format tsv
check "tsv, from a pipe in odd chunks" pipe --format tsv
check "json, from a file" file --json
check "json, from a pipe in odd chunks" pipe --json
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
