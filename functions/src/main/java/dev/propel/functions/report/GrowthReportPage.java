package dev.propel.functions.report;

import dev.propel.functions.policy.Estimate;
import dev.propel.functions.policy.OffPolicyEvaluator;
import dev.propel.functions.policy.PolicyEvaluation;
import dev.propel.functions.policy.PolicyLearner;
import dev.propel.functions.serving.DecisionPolicy;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders {@link GrowthData} as one self-contained HTML page: inline CSS, inline SVG charts, no script, font or
 * image, so it can be mailed, archived on S3 or opened from disk as it is. Wherever a chart would be empty (no
 * stats, no purchases, one day, no decisions) the page says so in words instead.
 */
public final class GrowthReportPage {
    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** Longest retention horizon shown (the datasets stage measures up to day 30). */
    private static final int MAX_DAY_N = 30;
    private static final String CSS = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933;"
            + "margin:0 auto;max-width:900px;padding:24px;line-height:1.45}h1{margin:0 0 4px}h2{margin-top:36px;"
            + "border-bottom:2px solid #1d4f80;padding-bottom:4px}h3{margin:20px 0 6px}.sub{color:#52606d;margin:0}"
            + ".kpis{display:flex;flex-wrap:wrap;gap:12px;margin:20px 0}.kpi{border:1px solid #cbd2d9;"
            + "border-radius:6px;padding:8px 14px;min-width:120px}.kpi b{display:block;font-size:22px}"
            + ".kpi span{color:#52606d;font-size:13px}.say{border-left:4px solid #a4470c;background:#fdf6ee;"
            + "padding:8px 12px;margin:12px 0}ul.notes{margin:8px 0;padding-left:20px}figure{margin:16px 0}"
            + "figcaption{font-size:13px;color:#52606d}svg{max-width:100%;height:auto;display:block}"
            + "table{border-collapse:collapse;margin:12px 0;font-size:13px;width:100%}caption{text-align:left;"
            + "font-weight:600;padding:4px 0}th,td{border:1px solid #cbd2d9;padding:3px 7px;text-align:right}"
            + "td{white-space:nowrap}"
            + "th{background:#eef2f6}th:first-child,th.t,td.t{text-align:left}tr.missing td{color:#7b8794;"
            + "font-style:italic}.wide{overflow-x:auto}footer{margin-top:40px;font-size:13px;color:#52606d}"
            + "@media print{h2{break-before:auto}figure,table{break-inside:avoid}}";

    private GrowthReportPage() {
    }

    /** The page. */
    public static String render(GrowthData d) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        ReportRange r = d.range();
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Propel growth report ").append(r.from()).append(" to ").append(r.to())
                .append("</title><style>").append(CSS).append("</style></head><body>");
        sb.append("<header><h1>Growth report</h1><p class=\"sub\">").append(r.from()).append(" to ").append(r.to())
                .append(" (").append(r.length()).append(r.length() == 1 ? " day" : " days")
                .append(", UTC) · generated ").append(GENERATED.format(d.generatedAt()))
                .append(" by Propel from the bucket's stats/ and models/</p></header>");
        summary(sb, d);
        notes(sb, d);
        funnel(sb, d);
        visitors(sb, d);
        retention(sb, d);
        items(sb, d);
        models(sb, d);
        decisions(sb, d);
        policy(sb, d);
        experiments(sb, d);
        sb.append("<footer><p>Sessions are cut as the datasets stage cuts them (a session belongs to the day of its"
                + " last event). Viewers, carters and buyers are distinct visitors of a day; over several days they"
                + " are summed. Revenue is price × quantity of the purchase events, in the shop's own currency."
                + " Intervals are 95 % Wilson score intervals.</p></footer>");
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void summary(StringBuilder sb, GrowthData d) {
        Totals t = Totals.of(d.days());
        if (d.days().isEmpty()) {
            say(sb, "There are no stats for any day of this range: the datasets stage has not built these days"
                    + " (stats/daily has no partition for them), so there is nothing to chart yet.");
            return;
        }
        sb.append("<div class=\"kpis\">");
        kpi(sb, Fmt.count(t.sessions), "sessions");
        kpi(sb, Fmt.count(t.users), "visitor-days");
        kpi(sb, Fmt.count(t.newUsers), "new visitors");
        kpi(sb, Fmt.count(t.purchases), "orders");
        kpi(sb, Fmt.money(t.revenue), "revenue");
        kpi(sb, Fmt.pct(t.converting, t.sessions), "sessions that bought");
        kpi(sb, t.purchases == 0 ? Fmt.NONE : Fmt.money(t.revenue / t.purchases), "revenue per order");
        sb.append("</div>");
    }

    private static void notes(StringBuilder sb, GrowthData d) {
        List<String> items = new ArrayList<>();
        if (!d.missingDays().isEmpty() && !d.days().isEmpty()) {
            items.add("No stats for " + Fmt.days(d.missingDays()) + ": the datasets stage has not built "
                    + (d.missingDays().size() == 1 ? "that day" : "those days") + ".");
        }
        List<LocalDate> empty = new ArrayList<>();
        List<LocalDate> noPurchase = new ArrayList<>();
        for (DailyStats s : d.days()) {
            if (s.empty()) {
                empty.add(s.day());
            } else if (s.purchases() == 0) {
                noPurchase.add(s.day());
            }
        }
        if (!empty.isEmpty()) {
            items.add("No events at all on " + Fmt.days(empty) + ".");
        }
        if (!noPurchase.isEmpty()) {
            items.add("No purchases on " + Fmt.days(noPurchase) + " (visits, but no orders or revenue).");
        }
        items.addAll(d.notes());
        if (items.isEmpty()) {
            return;
        }
        sb.append("<section id=\"data-notes\"><h2>About the data</h2><ul class=\"notes\">");
        for (String s : items) {
            sb.append("<li>").append(Fmt.esc(s)).append("</li>");
        }
        sb.append("</ul></section>");
    }

    private static void funnel(StringBuilder sb, GrowthData d) {
        sb.append("<section id=\"funnel\"><h2>Funnel, orders and revenue</h2>");
        Totals t = Totals.of(d.days());
        if (t.sessions == 0 && t.viewers == 0) {
            say(sb, d.days().isEmpty() ? "No funnel without stats." : "No sessions in this range: no funnel to show.");
            sb.append("</section>");
            return;
        }
        sb.append(Charts.rows("chart-funnel", "Funnel over the range: sessions, then visitors who viewed, added to"
                + " cart and bought (each with its share of the step before)", "count", List.of(
                        new Charts.Bar("sessions", t.sessions, Fmt.count(t.sessions)),
                        new Charts.Bar("viewers", t.viewers, Fmt.count(t.viewers) + " · "
                                + Fmt.pct(t.viewers, t.sessions) + " of sessions"),
                        new Charts.Bar("carters", t.carters, Fmt.count(t.carters) + " · "
                                + Fmt.pct(t.carters, t.viewers) + " of viewers"),
                        new Charts.Bar("buyers", t.buyers, Fmt.count(t.buyers) + " · "
                                + Fmt.pct(t.buyers, t.carters) + " of carters"))));
        Map<LocalDate, DailyStats> byDay = byDay(d);
        List<LocalDate> days = chartDays(d);
        if (days.size() < d.range().length()) {
            sb.append("<p>The daily charts start on ").append(days.get(0))
                    .append(", the first day of the range with stats.</p>");
        }
        List<String> labels = days.stream().map(Fmt::shortDay).toList();
        double[] session = new double[days.size()];
        double[] viewCart = new double[days.size()];
        double[] cartBuy = new double[days.size()];
        double top = 0;
        for (int i = 0; i < days.size(); i++) {
            DailyStats s = byDay.get(days.get(i));
            session[i] = s == null ? Double.NaN : s.sessionConversion();
            viewCart[i] = s == null ? Double.NaN : s.viewToCart();
            cartBuy[i] = s == null ? Double.NaN : s.cartToPurchase();
            for (double v : new double[] {session[i], viewCart[i], cartBuy[i]}) {
                top = Double.isFinite(v) ? Math.max(top, v) : top;
            }
        }
        sb.append(Charts.lines("chart-rates", "Conversion rates per day (gaps: undefined that day)", "day (UTC)",
                "rate (%)", labels, List.of(new Charts.Series("sessions that bought", session),
                        new Charts.Series("viewers who carted", viewCart),
                        new Charts.Series("carters who bought", cartBuy)),
                0, Math.min(1, Fmt.niceCeiling(top)), Fmt::pct));
        if (t.purchases == 0) {
            say(sb, "No purchases in this range, so there are no orders or revenue to chart.");
        } else {
            List<Charts.Bar> orders = new ArrayList<>();
            List<Charts.Bar> revenue = new ArrayList<>();
            for (LocalDate day : days) {
                DailyStats s = byDay.get(day);
                orders.add(new Charts.Bar(Fmt.shortDay(day), s == null ? 0 : s.purchases(),
                        s == null ? Fmt.NONE : Fmt.compact(s.purchases())));
                revenue.add(new Charts.Bar(Fmt.shortDay(day), s == null ? 0 : s.revenue(),
                        s == null ? Fmt.NONE : Fmt.compact(s.revenue())));
            }
            sb.append(Charts.columns("chart-orders", "Orders per day (" + Fmt.NONE + " = no stats that day)",
                    "day (UTC)", "orders (purchase events)", orders, Fmt::compact));
            sb.append(Charts.columns("chart-revenue", "Revenue per day (" + Fmt.NONE + " = no stats that day)",
                    "day (UTC)", "revenue (shop currency)", revenue, Fmt::compact));
        }
        dailyTable(sb, d, byDay);
        sb.append("</section>");
    }

    private static void dailyTable(StringBuilder sb, GrowthData d, Map<LocalDate, DailyStats> byDay) {
        sb.append("<div class=\"wide\"><table id=\"table-daily\"><caption>Day by day</caption><thead><tr>"
                + "<th scope=\"col\">day</th><th scope=\"col\">sessions</th><th scope=\"col\">viewers</th>"
                + "<th scope=\"col\">carters</th><th scope=\"col\">buyers</th><th scope=\"col\">viewers who carted"
                + "</th><th scope=\"col\">carters who bought</th><th scope=\"col\">sessions that bought</th>"
                + "<th scope=\"col\">orders</th><th scope=\"col\">revenue</th><th scope=\"col\">new visitors</th>"
                + "<th scope=\"col\">returning visitors</th></tr></thead><tbody>");
        List<LocalDate> days = d.range().days();
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            DailyStats s = byDay.get(day);
            if (s == null) {
                // a run of days without stats is one row, so weeks before a shop's first day take one line
                int j = i;
                while (j + 1 < days.size() && !byDay.containsKey(days.get(j + 1))) {
                    j++;
                }
                sb.append("<tr class=\"missing\"><td class=\"t\">").append(i == j ? day : day + " to " + days.get(j))
                        .append("</td><td class=\"t\" colspan=\"11\">no stats for ")
                        .append(i == j ? "this day" : "these " + (j - i + 1) + " days").append("</td></tr>");
                i = j;
                continue;
            }
            sb.append("<tr><td class=\"t\">").append(day).append("</td>");
            cells(sb, Fmt.count(s.sessions()), Fmt.count(s.viewers()), Fmt.count(s.carters()),
                    Fmt.count(s.buyers()), Fmt.pct(s.viewToCart()), Fmt.pct(s.cartToPurchase()),
                    Fmt.pct(s.sessionConversion()), Fmt.count(s.purchases()), Fmt.money(s.revenue()),
                    Fmt.count(s.newUsers()), Fmt.count(s.returningUsers()));
            sb.append("</tr>");
        }
        sb.append("</tbody></table></div>");
    }

    private static void visitors(StringBuilder sb, GrowthData d) {
        sb.append("<section id=\"visitors\"><h2>New and returning visitors</h2>");
        Totals t = Totals.of(d.days());
        if (t.users == 0) {
            say(sb, d.days().isEmpty() ? "No visitors without stats."
                    : "No visitors in this range: nobody to count as new or returning.");
        } else {
            Map<LocalDate, DailyStats> byDay = byDay(d);
            List<LocalDate> days = chartDays(d);
            double[][] values = new double[2][days.size()];
            for (int i = 0; i < days.size(); i++) {
                DailyStats s = byDay.get(days.get(i));
                values[0][i] = s == null ? 0 : s.newUsers();
                values[1][i] = s == null ? 0 : s.returningUsers();
            }
            sb.append(Charts.stacked("chart-visitors", "Active visitors per day: first seen that day (new) or seen"
                    + " on an earlier day (returning)", "day (UTC)", "visitors (count)",
                    days.stream().map(Fmt::shortDay).toList(), new String[] {"new", "returning"}, values));
            sb.append("<p>Over the range, ").append(Fmt.pct(t.newUsers, t.users))
                    .append(" of active visitor-days were new visitors and ")
                    .append(Fmt.pct(t.users - t.newUsers, t.users)).append(" returning ones.</p>");
        }
        d.users().ifPresent(u -> sb.append("<p>By ").append(u.asOf()).append(" the shop has seen ")
                .append(Fmt.count(u.known())).append(" visitors: ").append(Fmt.count(u.buyers()))
                .append(" bought at least once (").append(Fmt.pct(u.buyers(), u.known())).append("), ")
                .append(Fmt.count(u.repeatBuyers())).append(" bought in two or more sessions (")
                .append(Fmt.pct(u.repeatBuyers(), u.buyers())).append(" of buyers) and ")
                .append(Fmt.count(u.returning())).append(" came back on another day.</p>"));
        sb.append("</section>");
    }

    private static void retention(StringBuilder sb, GrowthData d) {
        sb.append("<section id=\"retention\"><h2>Retention by cohort</h2>");
        ReportRange r = d.range();
        int maxN = Math.min(MAX_DAY_N, r.length() - 1);
        Map<LocalDate, Map<Integer, RetentionCell>> byCohort = new TreeMap<>();
        Map<LocalDate, Long> sizes = new HashMap<>();
        for (RetentionCell c : d.retention()) {
            byCohort.computeIfAbsent(c.cohort(), k -> new HashMap<>()).put(c.dayN(), c);
            sizes.merge(c.cohort(), c.cohortSize(), Math::max);
        }
        List<Charts.HeatRow> rows = new ArrayList<>();
        for (LocalDate cohort : byCohort.keySet()) {
            long size = sizes.getOrDefault(cohort, 0L);
            int observable = (int) Math.min(maxN, r.to().toEpochDay() - cohort.toEpochDay());
            if (size == 0 || observable < 1) {
                continue;
            }
            double[] values = new double[maxN];
            for (int n = 1; n <= maxN; n++) {
                RetentionCell c = byCohort.get(cohort).get(n);
                values[n - 1] = c == null ? Double.NaN : c.rate();
            }
            rows.add(new Charts.HeatRow(Fmt.shortDay(cohort) + " · " + Fmt.count(size) + " new", values,
                    observable));
        }
        if (r.length() == 1) {
            say(sb, "A single day has no later day to measure retention on: choose a longer range to see cohorts.");
        } else if (d.retention().isEmpty()) {
            say(sb, "No retention stats in this range (stats/retention has no partition for these days).");
        } else if (rows.isEmpty()) {
            say(sb, "No cohort of this range has a later day with stats yet, so there is no retention to show.");
        } else {
            List<String> columns = new ArrayList<>();
            for (int n = 1; n <= maxN; n++) {
                columns.add(Integer.toString(n));
            }
            sb.append(Charts.heatmap("chart-retention", "Day-N retention: share of each day's new visitors"
                    + " active again N days later", "days after the first visit (N)", "cohort · size", columns,
                    rows));
        }
        sb.append("</section>");
    }

    private static void items(StringBuilder sb, GrowthData d) {
        sb.append("<section id=\"items\"><h2>Top and rising items</h2>");
        ItemTrends it = d.items();
        if (it.statsAsOf() == null) {
            say(sb, "No item stats up to " + d.range().to() + " (stats/items has no partition yet).");
            sb.append("</section>");
            return;
        }
        if (it.top().isEmpty()) {
            say(sb, "No item was viewed, carted or bought in this range.");
        } else {
            boolean bought = it.top().get(0).purchases() > 0;
            List<Charts.Bar> bars = new ArrayList<>();
            for (ItemActivity a : it.top()) {
                double v = bought ? a.purchases() : a.interactions();
                bars.add(new Charts.Bar(a.itemId(), v, Fmt.count((long) v) + (bought ? plural(" purchase", (long) v)
                        : plural(" interaction", (long) v))));
            }
            if (!bought) {
                say(sb, "No item was bought in this range: items are ranked by views and carts instead.");
            }
            sb.append(Charts.rows("chart-top-items", "Top items of the range by " + (bought ? "purchases"
                    : "interactions (views + carts)"), bought ? "purchases (count)" : "interactions (count)", bars));
            sb.append("<table id=\"table-top-items\"><caption>Top items (purchases, then carts, then views)"
                    + "</caption><thead><tr><th scope=\"col\">item</th><th scope=\"col\">views</th>"
                    + "<th scope=\"col\">carts</th><th scope=\"col\">purchases</th><th scope=\"col\">purchases per "
                    + "view</th></tr></thead><tbody>");
            for (ItemActivity a : it.top()) {
                sb.append("<tr><td class=\"t\">").append(Fmt.esc(a.itemId())).append("</td>");
                cells(sb, Fmt.count(a.views()), Fmt.count(a.carts()), Fmt.count(a.purchases()),
                        Fmt.pct(a.purchases(), a.views()));
                sb.append("</tr>");
            }
            sb.append("</tbody></table>");
        }
        String window = it.windowDays() == 1 ? "day" : it.windowDays() + " days";
        sb.append("<h3>Rising items</h3>");
        if (!it.hasEarlier()) {
            say(sb, "No item stats before the last " + window + " of the range, so there is no earlier period to"
                    + " compare with and no rising items to show.");
        } else if (it.rising().isEmpty()) {
            say(sb, "No item grew from the previous " + window + " to the last " + window + " (at least "
                    + GrowthDataReader.MIN_RISING_INTERACTIONS + " interactions needed).");
        } else {
            sb.append("<table id=\"table-rising-items\"><caption>Items with the largest growth in interactions"
                    + " (views + carts + purchases): last ").append(window).append(" against the ").append(window)
                    .append(" before</caption><thead><tr><th scope=\"col\">item</th><th scope=\"col\">last ")
                    .append(window).append("</th><th scope=\"col\">previous ").append(window)
                    .append("</th><th scope=\"col\">growth</th><th scope=\"col\">change</th></tr></thead><tbody>");
            for (RisingItem ri : it.rising()) {
                sb.append("<tr><td class=\"t\">").append(Fmt.esc(ri.itemId())).append("</td>");
                cells(sb, Fmt.count(ri.recent()), Fmt.count(ri.previous()), "+" + Fmt.count(ri.growth()),
                        ri.previous() == 0 ? "new" : "+" + Fmt.pct(ri.growth(), ri.previous()));
                sb.append("</tr>");
            }
            sb.append("</tbody></table>");
        }
        sb.append("</section>");
    }

    private static void models(StringBuilder sb, GrowthData d) {
        sb.append("<section id=\"models\"><h2>Model quality over versions</h2>");
        if (d.models().isEmpty()) {
            say(sb, "No model has been published yet (models/ holds no version with a report.json): train one"
                    + " with the model-builder to see its quality here.");
            sb.append("</section>");
            return;
        }
        Map<String, List<ModelVersion>> byTask = new LinkedHashMap<>();
        for (ModelVersion m : d.models()) {
            byTask.computeIfAbsent(m.task(), k -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<String, List<ModelVersion>> e : byTask.entrySet()) {
            List<ModelVersion> versions = e.getValue();
            double[] roc = versions.stream().mapToDouble(ModelVersion::rocAuc).toArray();
            double[] pr = versions.stream().mapToDouble(ModelVersion::prAuc).toArray();
            boolean any = false;
            for (int i = 0; i < roc.length; i++) {
                any |= Double.isFinite(roc[i]) || Double.isFinite(pr[i]);
            }
            sb.append("<h3>").append(Fmt.esc(e.getKey())).append("</h3>");
            if (any) {
                sb.append(Charts.lines("chart-model-" + slug(e.getKey()), "Test metrics of each published "
                        + e.getKey() + " version, oldest first (0.5 ROC AUC = chance)", "model version (UTC publish"
                        + " time)", "metric on the test split (0–1)",
                        versions.stream().map(m -> versionLabel(m.version())).toList(),
                        List.of(new Charts.Series("ROC AUC", roc), new Charts.Series("PR AUC", pr)), 0, 1,
                        v -> Fmt.decimal(v, 3)));
            } else {
                say(sb, "The " + e.getKey() + " reports carry no test metrics to chart.");
            }
        }
        sb.append("<table id=\"table-models\"><caption>Published versions</caption><thead><tr>"
                + "<th scope=\"col\">model</th><th scope=\"col\" class=\"t\">version</th>"
                + "<th scope=\"col\">test ROC AUC</th><th scope=\"col\">test PR AUC</th>"
                + "<th scope=\"col\">test log loss</th><th scope=\"col\">test rows</th>"
                + "<th scope=\"col\" class=\"t\">training data</th><th scope=\"col\" class=\"t\">served</th>"
                + "</tr></thead><tbody>");
        for (ModelVersion m : d.models()) {
            sb.append("<tr><td class=\"t\">").append(Fmt.esc(m.task())).append("</td><td class=\"t\">")
                    .append(Fmt.esc(m.version())).append("</td>");
            cells(sb, Fmt.decimal(m.rocAuc(), 4), Fmt.decimal(m.prAuc(), 4), Fmt.decimal(m.logLoss(), 4),
                    Fmt.count(m.testRows()));
            sb.append("<td class=\"t\">").append(Fmt.esc(m.dataRange())).append("</td><td class=\"t\">")
                    .append(m.current() ? "yes (latest.json)" : "").append("</td></tr>");
        }
        sb.append("</tbody></table></section>");
    }

    private static void decisions(StringBuilder sb, GrowthData d) {
        sb.append("<section id=\"decisions\"><h2>Decisions and their outcomes</h2>");
        if (d.decisions().isEmpty()) {
            say(sb, "No decisions were logged in this range: /decide was not called (its decision events are"
                    + " what outcomes are measured on), so there is no conversion per action to show.");
            sb.append("</section>");
            return;
        }
        Map<String, long[]> byAction = new TreeMap<>();
        for (DecisionOutcome o : d.decisions()) {
            long[] c = byAction.computeIfAbsent(o.action(), k -> new long[2]);
            c[0] += o.sessions();
            c[1] += o.converted();
        }
        List<Charts.Estimate> rows = new ArrayList<>();
        byAction.forEach((action, c) -> {
            DecisionOutcome all = new DecisionOutcome(action, "all", c[0], c[1], 0, Double.NaN);
            rows.add(estimate(action + " (all bands)", all));
        });
        for (DecisionOutcome o : d.decisions()) {
            rows.add(estimate(o.action() + " · " + o.band(), o));
        }
        sb.append(Charts.intervals("chart-decisions", "Conversion after each action, per action and per band,"
                + " with 95 % Wilson intervals (whiskers)", "sessions that bought within "
                + DecisionReader.ATTRIBUTION.toHours() + " h of the decision (%)", rows));
        sb.append("<table id=\"table-decisions\"><caption>Decisions by action and propensity band</caption><thead>"
                + "<tr><th scope=\"col\">action</th><th scope=\"col\" class=\"t\">band</th>"
                + "<th scope=\"col\">sessions</th>"
                + "<th scope=\"col\">mean propensity</th><th scope=\"col\">bought</th><th scope=\"col\">conversion"
                + "</th><th scope=\"col\">95 % interval</th><th scope=\"col\">explored</th></tr></thead><tbody>");
        for (DecisionOutcome o : d.decisions()) {
            sb.append("<tr><td class=\"t\">").append(Fmt.esc(o.action())).append("</td><td class=\"t\">")
                    .append(Fmt.esc(o.band())).append("</td>");
            cells(sb, Fmt.count(o.sessions()), Fmt.decimal(o.meanPropensity(), 3), Fmt.count(o.converted()),
                    Fmt.pct(o.converted(), o.sessions()),
                    o.interval().map(i -> Fmt.pct(i.low()) + " – " + Fmt.pct(i.high())).orElse(Fmt.NONE),
                    Fmt.count(o.explored()));
            sb.append("</tr>");
        }
        sb.append("</tbody></table><p>A session counts once per action and band, from its first such decision;"
                + " explored sessions got an action drawn at random (the policy's exploration), which is what"
                + " makes the actions comparable.</p></section>");
    }

    /** The off-policy section: what the policy in force and a learned one are estimated to be worth. */
    private static void policy(StringBuilder sb, GrowthData d) {
        sb.append("<section id=\"policy\"><h2>How another policy would have done</h2>");
        if (d.policy().isEmpty()) {
            say(sb, "No decision in this range has a final outcome in datasets/decisions/ yet, so no policy can be"
                    + " evaluated off-policy.");
            sb.append("</section>");
            return;
        }
        PolicyLearner.Learned l = d.policy().get();
        sb.append("<table id=\"table-policy\"><caption>Net revenue per decided session (after discount cost),"
                + " estimated from ").append(Fmt.count(l.proposed().decisions())).append(" logged decisions</caption>"
                + "<thead><tr><th scope=\"col\" class=\"t\">policy</th><th scope=\"col\" class=\"t\">actions"
                + " by band</th><th scope=\"col\">doubly robust</th><th scope=\"col\">95 % interval</th>"
                + "<th scope=\"col\">IPS</th><th scope=\"col\">effective sample</th></tr></thead><tbody>");
        policyRow(sb, "in force (" + l.current().policyVersion() + ")", l.current(), null);
        policyRow(sb, "learned from this range", l.proposed(), l.policy());
        sb.append("</tbody></table>");
        sb.append("<p>Estimated with the decide function's logged action probabilities (doubly robust estimator,"
                + " bootstrap interval); the learned policy keeps the bands and takes, per band and device, the"
                + " action with the best estimate. <code>./propel learn-policy</code> writes it,"
                + " <code>./propel publish-policy</code> makes /decide follow it.</p>");
        for (String w : l.proposed().warnings()) {
            say(sb, "Note: " + w + ".");
        }
        sb.append("</section>");
    }

    /** The experiments section: each experiment's variants side by side, with a verdict in words. */
    private static void experiments(StringBuilder sb, GrowthData d) {
        sb.append("<section id=\"experiments\"><h2>Experiments</h2>");
        if (d.experiments().isEmpty()) {
            say(sb, "No decision in this range with a final outcome belongs to an experiment (config/"
                    + "experiments.json splits visitors into variants; /decide records each decision's variant).");
            sb.append("</section>");
            return;
        }
        for (ExperimentComparison e : d.experiments()) {
            sb.append("<table class=\"experiment\" id=\"table-experiment-").append(Fmt.esc(e.experimentId()))
                    .append("\"><caption>Experiment ").append(Fmt.esc(e.experimentId()))
                    .append(": outcomes per decided session, 95 % intervals</caption><thead><tr>"
                    + "<th scope=\"col\" class=\"t\">variant</th><th scope=\"col\">decided sessions</th>"
                    + "<th scope=\"col\">conversion</th><th scope=\"col\">difference</th>"
                    + "<th scope=\"col\">net revenue per session</th><th scope=\"col\">difference</th>"
                    + "<th scope=\"col\" class=\"t\">verdict</th></tr></thead><tbody>");
            for (ExperimentComparison.Variant v : e.variants()) {
                String conversion = v.sessions() == 0 ? Fmt.NONE : Fmt.pct(v.converted(), v.sessions())
                        + v.conversion().map(i -> " [" + Fmt.pct(i.low()) + "–" + Fmt.pct(i.high()) + "]").orElse("");
                String conversionDiff = v.conversionDiff().map(x -> Fmt.decimal(x.value() * 100, 1) + " pts ["
                        + Fmt.decimal(x.low() * 100, 1) + ", " + Fmt.decimal(x.high() * 100, 1) + "]").orElse(Fmt.NONE);
                String revenue = v.sessions() == 0 ? Fmt.NONE : Fmt.decimal(v.netRevenue(), 2) + " ["
                        + Fmt.decimal(v.netRevenueLow(), 2) + "–" + Fmt.decimal(v.netRevenueHigh(), 2) + "]";
                String revenueDiff = v.revenueDiff().map(x -> Fmt.decimal(x.value(), 2) + " ["
                        + Fmt.decimal(x.low(), 2) + ", " + Fmt.decimal(x.high(), 2) + "]").orElse(Fmt.NONE);
                sb.append("<tr><td class=\"t\">").append(Fmt.esc(v.name())).append("</td>");
                cells(sb, Fmt.count(v.sessions()), conversion, conversionDiff, revenue, revenueDiff);
                sb.append("<td class=\"t\">").append(Fmt.esc(v.verdict())).append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        sb.append("<p>Each decided session counts once, in the variant of its visitor, from its first decision;"
                + " differences are to the first variant (conversion: Newcombe interval; net revenue after discount"
                + " cost: bootstrap). Fewer than ").append(ExperimentComparison.MIN_SESSIONS)
                .append(" decided sessions per variant are reported as too few to compare.</p></section>");
    }

    private static void policyRow(StringBuilder sb, String name, PolicyEvaluation e, DecisionPolicy policy) {
        StringBuilder actions = new StringBuilder();
        if (policy != null) {
            for (DecisionPolicy.Band b : policy.bands()) {
                actions.append(actions.length() == 0 ? "" : "; ").append(b.name()).append(": ").append(b.action());
                b.segments().forEach((s, a) -> actions.append(", ").append(s).append(" → ").append(a));
            }
        }
        Estimate dr = e.doublyRobust();
        sb.append("<tr><td class=\"t\">").append(Fmt.esc(name)).append("</td><td class=\"t\">")
                .append(Fmt.esc(actions.length() == 0 ? "as configured" : actions.toString())).append("</td>");
        cells(sb, Fmt.decimal(dr.value(), 2), Fmt.decimal(dr.low(), 2) + " – " + Fmt.decimal(dr.high(), 2),
                e.estimate(OffPolicyEvaluator.IPS).map(x -> Fmt.decimal(x.value(), 2)).orElse(Fmt.NONE),
                Fmt.count(Math.round(e.effectiveSampleSize())));
        sb.append("</tr>");
    }

    private static Charts.Estimate estimate(String label, DecisionOutcome o) {
        Interval i = o.interval().orElse(null);
        String text = Fmt.pct(o.converted(), o.sessions()) + (i == null ? ""
                : " [" + Fmt.pct(i.low()) + "–" + Fmt.pct(i.high()) + "]") + " of " + Fmt.count(o.sessions());
        return new Charts.Estimate(label, o.rate(), i, text);
    }

    /**
     * The days a daily chart shows: the range from its first day with stats on (weeks of dashes before a shop's
     * first day would crowd out its data; the notes name those days). Inner and trailing gaps stay, as dashes.
     */
    private static List<LocalDate> chartDays(GrowthData d) {
        List<LocalDate> all = d.range().days();
        if (d.days().isEmpty()) {
            return all;
        }
        return all.subList(all.indexOf(d.days().get(0).day()), all.size());
    }

    private static Map<LocalDate, DailyStats> byDay(GrowthData d) {
        Map<LocalDate, DailyStats> m = new HashMap<>();
        d.days().forEach(s -> m.put(s.day(), s));
        return m;
    }

    private static String versionLabel(String version) {
        try {
            var t = java.time.LocalDateTime.parse(version, VERSION);
            return String.format(java.util.Locale.ROOT, "%02d-%02d %02d:%02d", t.getMonthValue(), t.getDayOfMonth(),
                    t.getHour(), t.getMinute());
        } catch (java.time.format.DateTimeParseException e) {
            return version.length() > 14 ? version.substring(0, 14) : version;
        }
    }

    private static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String plural(String noun, long n) {
        return n == 1 ? noun : noun + "s";
    }

    private static void cells(StringBuilder sb, String... values) {
        for (String v : values) {
            sb.append("<td>").append(Fmt.esc(v)).append("</td>");
        }
    }

    private static void kpi(StringBuilder sb, String value, String label) {
        sb.append("<div class=\"kpi\"><b>").append(Fmt.esc(value)).append("</b><span>").append(Fmt.esc(label))
                .append("</span></div>");
    }

    private static void say(StringBuilder sb, String sentence) {
        sb.append("<p class=\"say\">").append(Fmt.esc(sentence)).append("</p>");
    }

    /** Sums over the days that have stats. */
    private record Totals(long sessions, long converting, long users, long newUsers, long viewers, long carters,
            long buyers, long purchases, double revenue) {
        static Totals of(List<DailyStats> days) {
            long[] c = new long[8];
            double revenue = 0;
            for (DailyStats s : days) {
                c[0] += s.sessions();
                c[1] += s.convertingSessions();
                c[2] += s.users();
                c[3] += s.newUsers();
                c[4] += s.viewers();
                c[5] += s.carters();
                c[6] += s.buyers();
                c[7] += s.purchases();
                revenue += s.revenue();
            }
            return new Totals(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], revenue);
        }
    }
}
