package org.stripscope.decode;

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
    }
}
