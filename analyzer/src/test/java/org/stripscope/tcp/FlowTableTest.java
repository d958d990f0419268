package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripscope.tcp.Wire.ACK;
import static org.stripscope.tcp.Wire.FIN;
import static org.stripscope.tcp.Wire.PSH;
import static org.stripscope.tcp.Wire.RST;
import static org.stripscope.tcp.Wire.SYN;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.tcp.TcpStats.Counter;

/**
 * One crafted connection per test. The client's ISN is 1000 (its first byte is 1001), the
 * server's 5000 (first byte 5001), unless a test says otherwise.
 */
class FlowTableTest {

    private static final int C = 1001;
    private static final int S = 5001;
    private static final long HOUR_MICROS = 3_600_000_000L;

    private final RecordingFactory factory = new RecordingFactory();
    private FlowTable table = new FlowTable(TcpLimits.defaults(), port -> port == 25 || port == 587, factory);
    private Wire wire = new Wire(table);

    private void useLimits(TcpLimits limits) {
        table = new FlowTable(limits, port -> port == 25 || port == 587, factory);
        wire = new Wire(table);
    }

    private long count(Counter counter) {
        return table.stats().get(counter);
    }

    @Test
    void handshakeAndInOrderDataBothWays_deliversEachSegmentOnceAndClosesOnFin() {
        wire.handshake(1000, 5000);
        wire.s(PSH | ACK, S, C, "220 hi");
        wire.c(PSH | ACK, C, S + 6, "EHLO a");
        wire.s(PSH | ACK, S + 6, C + 6, "250 ok");
        wire.c(FIN | ACK, C + 6, S + 12, "");
        wire.s(FIN | ACK, S + 12, C + 7, "");
        wire.c(ACK, C + 7, S + 13, "");

        RecordingFactory.Session session = factory.only();
        assertEquals("192.0.2.1:40000>198.51.100.2:25 handshake@1", session.opened);
        assertEquals(List.of("S:220 hi@4", "C:EHLO a@5", "S:250 ok@6", "close(FIN)@8"), session.log);
        assertEquals(1, count(Counter.FLOWS_CLOSED_FIN));
        assertEquals(9, count(Counter.SEGMENTS));
        assertEquals(1, count(Counter.PACKETS_AFTER_CLOSE), "the last ACK hits the tombstone");
        assertEquals(1, table.size(), "the closed flow stays as a tombstone");
    }

    @Test
    void captureStartsMidConnection_serverIsTheSideOnTheServerPort() {
        wire.s(PSH | ACK, 7000, 3000, "250 ok");
        wire.c(PSH | ACK, 3000, 7006, "QUIT");
        table.closeAll(99, 0);

        RecordingFactory.Session session = factory.only();
        assertEquals("192.0.2.1:40000>198.51.100.2:25 midstream@1", session.opened);
        assertEquals(List.of("S:250 ok@1", "C:QUIT@2", "close(END_OF_CAPTURE)@99"), session.log);
    }

    @Test
    void midConnectionWithBothPortsServerPorts_lowerPortIsTheServer() {
        wire.clientPort = 587;
        // Sent from port 25 to port 587: the sender is the server.
        wire.s(PSH | ACK, 7000, 3000, "250 ok");

        assertEquals("192.0.2.1:587>198.51.100.2:25 midstream@1", factory.only().opened);
        assertEquals(List.of("S:250 ok@1"), factory.only().log);
    }

    @Test
    void retransmittedSegment_isDeliveredOnce() {
        wire.handshake(1000, 5000);
        wire.c(PSH | ACK, C, S, "EHLO a");
        wire.c(PSH | ACK, C, S, "EHLO a");
        wire.c(PSH | ACK, C + 6, S, "MAIL");

        assertEquals(List.of("C:EHLO a@4", "C:MAIL@6"), factory.only().log);
        assertEquals(1, count(Counter.RETRANSMISSIONS));
        assertEquals(1, count(Counter.OVERLAPS));
        assertEquals(0, count(Counter.OVERLAP_CONFLICTS));
    }

    @Test
    void threeSegmentsInReverseOrder_areDeliveredInOrderWithTheirOwnFrames() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 6, S, "CCC");
        wire.c(ACK, C + 3, S, "BBB");
        assertEquals(List.of(), factory.only().log, "nothing before the hole fills");
        wire.c(ACK, C, S, "AAA");

        assertEquals(List.of("C:AAA@6", "C:BBB@5", "C:CCC@4"), factory.only().log);
        assertEquals(2, count(Counter.OUT_OF_ORDER_BUFFERED));
        assertEquals(0, count(Counter.GAPS));
    }

    @Test
    void overlapWithHeldBytesThatAreIdentical_isCountedButNotAConflict() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 5, S, "WORLD");
        wire.c(ACK, C, S, "HELLOWO");

        assertEquals(List.of("C:HELLO@5", "C:WORLD@4"), factory.only().log);
        assertEquals(1, count(Counter.OVERLAPS));
        assertEquals(0, count(Counter.OVERLAP_CONFLICTS));
        assertEquals(0, count(Counter.RETRANSMISSIONS), "it brought new bytes");
    }

    @Test
    void retransmissionWithDifferentBytes_isAConflictAndTheFirstCopyWins() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C, S, "STARTTLS");
        wire.c(ACK, C, S, "XXXXXXXX");
        wire.c(ACK, C + 8, S, "!");

        assertEquals(List.of("C:STARTTLS@4", "C:!@6"), factory.only().log);
        assertEquals(1, count(Counter.OVERLAP_CONFLICTS));
        assertEquals(1, count(Counter.RETRANSMISSIONS));
    }

    @Test
    void overlapWithHeldBytesThatDiffer_isAConflictAndTheHeldCopyWins() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 5, S, "WORLD");
        wire.c(ACK, C, S, "HELLOXX");

        assertEquals(List.of("C:HELLO@5", "C:WORLD@4"), factory.only().log);
        assertEquals(1, count(Counter.OVERLAP_CONFLICTS));
    }

    @Test
    void partialOverlapExtendingPastTheNextByte_deliversOnlyTheNewTail() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C, S, "HELLO");
        wire.c(ACK, C + 3, S, "LOWORLD");

        assertEquals(List.of("C:HELLO@4", "C:WORLD@5"), factory.only().log);
        assertEquals(1, count(Counter.OVERLAPS));
        assertEquals(0, count(Counter.OVERLAP_CONFLICTS));
        assertEquals(0, count(Counter.RETRANSMISSIONS));
    }

    @Test
    void manyPiecesHeldBehindOneHole_areAllDeliveredInOrderWhenTheHoleFills() {
        // 20,000 one-byte pieces after a one-byte hole, then the hole. (How fast this runs is a
        // matter for the benchmark, not for a unit test on a shared machine.)
        int pieces = 20_000;
        useLimits(TcpLimits.defaults().withBuffer(1 << 20, pieces));
        wire.handshake(1000, 5000);
        for (int i = 1; i <= pieces; i++) {
            wire.c(ACK, C + i, S, "b");
        }
        wire.c(ACK, C, S, "a");

        List<String> log = factory.only().log;
        assertEquals(pieces + 1, log.size());
        assertEquals("C:a@" + (pieces + 4), log.get(0));
        assertEquals("C:b@4", log.get(1));
        assertEquals("C:b@" + (pieces + 3), log.get(pieces));
        assertEquals(pieces, count(Counter.OUT_OF_ORDER_BUFFERED));
        assertEquals(0, count(Counter.GAPS));
    }

    @Test
    void outOfOrderBufferFull_skipsTheHoleAsAGap() {
        useLimits(TcpLimits.defaults().withBuffer(1 << 20, 2));
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 3, S, "BBB");
        wire.c(ACK, C + 6, S, "CCC");
        wire.c(ACK, C + 9, S, "DDD");

        assertEquals(List.of("C:gap(3)@6", "C:BBB@4", "C:CCC@5", "C:DDD@6"), factory.only().log);
        assertEquals(1, count(Counter.BUFFER_LIMIT_GAPS));
        assertEquals(1, count(Counter.GAPS));
        assertEquals(3, count(Counter.GAP_BYTES));
    }

    @Test
    void outOfOrderBufferFullByBytes_skipsTheHoleAsAGap() {
        useLimits(TcpLimits.defaults().withBuffer(4, 1024));
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 3, S, "BBB");
        wire.c(ACK, C + 6, S, "CC");

        assertEquals(List.of("C:gap(3)@5", "C:BBB@4", "C:CC@5"), factory.only().log);
        assertEquals(1, count(Counter.BUFFER_LIMIT_GAPS));
    }

    @Test
    void outOfOrderBytesBeyondTheBudgetAcrossFlows_skipTheHoleOfTheFlowThatWouldExceedIt() {
        useLimits(TcpLimits.defaults().withMaxBufferedBytesTotal(6));
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 3, S, "BBB");
        wire.clientPort = 40001;
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 3, S, "BBB");
        assertEquals(6, table.bufferedBytesTotal(), "two flows hold 3 bytes each: the budget is full");
        wire.c(ACK, C + 6, S, "CCC");

        RecordingFactory.Session first = factory.sessions.get(0);
        RecordingFactory.Session second = factory.sessions.get(1);
        assertEquals(List.of("C:gap(3)@9", "C:BBB@8", "C:CCC@9"), second.log, "behaves as at its own buffer limit");
        assertEquals(List.of(), first.log, "the other flow keeps what it holds");
        assertEquals(1, count(Counter.GLOBAL_BUFFER_LIMIT_GAPS));
        assertEquals(0, count(Counter.BUFFER_LIMIT_GAPS));
        assertEquals(3, table.bufferedBytesTotal());

        wire.clientPort = 40000;
        wire.c(ACK, C, S, "AAA");
        assertEquals(List.of("C:AAA@10", "C:BBB@4"), first.log);
        assertEquals(0, table.bufferedBytesTotal());
    }

    @Test
    void closedFlow_givesItsHeldBytesBackToTheBudget() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 3, S, "BBB");
        wire.c(ACK, C + 9, S, "DDD");
        assertEquals(6, table.bufferedBytesTotal());
        wire.c(RST | ACK, C + 12, S, "");
        assertEquals(6, table.bufferedBytesTotal(), "held while the RST's grace runs");
        afterTheRstGrace();
        assertEquals(0, table.bufferedBytesTotal());
    }

    /** Capture time passes beyond an RST's grace: a SYN of another connection, later. */
    private void afterTheRstGrace() {
        wire.timeMicros += FlowTable.RST_GRACE_MICROS + 1;
        int port = wire.clientPort;
        wire.clientPort = 40999;
        wire.c(SYN, 1, 0, "");
        wire.clientPort = port;
    }

    @Test
    void peerAcknowledgesBytesNeverCaptured_gapIsDeclaredWhenLaterBytesArrive() {
        wire.handshake(1000, 5000);
        // Client bytes 1001..1003 ("AAA") are not in the capture.
        wire.c(ACK, C + 3, S, "BBB");
        wire.s(ACK, S, C + 6, "");
        assertEquals(List.of(), factory.only().log, "an ACK alone does not declare the gap");
        wire.c(ACK, C + 6, S, "CCC");

        assertEquals(List.of("C:gap(3)@6", "C:BBB@4", "C:CCC@6"), factory.only().log);
        assertEquals(1, count(Counter.GAPS_ACKED));
    }

    @Test
    void acknowledgementBeyondAnyPossibleWindow_isIgnoredNotAHugeGap() {
        wire.handshake(1000, 5000);
        wire.c(PSH | ACK, C, S, "EHLO a");
        wire.s(ACK, S, C + 6 + (1 << 30) + 1, "");
        wire.c(PSH | ACK, C + 6, S, "QUIT");
        table.closeAll(99, 0);

        assertEquals(List.of("C:EHLO a@4", "C:QUIT@6", "close(END_OF_CAPTURE)@99"), factory.only().log);
        assertEquals(1, count(Counter.IMPLAUSIBLE_ACKS));
        assertEquals(0, count(Counter.GAP_BYTES));
    }

    @Test
    void oneBadTimestampDecadesAhead_doesNotTimeTheConnectionOut() {
        wire.c(SYN, 1000, 0, "");
        wire.timeMicros = 1_500_000_000_000_000L;
        wire.s(SYN | ACK, 5000, C, "");
        wire.timeMicros = 10;
        wire.c(ACK, C, S, "");
        wire.s(PSH | ACK, S, C, "220 hi");

        assertEquals(1, factory.sessions.size());
        assertEquals(List.of("S:220 hi@4"), factory.only().log);
        assertEquals(1, count(Counter.TIMESTAMP_JUMPS));
    }

    @Test
    void connectionOpeningTheLaterPartOfAConcatenatedCapture_isNotTimedOutByTheJump() {
        // ndpi smtp-starttls-vlan-ipv6.pcap: a second capture, four years later, is appended.
        wire.handshake(1000, 5000);
        wire.clientPort = 40001;
        wire.timeMicros = 4L * 365 * 24 * HOUR_MICROS;
        wire.c(SYN, 7000, 0, "");
        wire.timeMicros += 700;
        wire.s(SYN | ACK, 9000, 7001, "");
        wire.c(PSH | ACK, 7001, 9001, "EHLO b");

        assertEquals(2, factory.sessions.size());
        assertEquals(List.of("C:EHLO b@6"), factory.sessions.get(1).log);
        assertEquals(1, count(Counter.TIMESTAMP_JUMPS_CONFIRMED));
    }

    @Test
    void finAfterAHoleWithHeldBytes_reportsTheGapThenTheBytesThenCloses() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 3, S, "BBB");
        wire.c(FIN | ACK, C + 6, S, "");
        assertEquals(List.of(), factory.only().log);
        wire.s(FIN | ACK, S, C + 7, "");

        assertEquals(List.of("C:gap(3)@6", "C:BBB@4", "close(FIN)@6"), factory.only().log);
    }

    @Test
    void segmentCutBySnaplen_deliversTheCapturedPartThenAGapForTheTail() {
        wire.handshake(1000, 5000);
        wire.send(false, PSH | ACK, S, C, "220 mail", 20);
        wire.s(PSH | ACK, S + 20, C, "250");

        assertEquals(List.of("S:220 mail@4", "S:gap(12)@4", "S:250@5"), factory.only().log);
        assertEquals(1, count(Counter.SNAPLEN_TRUNCATED_SEGMENTS));
        assertEquals(12, count(Counter.GAP_BYTES));
    }

    @Test
    void segmentWithNoCapturedPayload_isAPureGap() {
        wire.handshake(1000, 5000);
        wire.send(false, PSH | ACK, S, C, "", 10);
        wire.s(PSH | ACK, S + 10, C, "250");

        assertEquals(List.of("S:gap(10)@4", "S:250@5"), factory.only().log);
    }

    @Test
    void sequenceNumbersWrappingAt2Pow32_reassembleAcrossZero() {
        int isn = 0xFFFFFFF0;
        wire.handshake(isn, 5000);
        // Fifteen bytes 0xFFFFFFF1..0xFFFFFFFF, then bytes from 0 on.
        wire.c(ACK, 0, S, "after-wrap");
        wire.c(ACK, isn + 1, S, "before-the-wrap");
        wire.c(ACK, isn + 1, S, "before-the-wrap");
        wire.c(FIN | ACK, 10, S, "");
        wire.s(FIN | ACK, S, 11, "");

        assertEquals(List.of("C:before-the-wrap@5", "C:after-wrap@4", "close(FIN)@8"), factory.only().log);
        assertEquals(1, count(Counter.RETRANSMISSIONS));
        assertEquals(0, count(Counter.GAPS));
    }

    @Test
    void newSynAfterBothFins_startsASecondSessionOnTheSameFourTuple() {
        wire.handshake(1000, 5000);
        wire.c(PSH | ACK, C, S, "QUIT");
        wire.c(FIN | ACK, C + 4, S, "");
        wire.s(FIN | ACK, S, C + 5, "");
        wire.c(ACK, C + 5, S + 1, "");
        wire.c(SYN, 9000, 0, "");
        wire.s(SYN | ACK, 6000, 9001, "");
        wire.c(PSH | ACK, 9001, 6001, "EHLO b");

        assertEquals(2, factory.sessions.size());
        assertEquals(List.of("C:QUIT@4", "close(FIN)@6"), factory.sessions.get(0).log);
        assertEquals("192.0.2.1:40000>198.51.100.2:25 handshake@8", factory.sessions.get(1).opened);
        assertEquals(List.of("C:EHLO b@10"), factory.sessions.get(1).log);
        assertEquals(2, count(Counter.FLOWS_OPENED));
    }

    @Test
    void sameConnectionReplayedAfterItClosed_isASecondSessionEvenWithTheSameIsn() {
        for (int run = 0; run < 2; run++) {
            wire.handshake(1000, 5000);
            wire.c(PSH | ACK, C, S, "QUIT");
            wire.c(FIN | ACK, C + 4, S, "");
            wire.s(FIN | ACK, S, C + 5, "");
            wire.c(ACK, C + 5, S + 1, "");
        }

        assertEquals(2, factory.sessions.size());
        assertEquals(List.of("C:QUIT@4", "close(FIN)@6"), factory.sessions.get(0).log);
        assertEquals(List.of("C:QUIT@11", "close(FIN)@13"), factory.sessions.get(1).log);
    }

    @Test
    void synRetriedWithTheSameIsnAfterARefusal_isStillOneAttempt() {
        // zeek/pop3.pcap: a Windows client sends the same SYN three times, each answered by RST.
        for (int attempt = 0; attempt < 3; attempt++) {
            wire.c(SYN, 1000, 0, "");
            wire.s(RST | ACK, 0, 1001, "");
        }

        assertEquals(1, factory.sessions.size());
        assertEquals(List.of("close(RST)@2"), factory.only().log);
    }

    @Test
    void synWithANewIsnAfterARefusal_isANewAttempt() {
        wire.c(SYN, 1000, 0, "");
        wire.s(RST | ACK, 0, 1001, "");
        wire.c(SYN, 7000, 0, "");
        table.closeAll(9, wire.timeMicros);

        assertEquals(2, factory.sessions.size());
        assertEquals(List.of("close(RST)@2"), factory.sessions.get(0).log);
        assertEquals(List.of("close(END_OF_CAPTURE)@9"), factory.sessions.get(1).log);
    }

    @Test
    void lateDuplicateOfTheOriginalSyn_doesNotStartANewSession() {
        wire.handshake(1000, 5000);
        wire.c(PSH | ACK, C, S, "EHLO a");
        wire.c(SYN, 1000, 0, "");
        wire.c(PSH | ACK, C + 6, S, "MAIL");

        assertEquals(List.of("C:EHLO a@4", "C:MAIL@6"), factory.only().log);
        assertEquals(0, count(Counter.FLOWS_CLOSED_PORT_REUSE));
    }

    @Test
    void newSynOnAnOpenFlowThatExchangedData_closesTheOldSessionAsPortReuse() {
        wire.handshake(1000, 5000);
        wire.s(PSH | ACK, S, C, "220");
        wire.c(SYN, 9000, 0, "");

        assertEquals(List.of("S:220@4", "close(PORT_REUSE)@5"), factory.sessions.get(0).log);
        assertEquals(1, factory.sessions.size(), "the new connection's session opens with its first byte");
        wire.s(SYN | ACK, 4000, 9001, "");
        wire.c(ACK, 9001, 4001, "");
        wire.s(PSH | ACK, 4001, 9001, "220");
        assertEquals(2, factory.sessions.size());
        assertEquals(List.of("S:220@8"), factory.sessions.get(1).log);
        assertEquals(1, count(Counter.FLOWS_CLOSED_PORT_REUSE));
    }

    @Test
    void rst_closesOnceItsGracePassedReportingTheHoleAndDeliveringHeldBytesAsOfTheRst() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 3, S, "BBB");
        wire.s(PSH | ACK, S, C, "220");
        wire.c(RST | ACK, C + 6, S + 3, "");
        wire.s(ACK, S + 3, C + 6, "");
        assertEquals(List.of("S:220@5"), factory.sessions.get(0).log, "open during the grace");

        afterTheRstGrace();
        assertEquals(List.of("S:220@5", "C:gap(3)@6", "C:BBB@4", "close(RST)@6"), factory.sessions.get(0).log);
        assertEquals(1, count(Counter.FLOWS_CLOSED_RST));
        assertEquals(0, count(Counter.RSTS_NOT_HONOURED));
    }

    @Test
    void rstAfterWhichTheConnectionGoesOn_wasNotTakenAndTheSessionGoesOn() {
        wire.handshake(1000, 5000);
        wire.s(PSH | ACK, S, C, "220");
        wire.s(RST | ACK, S + 3, C, "");
        wire.c(PSH | ACK, C, S + 3, "AUTH");
        wire.s(PSH | ACK, S + 3, C + 4, "235");
        afterTheRstGrace();

        assertEquals(List.of("S:220@4", "C:AUTH@6", "S:235@7"), factory.sessions.get(0).log);
        assertEquals(1, count(Counter.RSTS_NOT_HONOURED));
        assertEquals(0, count(Counter.FLOWS_CLOSED_RST));
        table.closeAll(99, wire.timeMicros);
        assertEquals("close(END_OF_CAPTURE)@99", factory.sessions.get(0).log.get(3));
    }

    @Test
    void rstThenEndOfCaptureWithinTheGrace_closesAsOfTheRst() {
        wire.handshake(1000, 5000);
        wire.s(PSH | ACK, S, C, "220");
        wire.c(RST | ACK, C, S + 3, "");
        table.closeAll(99, wire.timeMicros);
        assertEquals(List.of("S:220@4", "close(RST)@5"), factory.sessions.get(0).log);
    }

    @Test
    void flowSilentLongerThanTheIdleTimeout_isClosedByTheNextSweep() {
        useLimits(TcpLimits.defaults().withIdleTimeoutMicros(10_000_000));
        wire.handshake(1000, 5000);
        wire.c(PSH | ACK, C, S, "EHLO");
        wire.timeMicros = 20_000_000;
        wire.clientPort = 40001;
        wire.c(SYN, 1, 0, "");

        assertEquals(List.of("C:EHLO@4", "close(IDLE_TIMEOUT)@5"), factory.sessions.get(0).log);
        assertEquals(1, count(Counter.FLOWS_CLOSED_IDLE_TIMEOUT));
        assertEquals(1, table.size());
    }

    @Test
    void flowLimitReached_evictsTheLeastRecentlyActiveFlow() {
        useLimits(TcpLimits.defaults().withMaxFlows(2));
        wire.clientPort = 40001;
        wire.c(SYN, 1000, 0, "");
        wire.clientPort = 40002;
        wire.c(SYN, 2000, 0, "");
        wire.clientPort = 40001;
        wire.c(SYN, 1000, 0, "");
        wire.clientPort = 40003;
        wire.c(SYN, 3000, 0, "");

        // Only the evicted flow's session was opened (to be closed): the others carried no byte yet.
        assertEquals(1, factory.sessions.size());
        assertEquals(List.of("close(EVICTED)@4"), factory.sessions.get(0).log);
        assertEquals(1, count(Counter.FLOWS_EVICTED));
        assertEquals(1, count(Counter.FLOWS_CLOSED_EVICTED));
        assertEquals(2, table.size());
        table.closeAll(9, wire.timeMicros);
        assertEquals(3, factory.sessions.size());
    }

    @Test
    void packetsWithoutAServerPort_areIgnored() {
        wire.serverPort = 8080;
        wire.c(SYN, 1000, 0, "");
        wire.c(PSH | ACK, C, S, "GET /");

        assertEquals(0, factory.sessions.size());
        assertEquals(2, count(Counter.PACKETS_IGNORED_NOT_SERVER_PORT));
        assertEquals(0, table.size());
    }

    @Test
    void pureAckFinOrRstWithoutAFlow_doesNotCreateOne() {
        wire.c(ACK, C, S, "");
        wire.c(FIN | ACK, C, S, "");
        wire.s(RST, S, 0, "");

        assertEquals(0, factory.sessions.size());
        assertEquals(3, count(Counter.PACKETS_IGNORED_NO_FLOW));
        wire.c(PSH | ACK, C, S, "DATA");
        assertEquals(List.of("C:DATA@4"), factory.only().log);
    }

    @Test
    void synRetransmittedWithANewIsn_restartsTheClientDirection() {
        wire.c(SYN, 1000, 0, "");
        wire.c(SYN, 2000, 0, "");
        wire.s(SYN | ACK, 5000, 2001, "");
        wire.c(ACK, 2001, S, "");
        wire.c(PSH | ACK, 2001, S, "EHLO");

        assertEquals(List.of("C:EHLO@5"), factory.only().log);
        assertEquals(1, count(Counter.SYN_ISN_RESETS));
        assertEquals(1, count(Counter.FLOWS_OPENED));
    }

    @Test
    void synAckWithoutCapturedSyn_makesItsReceiverTheClient() {
        wire.s(SYN | ACK, 5000, C, "");
        wire.c(PSH | ACK, C, S, "EHLO");

        assertEquals("192.0.2.1:40000>198.51.100.2:25 handshake@1", factory.only().opened);
        assertEquals(List.of("C:EHLO@2"), factory.only().log);
    }

    @Test
    void endOfCapture_reportsHolesAsGapsThenHeldBytesThenCloses() {
        wire.handshake(1000, 5000);
        wire.c(ACK, C + 3, S, "BBB");
        wire.c(ACK, C + 9, S, "DDD");
        table.closeAll(50, 0);

        assertEquals(List.of("C:gap(3)@50", "C:BBB@4", "C:gap(3)@50", "C:DDD@5", "close(END_OF_CAPTURE)@50"),
                factory.only().log);
        assertEquals(0, table.size());
    }

    @Test
    void keepAliveProbe_isNeitherDataNorAConflict() {
        wire.handshake(1000, 5000);
        wire.c(PSH | ACK, C, S, "EHLO");
        wire.c(ACK, C + 3, S, "\0");

        assertEquals(List.of("C:EHLO@4"), factory.only().log);
        assertEquals(1, count(Counter.KEEPALIVES));
        assertEquals(0, count(Counter.OVERLAP_CONFLICTS));
    }

    @Test
    void statsView_listsEveryCounterInOrder() {
        wire.handshake(1000, 5000);
        wire.s(PSH | ACK, S, C, "220");
        var map = table.stats().asMap();
        assertEquals("flows_opened", map.keySet().iterator().next());
        assertEquals(TcpStats.Counter.values().length, map.size());
        assertEquals(1L, map.get("flows_opened"));
        assertTrue(map.containsKey("flows_closed_end_of_capture"));
    }
    @Test
    void retransmissionReachingBeyondTheRecentWindow_isCountedUnchecked() {
        useLimits(TcpLimits.defaults().withRecentWindowBytes(4));
        wire.handshake(1000, 5000);
        wire.c(ACK, C, S, "ABCDEFGH");
        wire.c(ACK, C, S, "ABCDEFGH");

        assertEquals(List.of("C:ABCDEFGH@4"), factory.only().log);
        assertEquals(1, count(Counter.OVERLAPS_UNCHECKED));
        assertEquals(0, count(Counter.OVERLAP_CONFLICTS));
    }

    @Test
    void pureAckFromTheSenderBeyondAnAcknowledgedHole_declaresTheGap() {
        wire.handshake(1000, 5000);
        // Client bytes 1001..1004 ("QUIT") are not in the capture; the server acknowledges them.
        wire.s(ACK, S, C + 4, "");
        wire.c(ACK, C + 4, S, "");

        assertEquals(List.of("C:gap(4)@5"), factory.only().log);
        assertEquals(1, count(Counter.GAPS_ACKED));
    }

    @Test
    void gapAfterAcknowledgedFin_closesWithTheGapReported() {
        wire.handshake(1000, 5000);
        wire.c(FIN | ACK, C + 4, S, "");
        assertEquals(List.of(), factory.only().log, "the missing bytes might still be retransmitted");
        wire.s(ACK, S, C + 5, "");
        wire.s(FIN | ACK, S, C + 5, "");

        assertEquals(List.of("C:gap(4)@5", "close(FIN)@6"), factory.only().log);
    }

    @Test
    void factoryDecliningAConnection_leavesItUntracked() {
        FlowTable declining = new FlowTable(TcpLimits.defaults(), port -> port == 25, (e, f, t) -> null);
        Wire w = new Wire(declining);
        w.handshake(1000, 5000);
        w.c(PSH | ACK, C, S, "EHLO");

        assertEquals(1, declining.stats().get(Counter.FLOWS_IGNORED_BY_FACTORY));
        assertEquals(0, declining.stats().get(Counter.FLOWS_OPENED));
        assertEquals(1, declining.size());
    }

    @Test
    void inOrderSegmentsOfAnOpenFlow_allocateNothing() {
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] delivered = new long[1];
        StreamListener counting = new StreamListener() {
            @Override
            public void onData(boolean fromClient, byte[] data, int offset, int length, long frame, long time) {
                delivered[0] += length;
            }

            @Override
            public void onGap(boolean fromClient, long length, long frame, long time) {
            }

            @Override
            public void onClose(CloseReason reason, long frame, long time) {
            }
        };
        FlowTable t = new FlowTable(TcpLimits.defaults(), port -> port == 25, (e, f, time) -> counting);
        DecodedPacket p = new DecodedPacket();
        p.srcLo = Wire.CLIENT_LO;
        p.dstLo = Wire.SERVER_LO;
        p.srcPort = 40000;
        p.dstPort = 25;
        p.flags = SYN;
        p.seq = 1000;
        p.frame = new byte[64];
        t.onPacket(p, 1, 0);
        p.flags = ACK | PSH;
        p.payloadOffset = 4;
        p.payloadLength = 60;
        p.wirePayloadLength = 60;
        int seq = 1001;
        long frame = 2;
        for (int i = 0; i < 20_000; i++, frame++, seq += 60) {
            p.seq = seq;
            t.onPacket(p, frame, 0);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 20_000; i++, frame++, seq += 60) {
            p.seq = seq;
            t.onPacket(p, frame, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        assertEquals(40_000L * 60, delivered[0]);
        // The idle sweep makes one iterator every 4096 packets; anything per packet would cost
        // at least 16 bytes x 20,000.
        assertTrue(allocated < 8_192, "allocated " + allocated + " bytes for 20,000 segments");
    }
}
