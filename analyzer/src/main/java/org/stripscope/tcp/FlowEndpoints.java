package org.stripscope.tcp;

import org.stripscope.decode.IpAddress;

/**
 * Who is who in one connection: the client opened it (sent the SYN) or, for a connection whose
 * handshake was not captured, is the side not on a server port.
 *
 * @param handshakeSeen true when the connection's SYN or SYN/ACK was captured, so its first bytes
 *     are known to be its first bytes
 */
public record FlowEndpoints(
        long clientHi, long clientLo, int clientPort,
        long serverHi, long serverLo, int serverPort,
        boolean handshakeSeen) {

    public String clientAddress() {
        return IpAddress.format(clientHi, clientLo);
    }

    public String serverAddress() {
        return IpAddress.format(serverHi, serverLo);
    }
}
