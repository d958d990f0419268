package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureInputsTest {

    @TempDir
    Path dir;

    private Path write(Path path, byte[] content) throws IOException {
        Files.createDirectories(path.getParent());
        return Files.write(path, content);
    }

    private static byte[] pcap(ByteOrder order, boolean nanos) {
        return new CaptureFileWriter.Pcap(order, nanos, LinkType.EN10MB, 65535).bytes();
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void directory_expandsToItsCaptureFilesByMagicInNameOrder() throws Exception {
        write(dir.resolve("b.pcap"), pcap(ByteOrder.LITTLE_ENDIAN, false));
        write(dir.resolve("a.cap"), pcap(ByteOrder.BIG_ENDIAN, false));
        write(dir.resolve("c-nanos"), pcap(ByteOrder.LITTLE_ENDIAN, true));
        write(dir.resolve("B-nanos-be.pcap"), pcap(ByteOrder.BIG_ENDIAN, true));
        write(dir.resolve("d.pcapng"), new CaptureFileWriter.PcapNg(LinkType.EN10MB).bytes());
        write(dir.resolve("README.md"), "# samples\n".getBytes(StandardCharsets.US_ASCII));
        write(dir.resolve("expected.csv"), "frame,code\n".getBytes(StandardCharsets.US_ASCII));
        write(dir.resolve("tiny.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3});
        write(dir.resolve("sub/e.pcap"), pcap(ByteOrder.LITTLE_ENDIAN, false));

        List<Path> files = paths(CaptureInputs.resolve(List.of(dir.toString())));

        // String order: upper case sorts before lower case.
        assertEquals(List.of("B-nanos-be.pcap", "a.cap", "b.pcap", "c-nanos", "d.pcapng"), names(files));
        assertTrue(files.stream().allMatch(p -> p.getParent().equals(dir)), "no files from subdirectories");
    }

    @Test
    void fileArgument_isTakenAsGivenEvenWithoutACaptureMagic() throws Exception {
        Path text = write(dir.resolve("notes.txt"), "not a capture".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(text), paths(CaptureInputs.resolve(List.of(text.toString()))));
        CaptureException e = assertThrows(CaptureException.class, () -> PcapFileSource.open(text));
        assertEquals(CaptureException.Kind.NOT_A_CAPTURE, e.kind());
    }

    @Test
    void missingPath_isKeptInPlaceSoOpeningItReportsUnreadable() throws Exception {
        Path first = write(dir.resolve("one/x.pcap"), pcap(ByteOrder.LITTLE_ENDIAN, false));
        Path missing = dir.resolve("missing.pcap");
        Path last = write(dir.resolve("two/y.pcap"), pcap(ByteOrder.LITTLE_ENDIAN, false));

        List<Path> files = paths(CaptureInputs.resolve(List.of(first.getParent().toString(), missing.toString(), last.toString())));

        assertEquals(List.of(first, missing, last), files);
        CaptureException e = assertThrows(CaptureException.class, () -> PcapFileSource.open(files.get(1)));
        assertEquals(CaptureException.Kind.UNREADABLE, e.kind());
        assertTrue(e.getMessage().contains("missing.pcap"));
    }

    @Test
    void emptyDirectoryAmongOtherInputs_isReportedInItsPlaceAndTheOthersKept() throws Exception {
        Path first = write(dir.resolve("one/x.pcap"), pcap(ByteOrder.LITTLE_ENDIAN, false));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        write(empty.resolve("README.md"), "# nothing yet\n".getBytes(StandardCharsets.US_ASCII));
        Path last = write(dir.resolve("y.pcap"), pcap(ByteOrder.LITTLE_ENDIAN, false));

        List<CaptureInput> inputs = CaptureInputs.resolve(List.of(first.getParent().toString(), empty.toString(), last.toString()));

        assertEquals(List.of(first, empty, last), inputs.stream().map(CaptureInput::path).toList());
        assertFalse(inputs.get(0).hasProblem());
        assertTrue(inputs.get(1).hasProblem());
        assertEquals(CaptureException.Kind.UNREADABLE, inputs.get(1).problem().kind());
        assertEquals(empty + ": no capture files in this directory", inputs.get(1).problem().getMessage());
        assertFalse(inputs.get(2).hasProblem());
    }

    @Test
    void emptyDirectory_isKeptInPlaceByExpandSoOpeningItReportsUnreadable() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        List<Path> files = paths(CaptureInputs.resolve(List.of(empty.toString())));
        assertEquals(List.of(empty), files);
        CaptureException e = assertThrows(CaptureException.class, () -> PcapFileSource.open(files.get(0)));
        assertEquals(CaptureException.Kind.UNREADABLE, e.kind());
    }

    @Test
    void modifiedPcapDirectory_expandsToItsFilesInBothByteOrders() throws Exception {
        // The modified-pcap magic a1b2cd34 as written by a big- and a little-endian host.
        write(dir.resolve("be.pcap"), HexFormat.of().parseHex("a1b2cd34" + "0002000400000000000000000000ffff00000001"));
        write(dir.resolve("le.pcap"), HexFormat.of().parseHex("34cdb2a1" + "0200040000000000000000000000ffff01000000"));
        assertEquals(List.of("be.pcap", "le.pcap"), names(paths(CaptureInputs.resolve(List.of(dir.toString())))));
    }

    @Test
    void captureMagic_recognisesEachPcapVariantAndPcapng() throws Exception {
        assertTrue(CaptureInputs.hasCaptureMagic(write(dir.resolve("1"), pcap(ByteOrder.LITTLE_ENDIAN, false))));
        assertTrue(CaptureInputs.hasCaptureMagic(write(dir.resolve("2"), pcap(ByteOrder.BIG_ENDIAN, false))));
        assertTrue(CaptureInputs.hasCaptureMagic(write(dir.resolve("3"), pcap(ByteOrder.LITTLE_ENDIAN, true))));
        assertTrue(CaptureInputs.hasCaptureMagic(write(dir.resolve("4"), pcap(ByteOrder.BIG_ENDIAN, true))));
        assertTrue(CaptureInputs.hasCaptureMagic(write(dir.resolve("5"), new CaptureFileWriter.PcapNg(1).bytes())));
        assertFalse(CaptureInputs.hasCaptureMagic(write(dir.resolve("6"), new byte[] {0x0a, 0x0d, 0x0d, 0x0b})));
        assertFalse(CaptureInputs.hasCaptureMagic(dir.resolve("7-missing")));
    }

    /** The paths of resolved inputs, in order (a problem entry keeps its argument's path). */
    private static List<Path> paths(List<CaptureInput> inputs) {
        return inputs.stream().map(CaptureInput::path).toList();
    }
}
