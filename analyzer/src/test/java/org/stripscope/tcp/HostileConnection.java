package org.stripscope.tcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.IpAddress;
import org.stripscope.detect.Detection;
import org.stripscope.detect.Finding;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.smtp.SmtpLimits;
import org.stripscope.mail.smtp.SmtpSession;

/**
 * One SMTP connection on port 25 through the real flow table, SMTP session and detectors, built
 * segment by segment so that a test can deliver the same conversation with any TCP trick. Stream
 * positions are offsets from each side's ISN + 1; every segment acknowledges all the peer's
 * bytes sent so far unless the test says otherwise.
 */
final class HostileConnection {

    static final long CLIENT = IpAddress.v4Lo(0xC000020A); // 192.0.2.10
    static final long SERVER = IpAddress.v4Lo(0xC6336419); // 198.51.100.25

    final List<MailEvent> events = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    final FlowTable table;
    private final DecodedPacket p = new DecodedPacket();
    int clientIsn = 1000;
    int serverIsn = 5000;
    /** Bytes sent so far by each side (the next new byte's offset). */
    long clientSent;
    long serverSent;
    long frame;
    int window = 65535;
    /** Capture time added to every later packet (a packet's time is otherwise its frame in ms). */
    long laterMicros;

    HostileConnection() {
        this(TcpLimits.defaults(), SmtpLimits.defaults());
    }

    HostileConnection(TcpLimits tcpLimits, SmtpLimits smtpLimits) {
        Detection detection = new Detection(Detection.allDetectors(), findings::add);
        table = new FlowTable(tcpLimits, port -> port == 25, (e, f, t) -> new SmtpSession(
                new SessionInfo("evasion.pcap", 1, Protocol.SMTP, "192.0.2.10", e.clientPort(), "198.51.100.25",
                        25, e.handshakeSeen()),
                event -> {
                    events.add(event);
                    detection.accept(event);
                }, smtpLimits, false));
    }

    void handshake() {
        segment(true, DecodedPacket.SYN, clientIsn, 0, new byte[0], 0, 0);
        segment(false, DecodedPacket.SYN | DecodedPacket.ACK, serverIsn, clientIsn + 1, new byte[0], 0, 0);
        segment(true, DecodedPacket.ACK, clientIsn + 1, serverIsn + 1, new byte[0], 0, 0);
    }

    /** The side's next bytes in one segment. */
    void send(boolean fromClient, String text) {
        byte[] b = latin1(text);
        at(fromClient, sent(fromClient), b, 0, b.length, DecodedPacket.PSH | DecodedPacket.ACK, 0);
        advance(fromClient, b.length);
    }

    /** The side's next bytes, {@code size} bytes per segment. */
    void sendInPieces(boolean fromClient, String text, int size) {
        byte[] b = latin1(text);
        for (int i = 0; i < b.length; i += size) {
            at(fromClient, sent(fromClient) + i, b, i, Math.min(size, b.length - i), DecodedPacket.PSH | DecodedPacket.ACK, 0);
        }
        advance(fromClient, b.length);
    }

    /** The side's next bytes, {@code size} bytes per segment, last segment first. */
    void sendInPiecesReversed(boolean fromClient, String text, int size) {
        byte[] b = latin1(text);
        int last = (b.length - 1) / size * size;
        for (int i = last; i >= 0; i -= size) {
            at(fromClient, sent(fromClient) + i, b, i, Math.min(size, b.length - i), DecodedPacket.PSH | DecodedPacket.ACK, 0);
        }
        advance(fromClient, b.length);
    }

    /** Bytes at a given stream offset of one side, without moving what counts as sent. */
    void at(boolean fromClient, long offset, byte[] b, int from, int length, int flags, int urgentPointer) {
        int seq = (fromClient ? clientIsn : serverIsn) + 1 + (int) offset;
        int ack = (fromClient ? serverIsn : clientIsn) + 1 + (int) sent(!fromClient);
        byte[] payload = new byte[length];
        System.arraycopy(b, from, payload, 0, length);
        p.urgentPointer = urgentPointer;
        segment(fromClient, flags, seq, ack, payload, 0, length);
        p.urgentPointer = 0;
    }

    void at(boolean fromClient, long offset, String text) {
        byte[] b = latin1(text);
        at(fromClient, offset, b, 0, b.length, DecodedPacket.PSH | DecodedPacket.ACK, 0);
    }

    void advance(boolean fromClient, long bytes) {
        if (fromClient) {
            clientSent += bytes;
        } else {
            serverSent += bytes;
        }
    }

    long sent(boolean fromClient) {
        return fromClient ? clientSent : serverSent;
    }

    /** A segment without payload (ACK, RST...) from one side at its current position plus {@code delta}. */
    /** Capture time passes without packets. */
    void later(long micros) {
        laterMicros += micros;
    }

    void bare(boolean fromClient, int flags, int delta) {
        int seq = (fromClient ? clientIsn : serverIsn) + 1 + (int) sent(fromClient) + delta;
        int ack = (fromClient ? serverIsn : clientIsn) + 1 + (int) sent(!fromClient);
        segment(fromClient, flags, seq, ack, new byte[0], 0, 0);
    }

    /** FIN from both sides, acknowledged, then the end of the capture. */
    void finish() {
        bare(true, DecodedPacket.FIN | DecodedPacket.ACK, 0);
        advance(true, 1);
        bare(false, DecodedPacket.FIN | DecodedPacket.ACK, 0);
        advance(false, 1);
        bare(true, DecodedPacket.ACK, 0);
        table.closeAll(frame + 1, (frame + 1) * 1000 + laterMicros);
    }

    void segment(boolean fromClient, int flags, int seq, int ack, byte[] payload, int offset, int length) {
        p.ipVersion = 4;
        p.ttl = 64;
        p.ipId = (int) frame;
        p.srcHi = 0;
        p.dstHi = 0;
        p.srcLo = fromClient ? CLIENT : SERVER;
        p.dstLo = fromClient ? SERVER : CLIENT;
        p.srcPort = fromClient ? 50123 : 25;
        p.dstPort = fromClient ? 25 : 50123;
        p.seq = seq;
        p.ack = ack;
        p.flags = flags;
        p.window = window;
        p.frame = payload;
        p.payloadOffset = offset;
        p.payloadLength = length;
        p.wirePayloadLength = length;
        frame++;
        table.onPacket(p, frame, frame * 1000 + laterMicros);
    }

    /** The finding codes made, in order. */
    List<String> findingCodes() {
        return findings.stream().map(f -> f.code().code()).toList();
    }

    /** The kinds of events emitted, as a sorted set (what happened, not how often). */
    TreeSet<String> eventKinds() {
        TreeSet<String> kinds = new TreeSet<>();
        for (MailEvent e : events) {
            kinds.add(e.getClass().getSimpleName());
        }
        return kinds;
    }

    long count(TcpStats.Counter counter) {
        return table.stats().get(counter);
    }

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
