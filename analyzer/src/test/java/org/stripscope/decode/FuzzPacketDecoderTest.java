package org.stripscope.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.stripscope.capture.LinkType;

/**
 * Coverage-guided fuzzing of link, IP and TCP decoding. Without JAZZER_FUZZ this replays the
 * committed inputs in {@code FuzzPacketDecoderTestInputs/}; scripts/fuzz runs real campaigns.
 */
class FuzzPacketDecoderTest {

    /** The link types stripscope decodes, picked by the first input byte. */
    private static final int[] LINK_TYPES = {LinkType.NULL, LinkType.EN10MB, LinkType.RAW, LinkType.RAW_OPENBSD,
        LinkType.LINKTYPE_RAW, LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2};

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();

    @FuzzTest(maxDuration = "10s")
    void anyFrameOfAnyLinkType_decodesToAStatusWithPayloadInsideTheFrame(FuzzedDataProvider data) {
        int linkType = LINK_TYPES[data.consumeInt(0, LINK_TYPES.length - 1)];
        // A caplen that may claim less than the array holds: the decoder must read only [0, caplen).
        int slack = data.consumeInt(0, 8);
        byte[] frame = data.consumeRemainingAsBytes();
        int caplen = Math.max(0, frame.length - slack);
        DecodeStatus status = decoder.decode(linkType, frame, caplen, packet);
        if (status == DecodeStatus.TCP) {
            assertTrue(packet.ipVersion == 4 || packet.ipVersion == 6, "ip version " + packet.ipVersion);
            assertTrue(packet.payloadOffset >= 0 && packet.payloadLength >= 0
                    && packet.payloadOffset + packet.payloadLength <= caplen,
                    "payload [" + packet.payloadOffset + ", +" + packet.payloadLength + ") outside caplen " + caplen);
            assertTrue(packet.tcpOptionsOffset >= 0 && packet.tcpOptionsLength >= 0
                    && packet.tcpOptionsOffset + packet.tcpOptionsLength <= caplen, "tcp options outside the frame");
            assertTrue(packet.srcPort >= 0 && packet.srcPort <= 0xffff && packet.dstPort >= 0 && packet.dstPort <= 0xffff);
        }
        assertSameAtAnOffset(linkType, frame, caplen, status);
    }

    private final PacketDecoder shiftedDecoder = new PacketDecoder();
    private final DecodedPacket shifted = new DecodedPacket();

    /**
     * The same frame inside a larger array (a reader's buffer), with other bytes before and after
     * it, decodes to the same result, its offsets moved by where it starts; rebased onto a copy of
     * the frame, the view is the one decoded at index 0.
     */
    private void assertSameAtAnOffset(int linkType, byte[] frame, int caplen, DecodeStatus status) {
        int start = 1 + (frame.length % 61);
        byte[] buffer = new byte[start + frame.length + 70];
        java.util.Arrays.fill(buffer, (byte) 0x45);
        System.arraycopy(frame, 0, buffer, start, frame.length);
        DecodeStatus again = shiftedDecoder.decode(linkType, buffer, start, caplen, shifted);
        assertEquals(status, again, "status at offset " + start);
        assertEquals(decoder.lastReason(), shiftedDecoder.lastReason(), "reason at offset " + start);
        if (status == DecodeStatus.TCP) {
            shifted.rebase(frame, start);
            assertEquals(Fields.of(packet), Fields.of(shifted), "decoded at offset " + start);
        }
    }

    /** Every public field of a decoded packet, for comparison. */
    private static final class Fields {
        static String of(DecodedPacket p) {
            StringBuilder sb = new StringBuilder();
            for (java.lang.reflect.Field f : DecodedPacket.class.getFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    Object v = f.get(p);
                    sb.append(f.getName()).append('=').append(v instanceof byte[] b ? System.identityHashCode(b) : v)
                            .append(' ');
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
            return sb.toString();
        }
    }
}
