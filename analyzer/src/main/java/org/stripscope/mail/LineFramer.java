package org.stripscope.mail;

import java.util.Arrays;

/**
 * Splits one direction of a mail connection into lines, across the chunks the reassembler
 * delivers, keeping each line's terminator and the frames of its first and last byte.
 *
 * <p>Pull-based, so that a session can switch modes at an exact byte: {@link #begin} hands over a
 * chunk, then the session takes lines ({@link #nextLine}), raw bytes ({@link #skipRaw}) or looks at
 * what comes next without consuming it ({@link #peekRaw}), in any mix, until the chunk is used up.
 * Bytes of a line not yet ended stay in the framer's buffer for the next chunk.
 *
 * <p>Lines longer than the limit are kept as their head and the rest is discarded up to the line
 * end; the head is still yielded once, with {@link Line#truncated()} set, so the caller can count
 * it. RFC 5321 §4.5.3.1 allows 512 bytes for commands and replies and 1000 for text lines, but
 * real servers exceed them (long EHLO capability lines, long AUTH responses), hence a lenient
 * default.
 *
 * <p>One buffer per direction, reused; no allocation per chunk or per line once grown. The buffer
 * starts small and doubles as longer lines come, up to the limit: most connections carry short
 * lines, many (a bare SYN, a refused connection) none.
 */
public final class LineFramer {

    /** Default line limit: generous next to RFC 5321's 512/1000, which real traffic exceeds. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 4096;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int INITIAL_BUFFER_BYTES = 128;
    /** Room after the content head: a CR held past the limit, then the CR LF written at the end. */
    private static final int TERMINATOR_ROOM = 3;

    private final int maxLineLength;
    /** Content head (up to maxLineLength + 1 bytes, room for a CR) plus CR LF; grows on demand. */
    private byte[] buffer;
    private final Line line = new Line();

    private int stored;
    private long pendingLength;
    private boolean lastWasCr;
    private long firstFrame;
    private long lastFrame;
    private long lastTimeMicros;
    private boolean resyncing;

    private byte[] chunk;
    private int position;
    private int end;
    private long chunkFrame;
    private long chunkTimeMicros;

    public LineFramer() {
        this(DEFAULT_MAX_LINE_LENGTH);
    }

    public LineFramer(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.buffer = new byte[Math.min(INITIAL_BUFFER_BYTES, maxLineLength + TERMINATOR_ROOM)];
    }

    /** The bytes the line buffer holds now: it grows with the lines seen, up to the limit. */
    int bufferCapacity() {
        return buffer.length;
    }

    /** Hands over the next chunk of this direction. The array must stay unchanged while in use. */
    public void begin(byte[] data, int offset, int length, long frame, long timeMicros) {
        this.chunk = data;
        this.position = offset;
        this.end = offset + length;
        this.chunkFrame = frame;
        this.chunkTimeMicros = timeMicros;
    }

    /** Bytes of the current chunk not consumed yet. */
    public int remaining() {
        return end - position;
    }

    /** The frame of the current chunk. */
    public long chunkFrame() {
        return chunkFrame;
    }

    public long chunkTimeMicros() {
        return chunkTimeMicros;
    }

    /**
     * The next complete line of the current chunk, or null when the chunk is used up (its tail is
     * kept as the start of the next line).
     */
    public Line nextLine() {
        while (position < end) {
            int lf = indexOfLf(chunk, position, end);
            int stop = lf < 0 ? end : lf;
            if (resyncing) {
                if (lf < 0) {
                    position = end;
                    return null;
                }
                position = lf + 1;
                resyncing = false;
                continue;
            }
            append(chunk, position, stop - position);
            if (lf < 0) {
                position = end;
                return null;
            }
            position = lf + 1;
            if (pendingLength == 0) {
                firstFrame = chunkFrame;
            }
            lastFrame = chunkFrame;
            lastTimeMicros = chunkTimeMicros;
            return finish(lastWasCr ? LineTerminator.CRLF : LineTerminator.LF);
        }
        return null;
    }

    /**
     * Consumes up to {@code count} raw bytes of the current chunk without framing them: counted
     * data that is not lines, such as an SMTP BDAT chunk (RFC 3030 §2) or an IMAP literal
     * (RFC 9051 §4.3). Only valid at a line boundary.
     *
     * @return how many bytes were consumed (less than asked when the chunk ends first)
     */
    public int skipRaw(long count) {
        if (pendingLength > 0 || resyncing) {
            throw new IllegalStateException("skipRaw in the middle of a line");
        }
        int n = (int) Math.min(count, end - position);
        position += n;
        return n;
    }

    /**
     * Copies the next bytes of the stream (the unfinished line held, then the current chunk's
     * unread bytes) into {@code dst} without consuming them.
     *
     * @return how many bytes were copied, at most {@code max}
     */
    public int peekRaw(byte[] dst, int max) {
        if (resyncing) {
            return 0;
        }
        int n = 0;
        int held = (int) Math.min(stored, pendingLength);
        for (int i = 0; i < held && n < max; i++) {
            dst[n++] = buffer[i];
        }
        for (int i = position; i < end && n < max; i++) {
            dst[n++] = chunk[i];
        }
        return n;
    }

    /**
     * Yields the unfinished line with terminator {@link LineTerminator#NONE}, or null if there is
     * none (at the end of the connection, or before a gap).
     */
    public Line flush() {
        if (resyncing || pendingLength == 0) {
            return null;
        }
        return finish(LineTerminator.NONE);
    }

    /**
     * After lost bytes: drops the unfinished line and discards everything up to and including the
     * next LF, so framing starts again at a line start.
     */
    public void resync() {
        reset();
        resyncing = true;
    }

    /** The bytes of a gap: yields the unfinished line (NONE) and resyncs at the next line end. */
    public Line gap() {
        Line partial = flush();
        resyncing = true;
        return partial;
    }

    /** Forgets any unfinished line and any resync in progress. */
    public void reset() {
        stored = 0;
        pendingLength = 0;
        lastWasCr = false;
        resyncing = false;
    }

    private void append(byte[] data, int from, int length) {
        if (length <= 0) {
            return;
        }
        if (pendingLength == 0) {
            firstFrame = chunkFrame;
        }
        int room = maxLineLength + 1 - stored;
        int n = Math.min(room, length);
        if (n > 0) {
            ensureCapacity(stored + n + 2);
            System.arraycopy(data, from, buffer, stored, n);
            stored += n;
        }
        pendingLength += length;
        lastWasCr = data[from + length - 1] == CR;
        lastFrame = chunkFrame;
        lastTimeMicros = chunkTimeMicros;
    }

    private Line finish(LineTerminator terminator) {
        long contentLength = terminator == LineTerminator.CRLF ? pendingLength - 1 : pendingLength;
        int kept = (int) Math.min(contentLength, maxLineLength);
        ensureCapacity(kept + 2);
        if (terminator == LineTerminator.CRLF) {
            buffer[kept] = CR;
            buffer[kept + 1] = LF;
        } else if (terminator == LineTerminator.LF) {
            buffer[kept] = LF;
        }
        line.set(buffer, kept, terminator, lastFrame, lastTimeMicros, firstFrame, contentLength);
        stored = 0;
        pendingLength = 0;
        lastWasCr = false;
        return line;
    }

    /** Doubles the buffer until it holds {@code needed} bytes; never beyond the line limit. */
    private void ensureCapacity(int needed) {
        if (needed <= buffer.length) {
            return;
        }
        int limit = maxLineLength + TERMINATOR_ROOM;
        int capacity = buffer.length;
        while (capacity < needed) {
            capacity = Math.min(limit, capacity * 2);
        }
        buffer = Arrays.copyOf(buffer, capacity);
    }

    private static int indexOfLf(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == LF) {
                return i;
            }
        }
        return -1;
    }
}
