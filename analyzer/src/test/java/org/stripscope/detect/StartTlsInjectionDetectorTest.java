package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.PlaintextAfterStartTls;

class StartTlsInjectionDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(List.of(new StartTlsInjectionDetector()), findings::add);
    private final SessionInfo smtp = Events.smtp(1, "192.0.2.10");

    @Test
    void clientCommandsPipelinedBehindStarttls_areCommandInjection() {
        detection.accept(new PlaintextAfterStartTls(smtp, 7, 0, true, 31, "RSET\\r\\nMAIL FROM:<a@example.org>\\r\\n"));
        Finding f = findings.get(0);
        assertEquals(FindingCode.STARTTLS_INJECTION, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.detail().startsWith("31 bytes of client commands pipelined behind STARTTLS"), f.detail());
        assertTrue(f.detail().contains("CVE-2011-0411"), f.detail());
    }

    @Test
    void serverBytesAfterTheGoAhead_areResponseInjection() {
        detection.accept(new PlaintextAfterStartTls(Events.pop3(2), 8, 0, false, 14, "+OK injected\\r\\n"));
        assertTrue(findings.get(0).detail().startsWith("14 bytes from the server after its STLS go-ahead"), findings.get(0).detail());
        assertTrue(findings.get(0).detail().contains("response injection"), findings.get(0).detail());
    }
}
