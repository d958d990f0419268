package org.stripscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal. {@link System#console()} answers for standard input and
 * output together, which is the wrong question when findings are redirected to a file; on Linux
 * /proc/self/fd/2 names the device instead. Where /proc is missing the answer is no, so the
 * progress line stays off rather than garbling a log.
 */
final class Terminal {

    private Terminal() {
    }

    static boolean isStderrTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
