#!/bin/sh
# libmailcfg.so exports exactly the functions include/mailcfg.h declares:
# nothing internal (mc_*, helpers of the built-in tables), nothing missing,
# and its SONAME carries the major version. Every function in the header is
# documented: its declaration directly follows a comment.
#   exports.sh LIBMAILCFG.so HEADER MAJOR
set -u
lib=$1 header=$2 major=$3
command -v nm >/dev/null || { echo "FAIL: nm not found (install binutils)"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# every defined dynamic symbol but the version node (type A)
nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort -u >"$tmp/exported"
grep -o '\bmailcfg_[a-z0-9_]*(' "$header" | tr -d '(' | sort -u >"$tmp/declared"

fail=0
internal=$(comm -23 "$tmp/exported" "$tmp/declared")
missing=$(comm -13 "$tmp/exported" "$tmp/declared")
if [ -n "$internal" ]; then
	echo "FAIL: exported by $lib but not declared in mailcfg.h (internal symbols leak):"
	echo "$internal" | sed 's/^/  /'
	fail=1
fi
if [ -n "$missing" ]; then
	echo "FAIL: declared in mailcfg.h but not exported by $lib:"
	echo "$missing" | sed 's/^/  /'
	fail=1
fi
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
if [ "$soname" != "libmailcfg.so.$major" ]; then
	echo "FAIL: SONAME is '$soname', expected libmailcfg.so.$major"
	fail=1
fi
# a declaration starts at column 0 with a return type and names mailcfg_*(
undocumented=$(awk '
	/^[a-z].*[ *]mailcfg_[a-z0-9_]*\(/ && $0 !~ /^typedef/ {
		if (prev !~ /\*\/$/) { s = $0; sub(/\(.*/, "", s); sub(/.*[ *]/, "", s); print s }
	}
	/^[ \t]*$/ { next }
	{ prev = $0 }' "$header")
if [ -n "$undocumented" ]; then
	echo "FAIL: functions in mailcfg.h without a comment right above them:"
	echo "$undocumented" | sed 's/^/  /'
	fail=1
fi
n=$(wc -l <"$tmp/exported")
[ "$fail" -eq 0 ] && echo "ok: $n functions exported, all declared in mailcfg.h; SONAME $soname"
exit "$fail"
