package org.stripscope.bench;

import java.util.ArrayList;
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
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;
import org.stripscope.tcp.CloseReason;
import org.stripscope.tcp.FlowTable;
import org.stripscope.tcp.StreamListener;
import org.stripscope.tcp.TcpLimits;

/**
 * The flow table and reassembly, in ns per packet: one mail connection of {@link #SEGMENTS}
 * data segments of 512 bytes, each acknowledged, from SYN to the closing ACK, and the same
 * packets on a port that is not mail (dropped early). Frames are decoded once in the set-up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReassemblyBenchmark {

    static final int SEGMENTS = 1000;
    /** Handshake (3), a segment and its ACK each, close (3). */
    static final int PACKETS = 3 + 2 * SEGMENTS + 3;

    private DecodedPacket[] mail;
    private DecodedPacket[] other;
    private FlowTable flows;
    private long frame;
    private long time = 1_700_000_000_000_000L;

    /**
     * One table for the whole run: each replay of the connection starts with a SYN on the flow
     * the previous replay closed with FIN, which opens a new session, so the table's set-up is
     * not part of the figure.
     */
    @Setup
    public void packets(Blackhole bh) {
        mail = decodeAll(25);
        other = decodeAll(443);
        StreamListener sink = new StreamListener() {
            @Override
            public void onData(boolean fromClient, byte[] data, int offset, int length, long frame, long timeMicros) {
                bh.consume(length);
            }

            @Override
            public void onGap(boolean fromClient, long length, long frame, long timeMicros) {
                bh.consume(length);
            }

            @Override
            public void onClose(CloseReason reason, long frame, long timeMicros) {
                bh.consume(reason);
            }
        };
        flows = new FlowTable(TcpLimits.defaults(), port -> port == 25, (endpoints, frame, time) -> sink);
    }

    private static DecodedPacket[] decodeAll(int port) {
        List<String> transcript = new ArrayList<>();
        String line = "C: " + "x".repeat(510) + "\r\n";
        for (int i = 0; i < SEGMENTS; i++) {
            transcript.add(line);
        }
        List<byte[]> frames = BenchFrames.connection(port, transcript);
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket[] out = new DecodedPacket[frames.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new DecodedPacket();
            decoder.decode(LinkType.EN10MB, frames.get(i), frames.get(i).length, out[i]);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void mailConnection() {
        replay(mail);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void otherConnection() {
        replay(other);
    }

    private void replay(DecodedPacket[] packets) {
        for (DecodedPacket p : packets) {
            flows.onPacket(p, ++frame, ++time);
        }
    }
}
