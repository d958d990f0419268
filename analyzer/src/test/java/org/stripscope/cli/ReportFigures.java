package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Checks the figures of a rendered report (the HTML file, or the DOM a browser made of it)
 * against the findings CSV, counted here independently of the report's own code: rows, distinct
 * sessions, downgrade and credential sessions, and the per-code, per-server and per-network
 * counts.
 */
final class ReportFigures {

    /** The codes the report counts as downgrades, as its footer documents them. */
    private static final Set<String> DOWNGRADE = Set.of("starttls-mangled", "starttls-stripped",
            "starttls-command-mangled", "starttls-no-handshake", "starttls-injection", "implicit-tls-plaintext", "tls-fallback");

    private ReportFigures() {
    }

    static void assertMatchCsv(String html, Path findingsCsv) throws IOException {
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(findingsCsv, StandardCharsets.UTF_8)) {
            rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        assertTrue(rows.size() > 0, "the samples make findings");
        Set<String> sessions = new HashSet<>();
        Set<String> downgraded = new HashSet<>();
        Set<String> exposed = new HashSet<>();
        Map<String, Integer> byCode = new HashMap<>();
        Map<String, Integer> byServer = new HashMap<>();
        Map<String, Integer> byNetwork = new HashMap<>();
        for (CSVRecord r : rows) {
            String session = r.get("capture") + "|" + r.get("protocol") + "|" + r.get("client_ip") + "|"
                    + r.get("client_port") + "|" + r.get("server_ip") + "|" + r.get("server_port");
            sessions.add(session);
            if (DOWNGRADE.contains(r.get("finding"))) {
                downgraded.add(session);
            }
            if (r.get("finding").equals("plaintext-auth") && r.get("severity").equals("high")) {
                exposed.add(session);
            }
            byCode.merge(r.get("finding"), 1, Integer::sum);
            byServer.merge(r.get("server_ip") + " " + r.get("server_port") + " " + r.get("protocol"), 1, Integer::sum);
            String ip = r.get("client_ip");
            String network = ip.contains(":") ? slash48(ip) : ip.substring(0, ip.lastIndexOf('.')) + ".0/24";
            byNetwork.merge(network, 1, Integer::sum);
            assertTrue(html.contains(escape(r.get("wireshark_filter"))), "filter of frame " + r.get("frame") + " shown");
        }
        assertEquals(String.valueOf(rows.size()), figure(html, "findings"), "findings");
        assertEquals(String.valueOf(sessions.size()), figure(html, "sessions-with-findings"), "sessions with findings");
        assertEquals(String.valueOf(downgraded.size()), figure(html, "sessions-downgraded"), "sessions downgraded");
        assertEquals(String.valueOf(exposed.size()), figure(html, "credentials-exposed"), "credentials exposed");
        assertEquals(rows.size(), count(html, "<tr data-finding=\""), "one table row per finding");
        byCode.forEach((code, n) -> assertEquals(String.valueOf(n),
                first(html, "<g data-code=\"" + Pattern.quote(code) + "\">.*?<text data-col=\"count\"[^>]*>(\\d+)</text>"), code));
        byServer.forEach((server, n) -> assertEquals(String.valueOf(n), cell(html, server, "findings"), "server " + server));
        byNetwork.forEach((network, n) -> assertEquals(String.valueOf(n), cell(html, network, "findings"), "network " + network));
        assertEquals(byServer.size(), count(html, "<tr data-key=\"") - byNetwork.size(), "server rows (those with findings)");
    }

    /** A headline figure by its data-figure name. */
    static String figure(String html, String name) {
        return first(html, "data-figure=\"" + Pattern.quote(name) + "\">(\\d+)<");
    }

    /** A table cell by its row's data-key and its data-col. */
    static String cell(String html, String key, String col) {
        return first(html, "<tr data-key=\"" + Pattern.quote(escape(key)) + "\">.*?data-col=\"" + Pattern.quote(col)
                + "\"[^>]*>([^<]*)</td>");
    }

    private static String first(String html, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "not in the page: " + regex);
        return m.group(1);
    }

    private static int count(String html, String s) {
        int n = 0;
        for (int i = html.indexOf(s); i >= 0; i = html.indexOf(s, i + 1)) {
            n++;
        }
        return n;
    }

    /** The /48 as the expanded first three groups, compressed the RFC 5952 way for the samples' forms. */
    private static String slash48(String ip) {
        String[] groups = ip.split(":", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3 && i < groups.length && !groups[i].isEmpty(); i++) {
            sb.append(i == 0 ? "" : ":").append(groups[i]);
        }
        return sb + "::/48";
    }

    /** As the page writes text: only what the samples' fields need. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
