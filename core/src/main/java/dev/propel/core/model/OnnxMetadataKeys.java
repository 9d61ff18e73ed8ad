package dev.propel.core.model;

/**
 * Keys of the ONNX model's {@code metadata_props} (DESIGN §4): what serving reads to feed the graph and to check
 * it was trained with the feature code it is running.
 */
public final class OnnxMetadataKeys {
    /** JSON map from each graph input name to its column names, in order. */
    public static final String INPUTS = "propel.inputs";
    /** JSON array of all raw feature names in order. */
    public static final String FEATURES = "propel.features";
    public static final String TASK = "propel.task";
    public static final String VERSION = "propel.version";
    /** The feature schema version of {@code core}'s feature definitions the model was trained on. */
    public static final String FEATURE_SCHEMA_VERSION = "propel.feature_schema_version";
    public static final String TRAINING_DATA_RANGE = "propel.training_data_range";
    public static final String TRAINING_DATA_HASH = "propel.training_data_hash";
    public static final String HYPER_PARAMETERS = "propel.hyper_parameters";
    public static final String METRICS = "propel.metrics";
    public static final String GIT_COMMIT = "propel.git_commit";
    public static final String LABEL = "propel.label";

    /** Graph input holding the numeric columns as float [N, k]. */
    public static final String NUMERIC_INPUT = "numeric";
    /** Graph input holding the categorical columns as string [N, m]; absent when there are none. */
    public static final String CATEGORICAL_INPUT = "categorical";
    /** Graph output: the probability [N, 1]. */
    public static final String PROBABILITY_OUTPUT = "probability";

    private OnnxMetadataKeys() {
    }
}
