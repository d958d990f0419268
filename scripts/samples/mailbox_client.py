#!/usr/bin/env python3
"""IMAP and POP3 clients for stripscope's sample captures, for the shapes curl cannot make.

Subcommands:
  imap               imaplib: optional opportunistic STARTTLS (only when the capabilities
                     offer it; a NO answer is tolerated and the session goes on in plaintext),
                     then LOGIN or AUTHENTICATE PLAIN (without SASL-IR: the credentials follow
                     the server's "+" continuation), SELECT INBOX, FETCH 1 (BODY[]), LOGOUT.
  imap-logindisabled imaplib: reads the capabilities; when LOGINDISABLED is advertised and
                     STARTTLS is not used it logs out without sending any credentials.
  pop3               poplib: optional opportunistic STLS (CAPA; STLS only when offered; an
                     error answer is tolerated and the session goes on in plaintext), then
                     USER/PASS, APOP or AUTH PLAIN, STAT, RETR 1, QUIT.

Every client verifies nothing about the server certificate (the sample server's certificate
is self-signed) and ends with a clean logout. Standard library only.
"""

import argparse
import base64
import imaplib
import poplib
import ssl
import sys


def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def imap(args):
    m = imaplib.IMAP4(args.host, args.port, timeout=20)
    if args.starttls:
        if "STARTTLS" in m.capabilities:
            try:
                m.starttls(tls_context())
                print("STARTTLS accepted, session protected by TLS")
            except imaplib.IMAP4.error as e:
                print("STARTTLS answered with an error, going on in plaintext: %s" % e)
        else:
            print("STARTTLS not offered, going on in plaintext")
    if args.mech == "LOGIN":
        m.login(args.user, args.password)
    else:
        secret = b"\0" + args.user.encode() + b"\0" + args.password.encode()
        typ, _ = m.authenticate("PLAIN", lambda _challenge: secret)
        if typ != "OK":
            raise SystemExit("AUTHENTICATE failed: %s" % typ)
    m.select("INBOX")
    typ, data = m.fetch("1", "(BODY[])")
    if typ != "OK":
        raise SystemExit("FETCH failed: %s" % typ)
    m.logout()


def imap_logindisabled(args):
    m = imaplib.IMAP4(args.host, args.port, timeout=20)
    caps = [c.upper() for c in m.capabilities]
    print("capabilities: %s" % " ".join(caps))
    if "LOGINDISABLED" in caps:
        print("LOGINDISABLED advertised: not sending credentials without TLS")
        m.logout()
        return
    raise SystemExit("LOGINDISABLED not advertised")


def pop3(args):
    p = poplib.POP3(args.host, args.port, timeout=20)
    if args.starttls:
        caps = p.capa()
        if "STLS" in caps:
            try:
                p.stls(tls_context())
                print("STLS accepted, session protected by TLS")
            except poplib.error_proto as e:
                print("STLS answered with an error, going on in plaintext: %s" % e)
        else:
            print("STLS not offered, going on in plaintext")
    if args.mech == "USER":
        p.user(args.user)
        p.pass_(args.password)
    elif args.mech == "APOP":
        p.apop(args.user, args.password)
    elif args.mech == "PLAIN":
        secret = b"\0" + args.user.encode() + b"\0" + args.password.encode()
        resp = p._shortcmd("AUTH PLAIN")
        if not resp.startswith(b"+"):
            raise SystemExit("AUTH PLAIN refused: %r" % resp)
        p._shortcmd(base64.b64encode(secret).decode())
    p.stat()
    p.retr(1)
    p.quit()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("imap", "imap-logindisabled", "pop3"):
        sp = sub.add_parser(name)
        sp.add_argument("--host", required=True)
        sp.add_argument("--port", type=int, required=True)
        sp.add_argument("--user", default="alice")
        sp.add_argument("--password", default="")
        if name == "imap":
            sp.add_argument("--starttls", action="store_true",
                            help="use STARTTLS when the capabilities offer it (opportunistic)")
            sp.add_argument("--mech", choices=["LOGIN", "PLAIN"], default="LOGIN")
        if name == "pop3":
            sp.add_argument("--starttls", action="store_true",
                            help="use STLS when CAPA offers it (opportunistic)")
            sp.add_argument("--mech", choices=["USER", "APOP", "PLAIN"], default="USER")
    args = ap.parse_args()
    {"imap": imap,
     "imap-logindisabled": imap_logindisabled,
     "pop3": pop3}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
