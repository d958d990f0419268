package org.stripscope.cli;

import java.util.BitSet;
import org.stripscope.mail.Protocol;

/**
 * Which server ports are followed as which mail protocol. A port belongs to at most one
 * protocol; the flow table asks {@link #isMailPort} for every packet, so it is one bit test.
 */
final class MailPorts {

    private final BitSet any = new BitSet(65536);
    private final Protocol[] byPort = new Protocol[65536];

    private MailPorts() {
    }

    /**
     * @throws IllegalArgumentException when a port is given to two protocols
     */
    static MailPorts of(PortList smtp, PortList imap, PortList pop3) {
        MailPorts ports = new MailPorts();
        ports.add(smtp, Protocol.SMTP);
        ports.add(imap, Protocol.IMAP);
        ports.add(pop3, Protocol.POP3);
        return ports;
    }

    private void add(PortList list, Protocol protocol) {
        for (int port : list.ports()) {
            if (byPort[port] != null && byPort[port] != protocol) {
                throw new IllegalArgumentException("port " + port + " is given to both "
                        + byPort[port].label() + " and " + protocol.label());
            }
            byPort[port] = protocol;
            any.set(port);
        }
    }

    boolean isMailPort(int port) {
        return port >= 0 && port < 65536 && any.get(port);
    }

    /** The protocol followed on this server port, or null. */
    Protocol protocolOf(int port) {
        return port >= 0 && port < 65536 ? byPort[port] : null;
    }
}
