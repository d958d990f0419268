package org.stripscope.capture;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A pcap or pcapng file read through libpcap ({@code pcap_fopen_offline}, {@code pcap_next_ex}):
 * pcapng, and classic pcap files that {@link ClassicPcapSource} leaves to libpcap ({@link CaptureFile}).
 * Nothing is allocated per packet: the two out-parameters of pcap_next_ex live in one 16-byte
 * native block made once per source, the packet header is read from its native address, and
 * the packet bytes are copied into one reusable array when {@link #data()} is first asked for
 * (libpcap's buffer is only valid until the next call, so this is the one copy at the point of
 * ownership); a reader thread copies them into its own ring instead ({@link #copyData}).
 */
public final class PcapFileSource extends FileRecordSource {

    /**
     * Largest caplen accepted. libpcap already rejects records larger than the maximum snapshot
     * length of the link type (262144 for the types stripscope decodes), so this only guards the
     * buffer against a libpcap that allows more for some link type.
     */
    public static final int MAX_CAPLEN = 262_144 * 4;

    /** struct pcap_pkthdr on LP64: struct timeval (two 8-byte longs), caplen, len. */
    private static final int HDR_TV_SEC = 0;
    private static final int HDR_TV_USEC = 8;
    private static final int HDR_CAPLEN = 16;
    private static final int HDR_LEN = 20;

    private static final MemoryIO IO = MemoryIO.getInstance();

    /**
     * The stdio buffer of the capture file: 4 MiB turns libpcap's one read(2) per 4 KiB into one
     * per 4 MiB, which halves the time of reading a large file.
     */
    static final int READ_BUFFER_BYTES = 4 << 20;

    private final LibPcap pcap;
    private final Pointer handle;
    /** Native address of the stdio buffer handed to setvbuf (0: none); freed after pcap_close. */
    private long readBuffer;
    /**
     * The out-parameters of pcap_next_ex, slot 0 {@code struct pcap_pkthdr *}, slot 1
     * {@code const u_char *}; held here so the native block lives as long as the source.
     */
    private final Pointer outBlock;
    private final Pointer headerOut;
    private final Pointer dataOut;
    private final long outAddress;

    /** Native address of the current packet's bytes in libpcap's buffer. */
    private long dataAddress;

    private PcapFileSource(LibPcap pcap, String name, Pointer handle, long readBuffer) {
        super(name, pcap.pcap_datalink(handle));
        this.pcap = pcap;
        this.handle = handle;
        this.readBuffer = readBuffer;
        Runtime runtime = Runtime.getRuntime(pcap);
        this.outBlock = Memory.allocateDirect(runtime, 16, true);
        this.headerOut = outBlock.slice(0, 8);
        this.dataOut = outBlock.slice(8, 8);
        this.outAddress = outBlock.address();
    }

    /** Opens {@code file} with the process-wide libpcap binding. */
    public static PcapFileSource open(Path file) throws CaptureException {
        return open(file, LibPcapLoader.load());
    }

    /**
     * Opens {@code file}. The file is checked with java.nio first, so a missing or unreadable
     * file gets a clear message rather than libpcap's.
     *
     * @throws CaptureException UNREADABLE (missing, a directory, no permission), NOT_A_CAPTURE
     *     (empty, unknown format), TRUNCATED (shorter than its own file header), PCAP_ERROR
     */
    public static PcapFileSource open(Path file, LibPcap pcap) throws CaptureException {
        String name = file.toString();
        checkReadable(file, name);
        Runtime runtime = Runtime.getRuntime(pcap);
        Pointer errbuf = Memory.allocateDirect(runtime, LibPcap.ERRBUF_SIZE, true);
        LibC libc = LibPcapLoader.libc();
        Pointer stream = libc == null ? null : libc.fopen(name, "rb");
        if (stream == null || stream.address() == 0) {
            // No stdio binding, or fopen refused what java.nio could read: libpcap opens it
            // itself and reports any failure in its own words.
            Pointer handle = pcap.pcap_open_offline(name, errbuf);
            if (handle == null || handle.address() == 0) {
                throw openError(name, oneLine(errbuf.getString(0, LibPcap.ERRBUF_SIZE, StandardCharsets.UTF_8)));
            }
            return new PcapFileSource(pcap, name, handle, 0);
        }
        // The stdio buffer is freed by close(), not left to the garbage collector: a run over
        // many small files would otherwise hold 4 MiB of native memory per file until a
        // collection that the small Java heap gives no reason to run.
        long readBuffer = IO.allocateMemory(READ_BUFFER_BYTES, false);
        if (readBuffer != 0) {
            libc.setvbuf(stream, Pointer.wrap(runtime, readBuffer), LibC.IOFBF, READ_BUFFER_BYTES);
        }
        Pointer handle = pcap.pcap_fopen_offline(stream, errbuf);
        if (handle == null || handle.address() == 0) {
            libc.fclose(stream);
            freeNative(readBuffer);
            throw openError(name, oneLine(errbuf.getString(0, LibPcap.ERRBUF_SIZE, StandardCharsets.UTF_8)));
        }
        return new PcapFileSource(pcap, name, handle, readBuffer);
    }

    static void checkReadable(Path file, String name) throws CaptureException {
        if (!Files.exists(file)) {
            throw new CaptureException(CaptureException.Kind.UNREADABLE, name + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new CaptureException(CaptureException.Kind.UNREADABLE, name + ": is a directory, not a capture file");
        }
        // Files.isReadable answers from access(2); opening proves it (root passes access checks).
        try (InputStream in = Files.newInputStream(file)) {
            if (in.read() < 0) {
                throw new CaptureException(CaptureException.Kind.NOT_A_CAPTURE,
                        name + ": empty file, not a pcap or pcapng capture");
            }
        } catch (IOException e) {
            throw new CaptureException(CaptureException.Kind.UNREADABLE,
                    name + ": cannot be read (" + oneLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    /** Maps the error text of pcap_open_offline to a kind (texts of libpcap 1.x sf-pcap.c / sf-pcapng.c). */
    private static CaptureException openError(String name, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        CaptureException.Kind kind;
        if (lower.contains("truncated")) {
            kind = CaptureException.Kind.TRUNCATED;
        } else if (lower.contains("unknown file format") || lower.contains("bad dump file format")
                || lower.contains("unsupported") || lower.contains("not a ")) {
            kind = CaptureException.Kind.NOT_A_CAPTURE;
        } else if (lower.contains("permission denied") || lower.contains("no such file")) {
            kind = CaptureException.Kind.UNREADABLE;
        } else {
            kind = CaptureException.Kind.PCAP_ERROR;
        }
        String what = switch (kind) {
            case TRUNCATED -> "capture ends inside its file header";
            case NOT_A_CAPTURE -> "not a pcap or pcapng capture";
            case UNREADABLE -> "cannot be read";
            default -> "libpcap cannot open it";
        };
        return new CaptureException(kind, name + ": " + what + " (libpcap: " + text + ")");
    }

    @Override
    public boolean next() throws CaptureException {
        if (finished || closed) {
            return false;
        }
        int rc = pcap.pcap_next_ex(handle, headerOut, dataOut);
        if (rc == LibPcap.NEXT_OK) {
            long hdr = IO.getAddress(outAddress);
            long data = IO.getAddress(outAddress + 8);
            int caplen = IO.getInt(hdr + HDR_CAPLEN);
            int len = IO.getInt(hdr + HDR_LEN);
            if (caplen < 0 || caplen > MAX_CAPLEN) {
                finished = true;
                throw new CaptureException(CaptureException.Kind.PCAP_ERROR, name() + ": record after frame " + frame()
                        + " claims " + Integer.toUnsignedString(caplen) + " captured bytes (more than " + MAX_CAPLEN
                        + "); the file is corrupt");
            }
            dataAddress = data;
            record(IO.getLong(hdr + HDR_TV_SEC) * 1_000_000L + IO.getLong(hdr + HDR_TV_USEC), caplen, len);
            return true;
        }
        finished = true;
        if (rc == LibPcap.NEXT_END_OF_FILE) {
            return false;
        }
        String text = oneLine(String.valueOf(pcap.pcap_geterr(handle)));
        String lower = text.toLowerCase(Locale.ROOT);
        boolean truncated = lower.contains("truncated");
        // libpcap rejects a record header whose capture length is impossible ("invalid packet
        // capture length ..."): the file is damaged there, typically by lost bytes before it.
        String what = truncated ? "file ends inside a record"
                : lower.contains("capture length") ? "damaged record" : "read error";
        throw new CaptureException(truncated ? CaptureException.Kind.TRUNCATED : CaptureException.Kind.PCAP_ERROR,
                name() + ": " + what + " after frame " + frame() + " (libpcap: " + text + ")");
    }

    @Override
    protected void copyCurrent(byte[] destination) {
        IO.getByteArray(dataAddress, destination, 0, capturedLength());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            // pcap_close fcloses the stream, the buffer's last user.
            pcap.pcap_close(handle);
            freeNative(readBuffer);
            readBuffer = 0;
        }
    }

    private static void freeNative(long address) {
        if (address != 0) {
            IO.freeMemory(address);
        }
    }

    /** libpcap texts may end in a newline; messages are one line. */
    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ").trim();
    }
}
