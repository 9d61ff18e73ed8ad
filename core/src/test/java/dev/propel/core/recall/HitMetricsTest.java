package dev.propel.core.recall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HitMetricsTest {
    @Test
    void aHandCheckedExample() {
        // four cases: target first, third, 21st (beyond @20) and absent
        HitMetrics m = new HitMetrics(20);
        m.add(0);
        m.add(2);
        m.add(20);
        m.add(-1);
        assertEquals(4, m.cases());
        assertEquals(50.0, m.hitRatePercent(), 1e-9, "2 of 4 in the top 20");
        assertEquals(100.0 * (1 + 1.0 / 3) / 4, m.mrrPercent(), 1e-9);
        assertEquals(100.0 * (1 + 1 / (Math.log(4) / Math.log(2))) / 4, m.ndcgPercent(), 1e-9);
        assertEquals(2, HitMetrics.rankOf(new int[] {7, 8, 9}, 9));
        assertEquals(-1, HitMetrics.rankOf(new int[] {7, 8, 9}, 1));
    }

    @Test
    void noCasesGiveZeroNotNaN() {
        assertEquals(0.0, new HitMetrics(20).hitRatePercent());
        assertEquals(0.0, new HitMetrics(20).mrrPercent());
    }
}
