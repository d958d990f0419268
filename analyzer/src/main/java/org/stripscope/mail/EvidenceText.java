package org.stripscope.mail;

/**
 * Turns protocol bytes into the escaped evidence text the findings carry: printable ASCII as is,
 * backslash as {@code \\}, CR as {@code \r}, LF as {@code \n}, tab as {@code \t}, every other
 * control or non-ASCII byte as {@code \xNN}. The result is unambiguous and safe to show.
 */
public final class EvidenceText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EvidenceText() {
    }

    public static String escape(byte[] bytes, int offset, int length) {
        StringBuilder sb = new StringBuilder(length + 8);
        appendEscaped(sb, bytes, offset, length);
        return sb.toString();
    }

    /** Escapes a raw ISO-8859-1 string (one char per byte). */
    public static String escape(String raw) {
        StringBuilder sb = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            appendByte(sb, raw.charAt(i) & 0xff);
        }
        return sb.toString();
    }

    public static void appendEscaped(StringBuilder sb, byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            appendByte(sb, bytes[i] & 0xff);
        }
    }

    /** The placeholder written instead of a secret. */
    public static String redacted(long length) {
        return "<redacted " + length + " bytes>";
    }

    private static void appendByte(StringBuilder sb, int b) {
        switch (b) {
            case '\\' -> sb.append("\\\\");
            case '\r' -> sb.append("\\r");
            case '\n' -> sb.append("\\n");
            case '\t' -> sb.append("\\t");
            default -> {
                if (b >= 0x20 && b < 0x7f) {
                    sb.append((char) b);
                } else {
                    sb.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xf]);
                }
            }
        }
    }
}
