package org.stripscope.mail.pop3;

import java.util.Locale;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.AnomalyBudget;
import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.OverlapConflict;
import org.stripscope.mail.SaslExchange;
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
 * Follows one POP3 connection passively (RFC 1939, with CAPA and PIPELINING RFC 2449, STLS
 * RFC 2595, AUTH RFC 5034) and emits what it sees, in wire order, to a sink.
 *
 * <p>Both directions are read as their chunks arrive. Client lines are commands or SASL responses
 * depending on {@link Pop3State}; server lines are status lines, SASL continuations or the lines
 * of a multi-line response, matched to commands through a bounded queue (the command decides
 * whether a +OK opens a multi-line response, so dot-stuffed message content is never read as a
 * response). Either direction may be missing (one-sided captures) and the capture may begin
 * mid-session: the parser then infers what it can and never fails.
 *
 * <p>This class routes bytes and owns the state; each part of the protocol has its handler:
 * {@link TlsStartHandler} (STLS, implicit TLS, the TLS record checks and the handshake watch),
 * {@link LoginHandler} (USER/PASS and APOP), {@link SaslHandler} (AUTH and its SASL exchange),
 * {@link ResponseHandler} (greeting, responses, multi-line bodies, CAPA).
 *
 * <p>Lost bytes: a gap resyncs the direction at its next line end (the line after the hole is
 * dropped whole). Lines cut by a gap are dropped, not interpreted.
 */
public final class Pop3Session implements StreamListener {

    private final SessionInfo info;
    private final MailEventSink sink;
    private final Pop3Limits limits;
    private final LineFramer clientFramer;
    private final LineFramer serverFramer;
    private final PendingCommands pending;
    private final Pop3Command command = new Pop3Command();
    private final SegmentLog serverSegments = new SegmentLog();
    private final TlsStartHandler tls;
    private final LoginHandler logins;
    private final SaslHandler sasl;
    private final ResponseHandler responses;

    private Pop3State state = Pop3State.COMMAND;
    /**
     * A capture that began mid-session may begin inside a SASL exchange: until the client sends a
     * known verb, its unknown lines are not taken for commands.
     */
    private boolean clientUnsynced;
    private boolean clientSeen;
    private boolean serverSeen;
    private boolean afterGap;
    private boolean clientGapSeen;
    /** A login or AUTH was answered +OK, or a +OK showed one had happened unseen. */
    private boolean loggedIn;
    /**
     * After a gap the framer drops bytes up to the next line end: until it yields a line, the
     * direction's position is unknown, so a raw look for a TLS record would mean nothing.
     */
    private boolean clientResyncing;
    private boolean serverResyncing;
    private final AnomalyBudget anomalies;
    /** Commands dropped from the full queue and not answered yet: the next responses are theirs. */
    private long droppedCommands;
    private long clientBytes;
    private long serverBytes;

    /** The chunk being parsed, valid during one {@link #onData} call only. */
    private byte[] chunk;
    private int chunkEnd;

    /**
     * @param implicitTls true on a port where TLS starts at once (RFC 8314 §3.3)
     */
    public Pop3Session(SessionInfo info, MailEventSink events, boolean implicitTls) {
        this(info, events, implicitTls, Pop3Limits.DEFAULTS);
    }

    Pop3Session(SessionInfo info, MailEventSink events, boolean implicitTls, Pop3Limits limits) {
        this.info = info;
        this.sink = events;
        this.limits = limits;
        this.anomalies = new AnomalyBudget(info, events, limits.maxAnomalies());
        this.clientFramer = new LineFramer(limits.maxLineLength());
        this.serverFramer = new LineFramer(limits.maxLineLength());
        this.pending = new PendingCommands(limits.maxPendingCommands());
        this.tls = new TlsStartHandler(this, clientFramer, serverFramer, pending,
                new TlsHandshakeWatch(info, events), serverSegments, implicitTls);
        this.logins = new LoginHandler(this);
        this.sasl = new SaslHandler(this, limits.maxAuthResponseBytes());
        this.responses = new ResponseHandler(this, pending, tls, logins, sasl,
                new CapabilityList(limits.maxCapabilityLines()));
        this.clientUnsynced = !info.handshakeSeen();
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
        chunk = data;
        chunkEnd = offset + length;
        try {
            if (state == Pop3State.TLS) {
                tls.onTlsData(fromClient, data, offset, length, frame, timeMicros);
            } else if (!state.parsing()) {
                return;
            } else if (fromClient) {
                clientSeen = true;
                clientFramer.begin(data, offset, length, frame, timeMicros);
                drainClient();
            } else {
                serverSeen = true;
                serverFramer.begin(data, offset, length, frame, timeMicros);
                drainServer();
            }
        } finally {
            chunk = null;
        }
    }

    /** A segment's bytes differed from those already read: said, with the frame not believed. */
    @Override
    public void onOverlapConflict(boolean fromClient, long streamOffset, long frame, long timeMicros) {
        sink.accept(OverlapConflict.anomaly(info, fromClient, streamOffset, frame, timeMicros));
    }

    @Override
    public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
        if (state == Pop3State.TLS) {
            tls.onGapInTls(fromClient);
            return;
        }
        if (!state.parsing()) {
            return;
        }
        sink.accept(new Gap(info, frame, timeMicros, fromClient, length));
        afterGap = true;
        if (fromClient) {
            clientGapSeen = true;
            clientResyncing = true;
            tls.onClientGap();
            logins.onClientGap();
            sasl.onClientGap();
            clientFramer.gap();
        } else {
            serverResyncing = true;
            tls.onServerGap();
            sasl.onServerGap();
            responses.onServerGap();
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
        if (state.parsing()) {
            responses.onClose(frame, timeMicros);
        }
        Pop3State last = state;
        logins.onClose();
        sasl.onClose();
        tls.onClose(reason, frame, timeMicros);
        anomalies.reportMissingDirection(clientBytes, serverBytes, frame, timeMicros);
        sink.accept(new SessionClosed(info, frame, timeMicros,
                reason.name().toLowerCase(Locale.ROOT), last.name()));
        state = Pop3State.CLOSED;
    }

    // ---- client direction ----

    private void drainClient() {
        while (state.parsing()) {
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
            clientResyncing = false;
            onClientLine(line);
        }
    }

    private void onClientLine(Line line) {
        if (line.truncated() && state != Pop3State.SASL_RESPONSE) {
            anomaly("line-too-long", line.frame(), line.timeMicros(), lengthEvidence(line));
            if (!state.parsing()) {
                return;
            }
        }
        tls.onClientLine(line, command);
        if (state == Pop3State.SASL_RESPONSE) {
            sasl.onResponseLine(line, command);
        } else {
            onCommand(command.wrap(line));
        }
    }

    /** A client line read as a command: one handler per verb that changes the session. */
    void onCommand(Pop3Command cmd) {
        boolean masked = cmd.masked();
        if (clientUnsynced) {
            if (cmd.verb() == Pop3Verb.UNKNOWN && !masked) {
                return;
            }
            clientUnsynced = false;
        }
        if (sasl.takeUnchallengedResponse(cmd)) {
            return;
        }
        Line line = cmd.line();
        if (masked) {
            sink.accept(new CommandMasked(info, line.frame(), line.timeMicros(), cmd.verbText(),
                    EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        }
        tls.beforeCommand(cmd);
        logins.beforeCommand(cmd);
        if (cmd.verb() != Pop3Verb.AUTH) {
            sasl.beforeOtherCommand();
        }
        switch (cmd.verb()) {
            case STLS -> tls.onStlsCommand(cmd);
            case USER -> logins.onUser(cmd);
            case PASS -> logins.onPass(cmd);
            case APOP -> logins.onApop(cmd);
            case AUTH -> sasl.onAuthCommand(cmd);
            default -> enqueue(cmd, -1);
        }
    }

    /**
     * Queues a command for its response; when the queue is full, the oldest is dropped
     * unanswered.
     *
     * @param exchange the login or SASL exchange the command belongs to, or -1
     */
    void enqueue(Pop3Command cmd, long exchange) {
        Line line = cmd.line();
        if (pending.isFull()) {
            PendingCommands.Entry oldest = pending.oldest();
            if (serverSeen) {
                // Without server bytes nothing is ever answered: dropping is expected there.
                limitReached("pending-queue-overflow", line.frame(), line.timeMicros(),
                        oldest.verb.name());
            }
            logins.onPendingDropped(oldest);
            sasl.onPendingDropped(oldest);
            pending.removeOldest();
            droppedCommands++;
        }
        Pop3Verb verb = cmd.verb();
        String evidence = verb == Pop3Verb.RETR || verb == Pop3Verb.TOP
                ? EvidenceText.escape(line.bytes(), 0, line.rawLength()) : null;
        pending.add(verb, verb.multiLine(cmd.hasArguments()), exchange, evidence);
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
            serverResyncing = false;
            onServerLine(line);
        }
    }

    private void onServerLine(Line line) {
        tls.onServerLine(line);
        responses.onLine(line);
    }

    // ---- for the handlers ----

    SessionInfo info() {
        return info;
    }

    Pop3State state() {
        return state;
    }

    /** Moves to another state; the terminal states (TLS, gave up, closed) are never left. */
    void enter(Pop3State next) {
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

    /** Client bytes were lost earlier: commands may be missing, so responses may be unmatched. */
    boolean clientGapSeen() {
        return clientGapSeen;
    }

    /** Whether the direction's framer is still dropping bytes up to a line end after a gap. */
    boolean resyncing(boolean fromClient) {
        return fromClient ? clientResyncing : serverResyncing;
    }

    /** A login was accepted (seen, or shown by the server's answers). */
    boolean loggedIn() {
        return loggedIn;
    }

    void markLoggedIn() {
        loggedIn = true;
    }

    boolean tlsConfirmed() {
        return tls.confirmed();
    }

    /** The current chunk's array and end, for handing its unread bytes to the TLS watch. */
    byte[] chunk() {
        return chunk;
    }

    int chunkEnd() {
        return chunkEnd;
    }

    /**
     * A command line as evidence, secrets redacted: the PASS argument, the APOP digest, an AUTH
     * initial response, and any unknown line while a SASL exchange is open (it may be a response
     * whose challenge was not seen).
     */
    String commandEvidence(Pop3Command cmd) {
        Line line = cmd.line();
        byte[] b = line.bytes();
        switch (cmd.verb()) {
            case PASS -> {
                // RFC 1939 §7: the password may hold spaces; everything after the verb is secret.
                int start = cmd.argumentStart();
                StringBuilder sb = new StringBuilder(40);
                EvidenceText.appendEscaped(sb, b, 0, start);
                long secret = line.wireLength() - start;
                if (secret > 0) {
                    sb.append(EvidenceText.redacted(secret));
                }
                EvidenceText.appendEscaped(sb, b, line.length(), line.rawLength() - line.length());
                return sb.toString();
            }
            case APOP -> {
                int digest = cmd.skipBlanks(cmd.wordEnd(cmd.argumentStart()));
                return SaslExchange.redactedLine(b, digest, cmd.argumentEnd(), line.rawLength());
            }
            case AUTH -> {
                int response = cmd.skipBlanks(cmd.wordEnd(cmd.argumentStart()));
                return SaslExchange.redactedLine(b, response, cmd.argumentEnd(), line.rawLength());
            }
            case UNKNOWN -> {
                if (sasl.exchangeOpen()) {
                    return SaslExchange.redactedLine(b, 0, cmd.argumentEnd(), line.rawLength());
                }
                return EvidenceText.escape(b, 0, line.rawLength());
            }
            default -> {
                return EvidenceText.escape(b, 0, line.rawLength());
            }
        }
    }

    /** Reports an anomaly while parsing; too many make the parser give up on the session. */
    /** Commands dropped from the full queue whose responses have not come yet. */
    long droppedCommands() {
        return droppedCommands;
    }

    /** A response came for the oldest dropped command. */
    void droppedCommandAnswered() {
        droppedCommands--;
    }

    /** A resource limit of the parser was reached: said, without spending the anomaly budget. */
    void limitReached(String reason, long frame, long timeMicros, String evidence) {
        if (state.parsing()) {
            anomalies.limitReached(reason, frame, timeMicros, evidence);
        }
    }

    void anomaly(String reason, long frame, long timeMicros, String evidence) {
        if (state.parsing() && anomalies.spend(reason, frame, timeMicros, evidence)) {
            state = Pop3State.GAVE_UP;
        }
    }

    /** Never the content: an over-long line may be a password or message text. */
    static String lengthEvidence(Line line) {
        return line.wireLength() + " bytes, " + line.length() + " kept";
    }
}
