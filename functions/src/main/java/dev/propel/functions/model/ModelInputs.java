package dev.propel.functions.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.model.OnnxMetadataKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which named feature goes where in a model's graph inputs, read from its {@code propel.inputs} metadata: the
 * numeric columns of input {@code numeric} and the categorical columns of input {@code categorical}, in order.
 *
 * @param numeric     column names of the float input, in tensor order
 * @param categorical column names of the string input, in tensor order (empty when the graph has no such input)
 */
public record ModelInputs(List<String> numeric, List<String> categorical) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelInputs {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
    }

    /** Every feature name the model reads. */
    public List<String> allNames() {
        List<String> all = new ArrayList<>(numeric);
        all.addAll(categorical);
        return all;
    }

    /**
     * Parses the {@code propel.inputs} metadata value.
     *
     * @throws ModelIncompatibleException when it is missing, not JSON, or names inputs serving does not feed
     */
    public static ModelInputs fromMetadata(Map<String, String> metadata) {
        String json = metadata.get(OnnxMetadataKeys.INPUTS);
        if (json == null) {
            throw new ModelIncompatibleException("model metadata lacks " + OnnxMetadataKeys.INPUTS);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ModelIncompatibleException(OnnxMetadataKeys.INPUTS + " is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ModelIncompatibleException(OnnxMetadataKeys.INPUTS + " is not a JSON object");
        }
        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        for (var entry : root.properties()) {
            List<String> target = switch (entry.getKey()) {
                case OnnxMetadataKeys.NUMERIC_INPUT -> numeric;
                case OnnxMetadataKeys.CATEGORICAL_INPUT -> categorical;
                default -> throw new ModelIncompatibleException(
                        "model has input '" + entry.getKey() + "' that serving does not know how to feed");
            };
            if (!entry.getValue().isArray()) {
                throw new ModelIncompatibleException(OnnxMetadataKeys.INPUTS + "." + entry.getKey()
                        + " is not an array of column names");
            }
            for (JsonNode name : entry.getValue()) {
                target.add(name.asText());
            }
        }
        if (numeric.isEmpty() && categorical.isEmpty()) {
            throw new ModelIncompatibleException(OnnxMetadataKeys.INPUTS + " names no columns");
        }
        return new ModelInputs(numeric, categorical);
    }
}
