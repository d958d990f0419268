package org.stripscope.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.stripscope.capture.LinkType;
import org.stripscope.decode.DecodeStatus;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.smtp.SmtpLimits;
import org.stripscope.mail.smtp.SmtpSession;
import org.stripscope.tcp.CloseReason;
import org.stripscope.tcp.FlowTable;
import org.stripscope.tcp.TcpLimits;

/**
 * SMTP parsing of one submission (greeting, EHLO, AUTH PLAIN, a 40-line message, QUIT): the
 * session fed its segments directly, and the whole path from frame bytes (decode, flow table,
 * session). Results are in ns per data segment (session alone) and per frame (whole path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SmtpBenchmark {

    private static final SessionInfo INFO = new SessionInfo("bench", 1, Protocol.SMTP,
            "192.0.2.1", 40000, "198.51.100.1", 25, true);

    private byte[][] chunks;
    private boolean[] fromClient;
    private byte[][] frameArray;

    /** Data segments of the transcript. */
    static final int SEGMENTS = 15;
    /** Frames of the connection: handshake, each segment and its ACK, close. */
    static final int FRAMES = 3 + 2 * SEGMENTS + 3;

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    /** One table for the run: each replay opens a new session on the flow the last one closed. */
    private FlowTable flows;
    private long frame;
    private long time = 1_700_000_000_000_000L;

    @Setup
    public void transcript(Blackhole bh) {
        flows = new FlowTable(TcpLimits.defaults(), port -> port == 25,
                (endpoints, frame, time) -> new SmtpSession(INFO, bh::consume, SmtpLimits.defaults(), false));
        List<String> t = BenchFrames.smtpTranscript();
        chunks = new byte[t.size()][];
        fromClient = new boolean[t.size()];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = t.get(i).substring(3).getBytes(StandardCharsets.ISO_8859_1);
            fromClient[i] = t.get(i).startsWith("C: ");
        }
        frameArray = BenchFrames.connection(25, t).toArray(new byte[0][]);
        if (chunks.length != SEGMENTS || frameArray.length != FRAMES) {
            throw new IllegalStateException("the transcript changed: update SEGMENTS");
        }
    }

    /** The session alone: one call per data segment. */
    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public void sessionOnly(Blackhole bh) {
        SmtpSession session = new SmtpSession(INFO, bh::consume, SmtpLimits.defaults(), false);
        for (int i = 0; i < chunks.length; i++) {
            session.onData(fromClient[i], chunks[i], 0, chunks[i].length, i + 1, i);
        }
        session.onClose(CloseReason.FIN, chunks.length, chunks.length);
    }

    /** Frame bytes to events, per frame. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeFlowAndSession() {
        for (byte[] f : frameArray) {
            if (decoder.decode(LinkType.EN10MB, f, f.length, packet) == DecodeStatus.TCP) {
                flows.onPacket(packet, ++frame, ++time);
            }
        }
    }
}
