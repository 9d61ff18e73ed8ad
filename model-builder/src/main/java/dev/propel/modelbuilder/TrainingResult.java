package dev.propel.modelbuilder;

import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.features.FeaturePipeline;
import dev.propel.modelbuilder.report.HtmlReport;
import dev.propel.modelbuilder.report.TrainingReport;
import dev.propel.modelbuilder.train.Mlp;
import dev.propel.modelbuilder.train.MlpTrainer;
import java.nio.charset.StandardCharsets;

/**
 * Everything one training run produced: the fitted transform and network, the exported ONNX bytes, the report
 * and the held-out test rows with their predicted probabilities.
 *
 * @param provenance       where the model comes from
 * @param pipeline         raw columns to network inputs
 * @param model            the network (calibrated output bias)
 * @param fit              training history
 * @param report           evaluation and metadata, the content of report.json
 * @param onnx             the self-contained ONNX model
 * @param test             the held-out test rows
 * @param testProbability  the model's probability for each test row
 */
public record TrainingResult(Provenance provenance, FeaturePipeline pipeline, Mlp model, MlpTrainer.Fit fit,
                             TrainingReport report, byte[] onnx, Table test, float[] testProbability) {

    /** report.json bytes. */
    public byte[] reportJson() {
        return report.toJson();
    }

    /** report.html bytes: self-contained page with inline SVG plots. */
    public byte[] reportHtml() {
        return HtmlReport.render(report).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * predictions.csv bytes: {@code row,label,probability} for every test row (row = index of the data row in
     * the input), plus {@code key} (e.g. the session) when the rows have one.
     */
    public byte[] predictionsCsv() {
        String[] keys = test.keys() != null ? test.keys() : test.groups();
        StringBuilder sb = new StringBuilder(keys == null ? "row,label,probability\n" : "row,label,probability,key\n");
        long[] rows = test.sourceRows();
        int[] y = test.labels();
        for (int i = 0; i < y.length; i++) {
            sb.append(rows[i]).append(',').append(y[i]).append(',').append(testProbability[i]);
            if (keys != null) {
                sb.append(',').append(csvCell(keys[i]));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String csvCell(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
