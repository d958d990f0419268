package org.stripscope.cli;

/** The process exit codes, documented in README.md. */
public final class ExitCode {

    /** Every input was read to its end (findings or not). */
    public static final int OK = 0;
    /** Nothing could be analysed: no input readable, libpcap missing, output not writable, key unreadable. */
    public static final int ERROR = 1;
    /** Bad command line (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** The run completed, but some input could not be read (or only in part): see stderr. */
    public static final int PARTIAL = 3;
    /**
     * {@code --fail-on}: a finding at or above the given severity was made (every finding was
     * still written). Takes precedence over {@link #PARTIAL}, so an audit never misses a finding.
     */
    public static final int FINDINGS = 4;

    private ExitCode() {
    }
}
