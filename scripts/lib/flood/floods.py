"""The flood captures of scripts/gen-flood (too big to commit). Usage:
    python3 floods.py half-open FILE [FLOWS]     SYNs to port 25 from FLOWS client endpoints, never answered
    python3 floods.py data FILE [MEGABYTES]      one SMTP session whose DATA carries MEGABYTES of message, then AUTH PLAIN
    python3 floods.py ehlo-lines FILE LINES      one EHLO reply of LINES lines, then AUTH PLAIN
    python3 floods.py long-line FILE BYTES       one client line of BYTES bytes, then AUTH PLAIN
    python3 floods.py pipelined FILE COMMANDS    COMMANDS pipelined NOOPs and their replies, then AUTH PLAIN
Every session that gets as far as AUTH PLAIN has exactly one finding: plaintext-auth."""

import os
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
import pcapgen  # noqa: E402
from pcapgen import ACK, PSH, SYN  # noqa: E402

SEGMENT = 65000  # payload per segment: TSO-sized frames keep the record count low


def half_open(path, flows):
    server = pcapgen.ipv4_addr("198.51.100.25")
    with open(path, "wb", buffering=1 << 22) as f:
        w = pcapgen.Writer(f)
        for i in range(flows):
            # Clients spread over 203.0.113.0/24 and 192.0.2.0/24, 60,000 ports each.
            n, port = divmod(i, 60000)
            client = bytes([203, 0, 113, n]) if n < 256 else bytes([192, 0, 2, n - 256])
            w.frame(pcapgen.tcp_frame(client, server, 1024 + port, 25, i * 7919, 0, SYN), step=1)


def begin(w, cisn=1000):
    conv = pcapgen.Conversation(w, cisn=cisn)
    conv.handshake()
    conv.server(b"220 mx.example ESMTP\r\n")
    conv.client(b"EHLO client.example\r\n")
    return conv


def end_with_auth(conv):
    conv.client(b"AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n")
    conv.server(b"235 2.7.0 ok\r\n")
    conv.client(b"QUIT\r\n")
    conv.server(b"221 bye\r\n")
    conv.close()


def stream(conv, from_client, data_iter):
    """Sends the chunks of data_iter in segments of at most SEGMENT bytes."""
    pending = b""
    for chunk in data_iter:
        pending += chunk
        while len(pending) >= SEGMENT:
            (conv.client if from_client else conv.server)(pending[:SEGMENT])
            pending = pending[SEGMENT:]
    if pending:
        (conv.client if from_client else conv.server)(pending)


def data(path, megabytes):
    with open(path, "wb", buffering=1 << 22) as f:
        w = pcapgen.Writer(f)
        # ISN near 2^32 so that the sequence numbers wrap during the message.
        conv = begin(w, cisn=0xFFFF0000)
        conv.server(b"250-mx.example\r\n250 AUTH PLAIN\r\n")
        conv.client(b"MAIL FROM:<a@example.org>\r\n")
        conv.server(b"250 ok\r\n")
        conv.client(b"RCPT TO:<b@example.org>\r\n")
        conv.server(b"250 ok\r\n")
        conv.client(b"DATA\r\n")
        conv.server(b"354 go ahead\r\n")
        line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n"
        body = line * (SEGMENT // len(line))
        payload = body[:SEGMENT - SEGMENT % len(line)]
        total = megabytes << 20
        sent = 0
        while sent < total:
            conv.client(payload)
            sent += len(payload)
            if sent % (len(payload) * 16) == 0:
                conv.server(b"", ACK)
        conv.client(b"\r\n.\r\n")
        conv.server(b"250 queued\r\n")
        end_with_auth(conv)


def ehlo_lines(path, lines):
    with open(path, "wb", buffering=1 << 22) as f:
        conv = begin(pcapgen.Writer(f))
        stream(conv, False, (b"250-X-CAPABILITY-%d\r\n" % i for i in range(lines - 1)))
        conv.server(b"250 AUTH PLAIN\r\n")
        end_with_auth(conv)


def long_line(path, size):
    with open(path, "wb", buffering=1 << 22) as f:
        conv = begin(pcapgen.Writer(f))
        conv.server(b"250-mx.example\r\n250 AUTH PLAIN\r\n")
        block = b"y" * SEGMENT
        stream(conv, True, (block for _ in range(size // SEGMENT)))
        conv.client(b"y" * (size % SEGMENT) + b"\r\n")
        conv.server(b"500 5.5.2 line too long\r\n")
        end_with_auth(conv)


def pipelined(path, commands):
    with open(path, "wb", buffering=1 << 22) as f:
        conv = begin(pcapgen.Writer(f))
        conv.server(b"250-mx.example\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n")
        batch = 10000
        for start in range(0, commands, batch):
            n = min(batch, commands - start)
            stream(conv, True, [b"NOOP\r\n" * n])
            stream(conv, False, [b"250 2.0.0 Ok\r\n" * n])
        end_with_auth(conv)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else None
    {"half-open": lambda: half_open(path, n or 1_000_000),
     "data": lambda: data(path, n or 2048),
     "ehlo-lines": lambda: ehlo_lines(path, n),
     "long-line": lambda: long_line(path, n),
     "pipelined": lambda: pipelined(path, n)}[kind]()


if __name__ == "__main__":
    main()
