package org.stripscope.mail.imap;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.SegmentLog;
import org.stripscope.mail.TlsHandshakeWatch;
import org.stripscope.mail.TlsRecordProbe;
import org.stripscope.mail.event.ImplicitTlsPlaintext;
import org.stripscope.mail.event.StartTlsReplied;
import org.stripscope.mail.event.StartTlsRequested;
import org.stripscope.mail.event.TlsConfirmed;
import org.stripscope.mail.event.TlsNotFollowed;

/**
 * The start of TLS within an {@link ImapSession}: the STARTTLS command and its tagged completion
 * (RFC 9051 §6.2.1: OK means the client starts the TLS negotiation at once), or an implicit-TLS
 * port (RFC 8314 §3.3); then a look at each direction's next bytes raw for a TLS record header.
 *
 * <p>A TLS record confirms TLS: parsing stops and every later byte of both directions goes to the
 * {@link TlsHandshakeWatch}, starting at the record's first byte. When the client's record
 * decided, the server's answer is still checked, and a plaintext answer is reported as TLS not
 * followed by the server. Plaintext from the client after the go-ahead is reported and parsed as
 * IMAP again. Plaintext that crossed the exchange (client commands behind STARTTLS, server bytes
 * after its OK) is counted and reported once per STARTTLS.
 */
final class ImapTlsHandler {

    private final ImapSession session;
    private final LineFramer clientFramer;
    private final LineFramer serverFramer;
    private final TlsHandshakeWatch watch;
    private final SegmentLog serverSegments;
    private final byte[] probeBytes = new byte[TlsRecordProbe.HEADER_BYTES];
    private final PlaintextBehindStartTls clientBehind = new PlaintextBehindStartTls(true);
    private final PlaintextBehindStartTls serverBehind = new PlaintextBehindStartTls(false);

    private TlsProbe clientProbe;
    private TlsProbe serverProbe;
    private boolean confirmed;
    /** The sequence number of the STARTTLS awaiting its completion, or -1. */
    private long startTlsSeq = -1;
    private boolean announceNotFollowed;
    private boolean announceImplicitClient;
    private boolean announceImplicitServer;
    /** TLS started from the client: the server's first bytes are still checked. */
    private boolean serverAnswerPending;
    /** TLS started from the client and the server answered in plaintext: its line is read. */
    private boolean serverPlaintextAfterTls;

    ImapTlsHandler(ImapSession session, LineFramer clientFramer, LineFramer serverFramer,
                   TlsHandshakeWatch watch, SegmentLog serverSegments, boolean implicitTls) {
        this.session = session;
        this.clientFramer = clientFramer;
        this.serverFramer = serverFramer;
        this.watch = watch;
        this.serverSegments = serverSegments;
        this.clientProbe = implicitTls ? TlsProbe.IMPLICIT : TlsProbe.NONE;
        this.serverProbe = implicitTls ? TlsProbe.IMPLICIT : TlsProbe.NONE;
    }

    /** TLS was confirmed: a TLS record followed a go-ahead or opened an implicit-TLS session. */
    boolean confirmed() {
        return confirmed;
    }

    boolean probingClient() {
        return clientProbe != TlsProbe.NONE;
    }

    boolean probingServer() {
        return serverProbe != TlsProbe.NONE;
    }

    // ---- commands and completions ----

    /** RFC 9051 §6.2.1: "tag STARTTLS", no arguments. */
    void onStartTlsCommand(ImapCommand cmd, PendingTags.Entry entry) {
        Line line = cmd.line();
        session.emit(new StartTlsRequested(session.info(), line.frame(), line.timeMicros(),
                EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        if (entry != null) {
            startTlsSeq = entry.seq;
        }
        clientBehind.arm();
        if (clientProbe == TlsProbe.NONE) {
            // A client that does not wait for the completion may send its ClientHello at once.
            clientProbe = TlsProbe.UNCONFIRMED;
        }
    }

    /** The tagged completion of STARTTLS: OK is the go-ahead, NO or BAD refuse. */
    void onStartTlsCompletion(ImapResponse response, PendingTags.Entry entry) {
        if (entry.seq == startTlsSeq) {
            startTlsSeq = -1;
            clientBehind.flush(session.info(), session.sink());
        }
        Line line = response.line();
        boolean accepted = response.status() == ImapResponse.Status.OK;
        session.emit(new StartTlsReplied(session.info(), line.frame(), line.timeMicros(),
                accepted, response.status().name(),
                EvidenceText.escape(line.bytes(), 0, line.rawLength()),
                serverSegments.traitsOf(line.frame()), serverSegments.before(line.frame())));
        if (accepted) {
            clientProbe = TlsProbe.AFTER_GO_AHEAD;
            serverProbe = TlsProbe.AFTER_GO_AHEAD;
            serverBehind.arm();
            if (session.state() == ImapState.COMMAND) {
                session.enter(ImapState.TLS_GO_AHEAD);
            }
        } else if (clientProbe == TlsProbe.UNCONFIRMED) {
            clientProbe = TlsProbe.NONE;
        }
    }

    /**
     * A tagged OK whose command is not in the capture may be the go-ahead to a STARTTLS not
     * seen: the next bytes of both directions are looked at for a TLS record.
     */
    void onUnmatchedOk() {
        if (serverProbe == TlsProbe.NONE) {
            serverProbe = TlsProbe.UNCONFIRMED;
        }
        if (clientProbe == TlsProbe.NONE) {
            clientProbe = TlsProbe.UNCONFIRMED;
        }
    }

    // ---- lines that cross the exchange ----

    /** Whether the next client line is wanted, with its evidence, by {@link #onClientLine}. */
    boolean watchingClientLines() {
        return announceNotFollowed || announceImplicitClient || clientBehind.armed();
    }

    /**
     * A client line about to be handled, while {@link #watchingClientLines}: the evidence of
     * plaintext after a go-ahead or on an implicit-TLS port, or a command behind STARTTLS.
     *
     * @param isStartTls the line is the STARTTLS command itself
     */
    void onClientLine(Line line, String evidence, boolean isStartTls) {
        if (announceImplicitClient) {
            announceImplicitClient = false;
            session.emit(new ImplicitTlsPlaintext(session.info(), line.frame(), line.timeMicros(),
                    true, evidence));
        }
        if (announceNotFollowed) {
            announceNotFollowed = false;
            session.emit(new TlsNotFollowed(session.info(), line.frame(), line.timeMicros(), true,
                    evidence));
        }
        if (clientBehind.armed() && !isStartTls) {
            if (!session.serverSeen() && !clientBehind.wantsEvidence()) {
                // Nobody visible answers here, so when the reply came is unknown: only the first
                // command after STARTTLS is taken as sent behind it.
                clientBehind.flush(session.info(), session.sink());
                return;
            }
            clientBehind.addLine(line.wireLength() + line.terminator().length(), line.frame(),
                    line.timeMicros(), evidence);
        }
    }

    /** Literal bytes of the client: counted while behind STARTTLS. */
    void onClientLiteralBytes(long count) {
        clientBehind.addBytes(count);
    }

    /** A server line about to be handled. */
    void onServerLine(Line line) {
        if (announceImplicitServer) {
            announceImplicitServer = false;
            session.emit(new ImplicitTlsPlaintext(session.info(), line.frame(), line.timeMicros(),
                    false, EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        }
        if (serverBehind.armed() && serverProbe == TlsProbe.NONE) {
            serverBehind.addLine(line.wireLength() + line.terminator().length(), line.frame(),
                    line.timeMicros(), serverBehind.wantsEvidence()
                            ? EvidenceText.escape(line.bytes(), 0, line.rawLength()) : null);
        }
    }

    void onServerLiteralBytes(long count) {
        serverBehind.addBytes(count);
    }

    // ---- probes ----

    /** @return true when the probe decided, false when more bytes are needed */
    boolean probeClient() {
        int n = clientFramer.peekRaw(probeBytes, probeBytes.length);
        boolean midSession = clientProbe == TlsProbe.IMPLICIT && !session.info().handshakeSeen();
        switch (TlsRecordProbe.classify(probeBytes, n, midSession)) {
            case TLS -> {
                confirm(true, clientFramer);
                return true;
            }
            case NOT_TLS -> {
                announceNotFollowed = clientProbe == TlsProbe.AFTER_GO_AHEAD;
                if (clientProbe == TlsProbe.IMPLICIT) {
                    announceImplicitClient = true;
                    serverProbe = TlsProbe.NONE;
                }
                if (clientProbe == TlsProbe.AFTER_GO_AHEAD) {
                    // The client went on in plaintext: the server's bytes so far are all there is.
                    serverBehind.flush(session.info(), session.sink());
                    serverProbe = TlsProbe.NONE;
                    if (session.state() == ImapState.TLS_GO_AHEAD) {
                        session.enter(ImapState.COMMAND);
                    }
                }
                clientProbe = TlsProbe.NONE;
                return true;
            }
            default -> {
                // A partial header: keep it as the start of a line, so it is not lost if plaintext.
                if (clientFramer.remaining() > 0) {
                    clientFramer.nextLine();
                }
                return false;
            }
        }
    }

    /**
     * The server's side of a TLS start: a ServerHello after the go-ahead, or the first bytes on
     * an implicit-TLS port. In a two-sided capture the client's ClientHello decides first.
     *
     * @return true when the probe decided, false when more bytes are needed
     */
    boolean probeServer() {
        int n = serverFramer.peekRaw(probeBytes, probeBytes.length);
        boolean midSession = serverProbe == TlsProbe.IMPLICIT && !session.info().handshakeSeen();
        switch (TlsRecordProbe.classify(probeBytes, n, midSession)) {
            case TLS -> {
                confirm(false, serverFramer);
                return true;
            }
            case NOT_TLS -> {
                if (serverProbe == TlsProbe.IMPLICIT) {
                    announceImplicitServer = true;
                    clientProbe = TlsProbe.NONE;
                }
                serverProbe = TlsProbe.NONE;
                return true;
            }
            default -> {
                if (serverFramer.remaining() > 0) {
                    serverFramer.nextLine();
                }
                return false;
            }
        }
    }

    /** Whether, in the TLS state, the server's bytes are still read for a plaintext answer. */
    boolean checkingServerAnswer() {
        return serverAnswerPending;
    }

    /** In the TLS state, the server's first bytes after the client's TLS record. */
    void checkServerAnswerToTls() {
        if (!serverPlaintextAfterTls) {
            int n = serverFramer.peekRaw(probeBytes, probeBytes.length);
            // Any record type: a server may answer a ClientHello with an alert.
            switch (TlsRecordProbe.classify(probeBytes, n, true)) {
                case TLS -> {
                    serverAnswerPending = false;
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

    // ---- gaps and close ----

    /** What followed the go-ahead is lost: no verdict (the server side may still give one). */
    void onClientGap() {
        clientProbe = TlsProbe.NONE;
        announceNotFollowed = false;
        announceImplicitClient = false;
        if (session.state() == ImapState.TLS_GO_AHEAD) {
            session.enter(ImapState.COMMAND);
        }
    }

    void onServerGap() {
        serverProbe = TlsProbe.NONE;
        announceImplicitServer = false;
        serverAnswerPending = false;
        serverPlaintextAfterTls = false;
    }

    /** At the close: windows still open are reported, a plaintext answer cut short too. */
    void onClose() {
        clientBehind.flush(session.info(), session.sink());
        serverBehind.flush(session.info(), session.sink());
        if (serverPlaintextAfterTls) {
            Line line = serverFramer.flush();
            if (line != null) {
                serverNotFollowed(line);
            }
        }
    }

    /** Whether the client direction's unfinished line may be flushed at the close. */
    boolean mayFlushClient() {
        return clientProbe == TlsProbe.NONE;
    }

    boolean mayFlushServer() {
        return serverProbe == TlsProbe.NONE;
    }

    // ---- internals ----

    /**
     * TLS started at the framer's next byte: from there on, every byte goes to the handshake
     * watch, those of the chunk at hand (and any partial record header held) first.
     */
    private void confirm(boolean fromClient, LineFramer framer) {
        long frame = framer.chunkFrame();
        long time = framer.chunkTimeMicros();
        session.emit(new TlsConfirmed(session.info(), frame, time, fromClient));
        confirmed = true;
        clientBehind.flush(session.info(), session.sink());
        serverBehind.flush(session.info(), session.sink());
        session.enter(ImapState.TLS);
        clientProbe = TlsProbe.NONE;
        serverProbe = TlsProbe.NONE;
        announceNotFollowed = false;
        announceImplicitClient = false;
        announceImplicitServer = false;
        // A probe decides with at most a partial header held, so this holds every byte left.
        byte[] rest = new byte[framer.remaining() + TlsRecordProbe.HEADER_BYTES];
        int n = framer.peekRaw(rest, rest.length);
        watch.start(frame);
        watch.onData(fromClient, rest, 0, n, frame, time);
        clientFramer.reset();
        serverFramer.reset();
        serverAnswerPending = fromClient;
    }

    private void serverNotFollowed(Line line) {
        session.emit(new TlsNotFollowed(session.info(), line.frame(), line.timeMicros(), false,
                EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        serverPlaintextAfterTls = false;
        serverAnswerPending = false;
        serverFramer.reset();
    }
}
