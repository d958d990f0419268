package org.stripscope.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.CaptureInputs;
import org.stripscope.capture.LinkType;
import org.stripscope.capture.PcapFileSource;

/**
 * Decodes real captures from the shared corpus; the expected counts and fields are those tshark
 * shows for the same frames (MANIFEST.tsv describes each file).
 */
class CorpusDecodeTest {

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    private static Path corpus() {
        String root = System.getProperty("stripscope.root", ".");
        Path corpus = Path.of(root).toAbsolutePath().normalize().getParent().resolve("shared/corpus");
        assumeTrue(Files.isDirectory(corpus), "shared capture corpus not present at " + corpus);
        return corpus;
    }

    /** Decodes every frame; stops at frame {@code stopAt} (0: read to the end) with {@link #out} filled. */
    private long decodeFile(Path file, long stopAt) throws CaptureException {
        try (PcapFileSource source = PcapFileSource.open(file)) {
            while (source.next()) {
                decoder.decode(source.linkType(), source.data(), source.capturedLength(), out);
                if (source.frame() == stopAt) {
                    return source.frame();
                }
            }
            return source.frame();
        }
    }

    @Test
    void bsdLoopbackCapture_decodesEveryFrameAsTcpOverIpv4() throws Exception {
        assertEquals(33, decodeFile(corpus().resolve("zeek/pop3-starttls.pcap"), 0));
        assertEquals(33, decoder.count(DecodeReason.TCP_IPV4));
    }

    @Test
    void vlanTaggedIpv6Capture_decodesBothFamilies() throws Exception {
        Path file = corpus().resolve("ndpi/smtp-starttls-vlan-ipv6.pcap");
        assertEquals(69, decodeFile(file, 0));
        // tshark: 33 frames are IPv6 in VLAN 125, the other 36 untagged IPv4.
        assertEquals(33, decoder.count(DecodeReason.TCP_IPV6));
        assertEquals(36, decoder.count(DecodeReason.TCP_IPV4));

        decodeFile(file, 41);
        // tshark frame 41: [2003:de:2016:125:fc36:8317:4e86:cb72]:7562 -> [2003:de:2016:120::a08:53]:25, 50 bytes.
        assertEquals(DecodeStatus.TCP, decoder.lastReason().status());
        assertEquals("2003:de:2016:125:fc36:8317:4e86:cb72", IpAddress.format(out.srcHi, out.srcLo));
        assertEquals("2003:de:2016:120::a08:53", IpAddress.format(out.dstHi, out.dstLo));
        assertEquals(7562, out.srcPort);
        assertEquals(25, out.dstPort);
        assertEquals(50, out.payloadLength);
    }

    @Test
    void sixInFourCapture_reportsInnerIpv6Endpoints() throws Exception {
        Path file = corpus().resolve("ndpi/6in4tunnel-imaps.pcap");
        assertEquals(127, decodeFile(file, 0));
        // tshark: 75 TCP segments, all inside the 6in4 tunnel (frame 3, ICMPv6 quoting TCP, is not one).
        assertEquals(75, decoder.count(DecodeStatus.TCP));
        assertEquals(75, decoder.count(DecodeReason.TCP_6IN4));

        decodeFile(file, 62);
        assertEquals(DecodeReason.TCP_6IN4, decoder.lastReason());
        assertEquals(6, out.ipVersion);
        assertEquals("2604:a880:1:20::224:b001", IpAddress.format(out.srcHi, out.srcLo));
        assertEquals("2001:470:1f17:13f:6d69:c72:7313:616f", IpAddress.format(out.dstHi, out.dstLo));
        assertEquals(993, out.srcPort);
        assertEquals(56381, out.dstPort);
        assertEquals(46, out.payloadLength);
        assertEquals(55, out.ttl);
    }

    @Test
    void snaplenCutCapture_keepsWireLengthsWithNoCapturedPayload() throws Exception {
        long captured = 0;
        long wire = 0;
        try (PcapFileSource source = PcapFileSource.open(corpus().resolve("zeek/tcp-truncated-header-smtp.pcap"))) {
            while (source.next()) {
                assertEquals(DecodeStatus.TCP, decoder.decode(source.linkType(), source.data(), source.capturedLength(), out));
                captured += out.payloadLength;
                wire += out.wirePayloadLength;
            }
        }
        // tshark: the tcp.len values of the 24 segments add up to 605; none of it was captured.
        assertEquals(24, decoder.count(DecodeStatus.TCP));
        // tshark: frame 1 is a SYN with a 40-byte header of which 68 - 14 - 20 = 34 bytes were kept.
        assertEquals(1, decoder.count(DecodeReason.TCP_OPTIONS_CUT));
        assertEquals(0, captured);
        assertEquals(605, wire);
    }

    @Test
    void everyCorpusCapture_decodesWithoutThrowingAndWithSupportedLinkTypes() throws Exception {
        Path corpus = corpus();
        List<Path> dirs;
        try (Stream<Path> entries = Files.list(corpus)) {
            dirs = entries.filter(Files::isDirectory).sorted().toList();
        }
        long files = 0;
        long frames = 0;
        for (Path dir : dirs) {
            for (Path file : CaptureInputs.captureFilesIn(dir)) {
                files++;
                try (PcapFileSource source = PcapFileSource.open(file)) {
                    assertTrue(LinkType.isSupported(source.linkType()), file + " " + LinkType.describe(source.linkType()));
                    while (source.next()) {
                        decoder.decode(source.linkType(), source.data(), source.capturedLength(), out);
                        frames++;
                    }
                } catch (CaptureException e) {
                    assertTrue(file.endsWith("peafowl/imap-truncated-file.cap"), e.getMessage());
                }
            }
        }
        assertTrue(files >= 40, "corpus files read: " + files);
        assertEquals(0, decoder.count(DecodeStatus.UNSUPPORTED_LINK_TYPE));
        assertEquals(0, decoder.count(DecodeStatus.MALFORMED));
        assertTrue(decoder.count(DecodeStatus.TCP) > frames / 2);
    }

}
