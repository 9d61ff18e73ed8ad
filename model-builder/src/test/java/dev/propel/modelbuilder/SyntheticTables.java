package dev.propel.modelbuilder;

import dev.propel.modelbuilder.data.Table;
import java.util.Random;

/** Small generated tables with a known logistic signal, for tests. */
public final class SyntheticTables {
    private SyntheticTables() {
    }

    /**
     * Numeric {@code x1} (normal), {@code spend} (heavy-tailed, non-negative), {@code age} (some missing),
     * categorical {@code country} and {@code device}; the label depends on all of them, with interactions.
     */
    public static Table mixed(int n, long seed) {
        Random r = new Random(seed);
        double[] x1 = new double[n];
        double[] spend = new double[n];
        double[] age = new double[n];
        String[] country = new String[n];
        String[] device = new String[n];
        int[] y = new int[n];
        String[] countries = {"de", "fr", "uk", "us", "es", "it"};
        String[] devices = {"mobile", "desktop", "tablet"};
        for (int i = 0; i < n; i++) {
            x1[i] = r.nextGaussian();
            spend[i] = Math.exp(r.nextGaussian() * 1.5 + 2);
            age[i] = r.nextDouble() < 0.1 ? Double.NaN : 18 + r.nextInt(60);
            int c = r.nextDouble() < 0.02 ? -1 : r.nextInt(countries.length);
            country[i] = c < 0 ? "rare-" + r.nextInt(1000) : countries[c];
            device[i] = r.nextDouble() < 0.05 ? null : devices[r.nextInt(devices.length)];
            double z = -1.2 + 1.1 * x1[i] + 0.6 * Math.log1p(spend[i]) - 1.5
                    + (Double.isNaN(age[i]) ? 0.8 : (age[i] - 45) / 30.0)
                    + (c == 0 ? 1.0 : c == 3 ? -0.7 : 0)
                    + ("mobile".equals(device[i]) ? 0.5 * x1[i] * x1[i] : -0.3)
                    + (x1[i] > 1 && c == 2 ? 1.5 : 0);
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return Table.builder()
                .numeric("x1", x1).numeric("spend", spend).numeric("age", age)
                .categorical("country", country).categorical("device", device)
                .labels(y).build();
    }
}
