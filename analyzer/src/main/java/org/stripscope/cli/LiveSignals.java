package org.stripscope.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM ask a live run to stop cleanly instead of ending the process: the handler
 * only runs the stop action (which sets a flag and breaks libpcap's blocked reads), and the packet
 * loop then finishes in its own time, evaluating the open sessions and printing the summary. The
 * first signal also puts the JVM's own handlers back, so a second Ctrl-C ends the process at once
 * when a clean stop takes too long.
 *
 * <p>A shutdown hook would not do: the JVM runs hooks only on its way to exit, with exit status
 * 130 or 143, and {@code System.exit} from the command would then block. sun.misc.Signal (module
 * jdk.unsupported) is the JDK's interface for handling a signal and carrying on.
 */
final class LiveSignals implements AutoCloseable {

    private static final String[] NAMES = {"INT", "TERM"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile String received;

    private LiveSignals() {
    }

    /** Installs the handlers; {@code stop} runs on the JVM's signal thread. */
    static LiveSignals onStop(Runnable stop) {
        LiveSignals live = new LiveSignals();
        for (String name : NAMES) {
            Signal signal = new Signal(name);
            try {
                SignalHandler old = Signal.handle(signal, s -> {
                    live.received = "SIG" + s.getName();
                    live.restore();
                    stop.run();
                });
                live.signals.add(signal);
                live.previous.add(old);
            } catch (IllegalArgumentException e) {
                // The signal is reserved here (e.g. -Xrs); the others still stop the run.
            }
        }
        return live;
    }

    /** "SIGINT" or "SIGTERM" once one arrived, otherwise null. */
    String received() {
        return received;
    }

    private synchronized void restore() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // Nothing to restore to; the handler stays and only asks for a stop again.
            }
        }
        signals.clear();
        previous.clear();
    }

    @Override
    public void close() {
        restore();
    }
}
