#!/bin/sh
# 'mailcfg --help' and 'mailcfg help COMMAND' (every command --help lists)
# fit a terminal of 80 columns: no line is wider than 80 characters. In
# English and in German (LANG=de_DE.UTF-8 and --lang de): translations are
# longer, and the help is wrapped or laid out by hand in each language.
#   help-width.sh MAILCFG
set -u
mailcfg=$1
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES
failures=0 checked=0
check() { # NAME, then the help text
	out=$2
	checked=$((checked + 1))
	[ -n "$out" ] || { echo "FAIL: '$1' printed nothing"; failures=$((failures + 1)); return; }
	# grep counts characters (not bytes) in a UTF-8 locale: "bücher.de" is 9
	wide=$(printf '%s\n' "$out" | grep -n '.\{81,\}')
	if [ -n "$wide" ]; then
		echo "FAIL: '$1' has lines wider than 80 columns:"
		printf '%s\n' "$wide" | sed 's/^/  line /'
		failures=$((failures + 1))
	fi
}
check "mailcfg --help" "$("$mailcfg" --help)"
commands=$("$mailcfg" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ -n "$commands" ] || { echo "FAIL: 'mailcfg --help' lists no commands"; exit 1; }
for c in $commands; do
	check "mailcfg help $c" "$("$mailcfg" help "$c")"
	check "mailcfg $c --help" "$("$mailcfg" "$c" --help)"
done
# German: the same texts, translated; a help that is not German (a
# catalogue that lost its translations) fails rather than passing in English
german() { # NAME, then the help text
	case $2 in
	Aufruf:*) check "$1" "$2" ;;
	*)
		echo "FAIL: '$1' is not German (it does not start with 'Aufruf:')"
		failures=$((failures + 1))
		;;
	esac
}
german "LANG=de_DE.UTF-8 mailcfg --help" "$(LANG=de_DE.UTF-8 "$mailcfg" --help)"
german "mailcfg --lang de --help" "$("$mailcfg" --lang de --help)"
for c in $commands; do
	german "LANG=de_DE.UTF-8 mailcfg help $c" "$(LANG=de_DE.UTF-8 "$mailcfg" help "$c")"
	german "mailcfg --lang de $c --help" "$("$mailcfg" --lang de "$c" --help)"
done
[ "$failures" -eq 0 ] && echo "ok: $checked help texts fit 80 columns"
exit "$failures"
