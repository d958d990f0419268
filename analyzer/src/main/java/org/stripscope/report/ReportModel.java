package org.stripscope.report;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.stripscope.decode.IpAddress;
import org.stripscope.detect.FindingCode;

/**
 * The figures of the HTML report, computed once from the findings (and server profiles, when
 * given). A session is one capture's connection: capture, protocol and both endpoints.
 *
 * <p>A session is <em>downgraded</em> when one of its findings shows encryption that was
 * removed, defeated or never started where it should have been: {@link #DOWNGRADE_CODES}.
 * Credentials are <em>exposed</em> when a plaintext-auth finding is high (a password or token
 * readable on the wire).
 */
public final class ReportModel {

    /** The finding codes that count a session as downgraded. */
    public static final Set<String> DOWNGRADE_CODES = Set.of(
            FindingCode.STARTTLS_MANGLED.code(), FindingCode.STARTTLS_STRIPPED.code(),
            FindingCode.STARTTLS_COMMAND_MANGLED.code(), FindingCode.STARTTLS_NO_HANDSHAKE.code(),
            FindingCode.STARTTLS_INJECTION.code(), FindingCode.IMPLICIT_TLS_PLAINTEXT.code(),
            FindingCode.TLS_FALLBACK.code());

    /** Per-server figures; the servers-CSV figures are -1 when no servers CSV was given. */
    public record ServerFigures(String server, int port, String protocol, String greetingHost, long sessions,
                                long offeringStartTls, long maskedOrStripped, long sessionsWithFindings,
                                long downgradedSessions, long findings) {
        public String key() {
            return server + " " + port + " " + protocol;
        }
    }

    /** Per-client-network figures. */
    public record NetworkFigures(String network, long clients, long sessionsWithFindings, long downgradedSessions,
                                 long credentialsExposed, long findings) {
    }

    /** One column of the over-time chart: findings whose time falls in [start, start + width). */
    public record TimeBucket(Instant start, long count) {
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** Bucket widths for the over-time chart, the first that gives at most MAX_BUCKETS is used. */
    private static final long[] BUCKET_SECONDS = {60, 600, 3_600, 6 * 3_600, 86_400, 7 * 86_400, 30 * 86_400, 365 * 86_400};
    static final int MAX_BUCKETS = 48;

    private final List<FindingRow> findings;
    private final boolean hasServers;
    private final long sessionsTotal;
    private final long sessionsWithFindings;
    private final long downgradedSessions;
    private final long credentialsExposed;
    private final Map<String, Long> byCode;
    private final List<ServerFigures> servers;
    private final List<NetworkFigures> networks;
    private final long bucketSeconds;
    private final List<TimeBucket> overTime;

    public ReportModel(List<FindingRow> findings, List<ServerRow> serverRows) {
        this.findings = List.copyOf(findings);
        this.hasServers = serverRows != null;
        Set<String> sessions = new HashSet<>();
        Set<String> downgraded = new HashSet<>();
        Set<String> exposed = new HashSet<>();
        for (FindingRow f : findings) {
            sessions.add(f.sessionKey());
            if (isDowngrade(f)) {
                downgraded.add(f.sessionKey());
            }
            if (isCredentialExposure(f)) {
                exposed.add(f.sessionKey());
            }
        }
        this.sessionsWithFindings = sessions.size();
        this.downgradedSessions = downgraded.size();
        this.credentialsExposed = exposed.size();
        // Every session with a finding is a session seen, whatever the servers CSV holds.
        this.sessionsTotal = hasServers
                ? Math.max(sessions.size(), serverRows.stream().mapToLong(ServerRow::sessions).sum()) : -1;
        this.byCode = countByCode(findings);
        this.servers = serverFigures(findings, serverRows);
        this.networks = networkFigures(findings);
        this.bucketSeconds = bucketSeconds(findings);
        this.overTime = buckets(findings, bucketSeconds);
    }

    public static boolean isDowngrade(FindingRow f) {
        return DOWNGRADE_CODES.contains(f.finding());
    }

    public static boolean isCredentialExposure(FindingRow f) {
        return f.finding().equals(FindingCode.PLAINTEXT_AUTH.code()) && f.severity().equals("high");
    }

    public List<FindingRow> findings() {
        return findings;
    }

    public boolean hasServers() {
        return hasServers;
    }

    /** Every session of the run (from the servers CSV), or -1 without one. */
    public long sessionsTotal() {
        return sessionsTotal;
    }

    public long sessionsWithFindings() {
        return sessionsWithFindings;
    }

    public long downgradedSessions() {
        return downgradedSessions;
    }

    /** Sessions where a password or token crossed the wire readable. */
    public long credentialsExposed() {
        return credentialsExposed;
    }

    /** Findings per code: every documented code in catalogue order (zeros too), then unknown codes. */
    public Map<String, Long> byCode() {
        return byCode;
    }

    public List<ServerFigures> servers() {
        return servers;
    }

    public List<NetworkFigures> networks() {
        return networks;
    }

    public long bucketSeconds() {
        return bucketSeconds;
    }

    public List<TimeBucket> overTime() {
        return overTime;
    }

    private static Map<String, Long> countByCode(List<FindingRow> findings) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (FindingCode c : FindingCode.values()) {
            counts.put(c.code(), 0L);
        }
        for (FindingRow f : findings) {
            counts.merge(f.finding(), 1L, Long::sum);
        }
        return counts;
    }

    private static List<ServerFigures> serverFigures(List<FindingRow> findings, List<ServerRow> serverRows) {
        Map<String, List<FindingRow>> byServer = new TreeMap<>();
        for (FindingRow f : findings) {
            byServer.computeIfAbsent(f.serverIp() + " " + f.serverPort() + " " + f.protocol(), k -> new ArrayList<>()).add(f);
        }
        Map<String, ServerRow> profiles = new TreeMap<>();
        if (serverRows != null) {
            for (ServerRow r : serverRows) {
                String key = r.server() + " " + r.port() + " " + r.protocol();
                // Profiles are per greeting host too; the report's table is per service.
                profiles.merge(key, r, (a, b) -> new ServerRow(a.server(), a.port(), a.protocol(),
                        a.greetingHost().isEmpty() ? b.greetingHost() : a.greetingHost(), a.sessions() + b.sessions(),
                        a.sessionsOfferingStartTls() + b.sessionsOfferingStartTls(), a.sessionsMasked() + b.sessionsMasked()));
            }
        }
        Set<String> keys = new java.util.TreeSet<>(byServer.keySet());
        keys.addAll(profiles.keySet());
        List<ServerFigures> out = new ArrayList<>();
        for (String key : keys) {
            List<FindingRow> fs = byServer.getOrDefault(key, List.of());
            ServerRow p = profiles.get(key);
            Set<String> sessions = new HashSet<>();
            Set<String> downgraded = new HashSet<>();
            Set<String> stripped = new HashSet<>();
            for (FindingRow f : fs) {
                sessions.add(f.sessionKey());
                if (isDowngrade(f)) {
                    downgraded.add(f.sessionKey());
                }
                if (f.finding().equals(FindingCode.STARTTLS_STRIPPED.code())) {
                    stripped.add(f.sessionKey());
                }
            }
            FindingRow any = fs.isEmpty() ? null : fs.get(0);
            String server = p != null ? p.server() : any.serverIp();
            int port = p != null ? p.port() : any.serverPort();
            String protocol = p != null ? p.protocol() : any.protocol();
            long total = p != null ? Math.max(p.sessions(), sessions.size()) : -1;
            // A masked session (STARTTLS altered in the capability list) and a stripped one
            // (STARTTLS missing though offered elsewhere) are distinct sessions by construction.
            long maskedOrStripped = p != null ? Math.min(total, p.sessionsMasked() + stripped.size()) : -1;
            out.add(new ServerFigures(server, port, protocol, p != null ? p.greetingHost() : "", total,
                    p != null ? p.sessionsOfferingStartTls() : -1, maskedOrStripped, sessions.size(),
                    downgraded.size(), fs.size()));
        }
        out.sort(Comparator.comparingLong(ServerFigures::downgradedSessions).reversed()
                .thenComparing(Comparator.comparingLong(ServerFigures::findings).reversed()));
        return out;
    }

    private static List<NetworkFigures> networkFigures(List<FindingRow> findings) {
        Map<String, List<FindingRow>> byNetwork = new TreeMap<>();
        for (FindingRow f : findings) {
            byNetwork.computeIfAbsent(network(f.clientIp()), k -> new ArrayList<>()).add(f);
        }
        List<NetworkFigures> out = new ArrayList<>();
        byNetwork.forEach((network, fs) -> {
            Set<String> clients = new HashSet<>();
            Set<String> sessions = new HashSet<>();
            Set<String> downgraded = new HashSet<>();
            Set<String> exposed = new HashSet<>();
            for (FindingRow f : fs) {
                clients.add(f.clientIp());
                sessions.add(f.sessionKey());
                if (isDowngrade(f)) {
                    downgraded.add(f.sessionKey());
                }
                if (isCredentialExposure(f)) {
                    exposed.add(f.sessionKey());
                }
            }
            out.add(new NetworkFigures(network, clients.size(), sessions.size(), downgraded.size(), exposed.size(), fs.size()));
        });
        out.sort(Comparator.comparingLong(NetworkFigures::downgradedSessions).reversed()
                .thenComparing(Comparator.comparingLong(NetworkFigures::findings).reversed()));
        return out;
    }

    /**
     * The client's network as researchers aggregate it: the /24 of an IPv4 address, the /48 of
     * an IPv6 address (a typical site allocation, RFC 6177). Anything else is its own network.
     */
    public static String network(String address) {
        if (IPV4.matcher(address).matches()) {
            return address.substring(0, address.lastIndexOf('.')) + ".0/24";
        }
        if (IPV6.matcher(address).matches()) {
            try {
                byte[] b = InetAddress.getByName(address).getAddress();
                if (b.length == 16) {
                    long hi = ((b[0] & 0xffL) << 56) | ((b[1] & 0xffL) << 48) | ((b[2] & 0xffL) << 40)
                            | ((b[3] & 0xffL) << 32) | ((b[4] & 0xffL) << 24) | ((b[5] & 0xffL) << 16);
                    return IpAddress.format(hi, 0) + "/48";
                }
            } catch (UnknownHostException e) {
                // Not an address after all: fall through to its own network.
            }
        }
        return address;
    }

    private static long bucketSeconds(List<FindingRow> findings) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (FindingRow f : findings) {
            Instant t = instant(f.time());
            if (t != null) {
                min = Math.min(min, t.getEpochSecond());
                max = Math.max(max, t.getEpochSecond());
            }
        }
        if (min > max) {
            return BUCKET_SECONDS[0];
        }
        for (long width : BUCKET_SECONDS) {
            if (max / width - min / width + 1 <= MAX_BUCKETS) {
                return width;
            }
        }
        return BUCKET_SECONDS[BUCKET_SECONDS.length - 1];
    }

    private static List<TimeBucket> buckets(List<FindingRow> findings, long width) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (FindingRow f : findings) {
            Instant t = instant(f.time());
            if (t != null) {
                counts.merge(Math.floorDiv(t.getEpochSecond(), width), 1L, Long::sum);
            }
        }
        List<TimeBucket> out = new ArrayList<>();
        if (counts.isEmpty()) {
            return out;
        }
        for (long b = counts.firstKey(); b <= counts.lastKey(); b++) {
            out.add(new TimeBucket(Instant.ofEpochSecond(b * width), counts.getOrDefault(b, 0L)));
        }
        return out;
    }

    private static Instant instant(String time) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
