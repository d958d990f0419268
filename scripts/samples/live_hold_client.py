#!/usr/bin/env python3
"""SMTP client for scripts/test-live that keeps its session open (standard library only).

EHLO, STARTTLS only if offered, AUTH PLAIN, then it waits (at most --hold seconds) until the
file --release exists before sending one message and QUIT. The test checks that the finding
rows of the session are in stripscope's output while the client is waiting, i.e. while the
session is still open.
"""

import argparse
import os
import smtplib
import ssl
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, default=587)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--release", required=True, help="file whose appearance ends the wait")
    p.add_argument("--hold", type=float, default=30.0, help="longest wait in seconds")
    a = p.parse_args()
    with smtplib.SMTP(a.host, a.port, local_hostname="client.example.org", timeout=60) as s:
        s.ehlo()
        if s.has_extn("starttls"):
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            s.starttls(context=ctx)
            s.ehlo()
        s.login(a.user, a.password)
        sys.stderr.write("live_hold_client: authenticated, holding the session open\n")
        sys.stderr.flush()
        deadline = time.monotonic() + a.hold
        while not os.path.exists(a.release) and time.monotonic() < deadline:
            time.sleep(0.1)
        s.sendmail("alice@example.net", ["bob@example.net"],
                   "From: <alice@example.net>\r\nTo: <bob@example.net>\r\nSubject: live\r\n\r\nhello\r\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
