package org.stripscope.decode;

import java.util.HexFormat;

/** Compact hex strings for header bytes; spaces, underscores and '|' are ignored. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s_|]", ""));
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The value as {@code digits} hex digits. */
    public static String num(long value, int digits) {
        String s = Long.toHexString(value);
        if (s.length() > digits) {
            s = s.substring(s.length() - digits);
        }
        return "0".repeat(digits - s.length()) + s;
    }

    public static String ascii(String text) {
        return of(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
