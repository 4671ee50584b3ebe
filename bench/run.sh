#!/bin/sh
# Benchmarks that print figures; never run by the test suite.
#   bench/run.sh [BUILD_DIR]      (default: build)
# Start-up: mailcfg lookup gmx.net against /bin/true, interleaved, medians.
# Batch: 1 M addresses over 300 built-in domains, to /dev/null, against cat
# and an awk join; lines per second and peak memory.
set -eu
cd "$(dirname "$0")/.."
build="${1:-build}"
mailcfg="$build/mailcfg"
[ -x "$mailcfg" ] || { echo "bench: build first (tools/bootstrap)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- inputs, regenerated every run -------------------------------------------
ls data/providers/*.json | xargs cat |
	tr -d ' \n' | grep -o '"domains":\[[^]]*\]' | grep -o '"[a-z0-9.-]*\.[a-z0-9-]*"' |
	tr -d '"' | head -300 >"$work/domains"
awk 'BEGIN { srand(1) } { d[NR] = $0 }
     END { for (i = 0; i < 1000000; i++) printf "user%d@%s\n", i, d[int(rand() * NR) + 1] }' \
	"$work/domains" >"$work/addresses"
awk '{ printf "%s\tgmx\n", $0 }' "$work/domains" >"$work/table"

now_ns() { date +%s%N; }

# median of N runs of a command, in microseconds, interleaved with others
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

if command -v hyperfine >/dev/null 2>&1; then
	echo "start-up (hyperfine -N, 500 runs each, medians):"
	hyperfine -N --warmup 30 -r 500 --style none --export-csv "$work/h.csv" \
		/bin/true "$mailcfg lookup --no-user-data gmx.net" >/dev/null 2>&1
	awk -F, 'NR > 1 { m[NR - 1] = $5; printf "  %-32s %.0f us\n", $1, $5 * 1e6 }
	         END { printf "  ratio                            %.2fx /bin/true\n", m[2] / m[1] }' "$work/h.csv"
else
	runs=300
	: >"$work/true" && : >"$work/lookup"
	i=0
	while [ $i -lt $runs ]; do
		t0=$(now_ns); /bin/true; t1=$(now_ns)
		"$mailcfg" lookup --no-user-data gmx.net >/dev/null; t2=$(now_ns)
		echo $(((t1 - t0) / 1000)) >>"$work/true"
		echo $(((t2 - t1) / 1000)) >>"$work/lookup"
		i=$((i + 1))
	done
	true_us=$(median <"$work/true")
	lookup_us=$(median <"$work/lookup")
	echo "start-up (no hyperfine: median of $runs shell-timed runs, interleaved, fork+exec included):"
	echo "  /bin/true                        ${true_us} us"
	echo "  mailcfg lookup gmx.net           ${lookup_us} us  ($(awk "BEGIN { printf \"%.2f\", $lookup_us / $true_us }")x /bin/true)"
fi
peak() { # peak resident set size in KB of a command reading $1
	if command -v /usr/bin/time >/dev/null 2>&1; then
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
	else
		echo "?"
	fi
}
echo "  peak memory, lookup gmx.net    $(peak "$mailcfg" lookup --no-user-data gmx.net) KB"

rate() { # lines/s of: command < addresses > /dev/null
	t0=$(now_ns)
	"$@" <"$work/addresses" >/dev/null || true
	t1=$(now_ns)
	awk "BEGIN { printf \"%.2f M lines/s (%.3f s)\", 1000000 / (($t1 - $t0) / 1e9) / 1e6, ($t1 - $t0) / 1e9 }"
}
echo "batch, 1 M addresses over $(wc -l <"$work/domains") domains, to /dev/null:"
echo "  cat                            $(rate cat)"
echo "  awk join                       $(rate awk -F@ 'NR == FNR { t[$1] = $2; next } { print $0 "\t" t[$2] }' "$work/table" -)"
echo "  mailcfg --format tsv           $(rate "$mailcfg" lookup --no-user-data --format tsv -)"
echo "  mailcfg --json                 $(rate "$mailcfg" lookup --no-user-data --json -)"
echo "  mailcfg (text)                 $(rate "$mailcfg" lookup --no-user-data -)"
printf '  peak memory, --json batch      '
/usr/bin/time -f '%M KB' "$mailcfg" lookup --no-user-data --json - <"$work/addresses" 2>&1 >/dev/null | tail -1
echo "machine: $(nproc) cores, $(uname -srm)"
