package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.capture.LinkType;
import org.stripscope.decode.Hex;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.mail.event.SessionOpened;
import org.stripscope.report.RunSummary;
import org.stripscope.tcp.TcpLimits;

/**
 * A live capture on a quiet link: with no packet arriving, the once-a-second tick alone closes a
 * flow that has been idle past the timeout, so its session is evaluated and its state freed.
 */
class LiveIdleSweepTest {

    /** Ethernet, IPv4 198.51.100.1 -> 203.0.113.70, TCP 40000 -> 25 SYN. */
    private static final byte[] SYN_TO_PORT_25 = Hex.bytes("020000000170 020000000110 0800"
            + "45000028 00014000 4006 d453 c6336401 cb007146"
            + "9c40 0019 000003e8 00000000 5002 faf0 0000 0000");
    private static final long SECOND = 1_000_000L;
    private static final long T0 = 1_800_000_000L * SECOND;

    private final List<MailEvent> events = new ArrayList<>();
    private final CaptureAnalysis.Pass pass = new CaptureAnalysis(
            MailPorts.of(ports("25"), ports("143"), ports("110")), events::add, new RunSummary(),
            TcpLimits.defaults().withIdleTimeoutMicros(10 * SECOND)).newPass("eth0");

    private static PortList ports(String list) {
        return new PortList.Converter().convert(list);
    }

    private List<SessionClosed> closed() {
        return events.stream().filter(SessionClosed.class::isInstance).map(SessionClosed.class::cast).toList();
    }

    @Test
    void synToMailPort_isAMailPacketWhoseFlowIsKeptAndWhoseSessionOpensWithItsEnd() {
        assertTrue(pass.onFrame(LinkType.EN10MB, SYN_TO_PORT_25, SYN_TO_PORT_25.length, 1, T0));
        assertEquals(1, pass.flowCount());
        assertTrue(events.isEmpty(), "no session before a byte, a FIN or an RST: " + events);
        pass.closeAll(null);
        assertTrue(events.get(0) instanceof SessionOpened);
        assertEquals(1, closed().size());
    }

    @Test
    void tickPastTheIdleTimeout_closesTheQuietFlow() {
        pass.onFrame(LinkType.EN10MB, SYN_TO_PORT_25, SYN_TO_PORT_25.length, 1, T0);
        pass.tick(T0 + 11 * SECOND);
        assertEquals(1, closed().size());
        assertEquals("idle_timeout", closed().get(0).reason());
        assertEquals(0, pass.flowCount());
    }

    @Test
    void tickWithinTheIdleTimeout_keepsTheFlow() {
        pass.onFrame(LinkType.EN10MB, SYN_TO_PORT_25, SYN_TO_PORT_25.length, 1, T0);
        pass.tick(T0 + 5 * SECOND);
        assertEquals(List.of(), closed());
        assertEquals(1, pass.flowCount());
    }

    @Test
    void ticksEverySecond_closeTheFlowOnceTheTimeoutIsPassed() {
        pass.onFrame(LinkType.EN10MB, SYN_TO_PORT_25, SYN_TO_PORT_25.length, 1, T0);
        for (int s = 1; s <= 10; s++) {
            pass.tick(T0 + s * SECOND);
        }
        assertEquals(List.of(), closed());
        pass.tick(T0 + 11 * SECOND);
        assertEquals(1, closed().size());
    }
}
