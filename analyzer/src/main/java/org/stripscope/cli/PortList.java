package org.stripscope.cli;

import java.util.BitSet;
import picocli.CommandLine;

/** A set of TCP ports given as "25,587,2525"; parsed once, tested per packet without boxing. */
final class PortList {

    private final BitSet ports = new BitSet(65536);

    boolean contains(int port) {
        return port >= 0 && port < 65536 && ports.get(port);
    }

    /** The ports, ascending. */
    int[] ports() {
        return ports.stream().toArray();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        ports.stream().forEach(p -> sb.append(sb.length() == 0 ? "" : ",").append(p));
        return sb.toString();
    }

    /** picocli converter: comma-separated ports 1-65535. */
    static final class Converter implements CommandLine.ITypeConverter<PortList> {
        @Override
        public PortList convert(String value) {
            PortList list = new PortList();
            for (String part : value.split(",")) {
                String p = part.trim();
                int port;
                try {
                    port = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + p + "' is not a port number");
                }
                if (port < 1 || port > 65535) {
                    throw new CommandLine.TypeConversionException("port " + port + " is out of range 1-65535");
                }
                list.ports.set(port);
            }
            return list;
        }
    }
}
