package org.stripscope.mail;

import java.util.Base64;

/**
 * Decodes the base64 of SASL exchanges (RFC 4648 §4, as the SASL profiles of SMTP RFC 4954 §4,
 * IMAP RFC 9051 §6.2.2 and POP3 RFC 5034 §4 require), checking the alphabet first so that
 * malformed input is a return value, not an exception.
 */
public final class SaslBase64 {

    private SaslBase64() {
    }

    /**
     * @return the decoded bytes, or null when the text is not valid base64 (wrong alphabet,
     *     padding in the middle, impossible length)
     */
    public static byte[] decode(byte[] text, int offset, int length) {
        if (!isBase64(text, offset, length)) {
            return null;
        }
        byte[] source = new byte[length];
        System.arraycopy(text, offset, source, 0, length);
        return Base64.getDecoder().decode(source);
    }

    /**
     * Whether {@code text[from, to)} reads as a client response: base64, or "*" (the cancel of
     * RFC 4954 §4). Nothing is allocated.
     */
    public static boolean isResponse(byte[] text, int from, int to) {
        if (to - from == 1 && text[from] == '*') {
            return true;
        }
        return to > from && isBase64(text, from, to - from);
    }

    /** Whether the text is valid base64: alphabet, padding only at the end, possible length. */
    private static boolean isBase64(byte[] text, int offset, int length) {
        int padding = 0;
        for (int i = offset; i < offset + length; i++) {
            int c = text[i] & 0xff;
            if (c == '=') {
                padding++;
                if (padding > 2) {
                    return false;
                }
            } else if (padding > 0 || !isAlphabet(c)) {
                return false;
            }
        }
        return length % 4 != 1 && (padding == 0 || length % 4 == 0);
    }

    private static boolean isAlphabet(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/';
    }
}
