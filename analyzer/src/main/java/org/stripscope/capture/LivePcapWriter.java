package org.stripscope.capture;

import com.kenai.jffi.MemoryIO;
import java.nio.file.Path;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Keeps packets of a live capture as a pcap file ({@code pcap_dump_open} on a handle made with
 * {@code pcap_open_dead}), so the evidence behind a finding can be looked at later. One packet
 * header block and one packet buffer are made once; each packet is copied into them and written.
 * libpcap writes through stdio: {@link #flush} makes what was written readable by others.
 */
public final class LivePcapWriter implements AutoCloseable {

    private static final MemoryIO IO = MemoryIO.getInstance();

    private final LibPcapLive pcap;
    private final String name;
    private final Pointer dead;
    private final Pointer dumper;
    private final Pointer header;
    private Pointer packet;
    private int packetCapacity;
    private long packets;
    private boolean closed;

    private LivePcapWriter(LibPcapLive pcap, String name, Pointer dead, Pointer dumper) {
        this.pcap = pcap;
        this.name = name;
        this.dead = dead;
        this.dumper = dumper;
        Runtime runtime = Runtime.getRuntime(pcap);
        this.header = Memory.allocateDirect(runtime, 24, true);
        this.packetCapacity = 65_536;
        this.packet = Memory.allocateDirect(runtime, packetCapacity, false);
    }

    /**
     * Creates (or truncates) {@code file} for packets of this link type.
     *
     * @throws CaptureException UNREADABLE when the file can't be created
     */
    public static LivePcapWriter open(Path file, int linkType, int snaplen) throws CaptureException {
        LibPcapLive pcap = LibPcapLive.load();
        Pointer dead = pcap.pcap_open_dead(linkType, snaplen);
        if (dead == null || dead.address() == 0) {
            throw new CaptureException(CaptureException.Kind.PCAP_ERROR, file + ": libpcap cannot write link type "
                    + LinkType.describe(linkType));
        }
        Pointer dumper = pcap.pcap_dump_open(dead, file.toString());
        if (dumper == null || dumper.address() == 0) {
            String text = PcapFileSource.oneLine(String.valueOf(pcap.pcap_geterr(dead)));
            pcap.pcap_close(dead);
            throw new CaptureException(CaptureException.Kind.UNREADABLE, file + ": cannot be written (libpcap: " + text + ")");
        }
        return new LivePcapWriter(pcap, file.toString(), dead, dumper);
    }

    /** Writes one packet: its time, the captured bytes {@code data[0..capturedLength)} and its wire length. */
    public void write(long timestampMicros, byte[] data, int capturedLength, int wireLength) {
        if (capturedLength > packetCapacity) {
            packetCapacity = Math.max(capturedLength, packetCapacity * 2);
            packet = Memory.allocateDirect(Runtime.getRuntime(pcap), packetCapacity, false);
        }
        long h = header.address();
        IO.putLong(h, Math.floorDiv(timestampMicros, 1_000_000L));
        IO.putLong(h + 8, Math.floorMod(timestampMicros, 1_000_000L));
        IO.putInt(h + 16, capturedLength);
        IO.putInt(h + 20, wireLength);
        IO.putByteArray(packet.address(), data, 0, capturedLength);
        pcap.pcap_dump(dumper, header, packet);
        packets++;
    }

    public long packets() {
        return packets;
    }

    /** Pushes buffered packets to the file; false when the write failed (disk full). */
    public boolean flush() {
        return closed || pcap.pcap_dump_flush(dumper) == 0;
    }

    public String name() {
        return name;
    }

    /** Flushes and closes the file. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pcap.pcap_dump_close(dumper);
            pcap.pcap_close(dead);
        }
    }
}
