package org.stripscope.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A protocol conversation written as text, one TCP segment per line:
 * {@code C: EHLO x<CRLF>} (client) or {@code S: 250 ok<CRLF>} (server). Markers: {@code <CRLF>},
 * {@code <LF>}, {@code <CR>}, {@code <HEX:160301>} (raw bytes), and a line {@code C: <GAP:5>}
 * for five lost bytes. Any other {@code <} is literal text (as in {@code MAIL FROM:<a@b>}).
 * Blank lines and lines starting with {@code #} are ignored.
 */
public final class Transcript {

    /** One segment of one direction: data, or a gap of {@code gapLength} bytes when data is null. */
    public record Segment(boolean fromClient, byte[] data, long gapLength) {
        public boolean isGap() {
            return data == null;
        }
    }

    private Transcript() {
    }

    public static List<Segment> parse(String text) {
        List<Segment> segments = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean fromClient;
            if (line.startsWith("C:")) {
                fromClient = true;
            } else if (line.startsWith("S:")) {
                fromClient = false;
            } else {
                throw new IllegalArgumentException("transcript line without C:/S: " + line);
            }
            String body = line.substring(2);
            if (body.startsWith(" ")) {
                body = body.substring(1);
            }
            if (body.startsWith("<GAP:") && body.endsWith(">")) {
                long gap = Long.parseLong(body.substring(5, body.length() - 1));
                segments.add(new Segment(fromClient, null, gap));
            } else {
                segments.add(new Segment(fromClient, bytes(body), 0));
            }
        }
        return segments;
    }

    /** The bytes of one segment's text, markers expanded. */
    public static byte[] bytes(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length()) {
            if (body.startsWith("<CRLF>", i)) {
                out.write('\r');
                out.write('\n');
                i += 6;
            } else if (body.startsWith("<LF>", i)) {
                out.write('\n');
                i += 4;
            } else if (body.startsWith("<CR>", i)) {
                out.write('\r');
                i += 4;
            } else if (body.startsWith("<HEX:", i) && body.indexOf('>', i) > 0) {
                int close = body.indexOf('>', i);
                out.writeBytes(HexFormat.of().parseHex(body.substring(i + 5, close)));
                i = close + 1;
            } else {
                out.write(body.charAt(i) & 0xff);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Every data segment cut into one-byte segments. */
    public static List<Segment> byteByByte(List<Segment> segments) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            if (s.isGap()) {
                out.add(s);
                continue;
            }
            for (byte b : s.data()) {
                out.add(new Segment(s.fromClient(), new byte[] {b}, 0));
            }
        }
        return out;
    }

    /** Total data bytes of one direction. */
    public static int length(List<Segment> segments, boolean fromClient) {
        int n = 0;
        for (Segment s : segments) {
            if (!s.isGap() && s.fromClient() == fromClient) {
                n += s.data().length;
            }
        }
        return n;
    }

    /**
     * The same segments with one more cut at byte {@code position} of one direction's stream; the
     * order of segments is kept. Returns null when a segment boundary is already there.
     */
    public static List<Segment> splitAt(List<Segment> segments, boolean fromClient, int position) {
        List<Segment> out = new ArrayList<>();
        int seen = 0;
        boolean cut = false;
        for (Segment s : segments) {
            if (s.isGap() || s.fromClient() != fromClient || cut) {
                out.add(s);
                continue;
            }
            int length = s.data().length;
            if (position > seen && position < seen + length) {
                int at = position - seen;
                out.add(new Segment(fromClient, java.util.Arrays.copyOfRange(s.data(), 0, at), 0));
                out.add(new Segment(fromClient,
                        java.util.Arrays.copyOfRange(s.data(), at, length), 0));
                cut = true;
            } else {
                out.add(s);
            }
            seen += length;
        }
        return cut ? out : null;
    }

    public static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
