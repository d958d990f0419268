package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.ProtocolAnomaly;
import org.stripscope.mail.smtp.SmtpLimits;
import org.stripscope.tcp.TcpStats.Counter;

/**
 * Pathological input stays within the documented limits (TcpLimits, SmtpLimits): the state kept
 * and the events emitted are bounded whatever the input's size, every limit reached is said once
 * (an anomaly or a counter), and findings made before or after it are not lost. Timing is not
 * asserted here (machines are noisy); scripts/gen-flood prints times and memory of the full-size
 * floods.
 */
class LimitsTest {

    private static final boolean C = true;
    private static final boolean S = false;
    private static final SmtpLimits SMTP = SmtpLimits.defaults();

    private static long anomalies(HostileConnection h, String reason) {
        return h.events.stream().filter(e -> e instanceof ProtocolAnomaly a && a.reason().equals(reason)).count();
    }

    private static void greetAndEhlo(HostileConnection h) {
        h.handshake();
        h.send(S, "220 mx.example ESMTP\r\n");
        h.send(C, "EHLO client.example\r\n");
    }

    @Test
    void ehloReplyOf100000Lines_keepsTheFirstLinesOnlyAndSaysSoOnce() {
        HostileConnection h = new HostileConnection();
        greetAndEhlo(h);
        StringBuilder chunk = new StringBuilder();
        int lines = 100_000;
        for (int i = 0; i < lines - 1; i++) {
            chunk.append("250-X-CAPABILITY-").append(i).append("\r\n");
            if (chunk.length() > 60_000) {
                h.send(S, chunk.toString());
                chunk.setLength(0);
            }
        }
        chunk.append("250 XXXXXXXA\r\n");
        h.send(S, chunk.toString());
        h.send(C, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
        h.send(S, "235 2.7.0 ok\r\n");
        h.finish();
        CapabilitiesSeen caps = (CapabilitiesSeen) h.events.stream().filter(e -> e instanceof CapabilitiesSeen)
                .findFirst().orElseThrow();
        assertTrue(caps.lines().size() <= SMTP.maxReplyLines(), "kept " + caps.lines().size() + " lines");
        assertEquals(1, anomalies(h, "too-many-reply-lines"));
        assertTrue(h.events.size() < 20, "events: " + h.events.size());
        assertTrue(h.findingCodes().contains("plaintext-auth"), h.findingCodes().toString());
    }

    @Test
    void singleLineOf10Megabytes_isCutOnceAndTheNextCommandIsParsed() {
        HostileConnection h = new HostileConnection();
        greetAndEhlo(h);
        h.send(S, "250-mx.example\r\n250 AUTH PLAIN\r\n");
        String piece = "y".repeat(65_000);
        h.send(C, "NOOP ");
        for (int sent = 0; sent < 10_000_000; sent += piece.length()) {
            h.send(C, piece);
        }
        h.send(C, "\r\n");
        h.send(S, "250 2.0.0 Ok\r\n");
        h.send(C, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
        h.send(S, "235 2.7.0 ok\r\n");
        h.finish();
        assertEquals(1, anomalies(h, "line-too-long"));
        for (MailEvent e : h.events) {
            assertTrue(e.toString().length() < 20_000, "an event holds at most a capped line: " + e.toString().length());
        }
        assertEquals(List.of("plaintext-auth"), h.findingCodes());
        assertEquals(0, h.table.bufferedBytesTotal());
    }

    @Test
    void millionPipelinedCommandsWithoutReplies_boundTheQueueAndTheAnomalies() {
        HostileConnection h = new HostileConnection();
        greetAndEhlo(h);
        h.send(S, "250-mx.example\r\n250 PIPELINING\r\n");
        String batch = "NOOP\r\n".repeat(10_000);
        for (int i = 0; i < 100; i++) {
            h.send(C, batch);
        }
        h.finish();
        // The queue keeps the newest maxPendingCommands; each overflow is an anomaly until the
        // session's anomaly limit, then the parser gives up on the session, once.
        long overflows = anomalies(h, "pending-queue-overflow");
        assertTrue(overflows >= 1 && overflows <= SMTP.maxAnomalies(), "overflow anomalies: " + overflows);
        assertTrue(h.events.size() <= SMTP.maxAnomalies() + 20, "events: " + h.events.size());
        assertTrue(anomalies(h, "parser-gave-up") <= 1);
    }

    @Test
    void pipelinesLongerThanTheQueueRepeatedAThousandTimes_doNotMakeTheParserGiveUpBeforeTheAuth() {
        HostileConnection h = new HostileConnection();
        greetAndEhlo(h);
        h.send(S, "250-mx.example\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n");
        int burst = SMTP.maxPendingCommands() + 50;
        String commands = "NOOP\r\n".repeat(burst);
        String replies = "250 ok\r\n".repeat(burst);
        for (int i = 0; i < 1000; i++) {
            h.send(C, commands);
            h.send(S, replies);
        }
        h.send(C, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
        h.send(S, "235 2.7.0 ok\r\n");
        h.finish();
        assertEquals(1000, anomalies(h, "pending-queue-overflow"), "one per overflow");
        assertEquals(0, anomalies(h, "parser-gave-up"));
        assertEquals(List.of("plaintext-auth"), h.findingCodes());
    }

    @Test
    void millionRepliesWithoutCommands_areBoundedTheSameWay() {
        HostileConnection h = new HostileConnection();
        greetAndEhlo(h);
        h.send(S, "250 mx.example\r\n");
        String batch = "250 ok\r\n".repeat(10_000);
        for (int i = 0; i < 100; i++) {
            h.send(S, batch);
        }
        h.finish();
        assertTrue(h.events.size() <= SMTP.maxAnomalies() + 20, "events: " + h.events.size());
    }

    @Test
    void dataOf200Megabytes_streamsThroughWithNothingHeld() {
        HostileConnection h = new HostileConnection();
        greetAndEhlo(h);
        h.send(S, "250-mx.example\r\n250 AUTH PLAIN\r\n");
        h.send(C, "MAIL FROM:<a@example.org>\r\n");
        h.send(S, "250 ok\r\n");
        h.send(C, "RCPT TO:<b@example.org>\r\n");
        h.send(S, "250 ok\r\n");
        h.send(C, "DATA\r\n");
        h.send(S, "354 go ahead\r\n");
        String body = ("Subject: x\r\n" + "z".repeat(1000) + "\r\n").repeat(60);
        long total = 0;
        while (total < 200L << 20) {
            h.send(C, body);
            total += body.length();
        }
        h.send(C, "\r\n.\r\n");
        h.send(S, "250 queued\r\n");
        h.send(C, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
        h.send(S, "235 2.7.0 ok\r\n");
        h.finish();
        assertTrue(h.events.size() < 30, "events: " + h.events.size() + " " + h.events.subList(0, Math.min(10, h.events.size())));
        assertEquals(List.of("plaintext-auth"), h.findingCodes());
        assertEquals(0, h.count(Counter.GAPS));
    }

    @Test
    void floodOfHalfOpenFlows_staysWithinTheFlowLimitAndCountsEvictions() {
        HostileConnection h = new HostileConnection(TcpLimits.defaults().withMaxFlows(1000), SMTP);
        int flows = 100_000;
        DecodedPacket p = new DecodedPacket();
        for (int i = 0; i < flows; i++) {
            p.ipVersion = 4;
            p.srcHi = 0;
            p.dstHi = 0;
            p.srcLo = HostileConnection.CLIENT + (i >>> 16);
            p.dstLo = HostileConnection.SERVER;
            p.srcPort = 1024 + (i & 0xffff) % 60_000;
            p.dstPort = 25;
            p.seq = i;
            p.flags = DecodedPacket.SYN;
            p.frame = new byte[0];
            p.payloadLength = 0;
            p.wirePayloadLength = 0;
            h.table.onPacket(p, i + 1, i);
            assertTrue(h.table.size() <= 1000);
        }
        assertEquals(flows - 1000, h.count(Counter.FLOWS_EVICTED));
        assertEquals(flows - 1000, h.count(Counter.FLOWS_CLOSED_EVICTED));
        // A real session after the flood is analysed as usual.
        h.clientIsn = 42;
        greetAndEhlo(h);
        h.send(S, "250-mx.example\r\n250 AUTH PLAIN\r\n");
        h.send(C, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
        h.send(S, "235 2.7.0 ok\r\n");
        h.finish();
        assertEquals(List.of("plaintext-auth"), h.findingCodes());
    }

    @Test
    void outOfOrderFloodInOneFlow_holdsAtMostTheBufferLimitAndDeclaresGaps() {
        HostileConnection h = new HostileConnection(TcpLimits.defaults().withBuffer(64 * 1024, 1024), SMTP);
        greetAndEhlo(h);
        byte[] piece = HostileConnection.latin1("q".repeat(1000));
        // The byte after the EHLO never arrives; 10 MB follow it, each piece ahead of the hole.
        long base = h.clientSent + 1;
        for (int i = 0; i < 10_000; i++) {
            h.at(C, base + (long) i * 1000, piece, 0, piece.length, DecodedPacket.PSH | DecodedPacket.ACK, 0);
            assertTrue(h.table.bufferedBytesTotal() <= 64 * 1024, "held " + h.table.bufferedBytesTotal());
        }
        h.table.closeAll(h.frame + 1, 0);
        assertTrue(h.count(Counter.BUFFER_LIMIT_GAPS) >= 1);
        assertEquals(0, h.table.bufferedBytesTotal());
    }
}
