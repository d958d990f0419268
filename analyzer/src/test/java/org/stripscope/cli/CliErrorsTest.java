package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line naming the file, a documented exit code, and keeps the findings already made. */
class CliErrorsTest {

    /** A sample whose plaintext AUTH comes early, so a cut after it keeps that finding. */
    private static final Path AUTH_SAMPLE = Cli.ROOT.resolve("samples/smtp-auth-plain-587.pcap");

    @TempDir
    Path dir;

    private static List<String> errorLines(Cli.Result r) {
        return r.stderr().lines().filter(l -> !l.startsWith("stripscope: ") || !l.contains(" packets, ")).filter(l -> !l.startsWith("  ")).toList();
    }

    @Test
    void missingFile_isOneLineAndExitCodeError() throws Exception {
        Cli.Result r = Cli.run("analyze", dir.resolve("nope.pcap").toString());
        assertEquals(ExitCode.ERROR, r.exitCode());
        List<String> errors = errorLines(r);
        assertEquals(1, errors.size(), r.stderr());
        assertTrue(errors.get(0).contains("nope.pcap"), r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void textFileIsNotACapture() throws Exception {
        Path text = dir.resolve("notes.pcap");
        Files.writeString(text, "this is not a capture\n".repeat(10));
        Cli.Result r = Cli.run("analyze", text.toString());
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertEquals(1, errorLines(r).size(), r.stderr());
        assertTrue(r.stderr().contains("notes.pcap"), r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void emptyFile_isReportedNotCrashed() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        Cli.Result r = Cli.run("analyze", empty.toString());
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertTrue(r.stderr().contains("empty.pcap"), r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void unsupportedLinkType_namesIt() throws Exception {
        // Classic pcap header with link type 147 (DLT_USER0) and one 4-byte record.
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(147);
        b.putInt(1).putInt(0).putInt(4).putInt(4).putInt(0x01020304);
        Path odd = dir.resolve("user0.pcap");
        Files.write(odd, b.array());
        Cli.Result r = Cli.run("analyze", odd.toString());
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertTrue(r.stderr().contains("user0.pcap") && r.stderr().contains("147"), r.stderr());
    }

    @Test
    void truncatedCapture_keepsTheFindingsBeforeTheCutAndExitsPartial() throws Exception {
        byte[] whole = Files.readAllBytes(AUTH_SAMPLE);
        Cli.Result full = Cli.run("analyze", AUTH_SAMPLE.toString());
        long findingFrame = Long.parseLong(full.rows().get(0).get("frame"));
        int cut = recordOffset(whole, findingFrame + 3) + 20;
        Path cutFile = dir.resolve("cut.pcap");
        Files.write(cutFile, Arrays.copyOf(whole, cut));

        Cli.Result r = Cli.run("analyze", cutFile.toString());
        assertEquals(ExitCode.PARTIAL, r.exitCode(), r.stderr());
        assertEquals(1, r.rows().size(), r.stdout());
        assertEquals(full.rows().get(0).get("frame"), r.rows().get(0).get("frame"));
        assertEquals(full.rows().get(0).get("detail"), r.rows().get(0).get("detail"));
        assertTrue(r.stderr().contains("cut.pcap") && r.stderr().contains("truncated"), r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void directoryWithOneCorruptCaptureAmongGoodOnes_analysesTheGoodOnes() throws Exception {
        Files.copy(AUTH_SAMPLE, dir.resolve("a-good.pcap"));
        byte[] whole = Files.readAllBytes(AUTH_SAMPLE);
        Files.write(dir.resolve("b-corrupt.pcap"), Arrays.copyOf(whole, 24 + 10));
        Files.copy(AUTH_SAMPLE, dir.resolve("c-good.pcap"));
        Files.writeString(dir.resolve("README.md"), "not a capture, skipped\n");

        Cli.Result r = Cli.run("analyze", dir.toString());
        assertEquals(ExitCode.PARTIAL, r.exitCode(), r.stderr());
        assertEquals(2, r.rows().size(), r.stdout());
        assertTrue(r.rows().get(0).get("capture").endsWith("a-good.pcap"));
        assertTrue(r.rows().get(1).get("capture").endsWith("c-good.pcap"));
        assertTrue(r.stderr().contains("b-corrupt.pcap"), r.stderr());
        assertFalse(r.stderr().contains("README.md"), r.stderr());
    }

    @Test
    void unwritableOutput_isOneLineAndExitCodeError() throws Exception {
        Path nowhere = dir.resolve("no-such-dir/findings.csv");
        Cli.Result r = Cli.run("analyze", "-o", nowhere.toString(), AUTH_SAMPLE.toString());
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertEquals("stripscope: cannot write findings to " + nowhere + ": its directory does not exist",
                r.stderr().strip());
    }

    @Test
    void fullDisk_isOneLineAndExitCodeError() throws Exception {
        Cli.Result r = Cli.run("analyze", "-o", "/dev/full", AUTH_SAMPLE.toString());
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("stripscope: cannot write findings to /dev/full: "), r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.stderr());
    }

    @Test
    void emptyDirectoryAmongOtherInputs_isOneLineAndTheOthersAreAnalysed() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty-dir"));
        Cli.Result r = Cli.run("analyze", empty.toString(), AUTH_SAMPLE.toString());
        assertEquals(ExitCode.PARTIAL, r.exitCode(), r.stderr());
        assertEquals(1, r.rows().size(), r.stdout());
        assertEquals(List.of("stripscope: " + empty + ": no capture files in this directory"), errorLines(r));
    }

    @Test
    void badPortList_isAUsageError() throws Exception {
        Cli.Result r = Cli.run("analyze", "--smtp-ports", "25,x", AUTH_SAMPLE.toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("'x' is not a port number"), r.stderr());
    }

    @Test
    void outputFileGetsTheSameCsvAsStandardOutput() throws Exception {
        Path csv = dir.resolve("findings.csv");
        Cli.Result toFile = Cli.run("analyze", "-q", "-o", csv.toString(), AUTH_SAMPLE.toString());
        Cli.Result toStdout = Cli.run("analyze", "-q", AUTH_SAMPLE.toString());
        assertEquals(ExitCode.OK, toFile.exitCode(), toFile.stderr());
        assertEquals("", toFile.stdout());
        assertEquals("", toFile.stderr());
        assertEquals(toStdout.stdout(), Files.readString(csv, StandardCharsets.UTF_8));
    }

    /** Byte offset of the record of a 1-based frame in a classic little- or big-endian pcap. */
    private static int recordOffset(byte[] pcap, long frame) {
        ByteBuffer b = ByteBuffer.wrap(pcap);
        b.order(b.getInt(0) == 0xa1b2c3d4 || b.getInt(0) == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int offset = 24;
        for (long f = 1; f < frame; f++) {
            offset += 16 + b.getInt(offset + 8);
        }
        return offset;
    }
}
