#!/bin/sh
# Hostile provider files in the user's folder, which a golden test cannot
# hold in the repository: a 100 MB file, a directory, a FIFO (opening it
# must not hang), a dangling symlink, a symlink loop, an unreadable file.
# Each is reported once as a warning naming the file and the reason, the
# valid file next to them still answers, and the exit status is 0.
#
# usage: hostile-files.sh MAILCFG_BINARY
set -u
mailcfg=$1
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT INT TERM
chmod 755 "$dir"
d=$dir/providers.d
mkdir "$d"
cp "$(dirname "$0")/userdata-broken/valid-mail.json" "$d/"
truncate -s 100M "$d/huge.json"
mkdir "$d/folder.json"
mkfifo "$d/fifo.json"
ln -s nowhere.json "$d/dangling.json"
ln -s loop.json "$d/loop.json"
printf '{"format": 1}\n' >"$d/secret.json"
chmod 000 "$d/secret.json"
chmod -R a+rX "$d" 2>/dev/null
chmod 000 "$d/secret.json"

# root reads any file: run the tool as an ordinary user for the unreadable
# case, through setpriv (util-linux), when we are root
as_user=
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 || {
		echo "FAIL: setpriv (util-linux) is needed to run as an ordinary user"
		exit 1
	}
	as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	# the build folder may be closed to others (a checkout under /root)
	# (with the full program it runs for JSON files, when there is one)
	full=$(dirname "$mailcfg")/mailcfg-full
	if [ -x "$full" ]; then
		cp "$full" "$dir/mailcfg-full" && chmod 755 "$dir/mailcfg-full"
	fi
	cp "$mailcfg" "$dir/mailcfg" && chmod 755 "$dir/mailcfg" && mailcfg=$dir/mailcfg
fi

out=$dir/out
err=$dir/err
# shellcheck disable=SC2086 # as_user is a command prefix or nothing
timeout 20 $as_user "$mailcfg" lookup --offline --format tsv --data-dir "$d" valid.example \
	>"$out" 2>"$err"
rc=$?
[ $rc -eq 124 ] && fail "mailcfg hung (a FIFO among the provider files?)"
[ $rc -eq 0 ] || fail "exit status $rc, expected 0"
grep -q "^valid.example	valid-mail	imap	imap.valid.example	993	ssl	" "$out" ||
	fail "the valid file did not answer; stdout: $(cat "$out")"

expect_warning() { # FILE REASON
	n=$(grep -c "^mailcfg: warning: .*/$1: cannot read: $2 (ignored)\$" "$err")
	[ "$n" = 1 ] || fail "expected one warning '$1: cannot read: $2', got $n; stderr: $(cat "$err")"
}
expect_warning huge.json "larger than 1048576 bytes"
expect_warning folder.json "a directory, not a file"
expect_warning fifo.json "not a regular file"
expect_warning dangling.json "No such file or directory"
expect_warning loop.json "Too many levels of symbolic links"
expect_warning secret.json "Permission denied"
lines=$(wc -l <"$err")
[ "$lines" -eq 6 ] || fail "expected 6 lines on stderr, got $lines: $(cat "$err")"

# --quiet silences the warnings, not the answer
timeout 20 $as_user "$mailcfg" lookup --offline -q --format tsv --data-dir "$d" valid.example \
	>"$out" 2>"$err"
[ $? -eq 0 ] && [ -s "$out" ] && [ ! -s "$err" ] || fail "--quiet: stderr not empty or no answer"

if [ $failures -eq 0 ]; then
	echo "hostile-files: all cases passed"
	exit 0
fi
echo "hostile-files: $failures failed"
exit 1
