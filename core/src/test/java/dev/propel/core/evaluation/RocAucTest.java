package dev.propel.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ROC AUC on hand-computed and scikit-learn documented examples (the tests of the two former copies). */
class RocAucTest {
    @Test
    void perfectReversedAndRandomOrderings() {
        boolean[] labels = {false, false, true, true};
        assertEquals(1.0, RocAuc.of(new double[] {0.1, 0.2, 0.8, 0.9}, labels));
        assertEquals(0.0, RocAuc.of(new double[] {0.9, 0.8, 0.2, 0.1}, labels));
        assertEquals(0.5, RocAuc.of(new double[] {0.5, 0.5, 0.5, 0.5}, labels), "all tied");
    }

    @Test
    void countsPairsWithTiesAsOneHalf() {
        // Positives 0.8, 0.4; negatives 0.4, 0.3, 0.9: pairs won 2 + 1 + 0.5 (tie) = 3.5 of 6.
        double auc = RocAuc.of(new double[] {0.8, 0.4, 0.4, 0.3, 0.9}, new boolean[] {true, true, false, false, false});
        assertEquals(3.5 / 6, auc, 1e-12);
    }

    @Test
    void matchesTheScikitLearnExampleOnModelOutputs() {
        assertEquals(0.75, RocAuc.of(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new int[] {0, 0, 1, 1}), 1e-12);
        assertEquals(0.5, RocAuc.of(new float[] {0.3f, 0.3f, 0.3f}, new int[] {0, 1, 0}), 1e-12);
        assertEquals(1.0, RocAuc.of(new float[] {0.1f, 0.9f}, new int[] {0, 1}), 1e-12);
    }

    @Test
    void bothInputFormsAgree() {
        float[] p = {0.2f, 0.7f, 0.7f, 0.1f, 0.9f, 0.4f};
        int[] y = {0, 1, 0, 0, 1, 1};
        double[] d = new double[p.length];
        boolean[] b = new boolean[y.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = p[i];
            b[i] = y[i] == 1;
        }
        assertEquals(RocAuc.of(d, b), RocAuc.of(p, y), 0.0);
    }

    @Test
    void isNaNWithASingleClassOrNoRows() {
        assertTrue(Double.isNaN(RocAuc.of(new double[] {1, 2}, new boolean[] {true, true})));
        assertTrue(Double.isNaN(RocAuc.of(new double[] {1, 2}, new boolean[] {false, false})));
        assertTrue(Double.isNaN(RocAuc.of(new float[] {0.1f, 0.9f}, new int[] {1, 1})));
        assertTrue(Double.isNaN(RocAuc.of(new double[0], new boolean[0])));
    }

    @Test
    void rejectsLengthsThatDiffer() {
        assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new double[] {1}, new boolean[] {true, false}));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new float[] {1f, 2f}, new int[] {1}));
    }
}
