#!/usr/bin/env python3
"""Transparent SMTP tampering proxy for stripscope's sample captures.

Runs inside the middlebox namespace. iptables REDIRECTs the client's connections
to port 25/587 here; the original destination is read back with SO_ORIGINAL_DST
(IPv4) or IP6T_SO_ORIGINAL_DST (IPv6) and the proxy opens its own connection to
that server. The client keeps seeing the server's address as its peer.

Modes:
  pass             relay bytes unchanged.
  asa-mask         imitate Cisco ASA ESMTP inspection: in every EHLO reply, replace
                   each masked keyword (STARTTLS by default; see --mask) by a run of
                   'X' of the same length ending in a letter that counts up per
                   masked keyword (XXXXXXXA, XXXXXXXB, ...). The line length is kept,
                   so the TCP byte counts do not change.
  refuse-starttls  answer the client's STARTTLS command itself with
                   "454 4.7.0 TLS not available due to local problem"; the command is
                   never forwarded, so the server stays in plaintext.
  strip-starttls   delete the STARTTLS line from every EHLO reply (the reply is held
                   until its last line so that, if STARTTLS was the last line, the line
                   before it becomes the final "250 " line).
  mask-command     rewrite the client's STARTTLS command to XXXXXXXX (same length) on
                   its way to the server, as an ASA does to commands it does not allow;
                   the server answers it as an unknown command.
  inject-after-go-ahead
                   after the server's 220 reply to STARTTLS, append a forged plaintext
                   EHLO reply to the same write, so it reaches the client in the segment
                   that carries the go-ahead.
  mask-banner      replace the text of the 220 greeting by '*', keeping only the reply
                   code and the characters '2' and '0' (Cisco ASA banner obfuscation).
  break-tls        relay the server's 220 go-ahead, then answer the client's first TLS
                   record (the ClientHello) with a fatal handshake_failure alert and
                   close both connections.

Several modes can be combined with commas, e.g. "mask-banner,asa-mask".

The proxy is line-aware in both directions while the session is plaintext (a reply
line may arrive split over several reads) and becomes a blind byte relay as soon as
the server has accepted STARTTLS with a 220 reply (RFC 3207 section 4: after 220 the
next bytes are the TLS handshake).

Standard library only. Logs one line per event to stderr.
"""

import argparse
import os
import re
import select
import signal
import socket
import struct
import sys
import threading

SO_ORIGINAL_DST = 80          # linux/netfilter_ipv4.h
IP6T_SO_ORIGINAL_DST = 80     # linux/netfilter_ipv6/ip6_tables.h
MAX_LINE = 8192               # longer "lines" are relayed as they are
IDLE_TIMEOUT = 30.0           # seconds without traffic before a session is dropped
REFUSAL = b"454 4.7.0 TLS not available due to local problem\r\n"
MASKED_STARTTLS = b"XXXXXXXX"
# A forged EHLO reply: read by a client that does not discard buffered plaintext at the
# start of TLS, it would be taken for the server's answer to the EHLO sent inside TLS.
INJECTED = b"250-mx.example.net\r\n250 AUTH PLAIN LOGIN\r\n"
# TLS alert record (RFC 8446 section 6 / RFC 5246 section 7.2): content type 21,
# legacy version 3.3, length 2, level fatal (2), handshake_failure (40).
HANDSHAKE_FAILURE_ALERT = bytes.fromhex("15030300020228")
MODES = ("pass", "asa-mask", "refuse-starttls", "strip-starttls", "mask-command",
         "inject-after-go-ahead", "mask-banner", "break-tls")


def log(msg):
    sys.stderr.write("smtp-tamper-proxy[%d]: %s\n" % (os.getpid(), msg))
    sys.stderr.flush()


def original_destination(conn, family):
    if family == socket.AF_INET:
        raw = conn.getsockopt(socket.SOL_IP, SO_ORIGINAL_DST, 16)
        port = struct.unpack("!H", raw[2:4])[0]
        addr = socket.inet_ntop(socket.AF_INET, raw[4:8])
    else:
        raw = conn.getsockopt(socket.IPPROTO_IPV6, IP6T_SO_ORIGINAL_DST, 28)
        port = struct.unpack("!H", raw[2:4])[0]
        addr = socket.inet_ntop(socket.AF_INET6, raw[8:24])
    return addr, port


class Session:
    """One client connection and its server leg, driven by one select loop."""

    def __init__(self, client, family, mode, mask_keywords):
        self.client = client
        self.family = family
        self.modes = set(mode.split(","))
        self.mode = mode
        self.mask_keywords = mask_keywords
        self.server = None
        self.raw = False               # True once TLS bytes flow
        self.starttls_sent = False     # client's STARTTLS forwarded, reply pending
        self.in_ehlo_reply = False     # next reply lines answer an EHLO
        self.mask_count = 0            # masked keywords in the current EHLO reply
        self.cbuf = b""                # partial client line
        self.sbuf = b""                # partial server line
        self.greeted = False           # the 220 greeting has been relayed
        self.held = []                 # EHLO reply lines held back (strip-starttls)
        self.break_pending = False     # break-tls: the next client bytes are the ClientHello

    # ---- client -> server ------------------------------------------------
    def on_client_line(self, line):
        """Return the bytes to forward to the server for one client line."""
        cmd = line.strip().upper()
        if cmd.startswith(b"EHLO"):
            self.in_ehlo_reply = True
            self.mask_count = 0
        if cmd == b"STARTTLS":
            if "refuse-starttls" in self.modes:
                log("refused STARTTLS on behalf of the server")
                self.client.sendall(REFUSAL)
                return b""
            self.starttls_sent = True
            if "mask-command" in self.modes:
                verb = line.lstrip()[:8]
                at = line.index(verb)
                log("masked the client's %s as %s" % (verb.decode(), MASKED_STARTTLS.decode()))
                return line[:at] + MASKED_STARTTLS + line[at + 8:]
        return line

    # ---- server -> client ------------------------------------------------
    def mask_line(self, line):
        # An EHLO reply line is "250-KEYWORD params" or "250 KEYWORD params"
        # (RFC 5321 section 4.1.1.1); the keyword is masked in place.
        m = re.match(rb"^(250[- ])([A-Za-z0-9][A-Za-z0-9-]*)(.*)$", line, re.S)
        if not m or m.group(2).upper() not in self.mask_keywords:
            return line
        keyword = m.group(2)
        letter = chr(ord("A") + min(self.mask_count, 25)).encode()
        self.mask_count += 1
        masked = b"X" * (len(keyword) - 1) + letter
        log("masked %s as %s" % (keyword.decode(), masked.decode()))
        return m.group(1) + masked + m.group(3)

    @staticmethod
    def mask_banner(line):
        # Cisco ASA ESMTP inspection hides the server software: every character of the
        # greeting text becomes '*' except the digits '2' and '0'; the reply code stays.
        body = line.rstrip(b"\r\n")
        end = line[len(body):]
        masked = bytes(c if c in b"20" else ord("*") for c in body[4:])
        log("masked the banner %r" % body)
        return body[:4] + masked + end

    def strip_held(self):
        """Drop the STARTTLS line from the held EHLO reply and return the reply."""
        kept = [l for l in self.held
                if not re.match(rb"^250[- ]STARTTLS\s*$", l, re.I)]
        if len(kept) != len(self.held):
            log("stripped STARTTLS from the EHLO reply")
            last = kept[-1]
            if last[3:4] == b"-":
                # STARTTLS was the final line: the line before it now ends the reply
                # (RFC 5321 section 4.2.1: the last line has a space after the code).
                kept[-1] = last[:3] + b" " + last[4:]
        self.held = []
        return b"".join(kept)

    def on_server_line(self, line):
        """Return the bytes to forward to the client for one server reply line."""
        final = len(line) >= 4 and line[3:4] == b" "
        if not self.greeted:
            if final:
                self.greeted = True
            if "mask-banner" in self.modes and line.startswith(b"220"):
                line = self.mask_banner(line)
            return line
        if self.in_ehlo_reply and "asa-mask" in self.modes:
            line = self.mask_line(line)
        if self.in_ehlo_reply and "strip-starttls" in self.modes:
            self.held.append(line)
            if not final:
                return b""
            self.in_ehlo_reply = False
            return self.strip_held()
        if final:
            self.in_ehlo_reply = False
        if final and self.starttls_sent:
            self.starttls_sent = False
            if line.startswith(b"220"):
                log("STARTTLS accepted by server, relaying TLS bytes blindly")
                self.raw = True
                if "inject-after-go-ahead" in self.modes:
                    log("appended %d plaintext bytes after the go-ahead" % len(INJECTED))
                    line += INJECTED
                if "break-tls" in self.modes:
                    self.break_pending = True
        return line

    # ---- plumbing --------------------------------------------------------
    @staticmethod
    def split_lines(buf, data):
        buf += data
        lines = []
        while True:
            i = buf.find(b"\n")
            if i < 0:
                if len(buf) > MAX_LINE:
                    lines.append(buf)
                    buf = b""
                break
            lines.append(buf[: i + 1])
            buf = buf[i + 1:]
        return buf, lines

    def run(self):
        try:
            dst = original_destination(self.client, self.family)
            peer = self.client.getpeername()
            log("%s mode: client [%s]:%d -> server [%s]:%d"
                % (self.mode, peer[0], peer[1], dst[0], dst[1]))
            self.server = socket.create_connection(dst, timeout=10)
            self.server.settimeout(None)
            self.loop()
        except OSError as e:
            log("session error: %s" % e)
        finally:
            for s in (self.client, self.server):
                if s is not None:
                    try:
                        s.close()
                    except OSError:
                        pass
            log("session closed")

    def loop(self):
        open_dirs = {self.client: self.server, self.server: self.client}
        while open_dirs:
            readable, _, _ = select.select(list(open_dirs), [], [], IDLE_TIMEOUT)
            if not readable:
                log("idle timeout")
                return
            for src in readable:
                dst = open_dirs.get(src)
                if dst is None:
                    continue
                data = src.recv(65536)
                if not data:
                    self.flush_partial(src, dst)
                    try:
                        dst.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    del open_dirs[src]
                    continue
                if self.raw and self.break_pending and src is self.client:
                    log("answered the ClientHello with a handshake_failure alert")
                    self.client.sendall(HANDSHAKE_FAILURE_ALERT)
                    return
                if self.raw:
                    self.flush_partial(src, dst)
                    dst.sendall(data)
                else:
                    # What arrived in one read leaves in one write, so the segment
                    # boundaries the other side sees stay close to the original ones.
                    if src is self.client:
                        self.cbuf, lines = self.split_lines(self.cbuf, data)
                        handle = self.on_client_line
                    else:
                        self.sbuf, lines = self.split_lines(self.sbuf, data)
                        handle = self.on_server_line
                    out = []
                    for line in lines:
                        out.append(line if self.raw else handle(line))
                    if self.raw:
                        self.flush_partial(src, None, out)
                    if out:
                        dst.sendall(b"".join(out))

    def flush_partial(self, src, dst, out=None):
        """Pass on a partial line held for src: to dst, or appended to out."""
        held = self.cbuf if src is self.client else self.sbuf
        if not held:
            return
        if src is self.client:
            self.cbuf = b""
        else:
            self.sbuf = b""
        if out is not None:
            out.append(held)
        else:
            dst.sendall(held)


def listener(family, addr, port):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, port))
    s.listen(16)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", required=True,
                    help="one of %s, or several joined by commas" % ", ".join(MODES))
    ap.add_argument("--port", type=int, default=10025, help="local port iptables redirects to")
    # REDIRECT rewrites the destination to the incoming interface's primary address.
    ap.add_argument("--listen4", required=True, help="IPv4 address of the client-side interface")
    ap.add_argument("--listen6", required=True, help="IPv6 address of the client-side interface")
    ap.add_argument("--mask", default="STARTTLS",
                    help="comma-separated EHLO keywords to mask in asa-mask mode")
    ap.add_argument("--ready-file", help="file created once the listeners are bound")
    args = ap.parse_args()
    unknown = [m for m in args.mode.split(",") if m not in MODES]
    if unknown:
        ap.error("unknown mode(s): %s" % ", ".join(unknown))
    mask = {k.strip().upper().encode() for k in args.mask.split(",") if k.strip()}

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    socks = {listener(socket.AF_INET, args.listen4, args.port): socket.AF_INET,
             listener(socket.AF_INET6, args.listen6, args.port): socket.AF_INET6}
    log("listening on port %d, mode %s" % (args.port, args.mode))
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write("%d\n" % os.getpid())
    while True:
        readable, _, _ = select.select(list(socks), [], [])
        for ls in readable:
            conn, _ = ls.accept()
            sess = Session(conn, socks[ls], args.mode, mask)
            threading.Thread(target=sess.run, daemon=True).start()


if __name__ == "__main__":
    main()
