package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileSourceTest {

    @TempDir
    Path dir;

    private static byte[] filled(int length, int seed) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (seed + i * 7);
        }
        return data;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static void assertPacket(PcapFileSource source, long frame, long micros, byte[] data, int wireLength)
            throws CaptureException {
        assertTrue(source.next(), "packet " + frame);
        assertEquals(frame, source.frame());
        assertEquals(micros, source.timestampMicros());
        assertEquals(data.length, source.capturedLength());
        assertEquals(wireLength, source.wireLength());
        assertArrayEquals(data, Arrays.copyOf(source.data(), source.capturedLength()));
    }

    private static CaptureException readAll(Path file) {
        return assertThrows(CaptureException.class, () -> {
            try (PcapFileSource source = PcapFileSource.open(file)) {
                while (source.next()) {
                    // Read to the failure.
                }
            }
        });
    }

    @Test
    void classicLittleEndianPcap_returnsFramesTimestampsLengthsAndLinkType() throws Exception {
        byte[] a = filled(60, 1);
        byte[] b = filled(1514, 2);
        byte[] c = filled(96, 3);
        Path file = write("three.pcap", new CaptureFileWriter.Pcap(LinkType.EN10MB)
                .record(1_400_000_000L, 123_456, a, 60)
                .record(1_400_000_001L, 0, b, 1514)
                .record(1_400_000_002L, 999_999, c, 1500)
                .bytes());
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertEquals(file.toString(), source.name());
            assertEquals(LinkType.EN10MB, source.linkType());
            assertPacket(source, 1, 1_400_000_000_123_456L, a, 60);
            assertPacket(source, 2, 1_400_000_001_000_000L, b, 1514);
            assertPacket(source, 3, 1_400_000_002_999_999L, c, 1500);
            assertFalse(source.next());
            assertFalse(source.next(), "the end is sticky");
        }
    }

    @Test
    void classicBigEndianPcap_readsTheSame() throws Exception {
        byte[] a = filled(54, 9);
        Path file = write("be.pcap", new CaptureFileWriter.Pcap(ByteOrder.BIG_ENDIAN, false, LinkType.LINUX_SLL, 65535)
                .record(10, 20, a, 54).bytes());
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertEquals(LinkType.LINUX_SLL, source.linkType());
            assertPacket(source, 1, 10_000_020L, a, 54);
            assertFalse(source.next());
        }
    }

    @Test
    void nanosecondPcap_isReadInMicroseconds() throws Exception {
        byte[] a = filled(40, 5);
        Path file = write("ns.pcap", new CaptureFileWriter.Pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.RAW, 65535)
                .record(7, 123_456_789, a, 40).bytes());
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertEquals(LinkType.RAW, source.linkType());
            assertPacket(source, 1, 7_123_456L, a, 40);
        }
    }

    @Test
    void linktypeRawInTheFile_isReportedAsDltRaw() throws Exception {
        Path file = write("raw101.pcap", new CaptureFileWriter.Pcap(LinkType.LINKTYPE_RAW).record(1, 0, filled(40, 0), 40).bytes());
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertEquals(LinkType.RAW, source.linkType());
            assertTrue(LinkType.isSupported(source.linkType()));
        }
    }

    @Test
    void pcapngWithEnhancedPacketBlocks_isRead() throws Exception {
        byte[] a = filled(66, 4);
        byte[] b = filled(71, 8);
        Path file = write("two.pcapng", new CaptureFileWriter.PcapNg(LinkType.LINUX_SLL2)
                .packet(1_705_333_298_367_948L, a, 66)
                .packet(1_705_333_299_000_001L, b, 200)
                .bytes());
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertEquals(LinkType.LINUX_SLL2, source.linkType());
            assertPacket(source, 1, 1_705_333_298_367_948L, a, 66);
            assertPacket(source, 2, 1_705_333_299_000_001L, b, 200);
            assertFalse(source.next());
        }
    }

    @Test
    void packetLargerThanTheFirstBuffer_growsTheBufferAndKeepsItsBytes() throws Exception {
        byte[] small = filled(100, 1);
        byte[] big = filled(200_000, 2);
        Path file = write("big.pcap", new CaptureFileWriter.Pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.EN10MB, 262144)
                .record(1, 0, small, 100).record(2, 0, big, 200_000).record(3, 0, small, 100).bytes());
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertPacket(source, 1, 1_000_000L, small, 100);
            byte[] before = source.data();
            assertPacket(source, 2, 2_000_000L, big, 200_000);
            assertTrue(source.data().length >= 200_000);
            assertFalse(before == source.data(), "grown once");
            byte[] grown = source.data();
            assertPacket(source, 3, 3_000_000L, small, 100);
            assertTrue(grown == source.data(), "reused after growing");
        }
    }

    @Test
    void fileCutInTheMiddleOfARecord_returnsThePacketsBeforeThenTruncated() throws Exception {
        byte[] a = filled(60, 1);
        byte[] whole = new CaptureFileWriter.Pcap(LinkType.EN10MB)
                .record(1, 0, a, 60).record(2, 0, a, 60).record(3, 0, a, 60).bytes();
        Path file = write("cut.pcap", Arrays.copyOf(whole, whole.length - 30));
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertPacket(source, 1, 1_000_000L, a, 60);
            assertPacket(source, 2, 2_000_000L, a, 60);
            CaptureException e = assertThrows(CaptureException.class, source::next);
            assertEquals(CaptureException.Kind.TRUNCATED, e.kind());
            assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("after frame 2"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertFalse(source.next(), "no reading past the failure");
        }
    }

    @Test
    void fileCutInsideARecordHeader_isTruncated() throws Exception {
        byte[] a = filled(60, 1);
        byte[] whole = new CaptureFileWriter.Pcap(LinkType.EN10MB).record(1, 0, a, 60).record(2, 0, a, 60).bytes();
        Path file = write("cut-header.pcap", Arrays.copyOf(whole, 24 + 16 + 60 + 7));
        assertEquals(CaptureException.Kind.TRUNCATED, readAll(file).kind());
    }

    @Test
    void fileShorterThanItsGlobalHeader_isTruncated() throws Exception {
        byte[] whole = new CaptureFileWriter.Pcap(LinkType.EN10MB).bytes();
        CaptureException e = assertThrows(CaptureException.class,
                () -> PcapFileSource.open(write("short.pcap", Arrays.copyOf(whole, 10))));
        assertEquals(CaptureException.Kind.TRUNCATED, e.kind());
        assertTrue(e.getMessage().contains("short.pcap"), e.getMessage());
    }

    @Test
    void recordClaimingAHugeCaplen_failsWithoutAllocatingIt() throws Exception {
        byte[] a = filled(60, 1);
        // After one good record, a header claiming 1,358,954,496 captured bytes (as in a damaged file).
        Path file = write("huge.pcap", new CaptureFileWriter.Pcap(LinkType.EN10MB)
                .record(1, 0, a, 60).record(2, 0, 1_358_954_496, 1_358_954_496, a).bytes());
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertPacket(source, 1, 1_000_000L, a, 60);
            CaptureException e = assertThrows(CaptureException.class, source::next);
            assertEquals(CaptureException.Kind.PCAP_ERROR, e.kind());
            assertTrue(e.getMessage().contains("after frame 1"), e.getMessage());
            assertTrue(source.data().length < PcapFileSource.MAX_CAPLEN);
        }
    }

    @Test
    void textFile_isNotACapture() throws Exception {
        Path file = write("README.md", "# Captures\n\nThese files show STARTTLS.\n".getBytes(StandardCharsets.US_ASCII));
        CaptureException e = assertThrows(CaptureException.class, () -> PcapFileSource.open(file));
        assertEquals(CaptureException.Kind.NOT_A_CAPTURE, e.kind());
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void emptyFile_isNotACapture() throws Exception {
        Path file = write("empty.pcap", new byte[0]);
        CaptureException e = assertThrows(CaptureException.class, () -> PcapFileSource.open(file));
        assertEquals(CaptureException.Kind.NOT_A_CAPTURE, e.kind());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void missingFile_isUnreadable() {
        Path file = dir.resolve("nothing-here.pcap");
        CaptureException e = assertThrows(CaptureException.class, () -> PcapFileSource.open(file));
        assertEquals(CaptureException.Kind.UNREADABLE, e.kind());
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void directory_isUnreadable() {
        CaptureException e = assertThrows(CaptureException.class, () -> PcapFileSource.open(dir));
        assertEquals(CaptureException.Kind.UNREADABLE, e.kind());
    }

    @Test
    void closeTwice_closesOnceAndNextReturnsFalse() throws Exception {
        Path file = write("one.pcap", new CaptureFileWriter.Pcap(LinkType.EN10MB).record(1, 0, filled(60, 0), 60).bytes());
        PcapFileSource source = PcapFileSource.open(file);
        source.close();
        source.close();
        assertFalse(source.next());
    }

    @Test
    void loaderWithNoLoadableName_saysHowToInstallLibpcap() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> LibPcapLoader.loadFirst("stripscope-no-such-library"));
        assertEquals(CaptureException.Kind.LIBPCAP_MISSING, e.kind());
        assertTrue(e.getMessage().contains("apt-get install -y libpcap0.8"), e.getMessage());
    }

    @Test
    void loader_findsTheInstalledVersionedLibrary() throws Exception {
        // Debian's runtime package ships only the versioned file; one of the names must load it.
        assertTrue(LibPcapLoader.loadFirst("libpcap.so.0.8", "libpcap.so.1").pcap_lib_version().startsWith("libpcap"));
        assertTrue(LibPcapLoader.load().pcap_lib_version().startsWith("libpcap"));
    }
}
