package org.stripscope.cli;

import org.stripscope.capture.CaptureException;
import org.stripscope.capture.PacketSource;

/**
 * A packet source that counts the bytes it has read for the progress line. The count is the
 * captured bytes plus a pcap record header (16 bytes) per packet: exact for pcap files, close
 * for pcapng (whose blocks carry 28 to 32 bytes). The clock is asked once every 1024 packets.
 */
final class ProgressSource implements PacketSource {

    private static final int RECORD_HEADER_BYTES = 16;
    private static final int PACKETS_PER_UPDATE = 1024;

    private final PacketSource source;
    private final ProgressLine line;
    private final long bytesBefore;
    private long bytes;
    private int sinceUpdate;

    /**
     * @param bytesBefore bytes of the inputs before this one, so the line counts the whole run
     */
    ProgressSource(PacketSource source, ProgressLine line, long bytesBefore) {
        this.source = source;
        this.line = line;
        this.bytesBefore = bytesBefore;
    }

    @Override
    public boolean next() throws CaptureException {
        boolean more = source.next();
        if (more) {
            bytes += source.capturedLength() + RECORD_HEADER_BYTES;
            if (++sinceUpdate == PACKETS_PER_UPDATE) {
                sinceUpdate = 0;
                line.update(bytesBefore + bytes);
            }
        }
        return more;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public int linkType() {
        return source.linkType();
    }

    @Override
    public long frame() {
        return source.frame();
    }

    @Override
    public long timestampMicros() {
        return source.timestampMicros();
    }

    @Override
    public int capturedLength() {
        return source.capturedLength();
    }

    @Override
    public int wireLength() {
        return source.wireLength();
    }

    @Override
    public byte[] data() {
        return source.data();
    }

    @Override
    public void close() {
        source.close();
    }
}
