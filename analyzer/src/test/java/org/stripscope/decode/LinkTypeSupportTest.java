package org.stripscope.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.stripscope.capture.LinkType;

class LinkTypeSupportTest {

    @Test
    void linkTypesMarkedSupported_areExactlyThoseTheDecoderTakes() {
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket out = new DecodedPacket();
        byte[] frame = new byte[64];
        for (int linkType = 0; linkType <= 300; linkType++) {
            boolean decoded = decoder.decode(linkType, frame, frame.length, out) != DecodeStatus.UNSUPPORTED_LINK_TYPE;
            assertEquals(LinkType.isSupported(linkType), decoded, LinkType.describe(linkType));
        }
        assertEquals(10, 301 - decoder.count(DecodeStatus.UNSUPPORTED_LINK_TYPE));
    }

    @Test
    void describe_namesTheTypeAndItsNumber() {
        assertEquals("LINUX_SLL2 (276)", LinkType.describe(LinkType.LINUX_SLL2));
        assertEquals("unknown (147)", LinkType.describe(147));
    }
}
