package org.stripscope.mail.pop3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.event.LineStamp;

/**
 * The lines of one CAPA response being read (RFC 2449 §5): after "+OK", one capability per line,
 * a keyword then its arguments ("SASL PLAIN LOGIN"), up to the line ".". The lines are
 * dot-unstuffed by the caller. Bounded: beyond the limit lines are counted, not kept.
 */
final class CapabilityList {

    private static final int MAX_EVIDENCE_CHARS = 2048;

    private final int maxLines;
    private final List<String> keywords = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<LineStamp> stamps = new ArrayList<>();
    private final StringBuilder evidence = new StringBuilder(128);
    private long evidenceOmitted;
    private int dropped;
    private long firstFrame;

    CapabilityList(int maxLines) {
        this.maxLines = maxLines;
    }

    /** The "+OK" line that opened the response. */
    void begin(Line status) {
        keywords.clear();
        lines.clear();
        stamps.clear();
        evidence.setLength(0);
        evidenceOmitted = 0;
        dropped = 0;
        firstFrame = status.firstFrame();
        appendEvidence(status, 0);
    }

    /** One capability line, its content starting at {@code from} (after an unstuffed dot). */
    void add(Line line, int from) {
        appendEvidence(line, 0);
        int end = Pop3Command.contentEnd(line);
        if (end <= from) {
            return;
        }
        if (lines.size() >= maxLines) {
            dropped++;
            return;
        }
        byte[] b = line.bytes();
        int keywordEnd = from;
        while (keywordEnd < end && !Pop3Command.isBlank(b[keywordEnd])) {
            keywordEnd++;
        }
        keywords.add(new String(b, from, keywordEnd - from, StandardCharsets.ISO_8859_1));
        lines.add(new String(b, from, end - from, StandardCharsets.ISO_8859_1));
        stamps.add(new LineStamp(line.frame(), line.timeMicros()));
    }

    /** The terminating "." line. */
    void end(Line line) {
        appendEvidence(line, 0);
    }

    List<String> keywords() {
        return keywords;
    }

    List<String> lines() {
        return lines;
    }

    List<LineStamp> stamps() {
        return stamps;
    }

    long firstFrame() {
        return firstFrame;
    }

    /** Capability lines left out past the limit. */
    int dropped() {
        return dropped;
    }

    String evidence() {
        return evidenceOmitted == 0 ? evidence.toString()
                : evidence + "...[" + evidenceOmitted + " more chars]";
    }

    private void appendEvidence(Line line, int from) {
        String text = EvidenceText.escape(line.bytes(), from, line.rawLength() - from);
        if (evidenceOmitted > 0 || evidence.length() + text.length() > MAX_EVIDENCE_CHARS) {
            evidenceOmitted += text.length();
            return;
        }
        evidence.append(text);
    }
}
