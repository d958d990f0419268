package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.stripscope.detect.Finding;
import org.stripscope.detect.FindingCode;
import org.stripscope.detect.Severity;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;

class JsonLinesFindingWriterTest {

    private static final SessionInfo SESSION = new SessionInfo("dir/a\"b.pcap", 1, Protocol.SMTP,
            "192.0.2.10", 50000, "198.51.100.25", 587, true);

    @Test
    void eachFindingIsOneLineWithTheCsvColumnsAsKeysInOrder() {
        StringWriter out = new StringWriter();
        JsonLinesFindingWriter writer = new JsonLinesFindingWriter(out);
        writer.accept(new Finding(SESSION, 12, 1_254_722_767_492_353L, FindingCode.PLAINTEXT_AUTH, Severity.HIGH,
                "AUTH PLAIN <redacted 20 bytes>\\r\\n", "PLAIN outside TLS, user al\\ice"));
        writer.accept(new Finding(SESSION, 13, 1_254_722_767_492_354L, FindingCode.BANNER_MASKED, Severity.LOW,
                "220 ****", "-masked"));
        String[] lines = out.toString().split("\n", -1);
        assertEquals(3, lines.length, "two LF-terminated lines");
        assertEquals("", lines[2]);
        assertEquals("{\"capture\":\"dir/a\\\"b.pcap\",\"frame\":12,\"time\":\"2009-10-05T06:06:07.492353Z\","
                + "\"finding\":\"plaintext-auth\",\"severity\":\"high\",\"protocol\":\"smtp\","
                + "\"client_ip\":\"192.0.2.10\",\"client_port\":50000,\"server_ip\":\"198.51.100.25\",\"server_port\":587,"
                + "\"evidence\":\"AUTH PLAIN <redacted 20 bytes>\\\\r\\\\n\",\"detail\":\"PLAIN outside TLS, user al\\\\ice\","
                + "\"wireshark_filter\":\"ip.addr==192.0.2.10 && ip.addr==198.51.100.25 && tcp.port==50000 && tcp.port==587\"}",
                lines[0]);
        assertTrue(lines[1].contains("\"detail\":\"-masked\""), "no spreadsheet apostrophe in JSON: " + lines[1]);
    }

    @Test
    void controlCharactersQuotesAndLineSeparators_areEscapedPerRfc8259() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\\u2028\\u2029\"",
                JsonText.quote("a\"b\\c\n\r\t\b\f\u0000\u001f\u2028\u2029"));
        assertEquals("\"caf\u00e9 \ud83d\udce7\"", JsonText.quote("caf\u00e9 \ud83d\udce7"), "valid pairs pass through");
        assertEquals("\"\ufffdx\ufffd\"", JsonText.quote("\ud83dx\udce7"), "lone surrogates become U+FFFD");
    }
}
