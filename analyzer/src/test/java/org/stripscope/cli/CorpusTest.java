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
 * exactly the ones listed here. The list follows the manifest's expected evidence on SMTP, IMAP
 * and POP3: each plaintext AUTH, LOGIN and USER/PASS, the masked Exchange EHLO reply, the
 * go-aheads followed by plaintext, and nothing anywhere else (no finding where the manifest
 * expects none: the XXXX lines of a message body, a one-sided capture, snaplen-cut payload,
 * STARTTLS and implicit TLS that really start TLS, LOGINDISABLED honoured, a bare POP3 AUTH).
 */
class CorpusTest {

    /** file → expected rows as "finding frame client_port severity user". */
    private static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("zeek/smtp.pcap", List.of("plaintext-auth 14 1470 high gurpartap@patriots.in")),
            Map.entry("arkime/smtp-data-250.pcap", List.of("plaintext-auth 9 3293 high 12345678@aol.com")),
            // The SASL PLAIN authcid is 123456789@aol.com; the manifest's 1234567899@aol.com is the MAIL FROM.
            Map.entry("arkime/smtp-data-521.pcap", List.of("plaintext-auth 10 56558 high 123456789@aol.com")),
            Map.entry("suricata-verify/mime-quoted-printable-smtp587-auth-login.pcap",
                    List.of("plaintext-auth 11 1470 high galunt")),
            // The client answered the user-name prompt with "QUIT": a user name line, no password.
            Map.entry("suricata-verify/smtp-long-command-auth-login-aborted.pcap", List.of("plaintext-auth 19 59096 medium -")),
            // NTLM type-3 messages (SMTP f148, IMAP f172, POP3 f196): challenge-response, no
            // reusable password; the user names hold a backslash (DOMAIN, backslash, user).
            Map.entry("arkime/ntlm_synthetic.pcap", List.of("plaintext-auth 148 50011 low -",
                    "plaintext-auth 172 50012 low -", "plaintext-auth 196 50013 low -")),
            // Blanket ASA mask of an Exchange 2003 reply (frames 8-10); CHUNKING is absent too.
            Map.entry("suricata-verify/smtp-extract-url-schemes-masked-ehlo.pcap", List.of("starttls-mangled 10 54009 medium -")),
            // Decrypted TLS written back as plaintext after each STARTTLS go-ahead: on the wire
            // it is exactly a client going on in plaintext (the manifest asks for all four).
            Map.entry("arkime/smtp-decrypted.pcap", List.of("starttls-no-handshake 10 49475 high -",
                    "starttls-no-handshake 46 28120 high -", "starttls-no-handshake 73 28134 high -",
                    "starttls-no-handshake 99 41347 high -")),
            // Fuzz input: the go-ahead (f6) is followed by plaintext server bytes (f8) where TLS
            // was due (server bytes after the go-ahead), and no TLS record before the end.
            Map.entry("suricata-verify/protocol-change-failed-event-fuzz.pcap",
                    List.of("starttls-injection 8 34634 high -", "starttls-no-handshake 6 34634 low -")),
            // Fuzz input: "staRttLs" accepted (f9), then the connection ends without TLS.
            Map.entry("suricata-verify/smtp-rset-starttls-fuzz.pcap", List.of("starttls-no-handshake 9 4660 low -")),
            // POP3 AUTH PLAIN with STLS advertised and unused: failed (f37), then twice accepted.
            Map.entry("zeek/pop3.pcap", List.of("plaintext-auth 37 26284 high digitalinvestigator@networksims.com",
                    "plaintext-auth 66 26308 high digitalinvestigator@networksims.com",
                    "plaintext-auth 85 26383 high digitalinvestigator@networksims.com")),
            // Server side only: "C3 OK LOGIN completed" proves a LOGIN that is not in the file.
            Map.entry("suricata-verify/tcp-async-01-imap-server-side-only.pcap", List.of("plaintext-auth 7 55774 medium -")),
            Map.entry("suricata-verify/pop3-02-bug-7709.pcap", List.of("plaintext-auth 7 38571 high test@tt.com",
                    "plaintext-auth 21 38572 high test")),
            // The password is anonymised as X characters in the file; no masked capability.
            Map.entry("arkime/imap.pcap", List.of("plaintext-auth 8 4167 high neulingern")),
            Map.entry("ndpi/imap.pcap", List.of("plaintext-auth 11 46045 high samir")),
            // The damaged copy of arkime/imap.pcap: its LOGIN line is read before the damage.
            Map.entry("peafowl/imap-truncated-file.cap", List.of("plaintext-auth 8 4167 high neulingern"))));

    /**
     * Mail sessions per file (connections on the SMTP, IMAP and POP3 ports): tshark's TCP
     * conversations on those ports, except the stray ACK with swapped ports in the masked-EHLO
     * file (frame 33) and the lone RST of pop3-02 (stream 2), which are no sessions. A SYN sent
     * again with the same ISN after a RST (zeek/pop3.pcap streams 0 and 1) is one attempt.
     * Concatenated captures (zeek/smtp.pcap, ndpi VLAN file) and a timestamp decades off
     * (smtp2525-ssl) must not split a connection. Files not listed: 0.
     */
    private static final Map<String, Integer> SESSIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("zeek/smtp-starttls.pcap", 1), Map.entry("zeek/smtp.pcap", 2),
            Map.entry("zeek/smtp-one-side-only.pcap", 1), Map.entry("zeek/communityid-ipv6-smtp.pcap", 1),
            Map.entry("zeek/tcp-truncated-header-smtp.pcap", 1), Map.entry("zeek/smtp-mail-transactions-invalid.pcap", 1),
            Map.entry("zeek/smtp-bdat-cmd-invalid.pcapng", 3),
            Map.entry("zeek/imap-starttls.pcap", 1), Map.entry("zeek/pop3-starttls.pcap", 1),
            Map.entry("zeek/telesec-imaps-993.pcap", 1), Map.entry("zeek/pop3.pcap", 7),
            Map.entry("suricata-verify/smtp-extract-url-schemes-masked-ehlo.pcap", 1),
            Map.entry("suricata-verify/smtp-file-data-01-exchange2003.pcap", 1),
            Map.entry("suricata-verify/smtp-long-command-auth-login-aborted.pcap", 1),
            Map.entry("suricata-verify/mime-quoted-printable-smtp587-auth-login.pcap", 1),
            Map.entry("suricata-verify/smtp-tls-protodetect-465.pcap", 1), Map.entry("suricata-verify/smtp-startssl.pcap", 1),
            Map.entry("suricata-verify/bug-1045-smtp-no-starttls.pcap", 1),
            Map.entry("suricata-verify/protocol-change-failed-event-fuzz.pcap", 1),
            Map.entry("suricata-verify/smtp-rset-starttls-fuzz.pcap", 1),
            Map.entry("suricata-verify/smtp-url-b64-port2525-helo.pcap", 1),
            Map.entry("suricata-verify/tcp-async-01-imap-server-side-only.pcap", 1),
            Map.entry("suricata-verify/pop3-02-bug-7709.pcap", 2),
            Map.entry("arkime/smtp-decrypted.pcap", 4), Map.entry("arkime/smtp-data-250.pcap", 1),
            Map.entry("arkime/smtp-data-521.pcap", 1), Map.entry("arkime/ntlm_synthetic.pcap", 3),
            Map.entry("arkime/smtp-originating.pcap", 1), Map.entry("arkime/imap.pcap", 1),
            Map.entry("ndpi/smtp-starttls-vlan-ipv6.pcap", 2), Map.entry("ndpi/smtp-darpa-ehlo-rejected.pcap", 1),
            Map.entry("ndpi/pop3_stls.pcap", 1), Map.entry("ndpi/imap.pcap", 1),
            Map.entry("ndpi/6in4tunnel-imaps.pcap", 2), Map.entry("ndpi/pops.pcapng", 1),
            Map.entry("chrissanders-packets/mail_receiver_server_3.pcapng", 2),
            Map.entry("chrissanders-packets/mail_sender_server_2.pcapng", 2),
            Map.entry("wireshark-notes/smtp2525-ssl.pcapng", 1), Map.entry("wireshark-notes/pop-ssl.pcapng", 1),
            Map.entry("cisco-mercury/imap2-dovecot-starttls.pcap", 1),
            Map.entry("cisco-mercury/smtp-midstream-pipelined.pcap", 1),
            Map.entry("peafowl/imap-truncated-file.cap", 1)));

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
            assertEquals(SESSIONS.getOrDefault(file, 0), Integer.parseInt(sessions.group(1)), "mail sessions in " + file);
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
