package org.stripscope.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.CaptureFile;
import org.stripscope.capture.LinkType;
import org.stripscope.capture.PacketSource;
import org.stripscope.capture.ThreadedPacketSource;
import org.stripscope.decode.DecodeReason;
import org.stripscope.decode.DecodeStatus;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;
import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.SessionOpened;
import org.stripscope.mail.imap.ImapSession;
import org.stripscope.mail.pop3.Pop3Session;
import org.stripscope.mail.smtp.SmtpLimits;
import org.stripscope.mail.smtp.SmtpSession;
import org.stripscope.report.RunSummary;
import org.stripscope.tcp.FlowEndpoints;
import org.stripscope.tcp.FlowTable;
import org.stripscope.tcp.StreamListener;
import org.stripscope.tcp.TcpLimits;

/**
 * Wires the stages for one capture: source → decoder → flow table → SMTP sessions → the shared
 * event sink (detection). Each capture has its own flow table, since frame numbers and
 * connections belong to one file; session ids run on across the whole run.
 */
final class CaptureAnalysis {

    /**
     * Ports where TLS starts at once: SMTP submission (465, RFC 8314 §7.3), IMAPS (993) and
     * POP3S (995).
     */
    private static final Set<Integer> IMPLICIT_TLS_PORTS = Set.of(465, 993, 995);

    /** The flow table's counters that describe damaged or unusual traffic (the rest are volumes). */
    private static final Set<String> TCP_ANOMALIES = Set.of("flows_evicted", "overlap_conflicts",
            "overlaps_unchecked", "gaps", "gap_bytes", "buffer_limit_gaps", "snaplen_truncated_segments",
            "data_after_fin_segments", "syn_isn_resets", "implausible_acks", "timestamp_jumps", "global_buffer_limit_gaps",
            "rsts_out_of_window", "rsts_not_honoured");

    private final MailPorts ports;
    private final MailEventSink events;
    private final RunSummary summary;
    private final TcpLimits tcpLimits;
    private long nextSessionId = 1;

    CaptureAnalysis(MailPorts ports, MailEventSink events, RunSummary summary) {
        this(ports, events, summary, TcpLimits.forHeap(java.lang.Runtime.getRuntime().maxMemory()));
    }

    CaptureAnalysis(MailPorts ports, MailEventSink events, RunSummary summary, TcpLimits tcpLimits) {
        this.ports = ports;
        this.events = events;
        this.summary = summary;
        this.tcpLimits = tcpLimits;
    }

    /**
     * Analyses one capture to its end. When the capture can't be read to its end, everything
     * before the failure is analysed (sessions closed, findings written) before the exception
     * is passed on.
     */
    void run(Path path, String name) throws CaptureException {
        PacketSource opened = CaptureFile.open(path);
        if (!ThreadedPacketSource.helps()) {
            try (opened) {
                run(opened, name);
            }
            return;
        }
        // Reading and decoding the file on a thread of its own overlaps them with the analysis:
        // each frame reaches this thread decoded.
        ReaderDecoding decoding = new ReaderDecoding(ports);
        try (ThreadedPacketSource source = ThreadedPacketSource.start(opened, decoding)) {
            run(source, name, decoding);
        }
    }

    /**
     * Analyses everything a source delivers, to its end. The source stays open; the caller
     * closes it.
     */
    void run(PacketSource source, String name) throws CaptureException {
        run(source, name, null);
    }

    /**
     * As {@link #run(PacketSource, String)}; with {@code decoding}, the source is a
     * {@link ThreadedPacketSource} whose reader thread decoded every frame already.
     */
    private void run(PacketSource source, String name, ReaderDecoding decoding) throws CaptureException {
        Pass pass = new Pass(name, decoding == null ? null : decoding.decoder());
        try {
            int linkType = source.linkType();
            if (!LinkType.isSupported(linkType)) {
                throw new CaptureException(CaptureException.Kind.UNSUPPORTED_LINK_TYPE,
                        name + ": unsupported link type " + LinkType.describe(linkType));
            }
            try {
                if (decoding == null) {
                    while (source.next()) {
                        pass.onFrame(linkType, source.data(), source.capturedLength(), source.frame(),
                                source.timestampMicros());
                    }
                } else {
                    ThreadedPacketSource threaded = (ThreadedPacketSource) source;
                    while (threaded.next()) {
                        ReaderDecoding.Decoded frame = (ReaderDecoding.Decoded) threaded.stageState();
                        pass.onDecoded(frame.status, frame.packet, threaded.frame(), threaded.timestampMicros());
                    }
                }
            } catch (CaptureException | RuntimeException e) {
                // The sessions still open are evaluated before the failure is reported, so the
                // findings of everything read so far are written.
                pass.closeAll(e);
                throw e;
            }
            pass.closeAll(null);
        } finally {
            pass.finish();
        }
    }

    /**
     * One capture's decoder and flow table, fed a frame at a time: by {@link #run} for a file, by
     * the live command for an interface. Not thread-safe; one per packet loop.
     */
    final class Pass {

        private final PacketDecoder decoder = new PacketDecoder();
        /** The reader thread's decoder when frames arrive decoded (its counts are reported too), or null. */
        private final PacketDecoder readerDecoder;
        private final DecodedPacket packet = new DecodedPacket();
        /**
         * A segment between two unused ports (0 is never a mail port), fed to the flow table by
         * {@link #tick}: the table advances its clock and sweeps idle flows on every segment it
         * is given, and ignores this one as not on a server port.
         */
        private final DecodedPacket clockOnly = new DecodedPacket();
        private final FlowTable flows;
        private long lastFrame;
        private long lastTime;

        private Pass(String name, PacketDecoder readerDecoder) {
            this.readerDecoder = readerDecoder;
            flows = new FlowTable(tcpLimits, ports::isMailPort,
                    (endpoints, frame, time) -> openSession(name, endpoints, frame, time));
        }

        /**
         * One frame.
         *
         * @return true when it is a TCP segment to or from a mail port (what an evidence capture keeps)
         */
        boolean onFrame(int linkType, byte[] data, int capturedLength, long frame, long timeMicros) {
            return onDecoded(decoder.decode(linkType, data, capturedLength, packet), packet, frame, timeMicros);
        }

        /** One frame, decoded already ({@code status} and {@code decoded} are the decoder's result). */
        boolean onDecoded(DecodeStatus status, DecodedPacket decoded, long frame, long timeMicros) {
            lastFrame = frame;
            lastTime = timeMicros;
            if (status != DecodeStatus.TCP) {
                return false;
            }
            flows.onPacket(decoded, frame, timeMicros);
            return ports.isMailPort(decoded.srcPort) || ports.isMailPort(decoded.dstPort);
        }

        /**
         * Time passes without packets (a quiet live link): flows idle for longer than the timeout
         * are closed, so their sessions are evaluated and their state freed.
         */
        void tick(long timeMicros) {
            flows.onPacket(clockOnly, lastFrame, timeMicros);
        }

        /** Open flows now, tombstones included. */
        int flowCount() {
            return flows.size();
        }

        /** Ends every open session; a failure while doing so is attached to the one that caused it. */
        void closeAll(Exception cause) {
            CaptureAnalysis.closeAll(flows, lastFrame, lastTime, cause);
        }

        /** The capture is over: its packet count and counters go to the summary. */
        void finish() {
            summary.captureDone(lastFrame);
            report(decoder, readerDecoder, flows);
        }
    }

    /** A new pass for a capture of this name. */
    Pass newPass(String name) {
        return new Pass(name, null);
    }

    /** Ends every open session; a failure while doing so is attached to the one that caused it. */
    private static void closeAll(FlowTable flows, long frame, long time, Exception cause) {
        try {
            flows.closeAll(frame, time);
        } catch (RuntimeException e) {
            if (cause == null) {
                throw e;
            }
            cause.addSuppressed(e);
        }
    }

    private StreamListener openSession(String capture, FlowEndpoints e, long frame, long time) {
        Protocol protocol = ports.protocolOf(e.serverPort());
        if (protocol == null) {
            return null;
        }
        SessionInfo info = new SessionInfo(capture, nextSessionId++, protocol,
                e.clientAddress(), e.clientPort(), e.serverAddress(), e.serverPort(), e.handshakeSeen());
        summary.mailSessionOpened();
        events.accept(new SessionOpened(info, frame, time));
        boolean implicitTls = IMPLICIT_TLS_PORTS.contains(e.serverPort());
        return switch (protocol) {
            case SMTP -> new SmtpSession(info, events, SmtpLimits.defaults(), implicitTls);
            case IMAP -> new ImapSession(info, events, implicitTls);
            case POP3 -> new Pop3Session(info, events, implicitTls);
        };
    }

    /**
     * Passes the decoder's and flow table's counters to the summary. Packets that are simply not
     * TCP over IP (ARP, UDP...) are ordinary traffic, not anomalies, and TCP segments that decoded
     * well are counted as packets already.
     */
    private void report(PacketDecoder decoder, PacketDecoder readerDecoder, FlowTable flows) {
        for (DecodeReason reason : DecodeReason.values()) {
            DecodeStatus status = reason.status();
            boolean ordinary = status == DecodeStatus.NOT_IP || status == DecodeStatus.NOT_TCP
                    || (status == DecodeStatus.TCP && reason != DecodeReason.TCP_OPTIONS_CUT
                        && reason != DecodeReason.TCP_LENGTH_FROM_CAPTURE);
            if (!ordinary) {
                long count = decoder.count(reason) + (readerDecoder == null ? 0 : readerDecoder.count(reason));
                summary.anomaly("decode", reason.name().toLowerCase(Locale.ROOT), count);
            }
        }
        flows.stats().asMap().forEach((counter, count) -> {
            if (TCP_ANOMALIES.contains(counter)) {
                summary.anomaly("tcp", counter, count);
            }
        });
    }
}
