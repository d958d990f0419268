package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.detect.Finding;
import org.stripscope.detect.FindingCode;
import org.stripscope.detect.FindingSink;
import org.stripscope.detect.Severity;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;

class RunSummaryTest {

    private static final SessionInfo S = new SessionInfo("a.pcap", 1, Protocol.SMTP, "192.0.2.1", 1, "198.51.100.1", 25, true);

    private static String printed(RunSummary summary) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void summaryCountsFindingsByCodeAndAnomaliesByReasonInOneNamingStyle() {
        RunSummary summary = new RunSummary();
        List<Finding> passed = new ArrayList<>();
        FindingSink sink = summary.counting(passed::add);
        sink.accept(new Finding(S, 3, 0, FindingCode.PLAINTEXT_AUTH, Severity.HIGH, "e", "d"));
        sink.accept(new Finding(S, 4, 0, FindingCode.PLAINTEXT_AUTH, Severity.LOW, "e", "d"));
        sink.accept(new Finding(S, 5, 0, FindingCode.STARTTLS_MANGLED, Severity.HIGH, "e", "d"));
        summary.captureDone(10);
        summary.captureDone(1);
        summary.mailSessionOpened();
        summary.anomaly("tcp", "overlap_conflicts", 2);
        summary.anomaly("decode", "fragment_ipv4", 0);
        summary.anomaly("smtp", "line-too-long", 1);
        summary.anomaly("tcp", "overlap_conflicts", 1);

        assertEquals(3, passed.size());
        assertEquals("stripscope: 2 captures, 11 packets, 1 mail session, 3 findings\n"
                + "  findings: plaintext-auth 2, starttls-mangled 1\n"
                + "  anomalies: smtp.line-too-long 1, tcp.overlap-conflicts 3\n", printed(summary).replace("\r\n", "\n"));
    }

    @Test
    void unreadableInputsAreCountedInTheSummary() {
        RunSummary summary = new RunSummary();
        summary.error("x.pcap: no such file");
        assertEquals(true, summary.hasErrors());
        assertEquals("stripscope: 0 captures, 0 packets, 0 mail sessions, 0 findings\n  inputs not fully read: 1\n",
                printed(summary).replace("\r\n", "\n"));
    }
}
