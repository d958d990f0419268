package org.stripscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.stripscope.detect.Finding;
import org.stripscope.report.CellText;
import org.stripscope.report.CsvFindingWriter;

/**
 * What an attacker writes into a session must not hurt the person who opens the findings: every
 * CSV cell is free of raw control bytes, none starts a spreadsheet formula, none is longer than
 * the cap (cut with a marker), and passwords never appear. Hostile strings go into the EHLO host
 * name, the greeting, the capability lines and the SASL user name.
 */
class OutputSafetyTest {

    private static final boolean C = true;
    private static final boolean S = false;

    private static final String PASSWORD = "Tr0ub4dor&3-unique-secret";
    /** Formula starters, terminal escapes, CR/LF/NUL, a right-to-left override, quotes. */
    private static final List<String> HOSTILE = List.of(
            "=cmd|' /C calc'!A0", "+SUM(1+1)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1",
            "=HYPERLINK(\"http://203.0.113.9/?x\",\"click\")", "\u001b[2J\u001b[31mRED", "a\u0000b\u0007c\u007fd",
            "line\r\nbreak", "\u00e2\u0080\u00aeevil", "\"quoted\",\"cells\"");

    private static String base64(String raw) {
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A session that yields both findings, every free-text field carrying {@code hostile}. */
    private static HostileConnection session(String hostile) {
        HostileConnection h = new HostileConnection();
        h.handshake();
        h.send(S, "220 " + hostile + " ESMTP " + hostile + "\r\n");
        h.send(C, "EHLO " + hostile + "\r\n");
        h.send(S, "250-" + hostile + " greets you\r\n250-XXXXXXXA " + hostile + "\r\n250-" + hostile
                + "\r\n250 AUTH PLAIN LOGIN " + hostile + "\r\n");
        h.send(C, "AUTH PLAIN " + base64(hostile + "\0" + hostile + "\0" + PASSWORD) + "\r\n");
        h.send(S, "235 2.7.0 " + hostile + "\r\n");
        h.send(C, "AUTH LOGIN\r\n");
        h.send(S, "334 VXNlcm5hbWU6\r\n");
        h.send(C, base64(hostile) + "\r\n");
        h.send(S, "334 UGFzc3dvcmQ6\r\n");
        h.send(C, base64(PASSWORD) + "\r\n");
        h.send(S, "535 5.7.8 " + hostile + "\r\n");
        h.finish();
        return h;
    }

    private static List<CSVRecord> csv(List<Finding> findings) throws IOException {
        StringBuilder out = new StringBuilder();
        CsvFindingWriter writer = new CsvFindingWriter(out);
        findings.forEach(writer::accept);
        writer.flush();
        String text = out.toString();
        assertFalse(text.contains(PASSWORD), "the password is not written: " + text);
        assertFalse(text.contains(base64(PASSWORD)), "nor its base64");
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
    }

    private static void assertSafe(String cell) {
        assertTrue(cell.length() <= CellText.MAX_FIELD_CHARS + 32, "cell of " + cell.length() + " chars");
        if (!cell.isEmpty()) {
            assertTrue("=+-@\t\r".indexOf(cell.charAt(0)) < 0, "cell starts a formula: " + cell);
        }
        for (int i = 0; i < cell.length(); i++) {
            char ch = cell.charAt(i);
            assertTrue(ch >= 0x20 && ch != 0x7f && (ch < 0x80 || ch > 0x9f),
                    "raw control char " + (int) ch + " at " + i + " in: " + cell);
        }
    }

    @Test
    void hostileStringsInHostNamesUserNamesAndCapabilities_areWrittenInert() throws IOException {
        for (String hostile : HOSTILE) {
            HostileConnection h = session(hostile);
            List<CSVRecord> rows = csv(h.findings);
            assertTrue(rows.size() >= 2, hostile + ": findings " + h.findingCodes());
            for (CSVRecord row : rows) {
                row.forEach(OutputSafetyTest::assertSafe);
            }
        }
    }

    @Test
    void userNameThatIsAFormula_isNeverAtTheStartOfACell() throws IOException {
        HostileConnection h = session("=1+1");
        for (CSVRecord row : csv(h.findings)) {
            if (row.get("finding").equals("plaintext-auth")) {
                assertTrue(row.get("detail").contains("user =1+1"), row.get("detail"));
                assertFalse(row.get("detail").startsWith("="), row.get("detail"));
            }
        }
    }

    @Test
    void cellStartingWithAFormulaCharacter_getsTheQuoteGuard() throws IOException {
        // The evidence of starttls-mangled starts with the capability line as sent: "250-...",
        // safe; but an evidence or detail that does start with one of = + - @ is quoted.
        assertEquals("'=1+1", CellText.safe("=1+1"));
        assertEquals("'-2+3", CellText.safe("-2+3"));
        assertEquals("'@SUM(A1)", CellText.safe("@SUM(A1)"));
        assertEquals("'+1", CellText.safe("+1"));
    }

    @Test
    void evidenceBeyondTheCap_isCutWithAMarkerSayingHowMuch() throws IOException {
        HostileConnection h = new HostileConnection();
        h.handshake();
        h.send(S, "220 mx.example ESMTP\r\n");
        h.send(C, "EHLO client.example\r\n");
        StringBuilder caps = new StringBuilder("250-mx.example\r\n");
        for (int i = 0; i < 200; i++) {
            caps.append("250-XXXXXXXA ").append("=".repeat(400)).append(i).append("\r\n");
        }
        caps.append("250 AUTH PLAIN\r\n");
        h.send(S, caps.toString());
        h.send(C, "QUIT\r\n");
        h.finish();
        assertTrue(h.findingCodes().contains("starttls-mangled"), h.findingCodes().toString());
        Finding mangled = h.findings.stream().filter(f -> f.code().code().equals("starttls-mangled")).findFirst().orElseThrow();
        List<CSVRecord> rows = csv(List.of(mangled));
        String evidence = rows.get(0).get("evidence");
        assertSafe(evidence);
        if (mangled.evidence().length() > CellText.MAX_FIELD_CHARS) {
            int omitted = mangled.evidence().length() - CellText.MAX_FIELD_CHARS;
            assertTrue(evidence.endsWith("...[" + omitted + " more chars]"), evidence.substring(evidence.length() - 40));
        } else {
            assertEquals(mangled.evidence(), evidence.startsWith("'") ? evidence.substring(1) : evidence);
        }
    }

    @Test
    void veryLongUserName_isCappedInTheCell() throws IOException {
        HostileConnection h = session("u".repeat(20_000));
        for (CSVRecord row : csv(h.findings)) {
            row.forEach(OutputSafetyTest::assertSafe);
        }
    }
}
