package org.stripscope.mail;

import org.stripscope.mail.event.TlsHandshakeFailed;
import org.stripscope.tcp.CloseReason;

/**
 * Follows the TLS record headers of both directions after TLS began, until the handshake is
 * known to have completed, to tell a failed handshake (the first half of a TLS fallback) from a
 * working one. Only the 5-byte record headers (RFC 8446 §5.1: type, legacy version, length) and
 * the body of a plaintext alert are read; nothing is decrypted.
 *
 * <p>The handshake counts as completed when either (a) the server sends a ChangeCipherSpec record
 * (type 20) after the client sent one: in a full TLS 1.2 handshake (RFC 5246 §7.3) the client's
 * ChangeCipherSpec and Finished come first and the server's follow only when it accepted them;
 * or (b) the server sends an application-data record (type 23) after the client sent one: in
 * TLS 1.3 the client's Finished is itself type 23, and the session ticket or the answer that
 * follows it comes back. TLS 1.3 peers in middlebox-compatibility mode (RFC 8446 §D.4) send a
 * dummy ChangeCipherSpec, the server's first, so it never satisfies (a). A TLS 1.3 client that
 * rejects the server's certificate sends a single protected alert and closes, and the server
 * sends nothing after it. In IMAP and POP3 the server speaks first, so a client may close after
 * a TLS 1.2 handshake without sending anything protected: (a) sees that handshake completed.
 * Before completion, an alert record (type 21) or the connection's end is a failed handshake.
 *
 * <p>Limits: TLS 1.3 early data (RFC 8446 §2.3, the client's type 23 before the server's first
 * flight) would make the server's encrypted handshake look like an answer; mail clients do not
 * send it. A gap, or bytes that are not TLS records, end the watch without a verdict.
 */
public final class TlsHandshakeWatch {

    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int APPLICATION_DATA = 23;
    private static final int HEARTBEAT = 24;
    private static final int HEADER = 5;

    private final SessionInfo info;
    private final MailEventSink sink;
    private final Direction client = new Direction();
    private final Direction server = new Direction();
    private boolean started;
    private boolean done;
    private long startFrame;
    private boolean clientSentData;
    private boolean clientSentChangeCipherSpec;

    public TlsHandshakeWatch(SessionInfo info, MailEventSink sink) {
        this.info = info;
        this.sink = sink;
    }

    /**
     * TLS began in this frame: from now on {@link #onData} receives every byte of both
     * directions, each starting at a record boundary.
     */
    public void start(long frame) {
        if (!started) {
            started = true;
            startFrame = frame;
        }
    }

    /** Whether a verdict was reached (completed or failed) or the watch gave up. */
    public boolean done() {
        return done;
    }

    /**
     * The next bytes of one direction, in order, continuing where its previous call stopped (the
     * first call of each direction begins at a record header).
     */
    public void onData(boolean fromClient, byte[] data, int offset, int length, long frame,
                       long timeMicros) {
        if (!started || done) {
            return;
        }
        Direction d = fromClient ? client : server;
        int i = offset;
        int end = offset + length;
        while (i < end && !done) {
            if (d.skip > 0) {
                int n = (int) Math.min(d.skip, end - i);
                if (d.type == ALERT && d.bodyRead < 2) {
                    for (int k = 0; k < n && d.bodyRead < 2; k++) {
                        d.alert[d.bodyRead++] = data[i + k];
                    }
                }
                d.skip -= n;
                i += n;
                if (d.skip == 0) {
                    recordEnded(fromClient, d, frame, timeMicros);
                }
                continue;
            }
            d.header[d.headerRead++] = data[i++];
            if (d.headerRead == HEADER) {
                d.headerRead = 0;
                d.type = d.header[0] & 0xff;
                int length16 = ((d.header[3] & 0xff) << 8) | (d.header[4] & 0xff);
                // RFC 8446 §5.1: major version 3, known type, length at most 2^14 + 2048.
                if (d.type < CHANGE_CIPHER_SPEC || d.type > HEARTBEAT || d.header[1] != 3
                        || length16 > 18432) {
                    done = true;
                    return;
                }
                d.skip = length16;
                d.bodyRead = 0;
                recordBegan(fromClient, d, length16);
                if (length16 == 0) {
                    recordEnded(fromClient, d, frame, timeMicros);
                }
            }
        }
    }

    private void recordBegan(boolean fromClient, Direction d, int length) {
        d.lastLength = length;
        if (d.type == CHANGE_CIPHER_SPEC) {
            if (fromClient) {
                clientSentChangeCipherSpec = true;
            } else if (clientSentChangeCipherSpec) {
                done = true;
            }
            return;
        }
        if (d.type != APPLICATION_DATA) {
            return;
        }
        if (fromClient) {
            clientSentData = true;
        } else if (clientSentData) {
            done = true;
        }
    }

    private void recordEnded(boolean fromClient, Direction d, long frame, long timeMicros) {
        if (d.type != ALERT) {
            return;
        }
        String side = fromClient ? "client" : "server";
        String what = side + " alert";
        if (d.lastLength == 2) {
            int level = d.alert[0] & 0xff;
            int description = d.alert[1] & 0xff;
            // RFC 8446 §6: level 1 warning, 2 fatal; a protected alert's body is not readable.
            what += (level == 2 ? " fatal " : level == 1 ? " warning " : " level " + level + " ")
                    + description;
        }
        fail(side + "-alert", what, frame, timeMicros);
    }

    /** Bytes of one direction were lost: record boundaries are unknown, so no verdict. */
    public void onGap(boolean fromClient) {
        if (started) {
            done = true;
        }
    }

    /** The connection ended; before completion that is a failed handshake. */
    public void onClose(CloseReason reason, long frame, long timeMicros) {
        if (!started || done) {
            return;
        }
        if (reason == CloseReason.RST) {
            fail("rst", "connection reset during the TLS handshake", frame, timeMicros);
        } else if (reason == CloseReason.FIN) {
            fail("close", "connection closed during the TLS handshake", frame, timeMicros);
        } else {
            // End of capture, idle timeout, eviction: the capture stopped, not the handshake.
            done = true;
        }
    }

    private void fail(String how, String evidence, long frame, long timeMicros) {
        done = true;
        sink.accept(new TlsHandshakeFailed(info, frame, timeMicros, how, startFrame, evidence));
    }

    /** Record-header state of one direction. */
    private static final class Direction {
        final byte[] header = new byte[HEADER];
        final byte[] alert = new byte[2];
        int headerRead;
        int type;
        long skip;
        int bodyRead;
        int lastLength;
    }
}
