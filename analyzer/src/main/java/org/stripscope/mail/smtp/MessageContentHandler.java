package org.stripscope.mail.smtp;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.LineTerminator;
import org.stripscope.mail.event.MessageTransfer;

/**
 * Message content within an {@link SmtpSession}, which is skipped, never interpreted: the lines
 * after DATA up to CRLF "." CRLF (RFC 5321 §4.1.1.4; a bare-LF dot is content, see
 * {@link #onContentLine}), and the raw chunk after BDAT (RFC 3030 §2).
 *
 * <p>Lost bytes: a gap inside a BDAT chunk is subtracted from the chunk (sizes are exact). A gap
 * inside DATA content keeps the session in content mode until the "." line; if that line was
 * lost, the server's final reply to DATA (which a server sends only after the end of the content)
 * puts the session back in command mode, with a "data-end-not-seen" anomaly.
 *
 * <p>Each message is said once, as a {@link MessageTransfer} naming the command that opened it:
 * for DATA when the server answers 354 (RFC 5321 §4.1.1.4: only then may content follow), for
 * BDAT when the first chunk's first byte is sent (RFC 3030 §2: chunks follow without waiting).
 * The event's frame is that of the DATA or first BDAT command, not of the 354 reply or of the
 * chunk: it is the command line that the evidence shows. A message of BDAT chunks ends with the
 * chunk marked LAST, or when MAIL or RSET begins another transaction.
 */
final class MessageContentHandler {

    /** RFC 3030 §2: chunk sizes are unbounded in the grammar; beyond 2^31-1 is not believable. */
    private static final long MAX_BDAT_SIZE = Integer.MAX_VALUE;
    private static final int MAX_BDAT_DIGITS = 10;

    private final SmtpSession session;
    private final LineFramer clientFramer;
    private final ReplyAssembler reply;
    private final PendingCommands pending;

    private int contentLines;
    private boolean longContentLineReported;
    private boolean bareLfDotReported;
    /** The line before the current one ended with a bare LF (the DATA line, then content). */
    private boolean previousBareLf;
    /** The pending entry of the DATA whose content is being read. */
    private long dataSeq = -1;
    private long bdatRemaining;
    /** The pending entry of the BDAT whose chunk is being skipped. */
    private long bdatSeq = -1;
    /** The command of the message being opened, said when its transfer starts. */
    private long messageFrame;
    private long messageTimeMicros;
    private String messageEvidence;
    /** A BDAT message was opened and its first chunk byte is still to come. */
    private boolean bdatTransferPending;
    /** A BDAT message was opened and its LAST chunk is still to come. */
    private boolean bdatMessageOpen;

    MessageContentHandler(SmtpSession session, LineFramer clientFramer, ReplyAssembler reply,
                          PendingCommands pending) {
        this.session = session;
        this.clientFramer = clientFramer;
        this.reply = reply;
        this.pending = pending;
    }

    /**
     * Whether an over-long client line read in {@code state} is to be reported. Message content
     * is never interpreted and long body lines are common: once per message is enough to say the
     * limit was hit.
     */
    boolean reportLongLine(SmtpState state) {
        if (state == SmtpState.DATA_CONTENT && longContentLineReported) {
            return false;
        }
        longContentLineReported = state == SmtpState.DATA_CONTENT;
        return true;
    }

    // ---- DATA ----

    /** RFC 5321 §4.1.1.4: content follows once the server says 354. */
    void onDataCommand(CommandLine cmd) {
        dataSeq = session.enqueue(SmtpVerb.DATA, cmd.line(), -1);
        keepMessageCommand(cmd);
        session.enter(SmtpState.DATA_CONTENT);
        contentLines = 0;
        longContentLineReported = false;
        bareLfDotReported = false;
        previousBareLf = cmd.line().terminator() == LineTerminator.LF;
    }

    /**
     * Message content (RFC 5321 §4.1.1.4): only the "." line matters; ".." lines are content.
     *
     * <p>The end of content is CRLF "." CRLF and nothing else. A "." line after a bare LF or
     * ending with one is content: servers differ on it, and the difference is what SMTP smuggling
     * uses, hiding commands (a second message, an AUTH) after a bare-LF dot that one server ends
     * the message at and another does not. Staying in content cannot be wrong for long: a server
     * that took such a line for the end sends its final reply to DATA, which ends the content here
     * too (see {@link #onDataReply}). Said once per message, as "bare-lf-dot". No leniency for
     * sessions that use bare LF throughout: strict is what keeps smuggled text from reading as
     * commands.
     */
    void onContentLine(Line line) {
        boolean afterBareLf = previousBareLf;
        previousBareLf = line.terminator() == LineTerminator.LF;
        if (line.length() == 1 && line.byteAt(0) == '.') {
            if (!afterBareLf && line.terminator() == LineTerminator.CRLF) {
                session.enter(SmtpState.COMMAND);
                return;
            }
            if ((afterBareLf || line.terminator() == LineTerminator.LF) && !bareLfDotReported) {
                bareLfDotReported = true;
                session.anomaly("bare-lf-dot", line.frame(), line.timeMicros(),
                        EvidenceText.escape(line.bytes(), 0, line.rawLength()));
            }
        }
        contentLines++;
    }

    /** DATA takes two replies (RFC 5321 §4.1.1.4): 354, then the final one after the content. */
    void onDataReply(PendingCommands.Entry entry) {
        if (reply.code() == SmtpReplyCode.START_MAIL_INPUT && !entry.intermediateSeen) {
            entry.intermediateSeen = true;
            if (entry.seq == dataSeq) {
                emitTransfer("DATA");
            }
            return;
        }
        pending.removeOldest();
        if (session.state() != SmtpState.DATA_CONTENT || entry.seq != dataSeq) {
            return;
        }
        if (!entry.intermediateSeen) {
            // Refused before any content: the client's next lines are commands again.
            if (contentLines == 0) {
                session.enter(SmtpState.COMMAND);
            }
        } else {
            // The server answers only after the end of content: the "." line was lost.
            session.anomaly("data-end-not-seen", reply.frame(), reply.timeMicros(),
                    reply.firstLineEvidence());
            session.enter(SmtpState.COMMAND);
        }
    }

    // ---- BDAT ----

    /**
     * RFC 3030 §2: "BDAT" SP chunk-size [SP "LAST"], then exactly chunk-size bytes. A line off
     * that grammar has no chunk a server could count, so the next line is a command again.
     */
    void onBdatCommand(CommandLine cmd) {
        Line line = cmd.line();
        long seq = session.enqueue(SmtpVerb.BDAT, line, -1);
        int sizeStart = cmd.argumentStart();
        int sizeEnd = cmd.wordEnd(sizeStart);
        long size = parseSize(line.bytes(), sizeStart, sizeEnd);
        int markerStart = cmd.skipBlanks(sizeEnd);
        int markerEnd = cmd.wordEnd(markerStart);
        boolean markerOk = markerStart == markerEnd || (markerEnd == cmd.argumentEnd()
                && isLast(line.bytes(), markerStart, markerEnd));
        if (size < 0 || !markerOk) {
            session.anomaly("bad-bdat-size", line.frame(), line.timeMicros(),
                    session.commandEvidence(cmd));
            return;
        }
        if (!bdatMessageOpen) {
            keepMessageCommand(cmd);
            bdatMessageOpen = true;
            bdatTransferPending = true;
        }
        if (size > 0) {
            bdatRemaining = size;
            bdatSeq = seq;
            session.enter(SmtpState.BDAT_CHUNK);
        } else {
            // "BDAT 0 LAST" (RFC 3030 §2) ends a message with no more bytes: it crossed all
            // the same.
            chunkBytesSent();
        }
        if (markerStart != markerEnd) {
            // LAST: the next BDAT opens another message.
            bdatMessageOpen = false;
        }
    }

    /** MAIL or RSET: any BDAT message not ended with LAST is over (RFC 5321 §4.1.1.5). */
    void onNewTransaction() {
        bdatMessageOpen = false;
        bdatTransferPending = false;
    }

    /**
     * In {@link SmtpState#BDAT_CHUNK}: skips the chunk's bytes in the client's current chunk.
     *
     * @return false when the current chunk is used up
     */
    boolean skipChunkBytes() {
        if (clientFramer.remaining() == 0) {
            return false;
        }
        chunkBytesSent();
        bdatRemaining -= clientFramer.skipRaw(bdatRemaining);
        if (bdatRemaining == 0) {
            session.enter(SmtpState.COMMAND);
        }
        return true;
    }

    /** Lost client bytes in {@link SmtpState#BDAT_CHUNK}: they count against the chunk. */
    void onGapInChunk(long length) {
        // Lost bytes were sent all the same.
        chunkBytesSent();
        if (length < bdatRemaining) {
            bdatRemaining -= length;
            return;
        }
        boolean overrun = length > bdatRemaining;
        bdatRemaining = 0;
        session.enter(SmtpState.COMMAND);
        if (overrun) {
            clientFramer.resync();
        }
    }

    /**
     * A server answers BDAT only once it has the whole chunk (RFC 3030 §2); an answer while the
     * chunk is still being skipped means the server took no chunk (refused command) or counted
     * differently: either way, what follows is read as commands, as the server reads it.
     */
    void onBdatReply(PendingCommands.Entry entry) {
        pending.removeOldest();
        if (session.state() == SmtpState.BDAT_CHUNK && entry.seq == bdatSeq) {
            session.anomaly("bdat-chunk-cut-by-reply", reply.frame(), reply.timeMicros(),
                    reply.firstLineEvidence());
            // The server took no chunk: a message not yet said has not crossed.
            if (bdatTransferPending) {
                bdatTransferPending = false;
                bdatMessageOpen = false;
            }
            bdatRemaining = 0;
            session.enter(SmtpState.COMMAND);
        }
    }

    private void keepMessageCommand(CommandLine cmd) {
        Line line = cmd.line();
        messageFrame = line.frame();
        messageTimeMicros = line.timeMicros();
        messageEvidence = session.commandEvidence(cmd);
    }

    /** The first chunk byte of a BDAT message not yet said: it is said now. */
    private void chunkBytesSent() {
        if (bdatTransferPending) {
            bdatTransferPending = false;
            emitTransfer("BDAT");
        }
    }

    private void emitTransfer(String command) {
        session.emit(new MessageTransfer(session.info(), messageFrame, messageTimeMicros, command,
                session.tlsConfirmed(), messageEvidence));
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
