package org.stripscope.mail.smtp;

import org.stripscope.mail.EvidenceText;
import org.stripscope.mail.Line;
import org.stripscope.mail.LineFramer;
import org.stripscope.mail.LineTerminator;

/**
 * Message content within an {@link SmtpSession}, which is skipped, never interpreted: the lines
 * after DATA up to CRLF "." CRLF (RFC 5321 §4.1.1.4; a bare-LF dot is content, see
 * {@link #onContentLine}), and the raw chunk after BDAT (RFC 3030 §2).
 *
 * <p>Lost bytes: a gap inside a BDAT chunk is subtracted from the chunk (sizes are exact). A gap
 * inside DATA content keeps the session in content mode until the "." line; if that line was
 * lost, the server's final reply to DATA (which a server sends only after the end of the content)
 * puts the session back in command mode, with a "data-end-not-seen" anomaly.
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
        if (size > 0) {
            bdatRemaining = size;
            bdatSeq = seq;
            session.enter(SmtpState.BDAT_CHUNK);
        }
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
        bdatRemaining -= clientFramer.skipRaw(bdatRemaining);
        if (bdatRemaining == 0) {
            session.enter(SmtpState.COMMAND);
        }
        return true;
    }

    /** Lost client bytes in {@link SmtpState#BDAT_CHUNK}: they count against the chunk. */
    void onGapInChunk(long length) {
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
            bdatRemaining = 0;
            session.enter(SmtpState.COMMAND);
        }
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
