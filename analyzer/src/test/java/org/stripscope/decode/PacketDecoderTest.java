package org.stripscope.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripscope.decode.Headers.PROTO_TCP;
import static org.stripscope.decode.Headers.PROTO_UDP;
import static org.stripscope.decode.Headers.V4_A;
import static org.stripscope.decode.Headers.V4_A_INT;
import static org.stripscope.decode.Headers.V4_B;
import static org.stripscope.decode.Headers.V4_B_INT;
import static org.stripscope.decode.Headers.V6_A;
import static org.stripscope.decode.Headers.V6_B;
import static org.stripscope.decode.Headers.V6_HI;
import static org.stripscope.decode.Headers.ethernet;
import static org.stripscope.decode.Headers.extension;
import static org.stripscope.decode.Headers.ipv4;
import static org.stripscope.decode.Headers.ipv6;
import static org.stripscope.decode.Headers.sll;
import static org.stripscope.decode.Headers.sll2;
import static org.stripscope.decode.Headers.tag;
import static org.stripscope.decode.Headers.tcp;
import static org.stripscope.decode.Hex.ascii;
import static org.stripscope.decode.Hex.num;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stripscope.capture.LinkType;

class PacketDecoderTest {

    private static final String HELLO = ascii("EHLO x\r\n");
    private static final int HELLO_LENGTH = 8;

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    private DecodeStatus decode(int linkType, String hex) {
        byte[] frame = Hex.bytes(hex);
        return decoder.decode(linkType, frame, frame.length, out);
    }

    private void assertV4Segment(int payloadOffset) {
        assertEquals(4, out.ipVersion);
        assertEquals(0, out.srcHi);
        assertEquals(IpAddress.v4Lo(V4_A_INT), out.srcLo);
        assertEquals(0, out.dstHi);
        assertEquals(IpAddress.v4Lo(V4_B_INT), out.dstLo);
        assertEquals(payloadOffset, out.payloadOffset);
        assertEquals(HELLO_LENGTH, out.payloadLength);
        assertEquals(HELLO_LENGTH, out.wirePayloadLength);
        assertEquals("EHLO x\r\n", new String(out.frame, out.payloadOffset, out.payloadLength,
                java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void assertV6Segment(int payloadOffset) {
        assertEquals(6, out.ipVersion);
        assertEquals(V6_HI, out.srcHi);
        assertEquals(1, out.srcLo);
        assertEquals(V6_HI, out.dstHi);
        assertEquals(2, out.dstLo);
        assertEquals(-1, out.ipId);
        assertEquals(0x39, out.ttl);
        assertEquals(payloadOffset, out.payloadOffset);
        assertEquals(HELLO_LENGTH, out.payloadLength);
        assertEquals(HELLO_LENGTH, out.wirePayloadLength);
    }

    // ---- link layers ----

    @Test
    void ethernetIpv4Tcp_fillsEveryField() {
        String frame = ethernet(0x0800, ipv4(PROTO_TCP,
                tcp(49152, 25, 0xfffffff0L, 0x80000001L, DecodedPacket.ACK | DecodedPacket.PSH, "", HELLO)));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertEquals(DecodeReason.TCP_IPV4, decoder.lastReason());
        assertV4Segment(14 + 20 + 20);
        assertEquals(64, out.ttl);
        assertEquals(0x1234, out.ipId);
        assertEquals(49152, out.srcPort);
        assertEquals(25, out.dstPort);
        assertEquals(0xfffffff0, out.seq);
        assertEquals(0x80000001, out.ack);
        assertTrue(out.has(DecodedPacket.ACK));
        assertTrue(out.has(DecodedPacket.PSH));
        assertEquals(DecodedPacket.ACK | DecodedPacket.PSH, out.flags);
        assertEquals(0xfaf0, out.window);
        assertEquals(0, out.urgentPointer);
        assertEquals(14 + 20 + 20, out.tcpOptionsOffset);
        assertEquals(0, out.tcpOptionsLength);
    }

    @Test
    void ethernetIpv6Tcp_fillsAddressesAsTwoLongs() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(PROTO_TCP, tcp(HELLO)))));
        assertEquals(DecodeReason.TCP_IPV6, decoder.lastReason());
        assertV6Segment(14 + 40 + 20);
    }

    @Test
    void singleVlanTag_isSkipped() {
        String frame = ethernet(0x8100, "007d" + "86dd" + ipv6(PROTO_TCP, tcp(HELLO)));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertV6Segment(14 + 4 + 40 + 20);
    }

    @Test
    void qinqOuter88a8AndInner8100_areBothSkipped() {
        String frame = ethernet(0x88a8, "0064" + tag(0x8100, 125) + "0800" + ipv4(PROTO_TCP, tcp(HELLO)));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertV4Segment(14 + 8 + 20 + 20);
    }

    @Test
    void legacyQinq9100Tag_isSkipped() {
        String frame = ethernet(0x9100, "0064" + tag(0x8100, 125) + "0800" + ipv4(PROTO_TCP, tcp(HELLO)));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertV4Segment(14 + 8 + 20 + 20);
    }

    @Test
    void moreVlanTagsThanTheLimit_isMalformed() {
        StringBuilder tags = new StringBuilder("0001");
        for (int i = 0; i < PacketDecoder.MAX_VLAN_TAGS; i++) {
            tags.append(tag(0x8100, i + 2));
        }
        String frame = ethernet(0x8100, tags + "0800" + ipv4(PROTO_TCP, tcp(HELLO)));
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, frame));
        assertEquals(DecodeReason.MALFORMED_VLAN_STACK, decoder.lastReason());
    }

    @Test
    void arpFrame_isNotIp() {
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.EN10MB, ethernet(0x0806, "0001080006040001" + "00".repeat(20))));
        assertEquals(DecodeReason.NOT_IP_ETHERTYPE, decoder.lastReason());
    }

    @Test
    void ieee8023LengthField_isNotIp() {
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.EN10MB, ethernet(0x0026, "424203" + "00".repeat(35))));
        assertEquals(DecodeReason.NOT_IP_8023_LENGTH, decoder.lastReason());
    }

    @Test
    void linuxCookedV1_protocolAtOffset14() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.LINUX_SLL, sll(0x0800, ipv4(PROTO_TCP, tcp(HELLO)))));
        assertV4Segment(16 + 20 + 20);
    }

    @Test
    void linuxCookedV2_protocolAtOffset0() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.LINUX_SLL2, sll2(0x86dd, ipv6(PROTO_TCP, tcp(HELLO)))));
        assertV6Segment(20 + 40 + 20);
    }

    @Test
    void linuxCookedWithVlanProtocol_followsTheTag() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.LINUX_SLL, sll(0x8100, "007d0800" + ipv4(PROTO_TCP, tcp(HELLO)))));
        assertV4Segment(16 + 4 + 20 + 20);
    }

    @Test
    void bsdLoopbackLittleEndianAfInet_isIpv4() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.NULL, "02000000" + ipv4(PROTO_TCP, tcp(HELLO))));
        assertV4Segment(4 + 20 + 20);
    }

    @Test
    void bsdLoopbackBigEndianAfInet_isIpv4() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.NULL, "00000002" + ipv4(PROTO_TCP, tcp(HELLO))));
        assertV4Segment(4 + 20 + 20);
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 28, 30})
    void bsdLoopbackAfInet6OfEachBsd_isIpv6InBothByteOrders(int family) {
        String body = ipv6(PROTO_TCP, tcp(HELLO));
        assertEquals(DecodeStatus.TCP, decode(LinkType.NULL, Hex.num(family, 2) + "000000" + body));
        assertV6Segment(4 + 40 + 20);
        assertEquals(DecodeStatus.TCP, decode(LinkType.NULL, "000000" + Hex.num(family, 2) + body));
        assertV6Segment(4 + 40 + 20);
    }

    @Test
    void bsdLoopbackUnknownFamily_isNotIp() {
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.NULL, "07000000" + ipv4(PROTO_TCP, tcp(HELLO))));
        assertEquals(DecodeReason.NOT_IP_ADDRESS_FAMILY, decoder.lastReason());
    }

    @Test
    void openBsdLoop_familyInNetworkByteOrder() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.LOOP, "00000018" + ipv6(PROTO_TCP, tcp(HELLO))));
        assertV6Segment(4 + 40 + 20);
        // Little-endian AF_INET read in network order is 0x02000000: not a family.
        assertEquals(DecodeStatus.NOT_IP, decode(LinkType.LOOP, "02000000" + ipv4(PROTO_TCP, tcp(HELLO))));
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_OPENBSD, LinkType.LINKTYPE_RAW})
    void rawIp_versionNibbleDecides(int linkType) {
        assertEquals(DecodeStatus.TCP, decode(linkType, ipv4(PROTO_TCP, tcp(HELLO))));
        assertV4Segment(40);
        assertEquals(DecodeStatus.TCP, decode(linkType, ipv6(PROTO_TCP, tcp(HELLO))));
        assertV6Segment(60);
        assertEquals(DecodeStatus.MALFORMED, decode(linkType, "50" + "00".repeat(39)));
        assertEquals(DecodeReason.MALFORMED_IP_VERSION, decoder.lastReason());
    }

    @Test
    void rawIpv4AndIpv6LinkTypes_rejectTheOtherVersion() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.IPV4, ipv4(PROTO_TCP, tcp(HELLO))));
        assertEquals(DecodeStatus.TCP, decode(LinkType.IPV6, ipv6(PROTO_TCP, tcp(HELLO))));
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.IPV4, ipv6(PROTO_TCP, tcp(HELLO))));
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.IPV6, ipv4(PROTO_TCP, tcp(HELLO))));
    }

    @Test
    void ethertypeIpv4CarryingVersion6_isMalformed() {
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x0800, ipv6(PROTO_TCP, tcp(HELLO)))));
        assertEquals(DecodeReason.MALFORMED_IP_VERSION, decoder.lastReason());
    }

    @Test
    void unknownLinkType_isUnsupported() {
        assertEquals(DecodeStatus.UNSUPPORTED_LINK_TYPE, decode(147, ipv4(PROTO_TCP, tcp(HELLO))));
    }

    // ---- IPv4 ----

    @ParameterizedTest
    @ValueSource(ints = {6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void ipv4Options_areSkippedByIhl(int ihl) {
        // NOP options, then one End of Option List; the header length alone says where TCP starts.
        String options = "01".repeat((ihl - 5) * 4 - 1) + "00";
        String frame = ethernet(0x0800, ipv4(options, 0x4000, PROTO_TCP, V4_A, V4_B, tcp(HELLO)));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertV4Segment(14 + ihl * 4 + 20);
        assertEquals(49152, out.srcPort);
        assertEquals(25, out.dstPort);
    }

    @Test
    void ipv4FirstFragment_moreFragmentsSet_isAFragment() {
        String frame = ethernet(0x0800, ipv4("", 0x2000, PROTO_TCP, V4_A, V4_B, tcp(HELLO)));
        assertEquals(DecodeStatus.IP_FRAGMENT, decode(LinkType.EN10MB, frame));
        assertEquals(DecodeReason.FRAGMENT_IPV4, decoder.lastReason());
    }

    @Test
    void ipv4LaterFragment_nonZeroOffset_isAFragment() {
        String frame = ethernet(0x0800, ipv4("", 185, PROTO_TCP, V4_A, V4_B, "00".repeat(28)));
        assertEquals(DecodeStatus.IP_FRAGMENT, decode(LinkType.EN10MB, frame));
    }

    @Test
    void ipv4LastFragment_offsetWithoutMoreFragments_isAFragment() {
        String frame = ethernet(0x0800, ipv4("", 0x0001, PROTO_TCP, V4_A, V4_B, "00".repeat(28)));
        assertEquals(DecodeStatus.IP_FRAGMENT, decode(LinkType.EN10MB, frame));
    }

    @Test
    void ipv4DontFragmentAlone_isNotAFragment() {
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x0800, ipv4("", 0x4000, PROTO_TCP, V4_A, V4_B, tcp(HELLO)))));
    }

    @Test
    void ethernetPadding_isNotCountedAsPayload() {
        // A bare ACK is 54 bytes; Ethernet pads it to 60. The 6 pad bytes are not TCP payload.
        String frame = ethernet(0x0800, ipv4(PROTO_TCP, tcp(49152, 25, 1, 2, DecodedPacket.ACK, "", ""))) + "000000000000";
        assertEquals(60, Hex.bytes(frame).length);
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertEquals(0, out.payloadLength);
        assertEquals(0, out.wirePayloadLength);
        assertEquals(54, out.payloadOffset);
    }

    @Test
    void ipv6TrailingBytesPastPayloadLength_areNotPayload() {
        String frame = ethernet(0x86dd, ipv6(PROTO_TCP, tcp(HELLO))) + "ffffffff";
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertEquals(HELLO_LENGTH, out.payloadLength);
        assertEquals(HELLO_LENGTH, out.wirePayloadLength);
    }

    @Test
    void ipv4Udp_isNotTcp() {
        assertEquals(DecodeStatus.NOT_TCP, decode(LinkType.EN10MB, ethernet(0x0800, ipv4(PROTO_UDP, "003500350010000000000000000000000000"))));
        assertEquals(DecodeReason.NOT_TCP_PROTOCOL, decoder.lastReason());
    }

    @Test
    void ipv4IhlBelowFive_isMalformed() {
        String packet = ipv4(PROTO_TCP, tcp(HELLO));
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x0800, "44" + packet.substring(2))));
        assertEquals(DecodeReason.MALFORMED_IPV4_HEADER_LENGTH, decoder.lastReason());
    }

    @Test
    void ipv4TotalLengthBelowHeaderLength_isMalformed() {
        String packet = ipv4(PROTO_TCP, tcp(HELLO));
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x0800, packet.substring(0, 4) + "0013" + packet.substring(8))));
    }

    @Test
    void ipv4TotalLengthZero_fromSegmentationOffload_usesTheCapturedBytes() {
        String packet = ipv4(PROTO_TCP, tcp(HELLO));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x0800, packet.substring(0, 4) + "0000" + packet.substring(8))));
        assertEquals(HELLO_LENGTH, out.payloadLength);
        assertEquals(HELLO_LENGTH, out.wirePayloadLength);
    }

    @Test
    void ipv4TotalLengthTooShortForTcpHeader_isMalformed() {
        String packet = ipv4(PROTO_TCP, tcp(HELLO));
        // Total length 30: only 10 bytes of TCP header on the wire.
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x0800, packet.substring(0, 4) + "001e" + packet.substring(8))));
        assertEquals(DecodeReason.MALFORMED_TCP_SEGMENT_LENGTH, decoder.lastReason());
    }

    // ---- IPv6 ----

    @Test
    void ipv6HopByHopRoutingAndDestinationOptions_areFollowedToTcp() {
        String chain = extension(43, 0) + extension(60, 2) + extension(PROTO_TCP, 1);
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(0, chain + tcp(HELLO)))));
        assertV6Segment(14 + 40 + 8 + 24 + 16 + 20);
    }

    @Test
    void ipv6AuthenticationHeader_lengthIn4ByteUnitsPlusTwo() {
        // AH with Payload Len 4: (4 + 2) * 4 = 24 bytes.
        String ah = "06" + "04" + "0000" + "00000100" + "00000001" + "00".repeat(12);
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(51, ah + tcp(HELLO)))));
        assertV6Segment(14 + 40 + 24 + 20);
    }

    @Test
    void ipv6Fragment_isAFragment() {
        String first = "06" + "00" + "0001" + "0000abcd";
        assertEquals(DecodeStatus.IP_FRAGMENT, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(44, first + tcp(HELLO)))));
        assertEquals(DecodeReason.FRAGMENT_IPV6, decoder.lastReason());
        String later = "06" + "00" + "00b8" + "0000abcd";
        assertEquals(DecodeStatus.IP_FRAGMENT, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(44, later + "00".repeat(16)))));
    }

    @Test
    void ipv6AtomicFragment_isDecodedAsAWholePacket() {
        String atomic = "06" + "00" + "0000" + "0000abcd";
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(44, atomic + tcp(HELLO)))));
        assertV6Segment(14 + 40 + 8 + 20);
    }

    @Test
    void ipv6Esp_isNotTcp() {
        assertEquals(DecodeStatus.NOT_TCP, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(50, "00000100000000010000000000000000"))));
        assertEquals(DecodeReason.NOT_TCP_ESP, decoder.lastReason());
    }

    @Test
    void ipv6NoNextHeader_isNotTcp() {
        assertEquals(DecodeStatus.NOT_TCP, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(60, extension(59, 0)))));
        assertEquals(DecodeReason.NOT_TCP_NO_NEXT_HEADER, decoder.lastReason());
    }

    @Test
    void ipv6ExtensionChainLongerThanTheLimit_isMalformed() {
        String chain = extension(60, 0).repeat(PacketDecoder.MAX_IPV6_EXTENSION_HEADERS + 1) + extension(PROTO_TCP, 0);
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(60, chain + tcp(HELLO)))));
        assertEquals(DecodeReason.MALFORMED_IPV6_EXTENSION, decoder.lastReason());
    }

    @Test
    void ipv6ExtensionChainAtTheLimit_isFollowed() {
        String chain = extension(60, 0).repeat(PacketDecoder.MAX_IPV6_EXTENSION_HEADERS - 1) + extension(PROTO_TCP, 0);
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(60, chain + tcp(HELLO)))));
    }

    @Test
    void ipv6ExtensionHeaderOverrunningPayloadLength_isMalformed() {
        // Destination options claiming 8 * 256 bytes inside a 28-byte payload.
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(60, "06ff" + "00".repeat(26)))));
        assertEquals(DecodeReason.MALFORMED_IPV6_EXTENSION, decoder.lastReason());
    }

    @Test
    void ipv6PayloadLengthZero_fromSegmentationOffload_usesTheCapturedBytes() {
        String packet = ipv6(PROTO_TCP, tcp(HELLO));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x86dd, packet.substring(0, 8) + "0000" + packet.substring(12))));
        assertEquals(DecodeReason.TCP_LENGTH_FROM_CAPTURE, decoder.lastReason());
        assertV6Segment(14 + 40 + 20);
        assertEquals(HELLO_LENGTH, out.wirePayloadLength);
    }

    @Test
    void ipv6PayloadLengthZeroBehindHopByHopWithoutJumboOption_usesTheCapturedBytes() {
        String packet = ipv6(0, extension(PROTO_TCP, 0) + tcp(HELLO));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x86dd, packet.substring(0, 8) + "0000" + packet.substring(12))));
        assertEquals(DecodeReason.TCP_LENGTH_FROM_CAPTURE, decoder.lastReason());
        assertEquals(HELLO_LENGTH, out.wirePayloadLength);
    }

    @Test
    void ipv6Jumbogram_payloadLengthZeroWithJumboPayloadOption_isMalformed() {
        // RFC 2675 §2: hop-by-hop header, Jumbo Payload option C2, length 4, 32-bit length (here 1 << 16).
        String hopByHop = num(PROTO_TCP, 2) + "00" + "c204" + "00010000";
        String packet = ipv6(0, hopByHop + tcp(HELLO));
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x86dd, packet.substring(0, 8) + "0000" + packet.substring(12))));
        assertEquals(DecodeReason.MALFORMED_IPV6_PAYLOAD_LENGTH, decoder.lastReason());
    }

    @Test
    void ipv4TotalLengthZero_isCountedAsLengthFromCapture() {
        String packet = ipv4(PROTO_TCP, tcp(HELLO));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x0800, packet.substring(0, 4) + "0000" + packet.substring(8))));
        assertEquals(DecodeReason.TCP_LENGTH_FROM_CAPTURE, decoder.lastReason());
    }

    @Test
    void sixInFourInnerPayloadLengthBeyondOuterTotalLength_isBoundedByTheOuterPacket() {
        String inner = ipv6(PROTO_TCP, tcp(HELLO));
        // Inner payload length 28 + 100: more than the outer IPv4 total length leaves room for.
        String inflated = inner.substring(0, 8) + num(28 + 100, 4) + inner.substring(12);
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, ethernet(0x0800, ipv4(41, inflated))));
        assertEquals(DecodeReason.TCP_6IN4, decoder.lastReason());
        assertEquals(HELLO_LENGTH, out.payloadLength);
        assertEquals(HELLO_LENGTH, out.wirePayloadLength, "no snaplen gap: the outer packet holds only these bytes");
    }

    @Test
    void sixInFourInnerPayloadLengthZero_takesTheOuterPacketsLength() {
        String inner = ipv6(PROTO_TCP, tcp(HELLO));
        String frame = ethernet(0x0800, ipv4(41, inner.substring(0, 8) + "0000" + inner.substring(12))) + "000000";
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertEquals(HELLO_LENGTH, out.payloadLength);
        assertEquals(HELLO_LENGTH, out.wirePayloadLength);
    }

    @Test
    void sixInFour_reportsTheInnerIpv6Endpoints() {
        String frame = ethernet(0x0800, ipv4(41, ipv6(PROTO_TCP, tcp(HELLO))));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertEquals(DecodeReason.TCP_6IN4, decoder.lastReason());
        assertV6Segment(14 + 20 + 40 + 20);
    }

    @Test
    void sixInFourCarryingAnotherTunnel_isNotFollowedFurther() {
        String frame = ethernet(0x0800, ipv4(41, ipv6(41, ipv6(PROTO_TCP, tcp(HELLO)))));
        assertEquals(DecodeStatus.NOT_TCP, decode(LinkType.EN10MB, frame));
    }

    // ---- TCP ----

    @ParameterizedTest
    @ValueSource(ints = {6, 8, 15})
    void tcpOptions_areSkippedByDataOffset(int dataOffset) {
        // MSS 1460, then NOPs up to the length the data offset gives.
        String options = "020405b4" + "01".repeat((dataOffset - 5) * 4 - 4);
        String frame = ethernet(0x0800, ipv4(PROTO_TCP, tcp(49152, 25, 1, 0, DecodedPacket.SYN, options, HELLO)));
        assertEquals(DecodeStatus.TCP, decode(LinkType.EN10MB, frame));
        assertV4Segment(14 + 20 + dataOffset * 4);
        assertEquals(14 + 20 + 20, out.tcpOptionsOffset);
        assertEquals((dataOffset - 5) * 4, out.tcpOptionsLength);
        assertEquals(0x02, out.frame[out.tcpOptionsOffset]);
        assertTrue(out.has(DecodedPacket.SYN));
    }

    @Test
    void tcpDataOffsetBelowFive_isMalformed() {
        String segment = tcp(HELLO);
        String bad = segment.substring(0, 24) + "40" + segment.substring(26);
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x0800, ipv4(PROTO_TCP, bad))));
        assertEquals(DecodeReason.MALFORMED_TCP_DATA_OFFSET, decoder.lastReason());
    }

    @Test
    void tcpDataOffsetBeyondTheSegment_isMalformed() {
        // Data offset 15 (60 bytes) in a 28-byte segment.
        String segment = tcp(HELLO);
        String bad = segment.substring(0, 24) + "f0" + segment.substring(26);
        assertEquals(DecodeStatus.MALFORMED, decode(LinkType.EN10MB, ethernet(0x0800, ipv4(PROTO_TCP, bad))));
        assertEquals(DecodeReason.MALFORMED_TCP_DATA_OFFSET, decoder.lastReason());
    }

    @Test
    void snaplenCutPayload_keepsTheWireLength() {
        byte[] frame = Hex.bytes(ethernet(0x0800, ipv4(PROTO_TCP, tcp(HELLO))));
        assertEquals(DecodeStatus.TCP, decoder.decode(LinkType.EN10MB, frame, 54 + 3, out));
        assertEquals(3, out.payloadLength);
        assertEquals(HELLO_LENGTH, out.wirePayloadLength);
    }

    // ---- truncation at every byte ----

    /**
     * Cuts the frame after every byte count: before the end of the fixed TCP header the result
     * is TRUNCATED (never anything else, never an exception); inside the TCP options it is TCP
     * with the options cut and no payload; from the payload on it is TCP with the captured part
     * of the payload.
     */
    private void assertTruncatedBeforeTcpHeaderAtEveryCut(int linkType, String hex, int tcpOffset, int payloadOffset) {
        byte[] frame = Hex.bytes(hex);
        for (int cut = 0; cut <= frame.length; cut++) {
            DecodeStatus status = decoder.decode(linkType, frame, cut, out);
            if (cut < tcpOffset + 20) {
                assertEquals(DecodeStatus.TRUNCATED, status, "cut at " + cut);
            } else if (cut < payloadOffset) {
                assertEquals(DecodeReason.TCP_OPTIONS_CUT, decoder.lastReason(), "cut at " + cut);
                assertEquals(cut - tcpOffset - 20, out.tcpOptionsLength, "cut at " + cut);
                assertEquals(0, out.payloadLength, "cut at " + cut);
                assertEquals(frame.length - payloadOffset, out.wirePayloadLength, "cut at " + cut);
            } else {
                assertEquals(DecodeStatus.TCP, status, "cut at " + cut);
                assertTrue(decoder.lastReason() != DecodeReason.TCP_OPTIONS_CUT, "cut at " + cut);
                assertEquals(payloadOffset - tcpOffset - 20, out.tcpOptionsLength, "cut at " + cut);
                assertEquals(cut - payloadOffset, out.payloadLength, "cut at " + cut);
                assertEquals(frame.length - payloadOffset, out.wirePayloadLength, "cut at " + cut);
            }
        }
    }

    @Test
    void ethernetVlanIpv4WithOptionsAndTcpOptions_truncatedAtEveryLayer() {
        String frame = ethernet(0x8100, "0064" + "0800"
                + ipv4("01010100", 0x4000, PROTO_TCP, V4_A, V4_B, tcp(1, 2, 3, 4, DecodedPacket.ACK, "0101080a0000000100000002", HELLO)));
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.EN10MB, frame, 14 + 4 + 24, 14 + 4 + 24 + 32);
    }

    @Test
    void ethernetIpv6WithExtensionHeaders_truncatedAtEveryLayer() {
        String frame = ethernet(0x86dd, ipv6(0, extension(60, 0) + extension(PROTO_TCP, 1) + tcp(HELLO)));
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.EN10MB, frame, 14 + 40 + 8 + 16, 14 + 40 + 8 + 16 + 20);
    }

    @Test
    void cookedAndLoopbackAndRawFrames_truncatedAtEveryLayer() {
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.LINUX_SLL, sll(0x0800, ipv4(PROTO_TCP, tcp(HELLO))), 36, 56);
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.LINUX_SLL2, sll2(0x86dd, ipv6(PROTO_TCP, tcp(HELLO))), 60, 80);
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.NULL, "1e000000" + ipv6(PROTO_TCP, tcp(HELLO)), 44, 64);
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.LOOP, "00000002" + ipv4(PROTO_TCP, tcp(HELLO)), 24, 44);
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.RAW, ipv4(PROTO_TCP, tcp(HELLO)), 20, 40);
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.IPV6, ipv6(PROTO_TCP, tcp(HELLO)), 40, 60);
    }

    @Test
    void sixInFour_truncatedAtEveryLayer() {
        assertTruncatedBeforeTcpHeaderAtEveryCut(LinkType.EN10MB, ethernet(0x0800, ipv4(41, ipv6(PROTO_TCP, tcp(HELLO)))), 74, 94);
    }

    @Test
    void synWhoseOptionsTheSnaplenCut_isStillDeliveredWithItsFlags() {
        // tcpdump's old default snaplen of 68 keeps 14 + 20 + 34 bytes of a 40-byte SYN header.
        String options = "020405b4" + "0402" + "080a0000000100000000" + "01" + "030307";
        byte[] frame = Hex.bytes(ethernet(0x0800, ipv4(PROTO_TCP, tcp(49152, 25, 7, 0, DecodedPacket.SYN, options, ""))));
        assertEquals(74, frame.length);
        assertEquals(DecodeStatus.TCP, decoder.decode(LinkType.EN10MB, frame, 68, out));
        assertEquals(DecodeReason.TCP_OPTIONS_CUT, decoder.lastReason());
        assertTrue(out.has(DecodedPacket.SYN));
        assertEquals(7, out.seq);
        assertEquals(14, out.tcpOptionsLength);
        assertEquals(0, out.payloadLength);
        assertEquals(0, out.wirePayloadLength);
    }

    @Test
    void truncationReasons_nameTheLayer() {
        byte[] frame = Hex.bytes(ethernet(0x0800, ipv4(PROTO_TCP, tcp(HELLO))));
        decoder.decode(LinkType.EN10MB, frame, 13, out);
        assertEquals(DecodeReason.TRUNCATED_LINK, decoder.lastReason());
        decoder.decode(LinkType.EN10MB, frame, 33, out);
        assertEquals(DecodeReason.TRUNCATED_IP, decoder.lastReason());
        decoder.decode(LinkType.EN10MB, frame, 53, out);
        assertEquals(DecodeReason.TRUNCATED_TCP, decoder.lastReason());
    }

    // ---- counters and robustness ----

    @Test
    void counters_countEachStatusAndReason() {
        decode(LinkType.EN10MB, ethernet(0x0800, ipv4(PROTO_TCP, tcp(HELLO))));
        decode(LinkType.EN10MB, ethernet(0x86dd, ipv6(PROTO_TCP, tcp(HELLO))));
        decode(LinkType.EN10MB, ethernet(0x0806, "00".repeat(28)));
        decode(LinkType.EN10MB, "0102");
        decode(147, "00");
        assertEquals(2, decoder.count(DecodeStatus.TCP));
        assertEquals(1, decoder.count(DecodeReason.TCP_IPV4));
        assertEquals(1, decoder.count(DecodeReason.TCP_IPV6));
        assertEquals(1, decoder.count(DecodeStatus.NOT_IP));
        assertEquals(1, decoder.count(DecodeStatus.TRUNCATED));
        assertEquals(1, decoder.count(DecodeStatus.UNSUPPORTED_LINK_TYPE));
        assertEquals(0, decoder.count(DecodeStatus.MALFORMED));
        assertEquals(0, decoder.count(DecodeStatus.IP_FRAGMENT));
    }

    @Test
    void everyReason_mapsToTheStatusItNames() {
        for (DecodeReason reason : DecodeReason.values()) {
            String prefix = reason.status() == DecodeStatus.IP_FRAGMENT ? "FRAGMENT" : reason.status().name();
            assertTrue(reason.name().startsWith(prefix), reason.name());
        }
    }

    @Test
    void randomBytesAndMutatedFrames_neverThrow() {
        int[] statusCounts = new int[DecodeStatus.values().length];
        int[] linkTypes = {LinkType.NULL, LinkType.EN10MB, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL,
            LinkType.LINUX_SLL2, LinkType.IPV4, LinkType.IPV6, 147};
        byte[][] seeds = {
            Hex.bytes(ethernet(0x8100, "0064" + "0800" + ipv4("01010100", 0x4000, PROTO_TCP, V4_A, V4_B, tcp(HELLO)))),
            Hex.bytes(ethernet(0x86dd, ipv6(0, extension(43, 0) + extension(44, 0) + tcp(HELLO)))),
            Hex.bytes(ethernet(0x0800, ipv4(41, ipv6(51, "06020000" + "00".repeat(8) + tcp(HELLO))))),
        };
        Random random = new Random(20_260_101L);
        for (int i = 0; i < 30_000; i++) {
            byte[] seed = seeds[i % seeds.length];
            byte[] frame = seed.clone();
            for (int m = random.nextInt(6); m >= 0; m--) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            int caplen = random.nextInt(frame.length + 8) - 4;
            DecodeStatus status = decoder.decode(linkTypes[i % linkTypes.length], frame, caplen, out);
            statusCounts[status.ordinal()]++;
            if (status == DecodeStatus.TCP) {
                assertTrue(out.payloadOffset + out.payloadLength <= Math.max(0, Math.min(caplen, frame.length)));
                assertTrue(out.payloadLength >= 0 && out.payloadLength <= out.wirePayloadLength);
            }
        }
        for (DecodeStatus status : DecodeStatus.values()) {
            assertEquals(statusCounts[status.ordinal()], decoder.count(status), "every frame counted once, as " + status);
        }
    }
}
