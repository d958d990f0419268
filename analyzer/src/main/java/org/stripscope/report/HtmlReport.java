package org.stripscope.report;

import static org.stripscope.report.HtmlText.escape;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the report as one self-contained HTML file: inline CSS, inline SVG charts and one small
 * inline script (sortable tables), no fonts, images or scripts from anywhere else. A
 * Content-Security-Policy that allows nothing but that style and script (by their SHA-256
 * hashes) makes the browser refuse any network access the page might attempt.
 *
 * <p>Every figure carries a {@code data-figure} (headline) or {@code data-col} (tables)
 * attribute, so tests can read the rendered page and compare it with the CSV.
 */
public final class HtmlReport {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    static final String STYLE = """
            :root{--fg:#1d2430;--muted:#5b6575;--line:#d8dde5;--bg:#f6f8fb;--card:#fff;--bar:#3465a4;--bad:#b3261e;--warn:#b26a00;--ok:#2e7d32}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
            header,main,footer{max-width:1200px;margin:0 auto;padding:0 20px}
            header{padding-top:24px}
            h1{font-size:24px;margin:0 0 4px}
            h2{font-size:18px;margin:28px 0 8px}
            p.meta,p.note{color:var(--muted);margin:4px 0}
            .cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:200px;flex:1}
            .card .value{font-size:30px;font-weight:600}
            .card .label{color:var(--muted)}
            .card.bad .value{color:var(--bad)}
            .charts{display:flex;flex-wrap:wrap;gap:12px}
            .chart{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;flex:1;min-width:420px}
            svg text{font:12px system-ui,"DejaVu Sans",sans-serif;fill:var(--fg)}
            svg .bar{fill:var(--bar)}
            svg .axis{stroke:var(--line)}
            table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
            th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
            th{background:#eef1f6;cursor:pointer;user-select:none}
            .scroll{overflow-x:auto}
            th[aria-sort=ascending]::after{content:" \\25B2"}
            th[aria-sort=descending]::after{content:" \\25BC"}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            .sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px}
            .sev-high{background:var(--bad)}.sev-medium{background:var(--warn)}.sev-low{background:#6b7280}.sev-info{background:#9aa3af}
            pre,code{font:12px/1.4 ui-monospace,"DejaVu Sans Mono",monospace}
            pre{margin:0;white-space:pre-wrap;word-break:break-all;max-height:14em;overflow:auto;background:#f3f4f6;padding:4px 6px;border-radius:4px}
            code.filter{user-select:all;background:#eef6ee;padding:2px 4px;border-radius:4px;word-break:break-all}
            footer{color:var(--muted);padding-bottom:32px}
            """;

    /** Sorts a table by the clicked column: numbers by value (data-sort), text otherwise. */
    static final String SCRIPT = """
            document.querySelectorAll("table.sortable th").forEach(function (th, i) {
              th.addEventListener("click", function () {
                var table = th.closest("table"), body = table.tBodies[0];
                var asc = th.getAttribute("aria-sort") !== "ascending";
                table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
                th.setAttribute("aria-sort", asc ? "ascending" : "descending");
                var key = function (row) {
                  var cell = row.cells[th.cellIndex], v = cell.getAttribute("data-sort");
                  return v !== null ? Number(v) : cell.textContent.trim().toLowerCase();
                };
                Array.from(body.rows).sort(function (a, b) {
                  var x = key(a), y = key(b), c = x < y ? -1 : x > y ? 1 : 0;
                  return asc ? c : -c;
                }).forEach(function (row) { body.appendChild(row); });
              });
            });
            """;

    private final ReportModel model;
    private final String generator;
    private final String sources;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    /**
     * @param generator e.g. "stripscope 0.1.0", shown in the header
     * @param sources the input files as the user named them, shown in the header
     */
    public HtmlReport(ReportModel model, String generator, String sources) {
        this.model = model;
        this.generator = generator;
        this.sources = sources;
    }

    /** The Content-Security-Policy of the page: only the inline style and script, by hash. */
    static String contentSecurityPolicy() {
        return "default-src 'none'; style-src '" + sha256(STYLE) + "'; script-src '" + sha256(SCRIPT)
                + "'; img-src data:; base-uri 'none'; form-action 'none'";
    }

    public String render() {
        out.setLength(0);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(contentSecurityPolicy()).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>stripscope report</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        header();
        out.append("<main>\n");
        headline();
        charts();
        servers();
        networks();
        findings();
        out.append("</main>\n");
        footer();
        out.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private void header() {
        out.append("<header>\n<h1>Mail-encryption downgrade report</h1>\n<p class=\"meta\">")
                .append(escape(generator)).append(", from ").append(escape(sources)).append("</p>\n</header>\n");
    }

    private void headline() {
        out.append("<section id=\"headline\" class=\"cards\">\n");
        if (model.hasServers()) {
            card("sessions", model.sessionsTotal(), "mail sessions seen", false);
        }
        card("sessions-with-findings", model.sessionsWithFindings(), "sessions with findings", false);
        card("sessions-downgraded", model.downgradedSessions(), "sessions downgraded (STARTTLS masked, stripped or defeated; TLS skipped)", model.downgradedSessions() > 0);
        card("credentials-exposed", model.credentialsExposed(), "sessions with credentials exposed (password or token readable)", model.credentialsExposed() > 0);
        card("findings", model.findings().size(), "findings", false);
        out.append("</section>\n");
        if (!model.hasServers()) {
            out.append("<p class=\"note\">No servers CSV was given (analyze --servers FILE): sessions without findings are not counted.</p>\n");
        }
    }

    private void card(String figure, long value, String label, boolean bad) {
        out.append("<div class=\"card").append(bad ? " bad" : "").append("\"><div class=\"value\" data-figure=\"")
                .append(figure).append("\">").append(value).append("</div><div class=\"label\">")
                .append(escape(label)).append("</div></div>\n");
    }

    private void charts() {
        out.append("<section class=\"charts\">\n<div class=\"chart\" id=\"by-code\">\n<h2>Findings by code</h2>\n");
        byCodeChart();
        out.append("</div>\n<div class=\"chart\" id=\"over-time\">\n<h2>Findings over time</h2>\n");
        overTimeChart();
        out.append("</div>\n</section>\n");
    }

    private void byCodeChart() {
        Map<String, Long> counts = model.byCode();
        long max = Math.max(1, counts.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int rowHeight = 22;
        int labelWidth = 190;
        int barSpace = 300;
        int height = counts.size() * rowHeight + 8;
        out.append("<svg role=\"img\" aria-label=\"findings by code\" width=\"100%\" viewBox=\"0 0 ")
                .append(labelWidth + barSpace + 50).append(' ').append(height).append("\">\n");
        int y = 4;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            long n = e.getValue();
            long w = n == 0 ? 0 : Math.max(2, Math.round(barSpace * (double) n / max));
            out.append("<g data-code=\"").append(escape(e.getKey())).append("\">")
                    .append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\">").append(escape(e.getKey())).append("</text>")
                    .append("<rect class=\"bar\" x=\"").append(labelWidth).append("\" y=\"").append(y + 3)
                    .append("\" width=\"").append(w).append("\" height=\"").append(rowHeight - 6).append("\"/>")
                    .append("<text data-col=\"count\" x=\"").append(labelWidth + w + 6).append("\" y=\"").append(y + 15).append("\">")
                    .append(n).append("</text></g>\n");
            y += rowHeight;
        }
        out.append("</svg>\n");
    }

    private void overTimeChart() {
        List<ReportModel.TimeBucket> buckets = model.overTime();
        if (buckets.isEmpty()) {
            out.append("<p class=\"note\">No findings.</p>\n");
            return;
        }
        long max = Math.max(1, buckets.stream().mapToLong(ReportModel.TimeBucket::count).max().orElse(1));
        int chartHeight = 160;
        int left = 40;
        int width = 480;
        double slot = (double) width / buckets.size();
        out.append("<svg role=\"img\" aria-label=\"findings over time\" width=\"100%\" viewBox=\"0 0 ")
                .append(left + width + 10).append(' ').append(chartHeight + 46).append("\">\n")
                .append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(chartHeight + 10)
                .append("\" x2=\"").append(left + width).append("\" y2=\"").append(chartHeight + 10).append("\"/>\n")
                .append("<text x=\"").append(left - 6).append("\" y=\"").append(20).append("\" text-anchor=\"end\">")
                .append(max).append("</text>\n");
        for (int i = 0; i < buckets.size(); i++) {
            ReportModel.TimeBucket b = buckets.get(i);
            long h = b.count() == 0 ? 0 : Math.max(2, Math.round(chartHeight * (double) b.count() / max));
            double x = left + i * slot + slot * 0.1;
            out.append("<rect class=\"bar\" data-start=\"").append(b.start()).append("\" data-count=\"").append(b.count())
                    .append("\" x=\"").append(fmt(x)).append("\" y=\"").append(chartHeight + 10 - h)
                    .append("\" width=\"").append(fmt(slot * 0.8)).append("\" height=\"").append(h).append("\">")
                    .append("<title>").append(MINUTE.format(b.start())).append(" UTC: ").append(b.count())
                    .append("</title></rect>\n");
        }
        Instant first = buckets.get(0).start();
        Instant last = buckets.get(buckets.size() - 1).start();
        out.append("<text x=\"").append(left).append("\" y=\"").append(chartHeight + 28).append("\">")
                .append(MINUTE.format(first)).append(" UTC</text>\n");
        if (buckets.size() > 1) {
            out.append("<text x=\"").append(left + width).append("\" y=\"").append(chartHeight + 28)
                    .append("\" text-anchor=\"end\">").append(MINUTE.format(last)).append(" UTC</text>\n");
        }
        out.append("<text x=\"").append(left).append("\" y=\"").append(chartHeight + 44).append("\">one column per ")
                .append(escape(width(model.bucketSeconds()))).append("</text>\n</svg>\n");
    }

    private void servers() {
        out.append("<section id=\"servers\">\n<h2>Servers</h2>\n");
        if (!model.hasServers()) {
            out.append("<p class=\"note\">Sessions and STARTTLS shares need the servers CSV (analyze --servers FILE); "
                    + "without it the table counts only sessions with findings.</p>\n");
        }
        out.append("<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr><th>server</th><th>port</th><th>protocol</th><th>greeting host</th>"
                + "<th>sessions</th><th>offering STARTTLS</th><th>masked or stripped</th>"
                + "<th>sessions with findings</th><th>sessions downgraded</th><th>findings</th></tr></thead>\n<tbody>\n");
        for (ReportModel.ServerFigures s : model.servers()) {
            out.append("<tr data-key=\"").append(escape(s.key())).append("\">")
                    .append("<td>").append(escape(s.server())).append("</td>");
            num("port", s.port());
            out.append("<td>").append(escape(s.protocol())).append("</td><td>").append(escape(s.greetingHost())).append("</td>");
            numOrNone("sessions", s.sessions());
            share("offering-starttls", s.offeringStartTls(), s.sessions());
            share("masked-or-stripped", s.maskedOrStripped(), s.sessions());
            num("sessions-with-findings", s.sessionsWithFindings());
            num("sessions-downgraded", s.downgradedSessions());
            num("findings", s.findings());
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n</section>\n");
    }

    private void networks() {
        out.append("<section id=\"networks\">\n<h2>Client networks</h2>\n<p class=\"note\">Clients grouped by /24 (IPv4) "
                + "and /48 (IPv6). With --anonymize the networks are pseudonyms too, prefix-preserved, so the grouping holds.</p>\n")
                .append("<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr><th>network</th><th>clients</th><th>sessions with findings</th>"
                        + "<th>sessions downgraded</th><th>credentials exposed</th><th>findings</th></tr></thead>\n<tbody>\n");
        for (ReportModel.NetworkFigures n : model.networks()) {
            out.append("<tr data-key=\"").append(escape(n.network())).append("\"><td>").append(escape(n.network())).append("</td>");
            num("clients", n.clients());
            num("sessions-with-findings", n.sessionsWithFindings());
            num("sessions-downgraded", n.downgradedSessions());
            num("credentials-exposed", n.credentialsExposed());
            num("findings", n.findings());
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n</section>\n");
    }

    private void findings() {
        out.append("<section id=\"findings\">\n<h2>Findings</h2>\n<p class=\"note\">Paste a filter into Wireshark's display "
                + "filter bar to see the session's packets; the frame is the packet holding the evidence.</p>\n")
                .append("<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr><th>time (UTC)</th><th>capture</th><th>frame</th><th>finding</th>"
                        + "<th>client</th><th>server</th><th>detail and evidence</th><th>Wireshark filter</th></tr></thead>\n<tbody>\n");
        for (FindingRow f : model.findings()) {
            out.append("<tr data-finding=\"").append(escape(f.finding())).append("\"><td>").append(escape(f.time())).append("</td>")
                    .append("<td>").append(escape(f.capture())).append("</td>");
            num("frame", f.frame());
            out.append("<td>").append(escape(f.finding())).append(" <span class=\"sev sev-").append(escape(f.severity()))
                    .append("\">").append(escape(f.severity())).append("</span><br>").append(escape(f.protocol())).append("</td>")
                    .append("<td>").append(escape(f.clientIp())).append(" port ").append(f.clientPort()).append("</td>")
                    .append("<td>").append(escape(f.serverIp())).append(" port ").append(f.serverPort()).append("</td>")
                    .append("<td>").append(escape(f.detail())).append("<pre>").append(evidence(f.evidence())).append("</pre></td>")
                    .append("<td><code class=\"filter\">").append(escape(f.wiresharkFilter())).append("</code></td></tr>\n");
        }
        out.append("</tbody>\n</table></div>\n</section>\n");
    }

    private void footer() {
        out.append("<footer>\n<p>Downgraded: a session with a finding of code ")
                .append(escape(String.join(", ", ReportModel.DOWNGRADE_CODES.stream().sorted().toList())))
                .append(". Credentials exposed: a plaintext-auth finding of severity high. Masked or stripped: sessions whose "
                        + "capability list showed STARTTLS masked (servers CSV) plus sessions with starttls-stripped. "
                        + "Shares are of all sessions to the server.</p>\n</footer>\n");
    }

    /**
     * The evidence, escaped for HTML, with a line break after each escaped LF ({@code \n}) so
     * protocol lines read as lines; the text itself stays exactly as in the CSV.
     */
    static String evidence(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                sb.append('\\').append(escape(String.valueOf(next)));
                if (next == 'n' && i + 1 < text.length()) {
                    sb.append('\n');
                }
            } else {
                sb.append(escape(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    private void num(String col, long value) {
        out.append("<td class=\"num\" data-col=\"").append(col).append("\" data-sort=\"").append(value).append("\">")
                .append(value).append("</td>");
    }

    private void numOrNone(String col, long value) {
        if (value < 0) {
            out.append("<td class=\"num\" data-col=\"").append(col).append("\" data-sort=\"-1\">n/a</td>");
        } else {
            num(col, value);
        }
    }

    /** "3 (75%)", or n/a without the servers CSV. */
    private void share(String col, long part, long whole) {
        if (part < 0 || whole <= 0) {
            out.append("<td class=\"num\" data-col=\"").append(col).append("\" data-sort=\"-1\">n/a</td>");
            return;
        }
        long percent = Math.round(100.0 * part / whole);
        out.append("<td class=\"num\" data-col=\"").append(col).append("\" data-count=\"").append(part)
                .append("\" data-sort=\"").append(percent).append("\">").append(part).append(" (").append(percent)
                .append("%)</td>");
    }

    private static String width(long seconds) {
        if (seconds % 86_400 == 0) {
            long d = seconds / 86_400;
            return d == 1 ? "day" : d + " days";
        }
        if (seconds % 3_600 == 0) {
            long h = seconds / 3_600;
            return h == 1 ? "hour" : h + " hours";
        }
        long m = seconds / 60;
        return m == 1 ? "minute" : m + " minutes";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            // SHA-256 is one of the digests every Java platform must provide.
            throw new IllegalStateException(e);
        }
    }
}
