package org.stripscope.mail.imap;

import java.util.Locale;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.AnomalyBudget;
import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.OverlapConflict;
import org.stripscope.mail.SegmentLog;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.TlsHandshakeWatch;
import org.stripscope.mail.event.Gap;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.tcp.CloseReason;
import org.stripscope.tcp.StreamListener;

/**
 * Follows one IMAP4rev1/IMAP4rev2 (RFC 3501, RFC 9051) connection passively and emits what it
 * sees, in wire order, to a sink: the greeting, capabilities, STARTTLS and the start of TLS,
 * LOGIN and AUTHENTICATE, message transfers, gaps and anomalies.
 *
 * <p>Both directions are read as their chunks arrive. Client lines are tagged commands, SASL
 * responses or "DONE" depending on {@link ImapState}; server lines are responses, whose tagged
 * completions are matched to the commands by tag ({@link PendingTags}), so pipelined commands
 * work. Literals (RFC 9051 §4.3) are skipped raw in both directions. Either direction may be
 * missing and the capture may begin mid-session: the parser then infers what it can and never
 * fails.
 *
 * <p>This class routes bytes and owns the state; each part of the protocol has its class:
 * {@link ImapClientReader} (commands and their literals), {@link ImapServerReader} (responses
 * and theirs), {@link ImapTlsHandler} (STARTTLS, implicit TLS, the TLS record checks),
 * {@link ImapAuthHandler} (LOGIN and AUTHENTICATE).
 *
 * <p>Lost bytes: inside a literal a gap only shortens it; elsewhere the direction resyncs at its
 * next line end, so the line after the hole is dropped whole.
 */
public final class ImapSession implements StreamListener {

    private final SessionInfo info;
    private final MailEventSink sink;
    private final ImapLimits limits;
    private final LineFramer clientFramer;
    private final LineFramer serverFramer;
    private final SegmentLog serverSegments = new SegmentLog();
    private final TlsHandshakeWatch watch;
    private final PendingTags pending;
    private final ImapTlsHandler tls;
    private final ImapAuthHandler auth;
    private final ImapClientReader client;
    private final ImapServerReader server;

    private ImapState state = ImapState.COMMAND;
    private boolean clientSeen;
    private boolean serverSeen;
    private boolean afterGap;
    private boolean clientGapSeen;
    private final AnomalyBudget anomalies;
    /** Bytes delivered by each side, parsed or not (after TLS they are only counted). */
    private long clientBytes;
    private long serverBytes;

    /**
     * @param implicitTls true on a port where TLS starts at once (RFC 8314 §3.3)
     */
    public ImapSession(SessionInfo info, MailEventSink events, boolean implicitTls) {
        this(info, events, ImapLimits.defaults(), implicitTls);
    }

    public ImapSession(SessionInfo info, MailEventSink events, ImapLimits limits,
                       boolean implicitTls) {
        this.info = info;
        this.sink = events;
        this.limits = limits;
        this.anomalies = new AnomalyBudget(info, events, limits.maxAnomalies());
        this.clientFramer = new LineFramer(limits.maxLineLength());
        this.serverFramer = new LineFramer(limits.maxLineLength());
        this.watch = new TlsHandshakeWatch(info, events);
        this.pending = new PendingTags(limits.maxPendingCommands(), limits.maxTagLength());
        this.tls = new ImapTlsHandler(this, clientFramer, serverFramer, watch, serverSegments,
                implicitTls);
        this.auth = new ImapAuthHandler(this, limits);
        this.client = new ImapClientReader(this, clientFramer, pending, tls, auth, limits);
        this.server = new ImapServerReader(this, serverFramer, pending, tls, auth, client, limits);
    }

    public ImapState state() {
        return state;
    }

    // ---- StreamListener ----

    @Override
    public void onSegment(boolean fromClient, DecodedPacket packet, long frame) {
        if (!fromClient) {
            serverSegments.record(packet, frame);
        }
    }

    @Override
    public void onData(boolean fromClient, byte[] data, int offset, int length, long frame,
                       long timeMicros) {
        if (fromClient) {
            clientBytes += length;
        } else {
            serverBytes += length;
        }
        if (length <= 0) {
            return;
        }
        if (state == ImapState.TLS) {
            if (!fromClient && tls.checkingServerAnswer()) {
                serverFramer.begin(data, offset, length, frame, timeMicros);
                tls.checkServerAnswerToTls();
            }
            watch.onData(fromClient, data, offset, length, frame, timeMicros);
            return;
        }
        if (!state.parsing()) {
            return;
        }
        if (fromClient) {
            clientSeen = true;
            clientFramer.begin(data, offset, length, frame, timeMicros);
            drainClient();
        } else {
            serverSeen = true;
            serverFramer.begin(data, offset, length, frame, timeMicros);
            drainServer();
        }
    }

    /** A segment's bytes differed from those already read: said, with the frame not believed. */
    @Override
    public void onOverlapConflict(boolean fromClient, long streamOffset, long frame, long timeMicros) {
        sink.accept(OverlapConflict.anomaly(info, fromClient, streamOffset, frame, timeMicros));
    }

    @Override
    public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
        if (state == ImapState.TLS) {
            watch.onGap(fromClient);
            if (!fromClient) {
                tls.onServerGap();
            }
            return;
        }
        if (!state.parsing()) {
            return;
        }
        sink.accept(new Gap(info, frame, timeMicros, fromClient, length));
        afterGap = true;
        if (fromClient) {
            clientGapSeen = true;
            tls.onClientGap();
            client.onGap(length);
        } else {
            tls.onServerGap();
            server.onGap(length);
        }
    }

    @Override
    public void onClose(CloseReason reason, long frame, long timeMicros) {
        if (state.parsing() && !client.inLiteral() && tls.mayFlushClient()) {
            Line line = clientFramer.flush();
            if (line != null) {
                client.onLine(line);
            }
        }
        if (state.parsing() && !server.inLiteral() && tls.mayFlushServer()) {
            Line line = serverFramer.flush();
            if (line != null) {
                server.onLine(line);
            }
        }
        tls.onClose();
        for (int i = 0; i < pending.size(); i++) {
            auth.onAbandoned(pending.get(i));
        }
        watch.onClose(reason, frame, timeMicros);
        ImapState last = state;
        anomalies.reportMissingDirection(clientBytes, serverBytes, frame, timeMicros);
        sink.accept(new SessionClosed(info, frame, timeMicros,
                reason.name().toLowerCase(Locale.ROOT), last.name()));
        state = ImapState.CLOSED;
    }

    // ---- directions ----

    private void drainClient() {
        while (state.parsing()) {
            if (client.inLiteral()) {
                if (!client.skipLiteral()) {
                    return;
                }
                continue;
            }
            if (tls.probingClient()) {
                if (!tls.probeClient()) {
                    return;
                }
                continue;
            }
            Line line = clientFramer.nextLine();
            if (line == null) {
                return;
            }
            client.onLine(line);
        }
    }

    private void drainServer() {
        while (state.parsing()) {
            if (server.inLiteral()) {
                if (!server.skipLiteral()) {
                    return;
                }
                continue;
            }
            if (tls.probingServer()) {
                if (!tls.probeServer()) {
                    return;
                }
                continue;
            }
            Line line = serverFramer.nextLine();
            if (line == null) {
                return;
            }
            server.onLine(line);
        }
    }

    // ---- for the readers and handlers ----

    SessionInfo info() {
        return info;
    }

    MailEventSink sink() {
        return sink;
    }

    /** Moves to another state; the terminal states (TLS, gave up, closed) are never left. */
    void enter(ImapState next) {
        if (state.parsing()) {
            state = next;
        }
    }

    void emit(MailEvent event) {
        sink.accept(event);
    }

    boolean clientSeen() {
        return clientSeen;
    }

    boolean serverSeen() {
        return serverSeen;
    }

    /** Bytes were lost in either direction earlier in the session. */
    boolean afterGap() {
        return afterGap;
    }

    /** Client bytes were lost earlier in the session: a command may be among them. */
    boolean clientGapSeen() {
        return clientGapSeen;
    }

    boolean tlsConfirmed() {
        return tls.confirmed();
    }

    /** Reports an anomaly while parsing; too many make the parser give up on the session. */
    /** A resource limit of the parser was reached: said, without spending the anomaly budget. */
    void limitReached(String reason, long frame, long timeMicros, String evidence) {
        if (state.parsing()) {
            anomalies.limitReached(reason, frame, timeMicros, evidence);
        }
    }

    void anomaly(String reason, long frame, long timeMicros, String evidence) {
        if (state.parsing() && anomalies.spend(reason, frame, timeMicros, evidence)) {
            state = ImapState.GAVE_UP;
        }
    }
}
