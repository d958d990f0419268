package org.stripscope.mail.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.Transcript;
import org.stripscope.mail.Transcript.Segment;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.CommandMasked;
import org.stripscope.mail.event.Gap;
import org.stripscope.mail.event.Greeting;
import org.stripscope.mail.event.ImplicitTlsPlaintext;
import org.stripscope.mail.event.LineStamp;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.MessageTransfer;
import org.stripscope.mail.event.PlaintextAfterStartTls;
import org.stripscope.mail.event.ProtocolAnomaly;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.mail.event.StartTlsReplied;
import org.stripscope.mail.event.StartTlsRequested;
import org.stripscope.mail.event.TlsConfirmed;
import org.stripscope.mail.event.TlsHandshakeFailed;
import org.stripscope.mail.event.TlsNotFollowed;
import org.stripscope.tcp.CloseReason;

/**
 * Replays a transcript into an {@link ImapSession} whole, byte by byte, and with one extra cut at
 * every position of each direction, and checks that every replay gives the same events. Events
 * are compared as compact strings; frames ({@code @N}) only in the whole replay, where segment
 * numbers are the transcript's line numbers (1-based, close = last + 1).
 */
final class ImapReplay {

    private static final Pattern FRAMES = Pattern.compile(" (cmd|first|start)?@\\d+");

    private final String transcript;
    private boolean handshakeSeen = true;
    private boolean implicitTls;
    private int serverPort = 143;
    private ImapLimits limits = ImapLimits.defaults();
    private CloseReason closeReason = CloseReason.FIN;
    private final List<String> everything = new ArrayList<>();

    private ImapReplay(String transcript) {
        this.transcript = transcript;
    }

    static ImapReplay of(String transcript) {
        return new ImapReplay(transcript);
    }

    ImapReplay midSession() {
        handshakeSeen = false;
        return this;
    }

    ImapReplay implicitTls() {
        implicitTls = true;
        serverPort = 993;
        return this;
    }

    ImapReplay limits(ImapLimits value) {
        limits = value;
        return this;
    }

    ImapReplay closedBy(CloseReason reason) {
        closeReason = reason;
        return this;
    }

    /** Asserts the events of every replay; returns every event's full text seen in any replay. */
    List<String> expect(String... framedEvents) {
        List<Segment> segments = Transcript.parse(transcript);
        List<String> expected = List.of(framedEvents);
        assertEquals(expected, run(segments, true), "whole replay");
        List<String> unframed = expected.stream().map(ImapReplay::unframed).toList();
        assertEquals(unframed, run(Transcript.byteByByte(segments), false), "byte-by-byte replay");
        for (boolean client : new boolean[] {true, false}) {
            int length = Transcript.length(segments, client);
            for (int p = 1; p < length; p++) {
                List<Segment> split = Transcript.splitAt(segments, client, p);
                if (split != null) {
                    assertEquals(unframed, run(split, false),
                            (client ? "client" : "server") + " stream split at " + p);
                }
            }
        }
        return everything;
    }

    /** The events of the whole replay only, framed, for tests that look at event fields. */
    List<MailEvent> events() {
        return replay(Transcript.parse(transcript));
    }

    private List<String> run(List<Segment> segments, boolean framed) {
        List<String> out = new ArrayList<>();
        for (MailEvent e : replay(segments)) {
            everything.add(e.toString());
            String text = describe(e);
            out.add(framed ? text : unframed(text));
        }
        return out;
    }

    private List<MailEvent> replay(List<Segment> segments) {
        SessionInfo info = new SessionInfo("test.pcap", 1, Protocol.IMAP, "192.0.2.10", 50123,
                "198.51.100.143", serverPort, handshakeSeen);
        List<MailEvent> events = new ArrayList<>();
        ImapSession session = new ImapSession(info, events::add, limits, implicitTls);
        long frame = 0;
        for (Segment s : segments) {
            frame++;
            long time = frame * 1000;
            if (s.isGap()) {
                session.onGap(s.fromClient(), s.gapLength(), frame, time);
            } else {
                // A fresh array per call, filled after the call, proves the session keeps no view.
                byte[] copy = s.data().clone();
                session.onData(s.fromClient(), copy, 0, copy.length, frame, time);
                java.util.Arrays.fill(copy, (byte) 'Z');
            }
        }
        session.onClose(closeReason, frame + 1, (frame + 1) * 1000);
        return events;
    }

    static String unframed(String text) {
        return FRAMES.matcher(text).replaceAll("");
    }

    /** A compact, complete description of an event: kind, content, frames. */
    static String describe(MailEvent e) {
        String at = " @" + e.frame();
        if (e instanceof Greeting g) {
            return "Greeting " + g.code() + " " + g.text() + at;
        } else if (e instanceof CapabilitiesSeen c) {
            assertEquals(c.keywords(), c.lines(), "IMAP capability lines are the atoms");
            assertEquals(c.keywords().size(), c.lineStamps().size(), "one stamp per atom");
            for (LineStamp s : c.lineStamps()) {
                assertEquals(c.frame(), s.frame(), "every atom is stamped with its line's frame");
            }
            return "Capabilities " + c.command() + " " + c.keywords()
                    + (c.inTls() ? " inTls" : "") + (c.afterGap() ? " afterGap" : "")
                    + " first@" + c.firstFrame() + at;
        } else if (e instanceof StartTlsRequested r) {
            return "StartTlsRequested " + r.evidence() + at;
        } else if (e instanceof StartTlsReplied r) {
            return "StartTlsReplied " + r.code() + (r.accepted() ? " accepted" : " refused") + at;
        } else if (e instanceof TlsConfirmed t) {
            return "TlsConfirmed " + (t.fromClient() ? "client" : "server") + at;
        } else if (e instanceof TlsNotFollowed t) {
            return "TlsNotFollowed " + (t.fromClient() ? "client " : "server ") + t.evidence() + at;
        } else if (e instanceof TlsHandshakeFailed t) {
            return "TlsHandshakeFailed " + t.how() + " " + t.evidence() + " start@" + t.startFrame()
                    + at;
        } else if (e instanceof PlaintextAfterStartTls p) {
            return "PlaintextAfterStartTls " + (p.fromClient() ? "client " : "server ") + p.bytes()
                    + " " + p.evidence() + at;
        } else if (e instanceof ImplicitTlsPlaintext p) {
            return "ImplicitTlsPlaintext " + (p.fromClient() ? "client " : "server ")
                    + p.evidence() + at;
        } else if (e instanceof AuthAttempt a) {
            return "Auth " + a.mechanism() + " user=" + a.username() + " " + a.credentials() + " "
                    + a.outcome() + " " + a.outcomeCode() + (a.inTls() ? " inTls" : "")
                    + " ev=" + a.evidence() + " cmd@" + a.commandFrame() + at;
        } else if (e instanceof MessageTransfer m) {
            return "MessageTransfer " + m.command() + " " + m.evidence() + at;
        } else if (e instanceof CommandMasked m) {
            return "CommandMasked " + m.verb() + " " + m.evidence() + at;
        } else if (e instanceof Gap g) {
            return "Gap " + (g.fromClient() ? "client " : "server ") + g.bytes() + at;
        } else if (e instanceof ProtocolAnomaly p) {
            return "Anomaly " + p.reason() + at;
        } else if (e instanceof SessionClosed c) {
            return "Closed " + c.reason() + " " + c.state() + at;
        }
        throw new AssertionError("unknown event " + e);
    }
}
