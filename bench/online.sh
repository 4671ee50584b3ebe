#!/bin/sh
# Online look-up timing; prints figures, never run by the test suite.
#   bench/online.sh [BUILD_DIR]      (default: build; runs BUILD_DIR/mailcfg)
# Environment: ONLINE_RUNS (default 30), ONLINE_NETNS=no (no private network
# namespace), ONLINE_KEEP=1 (keep the temporary folder), ONLINE_TRUST=alone
# (the trust store holds the test CA alone: what parsing the system's costs).
#
# Real servers on loopback, started here: nginx with a test CA on
# 127.0.0.2:443 serves the autoconfig document of online.test; nethelper
# (tests/net/nethelper.c) relays 127.0.0.7:443 to it 50 ms after each
# connection (the same server, answering 50 ms late), accepts connections
# on 127.0.0.3:443 and never answers (the other HTTPS sources: the
# well-known URL and the ISPDB), and takes DNS queries on 127.0.0.1:5354 and
# never answers (MX and SRV). Then times `mailcfg lookup info@online.test`,
# interleaved (bench/spawnbench.c), with autoconfig answering at once, with
# autoconfig answering in 50 ms, and with every source hanging under
# --timeout 0.5 and 1; the test CA is added to the system's trust store in a
# private mount namespace, so the look-ups run as users run them, and two
# rows more name it with --cacert instead. Every command is run once first
# and its answer checked; every timed run's exit status is checked too.
# Needs root (port 443, the namespaces), nginx, openssl, curl and cc.
set -eu
cd "$(dirname "$0")/.."
me=online.sh
fail() {
	echo "$me: $*" >&2
	exit 2
}
abs() { case "$1" in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
build="$(abs "${1:-build}")"
mailcfg="$build/mailcfg"
runs="${ONLINE_RUNS:-30}"
PATH=$PATH:/usr/sbin:/sbin
export PATH
[ -x "$mailcfg" ] || fail "no $mailcfg: build first (tools/bootstrap)"
missing=
for tool in nginx openssl curl cc; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -z "$missing" ] || fail "not installed:$missing (Debian: apt-get install nginx openssl curl gcc)"
[ "$(id -u)" = 0 ] || fail "must run as root: nginx listens on 127.0.0.2:443"

# A private network namespace with only loopback, as the network tests use,
# and a private mount namespace, where the test CA joins the system's trust
# store (below), so that the look-ups run as users run them, without
# --cacert.
if [ -z "${ONLINE_IN_NETNS:-}" ] && [ "${ONLINE_NETNS:-yes}" != no ] &&
	command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
	unshare -n true 2>/dev/null; then
	# the mount namespace we leave, so that the bind mount below can never
	# happen in it
	ONLINE_HOST_MNTNS="$(readlink /proc/self/ns/mnt)"
	export ONLINE_HOST_MNTNS ONLINE_IN_NETNS=net
	unshare -n -m true 2>/dev/null && exec unshare -n -m sh "$0" "$build"
	exec unshare -n sh "$0" "$build"
fi
netns="no private network namespace; every name is pinned to loopback"
if [ -n "${ONLINE_IN_NETNS:-}" ]; then
	ip link set lo up || fail "cannot bring up loopback in the private network namespace"
	netns="in a private network namespace (loopback only)"
fi

D="$(mktemp -d "${TMPDIR:-/tmp}/mailcfg-online-XXXXXX")"
chmod 755 "$D" # nginx workers run as nobody and read the document
pids=
mounted=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -z "$mounted" ] || umount "$mounted" 2>/dev/null || :
	for p in $pids; do kill "$p" 2>/dev/null || :; done
	for p in $pids; do wait "$p" 2>/dev/null || :; done
	if [ "${ONLINE_KEEP:-}" = 1 ]; then echo "$me: kept $D" >&2; else rm -rf "$D"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
show() { [ -s "$1" ] && tail -n 20 "$1" >&2; return 0; }

cc -O2 -o "$D/spawnbench" bench/spawnbench.c
# as the project builds it: C11, POSIX 2008
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -o "$D/nethelper" tests/net/nethelper.c

# ---- inputs, regenerated every run -------------------------------------------
(
	cd "$D"
	ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
	# shellcheck disable=SC2086
	openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 -subj "/CN=mailcfg bench CA" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:autoconfig.online.test,DNS:online.test,DNS:ispdb.test\n' >server.ext
	# shellcheck disable=SC2086
	openssl req -new $ec -keyout server.key -out server.csr -subj /CN=autoconfig.online.test
	openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
		-extfile server.ext -out server.pem
) >"$D/openssl.log" 2>&1 || { show "$D/openssl.log"; fail "openssl could not make the certificates"; }
mkdir -p "$D/www/mail" "$D/nginx-tmp"
cat >"$D/www/mail/config-v1.1.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="online.test">
    <domain>online.test</domain>
    <displayName>Online Test Mail</displayName>
    <incomingServer type="imap">
      <hostname>imap.online.test</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.online.test</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>
EOF
chmod -R a+rX "$D/www"

# ---- servers -------------------------------------------------------------------
cat >"$D/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $D/nginx.pid;
error_log $D/nginx-error.log;
events { worker_connections 256; }
http {
    types { }
    default_type application/xml;
    access_log off;
    client_body_temp_path $D/nginx-tmp/body;
    proxy_temp_path $D/nginx-tmp/proxy;
    fastcgi_temp_path $D/nginx-tmp/fastcgi;
    uwsgi_temp_path $D/nginx-tmp/uwsgi;
    scgi_temp_path $D/nginx-tmp/scgi;
    server {
        listen 127.0.0.2:443 ssl;
        ssl_certificate $D/server.pem;
        ssl_certificate_key $D/server.key;
        root $D/www;
    }
}
EOF
nginx -p "$D" -c "$D/nginx.conf" -e "$D/nginx-error.log" >"$D/nginx.out" 2>&1 &
pids="$pids $!"
"$D/nethelper" delay 127.0.0.7:443 50 127.0.0.2:443 >"$D/delay.out" 2>&1 &
pids="$pids $!"
"$D/nethelper" serve --tcp-hold 127.0.0.3:443 --udp-silent 127.0.0.1:5354 >"$D/hang.out" 2>&1 &
pids="$pids $!"

AC=/mail/config-v1.1.xml
fetch() { # ADDR: curl's time from start to the last byte in ms, or "curl-N"
	t=$(curl -sS --max-time 2 --cacert "$D/ca.pem" --resolve "autoconfig.online.test:443:$1" \
		-o /dev/null -w '%{time_total}' "https://autoconfig.online.test$AC" 2>/dev/null) &&
		awk -v t="$t" 'BEGIN { printf "%.1f\n", t * 1000 }' || echo "curl-$?"
}
i=0
until fetch 127.0.0.2 | grep -qv curl; do
	i=$((i + 1))
	[ $i -lt 50 ] || { show "$D/nginx-error.log"; show "$D/nginx.out"; fail "nginx does not answer on 127.0.0.2:443"; }
	sleep 0.1
done
for f in delay hang; do
	grep -q ready "$D/$f.out" || { sleep 0.5; grep -q ready "$D/$f.out"; } ||
		{ show "$D/$f.out"; fail "nethelper ($f) did not start"; }
done
[ "$(fetch 127.0.0.3)" = curl-28 ] || fail "127.0.0.3:443 should accept and never answer"

# ---- the look-ups ------------------------------------------------------------------
# The test CA joins the system's trust store, seen only in this mount
# namespace: the look-ups then load it as any user's look-up does (the
# hashed folder /etc/ssl/certs, and the bundle in it for programs that read
# that). Without a private mount namespace every look-up names the test CA
# with --cacert.
certs=/etc/ssl/certs
trust="--cacert $D/ca.pem"
trusted="every look-up names the test CA with --cacert (no private mount namespace)"
# Only in a mount namespace of our own: not the one recorded before unshare,
# and not our parent's (unshare ran in our place, so the parent stays where
# we were started), which holds even should the variable come from outside.
mntns="$(readlink /proc/self/ns/mnt)"
parent_mntns="$(readlink /proc/$PPID/ns/mnt 2>/dev/null || :)"
if [ -n "${ONLINE_HOST_MNTNS:-}" ] && [ -d $certs ] && [ -n "$parent_mntns" ] &&
	[ "$mntns" != "$ONLINE_HOST_MNTNS" ] && [ "$mntns" != "$parent_mntns" ]; then
	trusted="the test CA joins the system's, bind-mounted in a private mount namespace"
	mkdir "$D/certs"
	if [ "${ONLINE_TRUST:-}" = alone ]; then
		cp "$D/ca.pem" "$D/certs/ca-certificates.crt"
		trusted="the test CA alone (ONLINE_TRUST=alone), bind-mounted in a private mount namespace"
	else
		cp -a $certs/. "$D/certs/"
		cat "$D/ca.pem" >>"$D/certs/ca-certificates.crt"
	fi
	cp "$D/ca.pem" "$D/certs/mailcfg-bench-ca.pem"
	ln -s mailcfg-bench-ca.pem "$D/certs/$(openssl x509 -hash -noout -in "$D/ca.pem").0"
	if mount --bind "$D/certs" $certs; then
		mounted=$certs
		trust=
	else
		trusted="every look-up names the test CA with --cacert (the bind mount failed)"
	fi
fi
# Every source but autoconfig.online.test hangs: online.test (the well-known
# URL) and ispdb.test are pinned to the silent listener, MX and SRV ask the
# silent DNS port. No cache, no user files, nothing from the environment.
export XDG_CONFIG_HOME="$D/config" XDG_CACHE_HOME="$D/cache"
unset MAILCFG_OFFLINE MAILCFG_ISPDB_URL MAILCFG_NO_CACHE 2>/dev/null || :
lookup="$mailcfg lookup --json --no-cache --dns-server 127.0.0.1:5354
--ispdb-url https://ispdb.test/v1.1/ --resolve ispdb.test:443:127.0.0.3
--resolve online.test:443:127.0.0.3"
pin="--resolve autoconfig.online.test:443"
q=info@online.test
# the rows: LABEL|DEADLINE_MS|TARGET_MS|EXIT|COMMAND, the command on one
# line (spawnbench splits it at blanks)
row() {
	printf '%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" "$(printf '%s' "$5" | tr -s '\n ' '  ')" \
		>>"$D/rows"
}
row "autoconfig at once, the others hang" 0 0 0 "$lookup $trust $pin:127.0.0.2 $q"
row "autoconfig in 50 ms, the others hang" 0 100 0 "$lookup $trust $pin:127.0.0.7 $q"
row "all hang, --timeout 0.5: past the deadline" 500 100 4 \
	"$lookup $trust --timeout 0.5 $pin:127.0.0.3 $q"
row "all hang, --timeout 1: past the deadline" 1000 100 4 \
	"$lookup $trust --timeout 1 $pin:127.0.0.3 $q"
if [ -z "$trust" ]; then
	row "with --cacert: autoconfig at once" 0 0 0 "$lookup --cacert $D/ca.pem $pin:127.0.0.2 $q"
	row "with --cacert: autoconfig in 50 ms" 0 100 0 "$lookup --cacert $D/ca.pem $pin:127.0.0.7 $q"
fi
# each once, checked: the autoconfig answer (exit 0), or exit 4 at the deadline
while IFS='|' read -r label _ _ want cmd; do
	# shellcheck disable=SC2086
	$cmd </dev/null >"$D/out" 2>"$D/err" && rc=0 || rc=$?
	[ "$rc" = "$want" ] || { show "$D/err"; fail "$label: exit $rc, not $want: $cmd"; }
	[ "$want" != 0 ] || grep -q '"source":"autoconfig"' "$D/out" ||
		{ show "$D/out"; fail "$label: not the autoconfig answer: $cmd"; }
done <"$D/rows"

# the winning server alone, as curl sees it (connection to last byte)
direct='' late=''
i=0
while [ $i -lt "$runs" ]; do
	direct="$direct $(fetch 127.0.0.2)"
	late="$late $(fetch 127.0.0.7)"
	i=$((i + 1))
done
median() { echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int(NR / 2) + 1] }'; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
IFS='
'
# shellcheck disable=SC2046
set -- $(cut -d'|' -f5 "$D/rows")
unset IFS
"$D/spawnbench" -t "$D/times" "$runs" "$@" >/dev/null

# ---- figures ---------------------------------------------------------------------
echo "online lookup $q, $runs interleaved runs (posix_spawn + wait4), in ms; target < 100:"
printf '  %-44s %7s %7s %7s %7s %8s\n' "" median q1 q3 max margin
c=0
while IFS='|' read -r label deadline target want _; do
	awk -v c="$c" '$1 == c { print $2 }' "$D/times" | sort -n |
		awk -v label="$label" -v dl="$deadline" -v target="$target" '
		{ v[NR] = $1 / 1000 - dl }
		END {
			margin = target ? sprintf("%8.1f", target - v[NR]) : "       -"
			printf "  %-44s %7.1f %7.1f %7.1f %7.1f %s\n", label, v[int(NR / 2) + 1],
				v[int(NR / 4) + 1], v[int(3 * NR / 4) + 1], v[NR], margin
		}'
	bad=$(awk -v c="$c" -v want="$want" '$1 == c && $3 != want { n++ } END { print n + 0 }' "$D/times")
	[ "$bad" = 0 ] || echo "  ^ $bad of $runs runs did not exit $want: these figures are not the lookup's"
	c=$((c + 1))
done <"$D/rows"
echo "  (margin: the target less the slowest run)"
echo "trust store: $trusted"
echo "the winning server alone, curl from its start to the last byte, median of $runs:" \
	"$(median "$direct") ms at once, $(median "$late") ms through the 50 ms delay"
echo "build type: $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || echo '?'); $netns"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(uname -srm)"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
