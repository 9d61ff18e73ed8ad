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
        if (mlp.members().get(0).blockStarts() != null) {
            h = embeddedEnsemble(ctx, h, mlp.members());
        } else {
            int layers = mlp.layers();
            int[] sizes = mlp.sizes();
            for (int l = 0; l < layers; l++) {
                float[] w = mlp.weights(l);
                ONNXInitializer weight = ctx.floatTensor("W" + l, List.of(sizes[l], sizes[l + 1]),
                        fb -> fb.put(w));
                ONNXInitializer bias = ctx.array("b" + l, mlp.biases(l));
                ONNXNode z = ctx.operation(ONNXOperators.GEMM, List.of(h, weight, bias), "dense" + l, Map.of());
                h = l < layers - 1 ? z.apply(PropelOnnxOperators.RELU, "relu" + l) : z;
            }
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

    /**
     * The logit of an ensemble of networks with per-feature embeddings, without the zeros of their dense form: the
     * inputs gathered as [F, n, maxInputs] (a feature with fewer inputs padded by a repeated input with weight 0),
     * one batched MatMul for every feature's embedding of every member (a feature with fewer units padded by units
     * with zero weights, which ReLU keeps at 0), then each member's layers as one batched MatMul per layer over
     * [members, n, width], and the members' logits (output weights / members) summed. The dense form would
     * multiply a first layer that is almost all zeros, doubling one-row latency.
     */
    private static ONNXRef<?> embeddedEnsemble(ONNXContext ctx, ONNXRef<?> features, List<Mlp> members) {
        int count = members.size();
        Mlp first = members.get(0);
        int[] starts = first.blockStarts();
        int[] ends = first.blockEnds();
        int[] sizes = first.sizes();
        // Blocks in the order of their first output; each block's inputs in input order.
        java.util.TreeMap<Integer, List<Integer>> byStart = new java.util.TreeMap<>();
        java.util.Map<Integer, Integer> widthOf = new java.util.HashMap<>();
        for (int i = 0; i < starts.length; i++) {
            byStart.computeIfAbsent(starts[i], x -> new ArrayList<>()).add(i);
            widthOf.put(starts[i], ends[i] - starts[i]);
        }
        List<Integer> blockStart = new ArrayList<>(byStart.keySet());
        List<List<Integer>> inputsOf = new ArrayList<>(byStart.values());
        int blocks = blockStart.size();
        int slots = 1;
        int units = 1;
        for (int f = 0; f < blocks; f++) {
            slots = Math.max(slots, inputsOf.get(f).size());
            units = Math.max(units, widthOf.get(blockStart.get(f)));
        }
        long[] gather = new long[blocks * slots];
        int wide = count * units;
        float[] w0 = new float[blocks * slots * wide];
        float[] b0 = new float[blocks * wide];
        float[][] firstWeights = new float[count][];
        float[][] firstBiases = new float[count][];
        for (int e = 0; e < count; e++) {
            firstWeights[e] = members.get(e).weights(0);
            firstBiases[e] = members.get(e).biases(0);
        }
        for (int f = 0; f < blocks; f++) {
            List<Integer> in = inputsOf.get(f);
            int at = blockStart.get(f);
            int own = widthOf.get(at);
            for (int s = 0; s < slots; s++) {
                boolean real = s < in.size();
                gather[f * slots + s] = in.get(real ? s : 0);
                for (int e = 0; e < count; e++) {
                    for (int u = 0; u < own && real; u++) {
                        w0[(f * slots + s) * wide + e * units + u] = firstWeights[e][in.get(s) * sizes[1] + at + u];
                    }
                }
            }
            for (int e = 0; e < count; e++) {
                for (int u = 0; u < own; u++) {
                    b0[f * wide + e * units + u] = firstBiases[e][at + u];
                }
            }
        }
        // Row r of the padded layout [F * units] is row padded[r] of the trained layout, or zero (-1).
        int[] padded = new int[blocks * units];
        java.util.Arrays.fill(padded, -1);
        for (int f = 0; f < blocks; f++) {
            int at = blockStart.get(f);
            for (int u = 0; u < widthOf.get(at); u++) {
                padded[f * units + u] = at + u;
            }
        }
        ONNXNode picked = ctx.operation(ONNXOperators.GATHER, List.of(features, ctx.array("embedding_inputs",
                gather)), "embedding_gathered", Map.of("axis", 1));
        ONNXNode rows = ctx.operation(PropelOnnxOperators.RESHAPE, List.of(picked,
                ctx.array("embedding_rows_shape", new long[] {-1, blocks, slots})), "embedding_rows");
        ONNXNode byFeature = rows.apply(PropelOnnxOperators.TRANSPOSE, Map.of("perm", new int[] {1, 0, 2}));
        ONNXNode embedded = ctx.operation(PropelOnnxOperators.MAT_MUL, List.of(byFeature,
                ctx.floatTensor("embedding_weights", List.of(blocks, slots, wide), fb -> fb.put(w0))),
                "embedding_product");
        ONNXNode shifted = ctx.operation(ONNXOperators.ADD, List.of(embedded,
                ctx.floatTensor("embedding_bias", List.of(blocks, 1, wide), fb -> fb.put(b0))), "embedding_sum");
        ONNXNode active = shifted.apply(PropelOnnxOperators.RELU, "embedding_relu");
        // [F, n, members * units] -> [members, n, F * units]: each member's input is its features' units in order.
        ONNXNode split = ctx.operation(PropelOnnxOperators.RESHAPE, List.of(active,
                ctx.array("embedding_split_shape", new long[] {blocks, -1, count, units})), "embedding_split");
        ONNXNode perMember = split.apply(PropelOnnxOperators.TRANSPOSE, Map.of("perm", new int[] {2, 1, 0, 3}));
        ONNXRef<?> h = ctx.operation(PropelOnnxOperators.RESHAPE, List.of(perMember,
                ctx.array("member_input_shape", new long[] {count, -1, blocks * units})), "member_inputs");
        int layers = sizes.length - 1;
        float outputBias = 0f;
        for (int l = 1; l < layers; l++) {
            int in = l == 1 ? padded.length : sizes[l];
            int out = sizes[l + 1];
            boolean last = l == layers - 1;
            float[] w = new float[count * in * out];
            float[] b = new float[count * out];
            for (int e = 0; e < count; e++) {
                Mlp m = members.get(e);
                float[] we = m.weights(l);
                for (int i = 0; i < in; i++) {
                    int from = l == 1 ? padded[i] : i;
                    for (int j = 0; j < out && from >= 0; j++) {
                        w[(e * in + i) * out + j] = last ? we[from * out + j] * (1f / count) : we[from * out + j];
                    }
                }
                if (last) {
                    outputBias += m.biases(l)[0] * (1f / count);
                } else {
                    System.arraycopy(m.biases(l), 0, b, e * out, out);
                }
            }
            ONNXNode z = ctx.operation(PropelOnnxOperators.MAT_MUL, List.of(h,
                    ctx.floatTensor("W" + l, List.of(count, in, out), fb -> fb.put(w))), "member_product" + l);
            if (last) {
                ONNXNode summed = ctx.operation(ONNXOperators.REDUCE_SUM, List.of(z, ctx.array("member_axis",
                        new long[] {0})), "member_logits", Map.of("keepdims", 0));
                float bias = outputBias;
                return ctx.operation(ONNXOperators.ADD, List.of(summed, ctx.array("b" + l, new float[] {bias})),
                        "logit");
            }
            ONNXNode biased = ctx.operation(ONNXOperators.ADD, List.of(z,
                    ctx.floatTensor("b" + l, List.of(count, 1, out), fb -> fb.put(b))), "member_sum" + l);
            h = biased.apply(PropelOnnxOperators.RELU, "member_relu" + l);
        }
        throw new IllegalArgumentException("a network with embeddings needs at least one hidden layer after them");
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
