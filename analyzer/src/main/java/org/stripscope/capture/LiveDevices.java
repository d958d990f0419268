package org.stripscope.capture;

import com.kenai.jffi.MemoryIO;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The capture devices libpcap knows ({@code pcap_findalldevs}), with their addresses, and whether
 * this process may capture on each (found out by activating a handle on it briefly).
 */
public final class LiveDevices {

    /** struct pcap_if on LP64: next, name, description, addresses, flags. */
    private static final int IF_NEXT = 0;
    private static final int IF_NAME = 8;
    private static final int IF_DESCRIPTION = 16;
    private static final int IF_ADDRESSES = 24;
    private static final int IF_FLAGS = 32;
    /** struct pcap_addr on LP64: next, addr, netmask, broadaddr, dstaddr. */
    private static final int ADDR_NEXT = 0;
    private static final int ADDR_ADDR = 8;
    private static final int ADDR_NETMASK = 16;
    /** Linux sockaddr: sa_family (host byte order u16) first; AF_INET 2, AF_INET6 10. */
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SIN_ADDR = 4;
    private static final int SIN6_ADDR = 8;
    /** Bounds on the lists walked, against a corrupt list. */
    private static final int MAX_DEVICES = 4096;
    private static final int MAX_ADDRESSES = 1024;

    private static final MemoryIO IO = MemoryIO.getInstance();

    /**
     * One device.
     *
     * @param name as given to {@code -i}
     * @param description libpcap's description, or empty
     * @param flags PCAP_IF_* bits
     * @param addresses the IPv4 and IPv6 addresses (no link-layer addresses)
     */
    public record Device(String name, String description, int flags, List<Address> addresses) {
        public boolean loopback() {
            return (flags & LibPcapLive.IF_LOOPBACK) != 0;
        }

        public boolean up() {
            return (flags & LibPcapLive.IF_UP) != 0;
        }

        public boolean running() {
            return (flags & LibPcapLive.IF_RUNNING) != 0;
        }
    }

    /**
     * One address of a device.
     *
     * @param bytes 4 (IPv4) or 16 (IPv6) bytes, network order
     * @param prefixLength from the netmask, or -1 when there is none
     */
    public record Address(byte[] bytes, int prefixLength) {
    }

    private LiveDevices() {
    }

    /** Every device, in libpcap's order. */
    public static List<Device> list() throws CaptureException {
        LibPcapLive pcap = LibPcapLive.load();
        Runtime runtime = Runtime.getRuntime(pcap);
        Pointer errbuf = Memory.allocateDirect(runtime, LibPcap.ERRBUF_SIZE, true);
        Pointer out = Memory.allocateDirect(runtime, 8, true);
        if (pcap.pcap_findalldevs(out, errbuf) != 0) {
            throw new CaptureException(CaptureException.Kind.PCAP_ERROR, "cannot list capture devices (libpcap: "
                    + PcapFileSource.oneLine(errbuf.getString(0, LibPcap.ERRBUF_SIZE, StandardCharsets.UTF_8)) + ")");
        }
        long head = IO.getAddress(out.address());
        List<Device> devices = new ArrayList<>();
        try {
            for (long dev = head; dev != 0 && devices.size() < MAX_DEVICES; dev = IO.getAddress(dev + IF_NEXT)) {
                devices.add(new Device(string(IO.getAddress(dev + IF_NAME)), string(IO.getAddress(dev + IF_DESCRIPTION)),
                        IO.getInt(dev + IF_FLAGS), addresses(IO.getAddress(dev + IF_ADDRESSES))));
            }
        } finally {
            if (head != 0) {
                pcap.pcap_freealldevs(out.getPointer(0));
            }
        }
        return devices;
    }

    /**
     * Null when this process may capture on the device, otherwise the one-line reason (the
     * permission message names the missing capability). Activates and closes a small handle.
     */
    public static String captureProblem(String device) {
        try {
            LiveSettings probe = new LiveSettings(LiveSettings.DEFAULT_SNAPLEN, 1 << 20, 10, true, false, "", null);
            LibPcapLive pcap = LibPcapLive.load();
            LiveInterface.open(pcap, device, 0, probe).close();
            return null;
        } catch (CaptureException e) {
            return e.getMessage();
        }
    }

    private static List<Address> addresses(long first) {
        List<Address> list = new ArrayList<>();
        int seen = 0;
        for (long a = first; a != 0 && seen++ < MAX_ADDRESSES; a = IO.getAddress(a + ADDR_NEXT)) {
            Address address = address(IO.getAddress(a + ADDR_ADDR), IO.getAddress(a + ADDR_NETMASK));
            if (address != null) {
                list.add(address);
            }
        }
        return list;
    }

    /** An IPv4 or IPv6 sockaddr with its netmask, null for other families. */
    private static Address address(long sockaddr, long netmask) {
        if (sockaddr == 0) {
            return null;
        }
        int family = IO.getShort(sockaddr) & 0xffff;
        int offset;
        int length;
        if (family == AF_INET) {
            offset = SIN_ADDR;
            length = 4;
        } else if (family == AF_INET6) {
            offset = SIN6_ADDR;
            length = 16;
        } else {
            return null;
        }
        byte[] bytes = new byte[length];
        IO.getByteArray(sockaddr + offset, bytes, 0, length);
        int prefix = -1;
        if (netmask != 0 && (IO.getShort(netmask) & 0xffff) == family) {
            byte[] mask = new byte[length];
            IO.getByteArray(netmask + offset, mask, 0, length);
            prefix = prefixLength(mask);
        }
        return new Address(bytes, prefix);
    }

    /** The number of leading one bits of a netmask. */
    static int prefixLength(byte[] mask) {
        int bits = 0;
        for (byte b : mask) {
            if (b == (byte) 0xff) {
                bits += 8;
            } else {
                bits += Integer.numberOfLeadingZeros(~(b & 0xff) & 0xff) - 24;
                break;
            }
        }
        return bits;
    }

    private static String string(long address) {
        if (address == 0) {
            return "";
        }
        byte[] bytes = IO.getZeroTerminatedByteArray(address);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
