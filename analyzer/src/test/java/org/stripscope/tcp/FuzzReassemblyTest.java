package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.IpAddress;

/**
 * Coverage-guided fuzzing of the reassembler: one client stream cut into segments that arrive
 * in any order, repeated, overlapping, cut by a snaplen, around a random ISN (so the sequence
 * space wraps), with ACKs, FINs and RSTs mixed in, under small buffer limits.
 *
 * <p>The oracle: when every segment carries the stream's true bytes, whatever is delivered is
 * the stream itself, position for position, gaps included, never past the last byte sent; and
 * the out-of-order buffer never holds more than its limits.
 */
class FuzzReassemblyTest {

    private static final long CLIENT = IpAddress.v4Lo(0xC0000201); // 192.0.2.1
    private static final long SERVER = IpAddress.v4Lo(0xC6336402); // 198.51.100.2

    @FuzzTest(maxDuration = "10s")
    void segmentsInAnyOrder_deliverTheStreamOrGapsNeverOtherBytes(FuzzedDataProvider data) {
        boolean honest = data.consumeBoolean();
        int isn = data.consumeInt();
        int streamLength = data.consumeInt(1, 4000);
        byte[] stream = new byte[streamLength];
        for (int i = 0; i < streamLength; i++) {
            stream[i] = (byte) ('a' + (i * 7 + i / 26) % 26);
        }
        int maxBytes = data.consumeInt(0, 2048);
        int maxSegments = data.consumeInt(0, 16);
        TcpLimits limits = TcpLimits.defaults().withBuffer(maxBytes, maxSegments)
                .withRecentWindowBytes(data.consumeInt(0, 512));
        List<Checker> sessions = new ArrayList<>();
        FlowTable table = new FlowTable(limits, port -> port == 25, (e, f, t) -> {
            Checker c = new Checker(stream);
            sessions.add(c);
            return c;
        });
        DecodedPacket p = new DecodedPacket();
        long frame = 0;
        long maxEnd = 0;
        // The content oracle holds while the stream's start is known (a SYN came first) and its
        // sequence space was never changed by a SYN with another ISN.
        boolean oracle = honest && data.consumeBoolean();
        if (oracle) {
            send(table, p, ++frame, true, DecodedPacket.SYN, isn, 0, stream, 0, 0, 0, false);
        }
        int segments = data.consumeInt(0, 64);
        for (int i = 0; i < segments && data.remainingBytes() > 0; i++) {
            int kind = data.consumeInt(0, 15);
            int from = data.consumeInt(0, streamLength - 1);
            int length = data.consumeInt(0, Math.min(1500, streamLength - from));
            int captured = data.consumeBoolean() ? length : data.consumeInt(0, length);
            boolean corrupt = !honest && data.consumeBoolean();
            int seq = isn + 1 + from;
            if (kind == 0) {
                // The server acknowledges up to some point: may open an acked gap.
                send(table, p, ++frame, false, DecodedPacket.ACK, 77, seq, stream, 0, 0, 0, false);
                maxEnd = Math.max(maxEnd, from);
            } else if (kind == 1) {
                send(table, p, ++frame, true, DecodedPacket.ACK | DecodedPacket.FIN, seq, 78, stream, from, length,
                        captured, corrupt);
                maxEnd = Math.max(maxEnd, from + length);
            } else if (kind == 2) {
                send(table, p, ++frame, true, DecodedPacket.RST, seq, 0, stream, 0, 0, 0, false);
            } else if (kind == 3) {
                boolean sameIsn = data.consumeBoolean();
                oracle &= sameIsn;
                send(table, p, ++frame, true, DecodedPacket.SYN, sameIsn ? isn : data.consumeInt(), 0, stream, 0, 0, 0,
                        false);
            } else {
                send(table, p, ++frame, true, DecodedPacket.ACK | DecodedPacket.PSH, seq, 78, stream, from, length,
                        captured, corrupt);
                maxEnd = Math.max(maxEnd, from + length);
            }
            assertTrue(table.bufferedBytesTotal() <= maxBytes, "held " + table.bufferedBytesTotal() + " > " + maxBytes);
        }
        table.closeAll(frame + 1, 0);
        for (Checker c : sessions) {
            assertTrue(c.closed, "every session is closed at the end of the capture");
        }
        if (oracle && !sessions.isEmpty()) {
            Checker first = sessions.get(0);
            assertTrue(first.position <= maxEnd + 1,
                    "delivered or skipped up to " + first.position + ", last byte sent or acked " + maxEnd);
            assertTrue(first.mismatch == null, first.mismatch);
        }
    }

    private static void send(FlowTable table, DecodedPacket p, long frame, boolean fromClient, int flags,
            int seq, int ack, byte[] stream, int from, int length, int captured, boolean corrupt) {
        byte[] bytes = new byte[4 + captured];
        System.arraycopy(stream, from, bytes, 4, captured);
        if (corrupt) {
            for (int i = 4; i < bytes.length; i++) {
                bytes[i] = (byte) (bytes[i] ^ 0x20);
            }
        }
        p.ipVersion = 4;
        p.srcHi = 0;
        p.dstHi = 0;
        p.srcLo = fromClient ? CLIENT : SERVER;
        p.dstLo = fromClient ? SERVER : CLIENT;
        p.srcPort = fromClient ? 40000 : 25;
        p.dstPort = fromClient ? 25 : 40000;
        p.seq = seq;
        p.ack = ack;
        p.flags = flags;
        p.frame = bytes;
        p.payloadOffset = 4;
        p.payloadLength = captured;
        p.wirePayloadLength = length;
        table.onPacket(p, frame, frame * 1000);
    }

    /** Checks each delivery against the stream at the position it claims (from the stream's start). */
    private static final class Checker implements StreamListener {
        private final byte[] stream;
        boolean closed;
        long position;
        String mismatch;

        Checker(byte[] stream) {
            this.stream = stream;
        }

        @Override
        public void onData(boolean fromClient, byte[] data, int offset, int length, long frame, long timeMicros) {
            assertFalse(closed, "bytes after the close");
            assertTrue(fromClient, "the server sent no payload");
            assertTrue(offset >= 0 && length > 0 && offset + length <= data.length, "slice inside the array");
            if (mismatch == null) {
                if (position + length > stream.length) {
                    mismatch = "delivered past the stream's end at " + position;
                } else if (!Arrays.equals(stream, (int) position, (int) position + length, data, offset, offset + length)) {
                    mismatch = "other bytes than the stream's at offset " + position;
                }
            }
            position += length;
        }

        @Override
        public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
            assertFalse(closed, "gap after the close");
            assertTrue(length > 0, "a gap has a length");
            position += length;
        }

        @Override
        public void onClose(CloseReason reason, long frame, long timeMicros) {
            assertFalse(closed, "closed twice");
            closed = true;
        }
    }
}
