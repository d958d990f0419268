package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportModelTest {

    private static final String HEADER = "capture,frame,time,finding,severity,protocol,client_ip,client_port,server_ip,"
            + "server_port,evidence,detail\r\n";

    private static FindingRow row(String finding, String severity, String client, int clientPort, String time) {
        return new FindingRow("a.pcap", 5, time, finding, severity, "smtp", client, clientPort, "198.51.100.25", 25,
                "e", "d", WiresharkFilter.of(client, clientPort, "198.51.100.25", 25));
    }

    @Test
    void headline_countsSessionsNotFindings() {
        List<FindingRow> rows = List.of(
                row("starttls-mangled", "high", "192.0.2.10", 1000, "2026-01-01T00:00:00.000000Z"),
                row("plaintext-auth", "high", "192.0.2.10", 1000, "2026-01-01T00:00:01.000000Z"),
                row("plaintext-auth", "low", "192.0.2.11", 1001, "2026-01-01T00:00:02.000000Z"),
                row("starttls-rejected", "medium", "192.0.2.12", 1002, "2026-01-01T00:00:03.000000Z"));
        ReportModel m = new ReportModel(rows, null);
        assertEquals(3, m.sessionsWithFindings());
        assertEquals(1, m.downgradedSessions(), "mangled only; rejected is not a downgrade");
        assertEquals(1, m.credentialsExposed(), "only high plaintext-auth exposes a password");
        assertEquals(-1, m.sessionsTotal(), "unknown without servers CSV");
        assertEquals(2L, m.byCode().get("plaintext-auth"));
        assertEquals(0L, m.byCode().get("tls-fallback"), "every code is charted, zeros too");
    }

    @Test
    void clientNetworks_areSlash24AndSlash48() {
        assertEquals("192.0.2.0/24", ReportModel.network("192.0.2.77"));
        assertEquals("2001:db8:1::/48", ReportModel.network("2001:db8:1:2::10"));
        assertEquals("2001:db8::/48", ReportModel.network("2001:db8::1"));
    }

    @Test
    void serverShares_comeFromTheServersCsvPlusStrippedSessions() throws Exception {
        List<ServerRow> servers = ReportInput.servers(new StringReader(
                "server,port,protocol,greeting_host,sessions,sessions_offering_starttls,sessions_masked,first_seen,last_seen,capability_sets\r\n"
                + "198.51.100.25,25,smtp,mx.example.net,8,6,1,x,y,z\r\n"));
        List<FindingRow> rows = List.of(
                row("starttls-mangled", "high", "192.0.2.10", 1000, "2026-01-01T00:00:00.000000Z"),
                row("starttls-stripped", "high", "192.0.2.11", 1001, "2026-01-01T00:00:00.000000Z"));
        ReportModel m = new ReportModel(rows, servers);
        ReportModel.ServerFigures s = m.servers().get(0);
        assertEquals(8, s.sessions());
        assertEquals(6, s.offeringStartTls());
        assertEquals(2, s.maskedOrStripped(), "one masked (servers CSV) plus one stripped (findings)");
        assertEquals(8, m.sessionsTotal());
        String html = new HtmlReport(m, "stripscope test", "f.csv").render();
        assertTrue(html.contains("data-col=\"offering-starttls\" data-count=\"6\" data-sort=\"75\">6 (75%)</td>"), html);
        assertTrue(html.contains("data-col=\"masked-or-stripped\" data-count=\"2\" data-sort=\"25\">2 (25%)</td>"), html);
    }

    @Test
    void findingsCsvWithoutTheFilterColumn_getsTheFilterComputed_andApostrophesAreUndone() throws Exception {
        List<FindingRow> rows = ReportInput.findings(new StringReader(HEADER
                + "a.pcap,3,2026-01-01T00:00:00.000000Z,banner-masked,low,smtp,192.0.2.10,1000,198.51.100.25,25,'-ERR x,'=y\r\n"));
        assertEquals("ip.addr==192.0.2.10 && ip.addr==198.51.100.25 && tcp.port==1000 && tcp.port==25", rows.get(0).wiresharkFilter());
        assertEquals("-ERR x", rows.get(0).evidence());
        assertEquals("=y", rows.get(0).detail());
    }

    @Test
    void overTime_usesTheNarrowestBucketThatFitsAndKeepsEmptyOnes() {
        List<FindingRow> rows = List.of(
                row("plaintext-auth", "high", "192.0.2.10", 1, "2026-01-01T00:00:00.000000Z"),
                row("plaintext-auth", "high", "192.0.2.10", 2, "2026-01-01T03:10:00.000000Z"));
        ReportModel m = new ReportModel(rows, null);
        assertEquals(600, m.bucketSeconds(), "3 h 10 min is 191 minutes (over 48) but 20 ten-minute buckets");
        assertEquals(20, m.overTime().size());
        assertEquals(1, m.overTime().get(0).count());
        assertEquals(0, m.overTime().get(1).count());
    }

    @Test
    void pageTextIsEscapedAndEvidenceBreaksAfterEachLf() {
        assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;", HtmlText.escape("<b> & \"x\" '"));
        assertEquals("250-A\\r\\n\n250 B\\r\\n", HtmlReport.evidence("250-A\\r\\n250 B\\r\\n"));
        assertEquals("a\\\\n", HtmlReport.evidence("a\\\\n"), "an escaped backslash before n is not a line end");
    }
}
