package org.stripscope.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.LinkType;
import org.stripscope.capture.PacketSource;
import org.stripscope.capture.PcapFileSource;
import org.stripscope.decode.DecodeReason;
import org.stripscope.decode.DecodeStatus;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;
import org.stripscope.mail.MailEventSink;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.SessionOpened;
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

    /** SMTP over implicit TLS ("submissions", RFC 8314 §7.3). */
    private static final int SMTPS_PORT = 465;

    /** The flow table's counters that describe damaged or unusual traffic (the rest are volumes). */
    private static final Set<String> TCP_ANOMALIES = Set.of("flows_evicted", "overlap_conflicts",
            "overlaps_unchecked", "gaps", "gap_bytes", "buffer_limit_gaps", "snaplen_truncated_segments",
            "data_after_fin_segments", "syn_isn_resets", "implausible_acks", "timestamp_jumps", "global_buffer_limit_gaps");

    private final PortList smtpPorts;
    private final MailEventSink events;
    private final RunSummary summary;
    private long nextSessionId = 1;

    CaptureAnalysis(PortList smtpPorts, MailEventSink events, RunSummary summary) {
        this.smtpPorts = smtpPorts;
        this.events = events;
        this.summary = summary;
    }

    /**
     * Analyses one capture to its end. When the capture can't be read to its end, everything
     * before the failure is analysed (sessions closed, findings written) before the exception
     * is passed on.
     */
    void run(Path file, String name) throws CaptureException {
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket packet = new DecodedPacket();
        FlowTable flows = new FlowTable(TcpLimits.defaults(), smtpPorts::contains,
                (endpoints, frame, time) -> openSession(name, endpoints, frame, time));
        long lastFrame = 0;
        long lastTime = 0;
        try (PacketSource source = PcapFileSource.open(file)) {
            int linkType = source.linkType();
            if (!LinkType.isSupported(linkType)) {
                throw new CaptureException(CaptureException.Kind.UNSUPPORTED_LINK_TYPE,
                        name + ": unsupported link type " + LinkType.describe(linkType));
            }
            try {
                while (source.next()) {
                    lastFrame = source.frame();
                    lastTime = source.timestampMicros();
                    if (decoder.decode(linkType, source.data(), source.capturedLength(), packet) == DecodeStatus.TCP) {
                        flows.onPacket(packet, lastFrame, lastTime);
                    }
                }
            } catch (CaptureException | RuntimeException e) {
                // The sessions still open are evaluated before the failure is reported, so the
                // findings of everything read so far are written.
                closeAll(flows, lastFrame, lastTime, e);
                throw e;
            }
            closeAll(flows, lastFrame, lastTime, null);
        } finally {
            summary.captureDone(lastFrame);
            report(decoder, flows);
        }
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
        SessionInfo info = new SessionInfo(capture, nextSessionId++, Protocol.SMTP,
                e.clientAddress(), e.clientPort(), e.serverAddress(), e.serverPort(), e.handshakeSeen());
        summary.mailSessionOpened();
        events.accept(new SessionOpened(info, frame, time));
        return new SmtpSession(info, events, SmtpLimits.defaults(), e.serverPort() == SMTPS_PORT);
    }

    /**
     * Passes the decoder's and flow table's counters to the summary. Packets that are simply not
     * TCP over IP (ARP, UDP...) are ordinary traffic, not anomalies, and TCP segments that decoded
     * well are counted as packets already.
     */
    private void report(PacketDecoder decoder, FlowTable flows) {
        for (DecodeReason reason : DecodeReason.values()) {
            DecodeStatus status = reason.status();
            boolean ordinary = status == DecodeStatus.NOT_IP || status == DecodeStatus.NOT_TCP
                    || (status == DecodeStatus.TCP && reason != DecodeReason.TCP_OPTIONS_CUT
                        && reason != DecodeReason.TCP_LENGTH_FROM_CAPTURE);
            if (!ordinary) {
                summary.anomaly("decode", reason.name().toLowerCase(Locale.ROOT), decoder.count(reason));
            }
        }
        flows.stats().asMap().forEach((counter, count) -> {
            if (TCP_ANOMALIES.contains(counter)) {
                summary.anomaly("tcp", counter, count);
            }
        });
    }
}
