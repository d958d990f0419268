package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadedPacketSourceTest {

    @TempDir
    Path dir;

    /** Frame {@code n}'s bytes: its length and contents both depend on n, so a mix-up shows. */
    private static byte[] frameBytes(int n) {
        byte[] data = new byte[60 + (n * 37) % 1455];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (n * 31 + i);
        }
        return data;
    }

    private Path capture(String name, int packets) throws IOException {
        CaptureFileWriter.Pcap pcap = new CaptureFileWriter.Pcap(LinkType.EN10MB);
        for (int n = 1; n <= packets; n++) {
            byte[] data = frameBytes(n);
            pcap.record(1_600_000_000L + n, n % 1_000_000, data, data.length + 4);
        }
        return Files.write(dir.resolve(name), pcap.bytes());
    }

    private static void assertFrame(PacketSource source, int n) throws CaptureException {
        assertTrue(source.next(), "frame " + n);
        byte[] want = frameBytes(n);
        assertEquals(n, source.frame());
        assertEquals((1_600_000_000L + n) * 1_000_000L + n % 1_000_000, source.timestampMicros());
        assertEquals(want.length, source.capturedLength());
        assertEquals(want.length + 4, source.wireLength());
        assertArrayEquals(want, Arrays.copyOf(source.data(), source.capturedLength()), "frame " + n);
    }

    @Test
    void manyMoreFramesThanSlots_comeOutInOrderWithTheirBytesAndNumbers() throws Exception {
        int packets = ThreadedPacketSource.SLOTS * 5 + 17;
        Path file = capture("many.pcap", packets);
        try (ThreadedPacketSource source = ThreadedPacketSource.start(PcapFileSource.open(file))) {
            assertEquals(file.toString(), source.name());
            assertEquals(LinkType.EN10MB, source.linkType());
            for (int n = 1; n <= packets; n++) {
                assertFrame(source, n);
            }
            assertFalse(source.next());
            assertFalse(source.next(), "the end is sticky");
        }
    }

    /** A stage that reads each frame in place and keeps every third one. */
    private static final class EveryThirdStage implements ThreadedPacketSource.ReaderStage {
        static final class State {
            int firstByte;
            int length;
            byte[] copy;
            int copiedFrom = -1;
        }

        private int seen;

        @Override
        public Object newSlotState() {
            return new State();
        }

        @Override
        public boolean process(int linkType, byte[] frame, int start, int capturedLength, Object state) {
            State s = (State) state;
            s.firstByte = frame[start] & 0xff;
            s.length = capturedLength;
            s.copy = null;
            s.copiedFrom = -1;
            return ++seen % 3 == 0;
        }

        @Override
        public void copied(byte[] copy, int start, Object state) {
            State s = (State) state;
            s.copy = copy;
            s.copiedFrom = start;
        }
    }

    @Test
    void aReaderStage_seesEveryFrameInPlaceInOrderAndOnlyTheFramesItKeepsAreCopied() throws Exception {
        int packets = ThreadedPacketSource.SLOTS * 3 + 5;
        Path file = capture("stage.pcap", packets);
        for (boolean java : new boolean[] {true, false}) {
            PacketSource opened = java ? ClassicPcapSource.openIfClassic(file, "stage.pcap") : PcapFileSource.open(file);
            try (ThreadedPacketSource source = ThreadedPacketSource.start(opened, new EveryThirdStage())) {
                for (int n = 1; n <= packets; n++) {
                    assertTrue(source.next());
                    byte[] want = frameBytes(n);
                    EveryThirdStage.State s = (EveryThirdStage.State) source.stageState();
                    assertEquals(n, source.frame());
                    assertEquals(want[0] & 0xff, s.firstByte, "frame " + n);
                    assertEquals(want.length, s.length);
                    if (n % 3 == 0) {
                        assertTrue(s.copiedFrom >= 0, "frame " + n + " kept");
                        assertArrayEquals(want, Arrays.copyOf(s.copy, want.length));
                        assertArrayEquals(want, Arrays.copyOf(source.data(), source.capturedLength()));
                    } else {
                        assertEquals(-1, s.copiedFrom, "frame " + n + " not copied");
                    }
                }
                assertFalse(source.next());
            }
        }
    }

    @Test
    void truncatedFile_deliversEveryFrameBeforeTheCutThenTheSameErrorOnce() throws Exception {
        int packets = ThreadedPacketSource.SLOTS + 3;
        byte[] whole = Files.readAllBytes(capture("whole.pcap", packets));
        Path file = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 10));
        try (ThreadedPacketSource source = ThreadedPacketSource.start(PcapFileSource.open(file))) {
            for (int n = 1; n < packets; n++) {
                assertFrame(source, n);
            }
            CaptureException e = assertThrows(CaptureException.class, source::next);
            assertEquals(CaptureException.Kind.TRUNCATED, e.kind());
            assertTrue(e.getMessage().contains("after frame " + (packets - 1)), e.getMessage());
            assertFalse(source.next(), "no reading past the failure");
        }
    }

    @Test
    void framesLargerThanASlot_growTheirSlotAndKeepTheirBytes() throws Exception {
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 0x5a);
        byte[] small = frameBytes(3);
        CaptureFileWriter.Pcap pcap = new CaptureFileWriter.Pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.EN10MB, 262144);
        int packets = 900;
        for (int n = 1; n <= packets; n++) {
            byte[] data = n % 3 == 0 ? big : small;
            pcap.record(n, 0, data, data.length);
        }
        // 300 frames of 256 KiB slots exceed the limit on grown slots: the ring shrinks on the way.
        assertTrue(300L * 262_144 > ThreadedPacketSource.GROWN_BYTES_LIMIT);
        Path file = Files.write(dir.resolve("big.pcap"), pcap.bytes());
        try (ThreadedPacketSource source = ThreadedPacketSource.start(PcapFileSource.open(file))) {
            for (int n = 1; n <= packets; n++) {
                byte[] want = n % 3 == 0 ? big : small;
                assertTrue(source.next());
                assertEquals(n, source.frame());
                assertArrayEquals(want, Arrays.copyOf(source.data(), source.capturedLength()), "frame " + n);
            }
            assertFalse(source.next());
        }
    }

    @Test
    void closeBeforeTheEnd_stopsTheReaderAndClosesTheSource() throws Exception {
        Path file = capture("close.pcap", ThreadedPacketSource.SLOTS * 3);
        PcapFileSource pcap = PcapFileSource.open(file);
        ThreadedPacketSource source = ThreadedPacketSource.start(pcap);
        assertFrame(source, 1);
        source.close();
        assertFalse(pcap.next(), "the source was closed");
        assertFalse(source.next());
        source.close();
    }

    @Test
    void anyOtherSource_isCopiedFromItsDataArray() throws Exception {
        Path file = capture("other.pcap", 50);
        PacketSource plain = new PacketSource() {
            private final PcapFileSource inner = PcapFileSource.open(file);

            @Override public String name() { return "wrapped"; }
            @Override public int linkType() { return inner.linkType(); }
            @Override public boolean next() throws CaptureException { return inner.next(); }
            @Override public long frame() { return inner.frame(); }
            @Override public long timestampMicros() { return inner.timestampMicros(); }
            @Override public int capturedLength() { return inner.capturedLength(); }
            @Override public int wireLength() { return inner.wireLength(); }
            @Override public byte[] data() { return inner.data(); }
            @Override public void close() { inner.close(); }
        };
        try (ThreadedPacketSource source = ThreadedPacketSource.start(plain)) {
            assertEquals("wrapped", source.name());
            for (int n = 1; n <= 50; n++) {
                assertFrame(source, n);
            }
            assertFalse(source.next());
        }
    }
}
