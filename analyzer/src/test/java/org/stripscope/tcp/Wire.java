package org.stripscope.tcp;

import java.nio.charset.StandardCharsets;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.IpAddress;

/**
 * Feeds hand-made segments of one client/server pair to a flow table, numbering frames from 1.
 * Addresses come from the documentation ranges (RFC 5737).
 */
final class Wire {

    static final long CLIENT_LO = IpAddress.v4Lo(0xC0000201); // 192.0.2.1
    static final long SERVER_LO = IpAddress.v4Lo(0xC6336402); // 198.51.100.2

    static final int SYN = DecodedPacket.SYN;
    static final int ACK = DecodedPacket.ACK;
    static final int FIN = DecodedPacket.FIN;
    static final int RST = DecodedPacket.RST;
    static final int PSH = DecodedPacket.PSH;

    private final FlowTable table;
    private final DecodedPacket p = new DecodedPacket();
    int clientPort = 40000;
    int serverPort = 25;
    long frame;
    long timeMicros;

    Wire(FlowTable table) {
        this.table = table;
    }

    /** A segment from the client; returns its frame number. */
    long c(int flags, int seq, int ack, String payload) {
        return send(true, flags, seq, ack, payload, payload.length());
    }

    /** A segment from the server; returns its frame number. */
    long s(int flags, int seq, int ack, String payload) {
        return send(false, flags, seq, ack, payload, payload.length());
    }

    /** A segment whose payload was {@code wireLength} bytes on the wire but only {@code payload} was captured. */
    long send(boolean fromClient, int flags, int seq, int ack, String payload, int wireLength) {
        byte[] bytes = ("\0\0\0\0" + payload).getBytes(StandardCharsets.ISO_8859_1);
        p.ipVersion = 4;
        p.srcHi = 0;
        p.dstHi = 0;
        p.srcLo = fromClient ? CLIENT_LO : SERVER_LO;
        p.dstLo = fromClient ? SERVER_LO : CLIENT_LO;
        p.srcPort = fromClient ? clientPort : serverPort;
        p.dstPort = fromClient ? serverPort : clientPort;
        p.seq = seq;
        p.ack = ack;
        p.flags = flags;
        p.frame = bytes;
        p.payloadOffset = 4;
        p.payloadLength = payload.length();
        p.wirePayloadLength = wireLength;
        frame++;
        table.onPacket(p, frame, timeMicros);
        return frame;
    }

    /** SYN, SYN/ACK, ACK with the given initial sequence numbers (frames 1 to 3 on a fresh wire). */
    void handshake(int clientIsn, int serverIsn) {
        c(SYN, clientIsn, 0, "");
        s(SYN | ACK, serverIsn, clientIsn + 1, "");
        c(ACK, clientIsn + 1, serverIsn + 1, "");
    }
}
