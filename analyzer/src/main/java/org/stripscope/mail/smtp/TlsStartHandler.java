package org.stripscope.mail.smtp;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.SaslExchange;
import org.stripscope.mail.TlsRecordProbe;
import org.stripscope.mail.event.StartTlsReplied;
import org.stripscope.mail.event.StartTlsRequested;
import org.stripscope.mail.event.TlsConfirmed;
import org.stripscope.mail.event.TlsNotFollowed;

/**
 * The start of TLS within an {@link SmtpSession}: the STARTTLS command and its reply (RFC 3207),
 * or an implicit-TLS port (RFC 8314 §3.3), then a look at each direction's next bytes raw for a TLS
 * record header ({@link TlsProbe}).
 *
 * <p>A TLS record from the client confirms TLS and parsing stops; the server's answer is still
 * checked, and a plaintext answer is reported as TLS not followed by the server. Plaintext from
 * the client is reported (after a go-ahead) and parsed as SMTP again.
 */
final class TlsStartHandler {

    private final SmtpSession session;
    private final LineFramer clientFramer;
    private final LineFramer serverFramer;
    private final ReplyAssembler reply;
    private final PendingCommands pending;
    private final byte[] probeBytes = new byte[TlsRecordProbe.HEADER_BYTES];

    private TlsProbe clientProbe;
    private TlsProbe serverProbe;
    private boolean confirmed;
    private boolean startTlsAwaitingReply;
    private boolean announceNotFollowed;
    /** TLS started from the client and the server answered in plaintext: its line is read. */
    private boolean serverPlaintextAfterTls;

    TlsStartHandler(SmtpSession session, LineFramer clientFramer, LineFramer serverFramer,
                    ReplyAssembler reply, PendingCommands pending, boolean implicitTls) {
        this.session = session;
        this.clientFramer = clientFramer;
        this.serverFramer = serverFramer;
        this.reply = reply;
        this.pending = pending;
        this.clientProbe = implicitTls ? TlsProbe.IMPLICIT : TlsProbe.NONE;
        this.serverProbe = implicitTls ? TlsProbe.IMPLICIT : TlsProbe.NONE;
    }

    /** TLS was confirmed: a TLS record followed a go-ahead or opened an implicit-TLS session. */
    boolean confirmed() {
        return confirmed;
    }

    /** Whether the client's next bytes are looked at raw rather than read as lines. */
    boolean probingClient() {
        return clientProbe != TlsProbe.NONE;
    }

    /** Whether the server's next bytes are looked at raw rather than read as lines. */
    boolean probingServer() {
        return serverProbe != TlsProbe.NONE;
    }

    // ---- commands and replies ----

    /** RFC 3207 §4: STARTTLS takes no argument; the 220 reply is the go-ahead. */
    void onStartTlsCommand(CommandLine cmd) {
        Line line = cmd.line();
        session.emit(new StartTlsRequested(session.info(), line.frame(), line.timeMicros(),
                EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        startTlsAwaitingReply = true;
        session.enqueue(SmtpVerb.STARTTLS, line, -1);
        if (!session.serverSeen() && clientProbe == TlsProbe.NONE) {
            clientProbe = TlsProbe.UNCONFIRMED;
        }
    }

    /**
     * Any client command, before it is handled: one sent while a STARTTLS awaits its reply is
     * reported.
     *
     * @return false when the parser gave up on the session
     */
    boolean beforeCommand(CommandLine cmd) {
        if (!startTlsAwaitingReply) {
            return true;
        }
        Line line = cmd.line();
        session.anomaly("command-after-starttls", line.frame(), line.timeMicros(),
                session.commandEvidence(cmd));
        if (!session.state().parsing()) {
            return false;
        }
        if (!session.serverSeen()) {
            // Nobody will answer here: only the first flight after STARTTLS is flagged.
            startTlsAwaitingReply = false;
        }
        return true;
    }

    /** RFC 3207 §4: 220 is the go-ahead; 454 (or anything else) refuses. */
    void onStartTlsReply() {
        pending.removeOldest();
        startTlsAwaitingReply = pending.contains(SmtpVerb.STARTTLS);
        boolean accepted = reply.code() == SmtpReplyCode.READY;
        session.emit(new StartTlsReplied(session.info(), reply.frame(), reply.timeMicros(),
                accepted, reply.codeText(), reply.evidence()));
        if (accepted) {
            clientProbe = TlsProbe.AFTER_GO_AHEAD;
            serverProbe = TlsProbe.AFTER_GO_AHEAD;
            if (session.state() == SmtpState.COMMAND) {
                session.enter(SmtpState.TLS_GO_AHEAD);
            }
        } else if (clientProbe == TlsProbe.UNCONFIRMED) {
            clientProbe = TlsProbe.NONE;
        }
    }

    /** A 220 that answers no visible command may be the go-ahead to a STARTTLS not seen. */
    void onUnmatchedReady() {
        serverProbe = TlsProbe.AFTER_GO_AHEAD;
        if (clientProbe == TlsProbe.NONE) {
            clientProbe = TlsProbe.UNCONFIRMED;
        }
    }

    /**
     * A client line about to be handled: if the bytes after a go-ahead were plaintext, this line
     * is the evidence of TLS not followed.
     */
    void onClientLine(Line line, CommandLine command) {
        if (!announceNotFollowed) {
            return;
        }
        announceNotFollowed = false;
        String evidence = session.state() == SmtpState.SASL_RESPONSE
                ? SaslExchange.redactedLine(line.bytes(), 0, line.length(), line.rawLength())
                : session.commandEvidence(command.wrap(line));
        session.emit(new TlsNotFollowed(session.info(), line.frame(), line.timeMicros(), true,
                evidence));
    }

    // ---- probes ----

    /** @return true when the probe decided, false when more bytes are needed */
    boolean probeClient() {
        int n = clientFramer.peekRaw(probeBytes, probeBytes.length);
        boolean midSession = clientProbe == TlsProbe.IMPLICIT && !session.info().handshakeSeen();
        switch (TlsRecordProbe.classify(probeBytes, n, midSession)) {
            case TLS -> {
                confirm(true, clientFramer.chunkFrame(), clientFramer.chunkTimeMicros());
                return true;
            }
            case NOT_TLS -> {
                announceNotFollowed = clientProbe == TlsProbe.AFTER_GO_AHEAD;
                leaveGoAhead();
                clientProbe = TlsProbe.NONE;
                serverProbe = TlsProbe.NONE;
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
     * The server's side of a TLS start: a ServerHello after the go-ahead. In a two-sided capture
     * the client's ClientHello decides first; this decides when the client side is not visible.
     *
     * @return true when the probe decided, false when more bytes are needed
     */
    boolean probeServer() {
        int n = serverFramer.peekRaw(probeBytes, probeBytes.length);
        boolean midSession = serverProbe == TlsProbe.IMPLICIT && !session.info().handshakeSeen();
        switch (TlsRecordProbe.classify(probeBytes, n, midSession)) {
            case TLS -> {
                confirm(false, serverFramer.chunkFrame(), serverFramer.chunkTimeMicros());
                return true;
            }
            case NOT_TLS -> {
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

    /** In the TLS state, the server's first bytes after the client's TLS record. */
    void checkServerAnswerToTls() {
        if (!serverPlaintextAfterTls) {
            int n = serverFramer.peekRaw(probeBytes, probeBytes.length);
            // Any record type: a server may answer a ClientHello with an alert.
            switch (TlsRecordProbe.classify(probeBytes, n, true)) {
                case TLS -> {
                    serverProbe = TlsProbe.NONE;
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
        leaveGoAhead();
    }

    void onServerGap() {
        serverProbe = TlsProbe.NONE;
    }

    /** At the close: a server's plaintext answer to TLS cut short is still reported. */
    void onClose() {
        if (serverPlaintextAfterTls) {
            Line line = serverFramer.flush();
            if (line != null) {
                serverNotFollowed(line);
            }
        }
    }

    // ---- internals ----

    private void leaveGoAhead() {
        if (session.state() == SmtpState.TLS_GO_AHEAD) {
            session.enter(SmtpState.COMMAND);
        }
    }

    /**
     * TLS started. When the client's record decided it, the server's next bytes are still
     * checked: a server answering a ClientHello in plaintext (a plaintext server on an
     * implicit-TLS port, or a go-ahead that did not come from the server) is worth reporting.
     */
    private void confirm(boolean fromClient, long frame, long timeMicros) {
        session.emit(new TlsConfirmed(session.info(), frame, timeMicros, fromClient));
        confirmed = true;
        session.enter(SmtpState.TLS);
        clientProbe = TlsProbe.NONE;
        announceNotFollowed = false;
        clientFramer.reset();
        if (!fromClient) {
            serverProbe = TlsProbe.NONE;
            serverFramer.reset();
        }
    }

    private void serverNotFollowed(Line line) {
        session.emit(new TlsNotFollowed(session.info(), line.frame(), line.timeMicros(), false,
                EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        serverPlaintextAfterTls = false;
        serverProbe = TlsProbe.NONE;
        serverFramer.reset();
    }
}
