#!/bin/sh
# Every export of `mailcfg lookup --format ...` (docs/formats.md) fed to the
# program that consumes it, from Debian's packages, reading the values back
# where the consumer can show them:
#   env           eval in dash, bash and busybox-free POSIX sh (set -u)
#   autoconfig    xmllint against config-v1.1.rng, then `mailcfg import`
#                 (mailcfg's own autoconfig reader) back to the same servers
#   mobileconfig  xmllint against Apple's PropertyList-1.0 DTD, values read
#                 back with XPath
#   msmtp         msmtp --pretend (prints the account as msmtp parsed it)
#   mbsync        mbsync parses the file (a channel that does not exist:
#                 nothing is started), and -D -l shows the stores it made
#   neomutt       neomutt -n -F FILE -Q VARIABLE
#   aerc          aerc on a pseudo-terminal (script) with its debug log:
#                 the account tab appears and the log shows the parsed value
# The hostile user provider (tests/cli/userdata-hostile) puts quotes, $(),
# backquotes, ]]>, '#', ';', '\' and msmtp's %U into names and user names;
# nothing may run (no file "pwned" appears) and every value must come back
# unchanged. Programs that connect (mbsync -l, aerc) only get that provider,
# whose servers are 127.0.0.1; when `unshare -n` works the whole run is in a
# private network namespace as well.
#
# usage: run-consumer-tests.sh MAILCFG_BINARY [--no-import]
#   --no-import: built without the network module, so no `mailcfg import`
#                (the round trip is reported as not run, and that is all)
# A missing consumer is a FAIL that names the Debian package to install.
set -u

me=run-consumer-tests
if [ $# -lt 1 ]; then
	echo "usage: $0 MAILCFG_BINARY [--no-import]" >&2
	exit 2
fi
case $1 in
/*) mailcfg=$1 ;;
*) mailcfg=$(pwd)/$1 ;;
esac
import=yes
[ "${2:-}" = --no-import ] && import=no
here=$(cd "$(dirname "$0")" && pwd)
cli=$(cd "$here/../cli" && pwd)

if [ -z "${MAILCFG_FORMATS_IN_NETNS:-}" ] && command -v unshare >/dev/null 2>&1 &&
	unshare -n true 2>/dev/null; then
	MAILCFG_FORMATS_IN_NETNS=1 exec unshare -n sh "$0" "$@"
fi

failed=0
passed=0
ok() {
	passed=$((passed + 1))
	echo "ok $*"
}
bad() {
	failed=$((failed + 1))
	echo "FAIL $*"
}

missing=
need() { # TOOL PACKAGE
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2($1)"
}
need msmtp msmtp
need mbsync isync
need neomutt neomutt
need aerc aerc
need xmllint libxml2-utils
need script bsdutils
need timeout coreutils
need dash dash
need bash bash
if [ -n "$missing" ]; then
	echo "$me: FAIL: missing consumers; install the Debian packages:$missing" >&2
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/mailcfg-formats-XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
mkdir "$T/home"
HOME=$T/home
XDG_CONFIG_HOME=$T/home/.config
MAILCFG_OFFLINE=1
LANG=C
export HOME XDG_CONFIG_HOME MAILCFG_OFFLINE LANG
unset LC_ALL LC_MESSAGES
cd "$T" || exit 1

# The hostile provider's values, exactly as the exports must carry them.
hostile="--data-dir $cli/userdata-hostile"
local_part="o'b\$x%U#{y}!*&|~^=?/+"
address="$local_part@hostile.example"
weird="'\"\$(touch pwned)\`touch pwned\`;#]]><&\\ x\$HOME"
hname="Evil \"Mail\" 'n' \$(touch pwned) \`touch pwned\` \${HOME} <b>&amp; ]]> #; \\ %U end"
# the account name: characters outside A-Z a-z 0-9 . _ @ + - become '_'
account="o_b_x_U__y__________+@hostile.example"

# export FORMAT OUTFILE ARGS...: run mailcfg, expect exit 0 and no stderr
export_to() {
	fmt=$1 out=$2
	shift 2
	if "$mailcfg" lookup --format "$fmt" "$@" >"$out" 2>"$T/stderr"; then
		if [ -s "$T/stderr" ]; then
			bad "$fmt $*: unexpected messages: $(cat "$T/stderr")"
			return 1
		fi
		return 0
	fi
	bad "$fmt $*: mailcfg failed: $(cat "$T/stderr")"
	return 1
}

# same VALUE EXPECTED WHAT
same() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		bad "$3: got [$1], expected [$2]"
	fi
}

nopwned() {
	if [ -e "$T/pwned" ] || [ -e "$HOME/pwned" ]; then
		bad "$1: a command in a value was run"
		rm -f "$T/pwned" "$HOME/pwned"
	else
		ok "$1: nothing in the values ran"
	fi
}

# ---- env --------------------------------------------------------------------
vars="QUERY PROVIDER PROVIDER_NAME SOURCE DOMAIN ADDRESS USERNAME"
for p in IMAP POP3 SMTP; do
	for k in HOST PORT ENCRYPTION USERNAME AUTH; do vars="$vars ${p}_$k"; done
done
if export_to env env-hostile.sh $hostile "$address"; then
	names=$(sed 's/=.*//' env-hostile.sh | tr '\n' ' ')
	want=$(for v in $vars; do printf 'MAILCFG_%s ' "$v"; done)
	same "$names" "$want" "env: the documented variables, in order"
	for sh in dash bash sh; do
		# shellcheck disable=SC2016 # expanded by the inner shell
		got=$($sh -c 'set -eu; eval "$(cat "$1")"
			printf "%s|%s|%s|%s|%s|%s" "$MAILCFG_ADDRESS" "$MAILCFG_IMAP_USERNAME" \
				"$MAILCFG_PROVIDER_NAME" "$MAILCFG_SMTP_PORT" "$MAILCFG_POP3_ENCRYPTION" \
				"$MAILCFG_IMAP_AUTH"' "$sh" env-hostile.sh 2>&1)
		same "$got" "$address|$local_part$weird|$hname|587|starttls|password-cleartext" \
			"env: $sh -c eval reads hostile values back unchanged"
		nopwned "env: $sh"
	done
fi
if export_to env env-gmx.sh gmx; then
	# shellcheck disable=SC2016
	got=$(dash -c 'set -u; eval "$(cat "$1")"; printf "%s|%s|%s" "$MAILCFG_ADDRESS" \
		"$MAILCFG_IMAP_USERNAME" "$MAILCFG_SMTP_HOST"' dash env-gmx.sh 2>&1)
	same "$got" "|%EMAILADDRESS%|mail.gmx.net" \
		"env: a name query leaves ADDRESS empty and the placeholder in USERNAME"
fi

# ---- autoconfig -------------------------------------------------------------
rng=$here/config-v1.1.rng
roundtrip() { # QUERY DATA-ARGS...
	q=$1
	shift
	f=ac-$(echo "$q" | tr -c 'a-z0-9.\n' '_').xml
	export_to autoconfig "$f" "$@" "$q" || return
	if xmllint --noout --nonet --relaxng "$rng" "$f" 2>"$T/xmllint"; then
		ok "autoconfig $q: valid against config-v1.1.rng"
	else
		bad "autoconfig $q: $(cat "$T/xmllint")"
	fi
	if [ $import = no ]; then
		echo "not run: autoconfig $q round trip (built without the network module, so no mailcfg import)"
		return
	fi
	rm -rf imported && mkdir imported
	if ! "$mailcfg" import "$f" >imported/x.json 2>"$T/stderr"; then
		bad "autoconfig $q: mailcfg import rejects it: $(cat "$T/stderr")"
		return
	fi
	id=$(sed -n 's/^[[:space:]]*"id":[[:space:]]*"\([a-z0-9-]*\)".*/\1/p' imported/x.json)
	if [ -z "$id" ]; then
		bad "autoconfig $q: no id in the imported provider file"
		return
	fi
	mv imported/x.json "imported/$id.json"
	# protocol, host, port, encryption, user name of every server, in order
	"$mailcfg" lookup --format tsv "$@" "$q" | cut -f3- >want.tsv
	# only the imported file may answer
	"$mailcfg" lookup --format tsv --source user --data-dir imported "$q" 2>&1 |
		cut -f3- >got.tsv
	if cmp -s want.tsv got.tsv && [ -s want.tsv ]; then
		ok "autoconfig $q: mailcfg import reads back the same $(wc -l <got.tsv) servers"
	else
		bad "autoconfig $q: round trip differs: $(diff want.tsv got.tsv | tr '\n' ' ')"
	fi
}
roundtrip gmx.de
roundtrip max@gmx.de
roundtrip kunde.example --data-dir "$cli/userdata"
roundtrip hostile.example $hostile
if export_to autoconfig ac-hostile.xml $hostile "$address"; then
	got=$(xmllint --nonet --xpath 'string(//incomingServer[@type="imap"]/username)' ac-hostile.xml)
	same "$got" "$local_part$weird" "autoconfig: XPath reads the hostile user name back"
	got=$(xmllint --nonet --xpath 'string(//displayName)' ac-hostile.xml)
	same "$got" "$hname" "autoconfig: XPath reads the hostile provider name back"
fi

# ---- mobileconfig -----------------------------------------------------------
cat >catalog.xml <<EOF
<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <public publicId="-//Apple//DTD PLIST 1.0//EN" uri="file://$here/PropertyList-1.0.dtd"/>
</catalog>
EOF
plist_value() { # FILE KEY: the value after <key>KEY</key> in the payload
	xmllint --nonet --xpath "string(/plist/dict/array/dict/key[.='$2']/following-sibling::*[1])" "$1"
}
plist_check() { # QUERY DATA-ARGS...
	q=$1
	shift
	f=mc-$(echo "$q" | tr -c 'a-z0-9.\n' '_').plist
	export_to mobileconfig "$f" "$@" "$q" || return
	if XML_CATALOG_FILES=$T/catalog.xml xmllint --noout --nonet --valid "$f" 2>"$T/xmllint"; then
		ok "mobileconfig $q: valid against the PropertyList-1.0 DTD"
	else
		bad "mobileconfig $q: $(cat "$T/xmllint")"
	fi
	for k in EmailAccountType IncomingMailServerHostName IncomingMailServerPortNumber \
		OutgoingMailServerHostName OutgoingMailServerPortNumber PayloadIdentifier PayloadUUID; do
		[ -n "$(plist_value "$f" $k)" ] || bad "mobileconfig $q: $k is missing"
	done
	same "$(plist_value "$f" PayloadType)" com.apple.mail.managed \
		"mobileconfig $q: a com.apple.mail.managed payload"
}
plist_check max@gmx.de
plist_check gmx.de
plist_check gmx
plist_check "$address" $hostile
f=mc-$(echo "$address" | tr -c 'a-z0-9.\n' '_').plist
if [ -f "$f" ]; then
	same "$(plist_value "$f" IncomingMailServerUsername)" "$local_part$weird" \
		"mobileconfig: the hostile user name reads back unchanged"
	same "$(plist_value "$f" EmailAddress)" "$address" \
		"mobileconfig: the hostile address reads back unchanged"
	same "$(plist_value "$f" EmailAccountDescription)" "$hname" \
		"mobileconfig: the hostile provider name reads back unchanged"
fi
if [ -f mc-gmx.de.plist ]; then
	same "$(plist_value mc-gmx.de.plist IncomingMailServerUsername)" "" \
		"mobileconfig: without an address the device asks for the user name"
fi

# ---- msmtp ------------------------------------------------------------------
pretend() { # FILE ACCOUNT: msmtp's view of the account
	chmod 600 "$1"
	msmtp -C "$1" -a "$2" --pretend 2>&1
}
address2="q'\$x#{y}%x\`id\`&|~^=?/+@hostile.example"
if export_to msmtp msmtprc $hostile "$address" max@gmx.de gmx.de "$address2"; then
	out=$(pretend msmtprc "$account")
	same "$(echo "$out" | sed -n 's/^user = //p')" "$local_part$weird" \
		"msmtp: the hostile user name reads back unchanged"
	# msmtp would replace %U in "from" and has no escape: mailcfg leaves it unset
	same "$(echo "$out" | sed -n 's/^from = //p')" "(not set)" \
		"msmtp: a sender address msmtp would rewrite (%U) is left unset"
	same "$(echo "$out" | sed -n 's/^\(host\|port\|tls\|tls_starttls\|auth\) = //p' | tr '\n' ' ')" \
		"127.0.0.1 587 choose on on " "msmtp: host, port, auth and STARTTLS as exported"
	out=$(pretend msmtprc "$(printf '%s' "$address2" | sed 's/[^A-Za-z0-9._@+-]/_/g')")
	same "$(echo "$out" | sed -n 's/^from = //p')" "$address2" \
		"msmtp: a hostile sender address without %U reads back unchanged"
	out=$(pretend msmtprc max@gmx.de)
	same "$(echo "$out" | sed -n 's/^\(host\|port\|tls_starttls\|user\|from\) = //p' | tr '\n' ' ')" \
		"mail.gmx.net 465 max@gmx.de off max@gmx.de " \
		"msmtp: a second account in the same file, implicit TLS on 465"
	out=$(pretend msmtprc gmx.de)
	same "$(echo "$out" | sed -n 's/^from = //p')" "YOUR-NAME@gmx.de" \
		"msmtp: a domain query gives a clear placeholder sender"
	nopwned msmtp
fi

# ---- mbsync -----------------------------------------------------------------
mbsync_parse() { # FILE WHAT
	# a channel that does not exist: the file is read whole, nothing is started
	out=$(mbsync -c "$1" no-such-channel 2>&1)
	if [ "$out" = "No channel or group named 'no-such-channel' defined.
No channel specified. Try 'mbsync -h'" ]; then
		ok "mbsync: $2 parses without complaint"
	else
		bad "mbsync: $2: $out"
	fi
}
if export_to mbsync mbsyncrc $hostile "$address" hostile.example hostile-mail; then
	mbsync_parse mbsyncrc "three accounts with hostile values"
	out=$(timeout 20 mbsync -D -c mbsyncrc -l "$account" 2>&1)
	case $out in
	*"Channel $account"*"Opening far side store $account-remote"*"Connecting to 127.0.0.1 (127.0.0.1:993)"*)
		ok "mbsync: the channel, its far store and the server address are as exported" ;;
	*) bad "mbsync -D -l: $out" ;;
	esac
	nopwned mbsync
fi
if export_to mbsync mbsyncrc2 max@gmx.de gmx.de gmx; then
	mbsync_parse mbsyncrc2 "address, domain and name queries"
fi
if export_to mbsync mbsyncrc3 $hostile a@imap-only.example; then
	mbsync_parse mbsyncrc3 "an OAuth2-only account (AuthMechs XOAUTH2, STARTTLS)"
fi

# ---- neomutt ----------------------------------------------------------------
# neomutt -Q shows a value in double quotes with \ and " escaped
mutt_quote() {
	printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'
}
query_mutt() { # FILE VARIABLE
	TERM=dumb neomutt -n -F "$1" -Q "$2" 2>&1
}
if export_to neomutt muttrc $hostile "$address"; then
	same "$(query_mutt muttrc imap_user)" "set imap_user = \"$(mutt_quote "$local_part$weird")\"" \
		"neomutt: the hostile user name reads back unchanged"
	same "$(query_mutt muttrc from)" "set from = \"$(mutt_quote "$address")\"" \
		"neomutt: the hostile sender address reads back unchanged"
	same "$(query_mutt muttrc folder)" 'set folder = "imaps://127.0.0.1:993/"' \
		"neomutt: the IMAP folder URL"
	# the user name in the URL is percent-encoded: decode what neomutt shows
	url=$(query_mutt muttrc smtp_url)
	user=$(echo "$url" | sed -n 's|^set smtp_url = "smtp://\([^@]*\)@127.0.0.1:587/"$|\1|p')
	case $user in
	*[!A-Za-z0-9%._~-]*) bad "neomutt: the URL user name is not percent-encoded: $user" ;;
	*) same "$(bash -c 'printf "%b" "${1//%/\\x}"' bash "$user")" "$local_part$weird" \
		"neomutt: the SMTP URL carries the hostile user name, percent-encoded" ;;
	esac
	nopwned neomutt
fi
if export_to neomutt muttrc-oauth $hostile a@imap-only.example; then
	same "$(query_mutt muttrc-oauth imap_authenticators) $(query_mutt muttrc-oauth folder)" \
		'set imap_authenticators = "oauthbearer" set folder = "imap://imap.imap-only.example:143/"' \
		"neomutt: an OAuth2-only STARTTLS account"
fi
for q in max@gmx.de gmx; do
	if export_to neomutt "muttrc-$q" "$q"; then
		same "$(query_mutt "muttrc-$q" smtp_url | sed 's/.*@//')" 'mail.gmx.net:465/"' \
			"neomutt: $q: the SMTP server"
	fi
done

# ---- aerc -------------------------------------------------------------------
# aerc has no check mode; it reads accounts.conf at start and shows one tab
# per account, and its debug log lists the values it parsed. It runs on a
# pseudo-terminal made by script(1) and is stopped by timeout.
run_aerc() { # ACCOUNTS-FILE
	A=$T/aerc && rm -rf "$A" && mkdir -p "$A/.config/aerc"
	cp "$1" "$A/.config/aerc/accounts.conf"
	chmod 600 "$A/.config/aerc/accounts.conf"
	printf '[general]\nlog-file=%s/aerc.log\nlog-level=debug\n' "$A" >"$A/.config/aerc/aerc.conf"
	HOME=$A XDG_CONFIG_HOME=$A/.config TERM=xterm COLUMNS=200 LINES=30 \
		timeout 8 script -qec aerc /dev/null >"$A/screen" 2>&1 </dev/null
}
if export_to aerc accounts.conf $hostile "$address" hostile-mail; then
	run_aerc accounts.conf
	if grep -q "Parsing accounts configuration" "$A/aerc.log" &&
		! grep -qi "error.*accounts.conf\|accounts.conf.*error" "$A/aerc.log" &&
		grep -q "hostile-mail" "$A/screen" && ! grep -q "Welcome to aerc" "$A/screen"; then
		ok "aerc: accepts two accounts with hostile values and shows their tabs"
	else
		bad "aerc: did not take the accounts: $(tail -5 "$A/aerc.log" | tr '\n' ' ')"
	fi
	if grep -qF "accounts.conf: [$account] from = $address" "$A/aerc.log"; then
		ok "aerc: the hostile sender address reads back unchanged"
	else
		bad "aerc: the log does not show [$account] from = $address: $(grep 'from =' "$A/aerc.log")"
	fi
	if grep -qF "accounts.conf: [hostile-mail] from = YOUR-NAME@YOUR-DOMAIN" "$A/aerc.log"; then
		ok "aerc: a name query gives a clear placeholder sender"
	else
		bad "aerc: the placeholder sender is not in the log"
	fi
	nopwned aerc
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
