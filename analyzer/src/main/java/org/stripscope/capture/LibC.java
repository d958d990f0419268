package org.stripscope.capture;

import jnr.ffi.Pointer;

/**
 * The C library's stdio calls used to hand libpcap a file with a large read buffer: libpcap's
 * own {@code pcap_open_offline} reads through stdio's default 4 KiB buffer, one read(2) per 4 KiB.
 */
public interface LibC {

    /** setvbuf mode: full buffering (glibc stdio.h). */
    int IOFBF = 0;

    /** Opens a file; NULL with errno set on failure. */
    Pointer fopen(String path, String mode);

    /**
     * Gives the stream a caller-owned buffer. With a NULL buffer glibc keeps its default size,
     * whatever {@code size} says, so the buffer is passed explicitly.
     */
    int setvbuf(Pointer stream, Pointer buf, int mode, long size);

    int fclose(Pointer stream);
}
