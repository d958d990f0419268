"""Makes the malformed captures committed under analyzer/src/test/resources/malformed/ (run from
the repository root: python3 scripts/lib/flood/make_malformed.py). Each starts from the same
small SMTP session (plaintext AUTH PLAIN, frame 7; see pcapgen.smtp_auth_plain) and damages it in
one way; MalformedCaptureTest says what stripscope must do with each."""

import io
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
import pcapgen  # noqa: E402

OUT = "analyzer/src/test/resources/malformed"


def session_frames():
    """The frames of the good session, as (time, bytes)."""
    buf = io.BytesIO()
    w = pcapgen.Writer(buf)
    pcapgen.smtp_auth_plain(pcapgen.Conversation(w))
    data = buf.getvalue()
    frames, off = [], 24
    while off < len(data):
        sec, usec, caplen, _ = struct.unpack_from("<IIII", data, off)
        frames.append((sec * 1_000_000 + usec, data[off + 16:off + 16 + caplen]))
        off += 16 + caplen
    return frames


def pcap(frames, snaplen=262144, overrides=None):
    """A classic pcap; overrides maps a 0-based record index to (caplen, wirelen, data)."""
    out = bytearray(pcapgen.global_header(snaplen))
    for i, (t, data) in enumerate(frames):
        caplen, wirelen, body = len(data), len(data), data
        if overrides and i in overrides:
            caplen, wirelen, body = overrides[i]
        out += pcapgen.record_header(t, caplen, wirelen) + body
    return bytes(out)


def pcapng_block(block_type, body):
    body += b"\0" * (-len(body) % 4)
    total = 12 + len(body)
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


def pcapng_with_unknown_blocks(frames):
    out = bytearray()
    out += pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    # A block type no pcapng reader knows, before the interface is even described.
    out += pcapng_block(0x00000BAD, b"unknown block before the interface")
    out += pcapng_block(0x00000001, struct.pack("<HHI", 1, 0, 262144))
    for i, (t, data) in enumerate(frames):
        epb = struct.pack("<IIIII", 0, t >> 32, t & 0xFFFFFFFF, len(data), len(data)) + data
        out += pcapng_block(0x00000006, epb)
        if i == 3:
            # Custom Block (copyable, PEN 32473 = example enterprise number, RFC 5612) and
            # a reserved local-use block type between packets.
            out += pcapng_block(0x00000BAD, struct.pack("<I", 32473) + b"custom data")
            out += pcapng_block(0x80000001, b"local use block")
    return bytes(out)


def main():
    os.makedirs(OUT + "/mixed-directory", exist_ok=True)
    frames = session_frames()
    good = pcap(frames)
    files = {
        "good-smtp-auth-plain.pcap": good,
        "empty.pcap": b"",
        "truncated-global-header.pcap": good[:10],
        "wrong-magic.pcap": b"\xd4\xc3\xb2\xa2" + good[4:],
        # Cut in the middle of the record of frame 10 (after the AUTH exchange).
        "truncated-record.pcap": good[:len(pcap(frames[:9])) + 16 + 10],
        # The file header says snaplen 64, every record with payload is longer than that.
        "caplen-over-snaplen.pcap": pcap(frames, snaplen=64),
        "caplen-zero.pcap": pcap(frames, overrides={3: (0, len(frames[3][1]), b"")}),
        "caplen-2-31.pcap": pcap(frames, overrides={9: (1 << 31, 1 << 31, frames[9][1])}),
        "pcapng-unknown-blocks.pcapng": pcapng_with_unknown_blocks(frames),
        "mixed-directory/a-good.pcap": good,
        "mixed-directory/b-corrupt.pcap": good[:24] + b"\xff" * 40,
        "mixed-directory/c-good.pcapng": pcapng_with_unknown_blocks(frames),
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
