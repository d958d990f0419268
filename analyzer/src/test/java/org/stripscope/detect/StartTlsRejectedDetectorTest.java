package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.PacketTraits;

class StartTlsRejectedDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(
            List.of(new StartTlsCommandMangledDetector(), new StartTlsRejectedDetector()), findings::add);
    private final SessionInfo smtp = Events.smtp(1, "192.0.2.10");

    private void feed(MailEvent... events) {
        for (MailEvent e : events) {
            detection.accept(e);
        }
    }

    /** The server's greeting and EHLO reply: Linux, TTL 63 after one hop, IDs rising by one, timestamps. */
    private static final PacketTraits GREETING = Events.traits(4, 63, 4101, "nop,nop,ts");
    private static final PacketTraits EHLO_REPLY = Events.traits(6, 63, 4102, "nop,nop,ts");

    private Finding refusal(PacketTraits reply) {
        feed(Events.caps(smtp, 6, "EHLO", "STARTTLS"),
                Events.replied(smtp, reply.frame(), false, "454", "454 4.7.0 TLS not available\\r\\n", reply, GREETING, EHLO_REPLY));
        assertEquals(1, findings.size());
        assertEquals(FindingCode.STARTTLS_REJECTED, findings.get(0).code());
        return findings.get(0);
    }

    @Test
    void serverMisconfiguration454WithTheServersOwnTraits_isMediumWithoutInjectionNote() {
        Finding f = refusal(Events.traits(8, 63, 4103, "nop,nop,ts"));
        assertEquals(Severity.MEDIUM, f.severity());
        assertEquals(8, f.frame());
        assertEquals("STARTTLS refused with 454 although the server offered it (frame 6)", f.detail());
    }

    @Test
    void replyWithAnotherTtl_isHighAndNamesBothValues() {
        Finding f = refusal(Events.traits(8, 255, 4103, "nop,nop,ts"));
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.detail().endsWith("the reply looks injected by a middlebox: reply TTL 255, server's other packets TTL 63"),
                f.detail());
    }

    @Test
    void replyWithAnIpIdOutsideTheServersSequence_isHigh() {
        Finding f = refusal(Events.traits(8, 63, 31337, "nop,nop,ts"));
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.detail().contains("reply IP ID 31337, server's other packets IP ID 4101..4102 (rising in small steps)"),
                f.detail());
    }

    @Test
    void replyWithIpIdZeroWhereTheServersAreNot_isHigh() {
        Finding f = refusal(Events.traits(8, 63, 0, "nop,nop,ts"));
        assertTrue(f.detail().contains("reply IP ID 0, server's other packets IP ID 4101..4102"), f.detail());
    }

    @Test
    void replyWithoutTimestampsWhereTheServerSendsThem_isHighAndAllTraitsAreListed() {
        Finding f = refusal(Events.traits(8, 255, 0, ""));
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.detail().contains("reply TTL 255, server's other packets TTL 63; reply IP ID 0, server's other packets"
                + " IP ID 4101..4102; reply TCP options none, server's other packets nop,nop,ts"), f.detail());
    }

    @Test
    void sackBlocksInTheReply_areNotADifference() {
        Finding f = refusal(Events.traits(8, 63, 4104, "nop,nop,ts,nop,nop,sack"));
        assertEquals(Severity.MEDIUM, f.severity());
    }

    @Test
    void serverWithRandomIpIds_getsNoIdComparison() {
        feed(Events.replied(smtp, 8, false, "454", "454 x\\r\\n", Events.traits(8, 63, 100, "nop,nop,ts"),
                Events.traits(4, 63, 52000, "nop,nop,ts"), Events.traits(6, 63, 9000, "nop,nop,ts")));
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
    }

    @Test
    void noEarlierServerPackets_meansNoInjectionNote() {
        feed(Events.replied(smtp, 8, false, "454", "454 x\\r\\n", Events.traits(8, 255, 0, ""), new PacketTraits[0]));
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
        assertFalse(findings.get(0).detail().contains("injected"), findings.get(0).detail());
    }

    @Test
    void ipv6Reply_isComparedByHopLimitAndOptionsOnly() {
        feed(Events.replied(smtp, 8, false, "454", "454 x\\r\\n", Events.traits(8, 64, -1, "nop,nop,ts"),
                Events.traits(4, 64, -1, "nop,nop,ts")));
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
    }

    @Test
    void imapNoAndPop3Err_areRejections() {
        feed(Events.replied(Events.imap(2), 8, false, "NO", "a1 NO TLS unavailable\\r\\n"),
                Events.replied(Events.pop3(3), 8, false, "-ERR", "-ERR not now\\r\\n"));
        assertEquals(List.of(FindingCode.STARTTLS_REJECTED, FindingCode.STARTTLS_REJECTED),
                findings.stream().map(Finding::code).toList());
        assertTrue(findings.get(1).detail().startsWith("STLS refused with -ERR"), findings.get(1).detail());
    }

    @Test
    void acceptedReply_isNoRejection() {
        feed(Events.replied(smtp, 8, true, "220", "220 go ahead\\r\\n"));
        assertEquals(List.of(), findings);
    }
}
