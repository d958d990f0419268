package org.stripscope.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Linux capabilities a live capture needs, read from the effective set of this process
 * ({@code CapEff} in /proc/self/status, capability(7)): CAP_NET_RAW to open a packet socket,
 * CAP_NET_ADMIN for promiscuous mode and a kernel buffer beyond the default limits.
 */
public final class LiveCapabilities {

    /** Bit numbers from linux/capability.h. */
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;

    private final long effective;
    private final boolean known;

    private LiveCapabilities(long effective, boolean known) {
        this.effective = effective;
        this.known = known;
    }

    /** The capabilities of this process, or unknown when /proc can't be read. */
    public static LiveCapabilities ofThisProcess() {
        try {
            return parse(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return new LiveCapabilities(0, false);
        }
    }

    /** From the text of /proc/PID/status; unknown when it has no CapEff line. */
    static LiveCapabilities parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return new LiveCapabilities(Long.parseUnsignedLong(line.substring(7).trim(), 16), true);
                } catch (NumberFormatException e) {
                    return new LiveCapabilities(0, false);
                }
            }
        }
        return new LiveCapabilities(0, false);
    }

    public boolean known() {
        return known;
    }

    public boolean hasNetRaw() {
        return known && (effective & (1L << CAP_NET_RAW)) != 0;
    }

    public boolean hasNetAdmin() {
        return known && (effective & (1L << CAP_NET_ADMIN)) != 0;
    }

    /**
     * Names the missing capabilities, e.g. "CAP_NET_RAW and CAP_NET_ADMIN"; both when the set is
     * unknown, since either may be the cause then; empty when both are present.
     */
    public String missing() {
        boolean raw = !hasNetRaw();
        boolean admin = !hasNetAdmin();
        if (raw && admin) {
            return "CAP_NET_RAW and CAP_NET_ADMIN";
        }
        return raw ? "CAP_NET_RAW" : admin ? "CAP_NET_ADMIN" : "";
    }

    /**
     * The one line for a capture refused by the kernel: which capability is missing and how to
     * grant it.
     */
    public String permissionMessage(String device) {
        String missing = missing();
        if (missing.isEmpty()) {
            return device + ": no permission to capture although CAP_NET_RAW and CAP_NET_ADMIN are present"
                    + " (a security module such as AppArmor or SELinux may deny it)";
        }
        return device + ": no permission to capture (missing " + missing + "); run as root, or grant the capabilities"
                + " to Java: sudo setcap cap_net_raw,cap_net_admin=eip \"$(readlink -f \"$(command -v java)\")\"";
    }
}
