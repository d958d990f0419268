package org.stripscope.capture;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * One interface opened for live capture ({@code pcap_create} ... {@code pcap_activate}, kernel
 * filter set) and the loop that reads it on its own thread into a {@link LiveRing}. Like
 * {@link PcapFileSource}, nothing is allocated per packet: the out-parameters of pcap_next_ex live
 * in one native block and the bytes are copied once, into a recycled frame.
 */
final class LiveInterface {

    /** struct pcap_pkthdr on LP64: struct timeval (two 8-byte longs), caplen, len. */
    private static final int HDR_TV_SEC = 0;
    private static final int HDR_TV_USEC = 8;
    private static final int HDR_CAPLEN = 16;
    private static final int HDR_LEN = 20;
    /** struct bpf_program on LP64: u_int bf_len, padding, struct bpf_insn *bf_insns. */
    static final int BPF_PROGRAM_SIZE = 16;
    /** PCAP_NETMASK_UNKNOWN: the filter does not use "ip broadcast", so the netmask is not needed. */
    static final int NETMASK_UNKNOWN = 0xffffffff;
    /** How long a reader waits for an empty frame before checking for an abort again. */
    private static final long WAIT_MILLIS = 100;
    /** The longest a reader goes on emptying the kernel buffer after a stop request. */
    static final long DRAIN_NANOS = 2_000_000_000L;

    private static final MemoryIO IO = MemoryIO.getInstance();

    private final LibPcapLive pcap;
    private final String device;
    private final int index;
    private final Pointer handle;
    private final int linkType;
    private final Pointer outBlock;
    private final Pointer headerOut;
    private final Pointer dataOut;
    private final Pointer statBlock;
    private final Pointer errbuf;
    private final String warning;
    private volatile String failure;
    private volatile LiveInterfaceStats finalStats;
    private boolean closed;

    private LiveInterface(LibPcapLive pcap, String device, int index, Pointer handle, String warning) {
        this.pcap = pcap;
        this.device = device;
        this.index = index;
        this.handle = handle;
        this.warning = warning;
        this.linkType = pcap.pcap_datalink(handle);
        Runtime runtime = Runtime.getRuntime(pcap);
        this.outBlock = Memory.allocateDirect(runtime, 16, true);
        this.headerOut = outBlock.slice(0, 8);
        this.dataOut = outBlock.slice(8, 8);
        this.statBlock = Memory.allocateDirect(runtime, 16, true);
        this.errbuf = Memory.allocateDirect(runtime, LibPcap.ERRBUF_SIZE, true);
    }

    /**
     * Opens and activates {@code device} with the settings and sets the kernel filter.
     *
     * @throws CaptureException PCAP_ERROR with one line naming the device: no permission (with the
     *     missing capability and how to grant it), no such device, interface down, bad filter;
     *     UNSUPPORTED_LINK_TYPE when the decoder can't read the device's frames
     */
    static LiveInterface open(LibPcapLive pcap, String device, int index, LiveSettings settings)
            throws CaptureException {
        Runtime runtime = Runtime.getRuntime(pcap);
        Pointer errbuf = Memory.allocateDirect(runtime, LibPcap.ERRBUF_SIZE, true);
        Pointer handle = pcap.pcap_create(device, errbuf);
        if (handle == null || handle.address() == 0) {
            throw new CaptureException(CaptureException.Kind.PCAP_ERROR, device + ": cannot be opened (libpcap: "
                    + PcapFileSource.oneLine(errbuf.getString(0, LibPcap.ERRBUF_SIZE, StandardCharsets.UTF_8)) + ")");
        }
        boolean ok = false;
        try {
            pcap.pcap_set_snaplen(handle, settings.snaplen());
            pcap.pcap_set_promisc(handle, settings.promiscuous() ? 1 : 0);
            pcap.pcap_set_timeout(handle, settings.timeoutMillis());
            pcap.pcap_set_immediate_mode(handle, settings.immediate() ? 1 : 0);
            pcap.pcap_set_buffer_size(handle, settings.bufferBytes());
            int status = pcap.pcap_activate(handle);
            String warning = null;
            if (status < 0) {
                throw activationError(device, status, PcapFileSource.oneLine(String.valueOf(pcap.pcap_geterr(handle))));
            }
            if (status > 0) {
                warning = device + ": " + PcapFileSource.oneLine(String.valueOf(pcap.pcap_statustostr(status)))
                        + " (libpcap: " + PcapFileSource.oneLine(String.valueOf(pcap.pcap_geterr(handle))) + ")";
            }
            int linkType = pcap.pcap_datalink(handle);
            if (!LinkType.isSupported(linkType)) {
                throw new CaptureException(CaptureException.Kind.UNSUPPORTED_LINK_TYPE,
                        device + ": unsupported link type " + LinkType.describe(linkType));
            }
            setFilter(pcap, handle, device, settings.filterFor(linkType));
            LiveInterface live = new LiveInterface(pcap, device, index, handle, warning);
            ok = true;
            return live;
        } finally {
            if (!ok) {
                pcap.pcap_close(handle);
            }
        }
    }

    /** Maps a negative pcap_activate status to one line for the user. */
    static CaptureException activationError(String device, int status, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String message;
        if (status == LibPcapLive.ERROR_PERM_DENIED || lower.contains("operation not permitted")
                || lower.contains("permission")) {
            message = LiveCapabilities.ofThisProcess().permissionMessage(device);
        } else if (status == LibPcapLive.ERROR_NO_SUCH_DEVICE) {
            message = device + ": no such interface (scripts/stripscope interfaces lists them)";
        } else if (status == LibPcapLive.ERROR_IFACE_NOT_UP) {
            message = device + ": the interface is down";
        } else {
            message = device + ": cannot start capturing (libpcap: " + text + ")";
        }
        return new CaptureException(CaptureException.Kind.PCAP_ERROR, message);
    }

    private static void setFilter(LibPcapLive pcap, Pointer handle, String device, String filter)
            throws CaptureException {
        Pointer program = Memory.allocateDirect(Runtime.getRuntime(pcap), BPF_PROGRAM_SIZE, true);
        if (pcap.pcap_compile(handle, program, filter, 1, NETMASK_UNKNOWN) != 0) {
            throw new CaptureException(CaptureException.Kind.PCAP_ERROR, device + ": filter \"" + filter
                    + "\" does not compile (libpcap: " + PcapFileSource.oneLine(String.valueOf(pcap.pcap_geterr(handle))) + ")");
        }
        try {
            if (pcap.pcap_setfilter(handle, program) != 0) {
                throw new CaptureException(CaptureException.Kind.PCAP_ERROR, device + ": filter cannot be set (libpcap: "
                        + PcapFileSource.oneLine(String.valueOf(pcap.pcap_geterr(handle))) + ")");
            }
        } finally {
            pcap.pcap_freecode(program);
        }
    }

    String device() {
        return device;
    }

    int linkType() {
        return linkType;
    }

    /** A warning of pcap_activate (e.g. promiscuous mode refused), or null. */
    String warning() {
        return warning;
    }

    /** Why reading stopped before a stop request (e.g. the interface went down), or null. */
    String failure() {
        return failure;
    }

    /** The counters taken when the reader ended, or null while it runs. */
    LiveInterfaceStats finalStats() {
        return finalStats;
    }

    /**
     * Reads packets into the ring until the capture stops, the interface fails, or the loop is
     * broken; then takes the final counters. Runs on the reader thread.
     *
     * <p>After a stop request the packets already waiting in the kernel buffer are still read,
     * until a read finds none within the timeout or {@link #DRAIN_NANOS} have passed, so that a
     * stop does not lose the packets of the last moments. An abort (closing the capture) ends the
     * loop at once.
     */
    void readInto(LiveRing ring, LiveCapture.Control control) {
        long outAddress = outBlock.address();
        long drainDeadline = 0;
        try {
            while (!control.aborted()) {
                if (control.stopRequested()) {
                    long now = System.nanoTime();
                    if (drainDeadline == 0) {
                        drainDeadline = now + DRAIN_NANOS;
                        // From now on a read returns at once when the kernel buffer is empty.
                        pcap.pcap_setnonblock(handle, 1, errbuf);
                    } else if (now - drainDeadline > 0) {
                        break;
                    }
                }
                int rc = pcap.pcap_next_ex(handle, headerOut, dataOut);
                if (rc == LibPcap.NEXT_TIMEOUT) {
                    if (control.stopRequested()) {
                        break; // the kernel buffer is empty
                    }
                    continue;
                }
                if (rc == LibPcap.NEXT_END_OF_FILE) {
                    // pcap_breakloop: a stop request (go on emptying the buffer) or an abort.
                    continue;
                }
                if (rc != LibPcap.NEXT_OK) {
                    failure = device + ": capture stopped (libpcap: "
                            + PcapFileSource.oneLine(String.valueOf(pcap.pcap_geterr(handle))) + ")";
                    break;
                }
                LiveFrame frame = null;
                while (frame == null && !control.aborted()) {
                    frame = ring.takeEmpty(WAIT_MILLIS);
                }
                if (frame == null) {
                    break;
                }
                long hdr = IO.getAddress(outAddress);
                long data = IO.getAddress(outAddress + 8);
                int caplen = IO.getInt(hdr + HDR_CAPLEN);
                int len = IO.getInt(hdr + HDR_LEN);
                caplen = Math.max(0, Math.min(caplen, PcapFileSource.MAX_CAPLEN));
                frame.ensure(caplen);
                IO.getByteArray(data, frame.data, 0, caplen);
                frame.capturedLength = caplen;
                frame.wireLength = len < 0 ? Integer.MAX_VALUE : len;
                frame.timestampMicros = IO.getLong(hdr + HDR_TV_SEC) * 1_000_000L + IO.getLong(hdr + HDR_TV_USEC);
                frame.source = index;
                ring.pass(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finalStats = stats();
        }
    }

    /** The counters now; unknown when libpcap can't give them. */
    LiveInterfaceStats stats() {
        if (pcap.pcap_stats(handle, statBlock) != 0) {
            return LiveInterfaceStats.unknown(device);
        }
        return new LiveInterfaceStats(device, Integer.toUnsignedLong(statBlock.getInt(0)),
                Integer.toUnsignedLong(statBlock.getInt(4)), Integer.toUnsignedLong(statBlock.getInt(8)), true);
    }

    /**
     * The link state the kernel shows in /sys/class/net/DEVICE/operstate (RFC 2863 operational
     * status): 1 up, 0 down, -1 unknown (no such file, as for "any", or "unknown" as for
     * loopback). libpcap reports nothing while a link is down: on Linux the packet socket just
     * stays quiet and delivers again when the link comes back.
     */
    int linkState() {
        String state;
        try {
            state = Files.readString(Path.of("/sys/class/net", device, "operstate")).trim();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return switch (state) {
            case "up", "dormant" -> 1;
            case "down", "lowerlayerdown", "notpresent" -> 0;
            default -> -1;
        };
    }

    /** Makes a blocked read return; safe from any thread. */
    void breakLoop() {
        pcap.pcap_breakloop(handle);
    }

    /** Only after the reader thread has ended. */
    void close() {
        if (!closed) {
            closed = true;
            pcap.pcap_close(handle);
        }
    }
}
