package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.CommandMasked;
import org.stripscope.mail.event.MailEvent;

class StartTlsCommandMangledDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(
            List.of(new StartTlsCommandMangledDetector(), new StartTlsRejectedDetector()), findings::add);

    private void feed(MailEvent... events) {
        for (MailEvent e : events) {
            detection.accept(e);
        }
    }

    private static CommandMasked masked(SessionInfo s, long frame, String verb) {
        return new CommandMasked(s, frame, 0, verb, verb + "\\r\\n");
    }

    @Test
    void maskedEightLetterSmtpCommand_isHigh() {
        SessionInfo s = Events.smtp(1, "192.0.2.10");
        feed(Events.caps(s, 4, "EHLO", "PIPELINING", "STARTTLS"), masked(s, 6, "XXXXXXXX"));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(FindingCode.STARTTLS_COMMAND_MANGLED, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(6, f.frame());
        assertTrue(f.detail().contains("has the 8 letters of STARTTLS"), f.detail());
        assertTrue(f.detail().contains("the server offered STARTTLS (frame 4)"), f.detail());
    }

    @Test
    void maskedVerbOfAnotherLength_isNotStarttls() {
        SessionInfo s = Events.smtp(1, "192.0.2.10");
        feed(masked(s, 6, "XXXX"));
        assertEquals(List.of(), findings);
    }

    @Test
    void maskedFourLetterPop3CommandAfterStlsWasOffered_isHigh() {
        SessionInfo s = Events.pop3(1);
        feed(Events.caps(s, 4, "CAPA", "USER", "STLS"), masked(s, 6, "xxxx"));
        assertEquals(Severity.HIGH, findings.get(0).severity());
        assertTrue(findings.get(0).detail().contains("4 letters of STLS"), findings.get(0).detail());
    }

    @Test
    void maskedImapCommandWhereTheListLackedStarttls_isMediumAndSaysItMayBeAnother() {
        SessionInfo s = Events.imap(1);
        feed(Events.caps(s, 4, "CAPABILITY", "IMAP4rev1", "IDLE"), masked(s, 6, "XXXXXXXX"));
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
        assertTrue(findings.get(0).detail().contains("may be another command"), findings.get(0).detail());
    }

    @Test
    void unknownCommandAnswerAfterTheOffer_isCommandMangledNotRejected() {
        SessionInfo s = Events.smtp(1, "192.0.2.10");
        feed(Events.caps(s, 4, "EHLO", "STARTTLS"),
                Events.replied(s, 7, false, "502", "502 5.5.2 Error: command not recognized\\r\\n"));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(FindingCode.STARTTLS_COMMAND_MANGLED, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.detail().startsWith("STARTTLS answered 502 as an unknown command, although the server offered it (frame 4)"),
                f.detail());
    }

    @Test
    void unknownCommandAnswerAfterAMaskedList_isCommandMangled() {
        SessionInfo s = Events.smtp(1, "192.0.2.10");
        feed(Events.caps(s, 4, "EHLO", "XXXXXXXA"), Events.replied(s, 7, false, "500", "500 unrecognized command\\r\\n"));
        assertEquals(FindingCode.STARTTLS_COMMAND_MANGLED, findings.get(0).code());
        assertTrue(findings.get(0).detail().contains("showed it masked (frame 4)"), findings.get(0).detail());
    }

    @Test
    void unknownCommandAnswerWithoutAnOffer_isARejection() {
        SessionInfo s = Events.smtp(1, "192.0.2.10");
        feed(Events.caps(s, 4, "EHLO", "PIPELINING"), Events.replied(s, 7, false, "502", "502 not implemented\\r\\n"));
        assertEquals(FindingCode.STARTTLS_REJECTED, findings.get(0).code());
        assertEquals(Severity.MEDIUM, findings.get(0).severity());
    }

    @Test
    void imapBadAfterTheOffer_isCommandMangled() {
        SessionInfo s = Events.imap(1);
        feed(Events.caps(s, 4, "CAPABILITY", "IMAP4rev1", "STARTTLS"),
                Events.replied(s, 7, false, "BAD", "a2 BAD Unknown command\\r\\n"));
        assertEquals(FindingCode.STARTTLS_COMMAND_MANGLED, findings.get(0).code());
    }

    @Test
    void pop3ErrThatSaysUnknownCommandAfterTheOffer_isCommandMangled_otherErrIsRejected() {
        SessionInfo unknown = Events.pop3(1);
        SessionInfo refused = Events.pop3(2);
        feed(Events.caps(unknown, 4, "CAPA", "STLS"), Events.replied(unknown, 7, false, "-ERR", "-ERR Unknown command: STLS\\r\\n"),
                Events.caps(refused, 4, "CAPA", "STLS"), Events.replied(refused, 7, false, "-ERR", "-ERR TLS not available now\\r\\n"));
        assertEquals(List.of(FindingCode.STARTTLS_COMMAND_MANGLED, FindingCode.STARTTLS_REJECTED),
                findings.stream().map(Finding::code).toList());
    }

    @Test
    void imapBadToStarttlsAfterLogin_isAnOrdinaryRefusal() {
        SessionInfo s = Events.imap(1);
        feed(Events.caps(s, 4, "CAPABILITY", "IMAP4rev1", "STARTTLS"),
                Events.auth(s, 6, "LOGIN", org.stripscope.mail.event.AuthAttempt.Credentials.CLEARTEXT_SECRET,
                        org.stripscope.mail.event.AuthAttempt.Outcome.ACCEPTED, "a1 LOGIN alice <redacted 6 bytes>\\r\\n"),
                Events.replied(s, 8, false, "BAD", "a2 BAD STARTTLS not allowed now\\r\\n"));
        assertEquals(List.of(FindingCode.STARTTLS_REJECTED), findings.stream().map(Finding::code).toList());
    }
}
