package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.ProtocolAnomaly;
import org.stripscope.mail.event.StartTlsRequested;
import org.stripscope.tcp.TcpStats.Counter;

/**
 * A finding must not disappear because of how TCP delivered the bytes. Each test delivers the
 * same SMTP conversation (STARTTLS masked by a middlebox in the EHLO reply, then AUTH PLAIN in
 * the clear: findings starttls-mangled and plaintext-auth) with one trick, through the real
 * flow table, SMTP session and detectors, and expects the same findings.
 */
class EvasionTest {

    private static final boolean C = true;
    private static final boolean S = false;

    private static final String GREETING = "220 mx.example ESMTP\r\n";
    private static final String EHLO = "EHLO client.example\r\n";
    private static final String MASKED_CAPS = "250-mx.example\r\n250-PIPELINING\r\n250-XXXXXXXA\r\n250 AUTH PLAIN LOGIN\r\n";
    private static final String STARTTLS_CAPS = "250-mx.example\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n";
    private static final String AUTH = "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n";
    private static final String AUTH_OK = "235 2.7.0 Authentication successful\r\n";

    private static final List<String> BOTH = List.of("starttls-mangled", "plaintext-auth");

    private final HostileConnection c = new HostileConnection();

    /** The conversation after the handshake, each turn in one segment. */
    private void conversation(HostileConnection h) {
        h.send(S, GREETING);
        h.send(C, EHLO);
        h.send(S, MASKED_CAPS);
        h.send(C, AUTH);
        h.send(S, AUTH_OK);
        h.send(C, "QUIT\r\n");
        h.send(S, "221 2.0.0 Bye\r\n");
        h.finish();
    }

    @Test
    void oneSegmentPerTurn_reportsTheMaskedStarttlsAndThePlaintextAuth() {
        c.handshake();
        conversation(c);
        assertEquals(BOTH, c.findingCodes());
    }

    @Test
    void everyByteInItsOwnSegment_sameFindings() {
        c.handshake();
        c.sendInPieces(S, GREETING, 1);
        c.sendInPieces(C, EHLO, 1);
        c.sendInPieces(S, MASKED_CAPS, 1);
        c.sendInPieces(C, AUTH, 1);
        c.sendInPieces(S, AUTH_OK, 1);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
    }

    @Test
    void starttlsCommandAndCapabilitySplitByteByByte_areStillRecognised() {
        c.handshake();
        c.send(S, GREETING);
        c.sendInPieces(C, EHLO, 1);
        c.sendInPieces(S, STARTTLS_CAPS, 1);
        c.sendInPieces(C, "STARTTLS\r\n", 1);
        c.sendInPieces(S, "220 2.0.0 Ready to start TLS\r\n", 1);
        c.finish();
        assertTrue(c.events.stream().anyMatch(e -> e instanceof CapabilitiesSeen cs && cs.keywords().contains("STARTTLS")),
                c.events.toString());
        assertTrue(c.events.stream().anyMatch(e -> e instanceof StartTlsRequested), c.events.toString());
        assertTrue(c.eventKinds().contains("StartTlsReplied"), c.eventKinds().toString());
    }

    @Test
    void segmentsOfEveryTurnInReverseOrder_sameFindings() {
        c.handshake();
        c.sendInPiecesReversed(S, GREETING, 3);
        c.sendInPiecesReversed(C, EHLO, 3);
        c.sendInPiecesReversed(S, MASKED_CAPS, 5);
        c.sendInPiecesReversed(C, AUTH, 4);
        c.sendInPiecesReversed(S, AUTH_OK, 2);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
        assertTrue(c.count(Counter.OUT_OF_ORDER_BUFFERED) > 0);
        assertEquals(0, c.count(Counter.GAPS));
    }

    @Test
    void retransmissionWithDifferentContent_theFirstCopyIsBelievedAndTheConflictCounted() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        long capsAt = c.serverSent;
        c.send(S, MASKED_CAPS);
        // A "retransmission" of the same sequence range that un-masks the keyword: whoever sent
        // it, the bytes the session already parsed stay (first copy wins, RFC 9293 §3.10.7.4).
        c.at(S, capsAt, STARTTLS_CAPS);
        c.send(C, AUTH);
        c.send(S, AUTH_OK);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
        assertEquals(1, c.count(Counter.OVERLAP_CONFLICTS));
        // The session says so, naming the segment that was not believed.
        List<String> said = c.events.stream()
                .filter(e -> e instanceof org.stripscope.mail.event.ProtocolAnomaly a && a.reason().equals("overlap-conflict"))
                .map(e -> ((org.stripscope.mail.event.ProtocolAnomaly) e).evidence()).toList();
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("server bytes from stream offset "), said.get(0));
        assertTrue(said.get(0).endsWith("differ from those already read; the first copy was kept"), said.get(0));
    }

    @Test
    void retransmissionWithDifferentContent_isToldToTheListenerWithItsPositionAndFrame() {
        List<String> told = new java.util.ArrayList<>();
        FlowTable table = new FlowTable(TcpLimits.defaults(), port -> port == 25, (e, f, t) -> new StreamListener() {
            @Override
            public void onData(boolean fromClient, byte[] data, int offset, int length, long frame, long timeMicros) {
            }

            @Override
            public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
            }

            @Override
            public void onOverlapConflict(boolean fromClient, long streamOffset, long frame, long timeMicros) {
                told.add((fromClient ? "client" : "server") + " offset " + streamOffset + " frame " + frame);
            }

            @Override
            public void onClose(CloseReason reason, long frame, long timeMicros) {
            }
        });
        Wire wire = new Wire(table);
        wire.handshake(1000, 5000);
        wire.s(DecodedPacket.PSH | DecodedPacket.ACK, 5001, 1001, GREETING);
        wire.s(DecodedPacket.PSH | DecodedPacket.ACK, 5001 + GREETING.length(), 1001, MASKED_CAPS);
        wire.s(DecodedPacket.PSH | DecodedPacket.ACK, 5001 + GREETING.length(), 1001, STARTTLS_CAPS);
        wire.s(DecodedPacket.PSH | DecodedPacket.ACK, 5001 + GREETING.length(), 1001, MASKED_CAPS);
        assertEquals(List.of("server offset " + GREETING.length() + " frame 6"), told);
    }

    @Test
    void retransmissionThatMasksAfterTheFact_doesNotRewriteWhatWasParsed() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        long capsAt = c.serverSent;
        c.send(S, STARTTLS_CAPS);
        c.at(S, capsAt, MASKED_CAPS);
        c.send(C, AUTH);
        c.send(S, AUTH_OK);
        c.finish();
        assertEquals(List.of("plaintext-auth"), c.findingCodes());
        assertEquals(1, c.count(Counter.OVERLAP_CONFLICTS));
    }

    @Test
    void overlappingSegments_sameFindingsAndNoConflict() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        long caps = c.serverSent;
        c.at(S, caps, MASKED_CAPS.substring(0, 30));
        c.at(S, caps + 20, MASKED_CAPS.substring(20, 60));
        c.at(S, caps + 10, MASKED_CAPS.substring(10));
        c.advance(S, MASKED_CAPS.length());
        long auth = c.clientSent;
        c.at(C, auth + 12, AUTH.substring(12));
        c.at(C, auth, AUTH.substring(0, 20));
        c.advance(C, AUTH.length());
        c.send(S, AUTH_OK);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
        assertTrue(c.count(Counter.OVERLAPS) >= 3, c.table.stats().toString());
        assertEquals(0, c.count(Counter.OVERLAP_CONFLICTS));
    }

    @Test
    void urgentPointerOnTheAuthSegment_bytesStayInTheStream() {
        // Hosts differ on whether the urgent byte is part of the stream (RFC 6093); the analyser
        // keeps every byte, so URG cannot hide a line from it.
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        c.send(S, MASKED_CAPS);
        byte[] auth = HostileConnection.latin1(AUTH);
        c.at(C, c.clientSent, auth, 0, auth.length, DecodedPacket.URG | DecodedPacket.PSH | DecodedPacket.ACK, 5);
        c.advance(C, auth.length);
        c.send(S, AUTH_OK);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
    }

    @Test
    void zeroWindowProbeThenTheFullSegment_sameFindingsNoConflict() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        c.send(S, MASKED_CAPS);
        // The server's window is closed: the client probes with the first byte of its next
        // segment, which the server does not take; later the whole line comes from that offset.
        c.window = 0;
        c.bare(S, DecodedPacket.ACK, 0);
        c.at(C, c.clientSent, AUTH.substring(0, 1));
        c.bare(S, DecodedPacket.ACK, 0);
        c.window = 65535;
        c.send(C, AUTH);
        c.send(S, AUTH_OK);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
        assertEquals(0, c.count(Counter.OVERLAP_CONFLICTS));
    }

    @Test
    void synRetransmittedWithANewIsn_sameFindings() {
        c.bare(C, DecodedPacket.SYN, -1);
        c.clientIsn = 777_000;
        c.handshake();
        conversation(c);
        assertEquals(BOTH, c.findingCodes());
        assertEquals(1, c.count(Counter.SYN_ISN_RESETS));
    }

    @Test
    void rstInjectedMidSessionOutsideTheWindow_isIgnoredAndTheSessionGoesOn() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        c.send(S, MASKED_CAPS);
        // A forged RST "from the server" half the sequence space away from its stream.
        c.bare(S, DecodedPacket.RST, 1 << 31);
        c.bare(C, DecodedPacket.RST | DecodedPacket.ACK, 5_000_000);
        c.send(C, AUTH);
        c.send(S, AUTH_OK);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
        assertEquals(2, c.count(Counter.RSTS_OUT_OF_WINDOW));
        assertEquals(0, c.count(Counter.FLOWS_CLOSED_RST));
    }

    @Test
    void rstInsideTheWindowAfterWhichTheConnectionGoesOn_isNotTakenAndTheFindingAfterItIsMade() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        c.send(S, MASKED_CAPS);
        // Forged for the analyser (a TTL too small to reach the client, say): the endpoints go on.
        c.bare(S, DecodedPacket.RST, 0);
        c.send(C, AUTH);
        c.send(S, AUTH_OK);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
        assertEquals(1, c.count(Counter.RSTS_NOT_HONOURED));
        assertEquals(0, c.count(Counter.FLOWS_CLOSED_RST));
    }

    @Test
    void rstInsideTheWindowFollowedBySilence_closesTheSessionAsOfTheRstAndKeepsTheFindingsAlreadyMade() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        c.send(S, MASKED_CAPS);
        c.bare(S, DecodedPacket.RST, 0);
        c.later(FlowTable.RST_GRACE_MICROS + 1);
        c.send(C, AUTH);
        c.finish();
        assertEquals(List.of("starttls-mangled"), c.findingCodes());
        assertEquals(1, c.count(Counter.FLOWS_CLOSED_RST));
        assertEquals(0, c.count(Counter.RSTS_NOT_HONOURED));
        assertTrue(c.count(Counter.PACKETS_AFTER_CLOSE) >= 1);
    }

    @Test
    void bareLfLineEndings_sameFindings() {
        c.handshake();
        c.send(S, GREETING.replace("\r\n", "\n"));
        c.send(C, EHLO.replace("\r\n", "\n"));
        c.send(S, MASKED_CAPS.replace("\r\n", "\n"));
        c.send(C, AUTH.replace("\r\n", "\n"));
        c.send(S, AUTH_OK.replace("\r\n", "\n"));
        c.finish();
        assertEquals(BOTH, c.findingCodes());
    }

    @Test
    void overlongLineBeforeTheAuth_isReportedAndTheAuthStillFound() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        c.send(S, MASKED_CAPS);
        c.sendInPieces(C, "NOOP " + "x".repeat(100_000) + "\r\n", 1460);
        c.send(S, "250 2.0.0 Ok\r\n");
        c.send(C, AUTH);
        c.send(S, AUTH_OK);
        c.finish();
        assertEquals(BOTH, c.findingCodes());
        assertTrue(c.events.stream().anyMatch(e -> e instanceof ProtocolAnomaly a && a.reason().equals("line-too-long")),
                c.events.toString());
    }

    @Test
    void caseVariantsOfKeywordsAndVerbs_areRecognised() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, "ehlo client.example\r\n");
        c.send(S, "250-mx.example\r\n250-StartTLS\r\n250 auth plain\r\n");
        c.send(C, "starttls\r\n");
        c.send(S, "454 4.7.0 TLS not available due to local problem\r\n");
        c.send(C, "StartTLS\r\n");
        c.send(S, "454 4.7.0 TLS not available due to local problem\r\n");
        c.send(C, "auth plain AGFsaWNlAHNlY3JldA==\r\n");
        c.send(S, AUTH_OK);
        c.finish();
        // Both refusals of the two STARTTLS spellings are seen, then the AUTH.
        assertEquals(List.of("starttls-rejected", "starttls-rejected", "plaintext-auth"), c.findingCodes());
        assertEquals(2, c.events.stream().filter(e -> e instanceof StartTlsRequested).count(), c.events.toString());
    }

    @Test
    void trailingSpacesAndTabs_doNotHideKeywordsOrCommands() {
        c.handshake();
        c.send(S, GREETING);
        c.send(C, EHLO);
        c.send(S, "250-mx.example\r\n250-XXXXXXXA \t\r\n250 AUTH PLAIN\t\r\n");
        c.send(C, "STARTTLS \t\r\n");
        c.send(S, "502 5.5.1 Unrecognized command\r\n");
        c.send(C, "AUTH PLAIN AGFsaWNlAHNlY3JldA== \t\r\n");
        c.send(S, AUTH_OK);
        c.finish();
        // The masked keyword, "STARTTLS \t" read as STARTTLS (its unknown-command answer after
        // the masked offer is command-mangled), and the AUTH with its trailing blanks.
        assertEquals(List.of("starttls-mangled", "starttls-command-mangled", "plaintext-auth"), c.findingCodes());
        assertEquals(1, c.events.stream().filter(e -> e instanceof StartTlsRequested).count(), c.events.toString());
    }
}
