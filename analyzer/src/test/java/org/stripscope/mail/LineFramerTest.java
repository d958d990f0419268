package org.stripscope.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    /** Feeds the chunks in order (frames 1, 2, ...) and describes every line as text|term|first-last. */
    private static List<String> lines(LineFramer framer, String... chunks) {
        List<String> out = new ArrayList<>();
        long frame = 0;
        for (String chunk : chunks) {
            byte[] bytes = Transcript.bytes(chunk);
            framer.begin(bytes, 0, bytes.length, ++frame, frame * 10);
            for (Line line = framer.nextLine(); line != null; line = framer.nextLine()) {
                out.add(describe(line));
            }
        }
        Line last = framer.flush();
        if (last != null) {
            out.add(describe(last));
        }
        return out;
    }

    private static String describe(Line line) {
        return EvidenceText.escape(line.bytes(), 0, line.length()) + "|"
                + line.terminator() + "|" + line.firstFrame() + "-" + line.frame()
                + (line.truncated() ? "|cut " + line.wireLength() : "");
    }

    @Test
    void terminatorsAreKeptAndBareCrIsAnOrdinaryByte() {
        assertEquals(List.of("a|CRLF|1-1", "b|LF|1-1", "c\\rd|CRLF|1-1", "|CRLF|1-1", "tail|NONE|1-1"),
                lines(new LineFramer(), "a<CRLF>b<LF>c<CR>d<CRLF><CRLF>tail"));
    }

    @Test
    void lineAcrossChunks_namesFirstAndLastFrame() {
        assertEquals(List.of("EHLO x|CRLF|1-3", "QUIT|CRLF|3-3"),
                lines(new LineFramer(), "EH", "LO x<CR>", "<LF>QUIT<CRLF>"));
    }

    @Test
    void lfAloneInLaterChunk_isTheLastByteOfTheLine() {
        assertEquals(List.of("abc|CRLF|1-2"), lines(new LineFramer(), "abc<CR>", "<LF>"));
    }

    @Test
    void overlongLine_yieldsItsHeadOnceAndFramingGoesOn() {
        LineFramer framer = new LineFramer(4);
        assertEquals(List.of("abcd|CRLF|1-2|cut 10", "ok|LF|2-2"),
                lines(framer, "abcdefg", "hij<CRLF>ok<LF>"));
    }

    @Test
    void overlongLineWithCrAtTheLimit_stillEndsInCrlf() {
        assertEquals(List.of("abcd|CRLF|1-1"), lines(new LineFramer(4), "abcd<CRLF>"));
        assertEquals(List.of("abcd|CRLF|1-1|cut 5"), lines(new LineFramer(4), "abcde<CRLF>"));
    }

    @Test
    void gap_flushesThePartialLineAndResyncsAfterTheNextLf() {
        LineFramer framer = new LineFramer();
        byte[] first = Transcript.bytes("MAIL FROM:<a@b");
        framer.begin(first, 0, first.length, 1, 10);
        assertNull(framer.nextLine());
        Line partial = framer.gap();
        assertEquals("MAIL FROM:<a@b|NONE|1-1", describe(partial));
        byte[] next = Transcript.bytes("lost tail<CRLF>RSET<CRLF>");
        framer.begin(next, 0, next.length, 3, 30);
        assertEquals("RSET|CRLF|3-3", describe(framer.nextLine()));
        assertNull(framer.nextLine());
    }

    @Test
    void skipRaw_switchesModeInTheMiddleOfAChunk() {
        LineFramer framer = new LineFramer();
        byte[] chunk = Transcript.bytes("BDAT 10<CRLF>0123456789QUIT<CRLF>");
        framer.begin(chunk, 0, chunk.length, 1, 10);
        assertEquals("BDAT 10|CRLF|1-1", describe(framer.nextLine()));
        assertEquals(10, framer.skipRaw(10));
        assertEquals("QUIT|CRLF|1-1", describe(framer.nextLine()));
        assertEquals(0, framer.remaining());
    }

    @Test
    void skipRaw_stopsAtTheEndOfTheChunk() {
        LineFramer framer = new LineFramer();
        byte[] chunk = Transcript.bytes("0123");
        framer.begin(chunk, 0, chunk.length, 1, 10);
        assertEquals(4, framer.skipRaw(10));
        assertEquals(0, framer.skipRaw(6));
    }

    @Test
    void peekRaw_seesHeldBytesThenTheChunkWithoutConsuming() {
        LineFramer framer = new LineFramer();
        byte[] first = {0x16};
        framer.begin(first, 0, 1, 1, 10);
        assertNull(framer.nextLine());
        byte[] second = {0x03, 0x01, 0x00};
        framer.begin(second, 0, 3, 2, 20);
        byte[] peek = new byte[3];
        assertEquals(3, framer.peekRaw(peek, 3));
        assertArrayEquals(new byte[] {0x16, 0x03, 0x01}, peek);
        assertEquals(3, framer.remaining());
        assertEquals("\\x16|NONE|1-1", describe(framer.flush()));
    }

    @Test
    void reset_forgetsThePartialLine() {
        LineFramer framer = new LineFramer();
        byte[] chunk = Transcript.bytes("half");
        framer.begin(chunk, 0, chunk.length, 1, 10);
        assertNull(framer.nextLine());
        framer.reset();
        assertNull(framer.flush());
    }

    @Test
    void buffer_startsSmallAndGrowsWithLongerLinesUpToTheLimit() {
        LineFramer framer = new LineFramer(1000);
        assertEquals(128, framer.bufferCapacity());
        String mid = "m".repeat(300);
        assertEquals(List.of(mid + "|CRLF|1-2"), lines(framer, mid.substring(0, 100),
                mid.substring(100) + "<CRLF>"));
        assertEquals(512, framer.bufferCapacity());
        String tooLong = "t".repeat(5000);
        assertEquals(List.of("t".repeat(1000) + "|LF|1-1|cut 5000"),
                lines(framer, tooLong + "<LF>"));
        assertEquals(1003, framer.bufferCapacity());
    }
}
