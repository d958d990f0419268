package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.stripscope.detect.Finding;
import org.stripscope.detect.FindingCode;
import org.stripscope.detect.Severity;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;

class CsvFindingWriterTest {

    private static final SessionInfo SESSION = new SessionInfo("dir/a,b.pcap", 1, Protocol.SMTP,
            "2001:db8::10", 50000, "198.51.100.25", 587, true);

    @Test
    void headerIsTheContractInOrder() throws Exception {
        StringWriter out = new StringWriter();
        new CsvFindingWriter(out);
        assertEquals("capture,frame,time,finding,severity,protocol,client_ip,client_port,server_ip,server_port,evidence,detail,wireshark_filter\r\n",
                out.toString());
    }

    @Test
    void rowIsWrittenAndFlushedAtOnceWithRfc4180Quoting() throws Exception {
        StringWriter out = new StringWriter();
        CsvFindingWriter writer = new CsvFindingWriter(out);
        writer.accept(new Finding(SESSION, 12, 1_254_722_767_492_353L, FindingCode.PLAINTEXT_AUTH, Severity.HIGH,
                "AUTH PLAIN <redacted 20 bytes>\\r\\n", "PLAIN outside TLS, user \"al,ice\""));
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(out.toString())).getRecords();
        assertEquals(2, records.size());
        CSVRecord r = records.get(1);
        assertEquals(List.of("dir/a,b.pcap", "12", "2009-10-05T06:06:07.492353Z", "plaintext-auth", "high", "smtp",
                "2001:db8::10", "50000", "198.51.100.25", "587", "AUTH PLAIN <redacted 20 bytes>\\r\\n",
                "PLAIN outside TLS, user \"al,ice\"",
                "ipv6.addr==2001:db8::10 && ip.addr==198.51.100.25 && tcp.port==50000 && tcp.port==587"), r.toList());
    }

    @Test
    void fieldsThatASpreadsheetWouldRunAsFormulas_areNeutralised() {
        assertEquals("'=HYPERLINK(\"x\")", CellText.safe("=HYPERLINK(\"x\")"));
        assertEquals("'+1", CellText.safe("+1"));
        assertEquals("'-ERR", CellText.safe("-ERR"));
        assertEquals("'@SUM(A1)", CellText.safe("@SUM(A1)"));
        // A raw tab or CR (never made by the escaping stages) is escaped, so no formula remains.
        assertEquals("\\x09x", CellText.safe("\tx"));
        assertEquals("\\x0dx", CellText.safe("\rx"));
        assertEquals("250 ok", CellText.safe("250 ok"));
        assertEquals("", CellText.safe(""));
    }

    @Test
    void aRawControlCharacterThatSlippedThrough_isEscapedInTheCell() {
        assertEquals("PLAIN\\x07 outside TLS\\x1b[31m", CellText.safe("PLAIN\u0007 outside TLS\u001b[31m"));
        assertEquals("'=1+1 \\x0d", CellText.safe("=1+1 \r"));
        assertEquals("already \\x07 escaped", CellText.safe("already \\x07 escaped"), "escaped text stays as it is");
    }

    @Test
    void overlongFieldsAreCutWithAMarker() {
        String cut = CellText.safe("a".repeat(CellText.MAX_FIELD_CHARS + 10));
        assertTrue(cut.endsWith("...[10 more chars]"), cut.substring(cut.length() - 30));
        assertEquals(CellText.MAX_FIELD_CHARS + "...[10 more chars]".length(), cut.length());
    }

    @Test
    void timestampsHaveMicrosecondsEvenWhenZero() {
        assertEquals("1970-01-01T00:00:00.000000Z", Timestamps.iso8601Micros(0));
        assertEquals("2026-11-28T20:59:11.000001Z", Timestamps.iso8601Micros(1_795_899_551_000_001L));
    }
}
