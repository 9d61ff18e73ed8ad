package dev.propel.modelbuilder.report;

import dev.propel.modelbuilder.eval.BinaryMetrics;
import dev.propel.modelbuilder.train.MlpTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link TrainingReport} as one self-contained HTML page: metric table against the baselines, ranking
 * metrics, ROC, precision-recall, calibration and loss curves as inline SVG, and the inferred schema.
 */
public final class HtmlReport {
    private static final int W = 320;
    private static final int H = 240;
    private static final int PAD = 36;

    private HtmlReport() {
    }

    /** The page. */
    public static String render(TrainingReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Propel model ")
                .append(esc(str(r.get("task")))).append(' ').append(esc(str(r.get("version"))))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
                        + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                        + ".plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figcaption{font-size:90%;"
                        + "text-align:center}svg text{font-size:10px}</style></head><body>");
        sb.append("<h1>Propel model: ").append(esc(str(r.get("task")))).append(" ")
                .append(esc(str(r.get("version")))).append("</h1>");
        sb.append("<p>Label <code>").append(esc(str(r.get("label")))).append("</code>, ")
                .append(esc(str(r.get("data.rows")))).append(" rows (train ").append(esc(str(r.get("data.train_rows"))))
                .append(", validation ").append(esc(str(r.get("data.validation_rows")))).append(", test ")
                .append(esc(str(r.get("data.test_rows")))).append("), positive rate ")
                .append(fmt(r.number("data.positive_rate"))).append(". Trained ")
                .append(esc(str(r.get("training.epochs")))).append(" epochs (best ")
                .append(esc(str(r.get("training.best_epoch")))).append(") in ")
                .append(esc(str(r.get("training.training_millis")))).append(" ms. Data: ")
                .append(esc(str(r.get("data.range")))).append(", git ").append(esc(str(r.get("git_commit"))))
                .append(".</p>");

        sb.append("<h2>Test metrics</h2><table><tr><th>model</th><th>ROC AUC</th><th>PR AUC</th><th>log loss</th>"
                + "<th>accuracy@0.5</th><th>F1@0.5</th><th>Brier</th><th>ECE</th></tr>");
        metricRow(sb, "exported model (" + str(r.get("model.selected")) + ")", r.get("metrics.test"));
        metricRow(sb, "MLP (not selected on validation)", r.get("metrics.mlp"));
        metricRow(sb, "logistic regression", r.get("metrics.baselines.logistic_regression"));
        metricRow(sb, "base rate", r.get("metrics.baselines.base_rate"));
        metricRow(sb, "gradient boosting (anchor)", r.get("metrics.baselines.gradient_boosting"));
        sb.append("</table>");
        if (r.get("metrics.comparison") instanceof Map<?, ?> comparison) {
            sb.append("<h2>Exported model minus baseline, same test rows</h2><table><tr><th>baseline</th>"
                    + "<th>ROC AUC difference</th><th>95% interval (paired bootstrap)</th></tr>");
            for (Map.Entry<?, ?> e : comparison.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    sb.append("<tr><td>").append(esc(str(e.getKey()))).append("</td><td>")
                            .append(fmt(m.get("roc_auc_difference"))).append("</td><td>")
                            .append(fmt(m.get("ci95_lower"))).append(" to ").append(fmt(m.get("ci95_upper")))
                            .append("</td></tr>");
                }
            }
            sb.append("</table>");
        }
        if (r.get("warnings") instanceof List<?> warnings && !warnings.isEmpty()) {
            sb.append("<h2>Warnings</h2><ul>");
            for (Object w : warnings) {
                sb.append("<li>").append(esc(str(w))).append("</li>");
            }
            sb.append("</ul>");
        }
        if (r.get("metrics.ranking") instanceof Map<?, ?> ranking) {
            sb.append("<h2>Ranking (per session, test)</h2><table><tr><th>ranker</th><th>sessions</th>"
                    + "<th>HitRate@10</th><th>NDCG@10</th><th>MRR</th></tr>");
            for (Map.Entry<?, ?> e : ranking.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    sb.append("<tr><td>").append(esc(str(e.getKey()))).append("</td><td>")
                            .append(esc(str(m.get("groups")))).append("</td><td>")
                            .append(fmt(m.get("hit_rate_at_10"))).append("</td><td>")
                            .append(fmt(m.get("ndcg_at_10"))).append("</td><td>").append(fmt(m.get("mrr")))
                            .append("</td></tr>");
                }
            }
            sb.append("</table>");
        }

        sb.append("<h2>Curves (test)</h2><div class=\"plots\">");
        BinaryMetrics.Curve roc = r.roc();
        sb.append(figure("ROC (AUC " + fmt(r.number("metrics.test.roc_auc")) + ")", "false positive rate",
                "true positive rate", 0, 1, 0, 1, List.of(series(roc.x(), roc.y(), "#1f77b4"),
                        series(new double[] {0, 1}, new double[] {0, 1}, "#aaa"))));
        BinaryMetrics.Curve pr = r.pr();
        double base = r.number("data.positive_rate");
        sb.append(figure("Precision-recall (AP " + fmt(r.number("metrics.test.pr_auc")) + ")", "recall",
                "precision", 0, 1, 0, 1, List.of(series(pr.x(), pr.y(), "#d62728"),
                        series(new double[] {0, 1}, new double[] {base, base}, "#aaa"))));
        List<BinaryMetrics.CalibrationBin> bins = r.calibration();
        double[] cx = bins.stream().mapToDouble(BinaryMetrics.CalibrationBin::meanPredicted).toArray();
        double[] cy = bins.stream().mapToDouble(BinaryMetrics.CalibrationBin::observedRate).toArray();
        sb.append(figure("Calibration (ECE " + fmt(r.number("metrics.test.ece")) + ")", "mean predicted",
                "observed rate", 0, 1, 0, 1, List.of(series(cx, cy, "#2ca02c"),
                        series(new double[] {0, 1}, new double[] {0, 1}, "#aaa"))));
        List<MlpTrainer.Epoch> h = r.history();
        double[] ex = h.stream().mapToDouble(MlpTrainer.Epoch::epoch).toArray();
        double[] tl = h.stream().mapToDouble(MlpTrainer.Epoch::trainLoss).toArray();
        double[] vl = h.stream().mapToDouble(MlpTrainer.Epoch::validationLoss).toArray();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : List.of(tl, vl)) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            lo = 0;
            hi = Math.max(1, hi);
        }
        sb.append(figure("Loss per epoch (train blue, validation orange)", "epoch", "loss", 1,
                Math.max(2, ex.length), lo, hi, List.of(series(ex, tl, "#1f77b4"), series(ex, vl, "#ff7f0e"))));
        sb.append("</div>");

        sb.append("<h2>Calibration bins</h2><table><tr><th>bin</th><th>rows</th><th>mean predicted</th>"
                + "<th>observed</th></tr>");
        for (BinaryMetrics.CalibrationBin b : bins) {
            sb.append("<tr><td>").append(fmt(b.lower())).append("–").append(fmt(b.upper())).append("</td><td>")
                    .append(b.count()).append("</td><td>").append(fmt(b.meanPredicted())).append("</td><td>")
                    .append(fmt(b.observedRate())).append("</td></tr>");
        }
        sb.append("</table>");

        if (r.get("columns") instanceof List<?> cols && !cols.isEmpty()) {
            sb.append("<h2>Inferred columns</h2><table><tr><th>column</th><th>type</th><th>role</th>"
                    + "<th>missing</th><th>note</th></tr>");
            for (Object o : cols) {
                if (o instanceof Map<?, ?> m) {
                    sb.append("<tr><td>").append(esc(str(m.get("name")))).append("</td><td>")
                            .append(esc(str(m.get("type")))).append("</td><td>").append(esc(str(m.get("role"))))
                            .append("</td><td>").append(esc(str(m.get("missing")))).append("</td><td>")
                            .append(esc(str(m.get("note")))).append("</td></tr>");
                }
            }
            sb.append("</table>");
        }
        if (r.get("features") instanceof List<?> feats) {
            sb.append("<h2>Feature transform (inside model.onnx)</h2><table><tr><th>feature</th><th>kind</th>"
                    + "<th>transform</th><th>detail</th></tr>");
            for (Object o : feats) {
                if (o instanceof Map<?, ?> m) {
                    String detail = "numeric".equals(m.get("kind"))
                            ? "mean " + fmt(m.get("mean")) + ", std " + fmt(m.get("std")) + ", missing "
                            + m.get("missing_in_training")
                            : levelsSummary(m.get("levels")) + "; folded " + m.get("folded_levels");
                    sb.append("<tr><td>").append(esc(str(m.get("name")))).append("</td><td>")
                            .append(esc(str(m.get("kind")))).append("</td><td>").append(esc(str(m.get("transform"))))
                            .append("</td><td>").append(esc(detail)).append("</td></tr>");
                }
            }
            sb.append("</table>");
        }
        sb.append("<h2>Hyper-parameters</h2><pre>").append(esc(r.json("hyper_parameters"))).append("</pre>");
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static String levelsSummary(Object levels) {
        if (levels instanceof List<?> l) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(8, l.size()); i++) {
                shown.add(String.valueOf(l.get(i)));
            }
            return l.size() + " levels " + shown + (l.size() > 8 ? "…" : "");
        }
        return "";
    }

    private static void metricRow(StringBuilder sb, String name, Object metrics) {
        if (!(metrics instanceof Map<?, ?> m)) {
            return;
        }
        sb.append("<tr><td>").append(esc(name)).append("</td>");
        for (String k : List.of("roc_auc", "pr_auc", "log_loss", "accuracy", "f1", "brier", "ece")) {
            sb.append("<td>").append(fmt(m.get(k))).append("</td>");
        }
        sb.append("</tr>");
    }

    private record Series(double[] x, double[] y, String colour) {
    }

    private static Series series(double[] x, double[] y, String colour) {
        return new Series(x, y, colour);
    }

    private static String figure(String title, String xLabel, String yLabel, double x0, double x1, double y0,
                                 double y1, List<Series> series) {
        StringBuilder sb = new StringBuilder("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ')
                .append(H).append("\">");
        sb.append("<rect x=\"").append(PAD).append("\" y=\"8\" width=\"").append(W - PAD - 8)
                .append("\" height=\"").append(H - PAD - 8).append("\" fill=\"none\" stroke=\"#999\"/>");
        sb.append("<text x=\"").append(W / 2).append("\" y=\"").append(H - 4).append("\" text-anchor=\"middle\">")
                .append(esc(xLabel)).append("</text>");
        sb.append("<text x=\"10\" y=\"").append(H / 2).append("\" transform=\"rotate(-90 10 ").append(H / 2)
                .append(")\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>");
        sb.append("<text x=\"").append(PAD).append("\" y=\"").append(H - PAD + 12).append("\">").append(fmt(x0))
                .append("</text><text x=\"").append(W - 8).append("\" y=\"").append(H - PAD + 12)
                .append("\" text-anchor=\"end\">").append(fmt(x1)).append("</text>");
        sb.append("<text x=\"").append(PAD - 2).append("\" y=\"").append(H - PAD).append("\" text-anchor=\"end\">")
                .append(fmt(y0)).append("</text><text x=\"").append(PAD - 2)
                .append("\" y=\"16\" text-anchor=\"end\">").append(fmt(y1)).append("</text>");
        for (Series s : series) {
            sb.append("<polyline fill=\"none\" stroke=\"").append(s.colour()).append("\" stroke-width=\"1.5\" points=\"");
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.y()[i])) {
                    continue;
                }
                double px = PAD + (s.x()[i] - x0) / (x1 - x0) * (W - PAD - 8);
                double py = 8 + (1 - (s.y()[i] - y0) / (y1 - y0)) * (H - PAD - 8);
                sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            sb.append("\"/>");
        }
        sb.append("</svg><figcaption>").append(esc(title)).append("</figcaption></figure>");
        return sb.toString();
    }

    private static String fmt(Object v) {
        if (v instanceof Number n) {
            return fmt(n.doubleValue());
        }
        return v == null ? "–" : esc(String.valueOf(v));
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "–";
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
