package org.stripscope.report;

import org.stripscope.mail.SessionInfo;

/**
 * The Wireshark display filter that isolates one session's packets: both addresses and both
 * ports. {@code ip.addr} and {@code tcp.port} match either direction (source or destination), so
 * the filter shows the client's and the server's packets alike. IPv6 addresses take
 * {@code ipv6.addr}.
 */
public final class WiresharkFilter {

    private WiresharkFilter() {
    }

    public static String of(SessionInfo s) {
        return of(s.clientIp(), s.clientPort(), s.serverIp(), s.serverPort());
    }

    /** e.g. {@code ip.addr==192.0.2.10 && ip.addr==198.51.100.25 && tcp.port==49152 && tcp.port==25}. */
    public static String of(String clientIp, int clientPort, String serverIp, int serverPort) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(field(clientIp)).append("==").append(clientIp);
        sb.append(" && ").append(field(serverIp)).append("==").append(serverIp);
        sb.append(" && tcp.port==").append(clientPort);
        if (serverPort != clientPort) {
            sb.append(" && tcp.port==").append(serverPort);
        }
        return sb.toString();
    }

    /** An address with a colon is IPv6 (textual forms per RFC 5952); the rest are IPv4. */
    private static String field(String address) {
        return address.indexOf(':') >= 0 ? "ipv6.addr" : "ip.addr";
    }
}
