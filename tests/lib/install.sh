#!/bin/sh
# `cmake --install` into a temporary prefix, then everything from there:
# the installed program answers and finds its own network module (an online
# look-up against a closed port fails with status 4, not "not available");
# the example program builds against the installed library through
# pkg-config and through find_package(mailcfg), shared and static, and
# runs; bash-completion finds the installed completion by itself; the man
# pages and the other completions are where their tools look.
#   install.sh BUILD_DIR SOURCE_DIR LIBDIR CC [EXTRA_CFLAGS]
set -u
build=$1 src=$2 libdir=$3 cc=$4 extra=${5:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
export LANG=C HOME=$tmp XDG_CACHE_HOME=$tmp/cache
unset MAILCFG_OFFLINE XDG_CONFIG_HOME LC_ALL LC_MESSAGES
failures=0 checked=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
ok() { checked=$((checked + 1)); }

# MAILCFG_TEST_MAN=0: built with -DMAILCFG_DOCS=OFF, so no man pages
man_pages="share/man/man1/mailcfg.1 share/man/man5/mailcfg-data.5"
if [ "${MAILCFG_TEST_MAN:-1}" = 0 ]; then
	echo "note: built without man pages (-DMAILCFG_DOCS=OFF): their installation is not checked"
	man_pages=""
fi

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || {
	echo "FAIL: cmake --install failed:"; cat "$tmp/install.log"; exit 1; }

for f in bin/mailcfg "$libdir/mailcfg/mailcfg-full" "$libdir/mailcfg/mailcfg-net.so" "$libdir/libmailcfg.so" \
	"$libdir/libmailcfg.so.0" "$libdir/libmailcfg.a" include/mailcfg.h \
	"$libdir/pkgconfig/mailcfg.pc" "$libdir/cmake/mailcfg/mailcfgConfig.cmake" \
	"$libdir/cmake/mailcfg/mailcfgConfigVersion.cmake" \
	"$libdir/cmake/mailcfg/mailcfgTargets.cmake" \
	$man_pages share/bash-completion/completions/mailcfg share/zsh/vendor-completions/_mailcfg \
	share/fish/vendor_completions.d/mailcfg.fish; do
	ok
	[ -s "$prefix/$f" ] || fail "not installed: PREFIX/$f"
done
if [ -n "$man_pages" ]; then
	ok
	grep -q '^\.TH "mailcfg" "1"' "$prefix/share/man/man1/mailcfg.1" ||
		fail "PREFIX/share/man/man1/mailcfg.1 is not a man page (no .TH line)"
fi

# the installed program
ok
out=$("$prefix/bin/mailcfg" lookup --offline gmx.net 2>&1) ||
	fail "installed mailcfg lookup gmx.net exited $?: $out"
printf '%s\n' "$out" | grep -q 'imap.gmx.net' ||
	fail "installed mailcfg lookup gmx.net does not name imap.gmx.net: $out"
# an online look-up with nothing listening: the module is found beside
# the installed tree, and the failure is a network failure (status 4)
ok
"$prefix/bin/mailcfg" lookup --source srv --dns-server 127.0.0.1:1 --timeout 1 \
	no-such-domain.example >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] || fail "installed mailcfg, online look-up against a closed port: exit $rc, expected 4: $(cat "$tmp/err")"
grep -q 'not available' "$tmp/err" &&
	fail "installed mailcfg did not find its network module: $(cat "$tmp/err")"

# the example through pkg-config
ok
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
version=$(pkg-config --modversion mailcfg) || fail "pkg-config does not find mailcfg.pc"
[ "$version" = "$(sed -n 's/^#define MAILCFG_VERSION *"\(.*\)"/\1/p' "$prefix/include/mailcfg.h")" ] ||
	fail "mailcfg.pc says version '$version', mailcfg.h another"
# shellcheck disable=SC2046,SC2086
$cc $extra -o "$tmp/lookup-pc" "$src/docs/examples/lookup.c" $(pkg-config --cflags --libs mailcfg) \
	-Wl,-rpath,"$(pkg-config --variable=libdir mailcfg)" 2>"$tmp/cc.log" ||
	fail "the example does not build with pkg-config: $(cat "$tmp/cc.log")"
if [ -x "$tmp/lookup-pc" ]; then
	ok
	out=$("$tmp/lookup-pc" gmx.net max@web.de 2>&1)
	[ "$out" = "gmx.net: IMAP imap.gmx.net port 993 ssl
max@web.de: IMAP imap.web.de port 993 ssl" ] || fail "example (pkg-config) printed: $out"
	ldd "$tmp/lookup-pc" | grep -q "libmailcfg.so.0 => $prefix/" ||
		fail "example (pkg-config) does not use the installed libmailcfg.so.0: $(ldd "$tmp/lookup-pc")"
fi

# the example through find_package(mailcfg): shared and static
ok
if cmake -S "$src/docs/examples" -B "$tmp/example" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$extra" >"$tmp/cmake.log" 2>&1 &&
	cmake --build "$tmp/example" >>"$tmp/cmake.log" 2>&1; then
	for p in lookup lookup-static; do
		ok
		out=$("$tmp/example/$p" GMX 2>&1)
		[ "$out" = "GMX: IMAP imap.gmx.net port 993 ssl" ] ||
			fail "example $p (find_package) printed: $out"
	done
	ldd "$tmp/example/lookup-static" | grep -q libmailcfg &&
		fail "lookup-static links libmailcfg.so dynamically"
	ldd "$tmp/example/lookup" | grep -q "libmailcfg.so.0 => $prefix/" ||
		fail "example lookup (find_package) does not use the installed libmailcfg.so.0"
else
	fail "the example does not build with find_package(mailcfg):"
	cat "$tmp/cmake.log"
fi
# not found: status 1 and the library's message
ok
"$tmp/lookup-pc" no-such-domain.invalid >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'no-such-domain.invalid' "$tmp/err" ||
	fail "example: an unknown domain is not reported: $(cat "$tmp/err")"

# bash-completion loads the installed completion on demand from
# PREFIX/share/bash-completion/completions (found through XDG_DATA_DIRS, as
# for /usr/local/share), and it works
ok
bc=/usr/share/bash-completion/bash_completion
if [ -r "$bc" ]; then
	got=$(PATH="$prefix/bin:$PATH" XDG_DATA_DIRS="$prefix/share" bash --norc --noprofile -c '
		. "$1" >/dev/null 2>&1
		__load_completion mailcfg || exit 1
		COMP_WORDS=(mailcfg lookup --fo) COMP_CWORD=2
		_mailcfg
		printf "%s\n" "${COMPREPLY[@]}"' bash "$bc" 2>&1)
	[ "$got" = "--format" ] || fail "bash-completion did not load the installed completion: $got"
else
	fail "$bc missing (apt-get install bash-completion)"
fi

[ "$failures" -eq 0 ] && echo "ok: $checked checks of the tree installed in a temporary prefix"
exit "$failures"
