package org.stripscope.detect;

/**
 * Sorts address strings numerically: "198.51.100.3" before "198.51.100.25", IPv4 before IPv6,
 * anything unparsable last in text order. The strings come from decode.IpAddress (dotted IPv4,
 * RFC 5952 IPv6), so only those forms need to be read.
 */
final class AddressOrder {

    private AddressOrder() {
    }

    static String sortKey(String address) {
        if (address.indexOf(':') < 0) {
            String[] parts = address.split("\\.", -1);
            if (parts.length == 4) {
                StringBuilder sb = new StringBuilder("4");
                for (String p : parts) {
                    int v = parseNumber(p, 10, 255);
                    if (v < 0) {
                        return "9" + address;
                    }
                    sb.append(String.format("%02x", v));
                }
                return sb.toString();
            }
            return "9" + address;
        }
        String expanded = expandV6(address);
        return expanded == null ? "9" + address : "6" + expanded;
    }

    /** The 32 hex digits of an IPv6 address, or null when it is not one. */
    private static String expandV6(String address) {
        int gap = address.indexOf("::");
        String head = gap < 0 ? address : address.substring(0, gap);
        String tail = gap < 0 ? "" : address.substring(gap + 2);
        String[] h = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] t = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        int missing = 8 - h.length - t.length;
        if ((gap < 0 && missing != 0) || (gap >= 0 && missing < 1)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(32);
        for (String g : h) {
            if (!appendGroup(sb, g)) {
                return null;
            }
        }
        sb.append("0000".repeat(missing));
        for (String g : t) {
            if (!appendGroup(sb, g)) {
                return null;
            }
        }
        return sb.toString();
    }

    private static boolean appendGroup(StringBuilder sb, String group) {
        int v = parseNumber(group, 16, 0xffff);
        if (v < 0) {
            return false;
        }
        sb.append(String.format("%04x", v));
        return true;
    }

    private static int parseNumber(String s, int radix, int max) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v <= max ? v : -1;
    }
}
