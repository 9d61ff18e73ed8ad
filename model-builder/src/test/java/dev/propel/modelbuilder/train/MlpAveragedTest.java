package dev.propel.modelbuilder.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An ensemble exported as one wider network computes the mean of its members' logits. */
class MlpAveragedTest {

    private static Mlp random(int[] sizes, long seed) {
        Random r = new Random(seed);
        Mlp m = Mlp.zeros(sizes);
        for (int l = 0; l < m.weights.length; l++) {
            for (int i = 0; i < m.weights[l].length; i++) {
                m.weights[l][i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < m.biases[l].length; i++) {
                m.biases[l][i] = (float) r.nextGaussian();
            }
        }
        return m;
    }

    @Test
    void wideNetworkLogitIsTheMeanOfTheMembersLogits() {
        int[] sizes = {5, 4, 3, 1};
        List<Mlp> members = List.of(random(sizes, 1), random(sizes, 2), random(sizes, 3));
        Mlp wide = Mlp.averaged(members);
        assertArrayEquals(new int[] {5, 12, 9, 1}, wide.sizes());
        Random r = new Random(9);
        float[] x = new float[5];
        for (int row = 0; row < 50; row++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            double mean = 0;
            for (Mlp m : members) {
                mean += m.logit(x, 0, m.activations()) / 3.0;
            }
            assertEquals(mean, wide.logit(x, 0, wide.activations()), 1e-4);
        }
    }
}
