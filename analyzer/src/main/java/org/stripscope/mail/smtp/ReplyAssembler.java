package org.stripscope.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.event.LineStamp;

/**
 * Gathers the lines of one SMTP reply (RFC 5321 §4.2.1): "ddd-text" continues, "ddd text" or a
 * bare "ddd" ends it. Keeps up to a limit of lines (raw, with terminators, in one reusable
 * buffer, with the frame and time of each), so an EHLO reply's capabilities and the reply's
 * evidence can be read when it ends.
 *
 * <p>The buffers start small and double as replies need, up to the limit: most sessions never
 * see a long reply, many none at all. Once grown they are reused.
 */
final class ReplyAssembler {

    /** What one line did to the reply. */
    enum Step {
        /** Not a reply line (no three-digit code, or a bad character after it): skipped. */
        BAD_LINE,
        /** A continuation line ("ddd-"). */
        CONTINUES,
        /** The last line: the reply is complete and can be read until the next {@link #accept}. */
        COMPLETE
    }

    private static final int CODE_DIGITS = 3;
    private static final int INITIAL_LINES = 4;
    private static final int INITIAL_RAW_BYTES = 128;

    private final int maxLines;
    private byte[] raw = new byte[INITIAL_RAW_BYTES];
    private int rawLength;
    private int[] lineStart;
    private int[] lineContent;
    private int[] lineRaw;
    private long[] lineFrame;
    private long[] lineTime;
    private int kept;
    private int total;
    private int code = -1;
    private boolean complete;
    private boolean codeMismatch;
    private long firstFrame;
    private long frame;
    private long timeMicros;

    ReplyAssembler(int maxLines) {
        this.maxLines = maxLines;
        allocateLines(Math.min(maxLines, INITIAL_LINES));
    }

    Step accept(Line line) {
        if (complete) {
            clear();
        }
        byte[] b = line.bytes();
        int length = line.length();
        if (length < CODE_DIGITS || !digit(b[0]) || !digit(b[1]) || !digit(b[2])) {
            return Step.BAD_LINE;
        }
        boolean last;
        if (length == CODE_DIGITS || b[CODE_DIGITS] == ' ') {
            last = true;
        } else if (b[CODE_DIGITS] == '-') {
            last = false;
        } else {
            return Step.BAD_LINE;
        }
        int lineCode = (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0');
        if (total == 0) {
            code = lineCode;
            firstFrame = line.firstFrame();
        } else if (lineCode != code) {
            codeMismatch = true;
        }
        if (kept < maxLines) {
            keep(line);
        }
        total++;
        frame = line.frame();
        timeMicros = line.timeMicros();
        complete = last;
        return last ? Step.COMPLETE : Step.CONTINUES;
    }

    /** True while a multi-line reply has begun and not ended. */
    boolean inProgress() {
        return total > 0 && !complete;
    }

    void clear() {
        rawLength = 0;
        kept = 0;
        total = 0;
        code = -1;
        complete = false;
        codeMismatch = false;
    }

    int code() {
        return code;
    }

    String codeText() {
        return String.valueOf(code);
    }

    boolean codeMismatch() {
        return codeMismatch;
    }

    /** Lines of the reply, kept or not. */
    int lineCount() {
        return total;
    }

    /** True when the reply had more lines than the limit. */
    boolean linesDropped() {
        return total > kept;
    }

    int keptLines() {
        return kept;
    }

    long firstFrame() {
        return firstFrame;
    }

    long frame() {
        return frame;
    }

    long timeMicros() {
        return timeMicros;
    }

    /** The text of kept line {@code i} after the code and separator, raw ISO-8859-1. */
    String text(int i) {
        int from = lineStart[i] + Math.min(CODE_DIGITS + 1, lineContent[i]);
        int to = lineStart[i] + lineContent[i];
        return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The texts of kept lines from {@code first} on. */
    List<String> texts(int first) {
        List<String> out = new ArrayList<>(Math.max(0, kept - first));
        for (int i = first; i < kept; i++) {
            out.add(text(i));
        }
        return out;
    }

    /** The first word of each kept line's text from {@code first} on (EHLO keywords). */
    List<String> keywords(int first) {
        List<String> out = new ArrayList<>(Math.max(0, kept - first));
        for (int i = first; i < kept; i++) {
            String text = text(i);
            int space = text.indexOf(' ');
            out.add(space < 0 ? text : text.substring(0, space));
        }
        return out;
    }

    /** The frame and time of each kept line from {@code first} on (the frame of its last byte). */
    List<LineStamp> lineStamps(int first) {
        List<LineStamp> out = new ArrayList<>(Math.max(0, kept - first));
        for (int i = first; i < kept; i++) {
            out.add(new LineStamp(lineFrame[i], lineTime[i]));
        }
        return out;
    }

    /** The kept lines as on the wire, escaped. */
    String evidence() {
        return EvidenceText.escape(raw, 0, rawLength);
    }

    /** The first line as on the wire, escaped. */
    String firstLineEvidence() {
        return kept == 0 ? "" : EvidenceText.escape(raw, lineStart[0], lineRaw[0]);
    }

    private void keep(Line line) {
        int n = line.rawLength();
        if (rawLength + n > raw.length) {
            raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawLength + n));
        }
        if (kept == lineStart.length) {
            allocateLines(Math.min(maxLines, kept * 2));
        }
        System.arraycopy(line.bytes(), 0, raw, rawLength, n);
        lineStart[kept] = rawLength;
        lineContent[kept] = line.length();
        lineRaw[kept] = n;
        lineFrame[kept] = line.frame();
        lineTime[kept] = line.timeMicros();
        rawLength += n;
        kept++;
    }

    /** Sizes the per-line arrays to {@code capacity} lines, keeping what they hold. */
    private void allocateLines(int capacity) {
        if (lineStart == null) {
            lineStart = new int[capacity];
            lineContent = new int[capacity];
            lineRaw = new int[capacity];
            lineFrame = new long[capacity];
            lineTime = new long[capacity];
            return;
        }
        lineStart = Arrays.copyOf(lineStart, capacity);
        lineContent = Arrays.copyOf(lineContent, capacity);
        lineRaw = Arrays.copyOf(lineRaw, capacity);
        lineFrame = Arrays.copyOf(lineFrame, capacity);
        lineTime = Arrays.copyOf(lineTime, capacity);
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }
}
