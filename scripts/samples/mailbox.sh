#!/usr/bin/env bash
# mailbox.sh: produce stripscope's IMAP and POP3 sample captures from real software.
#
# Usage: sudo scripts/samples/mailbox.sh [OUTDIR [NAME...]]
#   OUTDIR  where the captures go (default: samples/ of this repo)
#   NAME    only these samples (imap-asa-masked or imap-asa-masked.pcap); default: all
#
# Builds three network namespaces joined by veth pairs, using documentation addresses only:
#
#   sd-client  dc0 192.0.2.20/24        2001:db8:143::20/112
#        |
#   sd-mbox    dm0 192.0.2.2/24         2001:db8:143::2/112     routes between both sides;
#              dm1 198.51.100.2/24      2001:db8:143::1:2/112   iptables REDIRECTs tcp 143
#        |                                                      and 110 to a tampering proxy
#   sd-server  ds0 198.51.100.143/24    2001:db8:143::1:143/112 Dovecot (own config dir);
#                  198.51.100.144/24    2001:db8:143::1:144/112 the same Dovecot in its "plain" profile
#                                                               on 143, 993, 110 and 995
#
# Dovecot runs in the foreground from a configuration written into a temporary directory
# (scripts/samples/dovecot/dovecot.conf.in), in one of three profiles (tls, plain, strict),
# restarted when the next sample needs another one. For each sample the script starts the
# proxy in the wanted mode, records with tcpdump on the client side (one sample on the server
# side), runs a real client (curl or Python imaplib/poplib), stops everything by PID and
# prints what tshark sees.
# Everything started is killed and the namespaces are deleted on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
HELPERS=$HERE
OUT=${1:-$REPO/samples}
[ $# -eq 0 ] || shift
WANTED=("$@")

NS_C=sd-client
NS_M=sd-mbox
NS_S=sd-server
STATE_DIR=/run/stripscope-samples-mailbox
PIDFILE=$STATE_DIR/pids          # "pid starttime name" per line
TMPFILE_RECORD=$STATE_DIR/tmpdir

C4=192.0.2.20      M4C=192.0.2.2        M4S=198.51.100.2        S4=198.51.100.143
C6=2001:db8:143::20 M6C=2001:db8:143::2 M6S=2001:db8:143::1:2   S6=2001:db8:143::1:143
# The "plain" profile (no TLS at all) listens on its own addresses: it stands for another
# server, one that never offers STARTTLS. On the same address as the TLS profile it would be
# the same server changing its configuration between samples, which starttls-stripped
# (a comparison across the sessions of one run) rightly reports when samples/ is one run.
P4=198.51.100.144  P6=2001:db8:143::1:144
PROXY_PORT=10143
MAIL_USER=alice
MAIL_PASS='Tr0ub4dor&3'          # a fake password, only ever used in these captures
CAPTURE_FILTER='tcp port 143 or tcp port 993 or tcp port 110 or tcp port 995'

say() { printf '==> %s\n' "$*"; }
die() { printf 'mailbox.sh: error: %s\n' "$*" >&2; exit 1; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, tcpdump, Dovecot)"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3 || true)

# ---------------------------------------------------------------- packages
ensure_packages() {
    local missing=() pkg cmd
    for pair in dovecot-core:dovecot dovecot-imapd:/usr/lib/dovecot/imap \
                dovecot-pop3d:/usr/lib/dovecot/pop3 curl:curl tcpdump:tcpdump iproute2:ip \
                util-linux:unshare iptables:iptables python3:python3 openssl:openssl ethtool:ethtool; do
        pkg=${pair%%:*}; cmd=${pair#*:}
        case $cmd in
            /*) [ -x "$cmd" ] || missing+=("$pkg") ;;
            *) command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg") ;;
        esac
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing missing packages: ${missing[*]}"
        # The dovecot packages may try to start the system instance; this script never
        # uses it and runs its own instance from a private config directory.
        DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" \
            || die "apt-get install failed for: ${missing[*]}"
    fi
    command -v tshark >/dev/null 2>&1 || say "tshark not found: captures will not be checked"
    PY=/usr/bin/python3
    [ -x "$PY" ] || PY=$(command -v python3) || die "python3 not found"
}

# ---------------------------------------------------------------- pid bookkeeping
proc_start() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }

remember_pid() {   # remember_pid PID NAME
    mkdir -p "$STATE_DIR"
    echo "$1 $(proc_start "$1") $2" >>"$PIDFILE"
}

proc_state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true; }

kill_pid() {       # kill_pid PID STARTTIME NAME [SIGNAL]: only if it is still that process
    local pid=$1 start=$2 name=$3 sig=${4:-TERM} i
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 0
    [ "$(proc_start "$pid")" = "$start" ] || return 0
    kill "-$sig" "$pid" 2>/dev/null || return 0
    for i in $(seq 1 50); do
        [ -d "/proc/$pid" ] && [ "$(proc_start "$pid")" = "$start" ] || return 0
        if [ "$(proc_state "$pid")" = Z ]; then
            wait "$pid" 2>/dev/null || true     # our own child: reap it (it has exited)
            return 0
        fi
        sleep 0.1
    done
    say "$name (pid $pid) ignored SIG$sig, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
}

kill_remembered() {
    [ -f "$PIDFILE" ] || return 0
    local pid start name
    # newest first
    tac "$PIDFILE" | while read -r pid start name; do
        kill_pid "$pid" "$start" "$name"
    done
    rm -f "$PIDFILE"
}

# ---------------------------------------------------------------- cleanup
delete_namespaces() {
    local ns
    for ns in "$NS_C" "$NS_M" "$NS_S"; do
        if ip netns list | grep -qw "$ns"; then
            ip netns del "$ns" || say "warning: could not delete namespace $ns"
        fi
    done
}

cleanup() {
    local rc=$?
    set +e
    say "cleaning up"
    stop_dovecot
    kill_remembered
    delete_namespaces
    if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
        if [ $rc -ne 0 ] && [ -f "$WORK/dovecot/dovecot.log" ]; then
            echo "---- last lines of the Dovecot log ----" >&2
            tail -n 20 "$WORK/dovecot/dovecot.log" >&2
        fi
        rm -rf "$WORK"
    fi
    rm -f "$TMPFILE_RECORD"
    [ $rc -eq 0 ] || echo "mailbox.sh: failed (exit $rc)" >&2
    exit $rc
}

clean_previous_run() {
    say "removing leftovers of a previous run"
    kill_remembered
    if [ -f "$TMPFILE_RECORD" ]; then
        local old
        old=$(cat "$TMPFILE_RECORD")
        case $old in
            /tmp/stripscope-mailbox.*) rm -rf "$old" ;;
        esac
        rm -f "$TMPFILE_RECORD"
    fi
    delete_namespaces
}

# ---------------------------------------------------------------- waits
wait_listen() {    # wait_listen NS PORT WHAT: at most 50 x 0.1 s
    local i
    for i in $(seq 1 50); do
        if in_ns "$1" ss -ltnH "sport = :$2" | grep -q .; then return 0; fi
        sleep 0.1
    done
    die "$3 is not listening on port $2 in $1 after 5 s"
}

wait_closed() {    # wait_closed NS PORT WHAT: at most 50 x 0.1 s
    local i
    for i in $(seq 1 50); do
        if ! in_ns "$1" ss -ltnH "sport = :$2" | grep -q .; then return 0; fi
        sleep 0.1
    done
    die "$3 still listening on port $2 in $1 after 5 s"
}

# ---------------------------------------------------------------- network
setup_network() {
    say "creating namespaces $NS_C, $NS_M, $NS_S"
    local ns
    for ns in "$NS_C" "$NS_M" "$NS_S"; do
        ip netns add "$ns"
        in_ns "$ns" ip link set lo up
        # no duplicate address detection: addresses are usable at once
        in_ns "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
        in_ns "$ns" sysctl -qw net.ipv6.conf.default.accept_ra=0 net.ipv6.conf.all.accept_ra=0
    done
    ip link add dc0 netns "$NS_C" address 02:00:00:00:14:20 type veth \
        peer name dm0 netns "$NS_M" address 02:00:00:00:14:02
    ip link add dm1 netns "$NS_M" address 02:00:00:00:15:02 type veth \
        peer name ds0 netns "$NS_S" address 02:00:00:00:15:43

    in_ns "$NS_C" ip addr add "$C4/24" dev dc0
    in_ns "$NS_C" ip addr add "$C6/112" dev dc0 nodad
    in_ns "$NS_M" ip addr add "$M4C/24" dev dm0
    in_ns "$NS_M" ip addr add "$M6C/112" dev dm0 nodad
    in_ns "$NS_M" ip addr add "$M4S/24" dev dm1
    in_ns "$NS_M" ip addr add "$M6S/112" dev dm1 nodad
    in_ns "$NS_S" ip addr add "$S4/24" dev ds0
    in_ns "$NS_S" ip addr add "$S6/112" dev ds0 nodad
    in_ns "$NS_S" ip addr add "$P4/24" dev ds0
    in_ns "$NS_S" ip addr add "$P6/112" dev ds0 nodad

    local pair
    for pair in "$NS_C:dc0" "$NS_M:dm0" "$NS_M:dm1" "$NS_S:ds0"; do
        ns=${pair%%:*}
        # Checksums computed in software and no segmentation offload, so the capture
        # holds real checksums and frames no larger than the MTU.
        in_ns "$ns" ethtool -K "${pair#*:}" tx off tso off gso off gro off >/dev/null 2>&1 \
            || say "warning: ethtool could not turn offloads off on ${pair#*:}"
        in_ns "$ns" ip link set "${pair#*:}" up
    done

    in_ns "$NS_C" ip route add default via "$M4C"
    in_ns "$NS_C" ip -6 route add default via "$M6C"
    in_ns "$NS_S" ip route add default via "$M4S"
    in_ns "$NS_S" ip -6 route add default via "$M6S"
    in_ns "$NS_M" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

    # The middlebox: IMAP and POP3 connections on 143 and 110 from the client side go to
    # the local proxy; the proxy reads the original destination back with SO_ORIGINAL_DST,
    # and replies are un-NATed so the client keeps seeing the server's address as its peer.
    # 993 and 995 are routed straight through.
    in_ns "$NS_M" iptables -t nat -A PREROUTING -i dm0 -p tcp -m multiport --dports 143,110 \
        -j REDIRECT --to-ports "$PROXY_PORT"
    in_ns "$NS_M" ip6tables -t nat -A PREROUTING -i dm0 -p tcp -m multiport --dports 143,110 \
        -j REDIRECT --to-ports "$PROXY_PORT"

    if command -v ping >/dev/null 2>&1; then
        in_ns "$NS_C" ping -c1 -W2 "$S4" >/dev/null || die "no IPv4 route from client to server"
        in_ns "$NS_C" ping -c1 -W2 "$S6" >/dev/null || die "no IPv6 route from client to server"
    fi
}

# ---------------------------------------------------------------- dovecot
DC_DIR=
DC_PID=
DC_PROFILE=

setup_dovecot_files() {
    DC_DIR=$WORK/dovecot
    mkdir -p "$DC_DIR" "$DC_DIR/state"
    say "preparing Dovecot files in $DC_DIR (own instance, not /etc/dovecot)"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
        -subj /CN=mail.example.net -addext subjectAltName=DNS:mail.example.net \
        -keyout "$DC_DIR/key.pem" -out "$DC_DIR/cert.pem" >/dev/null 2>&1 \
        || die "openssl could not make the self-signed certificate"
    chmod 600 "$DC_DIR/key.pem"
    MAIL_UID=$(id -u nobody) MAIL_GID=$(id -g nobody)
    # passwd-file: user:password:uid:gid:gecos:home:shell:extra (Dovecot's passwd-file format)
    printf '%s:{PLAIN}%s:%s:%s::%s::\n' "$MAIL_USER" "$MAIL_PASS" "$MAIL_UID" "$MAIL_GID" \
        "$DC_DIR/home/$MAIL_USER" >"$DC_DIR/passwd"
    chown root:dovecot "$DC_DIR/passwd"
    chmod 640 "$DC_DIR/passwd"

    # Two messages, the pristine mailbox copied into place before every sample.
    local md=$DC_DIR/pristine/Maildir
    mkdir -p "$md/cur" "$md/new" "$md/tmp"
    cat >"$md/cur/1700000001.M1P1.mail.example.net:2,S" <<'EOF'
Return-Path: <bob@example.org>
From: Bob <bob@example.org>
To: Alice <alice@example.net>
Subject: stripscope sample 1
Date: Tue, 14 Nov 2023 22:13:21 +0000
Message-ID: <sample1@example.org>

Hello Alice,
this message only exists in stripscope's sample captures.
EOF
    cat >"$md/cur/1700000002.M2P1.mail.example.net:2," <<'EOF'
Return-Path: <carol@example.org>
From: Carol <carol@example.org>
To: Alice <alice@example.net>
Subject: stripscope sample 2
Date: Tue, 14 Nov 2023 22:13:22 +0000
Message-ID: <sample2@example.org>

A second message, so the mailbox holds more than one.
EOF
    sed -i 's/$/\r/' "$md"/cur/*       # RFC 5322 line ends, as delivered mail has
    touch -d '2023-11-14 22:13:21' "$md"/cur/*
}

reset_mailbox() {
    rm -rf "$DC_DIR/home"
    mkdir -p "$DC_DIR/home"
    cp -a "$DC_DIR/pristine" "$DC_DIR/home/$MAIL_USER"
    chown -R "$MAIL_UID:$MAIL_GID" "$DC_DIR/home/$MAIL_USER"
}

addr4_of() { if [ "$1" = plain ]; then echo "$P4"; else echo "$S4"; fi; }
addr6_of() { if [ "$1" = plain ]; then echo "$P6"; else echo "$S6"; fi; }

write_dovecot_conf() {   # write_dovecot_conf PROFILE
    local ssl disable lssl sslfiles=""
    case $1 in
        tls)    ssl=yes; disable=no;  lssl=yes ;;
        plain)  ssl=no;  disable=no;  lssl=no ;;
        strict) ssl=yes; disable=yes; lssl=yes ;;
        *) die "unknown Dovecot profile $1" ;;
    esac
    if [ "$ssl" = yes ]; then
        sslfiles="ssl_cert = <$DC_DIR/cert.pem"$'\n'"ssl_key = <$DC_DIR/key.pem"
        [ -f /usr/share/dovecot/dh.pem ] && sslfiles+=$'\n'"ssl_dh = </usr/share/dovecot/dh.pem"
    fi
    local conf=$DC_DIR/dovecot-$1.conf
    awk -v ssl="$ssl" -v disable="$disable" -v lssl="$lssl" -v sslfiles="$sslfiles" \
        -v profile="$1" -v dcdir="$DC_DIR" -v a4="$(addr4_of "$1")" -v a6="$(addr6_of "$1")" -v uid="$MAIL_UID" '
        { gsub(/@PROFILE@/, profile); gsub(/@DCDIR@/, dcdir); gsub(/@ADDR4@/, a4)
          gsub(/@ADDR6@/, a6); gsub(/@SSL@/, ssl); gsub(/@DISABLE_PLAINTEXT@/, disable)
          gsub(/@LISTENER_SSL@/, lssl); gsub(/@MAILUID@/, uid)
          if ($0 == "@SSLFILES@") { print sslfiles; next }
          print }' "$HELPERS/dovecot/dovecot.conf.in" >"$conf"
    echo "$conf"
}

stop_dovecot() {
    [ -n "$DC_PID" ] || return 0
    kill_pid "$DC_PID" "$(proc_start "$DC_PID")" "dovecot master"
    DC_PID=
    DC_PROFILE=
    if ip netns list 2>/dev/null | grep -qw "$NS_S"; then
        wait_closed "$NS_S" 143 Dovecot
        wait_closed "$NS_S" 110 Dovecot
    fi
}

use_dovecot() {    # use_dovecot PROFILE: (re)start Dovecot in that profile unless it runs so
    local profile=$1 conf
    if [ "$DC_PROFILE" = "$profile" ] && [ -n "$DC_PID" ] && [ -d "/proc/$DC_PID" ]; then
        return 0
    fi
    stop_dovecot
    conf=$(write_dovecot_conf "$profile")
    rm -rf "$DC_DIR/run"
    doveconf -c "$conf" -n >/dev/null 2>"$DC_DIR/doveconf.err" \
        || die "doveconf rejects $conf: $(cat "$DC_DIR/doveconf.err")"
    say "starting Dovecot ($profile profile) in $NS_S on $(addr4_of "$profile") and $(addr6_of "$profile"), ports 143 993 110 995"
    # -F keeps the master in the foreground. Its own UTS namespace gives it the host name
    # mail.example.net, which pop3-login writes into the APOP timestamp of its greeting
    # (RFC 1939 section 7), instead of the name of the machine running this script.
    # ip netns exec, unshare and sh each exec the next, so $! is the master's pid.
    ip netns exec "$NS_S" unshare --uts sh -c \
        'echo mail.example.net >/proc/sys/kernel/hostname && exec dovecot -F -c "$1"' \
        dovecot "$conf" 2>>"$DC_DIR/dovecot.log" &
    DC_PID=$!
    remember_pid "$DC_PID" dovecot-master
    DC_PROFILE=$profile
    local port
    for port in 143 993 110 995; do wait_listen "$NS_S" "$port" Dovecot; done
    warm_up_dovecot "$(addr4_of "$profile")"
}

warm_up_dovecot() {
    # The first connection after a start waits seconds for the login and auth processes;
    # one greeting per protocol from inside the server's namespace (never captured) gets
    # them running, so the captured sessions show normal timing.
    in_ns "$NS_S" timeout 30 "$PY" - "$1" <<'PYEOF' || die "Dovecot does not greet on 143 or 110"
import socket, sys
for port, bye in ((143, b"a LOGOUT\r\n"), (110, b"QUIT\r\n")):
    with socket.create_connection((sys.argv[1], port), timeout=20) as s:
        if not s.recv(512).startswith((b"* OK", b"+OK")):
            sys.exit(1)
        s.sendall(bye)
        s.recv(512)
PYEOF
}

# ---------------------------------------------------------------- proxy and capture
PROXY_PID=
start_proxy() {    # start_proxy MODES
    local ready=$WORK/proxy.ready
    rm -f "$ready"
    # ip netns exec execs the command, so $! is the proxy's own pid
    ip netns exec "$NS_M" "$PY" "$HELPERS/mailbox_tamper_proxy.py" --mode "$1" \
        --port "$PROXY_PORT" --listen4 "$M4C" --listen6 "$M6C" \
        --ready-file "$ready" 2>>"$WORK/proxy.log" &
    PROXY_PID=$!
    remember_pid "$PROXY_PID" proxy
    local i
    for i in $(seq 1 50); do
        [ -s "$ready" ] && return 0
        [ -d "/proc/$PROXY_PID" ] || die "proxy exited at start (see its log below)"$'\n'"$(tail -5 "$WORK/proxy.log")"
        sleep 0.1
    done
    die "proxy not ready after 5 s"
}

stop_proxy() {
    kill_pid "$PROXY_PID" "$(proc_start "$PROXY_PID")" proxy
    PROXY_PID=
}

CAP_PID=
start_capture() {  # start_capture FILE SIDE: SIDE client (dc0) or server (ds0)
    local file=$1 err=$WORK/tcpdump.err ns=$NS_C iface=dc0
    [ "$2" = client ] || { ns=$NS_S; iface=ds0; }
    : >"$err"
    ip netns exec "$ns" tcpdump -i "$iface" -s 0 -U --immediate-mode -n -Z root -w "$file" \
        "$CAPTURE_FILTER" 2>"$err" &
    CAP_PID=$!
    remember_pid "$CAP_PID" tcpdump
    local i
    for i in $(seq 1 50); do
        grep -q 'listening on' "$err" && return 0
        [ -d "/proc/$CAP_PID" ] || die "tcpdump exited: $(cat "$err")"
        sleep 0.1
    done
    die "tcpdump not listening after 5 s"
}

stop_capture() {
    # let the last ACKs of the close cross the wire, then SIGINT makes tcpdump flush
    sleep 0.5
    kill_pid "$CAP_PID" "$(proc_start "$CAP_PID")" tcpdump INT
    CAP_PID=
    sed -n 's/^\([0-9]* packets captured\)$/    tcpdump: \1/p' "$WORK/tcpdump.err"
}

# ---------------------------------------------------------------- clients
curl_c() {         # curl in the client namespace; -k: the sample certificate is self-signed
    in_ns "$NS_C" timeout 30 curl -sS -k --max-time 20 -u "$MAIL_USER:$MAIL_PASS" \
        -o /dev/null "$@"
}

curl_expect() {    # curl_expect EXITCODE ARGS...: a curl run that must fail with that code
    local want=$1 rc=0
    shift
    curl_c "$@" || rc=$?
    [ "$rc" -eq "$want" ] || { echo "curl exit $rc, expected $want" >&2; return 1; }
    echo "    curl exit $rc, as expected"
}

pyclient() {
    in_ns "$NS_C" timeout 30 "$PY" "$HELPERS/mailbox_client.py" "$@" \
        --user "$MAIL_USER" --password "$MAIL_PASS" | sed 's/^/    client: /'
    return "${PIPESTATUS[0]}"
}

# ---------------------------------------------------------------- samples
check_capture() {  # print what tshark sees, so the frame numbers can be read off
    local f=$1
    command -v tshark >/dev/null 2>&1 || return 0
    # 993 and 995 carry plaintext in the *-plaintext samples: decode them as IMAP and POP3
    tshark -r "$f" -d tcp.port==993,imap -d tcp.port==995,pop -Y 'imap or pop or tls' \
        -T fields -E occurrence=f -e frame.number -e _ws.col.Protocol -e _ws.col.Info \
        2>/dev/null | cut -c1-160 | sed 's/^/    /'
    tshark -r "$f" -q -z conv,tcp 2>/dev/null | sed -n '/<->/s/^/    /p'
}

selected() {       # selected NAME: is this sample wanted on this run?
    [ ${#WANTED[@]} -eq 0 ] && return 0
    local w
    for w in "${WANTED[@]}"; do
        [ "${w%.pcap}" = "${1%.pcap}" ] && return 0
    done
    return 1
}

MADE=0
LISTING=         # set: sample only prints its name (to check the names asked for)
sample() {         # sample NAME DOVECOT_PROFILE PROXY_MODES SIDE -- CLIENT... [-- CLIENT...]
    local name=$1 profile=$2 modes=$3 side=$4
    shift 5
    if [ -n "$LISTING" ]; then echo "${name%.pcap}"; return 0; fi
    selected "$name" || return 0
    local tmp=$WORK/$name
    say "sample $name: Dovecot $profile, proxy $modes, capture on the $side side"
    use_dovecot "$profile"
    reset_mailbox
    start_proxy "$modes"
    start_capture "$tmp" "$side"
    # several clients in one capture are separated by a lone "--"
    local cmd=()
    while :; do
        cmd=()
        while [ $# -gt 0 ] && [ "$1" != -- ]; do cmd+=("$1"); shift; done
        if ! "${cmd[@]}"; then
            stop_capture; stop_proxy
            die "client failed for $name: ${cmd[*]} (proxy log: $WORK/proxy.log)"
        fi
        [ $# -gt 0 ] || break
        shift
        sleep 0.2
    done
    stop_capture
    stop_proxy
    [ -s "$tmp" ] || die "empty capture for $name"
    install -m 644 "$tmp" "$OUT/$name"
    MADE=$((MADE + 1))
    say "wrote $OUT/$name ($(stat -c %s "$OUT/$name") bytes)"
    check_capture "$OUT/$name"
}

make_all() {
    local u4="imap://$S4" p4="pop3://$S4" u6="[$S6]"

    # ---- IMAP
    # curl 7.88 always prefers AUTHENTICATE when AUTH= is advertised (Dovecot always does):
    # the LOGIN command comes from imaplib.
    sample imap-login-plaintext.pcap plain pass client -- \
        pyclient imap --host "$P4" --port 143 --mech LOGIN

    sample imap-starttls-clean.pcap tls pass client -- \
        curl_c --ssl-reqd "$u4/INBOX/;UID=1"

    sample imap-logindisabled-honoured.pcap strict pass client -- \
        pyclient imap-logindisabled --host "$S4" --port 143

    # --ssl: STARTTLS when offered, plaintext otherwise (CURLUSESSL_TRY)
    sample imap-asa-masked.pcap tls mask client -- \
        curl_c --ssl "$u4/INBOX/;UID=1"

    sample imap-starttls-stripped.pcap tls pass,strip client -- \
        curl_c --ssl "$u4/INBOX/;UID=1" -- \
        curl_c --ssl "$u4/INBOX/;UID=2"

    sample imap-starttls-rejected.pcap tls reject client -- \
        curl_c --ssl "$u4/INBOX/;UID=1"

    sample imap-authenticate-plain.pcap tls pass client -- \
        pyclient imap --host "$S4" --port 143 --mech PLAIN

    sample imap-993-plaintext.pcap plain pass client -- \
        pyclient imap --host "$P4" --port 993 --mech LOGIN

    # ---- POP3
    sample pop3-user-pass.pcap tls pass client -- \
        pyclient pop3 --host "$S4" --port 110 --mech USER

    sample pop3-stls-clean.pcap tls pass client -- \
        curl_c --ssl-reqd "$p4/1"

    sample pop3-stls-masked.pcap tls mask client -- \
        pyclient pop3 --host "$S4" --port 110 --starttls --mech USER

    # The mangled verb only exists between proxy and server: this capture is taken on the
    # server's side (the client's address there is the proxy's, 198.51.100.2) ...
    sample pop3-stls-command-mangled.pcap tls mangle-command server -- \
        pyclient pop3 --host "$S4" --port 110 --starttls --mech USER

    # ... and this one on the client's side: STLS offered, STLS sent, "-ERR Unknown command."
    sample pop3-stls-command-mangled-client.pcap tls mangle-command client -- \
        pyclient pop3 --host "$S4" --port 110 --starttls --mech USER

    # ;AUTH=+APOP makes curl use APOP with the greeting's timestamp instead of SASL
    sample pop3-apop.pcap tls pass client -- \
        curl_c --login-options 'AUTH=+APOP' "$p4/1"

    sample pop3-auth-plain.pcap tls pass client -- \
        curl_c -6 "pop3://$u6/1"

    sample pop3-995-plaintext.pcap plain pass client -- \
        pyclient pop3 --host "$P4" --port 995 --mech USER
}

# ---------------------------------------------------------------- main
check_names() {
    local known w
    known=$(LISTING=1 make_all)
    for w in "${WANTED[@]}"; do
        grep -qx -- "${w%.pcap}" <<<"$known" \
            || die "no sample named $w; known: $(echo $known)"
    done
}

main() {
    [ ${#WANTED[@]} -eq 0 ] || check_names
    ensure_packages
    clean_previous_run
    mkdir -p "$OUT" "$STATE_DIR"
    OUT=$(cd "$OUT" && pwd)
    WORK=$(mktemp -d /tmp/stripscope-mailbox.XXXXXX)
    chmod 755 "$WORK"
    echo "$WORK" >"$TMPFILE_RECORD"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    say "work directory $WORK, output directory $OUT"
    setup_network
    setup_dovecot_files
    make_all
    [ ${#WANTED[@]} -eq 0 ] || [ "$MADE" -eq ${#WANTED[@]} ] \
        || die "made $MADE of ${#WANTED[@]} requested samples (unknown name?)"
    say "done: $MADE captures in $OUT"
}

main "$@"
