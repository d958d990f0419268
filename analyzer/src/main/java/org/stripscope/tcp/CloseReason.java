package org.stripscope.tcp;

/** Why a connection's session ended. */
public enum CloseReason {
    /** Both directions sent FIN and every byte up to it was delivered. */
    FIN,
    /** A RST was seen. */
    RST,
    /** No packet for the idle timeout. */
    IDLE_TIMEOUT,
    /** Evicted to stay within the live-flow limit. */
    EVICTED,
    /** A new SYN reused the 4-tuple of a finished connection. */
    PORT_REUSE,
    /** The capture ended with the connection still open. */
    END_OF_CAPTURE
}
