package org.stripscope.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes small capture files for tests: classic pcap (https://www.tcpdump.org/manpages/pcap-savefile.5.html)
 * in either byte order with microsecond or nanosecond timestamps, and pcapng
 * (draft-ietf-opsawg-pcapng) with one Section Header, one Interface Description and Enhanced
 * Packet Blocks.
 */
final class CaptureFileWriter {

    private CaptureFileWriter() {
    }

    /** A classic pcap file being built. */
    static final class Pcap {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteOrder order;

        Pcap(ByteOrder order, boolean nanos, int linkType, int snaplen) {
            this.order = order;
            ByteBuffer header = ByteBuffer.allocate(24).order(order);
            header.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4);
            header.putShort((short) 2).putShort((short) 4);
            header.putInt(0).putInt(0);
            header.putInt(snaplen).putInt(linkType);
            out.writeBytes(header.array());
        }

        Pcap(int linkType) {
            this(ByteOrder.LITTLE_ENDIAN, false, linkType, 65535);
        }

        /** A record header claiming the given lengths, followed by {@code data} as is. */
        Pcap record(long seconds, long fraction, int caplen, int wireLength, byte[] data) {
            ByteBuffer header = ByteBuffer.allocate(16).order(order);
            header.putInt((int) seconds).putInt((int) fraction).putInt(caplen).putInt(wireLength);
            out.writeBytes(header.array());
            out.writeBytes(data);
            return this;
        }

        Pcap record(long seconds, long fraction, byte[] data, int wireLength) {
            return record(seconds, fraction, data.length, wireLength, data);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A little-endian pcapng file being built; timestamps in microseconds (the default if_tsresol). */
    static final class PcapNg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        PcapNg(int linkType) {
            // Section Header Block: byte-order magic, version 1.0, section length unknown (-1).
            block(0x0a0d0d0a, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1L).array());
            // Interface Description Block: link type, reserved, snaplen.
            block(0x00000001, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) linkType).putShort((short) 0).putInt(262144).array());
        }

        /** Enhanced Packet Block on interface 0. */
        PcapNg packet(long timestampMicros, byte[] data, int wireLength) {
            int padded = (data.length + 3) & ~3;
            ByteBuffer body = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
            body.putInt(0).putInt((int) (timestampMicros >>> 32)).putInt((int) timestampMicros)
                    .putInt(data.length).putInt(wireLength).put(data);
            block(0x00000006, body.array());
            return this;
        }

        private void block(int type, byte[] body) {
            int total = 12 + body.length;
            ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(type).putInt(total).put(body).putInt(total);
            out.writeBytes(b.array());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
