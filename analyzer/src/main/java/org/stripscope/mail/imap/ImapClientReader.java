package org.stripscope.mail.imap;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.SaslExchange;
import org.stripscope.mail.event.CommandMasked;
import org.stripscope.mail.event.MessageTransfer;

/**
 * The client direction of an {@link ImapSession}: tagged commands (RFC 9051 §2.2.1), the
 * literals they carry (§4.3: after "{n}" CRLF come exactly n bytes, then the command goes on
 * with the next line), SASL responses while AUTHENTICATE is open, and "DONE" after IDLE.
 *
 * <p>A synchronizing literal is sent only after the server's "+" continuation; when the server
 * completes the command first (NO, BAD), the client sends no literal and the literal is
 * forgotten. A non-synchronizing literal ({n+}, RFC 7888) is always sent.
 */
final class ImapClientReader {

    private final ImapSession session;
    private final LineFramer framer;
    private final PendingTags pending;
    private final ImapTlsHandler tls;
    private final ImapAuthHandler auth;
    private final ImapLimits limits;
    private final ImapCommand cmd = new ImapCommand();
    private final ImapTokens tokens = new ImapTokens();
    /** The user name literal's bytes as peeked; made on first use. */
    private byte[] literalPeek;

    /**
     * A known command was seen since the start of a mid-session capture or the last lost bytes:
     * before that, lines may be message text or the tail of a literal, and are not commands.
     */
    private boolean synced;

    // The command that goes on after a literal.
    /** The next line continues the current command (after its literal). */
    private boolean continuing;
    private ImapVerb commandVerb = ImapVerb.OTHER;
    /** The pending entry's sequence number of the current command, or -1. */
    private long commandSeq = -1;
    private LoginAttempt login;
    /** For APPEND: the command line as evidence, top-level arguments seen, list depth. */
    private String appendEvidence;
    private int appendArguments;
    private int appendDepth;
    private boolean appendGroupReported;

    // The literal being skipped.
    /** Bytes of the literal still to come, or -1 when none is announced. */
    private long literalRemaining = -1;
    private long literalSize;
    private boolean literalStarted;
    private boolean literalNonSync;
    private boolean literalIsMessage;

    ImapClientReader(ImapSession session, LineFramer framer, PendingTags pending,
                     ImapTlsHandler tls, ImapAuthHandler auth, ImapLimits limits) {
        this.session = session;
        this.framer = framer;
        this.pending = pending;
        this.tls = tls;
        this.auth = auth;
        this.limits = limits;
        this.synced = session.info().handshakeSeen();
    }

    /** Whether literal bytes are being skipped. */
    boolean inLiteral() {
        return literalRemaining >= 0;
    }

    /**
     * Skips literal bytes of the current chunk.
     *
     * @return false when the chunk is used up
     */
    boolean skipLiteral() {
        if (literalRemaining > 0 && framer.remaining() == 0) {
            return false;
        }
        int n = (int) Math.min(literalRemaining, framer.remaining());
        if (!literalStarted) {
            literalStarted = true;
            if (literalIsMessage && literalSize > 0) {
                session.emit(new MessageTransfer(session.info(), framer.chunkFrame(),
                        framer.chunkTimeMicros(), "APPEND", session.tlsConfirmed(),
                        appendEvidence));
            }
        }
        if (login != null && login.wantsLiteralBytes() && n > 0) {
            if (literalPeek == null) {
                literalPeek = new byte[limits.maxLoginArgumentBytes()];
            }
            int k = framer.peekRaw(literalPeek, Math.min(n, literalPeek.length));
            login.onLiteralBytes(literalPeek, k, n);
        }
        framer.skipRaw(n);
        literalRemaining -= n;
        tls.onClientLiteralBytes(n);
        if (literalRemaining == 0) {
            literalRemaining = -1;
            continuing = true;
            if (login != null && !login.onLiteralEnd(literalSize, framer.chunkFrame(),
                    framer.chunkTimeMicros())) {
                session.anomaly("login-argument-too-long", framer.chunkFrame(),
                        framer.chunkTimeMicros(), literalSize + " bytes");
            }
        }
        return true;
    }

    /** Lost client bytes: inside a literal they shorten it; else the line is lost. */
    void onGap(long length) {
        auth.onClientGap();
        if (literalRemaining > length) {
            literalRemaining -= length;
            literalStarted = true;
            if (login != null) {
                login.onLiteralBytesLost();
            }
            return;
        }
        literalRemaining = -1;
        continuing = false;
        login = null;
        synced = false;
        framer.gap();
    }

    /**
     * The server completed a command: a synchronizing literal it had not asked for will not be
     * sent (RFC 9051 §4.3, §7.5).
     */
    void onCompletion(PendingTags.Entry entry) {
        if (entry.seq == commandSeq && literalRemaining >= 0 && !literalStarted
                && !literalNonSync) {
            literalRemaining = -1;
            continuing = false;
            login = null;
        }
    }

    // ---- lines ----

    void onLine(Line line) {
        if (line.truncated()) {
            session.anomaly("line-too-long", line.frame(), line.timeMicros(),
                    line.wireLength() + " bytes, " + line.length() + " kept");
            if (!session.state().parsing()) {
                return;
            }
        }
        if (continuing) {
            continuing = false;
            onContinuation(line);
            return;
        }
        cmd.wrap(line);
        ImapState state = session.state();
        boolean response = state == ImapState.AUTHENTICATE
                && Ascii.indexOf(line.bytes(), 0, line.length(), (byte) ' ') < 0;
        if (tls.watchingClientLines()) {
            String evidence = response
                    ? SaslExchange.redactedLine(line.bytes(), 0, line.length(), line.rawLength())
                    : auth.commandEvidence(cmd);
            tls.onClientLine(line, evidence, cmd.wellFormed() && cmd.verb() == ImapVerb.STARTTLS);
        }
        if (response) {
            auth.onResponseLine(line);
            return;
        }
        if (state == ImapState.AUTHENTICATE) {
            auth.leaveResponses();
        }
        if (session.state() == ImapState.IDLE) {
            session.enter(ImapState.COMMAND);
            if (Ascii.equalsIgnoreCase(line.bytes(), 0, line.length(), "DONE")) {
                // RFC 2177 §3: "DONE" ends IDLE; the tagged completion follows.
                return;
            }
        }
        onCommand(cmd);
    }

    /** A client line read as a command: one handler per verb that changes the session. */
    private void onCommand(ImapCommand c) {
        Line line = c.line();
        if (!synced) {
            if (!c.wellFormed() || !KnownCommands.contains(line.bytes(), c.verbStart(),
                    c.verbEnd())) {
                return;
            }
            synced = true;
        }
        if (!c.wellFormed()) {
            if (line.length() > 0) {
                session.anomaly("bad-command-line", line.frame(), line.timeMicros(),
                        EvidenceText.escape(line.bytes(), 0, line.rawLength()));
            }
            return;
        }
        if (c.masked()) {
            session.emit(new CommandMasked(session.info(), line.frame(), line.timeMicros(),
                    c.verbText(), EvidenceText.escape(line.bytes(), 0, line.rawLength())));
        }
        PendingTags.Entry entry = enqueue(c);
        commandVerb = c.verb();
        commandSeq = entry == null ? -1 : entry.seq;
        login = null;
        appendEvidence = null;
        switch (c.verb()) {
            case STARTTLS -> tls.onStartTlsCommand(c, entry);
            case LOGIN -> login = auth.onLogin(c, entry);
            case AUTHENTICATE -> auth.onAuthenticate(c, entry);
            case IDLE -> session.enter(ImapState.IDLE);
            case APPEND -> {
                appendEvidence = EvidenceText.escape(line.bytes(), 0, line.rawLength());
                appendArguments = 0;
                appendDepth = 0;
                appendGroupReported = false;
            }
            default -> {
            }
        }
        startLiteral(c.literal(), line, c.argsStart(), c.argsEnd());
    }

    /** A line that continues the current command after its literal. */
    private void onContinuation(Line line) {
        LiteralMarker marker = cmd.wrap(line).literal();
        int argsEnd = marker.present() ? marker.start() : line.length();
        if (tls.watchingClientLines()) {
            tls.onClientLine(line, login != null
                    ? SaslExchange.redactedLine(line.bytes(), 0, line.length(), line.rawLength())
                    : EvidenceText.escape(line.bytes(), 0, line.rawLength()), false);
        }
        if (login != null) {
            login.addLine(line, 0, argsEnd, marker.present() ? marker.start() : -1);
        }
        startLiteral(marker, line, 0, argsEnd);
    }

    /** Announces the literal at the end of a command line, if any. */
    private void startLiteral(LiteralMarker marker, Line line, int argsFrom, int argsTo) {
        if (commandVerb == ImapVerb.APPEND) {
            countAppendArguments(line, argsFrom, argsTo);
        }
        if (!marker.present()) {
            login = null;
            return;
        }
        if (marker.tooLarge() || marker.size() > limits.maxLiteralBytes()) {
            session.anomaly("literal-too-large", line.frame(), line.timeMicros(),
                    EvidenceText.escape(line.bytes(), marker.start(),
                            line.length() - marker.start()));
            login = null;
            return;
        }
        literalSize = marker.size();
        literalNonSync = marker.nonSynchronizing();
        literalStarted = false;
        literalIsMessage = commandVerb == ImapVerb.APPEND && isAppendMessage();
        literalRemaining = literalSize;
        if (literalSize == 0) {
            skipLiteral();
        }
    }

    /**
     * RFC 9051 §6.3.12: "APPEND mailbox [flags] [date-time] literal"; RFC 3502 MULTIAPPEND
     * repeats the message part, RFC 4469 CATENATE puts message parts in a list. The mailbox may
     * itself be a literal: it is the first argument, never a message.
     */
    private void countAppendArguments(Line line, int from, int to) {
        tokens.wrap(line.bytes(), from, to);
        ImapTokens.Kind kind;
        while ((kind = tokens.next()) != ImapTokens.Kind.END) {
            if (kind == ImapTokens.Kind.OPEN) {
                appendDepth++;
            } else if (kind == ImapTokens.Kind.CLOSE) {
                appendDepth = Math.max(0, appendDepth - 1);
                if (appendDepth == 0) {
                    appendGroupReported = false;
                }
            }
            if (appendDepth == 0 || (kind == ImapTokens.Kind.OPEN && appendDepth == 1)) {
                appendArguments++;
            }
        }
    }

    private boolean isAppendMessage() {
        boolean message;
        if (appendDepth > 0) {
            message = !appendGroupReported;
            appendGroupReported = true;
        } else {
            message = appendArguments > 0;
        }
        appendArguments++;
        return message;
    }

    /**
     * Queues a command for its completion; when the queue is full, the oldest is dropped
     * unanswered.
     */
    private PendingTags.Entry enqueue(ImapCommand c) {
        Line line = c.line();
        if (!pending.fits(c.tagEnd())) {
            session.anomaly("tag-too-long", line.frame(), line.timeMicros(),
                    c.tagEnd() + " bytes");
            return null;
        }
        if (pending.isFull()) {
            PendingTags.Entry oldest = pending.oldest();
            if (session.serverSeen()) {
                // Without server bytes nothing is ever completed: dropping is expected there.
                session.limitReached("pending-queue-overflow", line.frame(), line.timeMicros(),
                        oldest.tagText() + " " + oldest.verb.name());
            }
            auth.onAbandoned(oldest);
            pending.remove(oldest);
        }
        return pending.add(line.bytes(), 0, c.tagEnd(), c.verb(), line.frame(), line.timeMicros());
    }
}
