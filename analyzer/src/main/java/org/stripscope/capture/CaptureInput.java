package org.stripscope.capture;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of the expanded capture arguments, in argument order: a capture file to open, or a
 * problem with an argument that gave no file (a directory with no capture files in it, a
 * directory that can't be listed), to be reported in its place while the other entries are read.
 *
 * @param path the capture file, or the argument the problem is about
 * @param problem null for a capture file; otherwise the one-line reason, naming {@code path}
 */
public record CaptureInput(Path path, CaptureException problem) {

    public CaptureInput {
        Objects.requireNonNull(path, "path");
    }

    /** A file to open (whether it really is a capture is for opening it to say). */
    public static CaptureInput file(Path path) {
        return new CaptureInput(path, null);
    }

    /** An argument that gave no file to open, with the reason. */
    public static CaptureInput problem(Path path, CaptureException problem) {
        return new CaptureInput(path, Objects.requireNonNull(problem, "problem"));
    }

    public boolean hasProblem() {
        return problem != null;
    }
}
