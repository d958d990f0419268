package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output options of analyze, end to end on the samples. */
class OutputOptionsTest {

    @Test
    void jsonl_hasOneObjectPerCsvRowWithTheSameFields() throws Exception {
        Cli.Result csv = Cli.run("analyze", "-q", "samples/");
        Cli.Result json = Cli.run("analyze", "-q", "--format", "jsonl", "samples/");
        assertEquals(ExitCode.OK, json.exitCode(), json.stderr());
        List<CSVRecord> rows = csv.rows();
        String[] lines = json.stdout().split("\n");
        assertEquals(rows.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            CSVRecord r = rows.get(i);
            String line = lines[i];
            assertTrue(line.startsWith("{\"capture\":\"" + r.get("capture") + "\",\"frame\":" + r.get("frame") + ","), line);
            assertTrue(line.contains("\"client_port\":" + r.get("client_port") + ","), line);
            assertTrue(line.endsWith(",\"wireshark_filter\":\"" + r.get("wireshark_filter") + "\"}"), line);
        }
    }

    @Test
    void anonymize_replacesClientsAndUsersAlikeInEveryRun_keepingNetworksTogether(@TempDir Path dir) throws Exception {
        Path key = Files.write(dir.resolve("study.key"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        Cli.Result first = Cli.run("analyze", "-q", "--anonymize", key.toString(), "samples/");
        Cli.Result second = Cli.run("analyze", "-q", "--anonymize", key.toString(), "samples/");
        assertEquals(ExitCode.OK, first.exitCode(), first.stderr());
        assertEquals(first.stdout(), second.stdout(), "same key, same pseudonyms");
        assertFalse(first.stdout().contains("192.0.2.10"), first.stdout());
        assertFalse(first.stdout().contains("2001:db8:1::10"), first.stdout());
        assertFalse(first.stdout().contains("alice"), first.stdout());
        List<CSVRecord> rows = first.rows();
        List<CSVRecord> plain = Cli.run("analyze", "-q", "samples/").rows();
        assertEquals(plain.size(), rows.size());
        java.util.Map<String, String> pseudonyms = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String clear = plain.get(i).get("client_ip");
            String anonymous = rows.get(i).get("client_ip");
            assertFalse(clear.equals(anonymous), clear);
            assertEquals(pseudonyms.computeIfAbsent(clear, c -> anonymous), anonymous, "one pseudonym per client " + clear);
            assertFalse(first.stdout().contains("," + clear + ","), clear + " is still in the output");
        }
        assertEquals(pseudonyms.size(), new java.util.HashSet<>(pseudonyms.values()).size(), "distinct clients stay distinct");
        assertTrue(rows.stream().allMatch(r -> r.get("wireshark_filter").contains("addr==" + r.get("client_ip") + " ")),
                "the filter names the pseudonym");
        assertTrue(rows.stream().filter(r -> r.get("finding").equals("plaintext-auth"))
                .allMatch(r -> r.get("detail").matches(".*user user-[0-9a-f]{12},.*")), "user names are keyed hashes");
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(plain.get(i).get("server_ip"), rows.get(i).get("server_ip"), "servers are kept");
        }
    }

    @Test
    void anonymize_withAKeyOfTheWrongSize_isAUsageError(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("short.key"), "too short");
        Cli.Result r = Cli.run("analyze", "-q", "--anonymize", key.toString(), "samples/");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("32 bytes"), r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void failOn_exitsWithFindingsCodeOnlyWhenAFindingReachesTheSeverity() throws Exception {
        Cli.Result high = Cli.run("analyze", "-q", "--fail-on", "high", "samples/");
        assertEquals(ExitCode.FINDINGS, high.exitCode());
        assertEquals(4, ExitCode.FINDINGS, "documented in the README");
        assertFalse(high.rows().isEmpty(), "findings are still written");
        Cli.Result clean = Cli.run("analyze", "-q", "--fail-on", "info", "samples/smtp-starttls-clean.pcap");
        assertEquals(ExitCode.OK, clean.exitCode(), clean.stdout());
        Cli.Result without = Cli.run("analyze", "-q", "samples/");
        assertEquals(ExitCode.OK, without.exitCode());
        Cli.Result bad = Cli.run("analyze", "--fail-on", "severe", "samples/");
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.stderr().contains("info, low, medium, high"), bad.stderr());
    }

    @Test
    void failOnThreshold_countsFindingsAtOrAboveIt() {
        FailOn medium = new FailOn(org.stripscope.detect.Severity.MEDIUM);
        org.stripscope.mail.SessionInfo s = new org.stripscope.mail.SessionInfo("a", 1, org.stripscope.mail.Protocol.SMTP,
                "192.0.2.10", 1, "198.51.100.25", 25, true);
        var sink = medium.watching(f -> { });
        sink.accept(new org.stripscope.detect.Finding(s, 1, 0, org.stripscope.detect.FindingCode.BANNER_MASKED,
                org.stripscope.detect.Severity.LOW, "", ""));
        assertFalse(medium.failed(), "low is below medium");
        sink.accept(new org.stripscope.detect.Finding(s, 2, 0, org.stripscope.detect.FindingCode.STARTTLS_REJECTED,
                org.stripscope.detect.Severity.MEDIUM, "", ""));
        assertTrue(medium.failed());
        assertEquals(1, medium.reached());
        FailOn none = new FailOn(null);
        none.watching(f -> { }).accept(new org.stripscope.detect.Finding(s, 1, 0,
                org.stripscope.detect.FindingCode.PLAINTEXT_AUTH, org.stripscope.detect.Severity.HIGH, "", ""));
        assertFalse(none.failed(), "without --fail-on nothing fails");
    }

    @Test
    void progress_isSilentWhenStderrIsNotATerminalAndWithQuiet() throws Exception {
        Cli.Result auto = Cli.run("analyze", "samples/");
        assertFalse(auto.stderr().contains("\r"), "no progress line into a file: " + auto.stderr());
        Cli.Result quiet = Cli.run("analyze", "-q", "--progress", "always", "samples/");
        assertEquals("", quiet.stderr());
        assertNotEquals(ExitCode.USAGE, quiet.exitCode());
    }

    @Test
    void versionAndHelpOfEachCommand_showTheVersionAndExamples() throws Exception {
        assertTrue(Cli.run("--version").stdout().startsWith("stripscope "));
        for (String command : List.of("analyze", "report")) {
            Cli.Result help = Cli.run(command, "--help");
            assertEquals(ExitCode.OK, help.exitCode());
            assertTrue(help.stdout().contains("Examples:"), command);
            assertTrue(help.stdout().contains("Exit codes:"), command);
        }
        assertTrue(Cli.run("--help").stdout().contains("Examples:"));
    }
}
