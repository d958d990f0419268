package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The public captures in ../shared/corpus (Zeek, Suricata, Arkime, nDPI and others; MANIFEST.tsv
 * there describes each session): every file is analysed without a crash, and the findings are
 * exactly the ones listed here. The list follows the manifest's expected evidence for what this
 * version analyses (SMTP): each SMTP plaintext AUTH, the masked Exchange EHLO reply, and nothing
 * anywhere else (no finding where the manifest expects none: the XXXX lines of a message body,
 * a one-sided capture, snaplen-cut payload).
 */
class CorpusTest {

    /** file → expected rows as "finding frame client_port severity user". */
    private static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.of(
            "zeek/smtp.pcap", List.of("plaintext-auth 14 1470 high gurpartap@patriots.in"),
            "arkime/smtp-data-250.pcap", List.of("plaintext-auth 9 3293 high 12345678@aol.com"),
            // The SASL PLAIN authcid is 123456789@aol.com; the manifest's 1234567899@aol.com is the MAIL FROM.
            "arkime/smtp-data-521.pcap", List.of("plaintext-auth 10 56558 high 123456789@aol.com"),
            "suricata-verify/mime-quoted-printable-smtp587-auth-login.pcap",
                    List.of("plaintext-auth 11 1470 high galunt"),
            // The client answered the user-name prompt with "QUIT": a user name line, no password.
            "suricata-verify/smtp-long-command-auth-login-aborted.pcap", List.of("plaintext-auth 19 59096 medium -"),
            // NTLM type-3 message at frame 148: challenge-response, no reusable password.
            "arkime/ntlm_synthetic.pcap", List.of("plaintext-auth 148 50011 low -"),
            // Blanket ASA mask of an Exchange 2003 reply (frames 8-10); CHUNKING is absent too.
            "suricata-verify/smtp-extract-url-schemes-masked-ehlo.pcap", List.of("starttls-mangled 10 54009 medium -")));

    /**
     * SMTP sessions per file (connections on 25, 465, 587, 2525): tshark's TCP conversations on
     * those ports, except the stray ACK with swapped ports in the masked-EHLO file (frame 33),
     * which is no session. Concatenated captures (zeek/smtp.pcap, ndpi VLAN file) and a
     * timestamp decades off (smtp2525-ssl) must not split a connection. Files not listed: 0.
     */
    private static final Map<String, Integer> SESSIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("zeek/smtp-starttls.pcap", 1), Map.entry("zeek/smtp.pcap", 2),
            Map.entry("zeek/smtp-one-side-only.pcap", 1), Map.entry("zeek/communityid-ipv6-smtp.pcap", 1),
            Map.entry("zeek/tcp-truncated-header-smtp.pcap", 1), Map.entry("zeek/smtp-mail-transactions-invalid.pcap", 1),
            Map.entry("zeek/smtp-bdat-cmd-invalid.pcapng", 3),
            Map.entry("suricata-verify/smtp-extract-url-schemes-masked-ehlo.pcap", 1),
            Map.entry("suricata-verify/smtp-file-data-01-exchange2003.pcap", 1),
            Map.entry("suricata-verify/smtp-long-command-auth-login-aborted.pcap", 1),
            Map.entry("suricata-verify/mime-quoted-printable-smtp587-auth-login.pcap", 1),
            Map.entry("suricata-verify/smtp-tls-protodetect-465.pcap", 1), Map.entry("suricata-verify/smtp-startssl.pcap", 1),
            Map.entry("suricata-verify/bug-1045-smtp-no-starttls.pcap", 1),
            Map.entry("suricata-verify/protocol-change-failed-event-fuzz.pcap", 1),
            Map.entry("suricata-verify/smtp-rset-starttls-fuzz.pcap", 1),
            Map.entry("suricata-verify/smtp-url-b64-port2525-helo.pcap", 1),
            Map.entry("arkime/smtp-decrypted.pcap", 4), Map.entry("arkime/smtp-data-250.pcap", 1),
            Map.entry("arkime/smtp-data-521.pcap", 1), Map.entry("arkime/ntlm_synthetic.pcap", 1),
            Map.entry("arkime/smtp-originating.pcap", 1), Map.entry("ndpi/smtp-starttls-vlan-ipv6.pcap", 2),
            Map.entry("ndpi/smtp-darpa-ehlo-rejected.pcap", 1),
            Map.entry("chrissanders-packets/mail_receiver_server_3.pcapng", 1),
            Map.entry("chrissanders-packets/mail_sender_server_2.pcapng", 2),
            Map.entry("wireshark-notes/smtp2525-ssl.pcapng", 1), Map.entry("cisco-mercury/smtp-midstream-pipelined.pcap", 1)));

    private static final Pattern SESSION_COUNT = Pattern.compile("(\\d+) mail sessions?,");

    /** Files that can't be read to the end: analysed up to the damage, then exit code 3. */
    private static final List<String> DAMAGED = List.of("peafowl/imap-truncated-file.cap");

    static List<String> corpusFiles() throws IOException {
        List<String> files = new ArrayList<>();
        for (String line : Files.readAllLines(Cli.CORPUS.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
            String path = line.split("\t", 2)[0];
            if (!path.equals("path") && !path.isBlank()) {
                files.add(path);
            }
        }
        return files;
    }

    @TestFactory
    Stream<DynamicTest> everyPublicCaptureGivesExactlyTheExpectedFindings() throws IOException {
        assumeTrue(Files.isDirectory(Cli.CORPUS), "no public corpus at " + Cli.CORPUS);
        List<String> files = corpusFiles();
        assertEquals(44, files.size(), "MANIFEST.tsv lists 44 captures");
        assertTrue(files.containsAll(EXPECTED.keySet()), "every expectation names a corpus file");
        assertTrue(files.containsAll(SESSIONS.keySet()), "every session count names a corpus file");
        return files.stream().map(file -> DynamicTest.dynamicTest(file, () -> {
            Path capture = Cli.CORPUS.resolve(file);
            Cli.Result r = Cli.run("analyze", capture.toString());
            boolean damaged = DAMAGED.contains(file);
            assertEquals(damaged ? ExitCode.PARTIAL : ExitCode.OK, r.exitCode(), r.stderr());
            assertFalse(r.stderr().contains("Exception"), r.stderr());
            List<String> actual = new ArrayList<>();
            for (CSVRecord row : r.rows()) {
                actual.add(row.get("finding") + " " + row.get("frame") + " " + row.get("client_port") + " "
                        + row.get("severity") + " " + userOf(row));
                assertFalse(row.get("evidence").isEmpty(), "evidence of " + row);
            }
            assertEquals(EXPECTED.getOrDefault(file, List.of()), actual, file + "\n" + r.stdout());
            Matcher sessions = SESSION_COUNT.matcher(r.stderr());
            assertTrue(sessions.find(), r.stderr());
            assertEquals(SESSIONS.getOrDefault(file, 0), Integer.parseInt(sessions.group(1)), "SMTP sessions in " + file);
        }));
    }

    /** The user name a plaintext-auth row names in its detail, or "-". */
    private static String userOf(CSVRecord row) {
        String detail = row.get("detail");
        int at = detail.indexOf(", user ");
        if (!row.get("finding").equals("plaintext-auth") || at < 0) {
            return "-";
        }
        String rest = detail.substring(at + ", user ".length());
        int end = rest.indexOf(',');
        String user = end < 0 ? rest : rest.substring(0, end);
        return user.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\') ? user : "-";
    }
}
