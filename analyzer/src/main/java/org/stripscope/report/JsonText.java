package org.stripscope.report;

/**
 * JSON string literals (RFC 8259 §7): the quotation mark, the reverse solidus and the control
 * characters U+0000..U+001F must be escaped; everything else may be written as is. U+2028 and
 * U+2029 are escaped too, as JavaScript before ES2019 did not accept them in string literals, and
 * lone surrogates become U+FFFD so that the output is always well-formed UTF-8.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** The value as a quoted JSON string. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2);
        appendQuoted(sb, value);
        return sb.toString();
    }

    public static void appendQuoted(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        appendUnicodeEscape(sb, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        sb.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append('\ufffd');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void appendUnicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >>> 12) & 0xf]).append(HEX[(c >>> 8) & 0xf])
                .append(HEX[(c >>> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
