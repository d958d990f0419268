package org.stripscope.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.TlsRecordProbe;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.Gap;
import org.stripscope.mail.event.Greeting;
import org.stripscope.mail.event.ProtocolAnomaly;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.mail.event.StartTlsReplied;
import org.stripscope.mail.event.StartTlsRequested;
import org.stripscope.mail.event.TlsConfirmed;
import org.stripscope.mail.event.TlsNotFollowed;
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
 * <p>TLS: after a 220 to STARTTLS (or at the start of an implicit-TLS session) the next bytes
 * are looked at raw. A TLS record from the client confirms TLS and parsing stops; the server's
 * answer is still checked, and a plaintext answer is reported as TLS not followed by the server.
 * Plaintext from the client is reported (after a go-ahead) and parsed as SMTP again.
 *
 * <p>Lost bytes: a gap resyncs the direction at its next line end (so the line after the hole is
 * dropped whole, even when the hole ended on a line end). A gap inside a BDAT chunk is
 * subtracted from the chunk (sizes are exact). A gap inside DATA content keeps the session in
 * content mode until the "." line; if that line was lost, the server's final reply to DATA (which
 * a server sends only after the end of the content) puts the session back in command mode, with a
 * "data-end-not-seen" anomaly. Lines cut by a gap are dropped, not interpreted.
 */
public final class SmtpSession implements StreamListener {

    private static final int CODE_READY = 220;
    private static final int CODE_CLOSING = 421;
    private static final int CODE_REFUSED = 554;
    private static final int CODE_AUTH_OK = 235;
    private static final int CODE_OK = 250;
    private static final int CODE_AUTH_CONTINUE = 334;
    private static final int CODE_START_MAIL = 354;
    /** RFC 3030 §2: chunk sizes are unbounded in the grammar; beyond 2^31-1 is not believable. */
    private static final long MAX_BDAT_SIZE = Integer.MAX_VALUE;
    private static final int MAX_BDAT_DIGITS = 10;

    private final SessionInfo info;
    private final MailEventSink sink;
    private final SmtpLimits limits;
    private final LineFramer clientFramer;
    private final LineFramer serverFramer;
    private final ReplyAssembler reply;
    private final PendingCommands pending;
    private final CommandLine command = new CommandLine();
    private final byte[] probeBytes = new byte[TlsRecordProbe.HEADER_BYTES];

    private SmtpState state = SmtpState.COMMAND;
    private TlsProbe clientProbe;
    private TlsProbe serverProbe;
    private boolean greetingDecided;
    /**
     * A capture that began mid-session may begin inside message content: until the client sends a
     * known verb, its unknown lines are not taken for commands.
     */
    private boolean clientUnsynced;
    private boolean clientSeen;
    private boolean serverSeen;
    private boolean afterGap;
    private boolean tlsConfirmed;
    private boolean startTlsAwaitingReply;
    private boolean announceTlsNotFollowed;
    /** TLS started from the client and the server answered in plaintext: its line is read. */
    private boolean serverPlaintextAfterTls;
    private int contentLines;
    private boolean longContentLineReported;
    /** The pending entry of the DATA whose content is being read. */
    private long dataSeq = -1;
    private long bdatRemaining;
    /** The pending entry of the BDAT whose chunk is being skipped. */
    private long bdatSeq = -1;
    private AuthExchange auth;
    private long nextExchangeId;
    private int saslResponsesExpected;
    private int anomalies;
    private long clientBytes;
    private long serverBytes;

    public SmtpSession(SessionInfo info, MailEventSink sink, SmtpLimits limits,
                       boolean implicitTls) {
        this.info = info;
        this.sink = sink;
        this.limits = limits;
        this.clientFramer = new LineFramer(limits.maxLineLength());
        this.serverFramer = new LineFramer(limits.maxLineLength());
        this.reply = new ReplyAssembler(limits.maxReplyLines());
        this.pending = new PendingCommands(limits.maxPendingCommands());
        this.clientProbe = implicitTls ? TlsProbe.IMPLICIT : TlsProbe.NONE;
        this.serverProbe = implicitTls ? TlsProbe.IMPLICIT : TlsProbe.NONE;
        this.clientUnsynced = !info.handshakeSeen();
    }

    public SmtpState state() {
        return state;
    }

    /** Bytes delivered by the client, parsed or not (after TLS they are only counted). */
    public long clientBytes() {
        return clientBytes;
    }

    public long serverBytes() {
        return serverBytes;
    }

    // ---- StreamListener ----

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
            if (!fromClient && state == SmtpState.TLS && serverProbe != TlsProbe.NONE) {
                serverFramer.begin(data, offset, length, frame, timeMicros);
                checkServerAnswerToTls();
            }
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

    @Override
    public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
        if (!state.parsing()) {
            if (!fromClient) {
                serverProbe = TlsProbe.NONE;
            }
            return;
        }
        sink.accept(new Gap(info, frame, timeMicros, fromClient, length));
        afterGap = true;
        if (fromClient) {
            // What followed the go-ahead is lost: no verdict (the server side may still give one).
            clientProbe = TlsProbe.NONE;
            announceTlsNotFollowed = false;
            leaveGoAhead();
            if (state == SmtpState.BDAT_CHUNK) {
                skipGapInChunk(length);
            } else {
                clientFramer.gap();
            }
        } else {
            serverProbe = TlsProbe.NONE;
            serverFramer.gap();
        }
    }

    @Override
    public void onClose(CloseReason reason, long frame, long timeMicros) {
        if (state.parsing() && clientProbe == TlsProbe.NONE) {
            Line line = clientFramer.flush();
            if (line != null) {
                onClientLine(line);
            }
        }
        if (state.parsing() && serverProbe == TlsProbe.NONE) {
            Line line = serverFramer.flush();
            if (line != null) {
                onServerLine(line);
            }
        }
        if (state.parsing() && reply.inProgress()) {
            anomaly("reply-incomplete", reply.frame(), reply.timeMicros(),
                    reply.firstLineEvidence());
        }
        if (serverPlaintextAfterTls) {
            Line line = serverFramer.flush();
            if (line != null) {
                serverNotFollowed(line);
            }
        }
        SmtpState last = state;
        if (auth != null) {
            finishAuth(false);
        }
        sink.accept(new SessionClosed(info, frame, timeMicros,
                reason.name().toLowerCase(Locale.ROOT), last.name()));
        state = SmtpState.CLOSED;
    }

    // ---- client direction ----

    private void drainClient() {
        while (state.parsing()) {
            if (state == SmtpState.BDAT_CHUNK) {
                if (clientFramer.remaining() == 0) {
                    return;
                }
                bdatRemaining -= clientFramer.skipRaw(bdatRemaining);
                if (bdatRemaining == 0) {
                    state = SmtpState.COMMAND;
                }
                continue;
            }
            if (clientProbe != TlsProbe.NONE) {
                if (!probeClient()) {
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

    /** @return true when the probe decided, false when more bytes are needed */
    private boolean probeClient() {
        int n = clientFramer.peekRaw(probeBytes, probeBytes.length);
        boolean midSession = clientProbe == TlsProbe.IMPLICIT && !info.handshakeSeen();
        switch (TlsRecordProbe.classify(probeBytes, n, midSession)) {
            case TLS -> {
                confirmTls(true, clientFramer.chunkFrame(), clientFramer.chunkTimeMicros());
                return true;
            }
            case NOT_TLS -> {
                announceTlsNotFollowed = clientProbe == TlsProbe.AFTER_GO_AHEAD;
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

    private void onClientLine(Line line) {
        if (line.truncated() && !(state == SmtpState.DATA_CONTENT && longContentLineReported)) {
            // Message content is never interpreted and long body lines are common: once per
            // message is enough to say the limit was hit.
            longContentLineReported = state == SmtpState.DATA_CONTENT;
            anomaly("line-too-long", line.frame(), line.timeMicros(), lengthEvidence(line));
            if (!state.parsing()) {
                return;
            }
        }
        if (announceTlsNotFollowed) {
            announceTlsNotFollowed = false;
            String evidence = state == SmtpState.SASL_RESPONSE
                    ? AuthExchange.redactedLine(line.bytes(), 0, line.length(), line.rawLength())
                    : commandEvidence(command.wrap(line));
            sink.accept(new TlsNotFollowed(info, line.frame(), line.timeMicros(), true, evidence));
        }
        switch (state) {
            case DATA_CONTENT -> onContentLine(line);
            case SASL_RESPONSE -> onSaslLine(line);
            default -> onCommand(command.wrap(line));
        }
    }

    /** Message content (RFC 5321 §4.1.1.4): only the "." line matters; ".." lines are content. */
    private void onContentLine(Line line) {
        if (line.length() == 1 && line.byteAt(0) == '.') {
            state = SmtpState.COMMAND;
        } else {
            contentLines++;
        }
    }

    private void onSaslLine(Line line) {
        if (auth == null) {
            state = SmtpState.COMMAND;
            onCommand(command.wrap(line));
            return;
        }
        if (!serverSeen && saslResponsesExpected < 0
                && command.wrap(line).verb() != SmtpVerb.UNKNOWN) {
            // Server not visible, mechanism of unknown length: a command ends the exchange.
            state = SmtpState.COMMAND;
            onCommand(command);
            return;
        }
        int end = dataEnd(line);
        auth.appendEvidence(AuthExchange.redactedLine(line.bytes(), 0, end, line.rawLength()));
        addAuthResponse(line.bytes(), 0, end, line, false);
        if (serverSeen || auth.cancelled()) {
            state = SmtpState.COMMAND;
        } else {
            if (saslResponsesExpected > 0) {
                saslResponsesExpected--;
            }
            state = saslResponsesExpected == 0 ? SmtpState.COMMAND : SmtpState.SASL_RESPONSE;
        }
    }

    private void onCommand(CommandLine cmd) {
        Line line = cmd.line();
        if (clientUnsynced) {
            if (cmd.verb() == SmtpVerb.UNKNOWN) {
                return;
            }
            clientUnsynced = false;
        }
        if (startTlsAwaitingReply) {
            anomaly("command-after-starttls", line.frame(), line.timeMicros(),
                    commandEvidence(cmd));
            if (!state.parsing()) {
                return;
            }
            if (!serverSeen) {
                // Nobody will answer here: only the first flight after STARTTLS is flagged.
                startTlsAwaitingReply = false;
            }
        }
        if (auth != null && !serverSeen && cmd.verb() != SmtpVerb.AUTH) {
            // The client moved on and no server reply is visible to end the exchange.
            finishAuth(false);
        }
        switch (cmd.verb()) {
            case STARTTLS -> onStartTls(cmd);
            case AUTH -> onAuth(cmd);
            case DATA -> onDataCommand(cmd);
            case BDAT -> onBdat(cmd);
            default -> enqueue(cmd.verb(), line, -1);
        }
    }

    /** RFC 3207 §4: STARTTLS takes no argument; the 220 reply is the go-ahead. */
    private void onStartTls(CommandLine cmd) {
        Line line = cmd.line();
        sink.accept(new StartTlsRequested(info, line.frame(), line.timeMicros(),
                EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        startTlsAwaitingReply = true;
        enqueue(SmtpVerb.STARTTLS, line, -1);
        if (!serverSeen && clientProbe == TlsProbe.NONE) {
            clientProbe = TlsProbe.UNCONFIRMED;
        }
    }

    /** RFC 4954 §4: "AUTH mechanism [initial-response]"; a bare AUTH is no exchange. */
    private void onAuth(CommandLine cmd) {
        Line line = cmd.line();
        int mechanismStart = cmd.argumentStart();
        int mechanismEnd = cmd.wordEnd(mechanismStart);
        if (mechanismEnd == mechanismStart) {
            enqueue(SmtpVerb.AUTH, line, -1);
            return;
        }
        if (auth != null) {
            // An earlier exchange never got its final reply.
            finishAuth(false);
        }
        String mechanism = new String(line.bytes(), mechanismStart, mechanismEnd - mechanismStart,
                StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        auth = new AuthExchange(nextExchangeId++, mechanism, line.frame(), line.timeMicros(),
                tlsConfirmed, limits.maxAuthResponseBytes());
        int responseStart = cmd.skipBlanks(mechanismEnd);
        int responseEnd = cmd.argumentEnd();
        auth.appendEvidence(commandEvidence(cmd));
        boolean initial = responseEnd > responseStart;
        if (initial) {
            addAuthResponse(line.bytes(), responseStart, responseEnd, line, true);
        }
        enqueue(SmtpVerb.AUTH, line, auth.id);
        if (!serverSeen) {
            int expected = auth.mechanism.clientResponses();
            saslResponsesExpected = expected < 0 ? -1 : Math.max(0, expected - (initial ? 1 : 0));
            state = saslResponsesExpected == 0 ? SmtpState.COMMAND : SmtpState.SASL_RESPONSE;
        }
    }

    /** RFC 5321 §4.1.1.4: content follows once the server says 354. */
    private void onDataCommand(CommandLine cmd) {
        dataSeq = enqueue(SmtpVerb.DATA, cmd.line(), -1);
        state = SmtpState.DATA_CONTENT;
        contentLines = 0;
        longContentLineReported = false;
    }

    /**
     * RFC 3030 §2: "BDAT" SP chunk-size [SP "LAST"], then exactly chunk-size bytes. A line off
     * that grammar has no chunk a server could count, so the next line is a command again.
     */
    private void onBdat(CommandLine cmd) {
        Line line = cmd.line();
        long seq = enqueue(SmtpVerb.BDAT, line, -1);
        int sizeStart = cmd.argumentStart();
        int sizeEnd = cmd.wordEnd(sizeStart);
        long size = parseSize(line.bytes(), sizeStart, sizeEnd);
        int markerStart = cmd.skipBlanks(sizeEnd);
        int markerEnd = cmd.wordEnd(markerStart);
        boolean markerOk = markerStart == markerEnd || (markerEnd == cmd.argumentEnd()
                && isLast(line.bytes(), markerStart, markerEnd));
        if (size < 0 || !markerOk) {
            anomaly("bad-bdat-size", line.frame(), line.timeMicros(), commandEvidence(cmd));
            return;
        }
        if (size > 0) {
            bdatRemaining = size;
            bdatSeq = seq;
            state = SmtpState.BDAT_CHUNK;
        }
    }

    private void skipGapInChunk(long length) {
        if (length < bdatRemaining) {
            bdatRemaining -= length;
            return;
        }
        boolean overrun = length > bdatRemaining;
        bdatRemaining = 0;
        state = SmtpState.COMMAND;
        if (overrun) {
            clientFramer.resync();
        }
    }

    private long enqueue(SmtpVerb verb, Line line, long exchange) {
        if (pending.isFull()) {
            PendingCommands.Entry oldest = pending.oldest();
            if (serverSeen) {
                // Without server bytes nothing is ever answered: dropping is expected there.
                anomaly("pending-queue-overflow", line.frame(), line.timeMicros(),
                        oldest.verb.name());
            }
            if (oldest.verb == SmtpVerb.AUTH && auth != null && oldest.exchange == auth.id) {
                finishAuth(false);
            }
            pending.removeOldest();
        }
        return pending.add(verb, exchange);
    }

    private void addAuthResponse(byte[] bytes, int from, int to, Line line, boolean initial) {
        switch (auth.addResponse(bytes, from, to, line.frame(), line.timeMicros(), initial)) {
            case NOT_BASE64 -> anomaly("bad-sasl-base64", line.frame(), line.timeMicros(),
                    auth.mechanismName + " response " + EvidenceText.redacted(to - from));
            case TOO_LONG -> anomaly("sasl-response-too-long", line.frame(), line.timeMicros(),
                    auth.mechanismName + " response " + EvidenceText.redacted(to - from));
            default -> {
            }
        }
    }

    private void finishAuth(boolean withReply) {
        AuthExchange done = auth;
        auth = null;
        if (state == SmtpState.SASL_RESPONSE) {
            state = SmtpState.COMMAND;
        }
        AuthAttempt.Outcome outcome = AuthAttempt.Outcome.UNKNOWN;
        String code = null;
        if (withReply) {
            code = reply.codeText();
            if (reply.code() == CODE_AUTH_OK) {
                outcome = AuthAttempt.Outcome.ACCEPTED;
            } else if (reply.code() >= 400 && reply.code() < 600) {
                outcome = AuthAttempt.Outcome.REJECTED;
            }
        }
        sink.accept(new AuthAttempt(info, done.credentialFrame(), done.credentialTimeMicros(),
                done.mechanismName, done.username(),
                done.mechanism.credentials(done.dataResponses()), outcome, code,
                done.commandFrame, done.inTls, done.evidence()));
    }

    // ---- server direction ----

    private void drainServer() {
        while (state.parsing()) {
            if (serverProbe != TlsProbe.NONE) {
                if (!probeServer()) {
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

    /**
     * The server's side of a TLS start: a ServerHello after the go-ahead. In a two-sided capture
     * the client's ClientHello decides first; this decides when the client side is not visible.
     */
    private boolean probeServer() {
        int n = serverFramer.peekRaw(probeBytes, probeBytes.length);
        boolean midSession = serverProbe == TlsProbe.IMPLICIT && !info.handshakeSeen();
        switch (TlsRecordProbe.classify(probeBytes, n, midSession)) {
            case TLS -> {
                confirmTls(false, serverFramer.chunkFrame(), serverFramer.chunkTimeMicros());
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

    private void onServerLine(Line line) {
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
            case COMPLETE -> onReply();
        }
    }

    private void onReply() {
        if (reply.codeMismatch()) {
            anomaly("reply-code-mismatch", reply.frame(), reply.timeMicros(), reply.evidence());
        }
        if (reply.linesDropped()) {
            anomaly("too-many-reply-lines", reply.frame(), reply.timeMicros(),
                    reply.lineCount() + " lines, " + reply.keptLines() + " kept");
        }
        if (!state.parsing()) {
            return;
        }
        if (!greetingDecided) {
            greetingDecided = true;
            // RFC 5321 §4.3.1: the greeting comes first, 220 or 554 (or 421, §3.8, a server
            // closing at once). With the PIPE_CONNECT extension (Exim) the client's EHLO may
            // precede it: the first reply is still the greeting. Without the handshake, only a
            // 220 that no pending STARTTLS awaits is taken for one.
            boolean greeting = info.handshakeSeen()
                    ? isGreetingCode(reply.code())
                    : reply.code() == CODE_READY && !pending.contains(SmtpVerb.STARTTLS);
            if (greeting) {
                sink.accept(new Greeting(info, reply.frame(), reply.timeMicros(), reply.codeText(),
                        reply.text(0), reply.evidence()));
                return;
            }
        }
        PendingCommands.Entry entry = pending.oldest();
        if (entry == null) {
            onUnmatchedReply();
            return;
        }
        switch (entry.verb) {
            case EHLO -> onEhloReply();
            case STARTTLS -> onStartTlsReply();
            case AUTH -> onAuthReply(entry);
            case DATA -> onDataReply(entry);
            case BDAT -> onBdatReply(entry);
            default -> pending.removeOldest();
        }
    }

    /** RFC 5321 §4.1.1.1: a 250 EHLO reply lists one extension per line after the first. */
    private void onEhloReply() {
        pending.removeOldest();
        if (reply.code() == CODE_OK) {
            emitCapabilities("EHLO");
        }
    }

    private void emitCapabilities(String commandName) {
        sink.accept(new CapabilitiesSeen(info, reply.frame(), reply.timeMicros(), commandName,
                reply.keywords(1), reply.texts(1), reply.firstFrame(), tlsConfirmed, afterGap,
                reply.evidence()));
    }

    /** RFC 3207 §4: 220 is the go-ahead; 454 (or anything else) refuses. */
    private void onStartTlsReply() {
        pending.removeOldest();
        startTlsAwaitingReply = pending.contains(SmtpVerb.STARTTLS);
        boolean accepted = reply.code() == CODE_READY;
        sink.accept(new StartTlsReplied(info, reply.frame(), reply.timeMicros(), accepted,
                reply.codeText(), reply.evidence()));
        if (accepted) {
            clientProbe = TlsProbe.AFTER_GO_AHEAD;
            serverProbe = TlsProbe.AFTER_GO_AHEAD;
            if (state == SmtpState.COMMAND) {
                state = SmtpState.TLS_GO_AHEAD;
            }
        } else if (clientProbe == TlsProbe.UNCONFIRMED) {
            clientProbe = TlsProbe.NONE;
        }
    }

    /** RFC 4954 §4: 334 asks for a response; any other reply ends the exchange. */
    private void onAuthReply(PendingCommands.Entry entry) {
        boolean current = auth != null && entry.exchange == auth.id;
        if (reply.code() == CODE_AUTH_CONTINUE) {
            if (current && state == SmtpState.COMMAND) {
                state = SmtpState.SASL_RESPONSE;
            }
            return;
        }
        pending.removeOldest();
        if (current) {
            finishAuth(true);
        }
    }

    /** DATA takes two replies (RFC 5321 §4.1.1.4): 354, then the final one after the content. */
    private void onDataReply(PendingCommands.Entry entry) {
        if (reply.code() == CODE_START_MAIL && !entry.intermediateSeen) {
            entry.intermediateSeen = true;
            return;
        }
        pending.removeOldest();
        if (state != SmtpState.DATA_CONTENT || entry.seq != dataSeq) {
            return;
        }
        if (!entry.intermediateSeen) {
            // Refused before any content: the client's next lines are commands again.
            if (contentLines == 0) {
                state = SmtpState.COMMAND;
            }
        } else {
            // The server answers only after the end of content: the "." line was lost.
            anomaly("data-end-not-seen", reply.frame(), reply.timeMicros(),
                    reply.firstLineEvidence());
            state = SmtpState.COMMAND;
        }
    }

    /**
     * A server answers BDAT only once it has the whole chunk (RFC 3030 §2); an answer while the
     * chunk is still being skipped means the server took no chunk (refused command) or counted
     * differently: either way, what follows is read as commands, as the server reads it.
     */
    private void onBdatReply(PendingCommands.Entry entry) {
        pending.removeOldest();
        if (state == SmtpState.BDAT_CHUNK && entry.seq == bdatSeq) {
            anomaly("bdat-chunk-cut-by-reply", reply.frame(), reply.timeMicros(),
                    reply.firstLineEvidence());
            bdatRemaining = 0;
            state = SmtpState.COMMAND;
        }
    }

    /**
     * A reply no visible command asked for: normal when the client side is missing or the capture
     * began mid-session. A multi-line 250 is taken for capabilities, a 220 may be a go-ahead.
     */
    private void onUnmatchedReply() {
        if (clientSeen) {
            anomaly("reply-without-command", reply.frame(), reply.timeMicros(),
                    reply.firstLineEvidence());
            if (!state.parsing()) {
                return;
            }
        }
        if (reply.code() == CODE_OK && reply.lineCount() > 1) {
            emitCapabilities(null);
        } else if (reply.code() == CODE_READY) {
            serverProbe = TlsProbe.AFTER_GO_AHEAD;
            if (clientProbe == TlsProbe.NONE) {
                clientProbe = TlsProbe.UNCONFIRMED;
            }
        }
    }

    // ---- shared ----

    private void leaveGoAhead() {
        if (state == SmtpState.TLS_GO_AHEAD) {
            state = SmtpState.COMMAND;
        }
    }

    /**
     * TLS started. When the client's record decided it, the server's next bytes are still
     * checked: a server answering a ClientHello in plaintext (a plaintext server on an
     * implicit-TLS port, or a go-ahead that did not come from the server) is worth reporting.
     */
    private void confirmTls(boolean fromClient, long frame, long timeMicros) {
        sink.accept(new TlsConfirmed(info, frame, timeMicros, fromClient));
        tlsConfirmed = true;
        state = SmtpState.TLS;
        clientProbe = TlsProbe.NONE;
        announceTlsNotFollowed = false;
        clientFramer.reset();
        if (!fromClient) {
            serverProbe = TlsProbe.NONE;
            serverFramer.reset();
        }
    }

    /** In the TLS state, the server's first bytes after the client's TLS record. */
    private void checkServerAnswerToTls() {
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

    private void serverNotFollowed(Line line) {
        sink.accept(new TlsNotFollowed(info, line.frame(), line.timeMicros(), false,
                EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        serverPlaintextAfterTls = false;
        serverProbe = TlsProbe.NONE;
        serverFramer.reset();
    }

    private void anomaly(String reason, long frame, long timeMicros, String evidence) {
        if (!state.parsing()) {
            return;
        }
        anomalies++;
        sink.accept(new ProtocolAnomaly(info, frame, timeMicros, reason, evidence));
        if (anomalies >= limits.maxAnomalies()) {
            sink.accept(new ProtocolAnomaly(info, frame, timeMicros, "parser-gave-up",
                    anomalies + " anomalies"));
            state = SmtpState.GAVE_UP;
        }
    }

    /** A command line as evidence, with any SASL data redacted. */
    private String commandEvidence(CommandLine cmd) {
        Line line = cmd.line();
        if (cmd.verb() == SmtpVerb.UNKNOWN && auth != null) {
            // While an exchange is open, an unknown "command" may be a SASL response whose 334
            // challenge was not seen: shown redacted, like one.
            return AuthExchange.redactedLine(line.bytes(), 0, cmd.argumentEnd(), line.rawLength());
        }
        if (cmd.verb() != SmtpVerb.AUTH) {
            return EvidenceText.escape(line.bytes(), 0, line.rawLength());
        }
        int responseStart = cmd.skipBlanks(cmd.wordEnd(cmd.argumentStart()));
        return AuthExchange.redactedLine(line.bytes(), responseStart, cmd.argumentEnd(),
                line.rawLength());
    }

    /** Never the content: an over-long line may be SASL data or message text. */
    private static String lengthEvidence(Line line) {
        return line.wireLength() + " bytes, " + line.length() + " kept";
    }

    /** The end of a SASL response's data: trailing blanks are not base64. */
    private static int dataEnd(Line line) {
        int end = line.length();
        while (end > 0 && CommandLine.isBlank(line.byteAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isGreetingCode(int code) {
        return code == CODE_READY || code == CODE_REFUSED || code == CODE_CLOSING;
    }

    private static boolean isLast(byte[] b, int from, int to) {
        return to - from == 4 && (b[from] | 0x20) == 'l' && (b[from + 1] | 0x20) == 'a'
                && (b[from + 2] | 0x20) == 's' && (b[from + 3] | 0x20) == 't';
    }

    /** A BDAT size: decimal digits only, at most 2^31-1; -1 when not that. */
    private static long parseSize(byte[] b, int from, int to) {
        if (to == from || to - from > MAX_BDAT_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value > MAX_BDAT_SIZE ? -1 : value;
    }
}
