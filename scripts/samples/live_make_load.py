#!/usr/bin/env python3
"""Writes a large synthetic pcap for the keep-up measurement of scripts/test-live (standard
library only).

Each session is a complete SMTP conversation on port 587 over IPv4 in Ethernet frames, shaped
like the asa-mask samples: handshake, greeting, EHLO, an EHLO reply whose STARTTLS is masked as
XXXXXXXA, AUTH PLAIN accepted with 235, QUIT, 221, and both FINs. So stripscope should report
exactly one starttls-mangled and one plaintext-auth row per session. Client addresses run through
198.51.100.0/24 and client ports count up, so no two sessions share a connection; a few sessions
are interleaved at a time, as on a busy link. Documentation addresses only.

  live_make_load.py --sessions 20000 --output load.pcap
  live_make_load.py --count load.pcap        prints the number of packets in a file it wrote
"""

import argparse
import base64
import struct
import sys

SERVER = bytes([203, 0, 113, 70])
CLIENT_NET = (198, 51, 100)
SERVER_MAC = bytes.fromhex("020000000170")
CLIENT_MAC = bytes.fromhex("020000000110")
INTERLEAVE = 8


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame(src, dst, sport, dport, seq, ack, flags, payload, src_mac, dst_mac, ip_id):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xffffffff, ack & 0xffffffff, 5 << 4, flags, 64240, 0, 0)
    total = 20 + len(tcp) + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, ip_id & 0xffff, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp) + len(payload))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp + payload)) + tcp[18:]
    return dst_mac + src_mac + b"\x08\x00" + ip + tcp + payload


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01

EHLO_REPLY = (b"250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-XXXXXXXA\r\n"
              b"250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n")
AUTH = b"AUTH PLAIN " + base64.b64encode(b"\0alice\0Tr0ub4dor&3") + b"\r\n"


def session(n):
    """The frames of session n, as (from_client, flags, payload) steps turned into frames."""
    client = bytes([*CLIENT_NET, 1 + n % 250])
    cport = 1024 + (n // 250) % 60000
    cseq, sseq = 1000 + n * 7, 5000 + n * 11
    steps = [
        (True, SYN, b""), (False, SYN | ACK, b""), (True, ACK, b""),
        (False, PSH | ACK, b"220 mx.example.net ESMTP Postfix\r\n"),
        (True, PSH | ACK, b"EHLO client.example.org\r\n"),
        (False, PSH | ACK, EHLO_REPLY),
        (True, PSH | ACK, AUTH),
        (False, PSH | ACK, b"235 2.7.0 Authentication successful\r\n"),
        (True, PSH | ACK, b"QUIT\r\n"),
        (False, PSH | ACK, b"221 2.0.0 Bye\r\n"),
        (False, FIN | ACK, b""), (True, FIN | ACK, b""), (False, ACK, b""),
    ]
    out = []
    for i, (from_client, flags, payload) in enumerate(steps):
        if from_client:
            f = frame(client, SERVER, cport, 587, cseq, sseq if flags != SYN else 0, flags, payload,
                      CLIENT_MAC, SERVER_MAC, n * 16 + i)
            cseq += len(payload) + (1 if flags & (SYN | FIN) else 0)
        else:
            f = frame(SERVER, client, 587, cport, sseq, cseq, flags, payload, SERVER_MAC, CLIENT_MAC, n * 16 + i)
            sseq += len(payload) + (1 if flags & (SYN | FIN) else 0)
        out.append(f)
    return out


def write(path, sessions):
    t = 1_800_000_000 * 1_000_000
    count = 0
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for base in range(0, sessions, INTERLEAVE):
            group = [session(n) for n in range(base, min(base + INTERLEAVE, sessions))]
            for step in range(max(len(g) for g in group)):
                for g in group:
                    if step < len(g):
                        data = g[step]
                        f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(data), len(data)))
                        f.write(data)
                        t += 10
                        count += 1
    return count


def count(path):
    n = 0
    with open(path, "rb") as f:
        f.read(24)
        while True:
            h = f.read(16)
            if len(h) < 16:
                return n
            f.seek(struct.unpack("<IIII", h)[2], 1)
            n += 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sessions", type=int, default=20000)
    p.add_argument("--output")
    p.add_argument("--count", metavar="FILE")
    a = p.parse_args()
    if a.count:
        print(count(a.count))
        return 0
    if not a.output or not 1 <= a.sessions <= 60000 * 250:
        p.error("--output is required and --sessions must be 1 to 15000000")
    print(write(a.output, a.sessions), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
