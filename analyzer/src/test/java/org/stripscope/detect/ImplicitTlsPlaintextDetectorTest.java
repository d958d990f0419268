package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.event.ImplicitTlsPlaintext;

class ImplicitTlsPlaintextDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(List.of(new ImplicitTlsPlaintextDetector()), findings::add);

    @Test
    void plaintextGreetingOnPort993_isHigh() {
        detection.accept(new ImplicitTlsPlaintext(Events.session(1, Protocol.IMAP, "192.0.2.10", "198.51.100.143", 993),
                3, 0, false, "* OK IMAP4rev1 ready\\r\\n"));
        Finding f = findings.get(0);
        assertEquals(FindingCode.IMPLICIT_TLS_PLAINTEXT, f.code());
        assertEquals(Severity.HIGH, f.severity());
        assertTrue(f.detail().startsWith("port 993 is implicit TLS (RFC 8314), but the server's first bytes were plaintext IMAP"),
                f.detail());
    }
}
