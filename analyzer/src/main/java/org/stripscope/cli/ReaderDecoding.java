package org.stripscope.cli;

import org.stripscope.capture.ThreadedPacketSource;
import org.stripscope.decode.DecodeStatus;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;

/**
 * Decoding done on the reader thread of a {@link ThreadedPacketSource}: every frame is decoded
 * where the reader holds it, and every slot of the ring carries the decoded view of its frame, so
 * the analysis thread starts at the flow table. Only TCP segments to or from a mail port, the
 * frames whose bytes the analysis reads, are copied into their slot; for every other frame the
 * view points nowhere ({@code packet.frame} is null), as nothing downstream reads its bytes. On a
 * capture where most packets are not mail this takes most of the per-packet work off the
 * analysis thread. The decoder's counts are read once the reader has finished.
 */
final class ReaderDecoding implements ThreadedPacketSource.ReaderStage {

    /** One slot's decoded frame; its packet points into the slot's bytes when they were kept. */
    static final class Decoded {
        final DecodedPacket packet = new DecodedPacket();
        DecodeStatus status;
    }

    private final PacketDecoder decoder = new PacketDecoder();
    private final MailPorts ports;

    ReaderDecoding(MailPorts ports) {
        this.ports = ports;
    }

    PacketDecoder decoder() {
        return decoder;
    }

    @Override
    public Object newSlotState() {
        return new Decoded();
    }

    @Override
    public boolean process(int linkType, byte[] frame, int start, int capturedLength, Object state) {
        Decoded decoded = (Decoded) state;
        DecodedPacket p = decoded.packet;
        decoded.status = decoder.decode(linkType, frame, start, capturedLength, p);
        if (decoded.status == DecodeStatus.TCP && (ports.isMailPort(p.srcPort) || ports.isMailPort(p.dstPort))) {
            return true;
        }
        p.frame = null;
        return false;
    }

    @Override
    public void copied(byte[] copy, int start, Object state) {
        ((Decoded) state).packet.rebase(copy, start);
    }
}
