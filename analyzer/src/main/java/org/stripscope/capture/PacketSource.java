package org.stripscope.capture;

import java.io.Closeable;

/**
 * One capture, read one raw frame at a time. The frame bytes returned by {@link #data()} belong
 * to the source and are valid only until the next call to {@link #next()}: a consumer that keeps
 * bytes must copy them (the reassembler does, and only for mail flows).
 */
public interface PacketSource extends Closeable {

    /** The capture's name as the user gave it (file path) or the interface name. */
    String name();

    /** The libpcap link-layer header type (DLT_*), e.g. 1 for Ethernet. */
    int linkType();

    /**
     * Reads the next packet.
     *
     * @return true when a packet is available, false at the clean end of the capture
     * @throws CaptureException when the capture can't be read further (e.g. a truncated file);
     *     every packet returned before the exception is valid
     */
    boolean next() throws CaptureException;

    /** 1-based number of the current packet in this capture, equal to Wireshark's frame.number. */
    long frame();

    /** Timestamp of the current packet in microseconds since the Unix epoch, UTC. */
    long timestampMicros();

    /** Bytes of the current packet present in the capture (caplen). */
    int capturedLength();

    /** Length of the current packet on the wire (len); larger than caplen when snaplen cut it. */
    int wireLength();

    /** The current packet's bytes, from index 0 to {@link #capturedLength()}; reused on next(). */
    byte[] data();

    /**
     * Copies the current packet's {@link #capturedLength()} bytes into {@code destination} from
     * index 0, which must be large enough. Sources that hold the bytes elsewhere (native memory,
     * a mapped file) copy them from there, sparing the copy into {@link #data()}'s array.
     */
    default void copyData(byte[] destination) {
        System.arraycopy(data(), 0, destination, 0, capturedLength());
    }

    /**
     * An array that holds the current packet's bytes from {@link #inPlaceOffset()}, without a
     * copy where the source can (a reader's own buffer of many records); valid only until the
     * next call to {@link #next()}. By default {@link #data()}, from index 0.
     */
    default byte[] inPlaceData() {
        return data();
    }

    /** Where the current packet starts in {@link #inPlaceData()}. */
    default int inPlaceOffset() {
        return 0;
    }

    @Override
    void close();
}
