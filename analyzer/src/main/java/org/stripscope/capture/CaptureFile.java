package org.stripscope.capture;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a capture file with the reader that suits it: a classic pcap file (version 2.4, a link
 * type stripscope decodes) is read in Java from a memory mapping ({@link ClassicPcapSource}),
 * everything else (pcapng, older versions, other link types, files that are no capture at all)
 * through libpcap ({@link PcapFileSource}), which also words the refusals.
 *
 * <p>The system property {@code stripscope.reader=libpcap} sends every file through libpcap:
 * to compare the two readers, or to fall back should a file read differently.
 */
public final class CaptureFile {

    /** Value of {@code stripscope.reader} that makes libpcap read every file. */
    public static final String LIBPCAP = "libpcap";

    private CaptureFile() {
    }

    /** Opens {@code file} for reading from its first packet. */
    public static PacketSource open(Path file) throws CaptureException {
        if (!libpcapOnly()) {
            String name = file.toString();
            PcapFileSource.checkReadable(file, name);
            ClassicPcapSource mapped = ClassicPcapSource.openIfClassic(file, name);
            if (mapped != null) {
                return mapped;
            }
        }
        return PcapFileSource.open(file);
    }

    private static boolean libpcapOnly() {
        return LIBPCAP.equals(System.getProperty("stripscope.reader", "").toLowerCase(Locale.ROOT));
    }
}
