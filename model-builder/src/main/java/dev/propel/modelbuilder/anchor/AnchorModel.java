package dev.propel.modelbuilder.anchor;

import dev.propel.modelbuilder.data.Table;

/** A reference model trained on the same rows as the exported network, to judge it by; never exported. */
public interface AnchorModel {

    /** The key of its figures in the report (e.g. {@code gradient_boosting}). */
    String name();

    /** Its settings in words, for the report. */
    String description();

    /**
     * Fits on {@code train} (stopping early on {@code validation} if it wants) and returns the probability of
     * each {@code test} row. The test rows' labels must not be looked at.
     */
    float[] fitPredict(Table train, Table validation, Table test);
}
