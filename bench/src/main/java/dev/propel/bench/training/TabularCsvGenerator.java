package dev.propel.bench.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a generic tabular CSV ("user behaviour" style: ids, counts with heavy tails, durations, booleans as
 * TRUE/FALSE and yes/no, categoricals with rare levels, missing cells) whose label is drawn from a known
 * non-linear logistic model, and returns the true probability of every row so the oracle AUC is computable.
 */
public final class TabularCsvGenerator {
    private TabularCsvGenerator() {
    }

    /** Writes {@code rows} rows to {@code file}; returns each row's true P(label = 1). */
    public static double[] write(Path file, int rows, long seed) throws IOException {
        Random r = new Random(seed);
        double[] truth = new double[rows];
        String[] countries = {"DE", "FR", "UK", "US", "ES", "IT", "NL", "PL", "SE", "Korea, Republic of"};
        String[] devices = {"mobile", "desktop", "tablet"};
        String[] channels = {"organic", "paid_search", "social", "email", "direct", "affiliate"};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("user_id,age,country,device,channel,sessions_30d,pages_per_session,minutes_on_site,"
                    + "cart_adds_30d,days_since_last_visit,past_orders,avg_order_value,email_opens,"
                    + "is_subscriber,saw_discount,purchase\n");
            for (int i = 0; i < rows; i++) {
                int age = 18 + (int) Math.min(62, Math.abs(r.nextGaussian() * 14 + 20));
                int country = r.nextDouble() < 0.01 ? -1 : (int) Math.min(9, Math.abs(r.nextGaussian() * 3));
                String device = devices[r.nextDouble() < 0.55 ? 0 : r.nextDouble() < 0.8 ? 1 : 2];
                int channel = r.nextInt(channels.length);
                double sessions = Math.floor(Math.exp(r.nextGaussian() * 0.9 + 1.2));
                double pages = Math.max(1, r.nextGaussian() * 2 + 4);
                double minutes = Math.exp(r.nextGaussian() * 0.8 + 1.5);
                double carts = Math.floor(Math.exp(r.nextGaussian() * 1.1 - 0.3));
                double days = Math.floor(-Math.log(1 - r.nextDouble()) * 12);
                double orders = Math.floor(Math.exp(r.nextGaussian() * 1.2 - 0.5));
                double aov = orders > 0 ? Math.exp(r.nextGaussian() * 0.6 + 3.8) : Double.NaN;
                double opens = Math.floor(Math.max(0, r.nextGaussian() * 3 + 2));
                boolean subscriber = r.nextDouble() < 0.25 + 0.1 * Math.min(orders, 3);
                boolean discount = r.nextDouble() < 0.4;
                double z = -3.1
                        + 0.55 * Math.log1p(sessions)
                        + 0.9 * Math.log1p(carts)
                        + 0.35 * Math.tanh((pages - 4) / 2)
                        + 0.25 * Math.log(minutes)
                        - 0.06 * Math.min(days, 30)
                        + 0.45 * Math.log1p(orders)
                        + (subscriber ? 0.4 : 0)
                        + (discount ? (device.equals("mobile") ? 0.8 : 0.2) : 0)
                        + (carts > 0 && days < 3 ? 0.7 : 0)
                        - Math.pow((age - 38) / 18.0, 2) * 0.5
                        + (country == 3 ? 0.3 : country == 7 ? -0.4 : country < 0 ? 0.6 : 0)
                        + (channel == 3 ? 0.5 : channel == 2 ? -0.3 : 0)
                        + (Double.isNaN(aov) ? 0 : 0.2 * Math.tanh((Math.log(aov) - 3.8) * 2));
                double p = 1 / (1 + Math.exp(-z));
                truth[i] = p;
                int y = r.nextDouble() < p ? 1 : 0;
                // Missing cells: age and minutes sometimes unknown (not informative), aov missing without orders.
                String ageCell = r.nextDouble() < 0.04 ? "" : Integer.toString(age);
                String minutesCell = r.nextDouble() < 0.02 ? "NA" : fmt(minutes);
                String countryCell = country < 0 ? "ZZ" + r.nextInt(200) : countries[country];
                if (countryCell.contains(",")) {
                    countryCell = "\"" + countryCell + "\"";
                }
                w.write("u" + i + "," + ageCell + "," + countryCell + "," + device + "," + channels[channel] + ","
                        + (long) sessions + "," + fmt(pages) + "," + minutesCell + "," + (long) carts + ","
                        + (long) days + "," + (long) orders + "," + (Double.isNaN(aov) ? "" : fmt(aov)) + ","
                        + (long) opens + "," + (subscriber ? "TRUE" : "FALSE") + "," + (discount ? "yes" : "no")
                        + "," + y + "\n");
            }
        }
        return truth;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
