package org.stripscope.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Expands the capture arguments of the command line into the files to read, in order.
 *
 * <ul>
 *   <li>A file argument is taken as given, whatever its first bytes: if it is not a capture,
 *       opening it says so ({@link CaptureException.Kind#NOT_A_CAPTURE}).</li>
 *   <li>A directory argument stands for the capture files directly inside it (not in
 *       subdirectories), sorted by file name ({@link String#compareTo}). A capture file is
 *       recognised by its first four bytes, so a README or a CSV next to the captures is
 *       skipped.</li>
 *   <li>A path that does not exist is kept in the list as given, so that opening it fails with
 *       {@link CaptureException.Kind#UNREADABLE} and a message naming it, in its place in the
 *       order.</li>
 *   <li>A directory with no capture file directly inside it, or one that can't be listed, is a
 *       problem reported in its place ({@link #resolve}), never silently dropped: the user named
 *       it expecting captures.</li>
 * </ul>
 */
public final class CaptureInputs {

    /** pcap magic numbers as the first four file bytes: microsecond and nanosecond, both byte orders. */
    private static final int PCAP_MICROS_BE = 0xa1b2c3d4;
    private static final int PCAP_MICROS_LE = 0xd4c3b2a1;
    private static final int PCAP_NANOS_BE = 0xa1b23c4d;
    private static final int PCAP_NANOS_LE = 0x4d3cb2a1;
    /**
     * Alexey Kuznetsov's modified pcap (the "patched" format of old Red Hat tcpdump, longer
     * record headers), which libpcap's sf-pcap.c still opens (KUZNETZOV_TCPDUMP_MAGIC), both
     * byte orders.
     */
    private static final int PCAP_MODIFIED_BE = 0xa1b2cd34;
    private static final int PCAP_MODIFIED_LE = 0x34cdb2a1;
    /** pcapng Section Header Block type, the same in both byte orders. */
    private static final int PCAPNG_SHB = 0x0a0d0d0a;

    private CaptureInputs() {
    }

    /**
     * The capture files named by {@code arguments}, in argument order, each directory expanded in
     * place, and in place of each argument that gave no file, a {@link CaptureInput#problem}
     * (kind UNREADABLE, one line naming the directory): "DIR: no capture files in this
     * directory" or "DIR: directory cannot be listed (reason)". Never throws: a caller prints
     * each problem as one line and goes on with the other entries.
     */
    public static List<CaptureInput> resolve(List<String> arguments) {
        List<CaptureInput> inputs = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (!Files.isDirectory(path)) {
                inputs.add(CaptureInput.file(path));
                continue;
            }
            try {
                List<Path> files = captureFilesIn(path);
                if (files.isEmpty()) {
                    inputs.add(CaptureInput.problem(path, new CaptureException(CaptureException.Kind.UNREADABLE,
                            path + ": no capture files in this directory")));
                }
                for (Path file : files) {
                    inputs.add(CaptureInput.file(file));
                }
            } catch (CaptureException e) {
                inputs.add(CaptureInput.problem(path, e));
            }
        }
        return inputs;
    }


    /** The capture files directly inside {@code directory}, sorted by file name. */
    public static List<Path> captureFilesIn(Path directory) throws CaptureException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && hasCaptureMagic(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new CaptureException(CaptureException.Kind.UNREADABLE,
                    directory + ": directory cannot be listed (" + e.getMessage() + ")");
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    /** True when the file starts with a pcap or pcapng magic number; false when unreadable. */
    public static boolean hasCaptureMagic(Path file) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        int magic = u32(head);
        return magic == PCAP_MICROS_BE || magic == PCAP_MICROS_LE || magic == PCAP_NANOS_BE
                || magic == PCAP_NANOS_LE || magic == PCAP_MODIFIED_BE || magic == PCAP_MODIFIED_LE
                || magic == PCAPNG_SHB;
    }

    /**
     * The first four bytes, big-endian. The project's byte helper is decode.Bytes, but capture
     * is the stage before decode and imports nothing from it; this is the one read capture needs.
     */
    private static int u32(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
