package org.stripscope.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stripscope.capture.LinkType;
import org.stripscope.decode.DecodeStatus;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;

/** Decoding one frame, Ethernet to TCP (or to the IP protocol for UDP), in ns per packet. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private byte[] fullSegment;
    private byte[] bareAck;
    private byte[] dns;

    @Setup
    public void frames() {
        fullSegment = BenchFrames.tcp(BenchFrames.SERVER, BenchFrames.CLIENT, 443, 40000, 1, 1,
                BenchFrames.ACK, new byte[1448]);
        bareAck = BenchFrames.tcp(BenchFrames.CLIENT, BenchFrames.SERVER, 40000, 443, 1, 1, BenchFrames.ACK, new byte[0]);
        dns = BenchFrames.udp(BenchFrames.CLIENT, BenchFrames.SERVER, 10000, 53, new byte[42]);
    }

    @Benchmark
    public DecodeStatus tcpFullSegment() {
        return decoder.decode(LinkType.EN10MB, fullSegment, fullSegment.length, packet);
    }

    @Benchmark
    public DecodeStatus tcpBareAck() {
        return decoder.decode(LinkType.EN10MB, bareAck, bareAck.length, packet);
    }

    @Benchmark
    public DecodeStatus udpDatagram() {
        return decoder.decode(LinkType.EN10MB, dns, dns.length, packet);
    }
}
