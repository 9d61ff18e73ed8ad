package dev.propel.functions.serving;

/**
 * The answer of {@code /predict}: which model version scored the rows and one probability per row.
 *
 * @param model       the model (task) name
 * @param version     the model version that answered
 * @param predictions P(label = 1) per row, in request order
 * @param experiment  the experiment variant that chose the model, or null when none applies
 */
public record Prediction(String model, String version, float[] predictions, Assignment experiment) {
    /** A prediction outside any experiment. */
    public Prediction(String model, String version, float[] predictions) {
        this(model, version, predictions, null);
    }

    /** This prediction as served under an experiment's variant. */
    public Prediction in(Assignment assignment) {
        return new Prediction(model, version, predictions, assignment);
    }
}
