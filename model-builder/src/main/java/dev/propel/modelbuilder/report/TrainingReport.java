package dev.propel.modelbuilder.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.propel.modelbuilder.eval.BinaryMetrics;
import dev.propel.modelbuilder.train.MlpTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of one training run: {@code content} is report.json; the curves feed the HTML plots.
 *
 * @param content     the JSON tree (metrics.test.{roc_auc, pr_auc, log_loss, accuracy}, columns, hyper-parameters…)
 * @param roc         test ROC curve of the model
 * @param pr          test precision-recall curve of the model
 * @param calibration test reliability bins of the model
 * @param history     per-epoch training figures
 */
public record TrainingReport(Map<String, Object> content, BinaryMetrics.Curve roc, BinaryMetrics.Curve pr,
                             List<BinaryMetrics.CalibrationBin> calibration, List<MlpTrainer.Epoch> history) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** report.json bytes. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value by dotted path, e.g. {@code metrics.test.roc_auc}; null when absent. */
    public Object get(String path) {
        Object at = content;
        for (String part : path.split("\\.")) {
            if (!(at instanceof Map<?, ?> m)) {
                return null;
            }
            at = m.get(part);
        }
        return at;
    }

    /** A numeric value by dotted path; NaN when absent. */
    public double number(String path) {
        return get(path) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Compact JSON of one sub-tree (for ONNX metadata). */
    public String json(String path) {
        try {
            return JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(get(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
