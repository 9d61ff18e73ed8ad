package dev.propel.local.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.Set;

/**
 * Reads a CloudFormation/SAM YAML document into a Jackson tree, turning the short-form tags ({@code !Sub x},
 * {@code !Ref x}, {@code !GetAtt a.b}, ...) into their long form ({@code {"Fn::Sub": x}}, ...) so that both
 * spellings resolve the same way. Plain YAML readers either reject these tags or silently drop them.
 */
public final class CloudFormationYaml {
    private static final Set<String> SHORT_TAGS = Set.of("Ref", "Condition", "Sub", "GetAtt", "Join", "Select",
            "Split", "If", "Equals", "Not", "And", "Or", "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue",
            "Transform", "Length", "ToJsonString");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLFactory YAML = new YAMLFactory();

    private CloudFormationYaml() {
    }

    /** Parses one YAML document; intrinsic functions come back in their long form. */
    public static JsonNode read(Reader in) throws IOException {
        try (JsonParser p = YAML.createParser(in)) {
            if (p.nextToken() == null) {
                return NODES.objectNode();
            }
            return readValue(p);
        }
    }

    private static JsonNode readValue(JsonParser p) throws IOException {
        Object typeId = p.getTypeId();
        String tag = typeId == null ? null : typeId.toString();
        JsonNode value = switch (p.currentToken()) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> readArray(p);
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.textNode(p.getText());
        };
        return tag != null && SHORT_TAGS.contains(tag) ? longForm(tag, value) : value;
    }

    private static JsonNode longForm(String tag, JsonNode value) {
        ObjectNode fn = NODES.objectNode();
        String name = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
        if (tag.equals("GetAtt") && value.isTextual()) {
            // !GetAtt Resource.Attribute is the scalar spelling of ["Resource", "Attribute"]
            String s = value.asText();
            int dot = s.indexOf('.');
            ArrayNode parts = NODES.arrayNode();
            parts.add(dot < 0 ? s : s.substring(0, dot));
            parts.add(dot < 0 ? "" : s.substring(dot + 1));
            value = parts;
        }
        fn.set(name, value);
        return fn;
    }

    private static ObjectNode readObject(JsonParser p) throws IOException {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            o.set(field, readValue(p));
        }
        return o;
    }

    private static ArrayNode readArray(JsonParser p) throws IOException {
        ArrayNode a = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            a.add(readValue(p));
        }
        return a;
    }
}
