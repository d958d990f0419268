package org.stripscope.capture;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;

/**
 * The few libpcap functions stripscope calls, bound through jnr-ffi. None of them reports
 * failure through errno (libpcap returns its own error text via errbuf or {@code pcap_geterr}),
 * so errno saving is switched off with {@link IgnoreError}: it costs a native call per packet.
 */
public interface LibPcap {

    /** PCAP_ERRBUF_SIZE from pcap/pcap.h. */
    int ERRBUF_SIZE = 256;

    /** pcap_next_ex: a packet was read. */
    int NEXT_OK = 1;
    /** pcap_next_ex on a live capture: the timeout expired before a packet arrived. */
    int NEXT_TIMEOUT = 0;
    /** pcap_next_ex: an error occurred; the text is in pcap_geterr. */
    int NEXT_ERROR = -1;
    /** pcap_next_ex on a savefile: no more packets (PCAP_ERROR_BREAK). */
    int NEXT_END_OF_FILE = -2;

    /** Opens a pcap or pcapng savefile; NULL on error with the text in errbuf. */
    @IgnoreError
    Pointer pcap_open_offline(String fname, Pointer errbuf);

    /**
     * Reads a pcap or pcapng savefile from an open stdio stream, which it then owns (pcap_close
     * closes it); NULL on error with the text in errbuf, and the stream still the caller's.
     */
    @IgnoreError
    Pointer pcap_fopen_offline(Pointer fp, Pointer errbuf);

    /**
     * Reads the next packet; on success {@code *header} points to a struct pcap_pkthdr and
     * {@code *data} to the captured bytes, both valid until the next call.
     */
    @IgnoreError
    int pcap_next_ex(Pointer pcap, Pointer headerOut, Pointer dataOut);

    /** The link-layer header type (DLT_*) of the capture. */
    @IgnoreError
    int pcap_datalink(Pointer pcap);

    /** The text of the last error on this handle. */
    @IgnoreError
    String pcap_geterr(Pointer pcap);

    @IgnoreError
    void pcap_close(Pointer pcap);

    /** For example "libpcap version 1.10.3 (with TPACKET_V3)". */
    @IgnoreError
    String pcap_lib_version();
}
