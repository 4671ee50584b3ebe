#!/bin/sh
# `cpack -G DEB` builds a Debian package with a name, version, maintainer,
# description and dependencies; unpacked into a scratch root (dpkg-deb -x,
# so the test needs no root and leaves the system alone) the program
# answers, finds its network module, and the example builds against the
# unpacked library through its pkg-config file. .ci/run installs the same
# package for real with dpkg -i.
#   deb.sh BUILD_DIR SOURCE_DIR CC [EXTRA_CFLAGS]
set -u
build=$1 src=$2 cc=$3 extra=${4:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export LANG=C HOME=$tmp XDG_CACHE_HOME=$tmp/cache
unset MAILCFG_OFFLINE XDG_CONFIG_HOME LC_ALL LC_MESSAGES
for tool in cpack dpkg-deb dpkg-shlibdeps file; do
	command -v "$tool" >/dev/null ||
		{ echo "FAIL: $tool not found (apt-get install cmake dpkg-dev file)"; exit 1; }
done
failures=0 checked=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

(cd "$build" && cpack -G DEB -B "$tmp/pkg") >"$tmp/cpack.log" 2>&1 || {
	echo "FAIL: cpack -G DEB failed:"; cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/pkg/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "FAIL: cpack made no .deb:"; cat "$tmp/cpack.log"; exit 1; }
version=$(sed -n 's/^#define MAILCFG_VERSION *"\(.*\)"/\1/p' "$src/include/mailcfg.h")

field() { dpkg-deb -f "$deb" "$1"; }
checked=$((checked + 1))
[ "$(basename "$deb")" = "mailcfg_${version}_$(dpkg --print-architecture).deb" ] ||
	fail "package file name is $(basename "$deb")"
[ "$(field Package)" = mailcfg ] || fail "Package: is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version: is '$(field Version)', mailcfg.h says $version"
field Maintainer | grep -q '^[^<]\+ <[^>]\+@[^>]\+>$' || fail "Maintainer: is '$(field Maintainer)'"
field Description | grep -q 'IMAP, POP3 and SMTP' || fail "Description: is '$(field Description)'"
for dep in libc6 libcjson1 libidn2-0 libcurl4 libc-ares2; do
	checked=$((checked + 1))
	field Depends | grep -q "\b$dep\b" || fail "Depends: lacks $dep: $(field Depends)"
done

# MAILCFG_TEST_MAN=0: built with -DMAILCFG_DOCS=OFF, so no man page
man_page=usr/share/man/man1/mailcfg.1
if [ "${MAILCFG_TEST_MAN:-1}" = 0 ]; then
	echo "note: built without man pages (-DMAILCFG_DOCS=OFF): not looked for in the package"
	man_page=""
fi
dpkg-deb -x "$deb" "$tmp/root" || fail "dpkg-deb -x failed"
root=$tmp/root
for f in usr/bin/mailcfg usr/lib/mailcfg/mailcfg-full usr/lib/mailcfg/mailcfg-net.so usr/lib/libmailcfg.so.0 \
	usr/include/mailcfg.h usr/lib/pkgconfig/mailcfg.pc $man_page \
	usr/share/bash-completion/completions/mailcfg; do
	checked=$((checked + 1))
	[ -s "$root/$f" ] || fail "the package lacks /$f"
done

checked=$((checked + 1))
out=$("$root/usr/bin/mailcfg" lookup --offline gmx.net 2>&1) || fail "unpacked mailcfg exited $?: $out"
printf '%s\n' "$out" | grep -q imap.gmx.net || fail "unpacked mailcfg lookup gmx.net: $out"
checked=$((checked + 1))
"$root/usr/bin/mailcfg" lookup --source srv --dns-server 127.0.0.1:1 --timeout 1 \
	no-such-domain.example >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 4 ] || fail "unpacked mailcfg, online look-up against a closed port: exit $rc, expected 4: $(cat "$tmp/err")"

checked=$((checked + 1))
export PKG_CONFIG_PATH="$root/usr/lib/pkgconfig"
# shellcheck disable=SC2046,SC2086
if $cc $extra -o "$tmp/lookup" "$src/docs/examples/lookup.c" $(pkg-config --cflags --libs mailcfg) \
	-Wl,-rpath,"$(pkg-config --variable=libdir mailcfg)" 2>"$tmp/cc.log"; then
	out=$("$tmp/lookup" gmx.net 2>&1)
	[ "$out" = "gmx.net: IMAP imap.gmx.net port 993 ssl" ] || fail "example against the package: $out"
else
	fail "the example does not build against the unpacked package: $(cat "$tmp/cc.log")"
fi

[ "$failures" -eq 0 ] && echo "ok: $(basename "$deb"): $checked checks (control fields, contents, the unpacked program and library)"
exit "$failures"
