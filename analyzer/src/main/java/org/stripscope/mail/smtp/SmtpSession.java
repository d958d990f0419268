package org.stripscope.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.AnomalyBudget;
import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.OverlapConflict;
import org.stripscope.mail.SegmentLog;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.TlsHandshakeWatch;
import org.stripscope.mail.event.CommandMasked;
import org.stripscope.mail.event.Gap;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.tcp.CloseReason;
import org.stripscope.tcp.StreamListener;

/**
 * Follows one SMTP connection passively (RFC 5321, with STARTTLS RFC 3207, AUTH RFC 4954,
 * PIPELINING RFC 2920, CHUNKING RFC 3030) and emits what it sees, in wire order, to a sink.
 *
 * <p>Both directions are read as their chunks arrive. Client lines are commands, message content
 * or SASL responses depending on {@link SmtpState}; server lines are gathered into replies and
 * matched to commands through a bounded queue. Either direction may be missing (one-sided
 * captures) and the capture may begin mid-session: the parser then infers what it can and never
 * fails.
 *
 * <p>This class routes bytes and owns the state; each part of the protocol has its handler:
 * {@link TlsStartHandler} (STARTTLS, implicit TLS, the TLS record checks),
 * {@link AuthHandler} (AUTH and its SASL exchange), {@link MessageContentHandler} (DATA and BDAT
 * content, skipped), {@link ReplyHandler} (the greeting, EHLO, and replies to other commands).
 *
 * <p>Lost bytes: a gap resyncs the direction at its next line end (so the line after the hole is
 * dropped whole, even when the hole ended on a line end); inside message content, see
 * {@link MessageContentHandler}. Lines cut by a gap are dropped, not interpreted.
 *
 * <p>The headers of the server's data packets are kept in a {@link SegmentLog} for the STARTTLS
 * reply. Once TLS is confirmed, lines are no longer read: each direction's bytes go to a
 * {@link TlsHandshakeWatch}, which tells a completed handshake from a failed one.
 */
public final class SmtpSession implements StreamListener {

    private final SessionInfo info;
    private final MailEventSink sink;
    private final SmtpLimits limits;
    private final LineFramer clientFramer;
    private final LineFramer serverFramer;
    private final ReplyAssembler reply;
    private final PendingCommands pending;
    private final CommandLine command = new CommandLine();
    private final TlsStartHandler tls;
    private final AuthHandler auth;
    private final MessageContentHandler content;
    private final ReplyHandler replies;
    private final SegmentLog serverSegments = new SegmentLog();
    private final TlsHandshakeWatch watch;

    private SmtpState state = SmtpState.COMMAND;
    /**
     * A capture that began mid-session may begin inside message content: until the client sends a
     * known verb, its unknown lines are not taken for commands.
     */
    private boolean clientUnsynced;
    private boolean clientSeen;
    private boolean serverSeen;
    private boolean afterGap;
    private final AnomalyBudget anomalies;
    /** Commands dropped from the full queue whose replies have not come yet. */
    private long droppedCommands;
    /** Bytes delivered by each side, parsed or not (after TLS they are only counted). */
    private long clientBytes;
    private long serverBytes;

    public SmtpSession(SessionInfo info, MailEventSink sink, SmtpLimits limits,
                       boolean implicitTls) {
        this.info = info;
        this.sink = sink;
        this.limits = limits;
        this.anomalies = new AnomalyBudget(info, sink, limits.maxAnomalies());
        this.clientFramer = new LineFramer(limits.maxLineLength());
        this.serverFramer = new LineFramer(limits.maxLineLength());
        this.reply = new ReplyAssembler(limits.maxReplyLines());
        this.pending = new PendingCommands(limits.maxPendingCommands());
        this.watch = new TlsHandshakeWatch(info, sink);
        this.tls = new TlsStartHandler(this, clientFramer, serverFramer, reply, pending,
                serverSegments, watch, implicitTls);
        this.auth = new AuthHandler(this, reply, pending, limits.maxAuthResponseBytes());
        this.content = new MessageContentHandler(this, clientFramer, reply, pending);
        this.replies = new ReplyHandler(this, reply, pending, tls, auth, content);
        this.clientUnsynced = !info.handshakeSeen();
    }

    public SmtpState state() {
        return state;
    }

    // ---- StreamListener ----

    /** The server's data packets are logged: a STARTTLS reply is compared with those before it. */
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
        if (!state.parsing()) {
            if (state == SmtpState.TLS) {
                if (!fromClient && tls.probingServer()) {
                    serverFramer.begin(data, offset, length, frame, timeMicros);
                    tls.checkServerAnswerToTls();
                }
                watch.onData(fromClient, data, offset, length, frame, timeMicros);
            }
            return;
        }
        LineFramer framer = fromClient ? clientFramer : serverFramer;
        framer.begin(data, offset, length, frame, timeMicros);
        if (fromClient) {
            clientSeen = true;
            drainClient();
        } else {
            serverSeen = true;
            drainServer();
        }
        if (state == SmtpState.TLS) {
            // TLS began inside this chunk: its unread bytes start at the record boundary.
            int rest = framer.remaining();
            watch.onData(fromClient, data, offset + length - rest, rest, frame, timeMicros);
        }
    }

    /** A segment's bytes differed from those already read: said, with the frame not believed. */
    @Override
    public void onOverlapConflict(boolean fromClient, long streamOffset, long frame, long timeMicros) {
        sink.accept(OverlapConflict.anomaly(info, fromClient, streamOffset, frame, timeMicros));
    }

    @Override
    public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
        if (!state.parsing()) {
            if (state == SmtpState.TLS) {
                watch.onGap(fromClient);
            }
            if (!fromClient) {
                tls.onServerGap();
            }
            return;
        }
        sink.accept(new Gap(info, frame, timeMicros, fromClient, length));
        afterGap = true;
        if (fromClient) {
            tls.onClientGap();
            auth.onClientGap();
            if (state == SmtpState.BDAT_CHUNK) {
                content.onGapInChunk(length);
            } else {
                clientFramer.gap();
            }
        } else {
            tls.onServerGap();
            auth.onServerGap();
            serverFramer.gap();
        }
    }

    @Override
    public void onClose(CloseReason reason, long frame, long timeMicros) {
        if (state.parsing() && !tls.probingClient()) {
            Line line = clientFramer.flush();
            if (line != null) {
                onClientLine(line);
            }
        }
        if (state.parsing() && !tls.probingServer()) {
            Line line = serverFramer.flush();
            if (line != null) {
                onServerLine(line);
            }
        }
        if (state.parsing() && reply.inProgress()) {
            anomaly("reply-incomplete", reply.frame(), reply.timeMicros(),
                    reply.firstLineEvidence());
        }
        tls.onClose();
        SmtpState last = state;
        auth.onClose();
        if (clientBytes > 0 && serverBytes > 0) {
            // One-sided, a handshake never looks completed: no verdict on it.
            watch.onClose(reason, frame, timeMicros);
        }
        anomalies.reportMissingDirection(clientBytes, serverBytes, frame, timeMicros);
        sink.accept(new SessionClosed(info, frame, timeMicros,
                reason.name().toLowerCase(Locale.ROOT), last.name()));
        state = SmtpState.CLOSED;
    }

    // ---- client direction ----

    private void drainClient() {
        while (state.parsing()) {
            if (state == SmtpState.BDAT_CHUNK) {
                if (!content.skipChunkBytes()) {
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
            onClientLine(line);
        }
    }

    private void onClientLine(Line line) {
        if (line.truncated() && content.reportLongLine(state)) {
            anomaly("line-too-long", line.frame(), line.timeMicros(), lengthEvidence(line));
            if (!state.parsing()) {
                return;
            }
        }
        tls.onClientLine(line, command);
        switch (state) {
            case DATA_CONTENT -> content.onContentLine(line);
            case SASL_RESPONSE -> auth.onResponseLine(line, command);
            default -> onCommand(command.wrap(line));
        }
    }

    /** A client line read as a command: one handler per verb that changes the session. */
    void onCommand(CommandLine cmd) {
        if (clientUnsynced) {
            if (cmd.verb() == SmtpVerb.UNKNOWN) {
                return;
            }
            clientUnsynced = false;
        }
        if (auth.takeUnchallengedResponse(cmd)) {
            return;
        }
        if (cmd.verb() == SmtpVerb.UNKNOWN && isMasked(cmd)) {
            Line line = cmd.line();
            emit(new CommandMasked(info, line.frame(), line.timeMicros(),
                    new String(line.bytes(), 0, cmd.verbEnd(), StandardCharsets.ISO_8859_1),
                    commandEvidence(cmd)));
        }
        if (!tls.beforeCommand(cmd)) {
            return;
        }
        if (cmd.verb() != SmtpVerb.AUTH) {
            auth.beforeOtherCommand();
        }
        switch (cmd.verb()) {
            case STARTTLS -> tls.onStartTlsCommand(cmd);
            case AUTH -> auth.onAuthCommand(cmd);
            case DATA -> content.onDataCommand(cmd);
            case BDAT -> content.onBdatCommand(cmd);
            case MAIL, RSET -> {
                content.onNewTransaction();
                enqueue(cmd.verb(), cmd.line(), -1);
            }
            default -> enqueue(cmd.verb(), cmd.line(), -1);
        }
    }

    /**
     * A verb of X's only, in either case: how Cisco ASA ESMTP inspection overwrites a command it
     * does not allow, letter for letter ("XXXXXXXX" for STARTTLS). Every SMTP verb has at least
     * four letters (RFC 5321 §4.1.1), so shorter runs are not taken for one.
     */
    private static boolean isMasked(CommandLine cmd) {
        int end = cmd.verbEnd();
        if (end < 4) {
            return false;
        }
        byte[] b = cmd.line().bytes();
        for (int i = 0; i < end; i++) {
            if ((b[i] | 0x20) != 'x') {
                return false;
            }
        }
        return true;
    }

    /**
     * Queues a command for its reply; when the queue is full, the oldest is dropped unanswered.
     *
     * @param exchange the AUTH exchange the command opened, or -1
     * @return the entry's sequence number
     */
    long enqueue(SmtpVerb verb, Line line, long exchange) {
        if (pending.isFull()) {
            PendingCommands.Entry oldest = pending.oldest();
            if (serverSeen) {
                // Without server bytes nothing is ever answered: dropping is expected there.
                // Said once per overflow (until the replies to the dropped commands have come),
                // and never counted against the session's anomaly budget (limitReached): a long
                // pipeline, repeated, must not make the parser give up.
                if (droppedCommands == 0) {
                    limitReached("pending-queue-overflow", line.frame(), line.timeMicros(),
                            oldest.verb.name());
                }
                droppedCommands++;
            }
            auth.onPendingDropped(oldest);
            pending.removeOldest();
        }
        return pending.add(verb, exchange);
    }

    /**
     * A reply arrived while commands dropped from the full queue are still unanswered: it is
     * theirs (replies keep command order), and is consumed here.
     *
     * @return true when the reply answered a dropped command
     */
    boolean takeDroppedCommand() {
        if (droppedCommands == 0) {
            return false;
        }
        droppedCommands--;
        return true;
    }

    // ---- server direction ----

    private void drainServer() {
        while (state.parsing()) {
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
            onServerLine(line);
        }
    }

    private void onServerLine(Line line) {
        tls.onServerLine(line);
        if (line.truncated()) {
            anomaly("line-too-long", line.frame(), line.timeMicros(), lengthEvidence(line));
            if (!state.parsing()) {
                return;
            }
        }
        switch (reply.accept(line)) {
            case BAD_LINE -> anomaly("bad-reply-line", line.frame(), line.timeMicros(),
                    EvidenceText.escape(line.bytes(), 0, line.rawLength()));
            case CONTINUES -> {
            }
            case COMPLETE -> replies.onReply();
        }
    }

    // ---- for the handlers ----

    SessionInfo info() {
        return info;
    }

    /** Moves to another state; the terminal states (TLS, gave up, closed) are never left. */
    void enter(SmtpState next) {
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

    boolean tlsConfirmed() {
        return tls.confirmed();
    }

    /** A command line as evidence, with any SASL data redacted. */
    String commandEvidence(CommandLine cmd) {
        return auth.commandEvidence(cmd);
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
            state = SmtpState.GAVE_UP;
        }
    }

    /** Never the content: an over-long line may be SASL data or message text. */
    private static String lengthEvidence(Line line) {
        return line.wireLength() + " bytes, " + line.length() + " kept";
    }
}
