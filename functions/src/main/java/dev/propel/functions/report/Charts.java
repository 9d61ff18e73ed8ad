package dev.propel.functions.report;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The report's charts as inline SVG, drawn from numbers alone (no script, no font or image). Readable without
 * colour: every bar and point carries its value as text (or the table next to it does for dense charts), the two
 * series of a stacked bar differ by a hatch pattern, and line series differ by marker shape and dash, named in a
 * legend. Axes are titled with their unit. Callers check for data first: a chart is never drawn empty.
 */
final class Charts {
    static final int WIDTH = 860;
    private static final int LEFT = 72;
    private static final int RIGHT = 24;
    private static final int TOP = 34;
    private static final int BOTTOM = 58;
    private static final String INK = "#1f2933";
    private static final String GRID = "#d9dee3";
    private static final String[] STROKES = {"#1d4f80", "#a4470c", "#2f6b3a", "#6b3fa0"};
    private static final String[] DASHES = {"", "6 3", "2 3", "8 3 2 3"};
    /** Most x labels an axis shows; denser axes label every k-th point. */
    private static final int MAX_X_LABELS = 16;

    private Charts() {
    }

    /** One labelled value; {@code text} is what is written next to it. */
    record Bar(String label, double value, String text) {
    }

    /** A line series; NaN values are gaps (a day whose rate is undefined). */
    record Series(String name, double[] values) {
    }

    /** A proportion with its confidence interval. */
    record Estimate(String label, double value, Interval interval, String text) {
    }

    /**
     * A row of a heatmap: {@code values[i]} is column i's share (NaN = no stats for that cell); only the first
     * {@code observable} columns are drawn, the later ones lie in the future of the row.
     */
    record HeatRow(String label, double[] values, int observable) {
    }

    /** Vertical bars, one per category, each with its value written above it. */
    static String columns(String id, String title, String xTitle, String yTitle, List<Bar> bars,
            DoubleFunction<String> tick) {
        int height = 280;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = height - TOP - BOTTOM;
        boolean counts = bars.stream().allMatch(b -> b.value() == Math.rint(b.value()));
        double max = Fmt.axisTop(bars.stream().mapToDouble(Bar::value).max().orElse(0), counts);
        StringBuilder sb = open(id, title, height);
        yAxis(sb, height, 0, max, tick);
        double slot = plotW / bars.size();
        double barW = Math.max(2, Math.min(48, slot * 0.7));
        int every = labelEvery(bars.size());
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double h = Math.max(1, b.value() / max * plotH);
            double x = LEFT + i * slot + (slot - barW) / 2;
            double y = TOP + plotH - h;
            sb.append("<rect x=\"").append(Fmt.xy(x)).append("\" y=\"").append(Fmt.xy(y)).append("\" width=\"")
                    .append(Fmt.xy(barW)).append("\" height=\"").append(Fmt.xy(h)).append("\" fill=\"")
                    .append(STROKES[0]).append("\"><title>").append(Fmt.esc(b.label() + ": " + b.text()))
                    .append("</title></rect>");
            text(sb, x + barW / 2, y - 4, "middle", slot < 30 ? 8 : 10, b.text());
            if (i % every == 0) {
                text(sb, x + barW / 2, TOP + plotH + 14, "middle", 10, b.label());
            }
        }
        xTitle(sb, height, xTitle);
        yTitle(sb, height, yTitle);
        return close(sb, title);
    }

    /**
     * Two series stacked per category: the first solid, the second hatched, named in a legend; each segment tall
     * enough carries its value, and every stack its total.
     */
    static String stacked(String id, String title, String xTitle, String yTitle, List<String> labels,
            String[] names, double[][] values) {
        int height = 300;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = height - TOP - BOTTOM;
        double top = 0;
        for (int i = 0; i < labels.size(); i++) {
            top = Math.max(top, values[0][i] + values[1][i]);
        }
        double max = Fmt.axisTop(top, true);
        StringBuilder sb = open(id, title, height);
        sb.append("<defs>").append(hatch(id + "-hatch")).append("</defs>");
        yAxis(sb, height, 0, max, Fmt::compact);
        double slot = plotW / labels.size();
        double barW = Math.max(2, Math.min(48, slot * 0.7));
        int every = labelEvery(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            double x = LEFT + i * slot + (slot - barW) / 2;
            double base = TOP + plotH;
            for (int s = 0; s < 2; s++) {
                double v = values[s][i];
                double h = v / max * plotH;
                if (h <= 0) {
                    continue;
                }
                base -= h;
                sb.append("<rect x=\"").append(Fmt.xy(x)).append("\" y=\"").append(Fmt.xy(base))
                        .append("\" width=\"").append(Fmt.xy(barW)).append("\" height=\"").append(Fmt.xy(h))
                        .append("\" fill=\"").append(s == 0 ? STROKES[0] : "url(#" + id + "-hatch)")
                        .append("\" stroke=\"").append(INK).append("\" stroke-width=\"0.5\"><title>")
                        .append(Fmt.esc(labels.get(i) + " " + names[s] + ": " + Fmt.compact(v)))
                        .append("</title></rect>");
                if (h >= 14 && slot >= 22) {
                    // white on the solid segment, dark on a white box over the hatched one
                    if (s == 1) {
                        double w = Math.min(barW - 2, 6.0 * Fmt.compact(v).length() + 4);
                        sb.append("<rect x=\"").append(Fmt.xy(x + (barW - w) / 2)).append("\" y=\"")
                                .append(Fmt.xy(base + h / 2 - 7)).append("\" width=\"").append(Fmt.xy(w))
                                .append("\" height=\"12\" fill=\"#fff\" opacity=\"0.85\"/>");
                    }
                    sb.append("<text x=\"").append(Fmt.xy(x + barW / 2)).append("\" y=\"")
                            .append(Fmt.xy(base + h / 2 + 3)).append("\" text-anchor=\"middle\" font-size=\"8\"")
                            .append(s == 0 ? " fill=\"#fff\"" : "").append('>').append(Fmt.esc(Fmt.compact(v)))
                            .append("</text>");
                }
            }
            text(sb, x + barW / 2, base - 4, "middle", slot < 30 ? 8 : 10,
                    Fmt.compact(values[0][i] + values[1][i]));
            if (i % every == 0) {
                text(sb, x + barW / 2, TOP + plotH + 14, "middle", 10, labels.get(i));
            }
        }
        // legend
        double lx = LEFT + 4;
        for (int s = 0; s < 2; s++) {
            sb.append("<rect x=\"").append(Fmt.xy(lx)).append("\" y=\"8\" width=\"14\" height=\"12\" fill=\"")
                    .append(s == 0 ? STROKES[0] : "url(#" + id + "-hatch)").append("\" stroke=\"").append(INK)
                    .append("\" stroke-width=\"0.5\"/>");
            text(sb, lx + 18, 18, "start", 11, names[s] + (s == 0 ? " (solid)" : " (hatched)"));
            lx += 40 + 7 * (names[s].length() + 10);
        }
        xTitle(sb, height, xTitle);
        yTitle(sb, height, yTitle);
        return close(sb, title);
    }

    /** Horizontal bars, one row per category, the label on the left and the value text on the right. */
    static String rows(String id, String title, String valueTitle, List<Bar> bars) {
        int rowH = 26;
        int labelW = 170;
        int textW = 230;
        int height = TOP + bars.size() * rowH + 40;
        double plotW = WIDTH - labelW - textW - RIGHT;
        double max = Fmt.niceCeiling(bars.stream().mapToDouble(Bar::value).max().orElse(0));
        StringBuilder sb = open(id, title, height);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = TOP + i * rowH;
            double w = Math.max(1, b.value() / max * plotW);
            text(sb, labelW - 8, y + rowH / 2.0 + 4, "end", 11, b.label());
            sb.append("<rect x=\"").append(labelW).append("\" y=\"").append(Fmt.xy(y + 4)).append("\" width=\"")
                    .append(Fmt.xy(w)).append("\" height=\"").append(rowH - 8).append("\" fill=\"")
                    .append(STROKES[0]).append("\"><title>").append(Fmt.esc(b.label() + ": " + b.text()))
                    .append("</title></rect>");
            text(sb, labelW + w + 6, y + rowH / 2.0 + 4, "start", 11, b.text());
        }
        double axisY = TOP + bars.size() * rowH + 4;
        line(sb, labelW, axisY, labelW + plotW, axisY, INK, "");
        text(sb, labelW, axisY + 14, "middle", 10, "0");
        text(sb, labelW + plotW, axisY + 14, "middle", 10, Fmt.compact(max));
        text(sb, labelW + plotW / 2, axisY + 30, "middle", 11, valueTitle);
        return close(sb, title);
    }

    /**
     * Line series over the same categories, each with its own marker shape and dash; each point is labelled with
     * its value when there are few points, else the series' last point is.
     */
    static String lines(String id, String title, String xTitle, String yTitle, List<String> labels,
            List<Series> series, double yMin, double yMax, DoubleFunction<String> value) {
        int height = 300;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = height - TOP - BOTTOM;
        if (!(yMax > yMin)) {
            yMax = yMin + 1;
        }
        StringBuilder sb = open(id, title, height);
        yAxis(sb, height, yMin, yMax, value);
        int n = labels.size();
        double slot = plotW / n;
        int every = labelEvery(n);
        for (int i = 0; i < n; i += every) {
            text(sb, LEFT + slot * (i + 0.5), TOP + plotH + 14, "middle", 10, labels.get(i));
        }
        boolean labelAll = n <= 14;
        for (int s = 0; s < series.size(); s++) {
            Series se = series.get(s);
            String stroke = STROKES[s % STROKES.length];
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            int last = -1;
            for (int i = 0; i < n; i++) {
                double v = i < se.values().length ? se.values()[i] : Double.NaN;
                if (!Double.isFinite(v)) {
                    pen = false;
                    continue;
                }
                double x = LEFT + slot * (i + 0.5);
                double y = TOP + plotH - (clamp(v, yMin, yMax) - yMin) / (yMax - yMin) * plotH;
                path.append(pen ? " L" : " M").append(Fmt.xy(x)).append(' ').append(Fmt.xy(y));
                pen = true;
                last = i;
            }
            if (path.length() > 0) {
                sb.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"")
                        .append(stroke).append("\" stroke-width=\"2\"")
                        .append(DASHES[s % DASHES.length].isEmpty() ? ""
                                : " stroke-dasharray=\"" + DASHES[s % DASHES.length] + "\"")
                        .append("/>");
            }
            for (int i = 0; i < n; i++) {
                double v = i < se.values().length ? se.values()[i] : Double.NaN;
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = LEFT + slot * (i + 0.5);
                double y = TOP + plotH - (clamp(v, yMin, yMax) - yMin) / (yMax - yMin) * plotH;
                marker(sb, s, x, y, stroke, se.name() + " " + labels.get(i) + ": " + value.apply(v));
                if (labelAll || i == last) {
                    // above, below, then right of the marker: close values of different series do not collide
                    switch (s % 3) {
                        case 0 -> text(sb, x, y - 8, "middle", 9, value.apply(v));
                        case 1 -> text(sb, x, y + 16, "middle", 9, value.apply(v));
                        default -> text(sb, x + 8, y + 3, "start", 9, value.apply(v));
                    }
                }
            }
        }
        double lx = LEFT + 4;
        for (int s = 0; s < series.size(); s++) {
            String stroke = STROKES[s % STROKES.length];
            line(sb, lx, 14, lx + 22, 14, stroke, DASHES[s % DASHES.length]);
            marker(sb, s, lx + 11, 14, stroke, null);
            text(sb, lx + 28, 18, "start", 11, series.get(s).name());
            lx += 44 + 6.5 * series.get(s).name().length();
        }
        xTitle(sb, height, xTitle);
        yTitle(sb, height, yTitle);
        return close(sb, title);
    }

    /**
     * A grid of shares (0..1), each cell shaded by its value and labelled with it in whole percent; cells without
     * stats are light grey with a dash.
     */
    static String heatmap(String id, String title, String columnTitle, String rowTitle, List<String> columns,
            List<HeatRow> rows) {
        int labelW = 150;
        double cellW = Math.max(20, Math.min(44, (WIDTH - labelW - RIGHT) / (double) Math.max(1, columns.size())));
        int cellH = 20;
        int top = 48;
        int height = top + rows.size() * cellH + 44;
        StringBuilder sb = open(id, title, height);
        text(sb, labelW + cellW * columns.size() / 2, 14, "middle", 11, columnTitle);
        for (int c = 0; c < columns.size(); c++) {
            text(sb, labelW + cellW * (c + 0.5), top - 8, "middle", 10, columns.get(c));
        }
        text(sb, 8, top - 8, "start", 10, rowTitle);
        for (int r = 0; r < rows.size(); r++) {
            HeatRow row = rows.get(r);
            double y = top + r * cellH;
            text(sb, labelW - 6, y + cellH / 2.0 + 4, "end", 10, row.label());
            for (int c = 0; c < Math.min(row.observable(), columns.size()); c++) {
                double v = c < row.values().length ? row.values()[c] : Double.NaN;
                double x = labelW + c * cellW;
                boolean known = Double.isFinite(v);
                double share = known ? clamp(v, 0, 1) : 0;
                // lightness falls with the share; the value is written in the cell, so colour only repeats it
                int light = (int) Math.round(96 - share * 66);
                String fill = known ? "hsl(210,55%," + light + "%)" : "#eeeeee";
                sb.append("<rect x=\"").append(Fmt.xy(x)).append("\" y=\"").append(Fmt.xy(y)).append("\" width=\"")
                        .append(Fmt.xy(cellW - 1)).append("\" height=\"").append(cellH - 1).append("\" fill=\"")
                        .append(fill).append("\"><title>").append(Fmt.esc(row.label() + ", " + columns.get(c) + ": "
                                + (known ? Fmt.pct(v) : "no stats"))).append("</title></rect>");
                String label = known ? Math.round(share * 100) + "%" : Fmt.NONE;
                sb.append("<text x=\"").append(Fmt.xy(x + (cellW - 1) / 2)).append("\" y=\"")
                        .append(Fmt.xy(y + cellH / 2.0 + 3)).append("\" text-anchor=\"middle\" font-size=\"")
                        .append(cellW < 28 ? 8 : 9).append('"').append(light < 60 ? " fill=\"#fff\"" : "")
                        .append('>').append(label).append("</text>");
            }
        }
        text(sb, labelW, height - 12, "start", 10,
                "Each cell: share of the cohort active again N days after its first day (darker = higher; "
                        + Fmt.NONE + " = no retention stats that day).");
        return close(sb, title);
    }

    /** Proportions with 95 % intervals as dots with whiskers on a percentage axis, each row labelled. */
    static String intervals(String id, String title, String xTitle, List<Estimate> rows) {
        int rowH = 30;
        int labelW = 260;
        int textW = 210;
        int height = TOP + rows.size() * rowH + 44;
        double plotW = WIDTH - labelW - textW - RIGHT;
        double max = Fmt.niceCeiling(rows.stream().mapToDouble(e -> e.interval() == null ? e.value()
                : e.interval().high()).max().orElse(0));
        StringBuilder sb = open(id, title, height);
        double axisY = TOP + rows.size() * rowH + 2;
        for (int t = 0; t <= 4; t++) {
            double x = labelW + plotW * t / 4;
            line(sb, x, TOP - 4, x, axisY, GRID, "");
            text(sb, x, axisY + 14, "middle", 10, Fmt.pct(max * t / 4));
        }
        for (int i = 0; i < rows.size(); i++) {
            Estimate e = rows.get(i);
            double y = TOP + i * rowH + rowH / 2.0;
            text(sb, labelW - 8, y + 4, "end", 11, e.label());
            if (e.interval() != null) {
                double x0 = labelW + e.interval().low() / max * plotW;
                double x1 = labelW + e.interval().high() / max * plotW;
                line(sb, x0, y, x1, y, INK, "");
                line(sb, x0, y - 6, x0, y + 6, INK, "");
                line(sb, x1, y - 6, x1, y + 6, INK, "");
            }
            marker(sb, 3, labelW + clamp(e.value(), 0, max) / max * plotW, y, STROKES[0],
                    e.label() + ": " + e.text());
            text(sb, labelW + plotW + 10, y + 4, "start", 11, e.text());
        }
        line(sb, labelW, axisY, labelW + plotW, axisY, INK, "");
        text(sb, labelW + plotW / 2, axisY + 30, "middle", 11, xTitle);
        return close(sb, title);
    }

    private static StringBuilder open(String id, String title, int height) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<figure id=\"").append(id).append("\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" ")
                .append("aria-labelledby=\"").append(id).append("-title\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" font-family=\"system-ui, sans-serif\" fill=\"").append(INK)
                .append("\"><title id=\"").append(id).append("-title\">").append(Fmt.esc(title)).append("</title>");
        return sb;
    }

    private static String close(StringBuilder sb, String caption) {
        return sb.append("</svg><figcaption>").append(Fmt.esc(caption)).append("</figcaption></figure>").toString();
    }

    private static void yAxis(StringBuilder sb, int height, double min, double max, DoubleFunction<String> tick) {
        double plotH = height - TOP - BOTTOM;
        for (int t = 0; t <= 4; t++) {
            double y = TOP + plotH - plotH * t / 4;
            line(sb, LEFT, y, WIDTH - RIGHT, y, t == 0 ? INK : GRID, "");
            text(sb, LEFT - 6, y + 4, "end", 10, tick.apply(min + (max - min) * t / 4));
        }
    }

    private static void xTitle(StringBuilder sb, int height, String title) {
        text(sb, LEFT + (WIDTH - LEFT - RIGHT) / 2.0, height - 12, "middle", 11, title);
    }

    private static void yTitle(StringBuilder sb, int height, String title) {
        double cy = TOP + (height - TOP - BOTTOM) / 2.0;
        sb.append("<text x=\"14\" y=\"").append(Fmt.xy(cy)).append("\" transform=\"rotate(-90 14 ")
                .append(Fmt.xy(cy)).append(")\" text-anchor=\"middle\" font-size=\"11\">").append(Fmt.esc(title))
                .append("</text>");
    }

    private static void text(StringBuilder sb, double x, double y, String anchor, int size, String text) {
        sb.append("<text x=\"").append(Fmt.xy(x)).append("\" y=\"").append(Fmt.xy(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" font-size=\"").append(size).append("\">").append(Fmt.esc(text))
                .append("</text>");
    }

    private static void line(StringBuilder sb, double x0, double y0, double x1, double y1, String stroke,
            String dash) {
        sb.append("<line x1=\"").append(Fmt.xy(x0)).append("\" y1=\"").append(Fmt.xy(y0)).append("\" x2=\"")
                .append(Fmt.xy(x1)).append("\" y2=\"").append(Fmt.xy(y1)).append("\" stroke=\"").append(stroke)
                .append('"').append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>");
    }

    /** Circle, square, triangle or diamond by series index, so series differ by shape as well as colour. */
    private static void marker(StringBuilder sb, int series, double x, double y, String stroke, String title) {
        String shape = switch (series % 4) {
            case 0 -> "<circle cx=\"" + Fmt.xy(x) + "\" cy=\"" + Fmt.xy(y) + "\" r=\"4\"";
            case 1 -> "<rect x=\"" + Fmt.xy(x - 4) + "\" y=\"" + Fmt.xy(y - 4) + "\" width=\"8\" height=\"8\"";
            case 2 -> "<polygon points=\"" + Fmt.xy(x) + "," + Fmt.xy(y - 5) + " " + Fmt.xy(x + 5) + ","
                    + Fmt.xy(y + 4) + " " + Fmt.xy(x - 5) + "," + Fmt.xy(y + 4) + "\"";
            default -> "<polygon points=\"" + Fmt.xy(x) + "," + Fmt.xy(y - 6) + " " + Fmt.xy(x + 6) + ","
                    + Fmt.xy(y) + " " + Fmt.xy(x) + "," + Fmt.xy(y + 6) + " " + Fmt.xy(x - 6) + "," + Fmt.xy(y)
                    + "\"";
        };
        sb.append(shape).append(" fill=\"").append(series % 2 == 0 ? stroke : "#fff").append("\" stroke=\"")
                .append(stroke).append("\" stroke-width=\"1.5\"");
        if (title == null) {
            sb.append("/>");
        } else {
            sb.append("><title>").append(Fmt.esc(title)).append("</title>").append(shape.startsWith("<circle")
                    ? "</circle>" : shape.startsWith("<rect") ? "</rect>" : "</polygon>");
        }
    }

    private static String hatch(String id) {
        return "<pattern id=\"" + id + "\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
                + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f6d3ae\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"" + STROKES[1] + "\" stroke-width=\"2.5\"/>"
                + "</pattern>";
    }

    private static int labelEvery(int n) {
        return Math.max(1, (n + MAX_X_LABELS - 1) / MAX_X_LABELS);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
