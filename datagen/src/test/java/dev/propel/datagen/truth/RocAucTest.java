package dev.propel.datagen.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

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
    void needsBothClasses() {
        assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new double[] {1, 2}, new boolean[] {true, true}));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.of(new double[] {1}, new boolean[] {true, false}));
    }
}
