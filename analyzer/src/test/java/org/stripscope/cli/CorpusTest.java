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
