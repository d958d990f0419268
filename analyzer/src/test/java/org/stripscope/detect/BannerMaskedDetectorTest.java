package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stripscope.mail.SessionInfo;

class BannerMaskedDetectorTest {

    private final List<Finding> findings = new ArrayList<>();
    private final Detection detection = new Detection(List.of(new BannerMaskedDetector()), findings::add);
    private final SessionInfo smtp = Events.smtp(1, "192.0.2.10");

    @Test
    void asaObfuscatedBanner_isReportedLow() {
        // "220 mx.example.net ESMTP Postfix 2.0" as Cisco ASA banner obfuscation passes it on.
        detection.accept(Events.greeting(smtp, 4, "220", "*******************************2*0*0****"));
        assertEquals(1, findings.size());
        Finding f = findings.get(0);
        assertEquals(FindingCode.BANNER_MASKED, f.code());
        assertEquals(Severity.LOW, f.severity());
        assertEquals(4, f.frame());
        assertTrue(f.detail().contains("an inspecting firewall rewrote the banner"), f.detail());
        assertTrue(f.detail().contains("Cisco ASA"), f.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mx.example.net ESMTP Postfix", "******* mx ready", "**** 2 0 ****", ""})
    void bannersWithLettersOrShortRuns_areNotMasked(String text) {
        detection.accept(Events.greeting(smtp, 4, "220", text));
        assertEquals(List.of(), findings);
    }

    @Test
    void maskedBanner_givesNoGreetingHost() {
        assertEquals("", SessionFacts.hostOf("*******************************2*0*0****"));
        assertEquals("mx.example.net", SessionFacts.hostOf("MX.Example.NET ESMTP Postfix"));
        assertEquals("mx\\x01", SessionFacts.hostOf("mx\u0001 ESMTP"));
    }
}
