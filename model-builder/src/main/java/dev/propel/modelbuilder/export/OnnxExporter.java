package dev.propel.modelbuilder.export;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.model.OnnxMetadataKeys;
import dev.propel.modelbuilder.features.CategoricalFeature;
import dev.propel.modelbuilder.features.FeaturePipeline;
import dev.propel.modelbuilder.features.NumericFeature;
import dev.propel.modelbuilder.train.Mlp;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a fitted {@link FeaturePipeline} and {@link Mlp} as one self-contained ONNX model (opset 13 + ONNX-ML 1):
 * raw numeric float[N,k] and categorical string[N,m] in, probability float[N,1] out, with imputation, log
 * transform, scaling, smooth clipping, piecewise-linear bins, one-hot encoding, the dense layers (an ensemble is
 * one wider network) and the sigmoid inside the graph. The graph is built
 * with Tribuo's ONNX writer.
 */
public final class OnnxExporter {
    /** IR version 7 is the one that goes with opset 13. */
    private static final long IR_VERSION = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExporter() {
    }

    /**
     * The serialised model. {@code metadata} (provenance: task, version, metrics…) is stored in
     * {@code metadata_props} next to {@code propel.inputs} and {@code propel.features}, which this method adds.
     */
    public static byte[] export(FeaturePipeline pipeline, Mlp mlp, Map<String, String> metadata) {
        if (mlp.sizes()[0] != pipeline.width()) {
            throw new IllegalArgumentException("network input width " + mlp.sizes()[0]
                    + " does not match the feature pipeline's " + pipeline.width());
        }
        ONNXContext ctx = new ONNXContext();
        ctx.setName("propel_mlp");
        List<ONNXRef<?>> parts = new ArrayList<>();
        List<NumericFeature> numeric = pipeline.numeric();
        if (!numeric.isEmpty()) {
            numericPart(ctx, pipeline, parts);
        }
        List<CategoricalFeature> categorical = pipeline.categorical();
        if (!categorical.isEmpty()) {
            categoricalPart(ctx, categorical, parts);
        }
        ONNXRef<?> h = parts.size() == 1 ? parts.get(0)
                : ctx.operation(ONNXOperators.CONCAT, parts, "features", Map.of("axis", 1));
        int layers = mlp.layers();
        int[] sizes = mlp.sizes();
        for (int l = 0; l < layers; l++) {
            float[] w = mlp.weights(l);
            ONNXInitializer weight = ctx.floatTensor("W" + l, List.of(sizes[l], sizes[l + 1]), fb -> fb.put(w));
            ONNXInitializer bias = ctx.array("b" + l, mlp.biases(l));
            ONNXNode z = ctx.operation(ONNXOperators.GEMM, List.of(h, weight, bias), "dense" + l, Map.of());
            h = l < layers - 1 ? z.apply(PropelOnnxOperators.RELU, "relu" + l) : z;
        }
        ONNXNode probability = h.apply(ONNXOperators.SIGMOID, "sigmoid");
        probability.assignTo(ctx.floatOutput(OnnxMetadataKeys.PROBABILITY_OUTPUT, 1));

        OnnxMl.GraphProto graph = ctx.buildGraph();
        graph = retypeCategoricalInput(graph, categorical.size());
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("propel-model-builder")
                .setDomain("dev.propel")
                .setModelVersion(1)
                .setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder()
                        .setDomain(PropelOnnxOperators.ML_DOMAIN_NAME).setVersion(1));
        Map<String, String> props = new LinkedHashMap<>();
        props.put(OnnxMetadataKeys.INPUTS, inputsJson(pipeline));
        props.put(OnnxMetadataKeys.FEATURES, json(features(pipeline)));
        props.putAll(metadata);
        props.forEach((k, v) -> model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    /** The {@code propel.inputs} value: graph input name → its column names in order. */
    public static String inputsJson(FeaturePipeline pipeline) {
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        if (!pipeline.numeric().isEmpty()) {
            inputs.put(OnnxMetadataKeys.NUMERIC_INPUT, pipeline.numericNames());
        }
        if (!pipeline.categorical().isEmpty()) {
            inputs.put(OnnxMetadataKeys.CATEGORICAL_INPUT, pipeline.categoricalNames());
        }
        return json(inputs);
    }

    private static List<String> features(FeaturePipeline pipeline) {
        List<String> all = new ArrayList<>(pipeline.numericNames());
        all.addAll(pipeline.categoricalNames());
        return all;
    }

    private static void numericPart(ONNXContext ctx, FeaturePipeline pipeline, List<ONNXRef<?>> parts) {
        List<NumericFeature> numeric = pipeline.numeric();
        int k = numeric.size();
        ONNXPlaceholder x = ctx.floatInput(OnnxMetadataKeys.NUMERIC_INPUT, k);
        ONNXInitializer zero = ctx.constant("zero", 0f);
        ONNXNode missing = x.apply(PropelOnnxOperators.IS_NAN, "missing");
        ONNXRef<?> filled = ctx.operation(ONNXOperators.WHERE, List.of(missing, zero, x), "filled");
        float[] logMask = new float[k];
        float[] mean = new float[k];
        float[] std = new float[k];
        boolean anyLog = false;
        for (int j = 0; j < k; j++) {
            NumericFeature f = numeric.get(j);
            logMask[j] = f.log() ? 1f : 0f;
            anyLog |= f.log();
            mean[j] = f.mean();
            std[j] = f.std();
        }
        ONNXRef<?> transformed = filled;
        if (anyLog) {
            // log1p(max(x, 0)) only where the mask says so; Where picks per column, so other columns are exact.
            ONNXNode clipped = ctx.operation(PropelOnnxOperators.MAX, List.of(filled, zero), "clipped");
            ONNXNode shifted = ctx.operation(ONNXOperators.ADD, List.of(clipped, ctx.constant("one", 1f)),
                    "shifted");
            ONNXNode logged = shifted.apply(PropelOnnxOperators.LOG, "logged");
            ONNXNode mask = ctx.array("log_mask", logMask)
                    .apply(ONNXOperators.CAST, Map.of("to", OnnxMl.TensorProto.DataType.BOOL.getNumber()));
            transformed = ctx.operation(ONNXOperators.WHERE, List.of(mask, logged, filled), "log_transformed");
        }
        ONNXNode centred = ctx.operation(ONNXOperators.SUB, List.of(transformed, ctx.array("mean", mean)),
                "centred");
        ONNXNode scaled = ctx.operation(ONNXOperators.DIV, List.of(centred, ctx.array("std", std)), "scaled");
        ONNXNode values = ctx.operation(ONNXOperators.WHERE, List.of(missing, zero, scaled), "numeric_values");
        float[] clipMask = new float[k];
        boolean anyClip = false;
        boolean allClip = true;
        for (int j = 0; j < k; j++) {
            clipMask[j] = numeric.get(j).softClip() ? 1f : 0f;
            anyClip |= numeric.get(j).softClip();
            allClip &= numeric.get(j).softClip();
        }
        if (anyClip) {
            // s / sqrt(1 + (s/3)^2), the same float operations in the same order as NumericFeature.input.
            ONNXNode third = ctx.operation(ONNXOperators.DIV, List.of(values, ctx.constant("three", 3f)), "third");
            ONNXNode squared = ctx.operation(ONNXOperators.MUL, List.of(third, third), "third_squared");
            ONNXNode plusOne = ctx.operation(ONNXOperators.ADD, List.of(squared, ctx.constant("one_clip", 1f)),
                    "one_plus_squared");
            ONNXNode root = plusOne.apply(PropelOnnxOperators.SQRT, "root");
            ONNXNode clipped = ctx.operation(ONNXOperators.DIV, List.of(values, root), "soft_clipped");
            if (allClip) {
                // every column clipped (the CSV recipe): no per-column choice, one operator less per request
                parts.add(clipped);
            } else {
                ONNXNode mask = ctx.array("clip_mask", clipMask)
                        .apply(ONNXOperators.CAST, Map.of("to", OnnxMl.TensorProto.DataType.BOOL.getNumber()));
                parts.add(ctx.operation(ONNXOperators.WHERE, List.of(mask, clipped, values), "numeric_features"));
            }
        } else {
            parts.add(values);
        }
        int[] indicators = pipeline.indicatorColumns();
        if (indicators.length > 0) {
            long[] idx = new long[indicators.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = indicators[i];
            }
            ONNXNode flags = missing.apply(ONNXOperators.CAST,
                    Map.of("to", OnnxMl.TensorProto.DataType.FLOAT.getNumber()));
            parts.add(ctx.operation(ONNXOperators.GATHER, List.of(flags, ctx.array("indicator_columns", idx)),
                    "missing_indicators", Map.of("axis", 1)));
        }
        int bins = 0;
        for (NumericFeature f : numeric) {
            bins += f.bins();
        }
        if (bins > 0) {
            // Piecewise-linear encoding: each binned column repeated once per bin, then clamp((s - lo) / width).
            long[] source = new long[bins];
            float[] lower = new float[bins];
            float[] inverse = new float[bins];
            int at = 0;
            for (int j = 0; j < k; j++) {
                NumericFeature f = numeric.get(j);
                float[] e = f.edges();
                float[] inv = f.inverseWidths();
                for (int t = 0; t < f.bins(); t++) {
                    source[at] = j;
                    lower[at] = e[t];
                    inverse[at] = inv[t];
                    at++;
                }
            }
            ONNXNode repeated = ctx.operation(ONNXOperators.GATHER, List.of(values,
                    ctx.array("bin_columns", source)), "bin_inputs", Map.of("axis", 1));
            ONNXNode shifted = ctx.operation(ONNXOperators.SUB, List.of(repeated, ctx.array("bin_lower", lower)),
                    "bin_shifted");
            ONNXNode ramp = ctx.operation(ONNXOperators.MUL, List.of(shifted, ctx.array("bin_inverse_width",
                    inverse)), "bin_ramp");
            ONNXNode floor = ctx.operation(PropelOnnxOperators.MAX, List.of(ramp, zero), "bin_floor");
            parts.add(ctx.operation(PropelOnnxOperators.MIN, List.of(floor, ctx.constant("one_bin", 1f)),
                    "numeric_bins"));
        }
    }

    private static void categoricalPart(ONNXContext ctx, List<CategoricalFeature> categorical,
                                        List<ONNXRef<?>> parts) {
        // Declared as float by Tribuo's API (it only has float inputs) and re-typed to string after building.
        ONNXPlaceholder c = ctx.floatInput(OnnxMetadataKeys.CATEGORICAL_INPUT, categorical.size());
        ONNXInitializer one = ctx.constant("one_cat", 1f);
        ONNXInitializer axis1 = ctx.array("axis_1", new long[] {1});
        for (int j = 0; j < categorical.size(); j++) {
            CategoricalFeature f = categorical.get(j);
            ONNXNode column = ctx.operation(ONNXOperators.GATHER, List.of(c, ctx.constant("col_" + j, (long) j)),
                    "column_" + j, Map.of("axis", 1));
            ONNXNode hot = column.apply(PropelOnnxOperators.ONE_HOT_ENCODER,
                    Map.of("cats_strings", f.levels().toArray(String[]::new), "zeros", 1));
            ONNXNode known = ctx.operation(ONNXOperators.REDUCE_SUM, List.of(hot, axis1), "known_" + j,
                    Map.of("keepdims", 1));
            ONNXNode other = ctx.operation(ONNXOperators.SUB, List.of(one, known), "other_" + j);
            parts.add(hot);
            parts.add(other);
        }
    }

    private static OnnxMl.GraphProto retypeCategoricalInput(OnnxMl.GraphProto graph, int width) {
        if (width == 0) {
            return graph;
        }
        OnnxMl.GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            OnnxMl.ValueInfoProto in = b.getInput(i);
            if (in.getName().equals(OnnxMetadataKeys.CATEGORICAL_INPUT)) {
                OnnxMl.TypeProto.Tensor.Builder t = in.getType().getTensorType().toBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.STRING.getNumber());
                b.setInput(i, in.toBuilder().setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)));
            }
        }
        return b.build();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
