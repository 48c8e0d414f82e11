package sharpsweep.driver.analysis;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (images inline, no script or style from elsewhere), readable
 * offline: where the table came from (sweep, rows, config, kernel and schema versions, the command), the
 * summary per group with its verdicts (certified groups and the others apart), every plot, and the plots
 * that were skipped with why.
 */
public final class Report {
    /** The summary columns the page shows, by their public names (docs/ANALYSIS.md). */
    private static final List<String> SHOWN = List.of("model", "loss", "depth", "width", "init", "noise_name", "noise_kappa",
            "n", "n_reached", "rhat", "extrapolation", "trace_mean", "trace_stderr", "trace_extrapolated",
            "trace_extrapolated_stderr", "trace_pred", "trace_extrapolated_rel_err", "trace_min",
            "lambda_max_extrapolated", "lambda_max_pred", "relative_sharpness", "note");

    private static final Map<String, SummaryColumns.Column> COLUMN = SummaryColumns.COLUMNS.stream()
            .collect(java.util.stream.Collectors.toMap(SummaryColumns.Column::name, c -> c));

    /**
     * Where the table came from.
     *
     * @param table   the result folder as the user named it
     * @param rows    result rows read
     * @param command the command line that made the report
     */
    public record Source(String sweep, String table, long rows, String kernelVersion, String schemaVersion,
                         String config, String command, String generated) {
    }

    private Report() {
    }

    /** The page, from the summaries, the drawn plots (file name → PNG) and the skipped ones (file name → why). */
    public static String html(Source source, List<GroupSummary> summaries, Map<String, byte[]> plots,
                              Map<String, String> skipped) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>sharpsweep report: ")
                .append(esc(source.sweep())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;")
                .append("font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
                .append("th{background:#eee}td.t{text-align:left}tr.no td{background:#fdeaea}")
                .append("figure{display:inline-block;margin:1em}img{max-width:640px;border:1px solid #ddd}")
                .append("pre{background:#f6f6f6;padding:1em;overflow:auto}\n</style></head>\n<body data-images=\"")
                .append(plots.size()).append("\">\n");
        h.append("<h1>sharpsweep: ").append(esc(source.sweep())).append("</h1>\n<table>\n");
        row(h, "table", source.table());
        row(h, "rows", Long.toString(source.rows()));
        row(h, "groups", summaries.size() + " (certified: " + summaries.stream().filter(GroupSummary::certified).count()
                + ")");
        row(h, "kernel version", source.kernelVersion());
        row(h, "schema version", source.schemaVersion());
        row(h, "command", source.command());
        row(h, "generated", source.generated());
        h.append("</table>\n");

        h.append("<h2>Summary per group</h2>\n<p>T(0): the η → 0 extrapolation; certified: every row reached")
                .append(" equilibrium and R̂ ≤ ").append(Summaries.RHAT_LIMIT)
                .append(" (docs/DESIGN.md §7). Groups that are not certified are shaded.</p>\n");
        summaryTable(h, "Certified", summaries.stream().filter(GroupSummary::certified).toList());
        summaryTable(h, "Not certified", summaries.stream().filter(s -> !s.certified()).toList());

        h.append("<h2>Plots</h2>\n");
        for (Map.Entry<String, byte[]> p : plots.entrySet()) {
            h.append("<figure><img alt=\"").append(esc(p.getKey())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(p.getValue())).append("\"><figcaption>")
                    .append(esc(p.getKey())).append("</figcaption></figure>\n");
        }
        if (!skipped.isEmpty()) {
            h.append("<p>Skipped:</p><ul>\n");
            skipped.forEach((file, why) -> h.append("<li>").append(esc(file)).append(": ").append(esc(why))
                    .append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<h2>Config</h2>\n<pre>").append(esc(source.config())).append("</pre>\n");
        // Says on the page (and to a headless browser's DOM) how many of its images decoded.
        h.append("<p id=\"images\"></p>\n<script>\nwindow.addEventListener('load', function () {\n")
                .append("  var imgs = document.images, ok = 0;\n")
                .append("  for (var i = 0; i < imgs.length; i++) if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++;\n")
                .append("  document.getElementById('images').textContent = 'images decoded: ' + ok + ' of ' + imgs.length;\n")
                .append("});\n</script>\n</body></html>\n");
        return h.toString();
    }

    private static void summaryTable(StringBuilder h, String title, List<GroupSummary> groups) {
        if (groups.isEmpty()) {
            return;
        }
        h.append("<h3>").append(title).append(" (").append(groups.size()).append(")</h3>\n<table>\n<tr>");
        for (String name : SHOWN) {
            h.append("<th>").append(name).append("</th>");
        }
        h.append("</tr>\n");
        for (GroupSummary s : groups) {
            h.append(s.certified() ? "<tr>" : "<tr class=\"no\">");
            for (String name : SHOWN) {
                Object v = COLUMN.get(name).value().apply(s);
                h.append(v instanceof String ? "<td class=\"t\">" : "<td>").append(esc(cell(v))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String cell(Object v) {
        if (v == null || v instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        return v instanceof Double d ? String.format(Locale.ROOT, "%.5g", d) : v.toString();
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(esc(key)).append("</th><td class=\"t\">").append(esc(value)).append("</td></tr>\n");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
