package org.stripscope.mail.smtp;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.SaslExchange;
import org.stripscope.mail.SegmentLog;
import org.stripscope.mail.TlsHandshakeWatch;
import org.stripscope.mail.TlsRecordProbe;
import org.stripscope.mail.event.ImplicitTlsPlaintext;
import org.stripscope.mail.event.PlaintextAfterStartTls;
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
 *
 * <p>Plaintext that crosses the exchange is counted, whole lines only, and reported once per
 * STARTTLS ({@link PlaintextRun}): client commands sent behind STARTTLS before its reply, and
 * server lines after the go-ahead before the client's answer to it (CVE-2011-0411 and its server
 * side twin, a reply injected behind the 220).
 *
 * <p>Once TLS is confirmed, the {@link TlsHandshakeWatch} is started and given each direction's
 * bytes from its record boundary on: here the bytes a probe held back (a record header cut by the
 * segmenting), then, by the session, the rest of the chunk and every later one.
 */
final class TlsStartHandler {

    private final SmtpSession session;
    private final LineFramer clientFramer;
    private final LineFramer serverFramer;
    private final ReplyAssembler reply;
    private final PendingCommands pending;
    private final SegmentLog serverSegments;
    private final TlsHandshakeWatch watch;
    private final byte[] probeBytes = new byte[TlsRecordProbe.HEADER_BYTES];
    /**
     * The start of a record header a probe saw but could not judge yet: those bytes wait in the
     * direction's framer, and the watch needs them if the verdict is TLS.
     */
    private final byte[] clientHeld = new byte[TlsRecordProbe.HEADER_BYTES];
    private final byte[] serverHeld = new byte[TlsRecordProbe.HEADER_BYTES];
    private int clientHeldCount;
    private int serverHeldCount;
    private final PlaintextRun clientPlaintext = new PlaintextRun(true);
    private final PlaintextRun serverPlaintext = new PlaintextRun(false);

    private TlsProbe clientProbe;
    private TlsProbe serverProbe;
    private boolean confirmed;
    private boolean startTlsAwaitingReply;
    private boolean announceNotFollowed;
    /** TLS started from the client and the server answered in plaintext: its line is read. */
    private boolean serverPlaintextAfterTls;
    /**
     * Server bytes were lost while a STARTTLS awaited its reply: the reply may have been among
     * them, so client commands can no longer be said to precede it.
     */
    private boolean startTlsReplyMayBeLost;
    /** A visible STARTTLS got its 220, and the client's answer to it is not judged yet. */
    private boolean goAheadGiven;
    /** After that go-ahead the server's next bytes were plaintext: its lines are counted. */
    private boolean serverSpeaksAfterGoAhead;
    /** On an implicit-TLS port, the first bytes of one direction were plaintext. */
    private boolean implicitPlaintextDecided;
    /** ... and the event waits for that direction's first line as evidence. */
    private boolean implicitPlaintextPending;
    private boolean implicitPlaintextFromClient;

    TlsStartHandler(SmtpSession session, LineFramer clientFramer, LineFramer serverFramer,
                    ReplyAssembler reply, PendingCommands pending, SegmentLog serverSegments,
                    TlsHandshakeWatch watch, boolean implicitTls) {
        this.session = session;
        this.clientFramer = clientFramer;
        this.serverFramer = serverFramer;
        this.reply = reply;
        this.pending = pending;
        this.serverSegments = serverSegments;
        this.watch = watch;
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
     * reported (RFC 3207 §4: no command may follow STARTTLS before its reply; RFC 2920 §3.1 makes
     * STARTTLS the last command of a pipelined group). Such commands are counted towards the
     * STARTTLS's {@link PlaintextAfterStartTls}, said with its reply; without a visible server
     * there is no reply to bound them, so only the anomaly is said.
     *
     * @return false when the parser gave up on the session
     */
    boolean beforeCommand(CommandLine cmd) {
        if (!startTlsAwaitingReply) {
            return true;
        }
        Line line = cmd.line();
        if (session.serverSeen() && !startTlsReplyMayBeLost) {
            clientPlaintext.add(line,
                    clientPlaintext.isEmpty() ? session.commandEvidence(cmd) : null);
        }
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

    /**
     * RFC 3207 §4: 220 is the go-ahead; 454 (or anything else) refuses. The commands the client
     * sent behind the STARTTLS are said first, then the reply with the headers of the packet that
     * carried it and of the server's packets before it (an injected reply stands out there).
     */
    void onStartTlsReply() {
        pending.removeOldest();
        startTlsAwaitingReply = pending.contains(SmtpVerb.STARTTLS);
        emit(clientPlaintext.finish(session.info()));
        startTlsReplyMayBeLost = false;
        boolean accepted = reply.code() == SmtpReplyCode.READY;
        long frame = reply.frame();
        session.emit(new StartTlsReplied(session.info(), frame, reply.timeMicros(),
                accepted, reply.codeText(), reply.evidence(), serverSegments.traitsOf(frame),
                serverSegments.before(frame)));
        if (accepted) {
            goAheadGiven = true;
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
     * is the evidence of TLS not followed; if the first bytes on an implicit-TLS port were, it is
     * the evidence of that.
     */
    void onClientLine(Line line, CommandLine command) {
        if (implicitPlaintextPending && implicitPlaintextFromClient) {
            implicitPlaintextPending = false;
            session.emit(new ImplicitTlsPlaintext(session.info(), line.frame(), line.timeMicros(),
                    true, clientLineEvidence(line, command)));
        }
        if (!announceNotFollowed) {
            return;
        }
        announceNotFollowed = false;
        session.emit(new TlsNotFollowed(session.info(), line.frame(), line.timeMicros(), true,
                clientLineEvidence(line, command)));
    }

    /**
     * A server line about to be handled: counted when it came after a go-ahead and before the
     * client answered it; the evidence of plaintext on an implicit-TLS port when it is the first.
     */
    void onServerLine(Line line) {
        if (implicitPlaintextPending && !implicitPlaintextFromClient) {
            implicitPlaintextPending = false;
            session.emit(new ImplicitTlsPlaintext(session.info(), line.frame(), line.timeMicros(),
                    false, EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        }
        if (serverSpeaksAfterGoAhead) {
            serverPlaintext.add(line, serverPlaintext.isEmpty()
                    ? EvidenceText.escape(line.bytes(), 0, line.rawLength()) : null);
        }
    }

    /** A client line as evidence: SASL data and AUTH responses redacted. */
    private String clientLineEvidence(Line line, CommandLine command) {
        return session.state() == SmtpState.SASL_RESPONSE
                ? SaslExchange.redactedLine(line.bytes(), 0, line.length(), line.rawLength())
                : session.commandEvidence(command.wrap(line));
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
                if (clientProbe == TlsProbe.IMPLICIT) {
                    implicitPlaintext(true);
                }
                endServerPlaintext(false);
                leaveGoAhead();
                clientProbe = TlsProbe.NONE;
                serverProbe = TlsProbe.NONE;
                clientHeldCount = 0;
                serverHeldCount = 0;
                return true;
            }
            default -> {
                // A partial header: keep it as the start of a line, so it is not lost if plaintext.
                // Fewer than HEADER_BYTES were peeked, so they are all of what the framer holds.
                if (clientFramer.remaining() > 0) {
                    clientFramer.nextLine();
                }
                System.arraycopy(probeBytes, 0, clientHeld, 0, n);
                clientHeldCount = n;
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
                if (serverProbe == TlsProbe.IMPLICIT) {
                    implicitPlaintext(false);
                }
                // The client has not answered the go-ahead yet: the server should be silent.
                serverSpeaksAfterGoAhead = goAheadGiven;
                serverProbe = TlsProbe.NONE;
                serverHeldCount = 0;
                return true;
            }
            default -> {
                if (serverFramer.remaining() > 0) {
                    serverFramer.nextLine();
                }
                System.arraycopy(probeBytes, 0, serverHeld, 0, n);
                serverHeldCount = n;
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

    /**
     * What followed the go-ahead is lost: no verdict (the server side may still give one). The
     * server lines counted after the go-ahead came before the lost bytes and are said now.
     */
    void onClientGap() {
        clientProbe = TlsProbe.NONE;
        clientHeldCount = 0;
        announceNotFollowed = false;
        endServerPlaintext(false);
        leaveGoAhead();
    }

    void onServerGap() {
        serverProbe = TlsProbe.NONE;
        serverHeldCount = 0;
        if (startTlsAwaitingReply) {
            clientPlaintext.discard();
            startTlsReplyMayBeLost = true;
        }
    }

    /**
     * At the close: a server's plaintext answer to TLS cut short is still reported, and so are
     * plaintext runs whose exchange never ended (a STARTTLS never answered, a go-ahead the client
     * never answered).
     */
    void onClose() {
        if (serverPlaintextAfterTls) {
            Line line = serverFramer.flush();
            if (line != null) {
                serverNotFollowed(line);
            }
        }
        emit(clientPlaintext.finish(session.info()));
        endServerPlaintext(false);
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
     *
     * <p>The handshake watch starts here. It gets the record-header bytes the probes held back
     * (the deciding direction's, and the other's if its probe was waiting for more); the session
     * hands it the rest of the deciding chunk and everything after.
     */
    private void confirm(boolean fromClient, long frame, long timeMicros) {
        if (fromClient) {
            endServerPlaintext(true);
        }
        session.emit(new TlsConfirmed(session.info(), frame, timeMicros, fromClient));
        confirmed = true;
        session.enter(SmtpState.TLS);
        watch.start(frame);
        if (clientHeldCount > 0) {
            watch.onData(true, clientHeld, 0, clientHeldCount, frame, timeMicros);
        }
        if (serverHeldCount > 0) {
            watch.onData(false, serverHeld, 0, serverHeldCount, frame, timeMicros);
        }
        clientHeldCount = 0;
        serverHeldCount = 0;
        clientProbe = TlsProbe.NONE;
        announceNotFollowed = false;
        clientFramer.reset();
        if (!fromClient) {
            serverProbe = TlsProbe.NONE;
            serverFramer.reset();
        }
    }

    /**
     * The client answered the go-ahead (TLS or plaintext), lost its answer, or the session ended:
     * server lines counted since the go-ahead are said. When the client's TLS record ended it,
     * an unfinished server line counts too: it will never be read as a reply.
     */
    private void endServerPlaintext(boolean withUnfinishedLine) {
        if (withUnfinishedLine && serverSpeaksAfterGoAhead) {
            Line line = serverFramer.flush();
            if (line != null) {
                onServerLine(line);
            }
        }
        goAheadGiven = false;
        serverSpeaksAfterGoAhead = false;
        emit(serverPlaintext.finish(session.info()));
    }

    /**
     * RFC 8314 §3.3: on an implicit-TLS port both sides start with TLS. Said once, for the first
     * direction whose first bytes were plaintext, with that direction's first line. Only when the
     * connection's start was captured: in a capture that began mid-session the first bytes seen
     * may be the middle of a TLS record.
     */
    private void implicitPlaintext(boolean fromClient) {
        if (implicitPlaintextDecided || !session.info().handshakeSeen()) {
            return;
        }
        implicitPlaintextDecided = true;
        implicitPlaintextPending = true;
        implicitPlaintextFromClient = fromClient;
    }

    private void emit(PlaintextAfterStartTls event) {
        if (event != null) {
            session.emit(event);
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
