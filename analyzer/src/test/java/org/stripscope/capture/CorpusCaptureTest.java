package org.stripscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads real captures from the shared corpus (described in its MANIFEST.tsv); the expected
 * numbers are the ones the manifest and tshark give for each file.
 */
class CorpusCaptureTest {

    /** The corpus lives beside the repository: {@code <root>/../shared/corpus}. */
    static Path corpus() {
        String root = System.getProperty("stripscope.root", ".");
        Path corpus = Path.of(root).toAbsolutePath().normalize().getParent().resolve("shared/corpus");
        assumeTrue(Files.isDirectory(corpus), "shared capture corpus not present at " + corpus);
        return corpus;
    }

    private static long countPackets(Path file) throws CaptureException {
        try (PcapFileSource source = PcapFileSource.open(file)) {
            long last = 0;
            while (source.next()) {
                assertEquals(last + 1, source.frame());
                last = source.frame();
            }
            return last;
        }
    }

    @Test
    void bsdLoopbackCapture_reportsDltNullAndAllPackets() throws Exception {
        Path file = corpus().resolve("zeek/pop3-starttls.pcap");
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertEquals(LinkType.NULL, source.linkType());
            assertTrue(source.next());
            // tshark: frame 1 at 1400173552.423915, 68 bytes.
            assertEquals(1_400_173_552_423_915L, source.timestampMicros());
            assertEquals(68, source.capturedLength());
        }
        assertEquals(33, countPackets(file));
    }

    @Test
    void pcapngCapture_isReadWithItsTimestamps() throws Exception {
        Path file = corpus().resolve("zeek/smtp-bdat-cmd-invalid.pcapng");
        try (PcapFileSource source = PcapFileSource.open(file)) {
            assertEquals(LinkType.EN10MB, source.linkType());
            long firstMicros = 0;
            long lastMicros = 0;
            int lastLength = 0;
            while (source.next()) {
                if (source.frame() == 1) {
                    firstMicros = source.timestampMicros();
                }
                lastMicros = source.timestampMicros();
                lastLength = source.wireLength();
            }
            assertEquals(66, source.frame());
            // tshark: frame 1 at 1705333298.367948, frame 66 at 1705333415.080240 with 66 bytes.
            assertEquals(1_705_333_298_367_948L, firstMicros);
            assertEquals(1_705_333_415_080_240L, lastMicros);
            assertEquals(66, lastLength);
        }
    }

    @Test
    void corruptCaptureAfterFrame8_returnsEightPacketsThenAOneLineError() throws Exception {
        Path file = corpus().resolve("peafowl/imap-truncated-file.cap");
        try (PcapFileSource source = PcapFileSource.open(file)) {
            for (int i = 1; i <= 8; i++) {
                assertTrue(source.next());
            }
            // tshark: frame 8 is 89 bytes.
            assertEquals(89, source.capturedLength());
            CaptureException e = assertThrows(CaptureException.class, source::next);
            assertEquals(CaptureException.Kind.PCAP_ERROR, e.kind());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("after frame 8"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void corpusDirectory_expandsToItsCapturesWithoutTheManifest() throws Exception {
        Path corpus = corpus();
        List<CaptureInput> top = CaptureInputs.resolve(List.of(corpus.toString()));
        assertEquals(1, top.size(), "captures are in subdirectories");
        assertTrue(top.get(0).hasProblem(), "the corpus root has no capture of its own");
        List<Path> zeek = paths(CaptureInputs.resolve(List.of(corpus.resolve("zeek").toString())));
        assertEquals(11, zeek.size());
        assertEquals("communityid-ipv6-smtp.pcap", zeek.get(0).getFileName().toString());
        assertTrue(zeek.stream().anyMatch(p -> p.toString().endsWith(".pcapng")));
    }

    /** The paths of resolved inputs, in order (a problem entry keeps its argument's path). */
    private static List<Path> paths(List<CaptureInput> inputs) {
        return inputs.stream().map(CaptureInput::path).toList();
    }
}
