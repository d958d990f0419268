package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.stripscope.capture.PacketSource;

class ProgressSourceTest {

    /** A source of {@code count} packets of 100 captured bytes each. */
    private static final class Packets implements PacketSource {
        private final int count;
        private int read;
        boolean closed;

        Packets(int count) {
            this.count = count;
        }

        @Override public String name() { return "fake"; }
        @Override public int linkType() { return 1; }
        @Override public boolean next() { return read < count && ++read > 0; }
        @Override public long frame() { return read; }
        @Override public long timestampMicros() { return read; }
        @Override public int capturedLength() { return 100; }
        @Override public int wireLength() { return 100; }
        @Override public byte[] data() { return new byte[100]; }
        @Override public void close() { closed = true; }
    }

    @Test
    void bytesReadAreCountedAsRecordsAndPassedOnEvery1024Packets() throws Exception {
        long[] clock = {0};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), () -> clock[0], 1_000_000);
        Packets packets = new Packets(1500);
        clock[0] = 2_000_000_000L;
        try (ProgressSource source = new ProgressSource(packets, line, 500_000)) {
            int n = 0;
            while (source.next()) {
                n++;
            }
            assertEquals(1500, n, "every packet passes through");
        }
        assertTrue(packets.closed);
        // One update, after packet 1024: 500 000 bytes before plus 1024 records of 116 bytes.
        String drawn = err.toString(StandardCharsets.UTF_8);
        assertEquals("\r" + ProgressLine.text(500_000 + 1024 * 116, 1_000_000, 2_000_000_000L), drawn);
        assertTrue(drawn.contains("(61%)"), drawn);
    }
}
