package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture in samples/ is analysed by the real command line and its CSV compared whole with
 * the reviewed golden file beside it ({@code <name>.expected.csv}). With
 * {@code -Dstripscope.updateGoldens=true} (scripts/test --update-goldens) the goldens are written
 * instead, for a person to review in the diff.
 */
class SamplesEndToEndTest {

    private static final Path SAMPLES = Cli.ROOT.resolve("samples");
    private static final boolean UPDATE = Boolean.getBoolean("stripscope.updateGoldens");

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pcap")
                    || p.getFileName().toString().endsWith(".pcapng")).sorted().toList();
        }
    }

    static Path golden(Path sample) {
        String name = sample.getFileName().toString();
        return sample.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".expected.csv");
    }

    @TestFactory
    Stream<DynamicTest> everySampleProducesExactlyItsExpectedCsv() throws IOException {
        List<Path> samples = samples();
        assertFalse(samples.isEmpty(), "no captures in " + SAMPLES);
        return samples.stream().map(sample -> DynamicTest.dynamicTest(sample.getFileName().toString(), () -> {
            Cli.Result r = Cli.run("analyze", "samples/" + sample.getFileName());
            assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
            assertNoSecret(r);
            Path golden = golden(sample);
            if (UPDATE) {
                Files.writeString(golden, r.stdout(), StandardCharsets.UTF_8);
                return;
            }
            assertTrue(Files.exists(golden), "missing golden " + golden + " (run scripts/test --update-goldens and review it)");
            assertEquals(Files.readString(golden, StandardCharsets.UTF_8), r.stdout(), "CSV of " + sample);
        }));
    }

    /** The samples' fake password, as typed and in the base64 forms AUTH LOGIN and AUTH PLAIN send. */
    private static final List<String> SECRET_FORMS = List.of("Tr0ub4dor&3",
            b64("Tr0ub4dor&3"), b64("\0alice\0Tr0ub4dor&3"), b64("alice\0alice\0Tr0ub4dor&3"));

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertNoSecret(Cli.Result r) {
        for (String secret : SECRET_FORMS) {
            assertFalse(r.stdout().contains(secret) || r.stderr().contains(secret), "secret written: " + secret);
        }
    }

    @Test
    void samplesDirectoryGivesEveryGoldenRowInNameOrder() throws Exception {
        Cli.Result r = Cli.run("analyze", "samples/");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertNoSecret(r);
        StringBuilder expected = new StringBuilder();
        for (Path sample : samples()) {
            List<String> lines = Files.readAllLines(golden(sample), StandardCharsets.UTF_8);
            if (expected.length() == 0) {
                expected.append(lines.get(0)).append("\r\n");
            }
            lines.stream().skip(1).forEach(l -> expected.append(l).append("\r\n"));
        }
        assertEquals(expected.toString(), r.stdout());
        assertTrue(r.stderr().startsWith("stripscope: " + samples().size() + " captures,"), r.stderr());
    }

    /**
     * The three ways a file is read give the same rows and the same run summary: the Java reader
     * with decoding on the reader thread (the default on a machine with two cores or more), the
     * same on the analysis thread alone, and libpcap for every file. The damaged captures are
     * included: their decode anomalies are counted on the reader thread.
     */
    @Test
    void everyReaderAndThreading_givesTheSameRowsAndSummary() throws Exception {
        for (String input : List.of("samples/", "analyzer/src/test/resources/malformed/")) {
            Cli.Result threaded = Cli.runWith(List.of("-Dstripscope.readerThread=true"), "analyze", input);
            Cli.Result oneThread = Cli.runWith(List.of("-Dstripscope.readerThread=false"), "analyze", input);
            Cli.Result libpcap = Cli.runWith(List.of("-Dstripscope.reader=libpcap"), "analyze", input);
            assertTrue(threaded.rows().size() >= 5, threaded.stdout());
            assertTrue(summary(threaded.stderr()).contains("anomalies:"), threaded.stderr());
            for (Cli.Result other : List.of(oneThread, libpcap)) {
                assertEquals(threaded.exitCode(), other.exitCode(), other.stderr());
                assertEquals(threaded.stdout(), other.stdout());
                assertEquals(summary(threaded.stderr()), summary(other.stderr()), input);
            }
        }
    }

    /** The run summary: its counting lines, not the error lines (libpcap words its own). */
    private static String summary(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("  ") || l.matches("stripscope: \\d+ captures.*"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
