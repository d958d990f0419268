"""Writes classic pcap files (little-endian, microsecond timestamps, Ethernet) of TCP traffic
between documentation addresses (RFC 5737), with correct IP and TCP lengths; checksums are
left zero (stripscope does not check them). Used by scripts/gen-flood and to make the
committed test captures under analyzer/src/test/resources/malformed/."""

import struct

ETH_IPV4 = b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00"
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def ipv4_addr(text):
    return bytes(int(x) for x in text.split("."))


def global_header(snaplen=262144, linktype=1, magic=0xA1B2C3D4):
    return struct.pack("<IHHiiII", magic, 2, 4, 0, 0, snaplen, linktype)


def record_header(ts_micros, caplen, wirelen):
    return struct.pack("<IIII", ts_micros // 1_000_000, ts_micros % 1_000_000, caplen, wirelen)


def tcp_frame(src, dst, sport, dport, seq, ack, flags, payload=b"", window=65535, urgent=0):
    """One Ethernet/IPv4/TCP frame; src and dst are 4-byte addresses."""
    tcp = struct.pack(">HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags,
                      window, 0, urgent)
    total = 20 + len(tcp) + len(payload)
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, total, 0x1234, 0x4000, 64, 6, 0, src, dst)
    return ETH_IPV4 + ip + tcp + payload


class Writer:
    """Appends records to an open binary file."""

    def __init__(self, out, snaplen=262144):
        self.out = out
        self.time = 1_700_000_000_000_000
        out.write(global_header(snaplen))

    def frame(self, data, caplen=None, wirelen=None, step=100):
        self.time += step
        caplen = len(data) if caplen is None else caplen
        self.out.write(record_header(self.time, caplen, len(data) if wirelen is None else wirelen))
        self.out.write(data)


class Conversation:
    """A client/server TCP connection with its own sequence numbers."""

    def __init__(self, writer, client="192.0.2.10", server="198.51.100.25", cport=50123, sport=25,
                 cisn=1000, sisn=5000):
        self.w = writer
        self.c = ipv4_addr(client)
        self.s = ipv4_addr(server)
        self.cport, self.sport = cport, sport
        self.cseq, self.sseq = cisn, sisn

    def handshake(self):
        self.w.frame(tcp_frame(self.c, self.s, self.cport, self.sport, self.cseq, 0, SYN))
        self.w.frame(tcp_frame(self.s, self.c, self.sport, self.cport, self.sseq, self.cseq + 1, SYN | ACK))
        self.cseq += 1
        self.sseq += 1
        self.w.frame(tcp_frame(self.c, self.s, self.cport, self.sport, self.cseq, self.sseq, ACK))

    def client(self, payload, flags=PSH | ACK):
        self.w.frame(tcp_frame(self.c, self.s, self.cport, self.sport, self.cseq, self.sseq, flags, payload))
        self.cseq += len(payload)

    def server(self, payload, flags=PSH | ACK):
        self.w.frame(tcp_frame(self.s, self.c, self.sport, self.cport, self.sseq, self.cseq, flags, payload))
        self.sseq += len(payload)

    def close(self):
        self.client(b"", FIN | ACK)
        self.cseq += 1
        self.server(b"", FIN | ACK)
        self.sseq += 1
        self.client(b"", ACK)


def smtp_auth_plain(conv):
    """An SMTP session with STARTTLS offered but not used and a PLAIN login in the clear."""
    conv.handshake()
    conv.server(b"220 mx.example ESMTP\r\n")
    conv.client(b"EHLO client.example\r\n")
    conv.server(b"250-mx.example\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n")
    conv.client(b"AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n")
    conv.server(b"235 2.7.0 Authentication successful\r\n")
    conv.client(b"QUIT\r\n")
    conv.server(b"221 2.0.0 Bye\r\n")
    conv.close()
