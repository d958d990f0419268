package org.stripscope.capture;

/**
 * A capture that can't be opened or read further: missing file, not a capture, unsupported link
 * type, truncated file, libpcap error. The message is one line meant for the user and names the
 * capture.
 */
public final class CaptureException extends Exception {

    /** Why the capture failed; the CLI maps these to exit codes. */
    public enum Kind {
        /** The file does not exist or can't be opened for reading. */
        UNREADABLE,
        /** The file is not a pcap or pcapng capture. */
        NOT_A_CAPTURE,
        /** The capture's link type has no decoder. */
        UNSUPPORTED_LINK_TYPE,
        /** The file ends in the middle of a record; packets before the cut were read. */
        TRUNCATED,
        /** Any other error reported by libpcap. */
        PCAP_ERROR,
        /** libpcap itself could not be loaded. */
        LIBPCAP_MISSING
    }

    private final Kind kind;

    public CaptureException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
