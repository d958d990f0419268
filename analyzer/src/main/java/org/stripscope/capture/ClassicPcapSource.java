package org.stripscope.capture;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A classic pcap file (the libpcap savefile format, version 2.4: a 24-byte file header, then a
 * 16-byte header before each record) read in Java, a large block at a time.
 *
 * <p>Why not libpcap for these: every {@code pcap_next_ex} through jnr-ffi costs a native call
 * and a copy out of libpcap's buffer, and a reader built on it measured about 4× slower than
 * the same loop in C (docs/performance.md). Here a record costs four int reads, and its bytes
 * can be used where they lie in the reader's buffer ({@link #inPlaceData()}): the reader thread
 * decodes every frame there and copies only those the analysis keeps. The blocks are read with
 * {@link RandomAccessFile} into a heap array, which measured three times faster than a
 * {@code FileChannel} into a direct buffer on this JDK (0.38 s against 1.2–1.3 s for 2 GB).
 * libpcap stays the reader of everything else (pcapng, other versions, other link types) and
 * the reference this reader is tested against: {@link CaptureFile} picks one or the other from
 * the file's first bytes.
 *
 * <p>It behaves as libpcap 1.10's {@code sf-pcap.c} does: a record claiming more than 262144
 * captured bytes (the largest snapshot length of every link type stripscope decodes) is an
 * error; a record longer than the file's own snapshot length gives that many bytes and the rest
 * is skipped; a file that ends inside a record is truncated, one that ends between records
 * ended; nanosecond timestamps are cut to microseconds; the seconds and microseconds fields are
 * signed 32-bit values (unsigned in a file of the other byte order); LINKTYPE_RAW (101) reads
 * as DLT_RAW (12). A file that grows while read is read to where it ends when the reader
 * reaches its end, as libpcap's stdio reads do.
 *
 * <p>Memory: one buffer of {@link #BUFFER_BYTES}, whatever the file's size.
 */
public final class ClassicPcapSource extends FileRecordSource {

    /** Bytes read at a time; a record longer than this gets a buffer of its own size. */
    static final int BUFFER_BYTES = 1 << 20;
    /** libpcap's max_snaplen_for_dlt for every link type this reader takes (pcap-int.h MAXIMUM_SNAPLEN). */
    static final int MAX_SNAPLEN = 262_144;

    private static final int FILE_HEADER_BYTES = 24;
    private static final int RECORD_HEADER_BYTES = 16;
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int LINKTYPE_RAW = 101;

    private final RandomAccessFile file;
    private final boolean bigEndian;
    private final boolean nanos;
    /** Whether the file's byte order is not the machine's (libpcap then swaps, and reads timestamps unsigned). */
    private final boolean swapped;
    /** The file's snapshot length as libpcap adjusts it: 0 or more than the maximum means the maximum. */
    private final int snapshot;

    /** Bytes of the file from {@link #bufferStart}: {@link #bufferLength} of them are valid. */
    private byte[] buffer;
    private long bufferStart;
    private int bufferLength;
    /** Where the file ended when a read last came short. */
    private long fileEnd;
    /** File offset of the next record header. */
    private long offset = FILE_HEADER_BYTES;
    /** Index in {@link #buffer} of the current packet's first byte. */
    private int dataIndex;


    private ClassicPcapSource(String name, RandomAccessFile file, ByteOrder order, boolean nanos, int linkType,
            int snapshot, int bufferBytes) {
        super(name, linkType);
        this.file = file;
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
        this.nanos = nanos;
        this.swapped = order != ByteOrder.nativeOrder();
        this.snapshot = snapshot;
        this.buffer = new byte[bufferBytes];
    }

    /**
     * Opens {@code file} when it is a classic pcap file this reader takes (version 2.4, a link
     * type stripscope decodes).
     *
     * @return the source, or null when the file is something else (pcapng, another version or
     *     link type, not a capture), for libpcap to open or refuse in its own words
     * @throws CaptureException TRUNCATED when a pcap magic number is followed by less than the
     *     rest of a file header; UNREADABLE when the file can't be read
     */
    static ClassicPcapSource openIfClassic(Path file, String name) throws CaptureException {
        return openIfClassic(file, name, BUFFER_BYTES);
    }

    /** As {@link #openIfClassic(Path, String)}, reading {@code bufferBytes} at a time (tests use small buffers). */
    static ClassicPcapSource openIfClassic(Path file, String name, int bufferBytes) throws CaptureException {
        RandomAccessFile opened = null;
        try {
            opened = new RandomAccessFile(file.toFile(), "r");
            byte[] bytes = new byte[FILE_HEADER_BYTES];
            int got = 0;
            for (int n; got < bytes.length && (n = opened.read(bytes, got, bytes.length - got)) > 0; ) {
                got += n;
            }
            ByteBuffer header = ByteBuffer.wrap(bytes, 0, got);
            ByteOrder order = orderOf(header);
            if (order == null) {
                return null;
            }
            if (got < FILE_HEADER_BYTES) {
                throw new CaptureException(CaptureException.Kind.TRUNCATED,
                        name + ": capture ends inside its file header (" + got + " of " + FILE_HEADER_BYTES + " bytes)");
            }
            header.order(order);
            boolean nanos = header.getInt(0) == MAGIC_NANOS;
            int major = Short.toUnsignedInt(header.getShort(4));
            int minor = Short.toUnsignedInt(header.getShort(6));
            int snaplen = header.getInt(16);
            // The upper 16 bits may carry the FCS length and reserved flags (LT_LINKTYPE_EXT);
            // libpcap 1.10 then reports the whole value as the link type, which is none that
            // stripscope decodes: such files are left to libpcap.
            int stored = header.getInt(20);
            int linkType = (stored & 0xFFFF0000) != 0 ? -1 : dltOf(stored);
            if (major != 2 || minor != 4 || linkType < 0) {
                return null;
            }
            int snapshot = snaplen <= 0 || snaplen > MAX_SNAPLEN ? MAX_SNAPLEN : snaplen;
            ClassicPcapSource source = new ClassicPcapSource(name, opened, order, nanos, linkType, snapshot, bufferBytes);
            opened = null;
            return source;
        } catch (IOException e) {
            throw new CaptureException(CaptureException.Kind.UNREADABLE,
                    name + ": cannot be read (" + PcapFileSource.oneLine(String.valueOf(e.getMessage())) + ")");
        } finally {
            closeQuietly(opened);
        }
    }

    private static void closeQuietly(RandomAccessFile file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // Closing a file opened for reading loses nothing.
            }
        }
    }

    /** The byte order of a pcap file from its magic number, or null when it is not one this reader takes. */
    private static ByteOrder orderOf(ByteBuffer header) {
        if (header.remaining() < 4) {
            return null;
        }
        int little = header.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (little == MAGIC_MICROS || little == MAGIC_NANOS) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        int big = header.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (big == MAGIC_MICROS || big == MAGIC_NANOS) {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }

    /**
     * The DLT value libpcap's linktype_to_dlt gives for a LINKTYPE value stored in the file, for
     * the link types stripscope decodes; -1 for every other, which is left to libpcap.
     */
    private static int dltOf(int storedLinkType) {
        return switch (storedLinkType) {
            case LINKTYPE_RAW -> LinkType.RAW;
            case LinkType.NULL, LinkType.EN10MB, LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6,
                    LinkType.LINUX_SLL2 -> storedLinkType;
            default -> -1;
        };
    }

    @Override
    public boolean next() throws CaptureException {
        if (finished || closed) {
            return false;
        }
        try {
            int at = map(offset, RECORD_HEADER_BYTES);
            if (at < 0) {
                finished = true;
                long left = fileEnd - offset;
                if (left <= 0) {
                    return false;
                }
                throw truncated("tried to read " + RECORD_HEADER_BYTES + " header bytes, only got " + left);
            }
            int seconds = int32(at);
            int fraction = int32(at + 4);
            int caplen = int32(at + 8);
            int len = int32(at + 12);
            if (caplen < 0 || caplen > MAX_SNAPLEN) {
                finished = true;
                String bound = Integer.compareUnsigned(caplen, snapshot) > 0
                        ? "bigger than snaplen of " + snapshot : "bigger than maximum of " + MAX_SNAPLEN;
                throw new CaptureException(CaptureException.Kind.PCAP_ERROR, name() + ": damaged record after frame "
                        + frame() + " (invalid packet capture length " + Integer.toUnsignedString(caplen) + ", "
                        + bound + ")");
            }
            // A record longer than the file's snapshot length: its first snapshot bytes are the
            // packet, the rest is read past (sf-pcap.c keeps the same bytes).
            int kept = Math.min(caplen, snapshot);
            at = map(offset, RECORD_HEADER_BYTES + caplen);
            if (at < 0) {
                finished = true;
                long got = Math.max(0, fileEnd - offset - RECORD_HEADER_BYTES);
                throw truncated("tried to read " + (got < kept ? kept : caplen - kept) + " captured bytes, only got "
                        + (got < kept ? got : got - kept));
            }
            offset += RECORD_HEADER_BYTES + caplen;
            dataIndex = at + RECORD_HEADER_BYTES;
            // libpcap reads both fields as signed 32-bit values in a file of the machine's own
            // byte order, and as unsigned ones after swapping the bytes of a file of the other.
            long s = swapped ? Integer.toUnsignedLong(seconds) : seconds;
            long f = swapped ? Integer.toUnsignedLong(fraction) : fraction;
            record(s * 1_000_000L + (nanos ? f / 1000 : f), kept, len);
            return true;
        } catch (IOException e) {
            finished = true;
            throw new CaptureException(CaptureException.Kind.PCAP_ERROR, name() + ": read error after frame " + frame()
                    + " (" + PcapFileSource.oneLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    private CaptureException truncated(String detail) {
        return new CaptureException(CaptureException.Kind.TRUNCATED,
                name() + ": file ends inside a record after frame " + frame() + " (truncated: " + detail + ")");
    }

    /**
     * Makes the {@code length} bytes at file offset {@code at} readable in {@link #buffer}: the
     * bytes still unread move to its start and the rest is filled from the file with positional
     * reads, so a file that has grown since the last read is read on.
     *
     * @return their index in the buffer, or -1 when the file ends before them; {@link #fileEnd}
     *     is then where it ends
     */
    private int map(long at, int length) throws IOException {
        if (at >= bufferStart && at + length <= bufferStart + bufferLength) {
            return (int) (at - bufferStart);
        }
        int kept = 0;
        if (at >= bufferStart && at < bufferStart + bufferLength) {
            kept = (int) (bufferStart + bufferLength - at);
        }
        byte[] target = length > buffer.length ? new byte[length] : buffer;
        if (kept > 0) {
            System.arraycopy(buffer, (int) (at - bufferStart), target, 0, kept);
        }
        buffer = target;
        bufferStart = at;
        bufferLength = kept;
        file.seek(at + kept);
        for (int n; bufferLength < buffer.length && (n = file.read(buffer, bufferLength, buffer.length - bufferLength)) > 0; ) {
            bufferLength += n;
        }
        if (length > bufferLength) {
            fileEnd = at + bufferLength;
            return -1;
        }
        return 0;
    }

    /** The 32-bit field at {@code index} of the buffer, in the file's byte order. */
    private int int32(int index) {
        byte[] b = buffer;
        int b0 = b[index] & 0xff;
        int b1 = b[index + 1] & 0xff;
        int b2 = b[index + 2] & 0xff;
        int b3 = b[index + 3] & 0xff;
        return bigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0;
    }

    @Override
    protected void copyCurrent(byte[] destination) {
        System.arraycopy(buffer, dataIndex, destination, 0, capturedLength());
    }

    /** The reader's buffer, which holds the current packet's bytes from {@link #inPlaceOffset()}. */
    @Override
    public byte[] inPlaceData() {
        return buffer;
    }

    @Override
    public int inPlaceOffset() {
        return dataIndex;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(file);
        }
    }
}
