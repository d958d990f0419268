package org.stripscope.mail.pop3;

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
 * Replays a transcript into a {@link Pop3Session} whole, byte by byte, and with one extra cut at
 * every position of each direction, and checks that every replay gives the same events. Events
 * are compared as compact strings; frames ({@code @N}) only in the whole replay, where segment
 * numbers are the transcript's line numbers (1-based, close = last + 1).
 */
final class Pop3Replay {

    private static final Pattern FRAMES =
            Pattern.compile(" (cmd|first|start)?@\\d+| lines@\\[[^\\]]*\\]");

    private final String transcript;
    private boolean handshakeSeen = true;
    private boolean implicitTls;
    private int serverPort = 110;
    private CloseReason closeReason = CloseReason.FIN;
    private Pop3Limits limits = Pop3Limits.DEFAULTS;
    private final List<String> everything = new ArrayList<>();

    private Pop3Replay(String transcript) {
        this.transcript = transcript;
    }

    static Pop3Replay of(String transcript) {
        return new Pop3Replay(transcript);
    }

    Pop3Replay midSession() {
        handshakeSeen = false;
        return this;
    }

    Pop3Replay implicitTls() {
        implicitTls = true;
        serverPort = 995;
        return this;
    }

    Pop3Replay closedBy(CloseReason reason) {
        closeReason = reason;
        return this;
    }

    Pop3Replay limits(Pop3Limits value) {
        limits = value;
        return this;
    }

    /** Asserts the events of every replay; returns every event's full text seen in any replay. */
    List<String> expect(String... framedEvents) {
        List<Segment> segments = Transcript.parse(transcript);
        List<String> expected = List.of(framedEvents);
        assertEquals(expected, run(segments, true), "whole replay");
        List<String> unframed = expected.stream().map(Pop3Replay::unframed).toList();
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

    private List<String> run(List<Segment> segments, boolean framed) {
        SessionInfo info = new SessionInfo("test.pcap", 1, Protocol.POP3, "192.0.2.10", 50123,
                "198.51.100.110", serverPort, handshakeSeen);
        List<MailEvent> events = new ArrayList<>();
        Pop3Session session = new Pop3Session(info, events::add, implicitTls, limits);
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
        List<String> out = new ArrayList<>();
        for (MailEvent e : events) {
            everything.add(e.toString());
            String text = describe(e);
            out.add(framed ? text : unframed(text));
        }
        return out;
    }

    static String unframed(String text) {
        return FRAMES.matcher(text).replaceAll("");
    }

    /** The frame of each capability line, shown only when some line came before the last. */
    private static String lineFrames(CapabilitiesSeen c) {
        assertEquals(c.lines().size(), c.lineStamps().size(), "one stamp per capability line");
        List<Long> frames = new ArrayList<>();
        boolean differs = false;
        for (LineStamp s : c.lineStamps()) {
            assertEquals(s.frame() * 1000, s.timeMicros(), "stamp time of frame " + s.frame());
            frames.add(s.frame());
            differs |= s.frame() != c.frame();
        }
        return differs ? " lines@" + frames : "";
    }

    /** A compact, complete description of an event: kind, content, frames. */
    static String describe(MailEvent e) {
        String at = " @" + e.frame();
        if (e instanceof Greeting g) {
            return "Greeting " + g.code() + " " + g.text() + at;
        } else if (e instanceof CapabilitiesSeen c) {
            return "Capabilities " + c.command() + " " + c.keywords() + " lines=" + c.lines()
                    + (c.inTls() ? " inTls" : "") + (c.afterGap() ? " afterGap" : "")
                    + " first@" + c.firstFrame() + lineFrames(c) + at;
        } else if (e instanceof StartTlsRequested r) {
            return "StartTlsRequested " + r.evidence() + at;
        } else if (e instanceof StartTlsReplied r) {
            return "StartTlsReplied " + r.code() + (r.accepted() ? " accepted" : " refused") + at;
        } else if (e instanceof TlsConfirmed t) {
            return "TlsConfirmed " + (t.fromClient() ? "client" : "server") + at;
        } else if (e instanceof TlsNotFollowed t) {
            return "TlsNotFollowed " + (t.fromClient() ? "client " : "server ") + t.evidence() + at;
        } else if (e instanceof PlaintextAfterStartTls p) {
            return "PlaintextAfterStartTls " + (p.fromClient() ? "client " : "server ") + p.bytes()
                    + " " + p.evidence() + at;
        } else if (e instanceof ImplicitTlsPlaintext p) {
            return "ImplicitTlsPlaintext " + (p.fromClient() ? "client " : "server ")
                    + p.evidence() + at;
        } else if (e instanceof TlsHandshakeFailed f) {
            return "TlsHandshakeFailed " + f.how() + " " + f.evidence() + " start@" + f.startFrame()
                    + at;
        } else if (e instanceof CommandMasked m) {
            return "CommandMasked " + m.verb() + " " + m.evidence() + at;
        } else if (e instanceof MessageTransfer m) {
            return "MessageTransfer " + m.command() + (m.inTls() ? " inTls" : "") + " "
                    + m.evidence() + at;
        } else if (e instanceof AuthAttempt a) {
            return "Auth " + a.mechanism() + " user=" + a.username() + " " + a.credentials() + " "
                    + a.outcome() + " " + a.outcomeCode() + (a.inTls() ? " inTls" : "")
                    + " ev=" + a.evidence() + " cmd@" + a.commandFrame() + at;
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
