#!/bin/sh
# The example provider file in mailcfg-data(5) is valid: mailcfg loads it
# as user data and answers with it, as the page says.
#   data-example.sh MAILCFG MAN.scd
set -u
mailcfg=$1 man=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
sed -n '/^```$/,/^```$/p' "$man" | sed '1d;$d' >"$tmp/example-hosting.json"
[ -s "$tmp/example-hosting.json" ] || { echo "FAIL: no example between \`\`\` lines in $man"; exit 1; }
out=$(MAILCFG_OFFLINE=1 "$mailcfg" lookup --format tsv --data-dir "$tmp" \
	--provider example-hosting info@customer.example 2>&1) || {
	echo "FAIL: the example of $man does not answer:"; echo "$out"; exit 1; }
printf '%s\n' "$out" | grep -q "	imap	mail.customer.example	993	ssl	info@customer.example$" || {
	echo "FAIL: the example's IMAP server is not mail.customer.example:993; got:"; echo "$out"; exit 1; }
echo "ok: the example of $man answers"
