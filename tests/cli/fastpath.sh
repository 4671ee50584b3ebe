#!/bin/sh
# The batch fast path inside the real tool: queries read from standard input
# (where built-in domains take the fast path) must get exactly the answers,
# messages and exit status that the same queries get as arguments (which
# always take the general path), in TSV and JSON, offline and in online mode
# (where unanswered lines queue in the window and the fast path must wait
# its turn). Every built-in domain, as a domain and in addresses, mixed with
# lines the general path answers. The exhaustive comparison of single lines
# is tests/unit/test_fastpath.c.
#   fastpath.sh MAILCFG DATA_DIR
set -u
mailcfg="$1"
data="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
# shellcheck source=tests/cli/same-answers.sh
. "$(dirname "$0")/same-answers.sh"
builtin_domains "$data"
# between known domains: lines the general path answers (invalid queries,
# provider names, unknown names); no unknown domain, which in online mode
# would ask the network
awk '{
	print $0
	print "user" NR "@" $0
	print "First.Last+" NR "@" toupper($0) "."
	if (NR % 7 == 0) print "a@@" $0
	if (NR % 11 == 0) print "GMX"
	if (NR % 13 == 0) print "no-such-provider-name"
	if (NR % 17 == 0) print "\"quoted\"@" $0
	if (NR % 19 == 0) print ".dot@" $0
}' "$dir/domains" >"$dir/lines"

set -f # from here on queries are words: no globbing of '*' and '?'
passed=0 failed=0
check() { # NAME ARGS...: stdin run against argument run
	name="$1"
	shift
	"$mailcfg" lookup "$@" - <"$dir/lines" >"$dir/fast.out" 2>"$dir/fast.err"
	fast_rc=$?
	# shellcheck disable=SC2046
	"$mailcfg" lookup "$@" $(cat "$dir/lines") >"$dir/slow.out" 2>"$dir/slow.err"
	slow_rc=$?
	same_answers "$name" 1 "$(wc -l <"$dir/lines") lines, $(wc -c <"$dir/fast.out") bytes"
}

export XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache" HOME="$dir"
MAILCFG_OFFLINE=1 check "tsv, offline" --format tsv
MAILCFG_OFFLINE=1 check "json, offline" --json
MAILCFG_OFFLINE=1 check "json in German, offline" --json --lang de
check "tsv, online mode (window)" --format tsv
check "json, online mode (window)" --json --parallel 3
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
