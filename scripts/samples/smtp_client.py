#!/usr/bin/env python3
"""Small SMTP clients for stripscope's sample captures (standard library only).

  opportunistic  smtplib client that behaves like an opportunistic MTA or a lax mail
                 program: EHLO, STARTTLS only if the EHLO reply offers it (and carries on
                 in plaintext if the STARTTLS command is refused), optional AUTH, one
                 message, QUIT.
  pipelining     raw-socket client using PIPELINING (RFC 2920): EHLO, then
                 MAIL FROM + RCPT TO + DATA in one write; each body goes out in one
                 write with the next MAIL + RCPT + DATA group (or QUIT after the
                 last message); no STARTTLS, no AUTH.
  no-handshake   sends STARTTLS, gets the 220 go-ahead and then, instead of a TLS
                 ClientHello, goes on in plaintext with EHLO (a broken or hostile
                 client); the server takes those bytes for a handshake and gives up.
  pipelined-starttls
                 writes "STARTTLS\r\nRSET\r\n" in one segment (a command injected
                 behind STARTTLS, CVE-2011-0411 style), then starts TLS after the 220
                 and ends the session inside TLS.
  fallback       opportunistic client that, when the TLS handshake after STARTTLS
                 fails, connects again and delivers the message in plaintext.

Message bodies are a few bytes so the captures stay small.
"""

import argparse
import smtplib
import socket
import ssl
import sys

HELO_NAME = "client.example.org"
SENDER = "alice@example.net"
RECIPIENT = "bob@example.net"


def body(n):
    return ("From: <%s>\r\nTo: <%s>\r\nSubject: sample %d\r\n\r\nhello %d\r\n"
            % (SENDER, RECIPIENT, n, n))


def opportunistic(args):
    with smtplib.SMTP(args.host, args.port, local_hostname=HELO_NAME, timeout=15) as s:
        s.ehlo()
        if s.has_extn("starttls"):
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE   # self-signed sample certificate
            try:
                s.starttls(context=ctx)
                s.ehlo()
                print("client: TLS established")
            except smtplib.SMTPResponseException as e:
                print("client: STARTTLS refused (%d), continuing in plaintext" % e.smtp_code)
        else:
            print("client: STARTTLS not offered, continuing in plaintext")
        if args.user:
            s.user, s.password = args.user, args.password
            mech = args.mech.upper()
            authobject = s.auth_plain if mech == "PLAIN" else s.auth_login
            s.auth(mech, authobject, initial_response_ok=True)
            print("client: authenticated as %s with %s" % (args.user, mech))
        s.sendmail(SENDER, [RECIPIENT], body(1))
        print("client: message sent")


def read_reply(f):
    """Read one (possibly multi-line) reply; return (code, lines)."""
    lines = []
    for _ in range(200):
        line = f.readline(4096)
        if not line:
            raise OSError("connection closed while waiting for a reply")
        lines.append(line.rstrip(b"\r\n").decode("ascii", "replace"))
        if len(line) >= 4 and line[3:4] == b" ":
            return int(line[:3]), lines
    raise OSError("reply too long")


def expect(f, want, what):
    code, lines = read_reply(f)
    if code // 100 != want:
        raise OSError("%s: unexpected reply %s" % (what, lines))
    return lines


def pipelining(args):
    conn = socket.create_connection((args.host, args.port), timeout=15)
    f = conn.makefile("rb")
    expect(f, 2, "greeting")
    conn.sendall(("EHLO %s\r\n" % HELO_NAME).encode())
    ehlo = expect(f, 2, "EHLO")
    if not any(l[4:].upper().startswith("PIPELINING") for l in ehlo):
        raise OSError("server does not offer PIPELINING")
    envelope = ("MAIL FROM:<%s>\r\nRCPT TO:<%s>\r\nDATA\r\n" % (SENDER, RECIPIENT)).encode()
    # RFC 2920 section 3.1: MAIL, RCPT and DATA may be sent as one group, DATA last;
    # the message content may start a group, so each body is sent together with
    # the next envelope (or with QUIT after the last one).
    conn.sendall(envelope)
    expect(f, 2, "MAIL")
    expect(f, 2, "RCPT")
    expect(f, 3, "DATA")
    for n in range(1, args.messages + 1):
        last = n == args.messages
        conn.sendall((body(n) + ".\r\n").encode() + (b"QUIT\r\n" if last else envelope))
        expect(f, 2, "end of data")
        print("client: message %d sent" % n)
        if last:
            expect(f, 2, "QUIT")
        else:
            expect(f, 2, "MAIL")
            expect(f, 2, "RCPT")
            expect(f, 3, "DATA")
    f.close()
    conn.close()


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE   # self-signed sample certificate
    return ctx


def start(args):
    """Connect, read the greeting, EHLO; return (socket, reader)."""
    conn = socket.create_connection((args.host, args.port), timeout=15)
    f = conn.makefile("rb")
    expect(f, 2, "greeting")
    conn.sendall(("EHLO %s\r\n" % HELO_NAME).encode())
    expect(f, 2, "EHLO")
    return conn, f


def no_handshake(args):
    conn, f = start(args)
    conn.sendall(b"STARTTLS\r\n")
    expect(f, 2, "STARTTLS")
    print("client: got the go-ahead, carrying on in plaintext")
    conn.sendall(("EHLO %s\r\n" % HELO_NAME).encode())
    try:
        code, lines = read_reply(f)
        print("client: reply %s" % lines)
    except OSError as e:
        print("client: no SMTP reply (%s)" % e)
    f.close()
    conn.close()


def pipelined_starttls(args):
    conn, f = start(args)
    # One write, so both commands travel in one TCP segment (the socket has Nagle's
    # algorithm on, but nothing is unacknowledged at this point).
    conn.sendall(b"STARTTLS\r\n" + args.extra.encode() + b"\r\n")
    code, lines = read_reply(f)
    print("client: STARTTLS reply %s" % lines)
    if code != 220:
        conn.sendall(b"QUIT\r\n")
        f.close()
        conn.close()
        return
    f.close()
    tls = tls_context().wrap_socket(conn, server_hostname="mx.example.net")
    tf = tls.makefile("rb")
    tls.sendall(("EHLO %s\r\n" % HELO_NAME).encode())
    code, lines = read_reply(tf)
    print("client: EHLO in TLS %s" % lines)
    if code // 100 != 2:
        # the server may still hold the injected RSET's reply: read once more
        code, lines = read_reply(tf)
        print("client: then %s" % lines)
    tls.sendall(b"QUIT\r\n")
    read_reply(tf)
    tf.close()
    tls.close()


def fallback(args):
    try:
        with smtplib.SMTP(args.host, args.port, local_hostname=HELO_NAME, timeout=15) as s:
            s.ehlo()
            s.starttls(context=tls_context())
            s.ehlo()
            s.sendmail(SENDER, [RECIPIENT], body(1))
            print("client: message sent over TLS")
            return
    except (ssl.SSLError, smtplib.SMTPServerDisconnected, ConnectionError) as e:
        print("client: TLS failed (%s), retrying in plaintext" % e)
    with smtplib.SMTP(args.host, args.port, local_hostname=HELO_NAME, timeout=15) as s:
        s.ehlo()
        s.sendmail(SENDER, [RECIPIENT], body(1))
        print("client: message sent in plaintext")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    o = sub.add_parser("opportunistic")
    o.add_argument("--host", required=True)
    o.add_argument("--port", type=int, default=25)
    o.add_argument("--user")
    o.add_argument("--password")
    o.add_argument("--mech", default="PLAIN", choices=["PLAIN", "LOGIN", "plain", "login"])
    p = sub.add_parser("pipelining")
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, default=25)
    p.add_argument("--messages", type=int, default=2)
    for name in ("no-handshake", "pipelined-starttls", "fallback"):
        q = sub.add_parser(name)
        q.add_argument("--host", required=True)
        q.add_argument("--port", type=int, default=25)
        if name == "pipelined-starttls":
            q.add_argument("--extra", default="RSET", help="command sent behind STARTTLS")
    args = ap.parse_args()
    run = {"opportunistic": opportunistic, "pipelining": pipelining,
           "no-handshake": no_handshake, "pipelined-starttls": pipelined_starttls,
           "fallback": fallback}[args.cmd]
    try:
        run(args)
    except (OSError, smtplib.SMTPException) as e:
        print("client: failed: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
