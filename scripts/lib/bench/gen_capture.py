#!/usr/bin/env python3
"""Writes a deterministic synthetic capture for scripts/bench, and its ground truth.

The capture mixes background traffic (bulk TCP on 443 with the receiver's ACKs, small UDP DNS
datagrams) with complete mail sessions (SMTP, IMAP, POP3) of known shapes, many flows
interleaved; together the shapes cover every finding code of docs/findings.md. The ground truth
(JSON) says how many findings of each code the sessions must give.

    gen_capture.py --out FILE --truth FILE.json --size-mb 2048 --mail-share 0.10 [--seed 1]

Addresses are documentation ranges only (192.0.2.0/24 clients, 198.51.100.0/24 and
203.0.113.0/24 servers).
"""
import argparse
import base64
import json
import random
import struct

# Written into the ground truth; scripts/bench regenerates captures made by another version.
VERSION = 2

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


ALERT = bytes([0x15, 3, 3, 0, 2, 2, 40])  # TLS alert record: fatal handshake_failure (RFC 8446 §6)


class Template:
    """A mail scenario: one connection, or several in a row from one client (chunks_list).

    server: "pool" (the shared 198.51.100.0/24 servers) or the first address of a dedicated
    range of 203.0.113.0/24, for scenarios whose findings depend on other sessions of the same
    server (tls-fallback) or that must not make the pool's sessions such findings.
    offers: for SMTP on the pool, whether the first capability list offers STARTTLS (True), lacks
    it with nothing in its place (False: starttls-stripped when another session of that server
    offered it), or speaks otherwise for the server (None: masked, no list, TLS at once).
    """

    def __init__(self, name, port, connections, codes, server="pool", offers=None):
        self.name, self.port, self.connections, self.codes = name, port, connections, codes
        self.server, self.offers = server, offers


# The findings each template must give follow docs/findings.md, code by code.
def templates():
    caps = ("250-mail.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n"
            "250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n")
    no_tls_caps = caps.replace("250-STARTTLS\r\n", "")
    masked = caps.replace("250-STARTTLS", "250-XXXXXXXA")
    body = "".join("Line %d of a message body that goes on for a while.\r\n" % i for i in range(40))
    mail = [(True, "MAIL FROM:<a@example.org>\r\n"), (False, "250 2.1.0 Ok\r\n"),
            (True, "RCPT TO:<b@example.net>\r\n"), (False, "250 2.1.5 Ok\r\n"),
            (True, "DATA\r\n"), (False, "354 End data with <CR><LF>.<CR><LF>\r\n"),
            (True, "Subject: t\r\n\r\n" + body + ".\r\n"), (False, "250 2.0.0 Ok: queued\r\n"),
            (True, "QUIT\r\n"), (False, "221 2.0.0 Bye\r\n")]
    greet = (False, "220 mail.example.net ESMTP\r\n")
    ehlo = (True, "EHLO client.example.org\r\n")
    starttls = [(True, "STARTTLS\r\n"), (False, "220 2.0.0 Ready to start TLS\r\n")]
    tls = [(True, CLIENT_HELLO), (False, SERVER_HELLO), (True, APP), (False, APP), (True, APP), (False, APP)]
    return [
        Template("smtp-starttls-tls", 25, [[greet, ehlo, (False, caps)] + starttls + tls], {}, offers=True),
        Template("smtp-plaintext-auth", 587, [[greet, ehlo, (False, caps),
                                               (True, "AUTH PLAIN " + b64("\0alice\0secret") + "\r\n"),
                                               (False, "235 2.7.0 Authentication successful\r\n")] + mail],
                 {"plaintext-auth": 1}, offers=True),
        # Cisco ASA ESMTP inspection masks the keyword: mangled, not stripped.
        Template("smtp-asa-mask", 25, [[greet, ehlo, (False, masked)] + mail], {"starttls-mangled": 1}),
        # No STARTTLS while the same server offers it in other sessions: starttls-stripped
        # (counted in main() per server, since it depends on the other sessions).
        Template("smtp-plain-mail", 25, [[greet, ehlo, (False, no_tls_caps)] + mail], {}, offers=False),
        # The client's STARTTLS overwritten with X on the way; the server calls it unknown.
        Template("smtp-command-mask", 25, [[greet, ehlo, (False, caps), (True, "XXXXXXXX\r\n"),
                                            (False, "500 5.5.1 Command unrecognized\r\n")] + mail],
                 {"starttls-command-mangled": 1}, offers=True),
        Template("smtp-starttls-refused", 25, [[greet, ehlo, (False, caps), (True, "STARTTLS\r\n"),
                                                (False, "454 4.7.0 TLS not available due to temporary reason\r\n")]
                                               + mail], {"starttls-rejected": 1}, offers=True),
        # A go-ahead, then the client goes on in plaintext.
        Template("smtp-no-handshake", 25, [[greet, ehlo, (False, caps)] + starttls + mail],
                 {"starttls-no-handshake": 1}, offers=True),
        # A command pipelined behind STARTTLS in the same segment (RFC 3207 §4.2 forbids it).
        Template("smtp-injection", 25, [[greet, ehlo, (False, caps), (True, "STARTTLS\r\nRSET\r\n"),
                                         (False, "220 2.0.0 Ready to start TLS\r\n")] + tls],
                 {"starttls-injection": 1}, offers=True),
        # Cisco ASA banner obfuscation; no host name, so a server profile of its own.
        Template("smtp-banner-mask", 25, [[(False, "220 *******************************2*0*0****\r\n"), ehlo,
                                           (False, caps)] + starttls + tls], {"banner-masked": 1}),
        Template("smtps-plaintext", 465, [[greet, ehlo, (False, no_tls_caps)] + mail],
                 {"implicit-tls-plaintext": 1}),
        # The handshake fails with an alert, then the same client sends its mail in plaintext.
        Template("smtp-tls-fallback", 25, [[greet, ehlo, (False, caps)] + starttls
                                           + [(True, CLIENT_HELLO), (False, ALERT)],
                                           [greet, ehlo, (False, caps)] + mail],
                 {"tls-fallback": 1}, server="203.0.113.100"),
        Template("imap-login", 143, [[(False, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"),
                                      (True, "a1 LOGIN alice secret\r\n"), (False, "a1 OK Logged in\r\n"),
                                      (True, "a2 LOGOUT\r\n"), (False, "* BYE\r\na2 OK Logout\r\n")]],
                 {"plaintext-auth": 1}),
        Template("imap-starttls-refused", 143, [[(False, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n"),
                                                 (True, "a1 STARTTLS\r\n"), (False, "a1 NO TLS not available\r\n"),
                                                 (True, "a2 LOGOUT\r\n"), (False, "* BYE\r\na2 OK Logout\r\n")]],
                 {"starttls-rejected": 1}, server="203.0.113.120"),
        Template("pop3-user-pass", 110, [[(False, "+OK ready\r\n"), (True, "USER alice\r\n"), (False, "+OK\r\n"),
                                          (True, "PASS secret\r\n"), (False, "+OK Logged in.\r\n"),
                                          (True, "QUIT\r\n"), (False, "+OK Bye\r\n")]], {"plaintext-auth": 1}),
        # POP3 in plaintext on the POP3S port (RFC 8314 §3.3): both findings.
        Template("pop3s-plaintext", 995, [[(False, "+OK ready\r\n"), (True, "USER alice\r\n"), (False, "+OK\r\n"),
                                           (True, "PASS secret\r\n"), (False, "+OK Logged in.\r\n"),
                                           (True, "QUIT\r\n"), (False, "+OK Bye\r\n")]],
                 {"implicit-tls-plaintext": 1, "plaintext-auth": 1}, server="203.0.113.140"),
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
    """Connections' packets one at a time: handshake, the exchange, FIN close; several
    connections (a list per connection in connections) follow one another from one client."""

    def __init__(self, client, server, cports, sport, connections):
        self.c, self.s, self.sp = client, server, sport
        self.steps = []
        for cport, chunks in zip(cports, connections):
            self.steps += [("syn", cport), ("synack",), ("ack",)]
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
            self.cp = st[1]
            self.cseq, self.sseq = 1000, 5000
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
    sessions = {t.name: 0 for t in tpl}
    # (server address, port) of the pool: sessions whose list lacked STARTTLS, and whether
    # any session offered it.
    lacking, offered = {}, set()
    limit = a.size_mb * 1_000_000

    def finished(t, server):
        sessions[t.name] += 1
        for code, n in t.codes.items():
            truth[code] = truth.get(code, 0) + n
        if t.offers is True:
            offered.add((server, t.port))
        elif t.offers is False:
            lacking[(server, t.port)] = lacking.get((server, t.port), 0) + 1

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
                    t = tpl[rnd.randrange(len(tpl))]
                    next_port += 1
                    client = ip4("192.0.2.%d" % (1 + next_port % 250))
                    if t.server == "pool":
                        server = ip4("198.51.100.%d" % (1 + (next_port // 250) % 50))
                    else:
                        first = ip4(t.server)
                        server = first[:3] + bytes([first[3] + next_port % 10])
                    cports = [20000 + (next_port + k) % 40000 for k in range(len(t.connections))]
                    next_port += len(t.connections) - 1
                    active.append((TcpFlow(client, server, cports, t.port, t.connections), t, server))
                k = rnd.randrange(len(active))
                flow, t, server = active[k]
                flow.emit(w)
                mail_packets += 1
                if flow.done():
                    active[k] = active[-1]
                    active.pop()
                    finished(t, server)
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
        for flow, t, server in active:
            while not flow.done():
                flow.emit(w)
                mail_packets += 1
            finished(t, server)
    # starttls-stripped: every list lacking STARTTLS on a server that offered it elsewhere.
    stripped = sum(n for key, n in lacking.items() if key in offered)
    if stripped:
        truth["starttls-stripped"] = stripped
    with open(a.truth, "w") as t:
        json.dump({"version": VERSION, "packets": w.packets, "mail_packets": mail_packets, "bytes": w.bytes,
                   "sessions": sessions, "findings": truth}, t, indent=1, sort_keys=True)
        t.write("\n")


if __name__ == "__main__":
    main()
