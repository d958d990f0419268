package org.stripscope.capture;

import jnr.ffi.LibraryLoader;

/**
 * Loads libpcap. A Debian system with only the runtime package (libpcap0.8) has
 * {@code libpcap.so.0.8} but no plain {@code libpcap.so} (that symlink comes with the -dev
 * package), so the versioned names are tried after the plain one.
 */
public final class LibPcapLoader {

    /** Names tried in order: the development symlink, then the sonames of libpcap 1.x and 0.8. */
    static final String[] LIBRARY_NAMES = {
        "pcap", "libpcap.so.1", "libpcap.so.0.8", "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"
    };

    private static volatile LibPcap loaded;
    private static volatile LibC libc;

    private LibPcapLoader() {
    }

    /**
     * The process-wide binding, loaded on first use; a shared library is mapped once per process
     * anyway, and generating the jnr-ffi binding again per capture would only cost time.
     */
    public static LibPcap load() throws CaptureException {
        LibPcap lib = loaded;
        if (lib == null) {
            synchronized (LibPcapLoader.class) {
                lib = loaded;
                if (lib == null) {
                    lib = loadFirst(LIBRARY_NAMES);
                    loaded = lib;
                }
            }
        }
        return lib;
    }

    /**
     * The C library's stdio, or null when it can't be bound (then files are opened by libpcap
     * itself, with its small default buffer).
     */
    public static LibC libc() {
        LibC c = libc;
        if (c == null) {
            synchronized (LibPcapLoader.class) {
                c = libc;
                if (c == null) {
                    try {
                        c = LibraryLoader.create(LibC.class).failImmediately().load("c");
                    } catch (LinkageError e) {
                        return null;
                    }
                    libc = c;
                }
            }
        }
        return c;
    }

    /** Loads the first of {@code names} that the dynamic linker can open. */
    static LibPcap loadFirst(String... names) throws CaptureException {
        for (String name : names) {
            try {
                LibPcap lib = LibraryLoader.create(LibPcap.class).failImmediately().load(name);
                lib.pcap_lib_version();
                return lib;
            } catch (LinkageError e) {
                // Try the next name; the last failure is reported below in general terms.
            }
        }
        throw new CaptureException(CaptureException.Kind.LIBPCAP_MISSING,
                "libpcap could not be loaded (tried " + String.join(", ", names)
                        + "); install it with: apt-get install -y libpcap0.8");
    }
}
