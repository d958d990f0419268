package org.stripscope.mail;

/**
 * One line yielded by a {@link LineFramer}: a reusable view over the framer's buffer, valid only
 * until the framer's next call. Copy what you keep.
 *
 * <p>{@link #bytes()} holds the line's content (without terminator) from index 0 for
 * {@link #length()} bytes, immediately followed by the terminator bytes, so {@link #rawLength()}
 * covers the line as it was on the wire (for a truncated line: its kept head plus terminator).
 */
public final class Line {

    private byte[] bytes;
    private int length;
    private LineTerminator terminator;
    private long frame;
    private long timeMicros;
    private long firstFrame;
    private long wireLength;

    void set(byte[] bytes, int length, LineTerminator terminator, long frame, long timeMicros,
             long firstFrame, long wireLength) {
        this.bytes = bytes;
        this.length = length;
        this.terminator = terminator;
        this.frame = frame;
        this.timeMicros = timeMicros;
        this.firstFrame = firstFrame;
        this.wireLength = wireLength;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Content length kept, without terminator (at most the framer's maximum line length). */
    public int length() {
        return length;
    }

    /** Content plus terminator bytes, as they follow each other in {@link #bytes()}. */
    public int rawLength() {
        return length + terminator.length();
    }

    public LineTerminator terminator() {
        return terminator;
    }

    /** The frame that carried the line's last byte: the evidence frame. */
    public long frame() {
        return frame;
    }

    public long timeMicros() {
        return timeMicros;
    }

    /** The frame that carried the line's first byte. */
    public long firstFrame() {
        return firstFrame;
    }

    /** The content length on the wire, without terminator, including any discarded tail. */
    public long wireLength() {
        return wireLength;
    }

    /** True when the line was longer than the framer's limit and only its head was kept. */
    public boolean truncated() {
        return wireLength > length;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /** The content as ISO-8859-1 text (one char per byte): allocates, use for kept values only. */
    public String text() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
