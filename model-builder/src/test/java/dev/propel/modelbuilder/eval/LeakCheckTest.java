package dev.propel.modelbuilder.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.modelbuilder.data.Table;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A column known only after the outcome is named; honest columns are not. */
class LeakCheckTest {

    @Test
    void namesTheColumnsThatAlonePredictTheLabelAlmostPerfectly() {
        Random r = new Random(4);
        int n = 2000;
        int[] y = new int[n];
        double[] honest = new double[n];
        double[] refundDays = new double[n];
        String[] status = new String[n];
        String[] plan = new String[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() < 0.25 ? 1 : 0;
            honest[i] = y[i] + r.nextGaussian() * 1.5;
            refundDays[i] = y[i] == 1 ? 1 + r.nextInt(30) : Double.NaN;
            status[i] = y[i] == 1 ? (r.nextDouble() < 0.99 ? "closed" : "open") : "open";
            plan[i] = r.nextBoolean() ? "basic" : "pro";
        }
        Table t = Table.builder().numeric("honest", honest).numeric("refund_days", refundDays)
                .categorical("status", status).categorical("plan", plan).labels(y).build();
        List<String> w = LeakCheck.warnings(t);
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("column 'refund_days' alone predicts the label"), w.get(0));
        assertTrue(w.get(0).contains("--ignore refund_days"), w.get(0));
        assertTrue(w.get(1).startsWith("column 'status'"), w.get(1));
    }
}
