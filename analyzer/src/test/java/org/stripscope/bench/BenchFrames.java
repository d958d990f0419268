package org.stripscope.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Ethernet / IPv4 / TCP frames for the benchmarks, built the way scripts/bench's generator does. */
final class BenchFrames {

    static final int SYN = 0x02;
    static final int ACK = 0x10;
    static final int PSH = 0x08;
    static final int FIN = 0x01;

    static final int CLIENT = 0xc0000201; // 192.0.2.1
    static final int SERVER = 0xc6336401; // 198.51.100.1

    private BenchFrames() {
    }

    static byte[] tcp(int src, int dst, int sport, int dport, int seq, int ack, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0});
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload.length)).putShort((short) 1)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack).put((byte) 0x50)
                .put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    static byte[] udp(int src, int dst, int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0});
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 0)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    /**
     * A whole connection as frames: handshake, each chunk of the transcript as one segment
     * (client lines start with "C: ", server lines with "S: ") followed by the other side's ACK,
     * FIN close.
     */
    static List<byte[]> connection(int serverPort, List<String> transcript) {
        List<byte[]> frames = new ArrayList<>();
        int cport = 40000;
        int cseq = 1000;
        int sseq = 5000;
        frames.add(tcp(CLIENT, SERVER, cport, serverPort, cseq++, 0, SYN, new byte[0]));
        frames.add(tcp(SERVER, CLIENT, serverPort, cport, sseq++, cseq, SYN | ACK, new byte[0]));
        frames.add(tcp(CLIENT, SERVER, cport, serverPort, cseq, sseq, ACK, new byte[0]));
        for (String line : transcript) {
            byte[] data = line.substring(3).getBytes(StandardCharsets.ISO_8859_1);
            if (line.startsWith("C: ")) {
                frames.add(tcp(CLIENT, SERVER, cport, serverPort, cseq, sseq, ACK | PSH, data));
                cseq += data.length;
                frames.add(tcp(SERVER, CLIENT, serverPort, cport, sseq, cseq, ACK, new byte[0]));
            } else {
                frames.add(tcp(SERVER, CLIENT, serverPort, cport, sseq, cseq, ACK | PSH, data));
                sseq += data.length;
                frames.add(tcp(CLIENT, SERVER, cport, serverPort, cseq, sseq, ACK, new byte[0]));
            }
        }
        frames.add(tcp(CLIENT, SERVER, cport, serverPort, cseq++, sseq, FIN | ACK, new byte[0]));
        frames.add(tcp(SERVER, CLIENT, serverPort, cport, sseq++, cseq, FIN | ACK, new byte[0]));
        frames.add(tcp(CLIENT, SERVER, cport, serverPort, cseq, sseq, ACK, new byte[0]));
        return frames;
    }

    /** An SMTP submission with AUTH PLAIN and one 40-line message, as a transcript. */
    static List<String> smtpTranscript() {
        List<String> t = new ArrayList<>(List.of(
                "S: 220 mail.example.net ESMTP\r\n",
                "C: EHLO client.example.org\r\n",
                "S: 250-mail.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n"
                        + "250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n",
                "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n",
                "S: 235 2.7.0 Authentication successful\r\n",
                "C: MAIL FROM:<a@example.org>\r\n",
                "S: 250 2.1.0 Ok\r\n",
                "C: RCPT TO:<b@example.net>\r\n",
                "S: 250 2.1.5 Ok\r\n",
                "C: DATA\r\n",
                "S: 354 End data with <CR><LF>.<CR><LF>\r\n"));
        StringBuilder body = new StringBuilder("C: Subject: t\r\n\r\n");
        for (int i = 0; i < 40; i++) {
            body.append("Line ").append(i).append(" of a message body that goes on for a while.\r\n");
        }
        t.add(body.append(".\r\n").toString());
        t.addAll(List.of("S: 250 2.0.0 Ok: queued\r\n", "C: QUIT\r\n", "S: 221 2.0.0 Bye\r\n"));
        return t;
    }
}
