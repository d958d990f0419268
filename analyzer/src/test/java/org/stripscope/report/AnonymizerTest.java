package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripscope.detect.Finding;
import org.stripscope.detect.FindingCode;
import org.stripscope.detect.PlaintextAuthDetector;
import org.stripscope.detect.Detection;
import org.stripscope.detect.Severity;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.MailEvent;

class AnonymizerTest {

    private static final Anonymizer REFERENCE = new Anonymizer(AnonymizationKey.of(CryptoPanTest.REFERENCE_KEY));
    private static final SessionInfo SESSION = new SessionInfo("a.pcap", 3, Protocol.POP3,
            "192.0.2.10", 50000, "198.51.100.25", 110, true);

    @Test
    void addressesTakeTheCryptoPanPseudonym_inBothFamilies() {
        assertEquals("135.242.180.132", REFERENCE.address("128.11.68.132"));
        assertEquals("4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e", REFERENCE.address("2001:db8::1"));
        assertEquals("not-an-address", REFERENCE.address("not-an-address"));
    }

    @Test
    void clientsOfOneSlash24_stayInOneSlash24() {
        String a = REFERENCE.address("192.0.2.10");
        String b = REFERENCE.address("192.0.2.200");
        assertEquals(a.substring(0, a.lastIndexOf('.')), b.substring(0, b.lastIndexOf('.')));
        assertNotEquals("192.0.2", a.substring(0, a.lastIndexOf('.')));
    }

    @Test
    void sameKeyFile_givesSamePseudonymsInAnotherRun(@TempDir Path dir) throws Exception {
        Path raw = Files.write(dir.resolve("raw.key"), CryptoPanTest.REFERENCE_KEY);
        Path hex = Files.writeString(dir.resolve("hex.key"), HexFormat.of().formatHex(CryptoPanTest.REFERENCE_KEY) + "\n");
        Anonymizer first = new Anonymizer(AnonymizationKey.read(raw));
        Anonymizer second = new Anonymizer(AnonymizationKey.read(hex));
        assertEquals(first.address("192.0.2.10"), second.address("192.0.2.10"));
        assertEquals(first.user("alice"), second.user("alice"));
        assertTrue(first.user("alice").matches("user-[0-9a-f]{12}"), first.user("alice"));
        assertNotEquals(first.user("alice"), first.user("alicf"));
    }

    @Test
    void aKeyFileOfTheWrongSize_isRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path shortKey = Files.write(dir.resolve("short.key"), new byte[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnonymizationKey.read(shortKey));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
    }

    @Test
    void findingsClientAddress_isReplacedInSessionEvidenceAndDetailAndSoIsEveryOtherClientAddress() {
        Finding f = new Finding(SESSION, 9, 1, FindingCode.TLS_FALLBACK, Severity.HIGH,
                "from 192.0.2.10 then 192.0.2.100", "client 192.0.2.10: retried");
        Finding a = REFERENCE.finding(f);
        String p = REFERENCE.address("192.0.2.10");
        assertEquals(p, a.session().clientIp());
        assertEquals("198.51.100.25", a.session().serverIp(), "servers are kept");
        assertEquals("from " + p + " then " + REFERENCE.address("192.0.2.100"), a.evidence());
        assertEquals("client " + p + ": retried", a.detail());
        assertTrue(WiresharkFilter.of(a.session()).startsWith("ip.addr==" + p + " "));
    }

    @Test
    void anotherClientNamedInADetail_isAnonymisedButTheServerAndNonAddressesAreKept() {
        Finding f = new Finding(SESSION, 9, 1, FindingCode.STARTTLS_STRIPPED, Severity.MEDIUM,
                "250-mx Hello [2001:db8:1::77] at 12:34:56, build 999.1.2.3\\r\\n",
                "the same server (198.51.100.25:25 smtp) offered it to client 192.0.2.77 in the session from port 40001.");
        Finding a = REFERENCE.finding(f);
        assertEquals("the same server (198.51.100.25:25 smtp) offered it to client " + REFERENCE.address("192.0.2.77")
                + " in the session from port 40001.", a.detail());
        assertEquals("250-mx Hello [" + REFERENCE.address("2001:db8:1::77") + "] at 12:34:56, build 999.1.2.3\\r\\n",
                a.evidence());
        assertTrue(Anonymizer.isLiteral("2001:db8::1") && Anonymizer.isLiteral("10.0.0.1"));
        assertTrue(!Anonymizer.isLiteral("12:34:56") && !Anonymizer.isLiteral("256.1.1.1") && !Anonymizer.isLiteral("1::2::3"));
    }

    @Test
    void userNameOfAnAuthExchange_isReplacedBeforeDetectionSoTheDetailCarriesThePseudonym() {
        AuthAttempt attempt = new AuthAttempt(SESSION, 7, 1, "USER", "alice", AuthAttempt.Credentials.CLEARTEXT_SECRET,
                AuthAttempt.Outcome.ACCEPTED, "+OK", 5, false, "USER alice\\r\\nPASS <redacted 6 bytes>\\r\\n");
        List<MailEvent> passed = new ArrayList<>();
        REFERENCE.events(passed::add).accept(attempt);
        AuthAttempt a = (AuthAttempt) passed.get(0);
        String pseudonym = REFERENCE.user("alice");
        assertEquals(pseudonym, a.username());
        assertEquals("USER " + pseudonym + "\\r\\nPASS <redacted 6 bytes>\\r\\n", a.evidence());

        List<Finding> findings = new ArrayList<>();
        REFERENCE.events(new Detection(List.of(new PlaintextAuthDetector()), findings::add)).accept(attempt);
        assertTrue(findings.get(0).detail().contains("user " + pseudonym + ","), findings.get(0).detail());
        assertFalse(findings.get(0).detail().contains("alice"));
    }

    @Test
    void shortUserNames_areNotReplacedInsideEscapesOrWords() {
        assertEquals("USER user-x\\r\\n", Anonymizer.replaceWord("USER r\\r\\n", "r", "user-x"));
        assertEquals("LOGIN bob2 user-x", Anonymizer.replaceWord("LOGIN bob2 bob", "bob", "user-x"));
    }
}
