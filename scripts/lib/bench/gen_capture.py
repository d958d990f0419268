#!/usr/bin/env python3
"""Writes a deterministic synthetic capture for scripts/bench, and its ground truth.

The capture mixes background traffic (bulk TCP on 443 with the receiver's ACKs, small UDP DNS
datagrams) with complete mail sessions (SMTP, IMAP, POP3) of known shapes, many flows
interleaved. The ground truth (JSON) says how many findings of each code the sessions must give.

    gen_capture.py --out FILE --truth FILE.json --size-mb 2048 --mail-share 0.10 [--seed 1]

Addresses are documentation ranges only (192.0.2.0/24 clients, 198.51.100.0/24 and
203.0.113.0/24 servers).
"""
import argparse
import base64
import json
import random
import struct

ETH_IPV4 = b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00"
ETH_IPV4_REV = b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00"
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
BULK = bytes((i * 7) & 0xFF for i in range(1448))


def ip4(s):
    return bytes(int(x) for x in s.split("."))


def tls_record(kind, n):
    return bytes([kind, 3, 3]) + struct.pack("!H", n) + bytes(n)


CLIENT_HELLO = bytes([0x16, 3, 1]) + struct.pack("!H", 200) + b"\x01" + bytes(199)
SERVER_HELLO = tls_record(0x16, 1200)
APP = tls_record(0x17, 300)


def b64(s):
    return base64.b64encode(s.encode()).decode()


# Each template: (name, protocol port, [(from_client, bytes)], {finding code: count}).
def templates():
    caps = ("250-mail.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n"
            "250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n")
    masked = caps.replace("250-STARTTLS", "250-XXXXXXXA")
    body = "".join("Line %d of a message body that goes on for a while.\r\n" % i for i in range(40))
    mail = [(True, "MAIL FROM:<a@example.org>\r\n"), (False, "250 2.1.0 Ok\r\n"),
            (True, "RCPT TO:<b@example.net>\r\n"), (False, "250 2.1.5 Ok\r\n"),
            (True, "DATA\r\n"), (False, "354 End data with <CR><LF>.<CR><LF>\r\n"),
            (True, "Subject: t\r\n\r\n" + body + ".\r\n"), (False, "250 2.0.0 Ok: queued\r\n"),
            (True, "QUIT\r\n"), (False, "221 2.0.0 Bye\r\n")]
    greet = (False, "220 mail.example.net ESMTP\r\n")
    ehlo = (True, "EHLO client.example.org\r\n")
    return [
        ("smtp-starttls-tls", 25, [greet, ehlo, (False, caps), (True, "STARTTLS\r\n"),
                                   (False, "220 2.0.0 Ready to start TLS\r\n"), (True, CLIENT_HELLO),
                                   (False, SERVER_HELLO), (True, APP), (False, APP), (True, APP), (False, APP)], {}),
        ("smtp-plaintext-auth", 587, [greet, ehlo, (False, caps),
                                      (True, "AUTH PLAIN " + b64("\0alice\0secret") + "\r\n"),
                                      (False, "235 2.7.0 Authentication successful\r\n")] + mail,
         {"plaintext-auth": 1}),
        ("smtp-asa-mask", 25, [greet, ehlo, (False, masked)] + mail, {"starttls-mangled": 1}),
        ("smtp-plain-mail", 25, [greet, ehlo, (False, caps.replace("250-STARTTLS\r\n", ""))] + mail, {}),
        ("imap-login", 143, [(False, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"),
                             (True, "a1 LOGIN alice secret\r\n"), (False, "a1 OK Logged in\r\n"),
                             (True, "a2 LOGOUT\r\n"), (False, "* BYE\r\na2 OK Logout\r\n")],
         {"plaintext-auth": 1}),
        ("pop3-user-pass", 110, [(False, "+OK ready\r\n"), (True, "USER alice\r\n"), (False, "+OK\r\n"),
                                 (True, "PASS secret\r\n"), (False, "+OK Logged in.\r\n"),
                                 (True, "QUIT\r\n"), (False, "+OK Bye\r\n")], {"plaintext-auth": 1}),
    ]


class Writer:
    def __init__(self, f):
        self.f = f
        self.packets = 0
        self.bytes = 0
        self.t = 1_700_000_000_000_000
        self.ipid = 0

    def frame(self, data):
        self.t += 37
        sec, usec = divmod(self.t, 1_000_000)
        self.f.write(struct.pack("<IIII", sec, usec, len(data), len(data)))
        self.f.write(data)
        self.packets += 1
        self.bytes += len(data) + 16

    def tcp(self, src, dst, sport, dport, seq, ack, flags, payload=b"", rev=False):
        self.ipid = (self.ipid + 1) & 0xFFFF
        tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), self.ipid, 0x4000, 64, 6, 0, src, dst)
        self.frame((ETH_IPV4_REV if rev else ETH_IPV4) + ip + tcp + payload)

    def udp(self, src, dst, sport, dport, payload):
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28 + len(payload), 0, 0x4000, 64, 17, 0, src, dst)
        self.frame(ETH_IPV4 + ip + struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload)


class TcpFlow:
    """A connection's packets one at a time: handshake, the exchange, FIN close."""

    def __init__(self, client, server, cport, sport, chunks):
        self.c, self.s, self.cp, self.sp = client, server, cport, sport
        self.cseq, self.sseq = 1000, 5000
        self.steps = [("syn",), ("synack",), ("ack",)]
        for from_client, data in chunks:
            data = data.encode("latin-1") if isinstance(data, str) else data
            for i in range(0, len(data), 1448):
                self.steps.append(("data", from_client, data[i:i + 1448]))
            self.steps.append(("ackdata", not from_client))
        self.steps += [("fin", True), ("fin", False), ("ack",)]
        self.i = 0

    def done(self):
        return self.i >= len(self.steps)

    def emit(self, w):
        st = self.steps[self.i]
        self.i += 1
        k = st[0]
        if k == "syn":
            w.tcp(self.c, self.s, self.cp, self.sp, self.cseq, 0, SYN)
            self.cseq += 1
        elif k == "synack":
            w.tcp(self.s, self.c, self.sp, self.cp, self.sseq, self.cseq, SYN | ACK, rev=True)
            self.sseq += 1
        elif k == "ack":
            w.tcp(self.c, self.s, self.cp, self.sp, self.cseq, self.sseq, ACK)
        elif k == "data":
            _, fc, data = st
            if fc:
                w.tcp(self.c, self.s, self.cp, self.sp, self.cseq, self.sseq, ACK | PSH, data)
                self.cseq += len(data)
            else:
                w.tcp(self.s, self.c, self.sp, self.cp, self.sseq, self.cseq, ACK | PSH, data, rev=True)
                self.sseq += len(data)
        elif k == "ackdata":
            if st[1]:
                w.tcp(self.c, self.s, self.cp, self.sp, self.cseq, self.sseq, ACK)
            else:
                w.tcp(self.s, self.c, self.sp, self.cp, self.sseq, self.cseq, ACK, rev=True)
        elif k == "fin":
            if st[1]:
                w.tcp(self.c, self.s, self.cp, self.sp, self.cseq, self.sseq, FIN | ACK)
                self.cseq += 1
            else:
                w.tcp(self.s, self.c, self.sp, self.cp, self.sseq, self.cseq, FIN | ACK, rev=True)
                self.sseq += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--size-mb", type=int, required=True)
    ap.add_argument("--mail-share", type=float, required=True, help="fraction of packets in mail sessions")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--concurrent", type=int, default=64, help="mail sessions open at once")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    tpl = templates()
    truth = {}
    sessions = {t[0]: 0 for t in tpl}
    limit = a.size_mb * 1_000_000
    with open(a.out, "wb", buffering=8 << 20) as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        w = Writer(f)
        active = []
        next_port = 0
        bulk = []
        mail_packets = 0
        while w.bytes < limit:
            want_mail = mail_packets < a.mail_share * (w.packets + 1)
            if want_mail:
                while len(active) < a.concurrent:
                    name, port, chunks, codes = tpl[rnd.randrange(len(tpl))]
                    next_port += 1
                    client = ip4("192.0.2.%d" % (1 + next_port % 250))
                    server = ip4("198.51.100.%d" % (1 + (next_port // 250) % 50))
                    active.append((TcpFlow(client, server, 20000 + next_port % 40000, port, chunks), name, codes))
                k = rnd.randrange(len(active))
                flow, name, codes = active[k]
                flow.emit(w)
                mail_packets += 1
                if flow.done():
                    active[k] = active[-1]
                    active.pop()
                    sessions[name] += 1
                    for code, n in codes.items():
                        truth[code] = truth.get(code, 0) + n
            elif rnd.random() < 0.08:
                q = rnd.randrange(1 << 16)
                w.udp(ip4("192.0.2.53"), ip4("203.0.113.53"), 10000 + q % 50000, 53, struct.pack("!H", q) + bytes(40))
            else:
                if len(bulk) < 8:
                    bulk.append([ip4("192.0.2.%d" % (100 + len(bulk))), 30000 + rnd.randrange(30000), 1, 1, 0])
                b = bulk[rnd.randrange(len(bulk))]
                # Server sends full segments; the client ACKs every second one.
                w.tcp(ip4("203.0.113.80"), b[0], 443, b[1], b[2], b[3], ACK, BULK, rev=True)
                b[2] += len(BULK)
                b[4] += 1
                if b[4] % 2 == 0:
                    w.tcp(b[0], ip4("203.0.113.80"), b[1], 443, b[3], b[2], ACK)
        # Sessions still open at the end are finished, so the truth counts whole sessions.
        for flow, name, codes in active:
            while not flow.done():
                flow.emit(w)
                mail_packets += 1
            sessions[name] += 1
            for code, n in codes.items():
                truth[code] = truth.get(code, 0) + n
    with open(a.truth, "w") as t:
        json.dump({"packets": w.packets, "mail_packets": mail_packets, "bytes": w.bytes,
                   "sessions": sessions, "findings": truth}, t, indent=1, sort_keys=True)
        t.write("\n")


if __name__ == "__main__":
    main()
