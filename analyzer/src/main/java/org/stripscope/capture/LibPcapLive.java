package org.stripscope.capture;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;

/**
 * The libpcap functions of live capture (pcap/pcap.h, libpcap 1.5 or later for immediate mode),
 * bound through jnr-ffi like {@link LibPcap}: errors come back as libpcap's own status codes and
 * texts, never through errno, so errno saving is switched off.
 */
public interface LibPcapLive {

    /** pcap_activate: success. */
    int OK = 0;
    /** pcap_activate: generic error, text in pcap_geterr. */
    int ERROR = -1;
    /** pcap_activate: the device does not exist. */
    int ERROR_NO_SUCH_DEVICE = -5;
    /** pcap_activate: the process may not open the device (CAP_NET_RAW missing on Linux). */
    int ERROR_PERM_DENIED = -8;
    /** pcap_activate: the interface is down. */
    int ERROR_IFACE_NOT_UP = -9;
    /** pcap_activate warning: promiscuous mode is not allowed for this process. */
    int WARNING_PROMISC_NOTSUP = 3;

    /** pcap_if.flags: loopback interface. */
    int IF_LOOPBACK = 0x1;
    /** pcap_if.flags: interface is up. */
    int IF_UP = 0x2;
    /** pcap_if.flags: interface is running. */
    int IF_RUNNING = 0x4;

    @IgnoreError
    Pointer pcap_create(String source, Pointer errbuf);

    @IgnoreError
    int pcap_set_snaplen(Pointer pcap, int snaplen);

    @IgnoreError
    int pcap_set_promisc(Pointer pcap, int promisc);

    @IgnoreError
    int pcap_set_timeout(Pointer pcap, int millis);

    @IgnoreError
    int pcap_set_immediate_mode(Pointer pcap, int immediate);

    @IgnoreError
    int pcap_set_buffer_size(Pointer pcap, int bytes);

    @IgnoreError
    int pcap_activate(Pointer pcap);

    @IgnoreError
    String pcap_statustostr(int status);

    @IgnoreError
    String pcap_geterr(Pointer pcap);

    @IgnoreError
    int pcap_datalink(Pointer pcap);

    /** {@code program} is a struct bpf_program (16 bytes on LP64) owned by the caller. */
    @IgnoreError
    int pcap_compile(Pointer pcap, Pointer program, String filter, int optimize, int netmask);

    @IgnoreError
    int pcap_setfilter(Pointer pcap, Pointer program);

    @IgnoreError
    void pcap_freecode(Pointer program);

    /** Runs a compiled filter on one packet; non-zero when it matches. */
    @IgnoreError
    int pcap_offline_filter(Pointer program, Pointer header, Pointer packet);

    @IgnoreError
    int pcap_next_ex(Pointer pcap, Pointer headerOut, Pointer dataOut);

    /** {@code stats} is a struct pcap_stat: ps_recv, ps_drop, ps_ifdrop (unsigned ints). */
    @IgnoreError
    int pcap_stats(Pointer pcap, Pointer stats);

    /** Non-blocking mode: pcap_next_ex returns 0 at once when no packet is waiting. */
    @IgnoreError
    int pcap_setnonblock(Pointer pcap, int nonblock, Pointer errbuf);

    /**
     * Safe from any thread: the blocked read, or the next one, returns PCAP_ERROR_BREAK once
     * (libpcap then clears the request). On Linux with TPACKET_V3 a read on a quiet link blocks
     * until a ring block is retired, and an empty block never is, so this is the only way to
     * wake it.
     */
    @IgnoreError
    void pcap_breakloop(Pointer pcap);

    @IgnoreError
    void pcap_close(Pointer pcap);

    /** {@code devicesOut} receives a pcap_if_t list, freed with pcap_freealldevs. */
    @IgnoreError
    int pcap_findalldevs(Pointer devicesOut, Pointer errbuf);

    @IgnoreError
    void pcap_freealldevs(Pointer devices);

    /** A handle for compiling filters and writing files without a device. */
    @IgnoreError
    Pointer pcap_open_dead(int linkType, int snaplen);

    @IgnoreError
    Pointer pcap_dump_open(Pointer pcap, String fname);

    @IgnoreError
    void pcap_dump(Pointer dumper, Pointer header, Pointer packet);

    @IgnoreError
    int pcap_dump_flush(Pointer dumper);

    @IgnoreError
    void pcap_dump_close(Pointer dumper);

    /** The process-wide binding, loaded on first use from the same names as {@link LibPcapLoader}. */
    static LibPcapLive load() throws CaptureException {
        return Holder.get();
    }

    /** Lazy holder of the binding. */
    final class Holder {
        private static volatile LibPcapLive loaded;

        private Holder() {
        }

        static LibPcapLive get() throws CaptureException {
            LibPcapLive lib = loaded;
            if (lib == null) {
                synchronized (Holder.class) {
                    lib = loaded;
                    if (lib == null) {
                        lib = loadFirst();
                        loaded = lib;
                    }
                }
            }
            return lib;
        }

        private static LibPcapLive loadFirst() throws CaptureException {
            for (String name : LibPcapLoader.LIBRARY_NAMES) {
                try {
                    return LibraryLoader.create(LibPcapLive.class).failImmediately().load(name);
                } catch (LinkageError e) {
                    // Try the next name; the failure is reported below in general terms.
                }
            }
            throw new CaptureException(CaptureException.Kind.LIBPCAP_MISSING,
                    "libpcap could not be loaded (tried " + String.join(", ", LibPcapLoader.LIBRARY_NAMES)
                            + "); install it with: apt-get install -y libpcap0.8");
        }
    }
}
