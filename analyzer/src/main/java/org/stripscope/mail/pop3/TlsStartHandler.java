package org.stripscope.mail.pop3;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.SaslExchange;
import org.stripscope.mail.SegmentLog;
import org.stripscope.mail.TlsHandshakeWatch;
import org.stripscope.mail.TlsRecordProbe;
import org.stripscope.mail.event.ImplicitTlsPlaintext;
import org.stripscope.mail.event.StartTlsReplied;
import org.stripscope.mail.event.StartTlsRequested;
import org.stripscope.mail.event.TlsConfirmed;
import org.stripscope.mail.event.TlsNotFollowed;
import org.stripscope.tcp.CloseReason;

/**
 * The start of TLS within a {@link Pop3Session}: the STLS command and its answer (RFC 2595 §4),
 * or an implicit-TLS port (RFC 8314 §3.3), then a look at each direction's next bytes raw for a
 * TLS record header; once TLS is confirmed, every byte of both directions goes to the
 * {@link TlsHandshakeWatch}, starting at the record boundary.
 *
 * <p>Plaintext where TLS should begin is reported: client commands sent behind STLS before its
 * answer and server lines after its +OK ({@link PlaintextWindow}), client plaintext after the +OK
 * ({@link TlsNotFollowed}), a server answering a ClientHello in plaintext, and plaintext first
 * bytes on an implicit-TLS port ({@link ImplicitTlsPlaintext}, then parsed as POP3).
 */
final class TlsStartHandler {

    private final Pop3Session session;
    private final LineFramer clientFramer;
    private final LineFramer serverFramer;
    private final PendingCommands pending;
    private final TlsHandshakeWatch watch;
    private final SegmentLog serverSegments;
    private final byte[] probeBytes = new byte[TlsRecordProbe.HEADER_BYTES];
    private final byte[] heldBytes = new byte[TlsRecordProbe.HEADER_BYTES];
    private final PlaintextWindow clientBehindStls = new PlaintextWindow(true);
    private final PlaintextWindow serverAfterGoAhead = new PlaintextWindow(false);

    private TlsProbe clientProbe;
    private TlsProbe serverProbe;
    /** Bytes of a partial record header a probe left in each framer (fewer than three). */
    private int clientHeld;
    private int serverHeld;
    private boolean confirmed;
    private boolean implicitPlaintextReported;
    private boolean announceImplicitClient;
    private boolean announceImplicitServer;
    private boolean announceNotFollowed;
    /** TLS started from the client: the server's first bytes are still checked for plaintext. */
    private boolean checkingServerAnswer;
    private boolean serverPlaintextAfterTls;

    TlsStartHandler(Pop3Session session, LineFramer clientFramer, LineFramer serverFramer,
                    PendingCommands pending, TlsHandshakeWatch watch, SegmentLog serverSegments,
                    boolean implicitTls) {
        this.session = session;
        this.clientFramer = clientFramer;
        this.serverFramer = serverFramer;
        this.pending = pending;
        this.watch = watch;
        this.serverSegments = serverSegments;
        this.clientProbe = implicitTls ? TlsProbe.IMPLICIT : TlsProbe.NONE;
        this.serverProbe = implicitTls ? TlsProbe.IMPLICIT : TlsProbe.NONE;
    }

    boolean confirmed() {
        return confirmed;
    }

    boolean probingClient() {
        return clientProbe != TlsProbe.NONE;
    }

    boolean probingServer() {
        return serverProbe != TlsProbe.NONE;
    }

    // ---- STLS ----

    /** RFC 2595 §4: STLS takes no argument; +OK is the go-ahead. */
    void onStlsCommand(Pop3Command cmd) {
        Line line = cmd.line();
        session.emit(new StartTlsRequested(session.info(), line.frame(), line.timeMicros(),
                EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        clientBehindStls.close(session);
        session.enqueue(cmd, -1);
        if (session.serverSeen()) {
            // Without server bytes no answer will close the window: nothing is counted then.
            clientBehindStls.open();
        } else if (clientProbe == TlsProbe.NONE) {
            clientProbe = TlsProbe.UNCONFIRMED;
        }
    }

    /** Any client command, before it is handled: one sent while STLS awaits its answer counts. */
    void beforeCommand(Pop3Command cmd) {
        if (clientBehindStls.isOpen()) {
            clientBehindStls.add(cmd.line(), session.commandEvidence(cmd));
        }
    }

    /** The answer to STLS; the caller has taken its entry off the queue. */
    void onStlsReply(Pop3Status status, Line line) {
        if (!pending.contains(Pop3Verb.STLS)) {
            clientBehindStls.close(session);
        }
        boolean accepted = status == Pop3Status.OK;
        session.emit(new StartTlsReplied(session.info(), line.frame(), line.timeMicros(),
                accepted, status.code(line), EvidenceText.escape(line.bytes(), 0, line.rawLength()),
                serverSegments.traitsOf(line.frame()), serverSegments.before(line.frame())));
        if (accepted) {
            clientProbe = TlsProbe.AFTER_GO_AHEAD;
            serverProbe = TlsProbe.AFTER_GO_AHEAD;
            serverAfterGoAhead.close(session);
            serverAfterGoAhead.open();
            if (session.state() == Pop3State.COMMAND) {
                session.enter(Pop3State.TLS_GO_AHEAD);
            }
        } else if (clientProbe == TlsProbe.UNCONFIRMED) {
            clientProbe = TlsProbe.NONE;
        }
    }

    /**
     * A +OK no visible command asked for, while commands may be missing: it may be the go-ahead
     * of an STLS not in the capture, so the next bytes of both directions are looked at for a
     * TLS record (plaintext there is no anomaly).
     */
    void onUnmatchedOk() {
        if (serverProbe == TlsProbe.NONE) {
            serverProbe = TlsProbe.UNCONFIRMED;
        }
        if (clientProbe == TlsProbe.NONE) {
            clientProbe = TlsProbe.UNCONFIRMED;
        }
    }

    // ---- lines, for the reports that need a whole line ----

    /** A client line about to be handled: the evidence of plaintext where TLS was expected. */
    void onClientLine(Line line, Pop3Command command) {
        if (!announceNotFollowed && !announceImplicitClient) {
            return;
        }
        String evidence = session.state() == Pop3State.SASL_RESPONSE
                ? SaslExchange.redactedLine(line.bytes(), 0, Pop3Command.contentEnd(line),
                        line.rawLength())
                : session.commandEvidence(command.wrap(line));
        if (announceNotFollowed) {
            announceNotFollowed = false;
            session.emit(new TlsNotFollowed(session.info(), line.frame(), line.timeMicros(), true,
                    evidence));
        }
        if (announceImplicitClient) {
            announceImplicitClient = false;
            session.emit(new ImplicitTlsPlaintext(session.info(), line.frame(), line.timeMicros(),
                    true, evidence));
        }
    }

    /** A server line about to be handled. */
    void onServerLine(Line line) {
        if (announceImplicitServer) {
            announceImplicitServer = false;
            session.emit(new ImplicitTlsPlaintext(session.info(), line.frame(), line.timeMicros(),
                    false, EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        }
        if (serverAfterGoAhead.isOpen()) {
            serverAfterGoAhead.add(line, EvidenceText.escape(line.bytes(), 0, line.rawLength()));
        }
    }

    // ---- probes ----

    /** @return true when the probe decided, false when more bytes are needed */
    boolean probeClient() {
        if (session.resyncing(true)) {
            // Client bytes were lost before: where a record would start is unknown. No verdict,
            // and server lines can no longer be placed before or after a client record.
            if (session.state() == Pop3State.TLS_GO_AHEAD) {
                session.enter(Pop3State.COMMAND);
            }
            clientProbe = TlsProbe.NONE;
            serverAfterGoAhead.discard();
            return true;
        }
        int n = clientFramer.peekRaw(probeBytes, probeBytes.length);
        boolean midSession = clientProbe == TlsProbe.IMPLICIT && !session.info().handshakeSeen();
        switch (TlsRecordProbe.classify(probeBytes, n, midSession)) {
            case TLS -> {
                confirm(true, clientFramer.chunkFrame(), clientFramer.chunkTimeMicros());
                return true;
            }
            case NOT_TLS -> {
                if (clientProbe == TlsProbe.AFTER_GO_AHEAD) {
                    announceNotFollowed = true;
                    serverAfterGoAhead.close(session);
                    if (session.state() == Pop3State.TLS_GO_AHEAD) {
                        session.enter(Pop3State.COMMAND);
                    }
                } else if (clientProbe == TlsProbe.IMPLICIT && !implicitPlaintextReported) {
                    implicitPlaintextReported = true;
                    announceImplicitClient = true;
                }
                clientProbe = TlsProbe.NONE;
                clientHeld = 0;
                if (serverProbe != TlsProbe.NONE) {
                    serverProbe = TlsProbe.NONE;
                    serverHeld = 0;
                }
                return true;
            }
            default -> {
                // A partial header: keep it as the start of a line, so it is not lost if plaintext.
                int remaining = clientFramer.remaining();
                if (remaining > 0) {
                    clientHeld += remaining;
                    clientFramer.nextLine();
                }
                return false;
            }
        }
    }

    /**
     * The server's side of a TLS start: a ServerHello after the go-ahead or on an implicit-TLS
     * port. In a two-sided capture the client's ClientHello decides first; this decides when the
     * client side is not visible.
     *
     * @return true when the probe decided, false when more bytes are needed
     */
    boolean probeServer() {
        if (session.resyncing(false)) {
            serverProbe = TlsProbe.NONE;
            return true;
        }
        int n = serverFramer.peekRaw(probeBytes, probeBytes.length);
        boolean midSession = serverProbe == TlsProbe.IMPLICIT && !session.info().handshakeSeen();
        switch (TlsRecordProbe.classify(probeBytes, n, midSession)) {
            case TLS -> {
                confirm(false, serverFramer.chunkFrame(), serverFramer.chunkTimeMicros());
                return true;
            }
            case NOT_TLS -> {
                if (serverProbe == TlsProbe.IMPLICIT && !implicitPlaintextReported) {
                    implicitPlaintextReported = true;
                    announceImplicitServer = true;
                }
                serverProbe = TlsProbe.NONE;
                serverHeld = 0;
                return true;
            }
            default -> {
                int remaining = serverFramer.remaining();
                if (remaining > 0) {
                    serverHeld += remaining;
                    serverFramer.nextLine();
                }
                return false;
            }
        }
    }

    // ---- TLS ----

    /**
     * TLS started: the watch takes every byte of both directions from the record boundary on,
     * the probe's held bytes and the rest of this chunk first. When the client's record decided
     * it, the server's next bytes are still checked: a server answering a ClientHello in
     * plaintext is worth reporting.
     */
    private void confirm(boolean fromClient, long frame, long timeMicros) {
        serverAfterGoAhead.close(session);
        clientBehindStls.close(session);
        session.emit(new TlsConfirmed(session.info(), frame, timeMicros, fromClient));
        confirmed = true;
        session.enter(Pop3State.TLS);
        watch.start(frame);
        LineFramer own = fromClient ? clientFramer : serverFramer;
        handHeld(fromClient, own, fromClient ? clientHeld : serverHeld, frame, timeMicros);
        int remaining = own.remaining();
        if (remaining > 0) {
            watch.onData(fromClient, session.chunk(), session.chunkEnd() - remaining, remaining,
                    frame, timeMicros);
        }
        own.reset();
        announceNotFollowed = false;
        announceImplicitClient = false;
        announceImplicitServer = false;
        if (fromClient) {
            checkingServerAnswer = serverProbe != TlsProbe.NONE;
            if (serverHeld > 0) {
                // The server's partial header stays in its framer for the plaintext check.
                handHeld(false, serverFramer, serverHeld, frame, timeMicros);
            } else {
                serverFramer.reset();
            }
        } else {
            handHeld(true, clientFramer, clientHeld, frame, timeMicros);
            clientFramer.reset();
            checkingServerAnswer = false;
        }
        clientProbe = TlsProbe.NONE;
        serverProbe = TlsProbe.NONE;
        clientHeld = 0;
        serverHeld = 0;
    }

    private void handHeld(boolean fromClient, LineFramer framer, int held, long frame,
                          long timeMicros) {
        if (held > 0) {
            int n = framer.peekRaw(heldBytes, Math.min(held, heldBytes.length));
            watch.onData(fromClient, heldBytes, 0, n, frame, timeMicros);
        }
    }

    /** Bytes in the TLS state: all to the watch; the server's first ones also checked. */
    void onTlsData(boolean fromClient, byte[] data, int offset, int length, long frame,
                   long timeMicros) {
        watch.onData(fromClient, data, offset, length, frame, timeMicros);
        if (!fromClient && checkingServerAnswer) {
            serverFramer.begin(data, offset, length, frame, timeMicros);
            checkServerAnswer();
        }
    }

    private void checkServerAnswer() {
        if (!serverPlaintextAfterTls) {
            int n = serverFramer.peekRaw(probeBytes, probeBytes.length);
            // Any record type: a server may answer a ClientHello with an alert.
            switch (TlsRecordProbe.classify(probeBytes, n, true)) {
                case TLS -> {
                    checkingServerAnswer = false;
                    serverFramer.reset();
                    return;
                }
                case NOT_TLS -> serverPlaintextAfterTls = true;
                default -> {
                    if (serverFramer.remaining() > 0) {
                        serverFramer.nextLine();
                    }
                    return;
                }
            }
        }
        Line line = serverFramer.nextLine();
        if (line != null) {
            serverNotFollowed(line);
        }
    }

    private void serverNotFollowed(Line line) {
        session.emit(new TlsNotFollowed(session.info(), line.frame(), line.timeMicros(), false,
                EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        serverPlaintextAfterTls = false;
        checkingServerAnswer = false;
        serverFramer.reset();
    }

    // ---- gaps and close ----

    /**
     * Lost client bytes: what followed the go-ahead is unknown, so no verdict; server lines after
     * the go-ahead can no longer be placed before or after the client's record.
     */
    void onClientGap() {
        if (clientProbe == TlsProbe.AFTER_GO_AHEAD && session.state() == Pop3State.TLS_GO_AHEAD) {
            session.enter(Pop3State.COMMAND);
        }
        clientProbe = TlsProbe.NONE;
        clientHeld = 0;
        announceNotFollowed = false;
        announceImplicitClient = false;
        serverAfterGoAhead.discard();
    }

    void onServerGap() {
        serverProbe = TlsProbe.NONE;
        serverHeld = 0;
        announceImplicitServer = false;
    }

    /** Record boundaries are lost: the watch gives up. */
    void onGapInTls(boolean fromClient) {
        watch.onGap(fromClient);
        if (!fromClient) {
            checkingServerAnswer = false;
            serverPlaintextAfterTls = false;
        }
    }

    /** At the close: open windows are reported, then the watch decides. */
    void onClose(CloseReason reason, long frame, long timeMicros) {
        if (serverPlaintextAfterTls) {
            Line line = serverFramer.flush();
            if (line != null) {
                serverNotFollowed(line);
            }
        }
        clientBehindStls.close(session);
        serverAfterGoAhead.close(session);
        watch.onClose(reason, frame, timeMicros);
    }
}
