package dev.propel.modelbuilder.export;

import ai.onnx.proto.OnnxMl;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * Standard ONNX and ONNX-ML operators that Tribuo's {@code ONNXOperators} (opset 13) does not define but the
 * Propel graph needs: {@code Relu}, the missing-value ops, {@code Log}/{@code Max}/{@code Min}/{@code Sqrt} for the log transform, smooth
 * clipping and piecewise-linear bins, and
 * ONNX-ML's {@code OneHotEncoder} for categorical columns.
 */
public enum PropelOnnxOperators implements ONNXOperator {
    RELU("Relu", 1, Map.of(), "", 13),
    IS_NAN("IsNaN", 1, Map.of(), "", 13),
    LOG("Log", 1, Map.of(), "", 13),
    MAX("Max", 2, Map.of(), "", 13),
    MIN("Min", 2, Map.of(), "", 13),
    SQRT("Sqrt", 1, Map.of(), "", 13),
    /** Batched matrix product: the per-feature embeddings and the ensemble members' layers, one batch each. */
    MAT_MUL("MatMul", 2, Map.of(), "", 13),
    RESHAPE("Reshape", 2, Map.of(), "", 13),
    TRANSPOSE("Transpose", 1, attributes(
            new ONNXAttribute("perm", OnnxMl.AttributeProto.AttributeType.INTS, false)), "", 13),
    /** ONNX-ML one-hot encoding of a string tensor: appends a dimension with one 0/1 per category. */
    ONE_HOT_ENCODER("OneHotEncoder", 1, attributes(
            new ONNXAttribute("cats_strings", OnnxMl.AttributeProto.AttributeType.STRINGS, false),
            new ONNXAttribute("cats_int64s", OnnxMl.AttributeProto.AttributeType.INTS, false),
            new ONNXAttribute("zeros", OnnxMl.AttributeProto.AttributeType.INT, false)), "ai.onnx.ml", 1);

    /** The ONNX-ML operator domain. */
    public static final String ML_DOMAIN_NAME = "ai.onnx.ml";

    private final String opName;
    private final int numInputs;
    private final Map<String, ONNXAttribute> attributes;
    private final String domain;
    private final int version;

    PropelOnnxOperators(String opName, int numInputs, Map<String, ONNXAttribute> attributes, String domain,
                        int version) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.attributes = attributes;
        this.domain = domain;
        this.version = version;
    }

    private static Map<String, ONNXAttribute> attributes(ONNXAttribute... attrs) {
        Map<String, ONNXAttribute> m = new LinkedHashMap<>();
        for (ONNXAttribute a : attrs) {
            m.put(a.getName(), a);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Set.of();
    }

    @Override
    public int getOpVersion() {
        return version;
    }

    @Override
    public String getOpDomain() {
        return domain;
    }
}
