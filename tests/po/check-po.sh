#!/bin/sh
# The message catalogue is consistent: every po/*.po passes msgfmt --check,
# po/mailcfg.pot holds exactly the messages the source marks (none missing,
# none stale), and po/de.po translates every one of them (German is a
# promised language; other languages may fall back to English).
# With the path of the build's mailcfg-po it also checks that a third
# language is only a .po file, and that a translation with the wrong
# placeholders stops the build.
#   sh tests/po/check-po.sh SOURCE_DIR [MAILCFG-PO]
set -u
src=${1:?usage: check-po.sh SOURCE_DIR [MAILCFG-PO]}
gen=${2:-}
for tool in msgfmt msgcmp msggrep xgettext; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "FAIL: $tool is missing: install Debian's gettext package (tools/bootstrap does)"
		exit 1
	fi
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # NAME COMMAND...
	name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		echo "ok $name"
	else
		echo "FAIL $name"
		sed 's/^/  | /' "$tmp/out" | head -40
		fail=1
	fi
}
for po in "$src"/po/*.po; do
	check "msgfmt --check $(basename "$po")" msgfmt --check -o /dev/null "$po"
done
check "msgfmt --check mailcfg.pot" msgfmt --check -o /dev/null "$src/po/mailcfg.pot"
if ! sh "$src/po/extract.sh" >"$tmp/source.pot" 2>"$tmp/extract.err"; then
	echo "FAIL extracting the messages of the source (po/extract.sh)"
	cat "$tmp/extract.err"
	exit 1
fi
# msgcmp DEF REF: every message of REF must be in DEF
check "every message of the source is in po/mailcfg.pot (else: po/extract.sh > po/mailcfg.pot)" \
	msgcmp --use-untranslated "$src/po/mailcfg.pot" "$tmp/source.pot"
check "po/mailcfg.pot has no message the source no longer uses (else: po/extract.sh > po/mailcfg.pot)" \
	msgcmp --use-untranslated "$tmp/source.pot" "$src/po/mailcfg.pot"
for po in "$src"/po/*.po; do
	check "$(basename "$po") has no message the template lacks (else: msgmerge -U)" \
		msgcmp --use-untranslated "$src/po/mailcfg.pot" "$po"
done
check "de.po translates every message (no untranslated or fuzzy entry)" \
	msgcmp "$src/po/de.po" "$src/po/mailcfg.pot"
# the check must be able to fail: a template missing a message is caught
msggrep --invert-match --msgid --regexp='^Before you start:$' "$src/po/mailcfg.pot" \
	>"$tmp/broken.pot"
if ! msgfmt --check -o /dev/null "$tmp/broken.pot" 2>/dev/null; then
	echo "FAIL msggrep did not write a valid template without one message"
	fail=1
elif msgcmp --use-untranslated "$tmp/broken.pot" "$tmp/source.pot" >/dev/null 2>&1; then
	echo "FAIL a template without a source message was not noticed"
	fail=1
else
	echo "ok a template without a source message is noticed"
fi
if [ -n "$gen" ]; then
	mkdir "$tmp/po"
	cat >"$tmp/po/fr.po" <<'PO'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "Before you start:"
msgstr "Avant de commencer :"

#, c-format
msgid "Set up %1$s in %2$s:"
msgstr "Configurer %1$s dans %2$s :"
PO
	check "a new po/fr.po compiles into a third language" \
		"$gen" -o "$tmp/catalog.c" "$src/po/mailcfg.pot" "$src/po/de.po" "$tmp/po/fr.po"
	check "the third language is in the tables after de" \
		grep -q '{"fr", text_fr}' "$tmp/catalog.c"
	check "the third language holds its translation" grep -q 'Avant de commencer' "$tmp/catalog.c"
	sed 's/Configurer %1$s dans %2$s/Configurer %1$s/' "$tmp/po/fr.po" >"$tmp/po/xx.po"
	if "$gen" -o "$tmp/bad.c" "$src/po/mailcfg.pot" "$src/po/de.po" "$tmp/po/xx.po" \
		>"$tmp/out" 2>&1; then
		echo "FAIL a translation that drops a placeholder was accepted"
		fail=1
	elif grep -q 'directives differ' "$tmp/out"; then
		echo "ok a translation that drops a placeholder stops the build"
	else
		echo "FAIL a bad translation failed for another reason:"
		cat "$tmp/out"
		fail=1
	fi
	if "$gen" -o "$tmp/bad.c" "$src/po/mailcfg.pot" >"$tmp/out" 2>&1; then
		echo "FAIL a catalogue without de.po was accepted"
		fail=1
	else
		echo "ok a catalogue without de.po is refused"
	fi
fi
exit $fail
