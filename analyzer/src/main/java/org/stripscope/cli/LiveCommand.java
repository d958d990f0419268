package org.stripscope.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.LiveCapture;
import org.stripscope.capture.LiveFilter;
import org.stripscope.capture.LiveInterfaceStats;
import org.stripscope.capture.LivePcapWriter;
import org.stripscope.capture.LiveSettings;
import org.stripscope.detect.Detection;
import org.stripscope.report.AnomalyCounter;
import org.stripscope.report.CsvFindingWriter;
import org.stripscope.report.FindingWriteException;
import org.stripscope.report.RunSummary;
import org.stripscope.report.ServerProfileCsv;
import org.stripscope.tcp.TcpLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code stripscope live}: captures on interfaces and writes each finding the moment it is made. */
@Command(name = "live",
        mixinStandardHelpOptions = true,
        description = {
            "Captures mail traffic on network interfaces through libpcap and writes one CSV row per piece of "
                + "mail-downgrade evidence the moment it is complete.",
            "Runs until SIGINT (Ctrl-C) or SIGTERM, --duration or --packets; then the open sessions are evaluated, "
                + "the last rows written and the summary printed to standard error.",
            "Needs CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode), e.g. root."},
        footer = {"", "Examples:",
            "  stripscope live -i eth0 -o findings.csv",
            "  stripscope live -i eth0 -i eth1 --duration 3600 --write-pcap evidence.pcap",
            "  stripscope live -i eth0 --filter 'tcp port 25 and host 192.0.2.25'",
            "", "Exit codes: 0 stopped cleanly, 1 error (no permission, no such interface, output not writable), "
                + "2 usage, 3 an interface failed during the run (findings until then were written)."})
final class LiveCommand implements Callable<Integer> {

    /** How often a quiet capture still sweeps idle flows and flushes the evidence file. */
    static final long TICK_NANOS = 1_000_000_000L;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE",
            description = "capture on this interface; repeat for several (stripscope interfaces lists them)")
    List<String> interfaces;

    @Option(names = "--filter", paramLabel = "BPF",
            description = "kernel filter in libpcap syntax (default: TCP on every mail port below, IPv4 and IPv6, VLAN-tagged too on Ethernet)")
    String filter;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the CSV here instead of standard output")
    Path output;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds")
    Long durationSeconds;

    @Option(names = "--packets", paramLabel = "N", description = "stop after this many packets")
    Long packetLimit;

    @Option(names = "--write-pcap", paramLabel = "FILE",
            description = "also keep the captured mail packets in this pcap file, as evidence")
    Path writePcap;

    @Option(names = "--smtp-ports", paramLabel = "PORTS", converter = PortList.Converter.class,
            description = "server ports followed as SMTP (default: ${DEFAULT-VALUE}); 465 among them is implicit TLS",
            defaultValue = "25,465,587,2525")
    PortList smtpPorts;

    @Option(names = "--imap-ports", paramLabel = "PORTS", converter = PortList.Converter.class,
            description = "server ports followed as IMAP (default: ${DEFAULT-VALUE}); 993 among them is implicit TLS",
            defaultValue = "143,993")
    PortList imapPorts;

    @Option(names = "--pop3-ports", paramLabel = "PORTS", converter = PortList.Converter.class,
            description = "server ports followed as POP3 (default: ${DEFAULT-VALUE}); 995 among them is implicit TLS",
            defaultValue = "110,995")
    PortList pop3Ports;

    @Option(names = "--buffer-size", paramLabel = "MIB", defaultValue = "64",
            description = "kernel capture buffer in MiB (default: ${DEFAULT-VALUE})")
    int bufferMib;

    @Option(names = "--immediate",
            description = "hand each packet over at once instead of within 100 ms (more CPU, a ring of fewer packets)")
    boolean immediate;

    @Option(names = "--no-promiscuous", description = "only traffic to and from this host (no promiscuous mode)")
    boolean noPromiscuous;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "a connection without packets for this long is closed and evaluated (default: ${DEFAULT-VALUE})")
    long idleTimeoutSeconds;

    @Option(names = "--servers", paramLabel = "FILE",
            description = "at the end, write one CSV row per server seen (capabilities, STARTTLS offered, masked) to FILE")
    Path serversFile;

    @Option(names = "--fallback-window", paramLabel = "SECONDS", defaultValue = "300",
            description = "how long after a failed TLS handshake a plaintext session of the same client to the same server counts as tls-fallback (default: ${DEFAULT-VALUE})")
    long fallbackWindowSeconds;

    @Option(names = {"-q", "--quiet"}, description = "no start line and no run summary on standard error")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /**
     * The settings checked against each other; throws picocli's usage error.
     *
     * @param filter the filter as shown to the user: the given one, or the default for Ethernet
     */
    record Plan(MailPorts ports, String filter, LiveSettings settings, TcpLimits tcpLimits) {
    }

    Plan plan() {
        MailPorts ports;
        try {
            ports = MailPorts.of(smtpPorts, imapPorts, pop3Ports);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (durationSeconds != null && durationSeconds < 1) {
            throw usage("--duration must be at least 1 second");
        }
        if (packetLimit != null && packetLimit < 1) {
            throw usage("--packets must be at least 1");
        }
        if (bufferMib < 1 || bufferMib > 2047) {
            throw usage("--buffer-size must be 1 to 2047 MiB");
        }
        if (idleTimeoutSeconds < 1) {
            throw usage("--idle-timeout must be at least 1 second");
        }
        if (fallbackWindowSeconds < 0) {
            throw usage("--fallback-window must not be negative");
        }
        if (interfaces.stream().distinct().count() != interfaces.size()) {
            throw usage("an interface is given twice");
        }
        String bpf = filter != null ? filter : LiveFilter.forPorts(allPorts());
        if (bpf.isBlank() && filter != null) {
            throw usage("--filter is empty; leave it out for the mail ports");
        }
        return new Plan(ports, bpf, LiveSettings.of(filter, allPorts(), bufferMib << 20, immediate, !noPromiscuous),
                TcpLimits.forHeap(Runtime.getRuntime().maxMemory()).withIdleTimeoutMicros(idleTimeoutSeconds * 1_000_000L));
    }

    /** Every mail port, ascending, without duplicates. */
    int[] allPorts() {
        return IntStream.concat(IntStream.concat(IntStream.of(smtpPorts.ports()), IntStream.of(imapPorts.ports())),
                IntStream.of(pop3Ports.ports())).distinct().sorted().toArray();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        Plan plan = plan();
        PrintStream err = System.err;
        try {
            String problem = LiveFilter.problem(plan.filter());
            if (problem != null) {
                throw usage("--filter does not compile: " + problem);
            }
        } catch (CaptureException e) {
            err.println("stripscope: " + e.getMessage());
            return ExitCode.ERROR;
        }
        RunSummary summary = new RunSummary();
        Detection detection;
        LiveRun run;
        // The interfaces are opened first: a capture that can't start writes no CSV header.
        try (LiveCapture capture = LiveCapture.open(interfaces, plan.settings());
                LivePcapWriter evidence = openEvidence(capture, plan.settings());
                Writer out = openOutput()) {
            capture.warnings().forEach(w -> err.println("stripscope: warning: " + w));
            CsvFindingWriter csv = new CsvFindingWriter(out);
            detection = new Detection(Detection.allDetectors(fallbackWindowSeconds * 1_000_000L), summary.counting(csv));
            CaptureAnalysis analysis = new CaptureAnalysis(plan.ports(), new AnomalyCounter(summary, detection),
                    summary, plan.tcpLimits());
            run = new LiveRun(capture, analysis.newPass(String.join(",", interfaces)), evidence,
                    durationSeconds == null ? 0 : durationSeconds * 1_000_000_000L,
                    packetLimit == null ? 0 : packetLimit, err);
            try (LiveSignals signals = LiveSignals.onStop(capture::stop)) {
                if (!quiet) {
                    String shown = filter != null ? filter : "TCP on mail ports " + Arrays.stream(allPorts())
                            .mapToObj(Integer::toString).collect(Collectors.joining(","))
                            + ", IPv4 and IPv6, VLAN-tagged too";
                    err.println("stripscope: capturing on " + String.join(", ", interfaces) + " (filter: " + shown
                            + "); SIGINT or SIGTERM stops");
                }
                run.run();
            }
            // Cross-session findings are made now, against every server seen during the run.
            detection.finish();
            out.flush();
        } catch (CaptureException e) {
            err.println("stripscope: " + e.getMessage());
            return ExitCode.ERROR;
        } catch (IOException e) {
            err.println("stripscope: cannot write findings" + (output == null ? "" : " to " + output) + ": " + e.getMessage());
            return ExitCode.ERROR;
        } catch (FindingWriteException e) {
            err.println("stripscope: cannot write findings" + (output == null ? "" : " to " + output) + ": "
                    + e.getCause().getMessage());
            return ExitCode.ERROR;
        } catch (RuntimeException e) {
            // A defect: the capture is closed and the rows written so far stay; one line, no trace.
            err.println("stripscope: internal error, live capture stopped (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
            return ExitCode.ERROR;
        }
        run.failures().forEach(summary::error);
        if (serversFile != null && !writeServers(detection, err)) {
            return ExitCode.ERROR;
        }
        if (!quiet) {
            summary.print(err);
            for (LiveInterfaceStats s : run.stats()) {
                err.println("  " + LiveRun.describe(s));
            }
            if (run.evidence() != null) {
                err.println("  evidence: " + run.evidencePackets() + " packets in " + writePcap);
            }
        }
        return summary.hasErrors() ? ExitCode.PARTIAL : ExitCode.OK;
    }

    /** The evidence file, or null without --write-pcap. */
    private LivePcapWriter openEvidence(LiveCapture capture, LiveSettings settings) throws CaptureException {
        if (writePcap == null) {
            return null;
        }
        int linkType = capture.commonLinkType();
        if (linkType < 0) {
            throw new CaptureException(CaptureException.Kind.UNSUPPORTED_LINK_TYPE, "--write-pcap: the interfaces "
                    + String.join(", ", interfaces) + " have different link types and one pcap file holds one;"
                    + " run one capture per link type");
        }
        return LivePcapWriter.open(writePcap, linkType, settings.snaplen());
    }

    private boolean writeServers(Detection detection, PrintStream err) {
        try (Writer w = Files.newBufferedWriter(serversFile, StandardCharsets.UTF_8)) {
            ServerProfileCsv.write(detection.serverProfiles(), w);
            return true;
        } catch (IOException e) {
            err.println("stripscope: cannot write servers to " + serversFile + ": " + e.getMessage());
            return false;
        }
    }

    private Writer openOutput() throws IOException {
        if (output == null) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
        return Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    }
}
