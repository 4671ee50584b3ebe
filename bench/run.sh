#!/bin/sh
# Benchmarks that print figures; never run by the test suite.
#   bench/run.sh [BUILD_DIR [OTHER_BUILD_DIR]]      (default: build)
# OTHER_BUILD_DIR: a second build (say, of an older commit) measured in the
# same rounds, for before/after figures.
# Environment: STARTUP_RUNS (default 1000), BATCH_RUNS (default 11).
#
# Start-up: mailcfg lookup gmx.net against /bin/true and an awk look-up in a
# 300-row table. Batch: 1 M addresses over 300 built-in domains, to
# /dev/null, against cat and an awk join. Every command runs once per round,
# interleaved with the others (bench/spawnbench.c), so a busy moment on a
# shared machine hits all alike; medians, ratios to the first command, peak
# memory.
set -eu
cd "$(dirname "$0")/.."
abs() { case "$1" in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
build="${1:-build}"
mailcfg="$(abs "$build")/mailcfg"
other="${2:+$(abs "$2")/mailcfg}"
for m in "$mailcfg" $other; do
	[ -x "$m" ] || { echo "bench: no $m: build first (tools/bootstrap)" >&2; exit 2; }
done
command -v cc >/dev/null || { echo "bench: needs a C compiler (cc)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/spawnbench" bench/spawnbench.c

# --- inputs, regenerated every run -------------------------------------------
ls data/providers/*.json | xargs cat |
	tr -d ' \n' | grep -o '"domains":\[[^]]*\]' | grep -o '"[a-z0-9.-]*\.[a-z0-9-]*"' |
	tr -d '"' | head -300 >"$work/domains"
awk 'BEGIN { srand(1) } { d[NR] = $0 }
     END { for (i = 0; i < 1000000; i++) printf "user%d@%s\n", i, d[int(rand() * NR) + 1] }' \
	"$work/domains" >"$work/addresses"
awk '{ printf "%s\tgmx\timap.%s\t993\n", $0, $0 }' "$work/domains" >"$work/table"
# the baselines' programs, in files: spawnbench splits arguments at blanks
cat >"$work/find.awk" <<'EOF'
BEGIN { FS = "\t" }
$1 == "gmx.net" { print; exit }
EOF
cat >"$work/join.awk" <<'EOF'
NR == FNR { split($0, f, "\t"); t[f[1]] = f[2] "\t" f[3] "\t" f[4]; next }
{ n = split($0, a, "@"); print $0 "\t" t[a[n]] }
EOF
awk_bin="$(command -v awk)"
# the user's own provider files would take the batch off its fast path
export XDG_CONFIG_HOME="$work/config"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# each mailcfg command, and the same with the other build when given
with_other() {
	for m in "$mailcfg" $other; do
		for args in "$@"; do
			echo "$m $args"
		done
	done
}
# shorter labels: no temporary folder, the build folders as given, and the
# columns aligned again after that
tidy() {
	sed "s|$work/||g; s|$(pwd)/||g" |
		awk 'match($0, / +[0-9]+ us \(/) {
			label = substr($0, 3, RSTART - 3); rest = substr($0, RSTART)
			sub(/^ +/, "", rest); num = rest; sub(/ .*/, "", num); sub(/^[0-9]+/, "", rest)
			printf "  %-40s %8s%s\n", label, num, rest; next } { print }'
}

echo "start-up, median of ${STARTUP_RUNS:-1000} interleaved runs (posix_spawn + wait4, stdout /dev/null):"
with_other "lookup gmx.net" "lookup --json gmx.net" >"$work/cmds"
# the same code linked dynamically, which the static program hands over to
full="$(dirname "$mailcfg")/mailcfg-full"
[ -x "$full" ] && echo "$full lookup gmx.net" >>"$work/cmds"
# shellcheck disable=SC2046
IFS='
' && set -- $(cat "$work/cmds") && unset IFS
"$work/spawnbench" "${STARTUP_RUNS:-1000}" /bin/true "$@" \
	"$awk_bin -f $work/find.awk $work/table" | tidy

echo "batch, 1 M addresses over $(wc -l <"$work/domains") domains, to /dev/null, median of ${BATCH_RUNS:-11} interleaved runs:"
with_other "lookup --format tsv -" "lookup --json -" "lookup -" >"$work/cmds"
IFS='
' && set -- $(cat "$work/cmds") && unset IFS
"$work/spawnbench" -i "$work/addresses" -l 1000000 "${BATCH_RUNS:-11}" /bin/cat \
	"$awk_bin -f $work/join.awk $work/table -" "$@" | tidy

echo "awk is $(basename "$(readlink -f "$awk_bin")"); build type: $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$mailcfg")/CMakeCache.txt" 2>/dev/null || echo '?')"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(uname -srm)"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
