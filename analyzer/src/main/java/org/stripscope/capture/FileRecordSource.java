package org.stripscope.capture;

/**
 * What the two capture-file readers share: the current record's frame number, timestamp and
 * lengths, and the copy of its bytes out of the reader's own buffer, made once per record and
 * only when asked for ({@link #data()}), or straight into the caller's array ({@link #copyData}).
 * A subclass sets the fields in {@link #next()} through {@link #record} and copies the bytes in
 * {@link #copyCurrent}.
 */
abstract class FileRecordSource implements PacketSource {

    private final String name;
    private final int linkType;
    private byte[] frameBytes = new byte[65_536 + 64];
    /** Whether {@link #frameBytes} holds the current packet's bytes yet. */
    private boolean copied;
    private long frame;
    private long timestampMicros;
    private int capturedLength;
    private int wireLength;
    /** The end of the file, or a failure, was reached: no current packet any more. */
    protected boolean finished;
    protected boolean closed;

    FileRecordSource(String name, int linkType) {
        this.name = name;
        this.linkType = linkType;
    }

    /** The next record was read: it becomes the current packet. */
    protected final void record(long timestampMicros, int capturedLength, int wireLength) {
        copied = false;
        frame++;
        this.timestampMicros = timestampMicros;
        this.capturedLength = capturedLength;
        // A wire length beyond int range can't be real; clamp so callers see a plain int.
        this.wireLength = wireLength < 0 ? Integer.MAX_VALUE : wireLength;
    }

    /** Copies the current packet's {@link #capturedLength()} bytes into {@code destination} from index 0. */
    protected abstract void copyCurrent(byte[] destination);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int linkType() {
        return linkType;
    }

    @Override
    public final long frame() {
        return frame;
    }

    @Override
    public final long timestampMicros() {
        return timestampMicros;
    }

    @Override
    public final int capturedLength() {
        return capturedLength;
    }

    @Override
    public final int wireLength() {
        return wireLength;
    }

    /**
     * The current packet's bytes, copied out of the reader's buffer on the first call after
     * {@link #next()}: a consumer that copies them elsewhere itself ({@link #copyData}) saves
     * this copy.
     */
    @Override
    public final byte[] data() {
        if (!copied && !closed && !finished && capturedLength > 0) {
            if (capturedLength > frameBytes.length) {
                frameBytes = new byte[capturedLength];
            }
            copyCurrent(frameBytes);
            copied = true;
        }
        return frameBytes;
    }

    @Override
    public final void copyData(byte[] destination) {
        if (closed || frame == 0 || finished) {
            throw new IllegalStateException(name + ": no current packet to copy");
        }
        copyCurrent(destination);
    }
}
