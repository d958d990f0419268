package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Differential fuzzing of the two capture-file readers: any file the Java reader of classic pcap
 * takes must give the same frames, timestamps, lengths and bytes as libpcap, and end the same way
 * (cleanly, or with the same kind of failure after the same frame). Small read buffers make
 * records cross buffer boundaries.
 */
class FuzzPcapReadersTest {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("stripscope-fuzz-readers", ".pcap");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyFile_readsTheSameWithTheJavaReaderAndLibpcap(byte[] file) throws IOException {
        Files.write(FILE, file);
        int buffer = 64 + (file.length > 0 ? (file[file.length - 1] & 0xFF) * 8 : 0);
        ClassicPcapSourceTest.Reading mine = ClassicPcapSourceTest.mapped(FILE, buffer);
        if (mine != null) {
            assertEquals(ClassicPcapSourceTest.libpcap(FILE), mine, "read buffer " + buffer);
        }
    }
}
