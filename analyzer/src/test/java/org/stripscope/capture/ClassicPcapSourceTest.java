package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java reader of classic pcap files against libpcap, the reference: every file of the
 * samples, the shared corpus, the malformed captures and the capture fuzzer's inputs must give
 * the same frames, timestamps, lengths and bytes, and end the same way (cleanly, or with the
 * same kind of failure after the same frame), whatever the size of the mapped window.
 */
class ClassicPcapSourceTest {

    @TempDir
    Path dir;

    private static Path root() {
        return Path.of(System.getProperty("stripscope.root", ".")).toAbsolutePath().normalize();
    }

    /** What a reader makes of a file: its packets, then how it ended. */
    record Reading(int linkType, List<String> packets, String end) {
    }

    private static Reading read(PacketSource source) {
        List<String> packets = new ArrayList<>();
        String end;
        byte[] copy = new byte[ClassicPcapSource.MAX_SNAPLEN * 4];
        try {
            while (source.next()) {
                byte[] data = Arrays.copyOf(source.data(), source.capturedLength());
                source.copyData(copy);
                assertArrayEquals(data, Arrays.copyOf(copy, source.capturedLength()), "copyData = data");
                packets.add(source.frame() + " " + source.timestampMicros() + " " + source.capturedLength() + " "
                        + source.wireLength() + " " + Arrays.hashCode(data));
            }
            end = "end";
        } catch (CaptureException e) {
            end = e.kind() + " after frame " + source.frame();
        } finally {
            source.close();
        }
        return new Reading(source.linkType(), packets, end);
    }

    static Reading libpcap(Path file) {
        try {
            return read(PcapFileSource.open(file));
        } catch (CaptureException e) {
            return new Reading(-1, List.of(), "open " + e.kind());
        }
    }

    /** The Java reader's reading, or null when it leaves the file to libpcap. */
    static Reading mapped(Path file, int windowBytes) {
        try {
            ClassicPcapSource source = ClassicPcapSource.openIfClassic(file, file.toString(), windowBytes);
            return source == null ? null : read(source);
        } catch (CaptureException e) {
            return new Reading(-1, List.of(), "open " + e.kind());
        }
    }

    private static List<Path> captureFiles(Path top) throws IOException {
        if (!Files.isDirectory(top)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(top)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().matches(".*\\.(csv|md|tsv|txt|json|sh|py|conf)$"))
                    .sorted().toList();
        }
    }

    @Test
    void everyCaptureOfTheProject_readsAsLibpcapReadsIt() throws Exception {
        List<Path> files = new ArrayList<>();
        files.addAll(captureFiles(root().resolve("samples")));
        files.addAll(captureFiles(root().resolve("analyzer/src/test/resources/malformed")));
        files.addAll(captureFiles(root().resolve("analyzer/src/test/resources/fuzz/org/stripscope/capture")));
        files.addAll(captureFiles(root().getParent().resolve("shared/corpus")));
        int compared = 0;
        int packets = 0;
        for (Path file : files) {
            for (int window : new int[] {ClassicPcapSource.BUFFER_BYTES, 4096}) {
                Reading mine = mapped(file, window);
                if (mine == null) {
                    break;
                }
                Reading reference = libpcap(file);
                assertEquals(reference, mine, file + " with a buffer of " + window);
                compared++;
                packets += mine.packets().size();
            }
        }
        // samples/ alone holds 38 classic pcap files; the corpus and fuzz inputs add more.
        assertTrue(compared >= 2 * 38, "files compared in both window sizes: " + compared / 2);
        assertTrue(packets > 5_000, "packets compared: " + packets);
    }

    private static byte[] fileHeader(ByteOrder order, int magic, int major, int minor, int snaplen, int linkType) {
        return ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short) major).putShort((short) minor)
                .putInt(0).putInt(0).putInt(snaplen).putInt(linkType).array();
    }

    private static byte[] record(ByteOrder order, int seconds, int fraction, byte[] data, int caplen, int len) {
        return ByteBuffer.allocate(16 + data.length).order(order).putInt(seconds).putInt(fraction).putInt(caplen)
                .putInt(len).put(data).array();
    }

    private Path file(String name, byte[]... parts) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            all.put(p);
        }
        return Files.write(dir.resolve(name), all.array());
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    @Test
    void bothByteOrdersBothPrecisionsRawLinkTypeAndRecordsLongerThanTheSnaplen_readAsLibpcap() throws Exception {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (int magic : new int[] {0xa1b2c3d4, 0xa1b23c4d}) {
                for (int linkType : new int[] {1, 101, 0, 113, 276, 228}) {
                    Path f = file("t.pcap", fileHeader(order, magic, 2, 4, 100, linkType),
                            record(order, 1_700_000_000, 999_999_999, bytes(60, 1), 60, 60),
                            record(order, -5, -1_500, bytes(150, 2), 150, 1514),
                            record(order, 7, 12, bytes(0, 3), 0, 0),
                            record(order, 8, 13, bytes(100, 4), 100, 40));
                    Reading mine = mapped(f, 64);
                    assertNotNull(mine, "a classic pcap is read by the Java reader");
                    assertEquals(libpcap(f), mine, order + " " + Integer.toHexString(magic) + " link " + linkType);
                    assertEquals(4, mine.packets().size());
                }
            }
        }
    }

    @Test
    void otherVersionsLinkTypesAndPcapng_areLeftToLibpcap() throws Exception {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        assertNull(mapped(file("v22.pcap", fileHeader(le, 0xa1b2c3d4, 2, 2, 65535, 1)), 4096));
        assertNull(mapped(file("v1.pcap", fileHeader(le, 0xa1b2c3d4, 1, 4, 65535, 1)), 4096));
        assertNull(mapped(file("wifi.pcap", fileHeader(le, 0xa1b2c3d4, 2, 4, 65535, 105)), 4096));
        assertNull(mapped(file("kuznetzov.pcap", fileHeader(le, 0xa1b2cd34, 2, 4, 65535, 1)), 4096));
        assertNull(mapped(file("ng.pcapng", new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0}), 4096));
        assertNull(mapped(file("tiny", new byte[] {1, 2}), 4096));
        Path cut = file("cut.pcap", Arrays.copyOf(fileHeader(le, 0xa1b2c3d4, 2, 4, 65535, 1), 10));
        CaptureException e = assertThrows(CaptureException.class, () -> ClassicPcapSource.openIfClassic(cut, "cut.pcap"));
        assertEquals(CaptureException.Kind.TRUNCATED, e.kind());
        assertTrue(e.getMessage().startsWith("cut.pcap: capture ends inside its file header"), e.getMessage());
    }

    @Test
    void captureFile_choosesTheJavaReaderForClassicPcapAndLibpcapForTheRest() throws Exception {
        Path classic = file("c.pcap", fileHeader(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 2, 4, 65535, 1),
                record(ByteOrder.LITTLE_ENDIAN, 1, 2, bytes(60, 1), 60, 60));
        try (PacketSource s = CaptureFile.open(classic)) {
            assertTrue(s instanceof ClassicPcapSource, s.getClass().getName());
        }
        Path pcapng = root().resolve("analyzer/src/test/resources/malformed/pcapng-unknown-blocks.pcapng");
        try (PacketSource s = CaptureFile.open(pcapng)) {
            assertTrue(s instanceof PcapFileSource, s.getClass().getName());
        }
        String before = System.getProperty("stripscope.reader");
        System.setProperty("stripscope.reader", CaptureFile.LIBPCAP);
        try (PacketSource s = CaptureFile.open(classic)) {
            assertTrue(s instanceof PcapFileSource, "stripscope.reader=libpcap forces libpcap");
        } finally {
            if (before == null) {
                System.clearProperty("stripscope.reader");
            } else {
                System.setProperty("stripscope.reader", before);
            }
        }
    }

    @Test
    void aFileThatGrowsAfterItsEndWasReached_isReadOnOnTheNextCall() throws Exception {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] first = record(le, 1, 0, bytes(60, 1), 60, 60);
        byte[] second = record(le, 2, 0, bytes(70, 2), 70, 70);
        Path f = file("g.pcap", fileHeader(le, 0xa1b2c3d4, 2, 4, 65535, 1), first, Arrays.copyOf(second, 20));
        try (ClassicPcapSource source = ClassicPcapSource.openIfClassic(f, "g.pcap", 4096)) {
            assertTrue(source.next());
            Files.write(f, Arrays.copyOfRange(second, 20, second.length), java.nio.file.StandardOpenOption.APPEND);
            assertTrue(source.next(), "the record completed since the file was opened is read");
            assertEquals(70, source.capturedLength());
            assertFalse(source.next());
        }
    }

    @Test
    void windowsAreUnmappedAsTheReaderMovesOn_soAManyWindowFileReadsWithoutGrowingMemory() throws Exception {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        List<byte[]> parts = new ArrayList<>();
        parts.add(fileHeader(le, 0xa1b2c3d4, 2, 4, 65535, 1));
        for (int i = 0; i < 2000; i++) {
            parts.add(record(le, i, i, bytes(1000 + i % 500, i), 1000 + i % 500, 1514));
        }
        Path f = file("many.pcap", parts.toArray(new byte[0][]));
        Reading small = mapped(f, 4096);
        assertEquals(libpcap(f), small);
        assertEquals(2000, small.packets().size());
    }
}
