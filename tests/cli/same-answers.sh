# Sourced by fastpath.sh and fastlines.sh: the built-in domains, and the
# comparison of a batch's answers with the same queries' as arguments.
# Uses $dir (a scratch folder) and counts into $passed and $failed.

# builtin_domains DATA_DIR: every domain of the provider files into
# $dir/domains, one per line; their number in $count.
builtin_domains() {
	cat "$1"/*.json | tr -d ' \n' | grep -o '"domains":\[[^]]*\]' |
		grep -o '"[a-z0-9.-]*"' | tr -d '"' >"$dir/domains"
	count=$(wc -l <"$dir/domains")
	if [ "$count" -lt 100 ]; then
		echo "FAIL only $count domains found in $1"
		exit 1
	fi
}

# same_answers NAME MIN_LINES DETAIL: $dir/fast.out, fast.err and $fast_rc
# (standard input) against $dir/slow.out, slow.err and $slow_rc (arguments),
# byte for byte, with at least MIN_LINES lines of output.
same_answers() {
	if [ "$fast_rc" -ne "$slow_rc" ]; then
		echo "FAIL $1: exit $fast_rc from standard input, $slow_rc from arguments"
		failed=$((failed + 1))
	elif ! cmp -s "$dir/fast.out" "$dir/slow.out"; then
		echo "FAIL $1: standard output differs:"
		cmp "$dir/fast.out" "$dir/slow.out"
		diff "$dir/fast.out" "$dir/slow.out" | head -5
		failed=$((failed + 1))
	elif ! cmp -s "$dir/fast.err" "$dir/slow.err"; then
		echo "FAIL $1: standard error differs:"
		diff "$dir/fast.err" "$dir/slow.err" | head -5
		failed=$((failed + 1))
	elif [ "$(wc -l <"$dir/fast.out")" -lt "$2" ]; then
		echo "FAIL $1: only $(wc -l <"$dir/fast.out") lines of output"
		failed=$((failed + 1))
	else
		echo "ok $1 ($3)"
		passed=$((passed + 1))
	fi
}
