package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.event.MailEvent;

class StartTlsMangledDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(List.of(new StartTlsMangledDetector()), findings::add);

    private void feed(MailEvent... events) {
        for (MailEvent e : events) {
            detection.accept(e);
        }
    }

    @Test
    void asaMaskedStarttlsAlone_isReportedHighWithTheMaskDecoded() {
        feed(Events.ehloReply(8, "PIPELINING", "SIZE 10240000", "XXXXXXXA", "ENHANCEDSTATUSCODES", "8BITMIME", "CHUNKING", "SMTPUTF8"));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(FindingCode.STARTTLS_MANGLED, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(8, f.frame());
        assertTrue(f.detail().contains("XXXXXXXA"), f.detail());
        assertTrue(f.detail().contains("Cisco ASA"), f.detail());
        assertTrue(f.detail().contains("masked keyword #1"), f.detail());
    }

    @Test
    void blanketMaskWithAnotherEightCharacterKeywordMissing_isMediumAndNamesTheAlternative() {
        // The Exchange 2003 reply behind an inspecting firewall (suricata-verify smtp-extract-url-schemes).
        feed(Events.ehloReply(10, "XXXA", "SIZE", "ETRN", "PIPELINING", "DSN", "ENHANCEDSTATUSCODES", "8bitmime",
                "BINARYMIME", "XXXXXXXB", "XXXC", "XXXXXXXXXXXXXXXXXXXXXXXD", "XXXXXXXXXXXE", "AUTH GSSAPI NTLM LOGIN",
                "XXXXXXXXXF", "XXXXXXXXXXXG", "XXXXXXH", "XI"));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(Severity.MEDIUM, f.severity());
        assertTrue(f.detail().contains("XXXXXXXB"), f.detail());
        assertTrue(f.detail().contains("CHUNKING"), f.detail());
        assertTrue(f.detail().contains("9 masked keywords"), f.detail());
    }

    @Test
    void maskedLineInAnEarlierSegmentOfTheReply_isReportedAtThatSegmentsFrame() {
        feed(Events.ehloReplyOverFrames(List.of("PIPELINING", "XXXXXXXA", "8BITMIME", "CHUNKING", "SMTPUTF8"), 8, 8, 10, 10, 10));
        assertEquals(1, findings.size());
        assertEquals(8, findings.get(0).frame());
        assertEquals(8_000_000L, findings.get(0).timeMicros());
        assertTrue(findings.get(0).detail().contains("reply spans frames 8-10"), findings.get(0).detail());
    }

    @Test
    void ehloReplyOfferingStarttls_reportsNothingEvenWithOtherMasks() {
        feed(Events.ehloReply(8, "XXXXXXXA", "STARTTLS", "SIZE"));
        assertEquals(List.of(), findings);
    }

    @Test
    void ehloReplyWithoutStarttlsAndWithoutMasks_reportsNothing() {
        feed(Events.ehloReply(8, "PIPELINING", "SIZE 1000", "8BITMIME", "CHUNKING"));
        assertEquals(List.of(), findings);
    }

    @Test
    void capabilitiesInsideTls_areNotDowngradeEvidence() {
        feed(Events.ehloReplyInTls(12, "XXXXXXXA", "AUTH PLAIN"));
        assertEquals(List.of(), findings);
    }

    @Test
    void partlyOverwrittenStarttls_isReportedHigh() {
        feed(Events.ehloReply(8, "SIZE", "STARTXXX"));
        assertEquals(1, findings.size());
        assertEquals(Severity.HIGH, findings.get(0).severity());
        assertTrue(findings.get(0).detail().contains("characters overwritten"), findings.get(0).detail());
    }

    @Test
    void imapGreetingCapabilityWithStarttlsMasked_isReportedHigh() {
        org.stripscope.mail.SessionInfo s = Events.imap(1);
        feed(Events.caps(s, 2, null, "IMAP4rev1", "LITERAL+", "XXXXXXXX", "LOGINDISABLED"));
        assertEquals(1, findings.size());
        assertEquals(Severity.HIGH, findings.get(0).severity());
        assertTrue(findings.get(0).detail().startsWith("capability list keyword XXXXXXXX is an all-X mask"), findings.get(0).detail());
    }

    @Test
    void pop3CapaWithStlsMasked_isReportedHigh_butOrdinaryFourLetterKeywordsAreNot() {
        org.stripscope.mail.SessionInfo s = Events.pop3(1);
        feed(Events.caps(s, 4, "CAPA", "USER", "UIDL", "SASL PLAIN", "XXXX"));
        assertEquals(1, findings.size());
        assertEquals(Severity.HIGH, findings.get(0).severity());
        assertTrue(findings.get(0).detail().contains("it has the 4 characters of STLS"), findings.get(0).detail());
    }

    @Test
    void pop3CapaOfferingStls_reportsNothing() {
        feed(Events.caps(Events.pop3(1), 4, "CAPA", "USER", "STLS", "XXXX"));
        assertEquals(List.of(), findings);
    }
}
