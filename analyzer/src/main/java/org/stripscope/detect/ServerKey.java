package org.stripscope.detect;

import java.util.Comparator;
import org.stripscope.mail.Protocol;

/**
 * One server as the profiles and starttls-stripped tell servers apart: address, port, protocol
 * and greeting host name. The host name separates the machines of a pool behind one address
 * (load balancer, NAT) when their banners name them.
 */
record ServerKey(String serverIp, int port, Protocol protocol, String host) {

    /** Address in numeric order (IPv4 before IPv6), then port, protocol and host name. */
    static final Comparator<ServerKey> ORDER = Comparator
            .comparing((ServerKey k) -> AddressOrder.sortKey(k.serverIp()))
            .thenComparingInt(ServerKey::port)
            .thenComparing(ServerKey::protocol)
            .thenComparing(ServerKey::host);

    static ServerKey of(SessionFacts facts) {
        return new ServerKey(facts.session().serverIp(), facts.session().serverPort(),
                facts.session().protocol(), facts.greetingHost());
    }

    /** How findings name it: "198.51.100.25:25 smtp, greeting host mx.example.net". */
    String describe() {
        String address = serverIp.indexOf(':') >= 0 ? "[" + serverIp + "]" : serverIp;
        return address + ":" + port + " " + protocol.label()
                + (host.isEmpty() ? "" : ", greeting host " + host);
    }
}
