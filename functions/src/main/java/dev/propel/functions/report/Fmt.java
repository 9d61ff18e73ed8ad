package dev.propel.functions.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text of the numbers, dates and strings on the page. Every number goes through here, and anything undefined
 * (a rate without a denominator, a metric a report lacks) is written as a dash: the page never shows NaN.
 */
final class Fmt {
    static final String NONE = "–";

    private Fmt() {
    }

    /** HTML/XML text escaping. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** A whole count with thousands separators, e.g. {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A short number for chart labels: {@code 950}, {@code 12.3k}, {@code 4.5M}. */
    static String compact(double v) {
        if (!Double.isFinite(v)) {
            return NONE;
        }
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(String.format(Locale.ROOT, "%.1f", v / 1e6)) + "M";
        }
        if (a >= 1e4) {
            return trim(String.format(Locale.ROOT, "%.1f", v / 1e3)) + "k";
        }
        if (a == Math.rint(a)) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : "%.1f", v);
    }

    /** A share as a percentage with one decimal, e.g. {@code 12.3%}; a dash when undefined. */
    static String pct(double rate) {
        return Double.isFinite(rate) ? String.format(Locale.ROOT, "%.1f%%", rate * 100) : NONE;
    }

    /** {@code num / den} as a percentage; a dash when {@code den} is 0. */
    static String pct(long num, long den) {
        return den == 0 ? NONE : pct((double) num / den);
    }

    /** An amount of money with two decimals and separators (the shop's own currency). */
    static String money(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.2f", v) : NONE;
    }

    /** A metric with {@code digits} decimals; a dash when undefined. */
    static String decimal(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : NONE;
    }

    /** An SVG coordinate: one decimal, and 0 for anything undefined so a drawing can never carry NaN. */
    static String xy(double v) {
        return String.format(Locale.ROOT, "%.1f", Double.isFinite(v) ? v : 0);
    }

    /** A day as {@code MM-DD}, short enough for an axis. */
    static String shortDay(LocalDate d) {
        return String.format(Locale.ROOT, "%02d-%02d", d.getMonthValue(), d.getDayOfMonth());
    }

    /** Days as compact text: consecutive days collapse into ranges, e.g. {@code 2026-11-01 to 2026-11-03, …}. */
    static String days(List<LocalDate> days) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < days.size()) {
            int j = i;
            while (j + 1 < days.size() && days.get(j + 1).equals(days.get(j).plusDays(1))) {
                j++;
            }
            parts.add(i == j ? days.get(i).toString() : days.get(i) + " to " + days.get(j));
            i = j + 1;
        }
        return String.join(", ", parts);
    }

    /** The smallest "round" number (1, 2, 2.5, 5 × 10^k) at or above {@code max}; 1 when nothing is positive. */
    static double niceCeiling(double max) {
        if (!(max > 0) || !Double.isFinite(max)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max * (1 - 1e-9)) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /**
     * The top of an axis with four equal ticks that are round numbers (1, 2, 2.5 or 5 × 10^k each) at or above
     * {@code max}; for counts the ticks are whole numbers. 4 when nothing is positive.
     */
    static double axisTop(double max, boolean counts) {
        double raw = Double.isFinite(max) && max > 0 ? max / 4 : 1;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            double tick = step * magnitude;
            if (tick >= raw * (1 - 1e-9) && (!counts || tick >= 1 && tick == Math.rint(tick))) {
                return 4 * tick;
            }
        }
        return 4 * Math.max(1, 10 * magnitude);
    }

    private static String trim(String s) {
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
