package org.stripscope.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.stripscope.mail.TlsRecordProbe.Verdict;

class TlsRecordProbeTest {

    private static Verdict classify(String hex, boolean anyType) {
        byte[] b = HexFormat.of().parseHex(hex);
        return TlsRecordProbe.classify(b, b.length, anyType);
    }

    @Test
    void handshakeRecordOfEveryTlsVersion_isTls() {
        for (String version : new String[] {"00", "01", "02", "03", "04"}) {
            assertEquals(Verdict.TLS, classify("1603" + version, false));
        }
    }

    @Test
    void plaintextOrWrongVersion_isNotTls() {
        assertEquals(Verdict.NOT_TLS, classify("454846", false)); // "EHL"
        assertEquals(Verdict.NOT_TLS, classify("160305", false));
        assertEquals(Verdict.NOT_TLS, classify("1602", false));
        assertEquals(Verdict.NOT_TLS, classify("170303", false));
    }

    @Test
    void partialHeader_needsMore() {
        assertEquals(Verdict.NEED_MORE, classify("", false));
        assertEquals(Verdict.NEED_MORE, classify("16", false));
        assertEquals(Verdict.NEED_MORE, classify("1603", false));
    }

    @Test
    void applicationData_isTlsOnlyForMidSessionCaptures() {
        assertEquals(Verdict.TLS, classify("170303", true));
        assertEquals(Verdict.NOT_TLS, classify("180303", true));
    }
}
