package dev.propel.core.features;

/**
 * One named model input: its column name in datasets and in the ONNX model's {@code propel.inputs}, whether it is
 * numeric or categorical, and what it means (the text of {@code docs/features.md}).
 *
 * @param name    column name, the contract between datasets, model and serving
 * @param kind    numeric (float) or categorical (string)
 * @param meaning one sentence for people
 */
public record FeatureSpec(String name, Kind kind, String meaning) {

    /** How a feature is fed to the model. */
    public enum Kind {
        NUMERIC, CATEGORICAL
    }

    static FeatureSpec numeric(String name, String meaning) {
        return new FeatureSpec(name, Kind.NUMERIC, meaning);
    }

    static FeatureSpec categorical(String name, String meaning) {
        return new FeatureSpec(name, Kind.CATEGORICAL, meaning);
    }
}
