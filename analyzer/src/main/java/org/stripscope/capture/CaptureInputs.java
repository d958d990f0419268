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
 * </ul>
 */
public final class CaptureInputs {

    /** pcap magic numbers as the first four file bytes: microsecond and nanosecond, both byte orders. */
    private static final int PCAP_MICROS_BE = 0xa1b2c3d4;
    private static final int PCAP_MICROS_LE = 0xd4c3b2a1;
    private static final int PCAP_NANOS_BE = 0xa1b23c4d;
    private static final int PCAP_NANOS_LE = 0x4d3cb2a1;
    /** pcapng Section Header Block type, the same in both byte orders. */
    private static final int PCAPNG_SHB = 0x0a0d0d0a;

    private CaptureInputs() {
    }

    /**
     * The capture files named by {@code arguments}, in argument order, each directory expanded in
     * place.
     *
     * @throws CaptureException UNREADABLE when a directory can't be listed
     */
    public static List<Path> expand(List<String> arguments) throws CaptureException {
        List<Path> files = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                files.addAll(captureFilesIn(path));
            } else {
                files.add(path);
            }
        }
        return files;
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
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        return magic == PCAP_MICROS_BE || magic == PCAP_MICROS_LE || magic == PCAP_NANOS_BE
                || magic == PCAP_NANOS_LE || magic == PCAPNG_SHB;
    }
}
