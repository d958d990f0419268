package org.stripscope.mail;

import java.nio.charset.StandardCharsets;
import org.stripscope.decode.Bytes;

/**
 * Reads the user of an NTLM AUTHENTICATE (type 3) message ([MS-NLMP] §2.2.1.3): after the
 * signature "NTLMSSP\0" and the type, security buffers (length u16, max u16, offset u32, all
 * little-endian) for LM response (12), NT response (20), domain (28), user (36), workstation (44)
 * and session key (52), then the negotiate flags (60). Names are UTF-16LE unless the flags say
 * OEM without UNICODE.
 */
public final class NtlmMessage {

    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int TYPE = 8;
    private static final int AUTHENTICATE = 3;
    private static final int DOMAIN = 28;
    private static final int USER = 36;
    private static final int FLAGS = 60;
    private static final int HEADER_WITH_FLAGS = 64;
    private static final int NEGOTIATE_UNICODE = 0x1;
    private static final int NEGOTIATE_OEM = 0x2;

    private NtlmMessage() {
    }

    /**
     * @return "DOMAIN\\user", or "user" when the domain is empty, or null when the message is not
     *     a well-formed AUTHENTICATE message
     */
    public static String authenticateUser(byte[] message) {
        if (message.length < USER + 8) {
            return null;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (message[i] != SIGNATURE[i]) {
                return null;
            }
        }
        if (Bytes.u32le(message, TYPE) != AUTHENTICATE) {
            return null;
        }
        boolean unicode = true;
        if (message.length >= HEADER_WITH_FLAGS) {
            int flags = Bytes.u32le(message, FLAGS);
            unicode = (flags & NEGOTIATE_UNICODE) != 0 || (flags & NEGOTIATE_OEM) == 0;
        }
        String user = field(message, USER, unicode);
        String domain = field(message, DOMAIN, unicode);
        if (user == null || domain == null) {
            return null;
        }
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    private static String field(byte[] message, int at, boolean unicode) {
        int length = u16le(message, at);
        long offset = Bytes.u32le(message, at + 4) & 0xffff_ffffL;
        if (offset + length > message.length) {
            return null;
        }
        return new String(message, (int) offset, length,
                unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }

    /** Little-endian 16 bits: the length of a security buffer ({@link Bytes} reads only u32le). */
    private static int u16le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
