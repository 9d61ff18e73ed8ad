package dev.propel.functions.serving;

/**
 * The answer of {@code /predict}: which model version scored the rows and one probability per row.
 *
 * @param model       the model (task) name
 * @param version     the model version that answered
 * @param predictions P(label = 1) per row, in request order
 */
public record Prediction(String model, String version, float[] predictions) {
}
