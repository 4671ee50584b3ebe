#!/bin/sh
# End-to-end tests of online discovery (docs/discovery.md) against real
# servers on loopback: nginx serves autoconfig and ISPDB documents over HTTPS
# on 127.0.0.2:443 (and plain http on :80), dnsmasq answers MX, SRV and A
# records on 127.0.0.1:5353, nethelper plays a TCP listener that never
# answers (127.0.0.3:443, :993, :465), a POP3 server whose words hold
# terminal controls (127.0.0.3:110), a DNS port that never answers
# (127.0.0.1:5354) and an upstream that answers SERVFAIL (127.0.0.1:5355),
# and dovecot answers IMAP, POP3 and submission on 127.0.0.4 at the standard
# ports (993, 143, 995, 110, 465, 587) for the guessed server names
# (--guess). Then the golden-test runner (tests/cli/runner.c, format in
# tests/cli/README.md) runs every tests/net/*.test file with %NETDIR% set to
# the temporary folder (ca.pem, wrong-ca.pem, access.log, access-http.log,
# dnsmasq.log and dovecot.log live there).
#
# usage: run-net-tests.sh MAILCFG_BINARY RUNNER_BINARY [NETHELPER_BINARY]
#
# Needs root (ports 443, 993, ...), nginx, dnsmasq, dovecot (imapd, pop3d,
# submissiond), openssl and curl; without them it fails with a message, never
# skips. Nothing is sent beyond loopback: every case names its DNS server,
# ISPDB URL and host addresses, and when
# `unshare -n` works the whole run is moreover in a private network
# namespace that has only a loopback interface. trust.test needs a private
# mount namespace too (`unshare -n -m`): there the second test CA joins the
# system's trust store; where that is impossible the run fails with
# "NOT RUN: trust.test" (the other files still run).
#
# Environment:
#   MAILCFG_NET_KEEP=1   keep the temporary folder (its path is printed)
#   MAILCFG_NET_NETNS=no do not use a private network (nor mount) namespace;
#                        the run then fails for trust.test unless it is left out
#   MAILCFG_NET_CASES='a.test b.test'  run only these files (relative: of tests/net)
set -u

me=run-net-tests
fail() {
	echo "$me: FAIL: $*" >&2
	exit 1
}

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $0 MAILCFG_BINARY RUNNER_BINARY [NETHELPER_BINARY]" >&2
	exit 2
fi

abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}
mailcfg=$(abspath "$1")
runner=$(abspath "$2")
helper=$(abspath "${3:-$(dirname "$runner")/../net/nethelper}")
here=$(cd "$(dirname "$0")" && pwd)
PATH=$PATH:/usr/sbin:/sbin
export PATH

for f in "$mailcfg" "$runner" "$helper"; do
	[ -x "$f" ] || fail "$f is not an executable file (build first)"
done
missing=
for tool in nginx dnsmasq dovecot openssl curl; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
# the protocols of dovecot come in their own packages
if command -v dovecot >/dev/null 2>&1; then
	for p in imap:dovecot-imapd pop3:dovecot-pop3d submission:dovecot-submissiond; do
		[ -x "/usr/lib/dovecot/${p%%:*}-login" ] || [ -x "/usr/libexec/dovecot/${p%%:*}-login" ] ||
			missing="$missing ${p#*:}"
	done
fi
[ -z "$missing" ] ||
	fail "not installed:$missing. The discovery tests need nginx, dnsmasq, dovecot (IMAP, POP3, submission), openssl and curl (Debian: apt-get install nginx dnsmasq dovecot-imapd dovecot-pop3d dovecot-submissiond openssl curl); they are not skipped."
[ "$(id -u)" = 0 ] || fail "must run as root: nginx listens on 127.0.0.2:443 and :80, dovecot on 127.0.0.4:993 and other ports below 1024"

# A private network namespace: only loopback exists, so nothing can leak and
# parallel runs do not share ports. Used when the kernel lets us. With it a
# private mount namespace, where the system's trust store gets the second
# test CA (below) for trust.test, which cannot run without one.
if [ -z "${MAILCFG_NET_IN_NETNS:-}" ] && [ "${MAILCFG_NET_NETNS:-yes}" != no ] &&
	command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
	unshare -n true 2>/dev/null; then
	MAILCFG_NET_IN_NETNS=1
	# the mount namespace we leave: the bind mount below happens only in
	# another one, so that it can never touch the host's
	MAILCFG_NET_HOST_MNTNS=$(readlink /proc/self/ns/mnt)
	export MAILCFG_NET_IN_NETNS MAILCFG_NET_HOST_MNTNS
	unshare -n -m true 2>/dev/null &&
		exec unshare -n -m sh "$here/run-net-tests.sh" "$mailcfg" "$runner" "$helper"
	exec unshare -n sh "$here/run-net-tests.sh" "$mailcfg" "$runner" "$helper"
fi
if [ -n "${MAILCFG_NET_IN_NETNS:-}" ]; then
	ip link set lo up || fail "cannot bring up loopback in the private network namespace"
	echo "$me: in a private network namespace (loopback only)"
else
	echo "$me: no private network namespace (unshare -n unavailable or MAILCFG_NET_NETNS=no); every case names its servers itself"
fi

D=$(mktemp -d "${TMPDIR:-/tmp}/mailcfg-net-XXXXXX") || fail "cannot create a temporary folder"
chmod 755 "$D" # nginx workers run as nobody and read the documents
pids=
mounted=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	# it would die with the mount namespace anyway
	[ -z "$mounted" ] || umount "$mounted" 2>/dev/null ||
		echo "$me: cannot unmount $mounted (it goes with the private mount namespace)" >&2
	[ -n "${watchdog:-}" ] && kill "$watchdog" 2>/dev/null
	if [ "${MAILCFG_NET_KEEP:-}" = 1 ]; then
		echo "$me: kept $D" >&2
	else
		rm -rf "$D"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
show_log() { # FILE: the end of a server's log, for a failure report
	[ -s "$1" ] && { echo "--- $1:" >&2; tail -n 20 "$1" >&2; }
	return 0
}

# ---- the test names ---------------------------------------------------------
# Domains for --guess (guess.test): no ISPDB entry, MX or SRV record, and but
# for guessprio.test no autoconfig document either. Each case pins the usual
# server names (imap., mail., pop., pop3., smtp., the bare domain) to dovecot
# on 127.0.0.4, to 127.0.0.3 (never answers) or to 127.0.0.5 (refused).
GUESS_DOMAINS="guess.test partial.test badcert.test guessprio.test"
# The names in dovecot's certificate: every usual name of guess.test and
# guessprio.test; of partial.test only the two that answer; of badcert.test
# only mail.badcert.test, so that imap.badcert.test (pinned to dovecot too)
# fails TLS verification.
MAIL_NAMES=
for d in guess.test guessprio.test; do
	MAIL_NAMES="$MAIL_NAMES imap.$d mail.$d pop.$d pop3.$d smtp.$d $d"
done
MAIL_NAMES="$MAIL_NAMES mail.partial.test smtp.partial.test mail.badcert.test"
# mailcfg check (check.test, audit.test): the servers of check.test, and
# plain.check.test, served on 127.0.0.6 where dovecot takes passwords
# before STARTTLS.
MAIL_NAMES="$MAIL_NAMES imap.check.test pop.check.test smtp.check.test plain.check.test"

# Domains served over HTTPS with the good certificate: autoconfig.DOMAIN and
# DOMAIN are in its subjectAltName and have A records -> 127.0.0.2.
HTTPS_DOMAINS="example-customer.test wellknown.test ispdb-only.test prio.test
basehost.test mx-base.test mx-m365.test mx-gmx.test srv-only.test srv-foreign.test
fastslow.test slowfirst.test tls-ca.test redirect-http.test redirect-3.test
redirect-4.test big.test bomb.test xxe.test malformed.test badport.test
placeholder.test badhost.test bidi.test rejected-fallback.test addr-a.test
addr-b.test httponly-a.test httponly-b.test offline-probe.test nothing.test agree.test
$GUESS_DOMAINS"
# Served with a certificate lacking their names / an expired one.
WRONGNAME_DOMAINS="wrongname.test"
EXPIRED_DOMAINS="expired.test"
# Pointing at the listener that never answers.
HANG_DOMAINS="hang.test"
# Served with a certificate of the second test CA (wrong-ca.pem), which only
# the system's trust store holds, and only in the private mount namespace
# (trust.test): autoconfig.systrust.test and systrust.test by nginx,
# imap.systrust.test by the second dovecot.
SYSTRUST_DOMAINS="systrust.test"

# Built-in domains that must never be asked: in the certificate too, so that
# a request a case maps to nginx by mistake reaches it and shows in its log.
NEVER_ASKED="gmx.net"

san=DNS:ispdb.test
for d in $HTTPS_DOMAINS $HANG_DOMAINS $NEVER_ASKED; do san="$san,DNS:$d,DNS:autoconfig.$d"; done
mail_san=
for n in $MAIL_NAMES; do mail_san="${mail_san:+$mail_san,}DNS:$n"; done
exp_san=
for d in $EXPIRED_DOMAINS; do exp_san="${exp_san:+$exp_san,}DNS:$d,DNS:autoconfig.$d"; done

# dovecot chooses a certificate by the name the client asks for (SNI):
# expired.test gets the expired one, wrongname.test the one for another
# name, soon.check.test one that expires in 7 days.

# ---- certificates -----------------------------------------------------------
mkdir -p "$D/pki/newcerts" || fail "cannot create $D/pki"
: >"$D/pki/index.txt"
echo 1000 >"$D/pki/serial"
(
	set -e
	cd "$D"
	ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
	# shellcheck disable=SC2086
	openssl req -x509 $ec -keyout ca.key -out ca.pem -days 30 -subj "/CN=mailcfg test CA" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
	# shellcheck disable=SC2086
	openssl req -x509 $ec -keyout wrong-ca.key -out wrong-ca.pem -days 30 \
		-subj "/CN=mailcfg wrong test CA" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
	leaf() { # NAME SAN
		printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$2" >"$1.ext"
		# shellcheck disable=SC2086
		openssl req -new $ec -keyout "$1.key" -out "$1.csr" -subj "/CN=$1"
	}
	leaf server "$san"
	openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAserial ca.srl -CAcreateserial \
		-days 30 -extfile server.ext -out server.pem
	# dovecot's, for the guessed mail server names
	leaf mail "$mail_san"
	openssl x509 -req -in mail.csr -CA ca.pem -CAkey ca.key -CAserial ca.srl \
		-days 30 -extfile mail.ext -out mail.pem
	# the right CA, but none of the names it is served for
	leaf wrongname DNS:some-other-name.test
	openssl x509 -req -in wrongname.csr -CA ca.pem -CAkey ca.key -CAserial ca.srl \
		-days 30 -extfile wrongname.ext -out wrongname.pem
	# the right CA and names, but it expired in 2020
	leaf expired "$exp_san"
	cat >pki/ca.cnf <<EOF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $D/pki/index.txt
new_certs_dir = $D/pki/newcerts
serial = $D/pki/serial
default_md = sha256
policy = any_name
unique_subject = no
[ any_name ]
commonName = supplied
EOF
	openssl ca -batch -notext -config pki/ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr \
		-startdate 20200101000000Z -enddate 20200201000000Z -extfile expired.ext \
		-out expired.pem
	# the right CA and name, valid for one more week: a warning for check
	leaf soon DNS:soon.check.test
	openssl x509 -req -in soon.csr -CA ca.pem -CAkey ca.key -CAserial ca.srl \
		-days 7 -extfile soon.ext -out soon.pem
	# the second CA's, trusted only through the system's trust store
	leaf systrust DNS:systrust.test,DNS:autoconfig.systrust.test,DNS:imap.systrust.test
	openssl x509 -req -in systrust.csr -CA wrong-ca.pem -CAkey wrong-ca.key \
		-CAserial wrong-ca.srl -CAcreateserial -days 30 -extfile systrust.ext -out systrust.pem
) >"$D/openssl.log" 2>&1 || { show_log "$D/openssl.log"; fail "openssl could not make the test certificates"; }

# ---- the system's trust store (trust.test) ----------------------------------
# In the private mount namespace, a copy of /etc/ssl/certs plus the second
# test CA (wrong-ca.pem, with its hash link, as update-ca-certificates would
# make it; not in the bundle ca-certificates.crt) is bind-mounted over
# /etc/ssl/certs: trust.test looks up systrust.test, whose certificate that
# CA signed, without --cacert. The first test CA (ca.pem) stays out, so
# that its servers are still untrusted without --cacert (tls.test). Only
# when this mount namespace is not the host's: the bind mount must never
# touch the host's /etc/ssl/certs.
certs=/etc/ssl/certs
systrust=
if [ -z "${MAILCFG_NET_HOST_MNTNS:-}" ]; then
	systrust_missing="no private mount namespace (unshare -n -m, as root; MAILCFG_NET_NETNS=no turns it off)"
elif mntns=$(readlink /proc/self/ns/mnt) && [ "$mntns" = "$MAILCFG_NET_HOST_MNTNS" ]; then
	systrust_missing="no private mount namespace (unshare -n -m did not work here, only unshare -n)"
elif ! parent_mntns=$(readlink /proc/$PPID/ns/mnt) || [ -z "$parent_mntns" ] ||
	[ "$mntns" = "$parent_mntns" ]; then
	# unshare ran in our place (exec), so our parent stays in the mount
	# namespace we were started in: this holds even should the variables
	# above have come from the environment rather than from this script
	systrust_missing="this mount namespace is that of the calling process (or that cannot be read), not a private one"
elif [ ! -d $certs ]; then
	systrust_missing="there is no $certs to add the test CA to"
else
	if ! { mkdir "$D/certs" && cp -a $certs/. "$D/certs/" &&
		cp "$D/wrong-ca.pem" "$D/certs/mailcfg-net-test-ca.pem" &&
		ln -s mailcfg-net-test-ca.pem "$D/certs/$(openssl x509 -hash -noout -in "$D/wrong-ca.pem").0"; }; then
		fail "cannot make the copy of $certs with the test CA in $D/certs"
	fi
	mount --bind "$D/certs" $certs || fail "cannot bind-mount $D/certs over $certs in the private mount namespace"
	mounted=$certs
	systrust=yes
	echo "$me: in a private mount namespace, $certs holds the second test CA (trust.test)"
fi

# ---- documents --------------------------------------------------------------
if ! cp -R "$here/www" "$D/www" || ! cp -R "$here/www-http" "$D/www-http"; then
	fail "cannot copy the documents"
fi
pad() { # FILE BYTES: blanks after the XML declaration (still a valid document)
	{
		head -n 1 "$1"
		head -c "$2" /dev/zero | tr '\0' ' '
		echo
		tail -n +2 "$1"
	} >"$1.new" && mv "$1.new" "$1"
}
# sent at 10 KB/s by nginx: about 3 seconds each
pad "$D/www/ispdb.test/v1.1/fastslow.test" 30000
pad "$D/www/autoconfig.slowfirst.test/mail/config-v1.1.xml" 30000
# 10 MB, far beyond the 256 KiB cap
pad "$D/www/autoconfig.big.test/mail/config-v1.1.xml" 10485760
chmod -R a+rX "$D/www" "$D/www-http"

# ---- nginx ------------------------------------------------------------------
mkdir -p "$D/nginx-tmp"
redirects() { # HOST HOPS: /mail/... and /.well-known/... -> hop1 -> ... -> /moved/config-v1.1.xml
	h=$1
	n=$2
	first=/moved/config-v1.1.xml
	[ "$n" -gt 1 ] && first=/hop1
	printf '        location = /mail/config-v1.1.xml { return 302 https://%s%s; }\n' "$h" "$first"
	printf '        location = /.well-known/autoconfig/mail/config-v1.1.xml { return 302 https://%s%s; }\n' "$h" "$first"
	i=1
	while [ "$i" -lt "$n" ]; do
		next=/hop$((i + 1))
		[ $((i + 1)) -eq "$n" ] && next=/moved/config-v1.1.xml
		printf '        location = /hop%d { return 302 https://%s%s; }\n' "$i" "$h" "$next"
		i=$((i + 1))
	done
}
cat >"$D/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $D/nginx.pid;
error_log $D/nginx-error.log info;
events { worker_connections 512; }
http {
    types { }
    default_type application/xml;
    server_tokens off;
    sendfile on;
    keepalive_timeout 5;
    client_body_temp_path $D/nginx-tmp/body;
    proxy_temp_path $D/nginx-tmp/proxy;
    fastcgi_temp_path $D/nginx-tmp/fastcgi;
    uwsgi_temp_path $D/nginx-tmp/uwsgi;
    scgi_temp_path $D/nginx-tmp/scgi;
    log_format net '\$server_port \$host "\$request" \$status \$body_bytes_sent';
    access_log $D/access.log net;
    ssl_certificate $D/server.pem;
    ssl_certificate_key $D/server.key;

    # every good name: the documents of www/HOST, 404 for anything else
    server {
        listen 127.0.0.2:443 ssl default_server;
        server_name _;
        root $D/www/\$host;
        location = /v1.1/fastslow.test { limit_rate 10k; }
    }
    # slow autoconfig
    server {
        listen 127.0.0.2:443 ssl;
        server_name autoconfig.slowfirst.test slowfirst.test;
        root $D/www/\$host;
        limit_rate 10k;
    }
    # a certificate of the right CA without these names
    server {
        listen 127.0.0.2:443 ssl;
        server_name autoconfig.wrongname.test wrongname.test;
        ssl_certificate $D/wrongname.pem;
        ssl_certificate_key $D/wrongname.key;
        root $D/www/\$host;
    }
    # an expired certificate
    server {
        listen 127.0.0.2:443 ssl;
        server_name autoconfig.expired.test expired.test;
        ssl_certificate $D/expired.pem;
        ssl_certificate_key $D/expired.key;
        root $D/www/\$host;
    }
    # a certificate of the second test CA (trust.test)
    server {
        listen 127.0.0.2:443 ssl;
        server_name autoconfig.systrust.test systrust.test;
        ssl_certificate $D/systrust.pem;
        ssl_certificate_key $D/systrust.key;
        root $D/www/\$host;
    }
    # both autoconfig URLs redirect to plain http
    server {
        listen 127.0.0.2:443 ssl;
        server_name autoconfig.redirect-http.test redirect-http.test;
        return 301 http://autoconfig.redirect-http.test/mail/config-v1.1.xml;
    }
    # 3 https redirects (allowed) and 4 (one too many)
    server {
        listen 127.0.0.2:443 ssl;
        server_name autoconfig.redirect-3.test redirect-3.test;
        root $D/www/autoconfig.redirect-3.test;
$(redirects autoconfig.redirect-3.test 3)
    }
    server {
        listen 127.0.0.2:443 ssl;
        server_name autoconfig.redirect-4.test redirect-4.test;
        root $D/www/autoconfig.redirect-4.test;
$(redirects autoconfig.redirect-4.test 4)
    }
    # plain http
    server {
        listen 127.0.0.2:80 default_server;
        server_name _;
        root $D/www-http/\$host;
        access_log $D/access-http.log net;
    }
}
EOF
: >"$D/access.log"
: >"$D/access-http.log"
nginx -t -p "$D" -c "$D/nginx.conf" -e "$D/nginx-error.log" >"$D/nginx-t.log" 2>&1 ||
	{ cat "$D/nginx-t.log" >&2; fail "nginx rejects the generated configuration $D/nginx.conf"; }
nginx -p "$D" -c "$D/nginx.conf" -e "$D/nginx-error.log" >"$D/nginx.out" 2>&1 &
pids="$pids $!"

# ---- nethelper: never answers (TCP and DNS), SERVFAIL upstream --------------
"$helper" serve --tcp-hold 127.0.0.3:443 --tcp-hold 127.0.0.3:993 --tcp-hold 127.0.0.3:465 \
	--tcp-hostile 127.0.0.3:110 \
	--udp-silent 127.0.0.1:5354 --udp-servfail 127.0.0.1:5355 >"$D/nethelper.out" 2>&1 &
pids="$pids $!"

# ---- dovecot: IMAP, POP3 and submission on 127.0.0.4 ---------------------------
# Implicit TLS on 993, 995 and 465; STARTTLS, which ssl = required makes
# necessary before any login, on 143, 110 and 587. No login ever happens: the
# user is there so that the server is a complete one. Every login process
# logs its connection when it ends, with the local port and the TLS server
# name (SNI) the client asked for: "lport=993, sni=imap.guess.test".
mkdir -p "$D/dovecot/home" || fail "cannot create $D/dovecot"
echo 'user@guess.test:{PLAIN}secret' >"$D/dovecot/passwd"
chown dovecot:dovecot "$D/dovecot/home" 2>/dev/null
cat >"$D/dovecot.conf" <<EOF
base_dir = $D/dovecot/run
state_dir = $D/dovecot/state
instance_name = mailcfg-net-test
listen = 127.0.0.4
protocols = imap pop3 submission
hostname = mail.guess.test
log_path = $D/dovecot.log
login_log_format_elements = user=<%u> rip=%r lip=%l lport=%{lport} sni=%{local_name} %c
ssl = required
ssl_cert = <$D/mail.pem
ssl_key = <$D/mail.key
disable_plaintext_auth = yes
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = $D/dovecot/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$D/dovecot/home
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
service submission-login {
  inet_listener submission {
    port = 587
  }
  inet_listener submissions {
    port = 465
    ssl = yes
  }
}
# never used (nothing is sent), and nothing listens there
submission_relay_host = 127.0.0.5
submission_relay_port = 25
EOF
: >"$D/dovecot.log"
dovecot -F -c "$D/dovecot.conf" >"$D/dovecot.out" 2>&1 &
pids="$pids $!"

# A second dovecot on 127.0.0.6 for mailcfg check, the same ports and user:
# it takes passwords before STARTTLS (what check warns about) and chooses
# the certificate by the name asked for (SNI): expired.test gets the
# expired one, wrongname.test the one for another name, soon.check.test one
# valid for 7 more days, imap.systrust.test one of the second test CA
# (trust.test). An instance of its own: certificates chosen by
# name cost every TLS connection a question to dovecot's config process,
# which the first one's timing-sensitive --guess cases must not pay.
mkdir -p "$D/dovecot-check" || fail "cannot create $D/dovecot-check"
sed -e "s|^base_dir = .*|base_dir = $D/dovecot-check/run|" \
	-e "s|^state_dir = .*|state_dir = $D/dovecot-check/state|" \
	-e "s|^instance_name = .*|instance_name = mailcfg-net-test-check|" \
	-e "s|^listen = .*|listen = 127.0.0.6|" \
	-e "s|^ssl = required|ssl = yes|" \
	-e "s|^disable_plaintext_auth = yes|disable_plaintext_auth = no|" \
	"$D/dovecot.conf" >"$D/dovecot-check.conf"
cat >>"$D/dovecot-check.conf" <<EOF
local_name expired.test {
  ssl_cert = <$D/expired.pem
  ssl_key = <$D/expired.key
}
local_name wrongname.test {
  ssl_cert = <$D/wrongname.pem
  ssl_key = <$D/wrongname.key
}
local_name soon.check.test {
  ssl_cert = <$D/soon.pem
  ssl_key = <$D/soon.key
}
local_name imap.systrust.test {
  ssl_cert = <$D/systrust.pem
  ssl_key = <$D/systrust.key
}
EOF
dovecot -F -c "$D/dovecot-check.conf" >"$D/dovecot-check.out" 2>&1 &
pids="$pids $!"

# ---- dnsmasq ----------------------------------------------------------------
set -- --keep-in-foreground --conf-file=/dev/null --pid-file="$D/dnsmasq.pid" \
	--port=5353 --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
	--cache-size=0 --log-queries --log-facility="$D/dnsmasq.log" \
	--local=/test/ \
	--host-record=ispdb.test,127.0.0.2
for d in $HTTPS_DOMAINS $WRONGNAME_DOMAINS $EXPIRED_DOMAINS $SYSTRUST_DOMAINS; do
	set -- "$@" --host-record="$d,autoconfig.$d,127.0.0.2"
done
for d in $HANG_DOMAINS; do
	set -- "$@" --host-record="$d,autoconfig.$d,127.0.0.3"
done
set -- "$@" \
	--mx-host=mx-m365.test,tenant-test.mail.protection.outlook.com,0 \
	--mx-host=mx-base.test,backup.mail.protection.outlook.com,20 \
	--mx-host=mx-base.test,mx1.basehost.test,10 \
	--mx-host=mx-gmx.test,mx00.gmx.net,10 \
	--srv-host=_submissions._tcp.srv-only.test,smtp.srv-only.test,465,0,1 \
	--srv-host=_submission._tcp.srv-only.test,smtp.srv-only.test,587,0,1 \
	--srv-host=_imaps._tcp.srv-only.test,imap.srv-only.test,993,0,1 \
	--srv-host=_imap._tcp.srv-only.test,imap.srv-only.test,143,0,1 \
	--srv-host=_pop3s._tcp.srv-only.test,pop.srv-only.test,995,0,1 \
	--srv-host=_pop3._tcp.srv-only.test \
	--srv-host=_imaps._tcp.srv-foreign.test,imap.elsewhere-hoster.test,993,0,1 \
	--srv-host=_submissions._tcp.srv-foreign.test,smtp.srv-foreign.test,465,0,1 \
	--address=/nxdomain.test/ \
	--server=/servfail.test/127.0.0.1#5355
dnsmasq "$@" >"$D/dnsmasq.out" 2>&1 &
pids="$pids $!"

# Should this script be killed without its trap running (SIGKILL), the
# servers and the runner go too, a second later, and so does the folder.
echo "$pids" >"$D/pids"
(
	while kill -0 $$ 2>/dev/null; do sleep 1; done
	# shellcheck disable=SC2046
	kill $(cat "$D/pids") 2>/dev/null
	sleep 1
	[ -z "$mounted" ] || umount "$mounted"
	[ "${MAILCFG_NET_KEEP:-}" = 1 ] || rm -rf "$D"
) >/dev/null 2>&1 &
watchdog=$!

# ---- wait until everything answers, and check what it answers ---------------
dns() { "$helper" dns "$@" 2>&1; }
i=0
until [ "$(dns 127.0.0.1:5353 autoconfig.example-customer.test A)" = "NOERROR
A 127.0.0.2" ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || { show_log "$D/dnsmasq.out"; fail "dnsmasq does not answer on 127.0.0.1:5353"; }
	sleep 0.1
done
fetch() { # HOST PATH [ADDR]: status code, or curl's exit code as "curl-N"
	code=$(curl -sS --max-time 5 --cacert "$D/ca.pem" --resolve "$1:443:${3:-127.0.0.2}" \
		-o /dev/null -w '%{http_code}' "https://$1$2" 2>/dev/null)
	rc=$?
	[ $rc = 0 ] && echo "$code" || echo "curl-$rc"
}
i=0
until [ "$(fetch autoconfig.example-customer.test /mail/config-v1.1.xml)" = 200 ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || { show_log "$D/nginx-error.log"; show_log "$D/nginx.out"; fail "nginx does not answer on 127.0.0.2:443"; }
	sleep 0.1
done
grep -q ready "$D/nethelper.out" || { sleep 0.5; grep -q ready "$D/nethelper.out"; } ||
	{ show_log "$D/nethelper.out"; fail "nethelper did not start"; }
# a mail server: "greets" when its greeting came and TLS was verified for the
# name (after STARTTLS on 143, 110, 587: curl --ssl-reqd), else curl's status
mailprobe() { # URL (scheme://HOST:PORT/) [ADDR] [MAX-TIME] [CA]
	hp=${1#*://}
	hp=${hp%/}
	# counted in a file: this runs in $(...)
	[ "${2:-127.0.0.4}" = 127.0.0.4 ] && echo "$1" >>"$D/dovecot-checks"
	out=$(curl -v --max-time "${3:-5}" --ssl-reqd --cacert "${4:-$D/ca.pem}" \
		--resolve "$hp:${2:-127.0.0.4}" "$1" 2>&1)
	rc=$?
	if printf '%s\n' "$out" | grep -Eq '^< (\* OK|\+OK|220 )' &&
		printf '%s\n' "$out" | grep -q '^\*  *SSL certificate verify ok'; then
		echo greets
	else
		echo "curl-$rc"
	fi
}
i=0
until [ "$(mailprobe imaps://imap.guess.test:993/)" = greets ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || { show_log "$D/dovecot.out"; show_log "$D/dovecot.log"; fail "dovecot does not answer on 127.0.0.4:993"; }
	sleep 0.1
done
i=0
until [ "$(mailprobe imaps://plain.check.test:993/ 127.0.0.6)" = greets ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || { show_log "$D/dovecot-check.out"; show_log "$D/dovecot.log"; fail "the second dovecot does not answer on 127.0.0.6:993"; }
	sleep 0.1
done

# the slow documents, timed in the background while the rest is checked
curl -sS --max-time 10 --cacert "$D/ca.pem" --resolve autoconfig.slowfirst.test:443:127.0.0.2 \
	-o /dev/null -w '%{http_code} %{time_total}' \
	https://autoconfig.slowfirst.test/mail/config-v1.1.xml >"$D/slow.check" 2>&1 &
slow_pid=$!
problems=
expect() { # WHAT GOT WANTED
	[ "$2" = "$3" ] || problems="$problems
  $1: got '$2', expected '$3'"
}
AC=/mail/config-v1.1.xml
WK=/.well-known/autoconfig/mail/config-v1.1.xml
for h in autoconfig.example-customer.test autoconfig.prio.test autoconfig.fastslow.test \
	autoconfig.addr-a.test autoconfig.addr-b.test autoconfig.offline-probe.test \
	autoconfig.malformed.test autoconfig.bomb.test autoconfig.xxe.test autoconfig.badport.test \
	autoconfig.placeholder.test autoconfig.badhost.test autoconfig.bidi.test \
	autoconfig.rejected-fallback.test autoconfig.big.test autoconfig.tls-ca.test \
	autoconfig.guessprio.test; do
	expect "https://$h$AC" "$(fetch "$h" $AC)" 200
done
expect "https://wellknown.test$WK" "$(fetch wellknown.test $WK)" 200
expect "https://autoconfig.wellknown.test$AC" "$(fetch autoconfig.wellknown.test $AC)" 404
expect "https://autoconfig.nothing.test$AC" "$(fetch autoconfig.nothing.test $AC)" 404
for d in guess.test partial.test badcert.test; do
	expect "https://autoconfig.$d$AC" "$(fetch "autoconfig.$d" $AC)" 404
	expect "https://$d$WK" "$(fetch "$d" $WK)" 404
	expect "https://ispdb.test/v1.1/$d" "$(fetch ispdb.test "/v1.1/$d")" 404
	expect "MX $d (none)" "$(dns 127.0.0.1:5353 "$d" MX)" NOERROR
done
for e in ispdb-only.test prio.test basehost.test slowfirst.test hang.test \
	rejected-fallback.test; do
	expect "https://ispdb.test/v1.1/$e" "$(fetch ispdb.test "/v1.1/$e")" 200
done
expect "https://ispdb.test/v1.1/nothing.test" "$(fetch ispdb.test /v1.1/nothing.test)" 404
expect "big body size" "$(curl -sS --cacert "$D/ca.pem" --resolve autoconfig.big.test:443:127.0.0.2 \
	https://autoconfig.big.test$AC | wc -c | tr -d ' ')" \
	"$(wc -c <"$D/www/autoconfig.big.test/mail/config-v1.1.xml" | tr -d ' ')"
expect "https://ispdb.test/v1.1/fastslow.test (HEAD)" "$(curl -sS -I --max-time 1 \
	--cacert "$D/ca.pem" --resolve ispdb.test:443:127.0.0.2 -o /dev/null -w '%{http_code}' \
	https://ispdb.test/v1.1/fastslow.test 2>&1)" 200
# TLS failures (curl 60: certificate problem) with a valid document behind them
expect "wrong CA" "$(curl -sS --max-time 5 --cacert "$D/wrong-ca.pem" \
	--resolve autoconfig.tls-ca.test:443:127.0.0.2 -o /dev/null \
	https://autoconfig.tls-ca.test$AC 2>/dev/null; echo "curl-$?")" curl-60
expect "wrong name" "$(fetch autoconfig.wrongname.test $AC)" curl-60
expect "wrong name (well-known)" "$(fetch wrongname.test $WK)" curl-60
expect "expired" "$(fetch autoconfig.expired.test $AC)" curl-60
expect "expired (well-known)" "$(fetch expired.test $WK)" curl-60
expect "expired certificate really expired" "$(openssl x509 -in "$D/expired.pem" -noout -checkend 0 >/dev/null; echo $?)" 1
# the same documents over plain http (a fallback would find them)
for h in autoconfig.tls-ca.test autoconfig.wrongname.test autoconfig.expired.test \
	autoconfig.redirect-http.test autoconfig.httponly-a.test autoconfig.httponly-b.test; do
	expect "http://$h$AC" "$(curl -sS --max-time 5 --resolve "$h:80:127.0.0.2" -o /dev/null \
		-w '%{http_code}' "http://$h$AC" 2>&1)" 200
done
expect "https://autoconfig.httponly-a.test$AC" "$(fetch autoconfig.httponly-a.test $AC)" 404
# redirects
expect "redirect to http" "$(curl -sS --max-time 5 --cacert "$D/ca.pem" \
	--resolve autoconfig.redirect-http.test:443:127.0.0.2 -o /dev/null \
	-w '%{http_code} %{redirect_url}' https://autoconfig.redirect-http.test$AC 2>&1)" \
	"301 http://autoconfig.redirect-http.test/mail/config-v1.1.xml"
for n in 3 4; do
	expect "redirect-$n hops" "$(curl -sS -L --max-redirs 10 --max-time 5 --cacert "$D/ca.pem" \
		--resolve autoconfig.redirect-$n.test:443:127.0.0.2 -o /dev/null \
		-w '%{num_redirects} %{http_code}' https://autoconfig.redirect-$n.test$AC 2>&1)" "$n 200"
	expect "redirect-$n with --max-redirs 3" "$(curl -sS -L --max-redirs 3 --max-time 5 \
		--cacert "$D/ca.pem" --resolve autoconfig.redirect-$n.test:443:127.0.0.2 -o /dev/null \
		https://autoconfig.redirect-$n.test$AC 2>/dev/null; echo "curl-$?")" \
		"$([ $n = 3 ] && echo curl-0 || echo curl-47)"
done
# the listener that accepts and never sends (curl 28: timeout)
expect "never-answering listener" "$(curl -sS --max-time 1 --cacert "$D/ca.pem" \
	--resolve autoconfig.hang.test:443:127.0.0.3 -o /dev/null https://autoconfig.hang.test$AC \
	2>/dev/null; echo "curl-$?")" curl-28
# DNS
expect "MX mx-m365.test" "$(dns 127.0.0.1:5353 mx-m365.test MX)" "NOERROR
MX 0 tenant-test.mail.protection.outlook.com"
expect "MX mx-base.test" "$(dns 127.0.0.1:5353 mx-base.test MX | sort)" "MX 10 mx1.basehost.test
MX 20 backup.mail.protection.outlook.com
NOERROR"
expect "MX mx-gmx.test" "$(dns 127.0.0.1:5353 mx-gmx.test MX)" "NOERROR
MX 10 mx00.gmx.net"
expect "SRV _imaps._tcp.srv-only.test" "$(dns 127.0.0.1:5353 _imaps._tcp.srv-only.test SRV)" "NOERROR
SRV 0 1 993 imap.srv-only.test"
expect "SRV _submissions._tcp.srv-only.test" "$(dns 127.0.0.1:5353 _submissions._tcp.srv-only.test SRV)" "NOERROR
SRV 0 1 465 smtp.srv-only.test"
expect "SRV _pop3._tcp.srv-only.test (not offered)" "$(dns 127.0.0.1:5353 _pop3._tcp.srv-only.test SRV)" "NOERROR
SRV 0 0 1 ."
expect "SRV _imaps._tcp.srv-foreign.test" "$(dns 127.0.0.1:5353 _imaps._tcp.srv-foreign.test SRV)" "NOERROR
SRV 0 1 993 imap.elsewhere-hoster.test"
expect "MX example-customer.test (none)" "$(dns 127.0.0.1:5353 example-customer.test MX)" NOERROR
expect "SRV _imaps._tcp.example-customer.test (none)" "$(dns 127.0.0.1:5353 _imaps._tcp.example-customer.test SRV)" NXDOMAIN
expect "A hang.test" "$(dns 127.0.0.1:5353 autoconfig.hang.test A)" "NOERROR
A 127.0.0.3"
expect "MX nxdomain.test" "$(dns 127.0.0.1:5353 nxdomain.test MX)" NXDOMAIN
expect "MX servfail.test" "$(dns 127.0.0.1:5353 servfail.test MX)" SERVFAIL
expect "the silent DNS port" "$(dns 127.0.0.1:5354 example-customer.test MX)" timeout
# dovecot, on every port, with STARTTLS where the port needs it
for u in imap://imap.guess.test:143/ pop3s://pop.guess.test:995/ pop3://pop.guess.test:110/ \
	pop3s://pop3.guess.test:995/ smtps://smtp.guess.test:465/ smtp://smtp.guess.test:587/ \
	imaps://mail.guess.test:993/ smtp://mail.guess.test:587/ imaps://guess.test:993/ \
	imaps://imap.guessprio.test:993/ imaps://mail.partial.test:993/ \
	smtp://smtp.partial.test:587/ imaps://mail.badcert.test:993/ smtps://mail.badcert.test:465/; do
	expect "$u" "$(mailprobe "$u")" greets
done
# curl 60: certificate problem; 28: timeout; 7: connection refused
expect "imaps://imap.badcert.test:993/ (not in the certificate)" \
	"$(mailprobe imaps://imap.badcert.test:993/)" curl-60
expect "smtp://smtp.badcert.test:587/ (not in the certificate)" \
	"$(mailprobe smtp://smtp.badcert.test:587/)" curl-60
expect "imaps://imap.partial.test:993/ at 127.0.0.3 (never answers)" \
	"$(mailprobe imaps://imap.partial.test:993/ 127.0.0.3 1)" curl-28
expect "smtps://smtp.partial.test:465/ at 127.0.0.3 (never answers)" \
	"$(mailprobe smtps://smtp.partial.test:465/ 127.0.0.3 1)" curl-28
expect "imap://imap.partial.test:143/ at 127.0.0.5 (refused)" \
	"$(mailprobe imap://imap.partial.test:143/ 127.0.0.5)" curl-7
# the certificates that mailcfg check must fail or warn about
expect "imaps://expired.test:993/ at 127.0.0.6 (expired certificate)" \
	"$(mailprobe imaps://expired.test:993/ 127.0.0.6)" curl-60
expect "imaps://wrongname.test:993/ at 127.0.0.6 (certificate for another name)" \
	"$(mailprobe imaps://wrongname.test:993/ 127.0.0.6)" curl-60
expect "imaps://soon.check.test:993/ at 127.0.0.6 (valid for a week)" \
	"$(mailprobe imaps://soon.check.test:993/ 127.0.0.6)" greets
expect "imaps://imap.check.test:993/ at 127.0.0.4" "$(mailprobe imaps://imap.check.test:993/)" greets
# the second test CA's servers (trust.test), and the system's trust store
expect "https://autoconfig.systrust.test$AC (second test CA)" "$(curl -sS --max-time 5 \
	--cacert "$D/wrong-ca.pem" --resolve autoconfig.systrust.test:443:127.0.0.2 -o /dev/null \
	-w '%{http_code}' https://autoconfig.systrust.test$AC 2>&1)" 200
# (the system's hashed folder, libcurl's default CA path, left out)
mkdir "$D/no-cas"
expect "https://autoconfig.systrust.test$AC with the first test CA" "$(curl -sS --max-time 5 \
	--cacert "$D/ca.pem" --capath "$D/no-cas" --resolve autoconfig.systrust.test:443:127.0.0.2 \
	-o /dev/null https://autoconfig.systrust.test$AC 2>/dev/null; echo "curl-$?")" curl-60
expect "imaps://imap.systrust.test:993/ at 127.0.0.6 (second test CA)" \
	"$(mailprobe imaps://imap.systrust.test:993/ 127.0.0.6 5 "$D/wrong-ca.pem")" greets
if [ -n "$systrust" ]; then
	# what OpenSSL finds in the hashed folder alone (no bundle file)
	cadir() { openssl verify -no-CAfile -no-CAstore -CApath $certs "$1" >/dev/null 2>&1 && echo trusted || echo untrusted; }
	expect "$certs trusts the second test CA" "$(cadir "$D/systrust.pem")" trusted
	expect "$certs does not trust the first test CA" "$(cadir "$D/server.pem")" untrusted
	expect "$certs/ca-certificates.crt lacks the second test CA" \
		"$(openssl verify -no-CApath -no-CAstore -CAfile $certs/ca-certificates.crt "$D/systrust.pem" >/dev/null 2>&1 && echo trusted || echo untrusted)" untrusted
fi
expect "imap://plain.check.test:143/ at 127.0.0.6 offers AUTH before STARTTLS" \
	"$(curl -sv --max-time 5 --resolve plain.check.test:143:127.0.0.6 imap://plain.check.test:143/ 2>&1 |
		grep -q '^< \* OK \[CAPABILITY.*AUTH=PLAIN' && echo offered)" offered
expect "dovecot logs the port and the name asked for" \
	"$(grep -q 'lport=993, sni=imap.guess.test' "$D/dovecot.log" && echo logged)" logged
wait $slow_pid
expect "slow autoconfig takes 2.5 to 6 seconds" "$(awk '{ print $1, ($2 >= 2.5 && $2 <= 6) ? "in time" : $2 " s" }' "$D/slow.check")" "200 in time"
[ -z "$problems" ] || {
	show_log "$D/nginx-error.log"
	fail "the test servers do not answer as the cases expect:$problems"
}
echo "$me: nginx, dnsmasq, nethelper and dovecot answer as expected ($D)"

# the servers' own checks above are not what the cases are about; dovecot
# logs a connection when its login process ends: wait for the last
i=0
while [ "$(grep -c 'lip=127\.0\.0\.4' "$D/dovecot.log")" -lt "$(grep -c . "$D/dovecot-checks")" ] &&
	[ $i -lt 30 ]; do
	i=$((i + 1))
	sleep 0.1
done
: >"$D/access.log"
: >"$D/access-http.log"
: >"$D/dnsmasq.log"
: >"$D/dovecot.log"

# ---- the cases ----------------------------------------------------------------
if [ -n "${MAILCFG_NET_CASES:-}" ]; then
	set --
	for f in $MAILCFG_NET_CASES; do
		case $f in
		/*) set -- "$@" "$f" ;;
		*) set -- "$@" "$here/$f" ;;
		esac
	done
else
	set -- "$here"/*.test
fi
# trust.test needs the second test CA in the system's trust store: without
# the private mount namespace it cannot run. The other files still run, but
# the run fails: a test that cannot run is not a test that passed.
not_run=
if [ -z "$systrust" ]; then
	for f; do
		shift
		if [ "$(basename "$f")" = trust.test ]; then
			not_run=$f
		else
			set -- "$@" "$f"
		fi
	done
fi
status=0
if [ $# -gt 0 ]; then
	# in the background, so that a signal stops everything at once; its own
	# temporary folder inside ours, so that it goes with ours
	mkdir "$D/runner-tmp"
	TMPDIR=$D/runner-tmp MAILCFG_TEST_NETDIR=$D "$runner" "$mailcfg" "$@" &
	runner_pid=$!
	pids="$runner_pid $pids"
	echo "$pids" >"$D/pids"
	wait "$runner_pid"
	status=$?
fi
if [ -n "$not_run" ]; then
	echo "$me: NOT RUN: trust.test (the system's trust store) needs a private mount namespace, to add a test CA to $certs for this run only: $systrust_missing. Run as root where unshare -n -m works, without MAILCFG_NET_NETNS=no, or leave trust.test out with MAILCFG_NET_CASES." >&2
	fail "trust.test was not run"
fi
exit $status
