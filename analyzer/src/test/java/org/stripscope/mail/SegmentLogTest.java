package org.stripscope.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.mail.event.PacketTraits;

/** What a {@link SegmentLog} keeps of a direction's packets, and what it answers about them. */
class SegmentLogTest {

    /** NOP, NOP, timestamps (kind 8, length 10): a Linux stack's options on data segments. */
    private static final String NOP_NOP_TS = "0101080a0000000100000002";

    /**
     * A packet with {@code payload} data bytes and the TCP options given in hex, placed after
     * four filler bytes so that the options offset is honoured.
     */
    static DecodedPacket packet(int ipVersion, int ttl, int ipId, String optionsHex, int payload) {
        byte[] options = HexFormat.of().parseHex(optionsHex);
        DecodedPacket p = new DecodedPacket();
        p.ipVersion = ipVersion;
        p.ttl = ttl;
        p.ipId = ipId;
        p.frame = new byte[4 + options.length + payload];
        System.arraycopy(options, 0, p.frame, 4, options.length);
        p.tcpOptionsOffset = 4;
        p.tcpOptionsLength = options.length;
        p.payloadOffset = 4 + options.length;
        p.payloadLength = payload;
        p.wirePayloadLength = payload;
        return p;
    }

    @Test
    void dataPacket_isKeptWithTtlIpIdAndOptionNames() {
        SegmentLog log = new SegmentLog();
        log.record(packet(4, 64, 4711, NOP_NOP_TS, 10), 7);
        assertEquals(new PacketTraits(7, 64, 4711, "nop,nop,ts"), log.traitsOf(7));
    }

    @Test
    void pureAck_isNotKept() {
        // A bare ACK comes from the TCP stack, not from the application that wrote the reply.
        SegmentLog log = new SegmentLog();
        log.record(packet(4, 64, 1, NOP_NOP_TS, 0), 3);
        assertNull(log.traitsOf(3));
        assertEquals(List.of(), log.before(100));
    }

    @Test
    void packetCutBySnaplen_isKeptWhenItCarriedDataOnTheWire() {
        SegmentLog log = new SegmentLog();
        DecodedPacket p = packet(4, 60, 9, "", 0);
        p.wirePayloadLength = 1200;
        log.record(p, 5);
        assertEquals(new PacketTraits(5, 60, 9, ""), log.traitsOf(5));
    }

    @Test
    void ipv6Packet_hasNoIpId() {
        SegmentLog log = new SegmentLog();
        log.record(packet(6, 57, 0, "", 20), 2);
        assertEquals(new PacketTraits(2, 57, -1, ""), log.traitsOf(2));
    }

    @Test
    void optionKinds_stopAtEndOfListAndAtABadLength() {
        // MSS (2, length 4), SACK permitted (4, length 2), window scale (3, length 3), then
        // end of list (0): nothing after it is read.
        SegmentLog log = new SegmentLog();
        log.record(packet(4, 64, 1, "020405b40402030307" + "00" + "0101", 1), 1);
        assertEquals("mss,sackok,ws", log.traitsOf(1).tcpOptions());
        // Kind 99 with a length below 2 cannot be skipped: the list ends there.
        log.record(packet(4, 64, 2, "01" + "6301" + "0101", 1), 2);
        assertEquals("nop,k99", log.traitsOf(2).tcpOptions());
    }

    @Test
    void kindNames_followTheIanaNumbers() {
        assertEquals("md5", SegmentLog.kindName(19));
        assertEquals("ao", SegmentLog.kindName(29));
        assertEquals("mptcp", SegmentLog.kindName(30));
        assertEquals("tfo", SegmentLog.kindName(34));
        assertEquals("k254", SegmentLog.kindName(254));
    }

    @Test
    void before_listsOnlyEarlierFramesOldestFirst() {
        SegmentLog log = new SegmentLog();
        log.record(packet(4, 64, 100, "", 10), 1);
        log.record(packet(4, 64, 101, "", 10), 4);
        log.record(packet(4, 255, 0, "", 10), 6);
        assertEquals(List.of(new PacketTraits(1, 64, 100, ""), new PacketTraits(4, 64, 101, "")),
                log.before(6));
        assertEquals(List.of(), log.before(1));
    }

    @Test
    void longConnection_keepsTheFirstFourAndTheLatestTwelve() {
        // Frames 1..30: 1-4 are the first, 19-30 the latest twelve; 5-18 are forgotten.
        SegmentLog log = new SegmentLog();
        for (int f = 1; f <= 30; f++) {
            log.record(packet(4, 64, 1000 + f, "", 10), f);
        }
        List<Long> expected = new ArrayList<>();
        for (long f = 1; f <= 4; f++) {
            expected.add(f);
        }
        for (long f = 19; f <= 30; f++) {
            expected.add(f);
        }
        assertEquals(expected, log.before(31).stream().map(PacketTraits::frame).toList());
        assertNull(log.traitsOf(10));
        assertEquals(new PacketTraits(25, 64, 1025, ""), log.traitsOf(25));
        assertEquals(new PacketTraits(2, 64, 1002, ""), log.traitsOf(2));
        // Oldest first also across the ring's wrap: frames 19..24 before frame 25.
        assertEquals(List.of(1L, 2L, 3L, 4L, 19L, 20L, 21L, 22L, 23L, 24L),
                log.before(25).stream().map(PacketTraits::frame).toList());
    }
}
