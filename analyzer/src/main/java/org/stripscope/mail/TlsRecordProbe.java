package org.stripscope.mail;

/**
 * Tells whether the first bytes of a stream are a TLS record header (RFC 8446 §5.1, RFC 5246
 * §6.2.1): content type, then the legacy version 0x03 0x00..0x04.
 */
public final class TlsRecordProbe {

    /** How many bytes a verdict needs. */
    public static final int HEADER_BYTES = 3;

    /** TLS content type handshake: a ClientHello or ServerHello opens every TLS connection. */
    public static final int HANDSHAKE = 0x16;
    /** The lowest TLS content type (change_cipher_spec); alert 0x15, application_data 0x17. */
    public static final int CHANGE_CIPHER_SPEC = 0x14;
    /** Application data, the highest content type a TLS 1.0-1.3 record carries. */
    public static final int APPLICATION_DATA = 0x17;

    /** The probe's answer. */
    public enum Verdict { TLS, NOT_TLS, NEED_MORE }

    private TlsRecordProbe() {
    }

    /**
     * @param anyContentType accept every TLS content type (0x14..0x17), for a capture that began
     *     inside a TLS connection; otherwise only a handshake record opens TLS
     */
    public static Verdict classify(byte[] bytes, int length, boolean anyContentType) {
        if (length >= 1) {
            int type = bytes[0] & 0xff;
            boolean typeOk = anyContentType
                    ? type >= CHANGE_CIPHER_SPEC && type <= APPLICATION_DATA
                    : type == HANDSHAKE;
            if (!typeOk) {
                return Verdict.NOT_TLS;
            }
        }
        if (length >= 2 && bytes[1] != 0x03) {
            return Verdict.NOT_TLS;
        }
        if (length >= 3 && (bytes[2] & 0xff) > 0x04) {
            return Verdict.NOT_TLS;
        }
        return length >= HEADER_BYTES ? Verdict.TLS : Verdict.NEED_MORE;
    }
}
