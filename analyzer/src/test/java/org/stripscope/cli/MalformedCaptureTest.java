package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.PcapFileSource;

/**
 * The damaged captures in {@code src/test/resources/malformed/} (made by
 * scripts/lib/flood/make_malformed.py from one small SMTP session whose client sends AUTH PLAIN
 * in the clear in frame 7): each is analysed as far as it can be, or refused, with one line
 * naming the file and what is wrong with it, never a stack trace, and findings made before the
 * damage are kept.
 */
class MalformedCaptureTest {

    @TempDir
    Path dir;

    private static Path malformed(String name) throws URISyntaxException {
        return Path.of(MalformedCaptureTest.class.getResource("/malformed/" + name).toURI());
    }

    private static Cli.Result analyze(String name) throws Exception {
        Cli.Result r = Cli.run("analyze", malformed(name).toString());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
        assertFalse(r.stderr().contains("internal error"), r.stderr());
        return r;
    }

    private static void assertOneAuthFinding(Cli.Result r) throws IOException {
        assertEquals(1, r.rows().size(), r.stdout());
        assertEquals("plaintext-auth", r.rows().get(0).get("finding"), r.stdout());
    }

    @Test
    void theUndamagedSession_hasOnePlaintextAuthFinding() throws Exception {
        Cli.Result r = analyze("good-smtp-auth-plain.pcap");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertOneAuthFinding(r);
    }

    @Test
    void emptyFile_isRefusedAsEmpty() throws Exception {
        Cli.Result r = analyze("empty.pcap");
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertTrue(r.stderr().contains("empty.pcap: empty file"), r.stderr());
    }

    @Test
    void truncatedGlobalHeader_isRefusedAsEndingInsideItsHeader() throws Exception {
        Cli.Result r = analyze("truncated-global-header.pcap");
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertTrue(r.stderr().contains("truncated-global-header.pcap: capture ends inside its file header"), r.stderr());
    }

    @Test
    void wrongMagic_isRefusedAsNotACapture() throws Exception {
        Cli.Result r = analyze("wrong-magic.pcap");
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertTrue(r.stderr().contains("wrong-magic.pcap: not a pcap or pcapng capture"), r.stderr());
    }

    @Test
    void truncatedRecord_keepsTheFindingBeforeTheCutAndExitsPartial() throws Exception {
        Cli.Result r = analyze("truncated-record.pcap");
        assertEquals(ExitCode.PARTIAL, r.exitCode(), r.stderr());
        assertOneAuthFinding(r);
        assertTrue(r.stderr().contains("truncated-record.pcap: file ends inside a record after frame 9"), r.stderr());
    }

    @Test
    void recordsCutToTheFileSnaplen_areGapsNotErrors() throws Exception {
        // The file header says snaplen 64: libpcap hands on 64 bytes of each longer record, 10
        // bytes of TCP payload. Six of the seven payload segments (all but "QUIT\r\n") are cut,
        // their tails become gaps, and the AUTH line is no longer readable: no finding, no error,
        // the cuts counted in the summary.
        Cli.Result r = analyze("caplen-over-snaplen.pcap");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertEquals(0, r.rows().size(), r.stdout());
        assertTrue(r.stderr().contains("tcp.snaplen-truncated-segments 6"), r.stderr());
    }

    @Test
    void caplenZero_isAnEmptyFrameAndTheRestIsAnalysed() throws Exception {
        // Frame 4 (the server greeting) has no captured byte: its 22 bytes are a gap of the
        // server direction, the client's AUTH PLAIN in frame 7 is still read.
        Cli.Result r = analyze("caplen-zero.pcap");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertOneAuthFinding(r);
    }

    @Test
    void caplenTwoToThe31_stopsAtThatRecordAndKeepsTheFindingsBeforeIt() throws Exception {
        Cli.Result r = analyze("caplen-2-31.pcap");
        assertEquals(ExitCode.PARTIAL, r.exitCode(), r.stderr());
        assertOneAuthFinding(r);
        assertTrue(r.stderr().contains("caplen-2-31.pcap: damaged record after frame 9"), r.stderr());
    }

    @Test
    void pcapngWithUnknownBlocks_skipsThemAndAnalysesThePackets() throws Exception {
        Cli.Result r = analyze("pcapng-unknown-blocks.pcapng");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        assertOneAuthFinding(r);
    }

    @Test
    void directoryWithOneCorruptFile_analysesTheGoodOnesAndNamesTheBadOne() throws Exception {
        Cli.Result r = Cli.run("analyze", malformed("mixed-directory").toString());
        assertEquals(ExitCode.PARTIAL, r.exitCode(), r.stderr());
        assertEquals(2, r.rows().size(), r.stdout());
        assertTrue(r.rows().get(0).get("capture").endsWith("a-good.pcap"), r.stdout());
        assertTrue(r.rows().get(1).get("capture").endsWith("c-good.pcapng"), r.stdout());
        assertTrue(r.stderr().contains("b-corrupt.pcap"), r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void fileThatGrowsWhileRead_isReadToWhereItEndedAndAnIncompleteRecordIsTruncation() throws Exception {
        byte[] whole = Files.readAllBytes(malformed("good-smtp-auth-plain.pcap"));
        byte[] cut = Files.readAllBytes(malformed("truncated-record.pcap"));
        Path growing = dir.resolve("growing.pcap");
        Files.write(growing, cut);
        try (PcapFileSource source = PcapFileSource.open(growing)) {
            int frames = 0;
            for (int i = 0; i < 8; i++) {
                assertTrue(source.next());
                frames++;
            }
            // The writer goes on while the reader is inside the file: the rest of the session
            // appears, record by record.
            Files.write(growing, Arrays.copyOfRange(whole, cut.length, whole.length), StandardOpenOption.APPEND);
            long before = source.frame();
            CaptureException end = null;
            try {
                while (source.next() && frames < 1000) {
                    frames++;
                }
            } catch (CaptureException e) {
                end = e;
            }
            // Either libpcap's buffer already held the cut end (a truncated record after frame
            // 9) or it reads on into the appended records (all 13 frames): never more, never a
            // hang, never another kind of failure.
            assertTrue(source.frame() >= before && source.frame() <= 13, "frames read " + source.frame());
            if (end != null) {
                assertEquals(CaptureException.Kind.TRUNCATED, end.kind(), end.getMessage());
                assertEquals(9, source.frame());
            } else {
                assertEquals(13, source.frame());
            }
            assertFalse(source.next(), "the source stays finished");
        }
    }

    @Test
    void fileThatGrowsWhileRead_isAnalysedWithoutFailingTheRun() throws Exception {
        byte[] whole = Files.readAllBytes(malformed("good-smtp-auth-plain.pcap"));
        Path growing = dir.resolve("growing.pcap");
        Files.write(growing, Arrays.copyOf(whole, 24));
        Thread writer = new Thread(() -> {
            try {
                for (int at = 24; at < whole.length; at += 37) {
                    Files.write(growing, Arrays.copyOfRange(whole, at, Math.min(whole.length, at + 37)),
                            StandardOpenOption.APPEND);
                    Thread.sleep(5);
                }
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        Cli.Result r = Cli.run("analyze", growing.toString());
        writer.join();
        // Wherever the reader caught up with the writer, the run ends with what it read:
        // OK if the file was complete by then, PARTIAL with a "file ends inside a record" line
        // if not; never an internal error.
        assertTrue(r.exitCode() == ExitCode.OK || r.exitCode() == ExitCode.PARTIAL
                || r.exitCode() == ExitCode.ERROR, r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
        assertFalse(r.stderr().contains("internal error"), r.stderr());
    }
}
