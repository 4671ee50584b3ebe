#!/bin/sh
# Extract the catalogue's messages from the source into a template on
# standard output (xgettext, from Debian's gettext package). tests/po
# compares it with po/mailcfg.pot; to update the template after changing
# messages in the source:
#   po/extract.sh > po/mailcfg.pot && msgmerge -U po/de.po po/mailcfg.pot
set -eu
cd "$(dirname "$0")/.."
find src -name '*.c' | LC_ALL=C sort |
	LC_ALL=C.UTF-8 xgettext --from-code=UTF-8 --language=C --keyword= --keyword=N_ --keyword=NC_:1c,2 \
		--add-comments=TRANSLATORS: --no-location --sort-output --package-name=mailcfg \
		--files-from=- --output=-
