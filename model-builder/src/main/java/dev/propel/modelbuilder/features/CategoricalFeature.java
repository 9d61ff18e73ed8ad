package dev.propel.modelbuilder.features;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one raw categorical column becomes model inputs: one 0/1 input per frequent level, plus an "other" input
 * for rare, missing-when-rare and unseen values. A missing value is the empty string.
 *
 * @param name         column name
 * @param levels       the kept levels, in input order
 * @param foldedLevels how many distinct training levels were folded into "other"
 */
public record CategoricalFeature(String name, List<String> levels, int foldedLevels) {

    public CategoricalFeature {
        levels = List.copyOf(levels);
    }

    /** Inputs this column contributes: the levels and "other". */
    public int width() {
        return levels.size() + 1;
    }

    /** Index lookup for transforming many rows. */
    public Map<String, Integer> index() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            m.put(levels.get(i), i);
        }
        return m;
    }

    /** Missing values are represented by the empty string, in training and at serving. */
    public static String normalise(String raw) {
        return raw == null ? "" : raw;
    }
}
