package org.stripscope.cli;

import org.stripscope.capture.ThreadedPacketSource;
import org.stripscope.decode.DecodeStatus;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;

/**
 * Decoding done on the reader thread of a {@link ThreadedPacketSource}: every slot of its ring
 * carries the decoded view of its frame, so the analysis thread starts at the flow table. On a
 * capture where most packets are not mail this takes most of the per-packet work off the
 * analysis thread. The decoder's counts are read once the reader has finished.
 */
final class ReaderDecoding implements ThreadedPacketSource.ReaderStage {

    /** One slot's decoded frame; its packet points into the slot's bytes. */
    static final class Decoded {
        final DecodedPacket packet = new DecodedPacket();
        DecodeStatus status;
    }

    private final PacketDecoder decoder = new PacketDecoder();

    PacketDecoder decoder() {
        return decoder;
    }

    @Override
    public Object newSlotState() {
        return new Decoded();
    }

    @Override
    public void process(int linkType, byte[] frame, int capturedLength, Object state) {
        Decoded decoded = (Decoded) state;
        decoded.status = decoder.decode(linkType, frame, capturedLength, decoded.packet);
    }
}
