#!/bin/sh
# Every message the tool prints on standard error starts with "mailcfg:";
# a usage error (exit 2) prints one such line and then says what to do next
# ("Try 'mailcfg --help' for more information."), and nothing on standard
# output. Sampled: fixed cases below, plus for every command and every
# option of 'mailcfg help COMMAND' that takes a value, the option without
# its value, and an unknown option per command. All of it twice: in English
# (LANG=C) and in German (LANG=de_DE.UTF-8), where the hint is German and
# the "mailcfg:" prefix stays.
#   messages.sh MAILCFG DATADIR
set -u
mailcfg=$1 data=$2
export LANG=C MAILCFG_OFFLINE=1 HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent
unset LC_ALL LC_MESSAGES
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
hint_en="Try 'mailcfg --help' for more information."
hint_de="„mailcfg --help“ liefert weitere Informationen."
failures=0 checked=0

# expect STATUS ARGS...: the exit status, and every stderr line well formed
expect() {
	want=$1
	shift
	checked=$((checked + 1))
	"$mailcfg" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	what="mailcfg $*"
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL: '$what' exited $rc, expected $want; stderr:"
		sed 's/^/  /' "$tmp/err"
		failures=$((failures + 1))
		return
	fi
	if [ ! -s "$tmp/err" ]; then
		echo "FAIL: '$what' exited $rc without a message on stderr"
		failures=$((failures + 1))
		return
	fi
	bad=$(grep -v -e '^mailcfg: ' -e "^$hint\$" "$tmp/err")
	if [ -n "$bad" ]; then
		echo "FAIL: '$what': stderr lines that do not start with 'mailcfg: ':"
		printf '%s\n' "$bad" | sed 's/^/  /'
		failures=$((failures + 1))
	fi
	if [ "$want" -eq 2 ]; then
		if [ "$(sed -n 1p "$tmp/err" | cut -c1-9)" != "mailcfg: " ] ||
			[ "$(sed -n '$p' "$tmp/err")" != "$hint" ] || [ "$(wc -l <"$tmp/err")" -ne 2 ]; then
			echo "FAIL: '$what': a usage error is one 'mailcfg: ' line and then \"$hint\"; got:"
			sed 's/^/  /' "$tmp/err"
			failures=$((failures + 1))
		fi
		if [ -s "$tmp/out" ]; then
			echo "FAIL: '$what': a usage error printed on standard output"
			failures=$((failures + 1))
		fi
	fi
}

samples() { # every sample, in the language of LANG, with its HINT
	# fixed samples: usage errors (2), invalid queries (3), not found (1)
	expect 2
	expect 2 frobnicate
	expect 2 lookpu gmx.net
	expect 2 gmx.net
	expect 2 --offline
	expect 2 lookup --jsn gmx.net
	expect 2 lookup -x gmx.net
	expect 2 lookup --json=yes gmx.net
	expect 2 lookup --format yaml gmx.net
	expect 2 lookup --lang fr gmx.net
	expect 2 lookup --color sometimes gmx.net
	expect 2 lookup --timeout 0 gmx.net
	expect 2 lookup --parallel 65 gmx.net
	expect 2 lookup --source nowhere gmx.net
	expect 2 lookup --resolve nocolons gmx.net
	expect 2 lookup --data-dir "$tmp/no-such-folder" gmx.net
	expect 2 list --stale --mx mx.example
	expect 2 ports --provider gmx
	expect 2 --json
	expect 2 help nosuch
	expect 2 help lookup list
	expect 3 lookup 'a@b@c'
	expect 3 lookup 'a@'
	expect 3 lookup 'gmx..net'
	expect 1 lookup no-such-domain.invalid
	expect 2 lookup --provider no-such-provider gmx.net
	# a broken user provider file: a warning, the rest still answers
	expect 0 lookup --data-dir "$data" valid.example

	# generated samples, so new commands and options are covered too
	for c in $commands; do
		expect 2 "$c" --no-such-option-at-all
		for o in $(LANG=C "$mailcfg" help "$c" | grep -oE '^ +(-[A-Za-z], )?--[a-z0-9-]+ [A-Z]' |
			grep -oE -- '--[a-z0-9-]+'); do
			expect 2 "$c" "$o"
		done
	done
}

commands=$(LANG=C "$mailcfg" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ -n "$commands" ] || { echo "FAIL: 'mailcfg --help' lists no commands"; exit 1; }
LANG=C hint=$hint_en
samples
en=$checked
LANG=de_DE.UTF-8 hint=$hint_de
samples
# the German run must be German: its usage errors end in the German hint
# (checked by expect), and a message is translated
LANG=de_DE.UTF-8 "$mailcfg" lookpu gmx.net 2>"$tmp/err" >/dev/null
if ! grep -q "ist kein Befehl" "$tmp/err"; then
	echo "FAIL: LANG=de_DE.UTF-8: a usage error is not in German:"
	sed 's/^/  /' "$tmp/err"
	failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] && echo "ok: $checked invocations ($en in English, the same in German), every stderr line starts with 'mailcfg: ' (usage errors add the --help hint)"
exit "$failures"
